"""Mentoring rows of the project-wide permission matrix (orbita/tests/test_permission_matrix.py).

``mentoring_objects`` builds, on the shared ``world``, one programme of Сеченовский район
with the fixture mentor (Сеченовская СШ, the ``mentor`` login) and mentee (Красновская ОШ,
the ``mentee`` login) as an active pair with a plan row, an unshared diary entry with an
evidence file, an unshared meeting, a deficit and a finished matching run.
"""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from orbita.mentoring import services
from orbita.mentoring.models import (
    Deficit,
    MatchingRun,
    Meeting,
    MentoringPair,
    NeverMatch,
    PairPlanItem,
    SuccessDiaryEntry,
)
from orbita.registry.models import Competency

#                 anon  reg  r_oth mun  m_oth sch  s_oth mentor mentee super
COORDINATORS = (302, 200, 200, 200, 200, 200, 200, 403, 403, 200)
MENTOR_PAGE = (302, 200, 404, 200, 404, 404, 404, 200, 404, 200)
MENTOR_MANAGE = (302, 200, 404, 200, 404, 404, 404, 403, 404, 200)
MENTOR_PAIR = (302, 302, 404, 302, 404, 404, 404, 403, 404, 302)
MENTEE_CREATE = (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)
MENTEE_PAGE = (302, 200, 404, 200, 404, 200, 404, 404, 200, 200)
MENTEE_EDIT = (302, 302, 404, 302, 404, 302, 404, 404, 302, 302)
MENTEE_PAIR = (302, 302, 404, 302, 404, 403, 404, 404, 403, 302)
MUNICIPALITY = (302, 200, 404, 200, 404, 404, 404, 404, 404, 200)
PROGRAMME_CREATE = (302, 200, 200, 200, 200, 403, 403, 403, 403, 200)
PROGRAMME_PAGE = (302, 200, 404, 200, 404, 200, 404, 404, 404, 200)
PROGRAMME_MANAGE = (302, 200, 404, 200, 404, 403, 404, 404, 404, 200)
PROGRAMME_POST = (302, 302, 404, 302, 404, 403, 404, 404, 404, 302)
PAIR_PAGE = (302, 200, 404, 200, 404, 200, 404, 200, 200, 200)
PAIR_MANAGE_POST = (302, 302, 404, 302, 404, 403, 404, 403, 403, 302)
PAIR_WORK_POST = (302, 302, 404, 302, 404, 302, 404, 302, 302, 302)
# Removing and restoring a plan row: the pair's members and the coordinators who see it.
PLAN_ITEM_POST = (302, 302, 404, 302, 404, 302, 404, 302, 302, 302)
DIARY_ADD = (302, 403, 404, 403, 404, 403, 404, 403, 302, 403)
DIARY_SHARE = (302, 404, 404, 404, 404, 404, 404, 403, 302, 404)
DIARY_FILE = (302, 404, 404, 404, 404, 404, 404, 200, 200, 404)
MEETING_ADD = (302, 403, 404, 403, 404, 403, 404, 302, 302, 403)
MEETING_SHARE = (302, 403, 404, 403, 404, 403, 404, 403, 302, 403)
API_LIST = (401, *(200,) * 9)
API_MENTOR = (401, 200, 404, 200, 404, 404, 404, 200, 404, 200)
API_MENTEE = (401, 200, 404, 200, 404, 200, 404, 404, 200, 200)
API_PROGRAMME = (401, 200, 404, 200, 404, 200, 404, 404, 404, 200)
API_PAIR = (401, 200, 404, 200, 404, 200, 404, 200, 200, 200)
API_DIARY = (401, 404, 404, 404, 404, 404, 404, 200, 200, 404)
# Writes. An empty POST on a list is refused by the input check (400) for everyone signed in;
# each write's rights and effects are tested in orbita/api/tests/test_mentoring_writes.py.
API_CREATE_EMPTY = (401, *(400,) * 9)
API_MENTOR_PATCH = (401, 200, 404, 200, 404, 404, 404, 403, 404, 200)
API_MENTEE_DEFICIT_EMPTY = (401, 400, 404, 400, 404, 400, 404, 404, 400, 400)
API_PROGRAMME_PATCH = (401, 200, 404, 200, 404, 403, 404, 404, 404, 200)
API_PAIR_NOT_DRAFT = (401, 400, 404, 400, 404, 403, 404, 403, 403, 400)
API_PAIR_MANAGE = (401, 200, 404, 200, 404, 403, 404, 403, 403, 200)
API_PLAN_ITEM = (401, 201, 404, 201, 404, 201, 404, 201, 201, 201)
API_DIARY_SHARE = (401, 404, 404, 404, 404, 404, 404, 403, 200, 404)
# A plan row: everyone who sees the pair reads and edits it, removes and restores it.
API_PLAN_ROW = API_PAIR
API_PLAN_ROW_DELETE = (401, 204, 404, 204, 404, 204, 404, 204, 204, 204)
# A difficulty of the request map: read like the mentee; removed by the mentee and the
# coordinators of their school (the mentor sees no request map: 404).
API_DEFICIT = API_MENTEE
API_DEFICIT_DELETE = (401, 204, 404, 204, 404, 204, 404, 404, 204, 204)


