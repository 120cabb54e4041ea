"""The demo's collaboration: the seeds' events with their dates, Тосненский район's
brainstorm sessions, case 001's materials."""

import icalendar
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orbita.accounts.models import User
from orbita.collaboration import selectors
from orbita.collaboration.models import BrainstormSession, Event, Material


def _dates(municipality: str, kind: str) -> list[str]:
    return [
        timezone.localtime(e.starts_at).strftime("%Y-%m-%d")
        for e in Event.objects.filter(municipality__code=municipality, kind=kind)
    ]


def test_case_000_events(demo):
    assert _dates("76-tutaev", "council") == ["2022-03-23"]
    assert _dates("76-tutaev", "student_conference") == ["2022-11-16", "2023-03-15"]
    seminar = Event.objects.get(municipality__code="76-tutaev", kind="seminar")
    assert (seminar.direction, seminar.helper_school.short_name) == (
        "to_leader",
        "Столбищенская ОШ",
    )
    assert {e.status for e in Event.objects.filter(municipality__code="76-tutaev")} == {"held"}


def test_case_004_events(demo):
    lessons = _dates("47-volkhov", "open_lesson")
    assert len(lessons) == 9
    assert all(d.startswith(("2021-02", "2021-03")) for d in lessons)
    assert _dates("47-volkhov", "seminar") == ["2021-06-11"]
    assert _dates("47-volkhov", "master_class") == ["2021-08-30"]


def test_tosno_brainstorms(demo):
    sessions = BrainstormSession.objects.filter(municipality__code="47-tosno").order_by(
        "scheduled_at"
    )
    assert [s.scheduled_at.month for s in sessions] == [10, 11, 12, 1, 2, 3]
    assert [s.phase for s in sessions] == ["closed"] * 4 + ["rate", "collect"]
    first = sessions[0]
    assert first.recommendations.name.endswith(".docx")
    ranking = selectors.session_ranking(session=first)
    assert len(ranking) == 4  # five ideas, one merged
    assert all(r.votes == first.participants.count() + 1 for r in ranking)


def test_case_001_materials_are_found_in_russian(demo):
    region = User.objects.get(username="region")
    found = [m.title for m in selectors.material_list(user=region, search="оценивание")]
    assert len(found) == 2
    assert Material.objects.filter(school__short_name="Сеченовская СШ").count() == 3
    # The master class speaks of a work sheet; the history tasks are one (their kind).
    found = sorted(m.title for m in selectors.material_list(user=region, search="рабочие листы"))
    assert found == [
        "Мастер-класс «Технология использования рабочего листа в процессе подготовки к "
        "итоговой государственной аттестации по русскому языку»",
        "Примеры учебных задач по истории и обществознанию",
    ]


def test_the_logins_see_the_upcoming_webinar_and_its_feed(demo):
    mentee = User.objects.get(username="mentee")
    upcoming = list(selectors.event_list(user=mentee, mine=True))
    assert [e.title for e in upcoming] == [
        "Вебинар «Формирующее оценивание на уроках русского языка»"
    ]
    client = Client()
    client.force_login(mentee)
    for name in ("event-list", "event-month", "material-list", "session-list", "calendar"):
        assert client.get(reverse(f"collaboration:{name}")).status_code == 200
    client.post(reverse("collaboration:feed-issue"))
    token = mentee.calendar_feeds.get().token
    body = Client().get(reverse("collaboration:feed", args=[token])).content
    summaries = [str(c["SUMMARY"]) for c in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert "вебинар: Вебинар «Формирующее оценивание на уроках русского языка»" in summaries
