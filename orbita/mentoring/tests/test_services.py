"""Services: the mentor and mentee bases, the pair lifecycle, capacity, plans and diaries."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orbita.core.models import AuditEntry
from orbita.mentoring import services
from orbita.mentoring.criteria import CRITERIA_CODES, criteria_quality
from orbita.mentoring.models import (
    MentoringPair,
    MentorProfile,
    NeverMatch,
    PairPlanItem,
    SuccessDiaryEntry,
)
from orbita.mentoring.selectors import pair_activities
from orbita.mentoring.tests.conftest import (
    active_pair,
    another_teacher,
    competency,
    leader_school,
    make_mentee,
    make_mentor,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%evidence\n"


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


# --- mentors ------------------------------------------------------------------------------


def test_mentor_create_takes_the_teachers_subjects_and_audits(world):
    mentor = services.mentor_create(actor=None, teacher=world.mentor_teacher)
    assert mentor.status == MentorProfile.Status.CANDIDATE
    assert mentor.capacity == 2
    assert sorted(mentor.subjects.values_list("code", flat=True)) == ["literature", "russian"]
    assert actions() == ["mentoring.mentor.created"]
    with pytest.raises(ValidationError):
        services.mentor_create(actor=None, teacher=world.mentor_teacher)


def test_mentor_create_is_refused_outside_the_scope_and_writes_nothing(world, people):
    with pytest.raises(PermissionDenied):
        services.mentor_create(actor=people["municipal_other"], teacher=world.mentor_teacher)
    with pytest.raises(PermissionDenied):
        services.mentor_create(actor=people["mentor"], teacher=world.mentor_teacher)
    assert MentorProfile.objects.count() == 0
    assert actions() == []
    mentor = services.mentor_create(actor=people["municipal"], teacher=world.mentor_teacher)
    assert AuditEntry.objects.get().actor == people["municipal"]
    assert mentor.pk


def test_capacity_above_three_only_by_a_coordinators_decision(world, people):
    mentor = make_mentor(world.mentor_teacher)
    with pytest.raises(ValidationError):
        MentorProfile(teacher=world.teacher, capacity=4).full_clean()
    mentor = services.mentor_update(actor=people["municipal"], mentor=mentor, data={"capacity": 4})
    assert (mentor.capacity, mentor.capacity_raised) == (4, True)
    mentor = services.mentor_update(actor=people["municipal"], mentor=mentor, data={"capacity": 3})
    assert (mentor.capacity, mentor.capacity_raised) == (3, False)
    with pytest.raises(PermissionDenied):
        services.mentor_update(actor=people["mentor"], mentor=mentor, data={"capacity": 3})


def test_capacity_cannot_drop_below_the_current_load(setting):
    active_pair(setting)
    with pytest.raises(ValidationError) as error:
        services.mentor_update(actor=None, mentor=setting.mentor, data={"capacity": 0})
    assert "уже 1 наставляемых" in str(error.value)


def test_mentor_rate_turns_the_five_groups_into_quality(world):
    mentor = make_mentor(world.mentor_teacher)
    mentor = services.mentor_rate(
        actor=None, mentor=mentor, scores=dict.fromkeys(CRITERIA_CODES, 2)
    )
    assert mentor.quality == Decimal("1.0000")
    # Qualification full (3 of 3 items), everything else absent: one group of five.
    scores = {"category": 2, "methodical_experience": 2, "publications": 2}
    mentor = services.mentor_rate(actor=None, mentor=mentor, scores=scores)
    assert mentor.quality == Decimal("0.2000")
    assert criteria_quality({"empathy": 2}) == round(1 / 8 / 5, 4)
    with pytest.raises(ValidationError):
        services.mentor_rate(actor=None, mentor=mentor, scores={"category": 3})
    with pytest.raises(ValidationError):
        services.mentor_rate(actor=None, mentor=mentor, scores={"charm": 1})
    assert actions().count("mentoring.mentor.rated") == 2


# --- mentees ------------------------------------------------------------------------------


def test_a_teacher_enters_their_own_request_map_others_may_not(world, people):
    mentee = services.mentee_create(actor=people["mentee"], teacher=world.teacher, format="remote")
    deficit = services.deficit_set(
        actor=people["mentee"], mentee=mentee, competency=competency("exam_prep"), note="ОГЭ"
    )
    services.deficit_set(
        actor=people["school"], mentee=mentee, competency=competency("exam_prep"), note="ОГЭ 9"
    )
    deficit.refresh_from_db()
    assert deficit.note == "ОГЭ 9"
    with pytest.raises(PermissionDenied):
        services.deficit_set(actor=people["mentor"], mentee=mentee, competency=competency("gifted"))
    with pytest.raises(PermissionDenied):
        services.mentee_create(actor=people["mentor"], teacher=world.other_teacher)
    services.deficit_remove(actor=people["mentee"], deficit=deficit)
    assert mentee.deficits.count() == 0
    assert actions() == [
        "mentoring.mentee.created",
        "mentoring.deficit.created",
        "mentoring.deficit.updated",
        "mentoring.deficit.removed",
    ]


# --- programmes ---------------------------------------------------------------------------


def test_programme_checks_weights_schools_and_period(world, people):
    kwargs = {
        "municipality": world.municipality,
        "name": "П",
        "starts_on": date(2021, 1, 1),
        "ends_on": date(2022, 1, 1),
    }
    with pytest.raises(ValidationError):
        services.programme_create(actor=None, weights={"charm": 1}, **kwargs)
    with pytest.raises(ValidationError):
        services.programme_create(actor=None, mentee_schools=[world.foreign_school], **kwargs)
    with pytest.raises(ValidationError):
        services.programme_create(actor=None, scope="partners", **kwargs)
    with pytest.raises(ValidationError):
        services.programme_create(actor=None, **{**kwargs, "ends_on": date(2020, 1, 1)})
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=people["school"], **kwargs)
    programme = services.programme_create(
        actor=people["municipal"], weights={"deficit": 3.0}, forms=["individual", "group"], **kwargs
    )
    assert programme.weights == {"deficit": 3.0}
    assert actions() == ["mentoring.programme.created"]


# --- the pair lifecycle -------------------------------------------------------------------


def test_lifecycle_draft_accepted_active_completed(
    setting, mailoutbox, django_capture_on_commit_callbacks, people
):
    pair = services.pair_create(
        actor=None,
        programme=setting.programme,
        mentor=setting.mentor,
        mentees=[setting.mentee],
        accept=False,
    )
    assert (pair.status, pair.accepted_at, pair.is_live) == ("draft", None, False)
    assert pair.explanation["subject_names"] == ["Русский язык", "Литература"]
    assert pair.explanation["covered_deficit_names"] == ["Подготовка к ОГЭ и ЕГЭ"]
    with pytest.raises(ValidationError):
        services.programme_publish(actor=None, programme=setting.programme)
    pair = services.pair_accept(actor=people["municipal"], pair=pair)
    assert pair.is_live
    with django_capture_on_commit_callbacks(execute=True):
        published = services.programme_publish(
            actor=people["municipal"], programme=setting.programme
        )
    assert [p.pk for p in published] == [pair.pk]
    pair.refresh_from_db()
    assert pair.status == MentoringPair.Status.ACTIVE
    assert pair.started_on == timezone.localdate()
    setting.mentor.refresh_from_db()
    assert setting.mentor.status == MentorProfile.Status.ACTIVE
    # Both sides are told: the mentor and the mentee have logins with addresses.
    assert sorted(m.to[0] for m in mailoutbox) == ["t-mentee@example.org", "t-mentor@example.org"]
    mentee_mail = next(m for m in mailoutbox if m.to == ["t-mentee@example.org"])
    assert "Гаврилова Ирина Павловна" in mentee_mail.body
    assert f"/mentoring/pairs/{pair.pk}/" in mentee_mail.body
    pair = services.pair_complete(actor=None, pair=pair)
    assert pair.status == MentoringPair.Status.COMPLETED
    with pytest.raises(ValidationError):
        services.pair_complete(actor=None, pair=pair)
    assert actions()[-6:] == [
        "mentoring.pair.created",
        "mentoring.pair.accepted",
        "mentoring.pair.published",
        "mentoring.mentor.updated",
        "mentoring.programme.published",
        "mentoring.pair.completed",
    ]
    # Publishing records before → after for the pair and for its mentor, who now works.
    published_entry = AuditEntry.objects.get(action="mentoring.pair.published")
    assert published_entry.data == {
        "status": ["draft", "active"],
        "started_on": [None, timezone.localdate().isoformat()],
    }
    mentor_entry = AuditEntry.objects.filter(action="mentoring.mentor.updated").latest("id")
    assert (mentor_entry.target_id, mentor_entry.data) == (
        str(setting.mentor.pk),
        {"status": ["selected", "active"]},
    )


def test_ending_early_needs_a_reason_and_may_forbid_the_pairing(setting, world):
    pair = active_pair(setting)
    with pytest.raises(ValidationError):
        services.pair_end_early(actor=None, pair=pair, reason="  ")
    pair = services.pair_end_early(
        actor=None, pair=pair, reason="Несовместимость", never_again=True
    )
    assert (pair.status, pair.end_reason) == ("ended_early", "Несовместимость")
    assert AuditEntry.objects.get(action="mentoring.pair.ended_early").data == {
        "never_again": True,
        "status": ["active", "ended_early"],
        "ended_on": [None, timezone.localdate().isoformat()],
        "end_reason": ["", "Несовместимость"],
    }
    assert NeverMatch.objects.filter(mentor=setting.mentor, mentee=setting.mentee).exists()
    # The same two can no longer be paired by hand.
    with pytest.raises(ValidationError):
        services.pair_create(
            actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
        )
    other = make_mentor(
        another_teacher(leader_school(world), "Орлова Вера Ильинична", ("russian",))
    )
    new = services.pair_rematch(actor=None, pair=pair, mentor=other)
    assert new.rematch_of == pair
    assert list(new.mentees.all()) == [setting.mentee]
    assert new.is_live


def test_a_mentee_is_in_one_live_pair_at_a_time(setting, world):
    active_pair(setting)
    other = make_mentor(
        another_teacher(leader_school(world), "Орлова Вера Ильинична", ("russian",))
    )
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            actor=None, programme=setting.programme, mentor=other, mentees=[setting.mentee]
        )
    assert "Назарова Анна Сергеевна" in str(error.value)


def test_reject_drops_the_draft_and_may_add_a_veto(setting, people):
    pair = services.pair_create(
        actor=None,
        programme=setting.programme,
        mentor=setting.mentor,
        mentees=[setting.mentee],
        accept=False,
    )
    with pytest.raises(PermissionDenied):
        services.pair_reject(actor=people["school"], pair=pair)
    services.pair_reject(actor=people["municipal"], pair=pair, never_again=True, reason="Конфликт")
    assert not MentoringPair.objects.exists()
    assert NeverMatch.objects.get().reason == "Конфликт"
    assert actions()[-2:] == ["mentoring.never_match.created", "mentoring.pair.rejected"]


def test_swap_exchanges_mentees_and_clears_acceptance(setting, world):
    history_mentor = make_mentor(
        another_teacher(leader_school(world), "Орлова Вера Ильинична", ("history", "russian"))
    )
    history_mentee = make_mentee(world.other_teacher)
    first = services.pair_create(
        actor=None,
        programme=setting.programme,
        mentor=setting.mentor,
        mentees=[history_mentee],
        accept=True,
    )
    second = services.pair_create(
        actor=None,
        programme=setting.programme,
        mentor=history_mentor,
        mentees=[setting.mentee],
        accept=False,
    )
    first, second = services.pair_swap(actor=None, first=first, second=second)
    assert list(first.mentees.all()) == [setting.mentee]
    assert list(second.mentees.all()) == [history_mentee]
    assert first.accepted_at is None and second.accepted_at is None
    assert first.explanation["subject_names"] == ["Русский язык", "Литература"]
    assert second.explanation["subject_names"] == ["История"]


def test_group_mentoring_counts_every_mentee_against_capacity(setting, world):
    services.programme_update(
        actor=None, programme=setting.programme, data={"forms": ["individual", "group"]}
    )
    setting.mentor = services.mentor_update(actor=None, mentor=setting.mentor, data={"capacity": 2})
    pair = services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    second = make_mentee(world.other_teacher)
    pair = services.pair_add_mentee(actor=None, pair=pair, mentee=second)
    assert pair.form == "group"
    assert pair.memberships.count() == 2
    third = make_mentee(another_teacher(world.branch, "Зуев Олег Ильич", ("russian",)))
    with pytest.raises(ValidationError) as error:
        services.pair_add_mentee(actor=None, pair=pair, mentee=third)
    assert "2 из 2" in str(error.value)


def test_a_pairs_form_must_be_one_the_programme_offers(setting, world):
    services.programme_update(
        actor=None, programme=setting.programme, data={"forms": ["individual", "virtual"]}
    )
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            actor=None,
            programme=setting.programme,
            mentor=setting.mentor,
            mentees=[setting.mentee],
            form="reverse",
        )
    assert error.value.message_dict == {
        "form": [
            "Программа «Наставничество Сеченовского района 2021–2022» не предусматривает "
            "форму наставничества «реверсивная». Доступны: индивидуальная, виртуальная."
        ]
    }
    assert not MentoringPair.objects.exists()
    pair = services.pair_create(
        actor=None,
        programme=setting.programme,
        mentor=setting.mentor,
        mentees=[setting.mentee],
        form="virtual",
    )
    assert pair.form == "virtual"
    # A virtual pair keeps its form when it grows; an individual one would need «групповая».
    second = make_mentee(world.other_teacher)
    assert services.pair_add_mentee(actor=None, pair=pair, mentee=second).form == "virtual"


def test_an_individual_pair_grows_into_a_group_only_when_offered(setting, world):
    pair = services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    assert pair.form == "individual"
    with pytest.raises(ValidationError) as error:
        services.pair_add_mentee(actor=None, pair=pair, mentee=make_mentee(world.other_teacher))
    assert "«групповая»" in error.value.messages[0]
    assert pair.memberships.count() == 1


def test_without_a_form_a_pair_takes_the_programmes_default(setting):
    services.programme_update(
        actor=None, programme=setting.programme, data={"forms": ["traditional"]}
    )
    assert services.default_form(setting.programme, 1) == "traditional"
    pair = services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    assert pair.form == "traditional"


# --- capacity -----------------------------------------------------------------------------


def test_the_second_accept_for_the_last_place_fails(setting, world):
    setting.mentor = services.mentor_update(actor=None, mentor=setting.mentor, data={"capacity": 1})
    second_mentee = make_mentee(world.other_teacher)
    drafts = [
        services.pair_create(
            actor=None,
            programme=setting.programme,
            mentor=setting.mentor,
            mentees=[m],
            accept=False,
        )
        for m in (setting.mentee, second_mentee)
    ]
    services.pair_accept(actor=None, pair=drafts[0])
    with pytest.raises(ValidationError) as error:
        services.pair_accept(actor=None, pair=drafts[1])
    assert "1 из 1" in str(error.value)
    assert services.mentor_load(mentor=setting.mentor) == 1
    drafts[1].refresh_from_db()
    assert drafts[1].accepted_at is None


# --- plan, diary, meetings ----------------------------------------------------------------


def test_plan_is_filled_from_the_deficits_once(setting):
    pair = active_pair(setting)
    start = date(2021, 3, 1)
    items = services.plan_fill_from_deficits(actor=None, pair=pair, start=start)
    assert [(i.competency.code, i.deadline) for i in items] == [
        ("exam_prep", start + timedelta(weeks=8)),
        ("low_achievers", start + timedelta(weeks=6)),
    ]
    assert items[0].content.startswith("Мастер-класс по подготовке к ОГЭ")
    assert services.plan_fill_from_deficits(actor=None, pair=pair, start=start) == []
    assert all(i.is_overdue for i in items)
    services.plan_item_update(actor=None, item=items[0], data={"status": PairPlanItem.Status.DONE})
    activity = pair_activities([pair])[pair.pk]
    assert (activity.items_total, activity.items_done, activity.items_overdue) == (2, 1, 1)
    assert activity.progress == 50


def test_only_pair_members_work_on_the_plan(setting, people):
    pair = active_pair(setting)
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=people["school_other"], pair=pair, goal="x")
    plan = services.plan_update(actor=people["mentor"], pair=pair, goal="Подготовка к ОГЭ")
    assert plan.goal == "Подготовка к ОГЭ"


def test_diary_entry_by_the_mentee_with_checked_evidence(setting, people):
    pair = active_pair(setting)
    with pytest.raises(PermissionDenied):
        services.diary_entry_create(
            actor=people["mentor"], pair=pair, date=date(2021, 4, 1), achievement="x"
        )
    bad = SimpleUploadedFile("report.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.diary_entry_create(
            actor=people["mentee"], pair=pair, date=date(2021, 4, 1), achievement="x", evidence=bad
        )
    assert "не соответствует" in str(error.value)
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.diary_entry_create(
            actor=people["mentee"], pair=pair, date=date(2021, 4, 1), achievement="x", evidence=exe
        )
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * services.EVIDENCE_MAX_BYTES)
    with pytest.raises(ValidationError):
        services.diary_entry_create(
            actor=people["mentee"], pair=pair, date=date(2021, 4, 1), achievement="x", evidence=big
        )
    assert SuccessDiaryEntry.objects.count() == 0
    entry = services.diary_entry_create(
        actor=people["mentee"],
        pair=pair,
        date=date(2021, 4, 1),
        achievement="Провела урок с рабочим листом",
        competency=competency("exam_prep"),
        evidence=SimpleUploadedFile("Урок.pdf", PDF),
    )
    assert entry.mentee == setting.mentee
    assert entry.evidence_name == "Урок.pdf"
    assert entry.evidence.name.endswith(".pdf")
    with io.BytesIO(entry.evidence.read()) as stored:
        assert stored.read() == PDF
    with pytest.raises(PermissionDenied):
        services.diary_entry_share(actor=people["mentor"], entry=entry, is_shared=True)
    entry = services.diary_entry_share(actor=people["mentee"], entry=entry, is_shared=True)
    assert entry.is_shared


def test_meetings_by_members_and_only_a_mentee_shares(setting, people):
    pair = active_pair(setting)
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=people["municipal"], pair=pair, date=date(2021, 4, 2), topic="x"
        )
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=people["mentor"], pair=pair, date=date(2021, 4, 2), topic="x", is_shared=True
        )
    meeting = services.meeting_create(
        actor=people["mentor"], pair=pair, date=date(2021, 4, 2), topic="Рабочий лист", notes="…"
    )
    with pytest.raises(PermissionDenied):
        services.meeting_share(actor=people["mentor"], meeting=meeting, is_shared=True)
    assert services.meeting_share(actor=people["mentee"], meeting=meeting, is_shared=True).is_shared


def test_draft_pairs_keep_no_diary(setting, people):
    pair = services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    with pytest.raises(ValidationError):
        services.diary_entry_create(
            actor=people["mentee"], pair=pair, date=date(2021, 4, 1), achievement="x"
        )


# --- alerts -------------------------------------------------------------------------------


def test_alerts_quiet_pairs_overdue_rows_and_mentors_over_capacity(setting, people):
    from orbita.mentoring.selectors import programme_alerts

    today = timezone.localdate()
    pair = services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    services.programme_publish(
        actor=None, programme=setting.programme, notify=False, started_on=today - timedelta(30)
    )
    pair.refresh_from_db()
    services.plan_item_create(
        actor=None, pair=pair, content="Разбор заданий", deadline=today - timedelta(1)
    )
    services.plan_item_create(actor=None, pair=pair, content="Урок", deadline=today + timedelta(9))
    # 30 days since the start, nothing recorded: quiet; one row past its deadline: overdue.
    user = people["municipal"]
    kinds = [(a.kind, a.count) for a in programme_alerts(user=user, programme=setting.programme)]
    assert kinds == [("quiet", 0), ("overdue", 1)]

    # A meeting 20 days ago is recent enough (21 days is the limit).
    services.meeting_create(actor=None, pair=pair, date=today - timedelta(20), topic="Встреча")
    kinds = [a.kind for a in programme_alerts(user=user, programme=setting.programme)]
    assert kinds == ["overdue"]

    # Over capacity (e.g. the capacity was lowered outside the services): flagged.
    MentorProfile.objects.filter(pk=setting.mentor.pk).update(capacity=0)
    alerts = programme_alerts(user=user, programme=setting.programme)
    assert [(a.kind, a.count) for a in alerts] == [("overdue", 1), ("over_capacity", 1)]
    assert alerts.items[1].mentor.pk == setting.mentor.pk
    # Other scopes see no alerts of this programme's pairs.
    assert not programme_alerts(user=people["municipal_other"], programme=setting.programme)