def mentoring_objects(world: Any, people: Any) -> dict[str, int]:
    """The mentoring objects the matrix rows point at, by name → primary key."""
    existing = MentoringPair.objects.filter(programme__name="Матрица").first()
    if existing is not None:
        return _keys(existing)
    programme = services.programme_create(
        actor=None,
        municipality=world.municipality,
        name="Матрица",
        starts_on=date(2021, 1, 11),
        ends_on=date(2022, 5, 31),
        mentee_schools=[world.branch],
    )
    mentor = services.mentor_create(actor=None, teacher=world.mentor_teacher, status="selected")
    mentee = services.mentee_create(actor=None, teacher=world.teacher)
    services.deficit_set(
        actor=None, mentee=mentee, competency=Competency.objects.get(code="exam_prep")
    )
    gone = services.deficit_set(
        actor=None, mentee=mentee, competency=Competency.objects.get(code="low_achievers")
    )
    services.deficit_remove(actor=None, deficit=gone)
    pair = services.pair_create(actor=None, programme=programme, mentor=mentor, mentees=[mentee])
    services.programme_publish(actor=None, programme=programme, notify=False)
    pair.refresh_from_db()
    services.plan_item_create(
        actor=None, pair=pair, content="Мастер-класс", deadline=date(2021, 3, 1)
    )
    removed = services.plan_item_create(
        actor=None, pair=pair, content="Удалённый пункт", deadline=date(2021, 3, 2)
    )
    services.plan_item_delete(actor=None, item=removed)
    services.diary_entry_create(
        actor=None,
        pair=pair,
        mentee=mentee,
        date=date(2021, 4, 1),
        achievement="Урок с рабочим листом",
        evidence=SimpleUploadedFile("урок.pdf", b"%PDF-1.4 matrix"),
    )
    services.meeting_create(actor=None, pair=pair, date=date(2021, 4, 2), topic="Встреча")
    other = services.mentee_create(actor=None, teacher=world.other_teacher)
    services.never_match_create(actor=None, mentor=mentor, mentee=other, reason="Матрица")
    MatchingRun.objects.create(programme=programme, status=MatchingRun.Status.DONE, progress=100)
    return _keys(pair)


def _keys(pair: MentoringPair) -> dict[str, int]:
    mentee = pair.mentees.get()
    return {
        "programme": pair.programme_id,
        "mentor": pair.mentor_id,
        "mentee": mentee.pk,
        "pair": pair.pk,
        "plan": pair.plan.pk,
        "deficit": Deficit.objects.filter(mentee=mentee).values_list("pk", flat=True)[0],
        "removed_deficit": Deficit.all_objects.filter(
            mentee=mentee, deleted_at__isnull=False
        ).values_list("pk", flat=True)[0],
        "item": pair.plan.items.values_list("pk", flat=True)[0],
        "removed_item": PairPlanItem.all_objects.filter(
            plan__pair=pair, deleted_at__isnull=False
        ).values_list("pk", flat=True)[0],
        "entry": SuccessDiaryEntry.objects.filter(pair=pair).values_list("pk", flat=True)[0],
        "meeting": Meeting.objects.filter(pair=pair).values_list("pk", flat=True)[0],
        "rule": NeverMatch.objects.filter(mentor_id=pair.mentor_id).values_list("pk", flat=True)[0],
        "run": MatchingRun.objects.filter(programme_id=pair.programme_id).values_list(
            "pk", flat=True
        )[0],
    }


