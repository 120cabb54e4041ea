"""152-ФЗ beyond the download: consent recorded for a teacher's account, deletion that
anonymises the person and keeps the aggregate history, and the log of who viewed whose
personal pages."""

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from orbita.accounts.models import Consent, User
from orbita.conftest import client_for
from orbita.core.models import AuditEntry
from orbita.mentoring import services as mentoring_services
from orbita.mentoring.models import MentoringPair, SuccessDiaryEntry
from orbita.mentoring.tests import conftest as mentoring_fixtures
from orbita.mentoring.tests.conftest import active_pair

setting = mentoring_fixtures.setting
media_root = mentoring_fixtures.media_root

pytestmark = pytest.mark.django_db


def test_a_teacher_is_reminded_until_consent_is_given(people):
    client = client_for(people["mentee"])
    home = client.get(reverse("dashboard:home"))
    assert 'data-testid="consent-reminder"' in home.content.decode()
    client.post(reverse("accounts:consent"), {"action": "accept"})
    (consent,) = Consent.objects.filter(user=people["mentee"])
    assert (consent.version, consent.withdrawn_at) == ("2026-12", None)
    assert consent.text.startswith("Я даю согласие оператору системы «Орбита»")
    home = client.get(reverse("dashboard:home"))
    assert 'data-testid="consent-reminder"' not in home.content.decode()
    client.post(reverse("accounts:consent"), {"action": "withdraw"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert list(
        AuditEntry.objects.filter(action__startswith="accounts.consent")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["accounts.consent.accepted", "accounts.consent.withdrawn"]


def test_coordinators_are_not_asked(people):
    home = client_for(people["municipal"]).get(reverse("dashboard:home"))
    assert 'data-testid="consent-reminder"' not in home.content.decode()


def test_anonymising_keeps_the_pair_and_erases_the_person(world, people, setting, password):
    pair = active_pair(setting)
    entry = mentoring_services.diary_entry_create(
        actor=None,
        pair=pair,
        mentee=setting.mentee,
        date=date(2021, 4, 1),
        achievement="Провела урок с рабочим листом",
        evidence=SimpleUploadedFile("урок.pdf", b"%PDF-1.4 lesson"),
    )
    mentee_user = people["mentee"]
    out = StringIO()
    call_command("anonymise_person", mentee_user.username, stdout=out)
    mentee_user.refresh_from_db()
    teacher = mentee_user.teacher
    assert out.getvalue() == f"Обезличен: deleted-{mentee_user.pk}\n"
    assert (mentee_user.username, mentee_user.first_name, mentee_user.is_active) == (
        f"deleted-{mentee_user.pk}",
        "",
        False,
    )
    assert not mentee_user.has_usable_password()
    assert teacher.full_name == f"Педагог № {teacher.pk} (данные удалены)"
    entry.refresh_from_db()
    assert (entry.achievement, bool(entry.evidence)) == ("(удалено)", False)
    # The history stays: the pair still counts, with its mentee.
    assert MentoringPair.objects.filter(pk=pair.pk, status="active").exists()
    assert SuccessDiaryEntry.objects.filter(pair=pair).count() == 1
    assert not AuditEntry.objects.filter(target_repr__contains="Назарова").exists()
    assert AuditEntry.objects.filter(action="accounts.user.anonymised").count() == 1
    response = Client().post(
        reverse("accounts:login"),
        {"username": f"deleted-{mentee_user.pk}", "password": password},
    )
    assert response.status_code == 200  # the form again: no session


def test_anonymising_erases_the_person_from_the_audit_entries_data(world, people, setting):
    from orbita.accounts.anonymise import person_anonymise
    from orbita.registry import services as registry_services

    pair = active_pair(setting)
    mentee = setting.mentee
    teacher = mentee.teacher
    registry_services.teacher_update(
        actor=None,
        teacher=teacher,
        data={"email": "nazarova@school.example", "phone": "+7 900 111-22-33"},
    )
    mentoring_services.mentee_update(
        actor=None, mentee=mentee, data={"note": "Трудно с 9 «Б», классный руководитель"}
    )
    deficit = mentee.deficits.get(competency__code="exam_prep")
    mentoring_services.deficit_set(
        actor=None, mentee=mentee, competency=deficit.competency, note="Боюсь ОГЭ"
    )
    mentoring_services.diary_entry_create(
        actor=None, pair=pair, mentee=mentee, date=date(2021, 4, 1), achievement="Урок в 9 «Б»"
    )
    before = AuditEntry.objects.count()

    person_anonymise(actor=None, user=people["mentee"])

    assert AuditEntry.objects.count() == before + 1  # the entries stay
    text = str(list(AuditEntry.objects.values_list("target_repr", "data")))
    for secret in (
        "Назарова",
        "nazarova@school.example",
        "+7 900 111-22-33",
        "Трудно с 9",
        "Боюсь ОГЭ",
        "Урок в 9",
    ):
        assert secret not in text, secret
    # What changed and when is still there, without the values.
    entry = AuditEntry.objects.filter(action="registry.teacher.updated").get()
    assert entry.data == {"email": ["", "(удалено)"], "phone": ["", "(удалено)"]}
    # Other people's entries are untouched.
    mentor_entries = AuditEntry.objects.filter(target_repr__contains="Гаврилова")
    assert mentor_entries.exists()


def test_only_a_regional_administrator_anonymises(world, people):
    from django.core.exceptions import PermissionDenied

    from orbita.accounts.anonymise import person_anonymise

    with pytest.raises(PermissionDenied):
        person_anonymise(actor=people["municipal"], user=people["mentee"])
    person_anonymise(actor=people["regional"], user=people["mentee"])
    assert User.objects.get(pk=people["mentee"].pk).username.startswith("deleted-")


def test_viewing_a_teacher_page_is_logged_once_a_day(world, people):
    client = client_for(people["municipal"])
    url = reverse("registry:teacher-detail", args=[world.teacher.pk])
    client.get(url)
    client.get(url)
    (entry,) = AuditEntry.objects.filter(action="registry.teacher.viewed")
    assert (entry.actor, entry.target_id) == (people["municipal"], str(world.teacher.pk))


def test_password_reset_by_e_mail(people, settings):
    import re

    from django.core import mail

    user = people["mentee"]
    user.email = "nazarova@example.org"
    user.save()
    client = Client()
    response = client.post(reverse("accounts:password-reset"), {"email": "nazarova@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    (message,) = mail.outbox
    assert message.subject == "Орбита: восстановление пароля"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Новый-пароль-2026", "new_password2": "Новый-пароль-2026"},
    )
    assert done["Location"] == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password("Новый-пароль-2026")
    # An unknown address gets the same answer and no letter.
    client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1
