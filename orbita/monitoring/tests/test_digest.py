"""The coordinators' digest: what it gathers in each scope, its text, the commands."""

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from orbita.collaboration.tests.conftest import make_event
from orbita.mentoring import services as mentoring
from orbita.mentoring.models import MentorProfile
from orbita.mentoring.tests.conftest import Setting
from orbita.monitoring import digest as digests
from orbita.monitoring.models import Invitation
from orbita.monitoring.tasks import digest_task, pulse_task
from orbita.monitoring.tests.factories import answer_all, distribute, satisfaction_survey
from orbita.partnerships import services as partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(setting: Setting, people: Any, mailoutbox: Any) -> dict[str, Any]:
    """In Сеченовский район: an overdue roadmap item, a pair started 40 days ago with no
    activity and an overdue plan row, its mentor over capacity, a survey answered below
    target and a seminar in three days."""
    world = setting.world
    today = timezone.localdate()
    partnership = partnerships.partnership_create(
        actor=None, leader=world.mentor_teacher.school, supported=world.branch
    )
    partnerships.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={"action": "Семинар по ВПР для учителей", "due": date(2020, 3, 10)},
    )
    partnerships.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={"action": "Взаимопосещение уроков", "due": today + timedelta(days=30)},
    )
    pair = mentoring.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    mentoring.programme_publish(
        actor=None, programme=setting.programme, started_on=today - timedelta(days=40)
    )
    mentoring.plan_item_create(
        actor=None,
        pair=pair,
        content="Разобрать задания ВПР",
        deadline=today - timedelta(days=5),
    )
    MentorProfile.objects.filter(pk=setting.mentor.pk).update(capacity=0)
    survey = satisfaction_survey(world.municipality)
    distribute(survey, ("mentee",))
    answer_all(Invitation.objects.get(user=people["mentee"]), 3)
    event = make_event(world, days=3)
    make_event(world, days=12, title="Далёкий семинар")
    mailoutbox.clear()
    return {"today": today, "event": event}


def test_digest_of_the_municipal_coordinator_lists_everything(
    scenario: dict[str, Any], people: Any
) -> None:
    today = scenario["today"]
    starts = timezone.localtime(scenario["event"].starts_at)
    digest = digests.digest_build(user=people["municipal"])
    text, html = digests.digest_render(digest)
    assert digest.subject == f"Орбита: сводка на {today:%d.%m.%Y}"
    assert text == (
        f"Сводка Орбиты на {today:%d.%m.%Y}\n"
        "\n"
        "Просроченные меры дорожных карт (1):\n"
        "- Семинар по ВПР для учителей — Сеченовская СШ → Красновская ОШ, срок 10.03.2020\n"
        "\n"
        "Пары с просроченными пунктами плана (1):\n"
        "- Гаврилова Ирина Павловна → Назарова Анна Сергеевна: просрочено пунктов 1\n"
        "\n"
        "Пары без активности дольше 21 дн. (1):\n"
        "- Гаврилова Ирина Павловна → Назарова Анна Сергеевна\n"
        "\n"
        "Наставники сверх нагрузки (1):\n"
        "- Гаврилова Ирина Павловна: 1 / 0\n"
        "\n"
        "Анкеты ниже целевой доли удовлетворённых (1):\n"
        "- Удовлетворённость наставляемых участием в программе наставничества "
        "(Сеченовский район): "
        "0 % при цели 85 % (0 из 1)\n"
        "\n"
        "Мероприятия на ближайшие 7 дн. (1):\n"
        f"- {starts:%d.%m.%Y %H:%M} Семинар по формирующему оцениванию, "
        "Сеченовская СШ, каб. 12\n"
        "\n"
        "Письмо отправлено автоматически, отвечать на него не нужно.\n"
    )
    assert "<li>Семинар по ВПР для учителей — Сеченовская СШ → Красновская ОШ" in html
    assert "Далёкий семинар" not in html


def test_digest_follows_the_scope(scenario: dict[str, Any], people: Any) -> None:
    # Another municipality's coordinator and another region's administrator: nothing.
    assert digests.digest_build(user=people["municipal_other"]).is_empty
    assert digests.digest_build(user=people["regional_other"]).is_empty
    # The supported school's coordinator: its roadmap, its mentee's pair and the seminar it
    # is helped at; not the leader school's mentor, nor the municipality's surveys.
    school = digests.digest_build(user=people["school"])
    assert [i.action for i in school.roadmap_overdue] == ["Семинар по ВПР для учителей"]
    assert [line.overdue for line in school.plans_overdue] == [1]
    assert len(school.stalled_pairs) == 1
    assert school.overloaded_mentors == []
    assert school.low_surveys == []
    assert [e.title for e in school.events] == ["Семинар по формирующему оцениванию"]


def test_send_mails_each_coordinator_with_something_to_report(
    scenario: dict[str, Any], people: Any
) -> None:
    assert digests.digests_send() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        people[r].email for r in ("regional", "municipal", "school")
    )
    message = mail.outbox[0]
    assert message.subject == f"Орбита: сводка на {scenario['today']:%d.%m.%Y}"
    assert message.alternatives[0].mimetype == "text/html"  # type: ignore[attr-defined]
    mail.outbox.clear()
    assert digest_task.enqueue().return_value == 3


def test_command_dry_run_prints_and_sends_nothing(scenario: dict[str, Any], people: Any) -> None:
    out = StringIO()
    call_command("send_digest", "--dry-run", "--user", "t-municipal", stdout=out)
    printed = out.getvalue()
    assert printed.startswith(f"=== t-municipal <{people['municipal'].email}>\n")
    assert "Просроченные меры дорожных карт (1):" in printed
    assert printed.endswith("Сводок к отправке: 1\n")
    assert mail.outbox == []
    out = StringIO()
    call_command("send_digest", "--user", "t-municipal-other", stdout=out)
    assert out.getvalue() == "Отправлено сводок: 0\n"
    call_command("send_digest", stdout=out)
    assert len(mail.outbox) == 3
    with pytest.raises(CommandError):
        call_command("send_digest", "--user", "t-mentee")


def test_send_pulse_command_creates_pulses_and_reminds(
    setting: Setting, people: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    mentoring.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    mentoring.programme_publish(
        actor=None, programme=setting.programme, started_on=today - timedelta(days=31)
    )
    mailoutbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_pulse", stdout=out)
    # One pulse for the pair (mentor and mentee invited), due in 14 days: no reminder yet.
    assert out.getvalue() == "Создано пульс-опросов: 1; напоминаний: 0\n"
    assert len(mailoutbox) == 2
    out = StringIO()
    call_command("send_pulse", stdout=out)
    assert out.getvalue() == "Создано пульс-опросов: 0; напоминаний: 0\n"
    assert pulse_task.enqueue().return_value == {"pulses": 0, "reminded": 0}