def pk_of(name: str) -> Any:
    """``Case.kwargs`` for a URL that takes the pk of one of the objects."""
    return lambda w, p: {"pk": mentoring_objects(w, p)[name]}


# name (or ``name#method`` for a second method on the URL) → (expected statuses in the order
# of ROLES, kwargs, method[, data])
ROWS: dict[str, tuple[Any, ...]] = {
    "mentoring:home": ((302, *(200,) * 9), None, "get"),
    "mentoring:mentor-list": (COORDINATORS, None, "get"),
    "mentoring:mentor-create": (COORDINATORS, None, "get"),
    "mentoring:mentor-export": (COORDINATORS, None, "get"),
    "mentoring:mentor-detail": (MENTOR_PAGE, pk_of("mentor"), "get"),
    "mentoring:mentor-edit": (MENTOR_MANAGE, pk_of("mentor"), "get"),
    "mentoring:mentor-criteria": (MENTOR_MANAGE, pk_of("mentor"), "get"),
    "mentoring:mentor-pair": (MENTOR_PAIR, pk_of("mentor"), "post"),
    "mentoring:never-match-list": (COORDINATORS, None, "get"),
    "mentoring:never-match-remove": (MENTOR_PAIR, pk_of("rule"), "post"),
    "mentoring:mentee-list": (COORDINATORS, None, "get"),
    "mentoring:mentee-create": (MENTEE_CREATE, None, "get"),
    "mentoring:mentee-export": (COORDINATORS, None, "get"),
    "mentoring:mentee-detail": (MENTEE_PAGE, pk_of("mentee"), "get"),
    "mentoring:mentee-edit": (MENTEE_EDIT, pk_of("mentee"), "post"),
    "mentoring:deficit-add": (MENTEE_EDIT, pk_of("mentee"), "post"),
    "mentoring:mentee-pair": (MENTEE_PAIR, pk_of("mentee"), "post"),
    "mentoring:deficit-remove": (MENTEE_EDIT, pk_of("deficit"), "post"),
    "mentoring:deficit-restore": (MENTEE_EDIT, pk_of("removed_deficit"), "post"),
    "mentoring:request-map": (MUNICIPALITY, lambda w, p: {"pk": w.municipality.pk}, "get"),
    "mentoring:programme-list": (COORDINATORS, None, "get"),
    "mentoring:programme-create": (PROGRAMME_CREATE, None, "get"),
    "mentoring:programme-detail": (PROGRAMME_PAGE, pk_of("programme"), "get"),
    "mentoring:programme-edit": (PROGRAMME_MANAGE, pk_of("programme"), "get"),
    "mentoring:programme-match": (PROGRAMME_POST, pk_of("programme"), "post"),
    "mentoring:programme-review": (PROGRAMME_MANAGE, pk_of("programme"), "get"),
    "mentoring:pair-swap": (PROGRAMME_POST, pk_of("programme"), "post"),
    "mentoring:programme-publish": (PROGRAMME_POST, pk_of("programme"), "post"),
    "mentoring:programme-order": (PROGRAMME_MANAGE, pk_of("programme"), "get"),
    "mentoring:run-detail": (PROGRAMME_PAGE, pk_of("run"), "get"),
    "mentoring:pair-detail": (PAIR_PAGE, pk_of("pair"), "get"),
    "mentoring:pair-accept": (PAIR_MANAGE_POST, pk_of("pair"), "post"),
    "mentoring:pair-reject": (PAIR_MANAGE_POST, pk_of("pair"), "post"),
    "mentoring:pair-complete": (PAIR_MANAGE_POST, pk_of("pair"), "post"),
    "mentoring:pair-end": (PAIR_MANAGE_POST, pk_of("pair"), "post"),
    "mentoring:pair-rematch": (PAIR_MANAGE_POST, pk_of("pair"), "post"),
    "mentoring:pair-add-mentee": (PAIR_MANAGE_POST, pk_of("pair"), "post"),
    "mentoring:plan-goal": (PAIR_WORK_POST, pk_of("pair"), "post"),
    "mentoring:plan-fill": (PAIR_WORK_POST, pk_of("pair"), "post"),
    "mentoring:plan-item-add": (PAIR_WORK_POST, pk_of("pair"), "post"),
    "mentoring:pair-plan-docx": (PAIR_PAGE, pk_of("pair"), "get"),
    "mentoring:plan-item-status": (PAIR_WORK_POST, pk_of("item"), "post"),
    "mentoring:plan-item-delete": (PLAN_ITEM_POST, pk_of("item"), "post"),
    "mentoring:plan-item-restore": (PLAN_ITEM_POST, pk_of("removed_item"), "post"),
    "mentoring:diary-add": (DIARY_ADD, pk_of("pair"), "post"),
    "mentoring:diary-share": (DIARY_SHARE, pk_of("entry"), "post"),
    "mentoring:diary-evidence": (DIARY_FILE, pk_of("entry"), "get"),
    "mentoring:meeting-add": (MEETING_ADD, pk_of("pair"), "post"),
    "mentoring:meeting-share": (MEETING_SHARE, pk_of("meeting"), "post"),
    "api:mentor-list": (API_LIST, None, "get"),
    "api:mentor-detail": (API_MENTOR, pk_of("mentor"), "get"),
    "api:mentee-list": (API_LIST, None, "get"),
    "api:mentee-detail": (API_MENTEE, pk_of("mentee"), "get"),
    "api:mentoring-programme-list": (API_LIST, None, "get"),
    "api:mentoring-programme-detail": (API_PROGRAMME, pk_of("programme"), "get"),
    "api:mentoring-pair-list": (API_LIST, None, "get"),
    "api:mentoring-pair-detail": (API_PAIR, pk_of("pair"), "get"),
    "api:pair-plan-list": (API_LIST, None, "get"),
    "api:pair-plan-detail": (API_PAIR, pk_of("plan"), "get"),
    "api:diary-entry-list": (API_LIST, None, "get"),
    "api:diary-entry-detail": (API_DIARY, pk_of("entry"), "get"),
    "api:mentor-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:mentor-detail#patch": (API_MENTOR_PATCH, pk_of("mentor"), "patch"),
    "api:mentee-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:mentee-detail#patch": (API_MENTEE, pk_of("mentee"), "patch"),
    "api:mentee-deficits": (API_MENTEE_DEFICIT_EMPTY, pk_of("mentee"), "post"),
    "api:mentoring-programme-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:mentoring-programme-detail#patch": (API_PROGRAMME_PATCH, pk_of("programme"), "patch"),
    "api:mentoring-pair-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:mentoring-pair-accept": (API_PAIR_NOT_DRAFT, pk_of("pair"), "post"),
    "api:mentoring-pair-reject": (API_PAIR_NOT_DRAFT, pk_of("pair"), "post"),
    "api:mentoring-pair-complete": (API_PAIR_MANAGE, pk_of("pair"), "post"),
    "api:mentoring-pair-end": (API_PAIR_MANAGE, pk_of("pair"), "post", {"reason": "Переезд"}),
    "api:pair-plan-detail#patch": (API_PAIR, pk_of("plan"), "patch", {"goal": "Цель"}),
    "api:pair-plan-items": (
        API_PLAN_ITEM,
        pk_of("plan"),
        "post",
        {"content": "Открытый урок", "deadline": "2021-05-01"},
    ),
    "api:plan-item-list": (API_LIST, None, "get"),
    "api:plan-item-detail": (API_PLAN_ROW, pk_of("item"), "get"),
    "api:plan-item-detail#patch": (API_PLAN_ROW, pk_of("item"), "patch", {"status": "done"}),
    "api:plan-item-detail#delete": (API_PLAN_ROW_DELETE, pk_of("item"), "delete"),
    "api:plan-item-restore": (API_PLAN_ROW, pk_of("removed_item"), "post"),
    "api:deficit-list": (API_LIST, None, "get"),
    "api:deficit-detail": (API_DEFICIT, pk_of("deficit"), "get"),
    "api:deficit-detail#delete": (API_DEFICIT_DELETE, pk_of("deficit"), "delete"),
    "api:deficit-restore": (API_DEFICIT, pk_of("removed_deficit"), "post"),
    "api:diary-entry-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:diary-entry-detail#patch": (API_DIARY_SHARE, pk_of("entry"), "patch", {"is_shared": True}),
}
