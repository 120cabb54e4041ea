from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orbita.collaboration import selectors, services
from orbita.collaboration.models import (
    BrainstormSession,
    CalendarFeed,
    Direction,
    Event,
    Notification,
    Registration,
)
from orbita.collaboration.tests.conftest import make_event
from orbita.core.models import AuditEntry
from orbita.registry.models import Competency, Subject

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


# --- events -------------------------------------------------------------------------------


def test_a_school_coordinator_creates_an_event_of_their_school(world, people):
    event = make_event(
        world,
        organisers=[world.branch],
        direction=Direction.TO_LEADER,
        helper_school=world.branch,
        helped_school=world.mentor_teacher.school,
        title="Семинар, который провела поддерживаемая школа",
    )
    assert event.direction == "to_leader"
    event = services.event_create(
        actor=people["school"],
        municipality=world.municipality,
        title="Открытый урок",
        kind="open_lesson",
        starts_at=timezone.now() + timedelta(days=3),
        organisers=[world.branch],
        grades=[7, 5, 7],
    )
    assert event.grades == [5, 7]
    assert event.created_by == people["school"]
    assert actions()[-1] == "collaboration.event.created"


def test_an_event_of_another_school_is_refused(world, people):
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.event_create(
            actor=people["school"],
            municipality=world.municipality,
            title="Чужой семинар",
            kind="seminar",
            starts_at=timezone.now(),
            organisers=[world.mentor_teacher.school],
        )
    with pytest.raises(PermissionDenied):
        services.event_create(
            actor=people["mentor"],
            municipality=world.municipality,
            title="Семинар",
            kind="seminar",
            starts_at=timezone.now(),
            organisers=[world.mentor_teacher.school],
        )
    assert Event.objects.count() == before


def test_a_directed_event_needs_both_schools(world):
    with pytest.raises(ValidationError) as error:
        make_event(world, helper_school=None)
    assert error.value.message_dict == {"helper_school": ["Укажите, какая школа помогает и какой."]}
    with pytest.raises(ValidationError) as error:
        make_event(world, helped_school=world.mentor_teacher.school)
    assert error.value.message_dict == {"helped_school": ["Школа не помогает сама себе."]}


def test_registration_counts_places_under_a_lock(world, people, event):
    services.event_update(actor=None, event=event, data={"capacity": 1})
    registration = services.event_register(actor=people["mentee"], event=event)
    assert registration.status == Registration.Status.REGISTERED
    # Registering twice is the same registration.
    assert services.event_register(actor=people["mentee"], event=event).pk == registration.pk
    with pytest.raises(ValidationError) as error:
        services.event_register(actor=people["mentor"], event=event)
    assert error.value.messages == ["Свободных мест нет."]
    services.registration_cancel(actor=people["mentee"], event=event)
    assert services.event_register(actor=people["mentor"], event=event).user == people["mentor"]


def test_registration_closed_or_cancelled_is_refused(world, people, event):
    services.event_cancel(actor=people["municipal"], event=event)
    with pytest.raises(ValidationError) as error:
        services.event_register(actor=people["mentee"], event=event)
    assert error.value.messages == ["Регистрация на это мероприятие закрыта."]
    assert not Registration.objects.exists()


def test_attendance_and_outcome_are_recorded_afterwards(world, people):
    event = make_event(world, days=-1)
    for role in ("mentee", "mentor"):
        services.event_register(actor=None, event=event, user=people[role])
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            actor=people["mentee"], event=event, attended_user_ids=[people["mentee"].pk]
        )
    services.attendance_record(
        actor=people["municipal"],
        event=event,
        attended_user_ids=[people["mentee"].pk],
        attendance_count=14,
    )
    attended = dict(Registration.objects.values_list("user__username", "attended"))
    assert attended == {"t-mentee": True, "t-mentor": False}
    services.event_outcome_record(
        actor=people["municipal"], event=event, outcome="  Приняты рекомендации.  "
    )
    event.refresh_from_db()
    assert (event.status, event.outcome, event.attendance_count) == (
        "held",
        "Приняты рекомендации.",
        14,
    )
    assert actions()[-2:] == ["collaboration.event.attendance_recorded", "collaboration.event.held"]


def test_attendance_before_the_event_is_refused(world, people, event):
    with pytest.raises(ValidationError) as error:
        services.attendance_record(actor=people["municipal"], event=event, attended_user_ids=[])
    assert error.value.messages == ["Посещаемость отмечают после начала мероприятия."]


# --- reminders ----------------------------------------------------------------------------


