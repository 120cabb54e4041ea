"""Pages: what each role sees, the privacy of a pair's content, the coordinator's flow from
a matching run to published pairs, and query counts that do not grow with the rows."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from orbita.mentoring import services
from orbita.mentoring.models import MatchingRun, MenteeProfile, MentoringPair, SuccessDiaryEntry
from orbita.mentoring.tests.conftest import (
    active_pair,
    another_teacher,
    leader_school,
    make_mentee,
    make_mentor,
)

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def text(response) -> str:
    return response.content.decode()


# --- privacy of the pair's content --------------------------------------------------------


@pytest.fixture
def worked_pair(setting):
    pair = active_pair(setting)
    services.diary_entry_create(
        actor=None,
        pair=pair,
        mentee=setting.mentee,
        date=date(2021, 4, 1),
        achievement="Личная запись дневника",
        is_shared=False,
    )
    services.diary_entry_create(
        actor=None,
        pair=pair,
        mentee=setting.mentee,
        date=date(2021, 4, 2),
        achievement="Общая запись дневника",
        is_shared=True,
    )
    services.meeting_create(
        actor=None, pair=pair, date=date(2021, 4, 3), topic="Тема встречи", notes="Личные заметки"
    )
    return pair


def test_coordinators_see_activity_not_content(worked_pair, people):
    page = text(
        client(people["municipal"]).get(
            reverse("mentoring:pair-detail", kwargs={"pk": worked_pair.pk})
        )
    )
    assert "Общая запись дневника" in page
    assert "Личная запись дневника" not in page
    assert "Личные заметки" not in page and "Тема встречи" not in page
    assert "2 записи" in page or "2 записей" in page  # the count, whatever the catalogue
    assert "видна только паре" in page or "видны только паре" in page


def test_members_see_the_content(worked_pair, people):
    for role in ("mentor", "mentee"):
        page = text(
            client(people[role]).get(
                reverse("mentoring:pair-detail", kwargs={"pk": worked_pair.pk})
            )
        )
        assert "Личная запись дневника" in page
        assert "Личные заметки" in page


def test_sharing_shows_the_entry_to_coordinators(worked_pair, people):
    entry = SuccessDiaryEntry.objects.get(achievement="Личная запись дневника")
    response = client(people["mentee"]).post(
        reverse("mentoring:diary-share", kwargs={"pk": entry.pk}), {"is_shared": "on"}
    )
    assert response.status_code == 302
    page = text(
        client(people["municipal"]).get(
            reverse("mentoring:pair-detail", kwargs={"pk": worked_pair.pk})
        )
    )
    assert "Личная запись дневника" in page


def test_evidence_goes_only_to_those_who_may_read_the_entry(setting, people):
    pair = active_pair(setting)
    response = client(people["mentee"]).post(
        reverse("mentoring:diary-add", kwargs={"pk": pair.pk}),
        {
            "date": "2021-04-05",
            "achievement": "Открытый урок",
            "evidence": SimpleUploadedFile("урок.pdf", b"%PDF-1.4 x"),
        },
    )
    assert response.status_code == 302
    entry = SuccessDiaryEntry.objects.get()
    url = reverse("mentoring:diary-evidence", kwargs={"pk": entry.pk})
    download = client(people["mentor"]).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    assert (
        "урок.pdf" in download["Content-Disposition"]
        or "filename*" in download["Content-Disposition"]
    )
    assert client(people["municipal"]).get(url).status_code == 404
    assert client(people["superuser"]).get(url).status_code == 404


def test_a_draft_is_hidden_from_its_members(setting, people):
    pair = services.pair_create(
        actor=None,
        programme=setting.programme,
        mentor=setting.mentor,
        mentees=[setting.mentee],
        accept=False,
    )
    url = reverse("mentoring:pair-detail", kwargs={"pk": pair.pk})
    assert client(people["mentee"]).get(url).status_code == 404
    assert client(people["mentor"]).get(url).status_code == 404
    assert client(people["municipal"]).get(url).status_code == 200


# --- the coordinator's flow ---------------------------------------------------------------


def test_a_running_matching_polls_its_progress(setting, people):
    run = MatchingRun.objects.create(
        programme=setting.programme, status=MatchingRun.Status.RUNNING, progress=40
    )
    url = reverse("mentoring:run-detail", kwargs={"pk": run.pk})
    c = client(people["municipal"])
    partial = c.get(url, headers={"HX-Request": "true"})
    html = text(partial)
    assert "HX-Request" in partial["Vary"]
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in html
    assert 'data-run-status="running"' in html and 'value="40"' in html
    assert "<html" not in html and "Проверить черновики" not in html
    page = text(c.get(url))
    assert "<html" in page and f'id="run-{run.pk}"' in page
    # The programme page shows the same card while the run is active.
    detail = text(c.get(reverse("mentoring:programme-detail", kwargs={"pk": setting.programme.pk})))
    assert f'hx-get="{url}"' in detail


def test_run_review_accept_publish(setting, people, django_capture_on_commit_callbacks, mailoutbox):
    c = client(people["municipal"])
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("mentoring:programme-match", kwargs={"pk": setting.programme.pk}))
    run = MatchingRun.objects.get()
    assert response["Location"] == reverse("mentoring:run-detail", kwargs={"pk": run.pk})
    progress = c.get(response["Location"], headers={"HX-Request": "true"})
    assert 'data-run-status="done"' in text(progress)
    assert "hx-trigger" not in text(progress)  # finished: no more polling
    review = text(c.get(reverse("mentoring:programme-review", kwargs={"pk": setting.programme.pk})))
    assert "Общий предмет" in review and "Русский язык, Литература" in review
    assert "Подготовка к ОГЭ и ЕГЭ" in review
    draft = MentoringPair.objects.get()
    c.post(reverse("mentoring:pair-accept", kwargs={"pk": draft.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("mentoring:programme-publish", kwargs={"pk": setting.programme.pk})
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "active"
    assert len(mailoutbox) == 2


def test_pair_by_hand_from_the_mentees_page_lists_free_mentors_first(setting, world, people):
    full = make_mentor(
        another_teacher(leader_school(world), "Орлова Вера Ильинична", ("russian",)), capacity=1
    )
    busy = make_mentee(another_teacher(world.branch, "Зуев Олег Ильич", ("russian",)))
    services.pair_create(actor=None, programme=setting.programme, mentor=full, mentees=[busy])
    c = client(people["municipal"])
    page = text(c.get(reverse("mentoring:mentee-detail", kwargs={"pk": setting.mentee.pk})))
    assert page.index("Гаврилова Ирина Павловна") < page.index("Орлова Вера Ильинична")
    response = c.post(
        reverse("mentoring:mentee-pair", kwargs={"pk": setting.mentee.pk}),
        {
            "programme": setting.programme.pk,
            "other": full.pk,
            "role_pair": "teacher_teacher",
            "format": "remote",
        },
        follow=True,
    )
    assert "нет свободных мест" in text(response)
    assert not MentoringPair.objects.filter(
        mentor=full, memberships__mentee=setting.mentee
    ).exists()
    c.post(
        reverse("mentoring:mentee-pair", kwargs={"pk": setting.mentee.pk}),
        {
            "programme": setting.programme.pk,
            "other": setting.mentor.pk,
            "role_pair": "teacher_teacher",
            "format": "remote",
        },
    )
    pair = MentoringPair.objects.get(mentor=setting.mentor)
    assert (pair.format, pair.is_live) == ("remote", True)


def test_a_teacher_fills_their_own_request_map(world, people):
    c = client(people["mentee"])
    assert c.get(reverse("mentoring:mentee-create")).status_code == 200
    response = c.post(
        reverse("mentoring:mentee-create"), {"teacher": world.teacher.pk, "format": "remote"}
    )
    mentee = MenteeProfile.objects.get()
    assert response["Location"] == reverse("mentoring:mentee-detail", kwargs={"pk": mentee.pk})
    # Another teacher is not in the choice: the form refuses.
    response = c.post(
        reverse("mentoring:mentee-create"), {"teacher": world.other_teacher.pk, "format": "any"}
    )
    assert response.status_code == 200 and MenteeProfile.objects.count() == 1
    assert c.get(reverse("mentoring:mentee-create"))["Location"] == reverse(
        "mentoring:mentee-detail", kwargs={"pk": mentee.pk}
    )
    c.post(
        reverse("mentoring:deficit-add", kwargs={"pk": mentee.pk}), {"competency": "", "note": ""}
    )
    assert mentee.deficits.count() == 0
    from orbita.registry.models import Competency

    c.post(
        reverse("mentoring:deficit-add", kwargs={"pk": mentee.pk}),
        {"competency": Competency.objects.get(code="gifted").pk, "note": "олимпиады"},
    )
    assert list(mentee.deficits.values_list("competency__code", "note")) == [
        ("gifted", "олимпиады")
    ]


def test_criteria_form_sets_the_quality(setting, people):
    from orbita.mentoring.criteria import CRITERIA_CODES

    data = dict.fromkeys(CRITERIA_CODES, "2")
    c = client(people["municipal"])
    response = c.post(reverse("mentoring:mentor-criteria", kwargs={"pk": setting.mentor.pk}), data)
    assert response.status_code == 302
    setting.mentor.refresh_from_db()
    assert str(setting.mentor.quality) == "1.0000"


def test_request_map_table_and_chart_data(setting, world, people):
    make_mentee(world.other_teacher, deficits=("low_achievers",))
    page = text(
        client(people["municipal"]).get(
            reverse("mentoring:request-map", kwargs={"pk": world.municipality.pk})
        )
    )
    start = page.index('<script id="request-map-data" type="application/json">') + len(
        '<script id="request-map-data" type="application/json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["labels"] == ["Работа со слабоуспевающими обучающимися", "Подготовка к ОГЭ и ЕГЭ"]
    assert data["teachers"] == [2, 1]
    assert data["mentors"] == [0, 1]
    assert "<script>" not in page  # no inline script (CSP)


def test_programme_create_and_edit(world, people):
    c = client(people["municipal"])
    response = c.post(
        reverse("mentoring:programme-create"),
        {
            "municipality": world.municipality.pk,
            "name": "Новая программа",
            "starts_on": "2025-09-01",
            "ends_on": "2026-05-31",
            "scope": "network",
            "pair_forms": ["individual", "group"],
            "goal": "",
            "w_subject": "1",
            "w_deficit": "3",
            "w_quality": "1",
            "w_proximity": "1",
            "w_proximity_km": "30",
            "w_max_km": "100",
        },
    )
    from orbita.mentoring.models import Programme

    programme = Programme.objects.get()
    assert response["Location"] == reverse(
        "mentoring:programme-detail", kwargs={"pk": programme.pk}
    )
    assert programme.weights == {"deficit": 3.0}
    assert programme.forms == ["individual", "group"]
    page = text(c.get(reverse("mentoring:programme-edit", kwargs={"pk": programme.pk})))
    assert 'value="3.0"' in page


# --- who sees what ------------------------------------------------------------------------


def test_lists_show_exactly_the_scope(setting, people):
    urls = reverse("mentoring:mentor-list"), reverse("mentoring:mentee-list")
    assert "Гаврилова Ирина Павловна" in text(client(people["municipal"]).get(urls[0]))
    assert "Гаврилова Ирина Павловна" not in text(client(people["municipal_other"]).get(urls[0]))
    assert "Гаврилова Ирина Павловна" not in text(client(people["school"]).get(urls[0]))
    assert "Назарова Анна Сергеевна" in text(client(people["school"]).get(urls[1]))
    assert "Назарова Анна Сергеевна" not in text(client(people["school_other"]).get(urls[1]))


def test_own_page_of_mentor_and_mentee(setting, people):
    pair = active_pair(setting)
    services.plan_item_create(
        actor=None, pair=pair, content="Мастер-класс по рабочему листу", deadline=date(2021, 3, 1)
    )
    mentee_page = text(client(people["mentee"]).get(reverse("mentoring:home")))
    assert "Мой наставник: Гаврилова Ирина Павловна" in mentee_page
    assert "Мой план" in mentee_page and "Мастер-класс по рабочему листу" in mentee_page
    assert "Дневник успеха" in mentee_page
    mentor_page = text(client(people["mentor"]).get(reverse("mentoring:home")))
    assert "Я наставник" in mentor_page and "Назарова Анна Сергеевна" in mentor_page


# --- query counts -------------------------------------------------------------------------


def _many(setting, world, start, n, publish=True):
    for i in range(start, start + n):
        mentor = make_mentor(
            another_teacher(leader_school(world), f"Наставник {i}", ("russian",)),
            strengths=("exam_prep",),
        )
        mentee = make_mentee(
            another_teacher(world.branch, f"Наставляемый {i}", ("russian",)),
            deficits=("exam_prep",),
        )
        services.pair_create(
            actor=None, programme=setting.programme, mentor=mentor, mentees=[mentee]
        )
    services.programme_publish(actor=None, programme=setting.programme, notify=False)


@pytest.mark.parametrize(
    "name",
    [
        "mentoring:mentor-list",
        "mentoring:mentee-list",
        "mentoring:home",
        "mentoring:programme-detail",
        "mentoring:programme-review",
    ],
)
def test_list_pages_do_not_query_per_row(
    name, setting, world, people, django_assert_max_num_queries
):
    kwargs = {"pk": setting.programme.pk} if "programme-" in name else {}
    c = client(people["municipal"])
    publish = name != "mentoring:programme-review"  # the review lists drafts
    _many(setting, world, 0, 2, publish)
    url = reverse(name, kwargs=kwargs)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    _many(setting, world, 2, 8, publish)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get(url).status_code == 200


# --- never-match rules --------------------------------------------------------------------


def test_never_match_rules_are_listed_and_lifted(
    setting, world, people, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orbita.core.models import AuditEntry
    from orbita.mentoring.models import NeverMatch

    def veto(name):
        other = make_mentee(another_teacher(world.branch, name, ("russian",)))
        services.never_match_create(
            actor=None, mentor=setting.mentor, mentee=other, reason="Конфликт"
        )

    veto("Зуев Олег Ильич")
    c = client(people["municipal"])
    with CaptureQueriesContext(connection) as few:
        c.get(reverse("mentoring:never-match-list"))
    veto("Орлова Вера Петровна")
    veto("Попов Иван Ильич")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = c.get(reverse("mentoring:never-match-list"))
    assert response.status_code == 200
    page = text(response)
    assert page.count("Снять запрет") == 3
    assert "Зуев Олег Ильич" in page and "Конфликт" in page
    assert "Снять запрет" not in text(
        client(people["municipal_other"]).get(reverse("mentoring:never-match-list"))
    )
    rule = NeverMatch.objects.order_by("id").first()
    url = reverse("mentoring:never-match-remove", kwargs={"pk": rule.pk})
    assert client(people["municipal_other"]).post(url).status_code == 404
    assert client(people["mentor"]).post(url).status_code == 403
    response = client(people["municipal"]).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:never-match-list")
    assert not NeverMatch.objects.filter(pk=rule.pk).exists()
    assert NeverMatch.objects.count() == 2
    assert AuditEntry.objects.order_by("-id").first().action == "mentoring.never_match.deleted"
    # Lifted: the pair may be made again.
    pair = services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[rule.mentee]
    )
    assert pair.pk


# --- diagnosis flags on mentoring pages ---------------------------------------------------


def test_school_flags_show_to_coordinators_only(setting, world, people):
    from django.utils import timezone

    from orbita.diagnosis.models import DiagnosisRun, SchoolFlags

    run = DiagnosisRun.objects.create(
        municipality=world.municipality, year=2024, method="threshold", computed_at=timezone.now()
    )
    SchoolFlags.objects.create(run=run, school=world.branch, year=2024, low_results=True)
    pair = active_pair(setting)
    pages = [
        reverse("mentoring:mentee-detail", kwargs={"pk": setting.mentee.pk}),
        reverse("mentoring:pair-detail", kwargs={"pk": pair.pk}),
    ]
    for url in [*pages, reverse("mentoring:mentee-list")]:
        page = text(client(people["municipal"]).get(url))
        assert 'data-flag="low_results"' in page, url
    for role in ("mentee", "mentor"):
        for url in pages:
            response = client(people[role]).get(url)
            if response.status_code == 200:
                assert "data-flag=" not in text(response), (role, url)
    assert selectors_school_flags(people["mentee"], world.branch.pk) == {}
    assert selectors_school_flags(people["school"], world.branch.pk) == {
        world.branch.pk: ["low_results"]
    }


def selectors_school_flags(user, school_id):
    from orbita.mentoring.selectors import school_flags

    return school_flags(user=user, school_ids=[school_id])


def test_the_pair_page_shows_its_history(setting, people):
    from django.urls import reverse

    from orbita.conftest import client_for
    from orbita.mentoring.tests.conftest import active_pair

    pair = active_pair(setting)
    page = client_for(people["municipal"]).get(reverse("mentoring:pair-detail", args=[pair.pk]))
    verbs = [str(e.verb) for e in page.context["history"]]
    assert "опубликовано" in verbs and "создано" in verbs
    assert 'data-testid="history-panel"' in page.content.decode()
