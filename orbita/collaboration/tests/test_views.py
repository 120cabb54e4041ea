import io
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from orbita.accounts.models import Role
from orbita.accounts.tests.factories import UserFactory, grant
from orbita.collaboration import services
from orbita.collaboration.models import (
    BrainstormSession,
    Event,
    Material,
    Notification,
    Registration,
)
from orbita.collaboration.tests.conftest import make_event
from orbita.conftest import client_for
from orbita.core.models import AuditEntry
from orbita.mentoring import services as mentoring_services
from orbita.registry.models import Competency
from orbita.registry.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def _future(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_the_done_when_story_create_register_subscribe_record(world, people):
    """A school coordinator creates an event, the partner school's teacher registers and
    sees it in the ICS feed; attendance and materials are recorded afterwards."""
    leader = world.mentor_teacher.school
    coordinator = client_for(people["school"])
    response = coordinator.post(
        reverse("collaboration:event-create"),
        {
            "title": "Семинар поддерживаемой школы для школы-лидера",
            "kind": "seminar",
            "municipality": world.municipality.pk,
            "organisers": [world.branch.pk],
            "direction": "to_leader",
            "helper_school": world.branch.pk,
            "helped_school": leader.pk,
            "starts_at": _future(3),
            "online_link": "sferum.ru/?call=123",
            "audience_schools": [leader.pk],
            "audience_roles": ["teachers"],
            "grades": ["5", "6"],
            "registration_open": "on",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("collaboration:event-detail", args=[event.pk])
    assert (event.direction, event.online_link, event.grades) == (
        "to_leader",
        "https://sferum.ru/?call=123",
        [5, 6],
    )
    teacher = client_for(people["mentor"])  # a teacher of the leader, the audience
    assert teacher.post(reverse("collaboration:event-register", args=[event.pk])).status_code == 302
    assert list(Registration.objects.values_list("user__username", flat=True)) == ["t-mentor"]
    teacher.post(reverse("collaboration:feed-issue"))
    feed = people["mentor"].calendar_feeds.get()
    ics = client_for(None).get(reverse("collaboration:feed", args=[feed.token]))
    assert ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(ics.content)
    items = list(calendar.walk("VEVENT"))
    assert [str(c["SUMMARY"]) for c in items] == [
        "семинар: Семинар поддерживаемой школы для школы-лидера"
    ]
    assert str(items[0]["UID"]) == f"event-{event.pk}@testserver"
    assert items[0].decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    # Afterwards.
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    response = coordinator.post(
        reverse("collaboration:event-attendance", args=[event.pk]),
        {"attended": [str(people["mentor"].pk)], "attendance_count": "12"},
    )
    assert response.status_code == 302
    assert Registration.objects.get().attended is True
    coordinator.post(
        reverse("collaboration:event-outcome", args=[event.pk]),
        {"outcome": "Учителя-лидеры взяли приёмы работы с малочисленными классами."},
    )
    coordinator.post(
        reverse("collaboration:material-create") + f"?event={event.pk}",
        {
            "title": "Презентация семинара",
            "kind": "presentation",
            "school": world.branch.pk,
            "file": SimpleUploadedFile("seminar.pdf", b"%PDF-1.4 slides"),
            "event": event.pk,
        },
    )
    page = coordinator.get(reverse("collaboration:event-detail", args=[event.pk]))
    assert "Презентация семинара" in page.content.decode()
    event.refresh_from_db()
    assert (event.status, event.attendance_count) == ("held", 12)
    # Revoking the address stops the feed.
    teacher.post(reverse("collaboration:feed-revoke"))
    assert client_for(None).get(reverse("collaboration:feed", args=[feed.token])).status_code == 404


def test_the_event_form_reports_a_missing_direction(world, people):
    response = client_for(people["school"]).post(
        reverse("collaboration:event-create"),
        {
            "title": "Урок",
            "kind": "open_lesson",
            "municipality": world.municipality.pk,
            "organisers": [world.branch.pk],
            "direction": "to_supported",
            "starts_at": _future(1),
        },
    )
    assert response.status_code == 200
    assert "Укажите, какая школа помогает и какой." in response.content.decode()
    assert not Event.objects.exists()


def test_event_list_queries_do_not_grow(world, people, django_assert_max_num_queries):
    client = client_for(people["municipal"])
    for days in range(1, 4):
        make_event(world, days=days)
    client.get(reverse("collaboration:event-list"))
    with django_assert_max_num_queries(14):
        small = client.get(reverse("collaboration:event-list"))
    for days in range(4, 20):
        make_event(world, days=days)
    with django_assert_max_num_queries(14):
        large = client.get(reverse("collaboration:event-list"))
    assert small.status_code == large.status_code == 200
    assert 'id="event-counts"' in large.content.decode()


def test_event_list_filters_by_kind_and_direction(world, people):
    make_event(world, title="Семинар лидера")
    make_event(world, title="Открытый урок", kind="open_lesson")
    client = client_for(people["mentee"])
    page = client.get(reverse("collaboration:event-list"), {"kind": "open_lesson"})
    assert [e.title for e in page.context["page_obj"].object_list] == ["Открытый урок"]
    page = client.get(reverse("collaboration:event-list"), {"direction": "to_leader"})
    assert list(page.context["page_obj"].object_list) == []


def test_the_month_view_shows_the_events_of_the_month(world, people):
    starts = timezone.now().replace(day=15, hour=10)
    make_event(world, starts_at=starts, title="Педсовет")
    page = client_for(people["municipal"]).get(
        reverse("collaboration:event-month"), {"year": starts.year, "month": starts.month}
    )
    assert page.status_code == 200
    assert "Педсовет" in page.content.decode()
    assert (
        client_for(people["municipal"])
        .get(reverse("collaboration:event-month"), {"year": 2022, "month": 13})
        .status_code
        == 404
    )


def test_the_municipal_feed(world, people):
    make_event(world, title="Районная конференция", kind="student_conference")
    client = client_for(people["municipal"])
    client.post(reverse("collaboration:municipal-feed-issue", args=[world.municipality.pk]))
    feed = world.municipality.calendar_feeds.get()
    body = client_for(None).get(reverse("collaboration:feed", args=[feed.token])).content
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "Мероприятия: Сеченовский район"
    assert [str(c["SUMMARY"]) for c in calendar.walk("VEVENT")] == [
        "конференция учащихся: Районная конференция"
    ]


def test_network_programmes_are_weekly_events_of_both_feeds(world, people):
    from datetime import date, time

    from orbita.partnerships import services as partnership_services

    partnership_services.network_programme_create(
        actor=None,
        host_school=world.mentor_teacher.school,
        guest_school=world.branch,
        data={
            "course": "химия",
            "grades": "8–9",
            "weekday": 3,
            "time_start": time(9, 0),
            "time_end": time(10, 30),
            "start": date(2022, 9, 1),
            "end": date(2023, 5, 31),
            "transport": "школьный автобус",
        },
    )
    client = client_for(people["municipal"])
    client.post(reverse("collaboration:municipal-feed-issue", args=[world.municipality.pk]))
    feed = world.municipality.calendar_feeds.get()
    body = client_for(None).get(reverse("collaboration:feed", args=[feed.token])).content
    (item,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Сетевая программа: химия, 8–9 кл."
    start = item.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (date(2022, 9, 7), 9, 0)
    assert item["RRULE"]["FREQ"] == ["WEEKLY"]
    assert item["RRULE"]["BYDAY"] == ["WE"]
    assert item["RRULE"]["UNTIL"][0].date() == date(2023, 5, 31)
    assert "Подвоз: школьный автобус" in str(item["DESCRIPTION"])
    # The mentee of the guest school sees it in their own feed.
    mentee = client_for(people["mentee"])
    mentee.post(reverse("collaboration:feed-issue"))
    own = people["mentee"].calendar_feeds.get()
    body = client_for(None).get(reverse("collaboration:feed", args=[own.token])).content
    assert [str(c["SUMMARY"]) for c in icalendar.Calendar.from_ical(body).walk("VEVENT")] == [
        "Сетевая программа: химия, 8–9 кл."
    ]


def test_the_reminder_command(world, people, django_capture_on_commit_callbacks):
    event = make_event(world, starts_at=timezone.now() + timedelta(hours=3))
    services.event_register(actor=people["mentee"], event=event)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=out)
    assert out.getvalue() == "Отправлено напоминаний: 1\n"
    assert len(mail.outbox) == 1
    page = client_for(people["mentee"]).get(reverse("collaboration:notification-list"))
    assert "Напоминание: «Семинар по формирующему оцениванию»" in page.content.decode()
    note = Notification.objects.get()
    response = client_for(people["mentee"]).post(
        reverse("collaboration:notification-read", args=[note.pk])
    )
    assert response["Location"] == reverse("collaboration:event-detail", args=[event.pk])
    note.refresh_from_db()
    assert note.read_at is not None


# --- materials ----------------------------------------------------------------------------


def _material(world, title, **kwargs):
    return services.material_create(
        actor=None,
        title=title,
        kind=kwargs.pop("kind", "methodical"),
        school=world.mentor_teacher.school,
        link="https://example.org/m",
        **kwargs,
    )


def test_the_bank_page_searches_in_russian(world, people):
    _material(world, "Критерии оценивания сочинений")
    _material(world, "Мобильное электронное образование: уроки", kind="video_lesson")
    client = client_for(people["mentee"])
    page = client.get(reverse("collaboration:material-list"), {"q": "оценивание"})
    assert [m.title for m in page.context["page_obj"].object_list] == [
        "Критерии оценивания сочинений"
    ]
    page = client.get(reverse("collaboration:material-list"), {"kind": "video_lesson"})
    assert [m.title for m in page.context["page_obj"].object_list] == [
        "Мобильное электронное образование: уроки"
    ]


def test_a_bad_file_is_refused_and_nothing_written(world, people):
    response = client_for(people["mentee"]).post(
        reverse("collaboration:material-create"),
        {
            "title": "Лист",
            "kind": "worksheet",
            "school": world.branch.pk,
            "file": SimpleUploadedFile("лист.docx", b"plain text"),
        },
    )
    assert response.status_code == 200
    assert "Содержимое файла не соответствует его типу (DOCX)." in response.content.decode()
    assert not Material.objects.exists()
    assert not AuditEntry.objects.filter(action="collaboration.material.created").exists()


def test_the_collection_builder_makes_a_docx(world, people):
    a = _material(world, "Мастер-класс: рабочий лист к ЕГЭ", author_name="Гаврилова И. П.")
    b = _material(world, "Примеры заданий по истории", description="Задания с ответами.")
    _material(world, "Не вошло")
    response = client_for(people["mentee"]).post(
        reverse("collaboration:material-collection"),
        {"title": "Сборник лучших практик 2022", "materials": [a.pk, b.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="collection.docx"'
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Сборник лучших практик 2022" in text
    assert "1. Мастер-класс: рабочий лист к ЕГЭ" in text
    assert "2. Примеры заданий по истории" in text
    assert "Не вошло" not in text
    table = doc.tables[0]
    assert [c.text for c in table.rows[1].cells][:4] == [
        "1",
        "Мастер-класс: рабочий лист к ЕГЭ",
        "методическая разработка",
        "Гаврилова И. П., Сеченовская СШ",
    ]


def test_materials_for_deficits_on_the_mentees_page(world, people):
    exam = Competency.objects.get(code="exam_prep")
    _material(world, "Рабочий лист к ЕГЭ", competencies=[exam])
    mentee = mentoring_services.mentee_create(actor=None, teacher=world.teacher)
    mentoring_services.deficit_set(actor=None, mentee=mentee, competency=exam)
    client = client_for(people["mentee"])
    page = client.get(reverse("mentoring:mentee-detail", args=[mentee.pk])).content.decode()
    assert reverse("collaboration:mentee-materials", args=[mentee.pk]) in page
    fragment = client.get(reverse("collaboration:mentee-materials", args=[mentee.pk]))
    assert "Материалы по вашим дефицитам" in fragment.content.decode()
    assert "Рабочий лист к ЕГЭ" in fragment.content.decode()


# --- brainstorm sessions ------------------------------------------------------------------


@pytest.fixture
def crowd(world):
    """Thirty teachers of the municipality with accounts."""
    users = []
    for n in range(30):
        teacher = TeacherFactory.create(school=world.branch, full_name=f"Учитель {n:02d}")
        user = UserFactory.create(username=f"t-crowd-{n}", teacher=teacher)
        grant(user, Role.MENTEE)
        users.append(user)
    return users


def test_polling_returns_only_new_ideas_cheaply_for_thirty(
    world, people, crowd, django_assert_max_num_queries
):
    session = services.session_create(
        actor=people["mentor"],
        municipality=world.municipality,
        title="Мотивация",
        problem="Как повысить мотивацию?",
        participants=crowd,
    )
    first = services.idea_add(actor=crowd[0], session=session, text="Первая идея")
    for user in crowd[1:]:
        services.idea_add(actor=user, session=session, text=f"Идея от {user.username}")
    client = client_for(crowd[5])
    url = reverse("collaboration:session-ideas", args=[session.pk])
    state = "collect:0:0"
    with django_assert_max_num_queries(9):
        response = client.get(url, {"after": first.pk, "state": state})
    body = response.content.decode()
    assert body.count('class="card idea-card') == 29
    assert "Первая идея" not in body
    assert f"?after={session.ideas.order_by('-id').first().pk}&amp;state=collect%3A0%3A0" in body
    # Nothing new: only the poller.
    last = session.ideas.order_by("-id").first().pk
    with django_assert_max_num_queries(9):
        response = client.get(url, {"after": last, "state": state})
    assert "idea-card" not in response.content.decode()
    # The facilitator moved on: pages reload.
    services.session_advance(actor=people["mentor"], session=session)
    response = client.get(url, {"after": last, "state": state})
    assert response["HX-Refresh"] == "true"


def test_an_idea_posted_with_htmx_triggers_the_poll(world, people):
    session = services.session_create(
        actor=people["mentor"],
        municipality=world.municipality,
        title="Мотивация",
        problem="Как повысить мотивацию?",
        participants=[people["mentee"]],
    )
    client = client_for(people["mentee"])
    url = reverse("collaboration:session-ideas", args=[session.pk])
    response = client.post(url, {"text": "Проекты"}, headers={"HX-Request": "true"})
    assert (response.status_code, response["HX-Trigger"]) == (204, "ideas-changed")
    response = client.post(url, {"text": "  "}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert list(session.ideas.values_list("text", flat=True)) == ["Проекты"]
    assert client_for(people["school"]).post(url, {"text": "Чужой"}).status_code == 404


def test_a_session_ends_in_a_ranked_docx(world, people):
    session = services.session_create(
        actor=people["mentor"],
        municipality=world.municipality,
        title="Профилактика неуспеваемости",
        problem="Как снизить число неуспевающих?",
        participants=[people["mentee"]],
    )
    low = services.idea_add(actor=people["mentee"], session=session, text="Консультации")
    high = services.idea_add(actor=people["mentor"], session=session, text="Наставник")
    facilitator, participant = client_for(people["mentor"]), client_for(people["mentee"])
    advance = reverse("collaboration:session-advance", args=[session.pk])
    facilitator.post(advance)
    facilitator.post(advance)
    for client, scores in ((facilitator, (2, 5)), (participant, (3, 4))):
        client.post(reverse("collaboration:idea-rate", args=[low.pk]), {"score": scores[0]})
        response = client.post(
            reverse("collaboration:idea-rate", args=[high.pk]),
            {"score": scores[1]},
            headers={"HX-Request": "true"},
        )
        assert response.content.decode() == f"Оценка {scores[1]} сохранена."
    facilitator.post(advance)
    session.refresh_from_db()
    assert session.phase == BrainstormSession.Phase.CLOSED
    page = participant.get(reverse("collaboration:session-detail", args=[session.pk]))
    assert [r.idea.text for r in page.context["ranking"]] == ["Наставник", "Консультации"]
    response = participant.get(reverse("collaboration:session-recommendations", args=[session.pk]))
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows == [
        ["№", "Рекомендация", "Средняя оценка", "Оценок"],
        ["1", "Наставник", "4,50", "2"],
        ["2", "Консультации", "2,50", "2"],
    ]


def test_the_organiser_edits_and_cancels_an_event(world, people, event):
    client = client_for(people["municipal"])
    form = client.get(reverse("collaboration:event-edit", args=[event.pk]))
    assert form.context["form"].initial["title"] == "Семинар по формирующему оцениванию"
    response = client.post(
        reverse("collaboration:event-edit", args=[event.pk]),
        {
            "title": "Семинар: формирующее оценивание",
            "kind": "webinar",
            "municipality": world.municipality.pk,
            "organisers": [world.mentor_teacher.school.pk],
            "direction": "network",
            "helper_school": world.mentor_teacher.school.pk,
            "starts_at": _future(8),
            "capacity": "20",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.kind, event.direction, event.helper_school, event.capacity) == (
        "Семинар: формирующее оценивание",
        "webinar",
        "network",
        None,
        20,
    )
    client.post(reverse("collaboration:event-cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == "cancelled"
    # A cancelled event leaves the feeds.
    services.event_register(actor=None, event=make_event(world), user=people["mentee"])
    feed = services.feed_issue(actor=people["mentee"])
    body = client_for(None).get(reverse("collaboration:feed", args=[feed.token])).content
    summaries = [str(c["SUMMARY"]) for c in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert summaries == ["семинар: Семинар по формирующему оцениванию"]


def test_the_facilitator_merges_ideas_on_the_page(world, people):
    session = services.session_create(
        actor=people["mentor"],
        municipality=world.municipality,
        title="Мотивация",
        problem="Как повысить мотивацию?",
        participants=[people["mentee"]],
    )
    a = services.idea_add(actor=people["mentee"], session=session, text="Проекты")
    b = services.idea_add(actor=people["mentee"], session=session, text="Проектные задания")
    url = reverse("collaboration:idea-merge", args=[b.pk])
    assert client_for(people["mentee"]).post(url, {"other": a.pk}).status_code == 403
    assert client_for(people["mentor"]).post(url, {"other": a.pk}).status_code == 302
    b.refresh_from_db()
    assert b.merged_into == a
    page = client_for(people["mentor"]).get(
        reverse("collaboration:session-detail", args=[session.pk])
    )
    assert [i.pk for i in page.context["standing"]] == [a.pk]


def test_event_page_names_the_audience_roles_in_words(world, people):
    event = make_event(world)
    services.event_update(actor=None, event=event, data={"audience_roles": ["teachers", "parents"]})
    page = client_for(people["municipal"]).get(
        reverse("collaboration:event-detail", args=[event.pk])
    )
    assert "учителя, родители" in page.content.decode()


def test_a_deleted_material_goes_to_the_bin_and_comes_back_with_its_file(
    world, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    material = services.material_create(
        actor=None,
        title="Рабочий лист к ОГЭ",
        kind="worksheet",
        school=world.mentor_teacher.school,
        file=SimpleUploadedFile("лист.pdf", b"%PDF-1.4 sheet"),
    )
    client = client_for(people["municipal"])
    client.post(reverse("collaboration:material-delete", args=[material.pk]))
    listed = client.get(reverse("collaboration:material-list"))
    assert "Рабочий лист к ОГЭ" not in listed.content.decode()
    assert (
        client.get(reverse("collaboration:material-detail", args=[material.pk])).status_code == 404
    )
    assert [
        m.pk for m in client.get(reverse("collaboration:material-bin")).context["materials"]
    ] == [material.pk]
    assert (
        client_for(people["mentee"]).get(reverse("collaboration:material-bin")).context["materials"]
        == []
    )
    client.post(reverse("collaboration:material-restore", args=[material.pk]))
    material.refresh_from_db()
    assert material.deleted_at is None
    download = client.get(reverse("collaboration:material-file", args=[material.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 sheet"


def test_a_session_for_a_roadmap_measure_attaches_its_recommendations(
    world, people, settings, tmp_path
):
    from orbita.partnerships import services as partnership_services

    settings.MEDIA_ROOT = tmp_path
    p = partnership_services.partnership_create(
        actor=None, leader=world.mentor_teacher.school, supported=world.branch
    )
    item = partnership_services.roadmap_item_create(
        actor=None, partnership=p, data={"action": "Мозговой штурм о родителях"}
    )
    client = client_for(people["municipal"])
    client.post(
        reverse("collaboration:session-create"),
        {
            "title": "Вовлечение родителей",
            "problem": "Родители не приходят",
            "municipality": world.municipality.pk,
            "roadmap_item": item.pk,
        },
    )
    from orbita.collaboration.models import BrainstormSession

    session = BrainstormSession.objects.get()
    assert session.roadmap_item == item
    services.idea_add(
        actor=None, session=session, text="Семейный квест", author=people["municipal"]
    )
    for _ in range(3):
        session = services.session_advance(actor=people["municipal"], session=session)
    (evidence,) = item.evidence.all()
    assert evidence.name == "Рекомендации мозгового штурма «Вовлечение родителей».docx"
    page = client.get(reverse("partnerships:roadmap", args=[p.pk]))
    assert "Рекомендации мозгового штурма" in page.content.decode()


def test_an_event_serves_a_roadmap_measure(world, people):
    from orbita.partnerships import services as partnership_services

    p = partnership_services.partnership_create(
        actor=None, leader=world.mentor_teacher.school, supported=world.branch
    )
    item = partnership_services.roadmap_item_create(
        actor=None, partnership=p, data={"action": "Открытый урок"}
    )
    event = make_event(world)
    services.event_update(actor=None, event=event, data={"partnership": p, "roadmap_item": item})
    page = client_for(people["municipal"]).get(reverse("partnerships:roadmap", args=[p.pk]))
    assert reverse("collaboration:event-detail", args=[event.pk]) in page.content.decode()
    detail = client_for(people["municipal"]).get(
        reverse("collaboration:event-detail", args=[event.pk])
    )
    assert "Открытый урок" in detail.content.decode()