def test_reminders_go_once_by_mail_and_in_the_interface(
    world, people, django_capture_on_commit_callbacks
):
    soon = make_event(world, days=0, starts_at=timezone.now() + timedelta(hours=5))
    later = make_event(world, days=5)
    services.event_register(actor=people["mentee"], event=soon)
    services.event_register(actor=people["mentee"], event=later)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send()
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["t-mentee@example.org"]]
    assert mail.outbox[0].subject.startswith("Напоминание: «Семинар по формирующему оцениванию»")
    notes = list(Notification.objects.values_list("user__username", "event_id"))
    assert notes == [("t-mentee", soon.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
    assert len(mail.outbox) == 1


# --- calendar feeds -----------------------------------------------------------------------


def test_regenerating_a_feed_revokes_the_old_address(world, people):
    first = services.feed_issue(actor=people["mentee"])
    second = services.feed_issue(actor=people["mentee"])
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert first.token != second.token
    assert selectors.own_feed(user=people["mentee"]) == second
    services.feed_revoke(actor=people["mentee"], feed=second)
    assert selectors.own_feed(user=people["mentee"]) is None
    with pytest.raises(PermissionDenied):
        services.feed_revoke(actor=people["mentor"], feed=first)


def test_only_its_coordinators_issue_a_municipal_feed(world, people):
    with pytest.raises(PermissionDenied):
        services.feed_issue(actor=people["school"], municipality=world.municipality)
    feed = services.feed_issue(actor=people["municipal"], municipality=world.municipality)
    assert (feed.user, feed.municipality) == (None, world.municipality)
    assert CalendarFeed.objects.count() == 1


# --- materials ----------------------------------------------------------------------------


def test_a_material_file_is_checked_by_type_and_size(world, people, settings):
    school = world.branch
    with pytest.raises(ValidationError) as error:
        services.material_create(
            actor=people["mentee"],
            title="Рабочий лист",
            kind="worksheet",
            school=school,
            file=SimpleUploadedFile("лист.pdf", b"not a pdf"),
        )
    assert error.value.message_dict == {
        "file": ["Содержимое файла не соответствует его типу (PDF)."]
    }
    with pytest.raises(ValidationError) as error:
        services.material_create(
            actor=people["mentee"],
            title="Рабочий лист",
            kind="worksheet",
            school=school,
            file=SimpleUploadedFile("лист.exe", b"MZ"),
        )
    assert error.value.messages[0].startswith("Допустимые файлы: DOCX, JPEG, JPG, MP4")
    with pytest.raises(ValidationError) as error:
        services.material_create(
            actor=people["mentee"], title="Пусто", kind="article", school=school
        )
    assert error.value.message_dict == {"link": ["Приложите файл или дайте ссылку."]}
    material = services.material_create(
        actor=people["mentee"],
        title="Рабочий лист к ЕГЭ по русскому языку",
        kind="worksheet",
        school=school,
        file=SimpleUploadedFile("лист.pdf", b"%PDF-1.4 ok"),
        subjects=[Subject.objects.get(code="russian")],
        competencies=[Competency.objects.get(code="assessment")],
    )
    assert material.file_name == "лист.pdf"
    assert material.author_name == ""
    assert " рабоч " in material.search_stems and " русск " in material.search_stems


def test_a_teacher_adds_materials_only_for_their_school(world, people):
    with pytest.raises(PermissionDenied):
        services.material_create(
            actor=people["mentee"],
            title="Чужой",
            kind="article",
            school=world.mentor_teacher.school,
            link="https://example.org",
        )


# --- brainstorm sessions ------------------------------------------------------------------


def _session(world, people):
    return services.session_create(
        actor=people["mentor"],
        municipality=world.municipality,
        title="Мотивация слабоуспевающих",
        problem="Как вовлечь слабоуспевающих учащихся 5–9 классов?",
        participants=[people["mentee"], people["school"]],
    )


def test_a_brainstorm_runs_through_its_phases(world, people):
    session = _session(world, people)
    with pytest.raises(ValidationError):
        services.session_advance(actor=people["mentor"], session=session)  # no ideas yet
    a = services.idea_add(actor=people["mentee"], session=session, text="  Проектные   задания ")
    b = services.idea_add(actor=people["school"], session=session, text="Проекты на уроках")
    c = services.idea_add(actor=people["mentor"], session=session, text="Наставник-старшеклассник")
    assert a.text == "Проектные задания"
    with pytest.raises(PermissionDenied):
        services.idea_add(actor=people["municipal"], session=session, text="Не участник")
    with pytest.raises(PermissionDenied):
        services.session_advance(actor=people["mentee"], session=session)
    session = services.session_advance(actor=people["mentor"], session=session)
    assert AuditEntry.objects.filter(action="collaboration.brainstorm.advanced").latest(
        "id"
    ).data == {"phase": ["collect", "combine"]}
    assert session.phase == "combine"
    with pytest.raises(ValidationError):
        services.idea_add(actor=people["mentee"], session=session, text="Поздно")
    a.refresh_from_db()
    services.idea_merge(actor=people["mentor"], idea=b, into=a)
    services.idea_link(actor=people["mentor"], idea=a, other=c)
    assert list(a.related.values_list("pk", flat=True)) == [c.pk]
    session = services.session_advance(actor=people["mentor"], session=session)
    assert session.phase == "rate"
    b.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.idea_rate(actor=people["mentee"], idea=b, score=5)
    assert error.value.messages == ["Идея объединена с другой: оцените ту."]
    for role, scores in {"mentee": (5, 3), "school": (4, 4), "mentor": (3, 5)}.items():
        services.idea_rate(actor=people[role], idea=a, score=scores[0])
        services.idea_rate(actor=people[role], idea=c, score=scores[1])
    services.idea_rate(actor=people["mentee"], idea=c, score=5)  # changed their mind
    ranking = selectors.session_ranking(session=session)
    assert [(r.idea.pk, r.average, r.votes, [m.pk for m in r.merged]) for r in ranking] == [
        (c.pk, 14 / 3, 3, []),
        (a.pk, 4.0, 3, [b.pk]),
    ]
    session = services.session_advance(actor=people["mentor"], session=session)
    assert session.phase == BrainstormSession.Phase.CLOSED
    session.refresh_from_db()
    assert session.recommendations.name.endswith(".docx")
    with pytest.raises(ValidationError):
        services.session_advance(actor=people["mentor"], session=session)


def test_rating_is_only_in_the_rating_phase_and_in_range(world, people):
    session = _session(world, people)
    idea = services.idea_add(actor=people["mentee"], session=session, text="Идея")
    with pytest.raises(ValidationError):
        services.idea_rate(actor=people["mentee"], idea=idea, score=4)
    services.session_advance(actor=people["mentor"], session=session)
    session = services.session_advance(actor=people["mentor"], session=session)
    idea.refresh_from_db()
    with pytest.raises(ValidationError):
        services.idea_rate(actor=people["mentee"], idea=idea, score=6)


def test_poll_returns_only_new_ideas(world, people, django_assert_num_queries):
    session = _session(world, people)
    first = services.idea_add(actor=people["mentee"], session=session, text="Первая")
    second = services.idea_add(actor=people["school"], session=session, text="Вторая")
    with django_assert_num_queries(1):
        ideas = selectors.session_ideas(session=session, after=first.pk)
    assert [i.pk for i in ideas] == [second.pk]


def test_event_writes_record_before_and_after(world, people, event):
    def data(action: str) -> dict:
        return AuditEntry.objects.filter(action=action).latest("id").data

    services.event_update(actor=people["municipal"], event=event, data={"capacity": 20})
    assert data("collaboration.event.updated") == {"capacity": [None, 20]}
    services.event_register(actor=people["mentee"], event=event)
    services.registration_cancel(actor=people["mentee"], event=event)
    assert data("collaboration.registration.cancelled") == {"status": ["registered", "cancelled"]}
    services.event_register(actor=people["mentee"], event=event)
    assert data("collaboration.registration.created") == {
        "event": event.pk,
        "user": people["mentee"].pk,
        "status": ["cancelled", "registered"],
    }
    services.event_cancel(actor=people["municipal"], event=event)
    assert data("collaboration.event.cancelled") == {"status": ["planned", "cancelled"]}


def test_attendance_and_outcome_record_before_and_after(world, people):
    event = make_event(world, days=-1)
    services.event_register(actor=None, event=event, user=people["mentee"])
    services.attendance_record(
        actor=people["municipal"],
        event=event,
        attended_user_ids=[people["mentee"].pk],
        attendance_count=14,
    )
    entry = AuditEntry.objects.get(action="collaboration.event.attendance_recorded")
    assert entry.data == {
        "attended": [people["mentee"].pk],
        "count": 14,
        "marked": {str(people["mentee"].pk): [None, True]},
        "attendance_count": [None, 14],
    }
    services.event_outcome_record(actor=people["municipal"], event=event, outcome="Итоги")
    assert AuditEntry.objects.get(action="collaboration.event.held").data == {
        "outcome": ["", "Итоги"],
        "status": ["planned", "held"],
    }
