"""Reads of mentoring, always within the caller's scope (``orbita.accounts.access``).

* Mentor and mentee profiles are personal data like the teacher records they extend:
  coordinators of the teacher's school (school, municipality, region) and the teacher
  themself.
* Programmes: the coordinators of their municipality and region, and the school
  coordinators of the schools taking part.
* Pairs (with their plans, diaries and meetings): the programme's coordinators, the
  coordinators of the mentor's and the mentees' schools, the mentor and the mentees
  (``person`` paths). Within a pair, diary entries and meeting notes are the members'
  own: ``diary_list`` / ``meeting_list`` give others only what a mentee shared, and
  ``pair_activity`` gives everyone who sees the pair the counts and dates.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from orbita.accounts.access import Scope, get_scope, scope_q
from orbita.core.db import text_search
from orbita.core.history import history
from orbita.core.models import AuditEntry
from orbita.mentoring import rules
from orbita.mentoring.models import (
    AVAILABLE_STATUSES,
    Deficit,
    MatchingRun,
    Meeting,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    NeverMatch,
    PairMentee,
    PairPlan,
    PairPlanItem,
    Programme,
    SuccessDiaryEntry,
)
from orbita.registry.models import Municipality, School, Subject

PROFILE_PATHS = {
    "region": "teacher__school__municipality__region_id",
    "municipality": "teacher__school__municipality_id",
    "school": "teacher__school_id",
    "person": "teacher_id",
}
# A pair's days without a diary entry, a meeting or a plan change before it is flagged.
QUIET_DAYS = 21


def live_q(prefix: str = "") -> Q:
    """Live pairs (active, or accepted drafts), through ``prefix`` (e.g. ``"pair__"``)."""
    return Q(**{f"{prefix}status": MentoringPair.Status.ACTIVE}) | Q(
        **{f"{prefix}status": MentoringPair.Status.DRAFT, f"{prefix}accepted_at__isnull": False}
    )


LIVE = live_q()


def _count(rows: QuerySet[Any], key: str) -> Coalesce:
    """The number of ``rows`` per outer row as a correlated subquery (``rows`` filtered on
    ``OuterRef``, grouped by ``key``). Unlike ``Count`` over a JOIN it needs no GROUP BY of
    the whole list, so a page of 25 counts 25 rows' worth."""
    return Coalesce(
        Subquery(rows.order_by().values(key).annotate(n=Count("pk")).values("n")[:1]), 0
    )


def mentor_load() -> Coalesce:
    """A mentor's load: mentees in their live pairs (active, or accepted drafts)."""
    return _count(
        # One join: ``pair__in`` a subquery of live pairs would scan the pairs twice.
        PairMentee.objects.filter(live_q("pair__"), pair__mentor=OuterRef("pk")),
        "pair__mentor",
    )


def require_coordinator(user: Any) -> Scope:
    """The user's scope; ``PermissionDenied`` unless they coordinate something."""
    scope = get_scope(user)
    if not scope.is_coordinator:
        raise PermissionDenied
    return scope


def _narrow[M: Any](qs: QuerySet[M], q: Q | None) -> QuerySet[M]:
    return qs if q is None else qs.filter(q)


# --- mentors ------------------------------------------------------------------------------


def mentor_list(
    *,
    user: Any,
    search: str = "",
    status: str = "",
    subject: str = "",
    school_id: int | None = None,
    municipality_id: int | None = None,
) -> QuerySet[MentorProfile]:
    """Mentor profiles in scope with ``load`` (mentees in live pairs), subjects and
    strengths prefetched, ordered by name."""
    qs = _narrow(
        MentorProfile.objects.select_related("teacher__school__municipality"),
        scope_q(get_scope(user), **PROFILE_PATHS),
    ).prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("order", "name")), "strengths"
    )
    if search:
        qs = text_search(qs, search, "teacher__full_name", "teacher__position")
    if status:
        qs = qs.filter(status=status)
    if subject:
        qs = qs.filter(subjects__code=subject)
    if school_id:
        qs = qs.filter(teacher__school_id=school_id)
    if municipality_id:
        qs = qs.filter(teacher__school__municipality_id=municipality_id)
    return qs.annotate(load=mentor_load()).order_by("teacher__full_name", "id")


def mentor_get(*, user: Any, pk: int) -> MentorProfile:
    return get_object_or_404(mentor_list(user=user), pk=pk)


def never_match_list(*, user: Any) -> QuerySet[NeverMatch]:
    """Never-match rules whose mentor is in the user's scope (coordinators of the mentor's
    school, municipality or region — they may also remove them), newest first."""
    return _narrow(
        NeverMatch.objects.select_related(
            "mentor__teacher__school", "mentee__teacher__school", "created_by"
        ),
        scope_q(get_scope(user), **{k: f"mentor__{v}" for k, v in PROFILE_PATHS.items()}),
    ).order_by("-created_at", "-id")


def never_match_get(*, user: Any, pk: int) -> NeverMatch:
    return get_object_or_404(never_match_list(user=user), pk=pk)


def mentor_of_teacher(*, user: Any, teacher_id: int) -> MentorProfile | None:
    return mentor_list(user=user).filter(teacher_id=teacher_id).first()


# --- mentees ------------------------------------------------------------------------------


def mentee_list(
    *,
    user: Any,
    search: str = "",
    school_id: int | None = None,
    municipality_id: int | None = None,
    competency: str = "",
    unpaired: bool | None = None,
) -> QuerySet[MenteeProfile]:
    """Mentee profiles in scope with their deficits prefetched and ``in_pair`` (the number
    of live pairs, 0 or 1); unpaired first, then by name."""
    qs = _narrow(
        MenteeProfile.objects.select_related("teacher__school__municipality"),
        scope_q(get_scope(user), **PROFILE_PATHS),
    ).prefetch_related(
        Prefetch("deficits", queryset=Deficit.objects.select_related("competency")),
        Prefetch("teacher__subjects", queryset=Subject.objects.order_by("order", "name")),
    )
    if search:
        qs = text_search(qs, search, "teacher__full_name", "teacher__position")
    if school_id:
        qs = qs.filter(teacher__school_id=school_id)
    if municipality_id:
        qs = qs.filter(teacher__school__municipality_id=municipality_id)
    if competency:
        # One filter() call: the removed difficulties (not seen by the manager in a join)
        # must not match.
        qs = qs.filter(deficits__competency__code=competency, deficits__deleted_at__isnull=True)
    qs = qs.annotate(
        # 1 when in a live pair: ``IN`` over the live memberships is one hashed lookup
        # per row, where a count would join and group every mentee in scope.
        in_pair=Case(
            When(
                pk__in=PairMentee.objects.filter(
                    pair__in=MentoringPair.objects.filter(LIVE)
                ).values("mentee_id"),
                then=Value(1),
            ),
            default=Value(0),
        )
    )
    if unpaired is True:
        qs = qs.filter(in_pair=0)
    elif unpaired is False:
        qs = qs.filter(in_pair__gt=0)
    return qs.order_by("in_pair", "teacher__full_name", "id")


def mentee_get(*, user: Any, pk: int) -> MenteeProfile:
    return get_object_or_404(mentee_list(user=user), pk=pk)


def mentee_of_teacher(*, user: Any, teacher_id: int) -> MenteeProfile | None:
    return mentee_list(user=user).filter(teacher_id=teacher_id).first()


# --- programmes ---------------------------------------------------------------------------


def _programme_q(scope: Scope) -> Q | None:
    q = scope_q(scope, region="municipality__region_id", municipality="municipality_id")
    if q is None:
        return None
    if scope.school_ids:
        # A school takes part when listed, or when the programme lists no mentee schools
        # (then every school of its municipality may send mentees).
        q |= (
            Q(mentee_schools__in=scope.school_ids)
            | Q(partner_schools__in=scope.school_ids)
            | Q(mentee_schools__isnull=True, municipality__schools__in=scope.school_ids)
        )
    return q


def programme_list(*, user: Any, municipality_id: int | None = None) -> QuerySet[Programme]:
    """Programmes in scope with the number of pairs by state."""
    q = _programme_q(get_scope(user))
    qs = Programme.objects.select_related("municipality__region")
    if q is not None:
        qs = qs.filter(pk__in=Programme.objects.filter(q).values("pk"))
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    return qs.annotate(
        draft_count=Count("pairs", filter=Q(pairs__status=MentoringPair.Status.DRAFT)),
        active_count=Count("pairs", filter=Q(pairs__status=MentoringPair.Status.ACTIVE)),
    ).order_by("-starts_on", "name", "id")


def programme_get(*, user: Any, pk: int) -> Programme:
    return get_object_or_404(programme_list(user=user), pk=pk)


def programme_manageable(*, user: Any, pk: int) -> Programme:
    """A programme the user may manage; 404 outside the scope, 403 when only visible."""
    programme = programme_get(user=user, pk=pk)
    if not rules.may_manage_programme(user, programme):
        raise PermissionDenied
    return programme


def manageable_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes whose pairs the user may make (their municipality's or region's)."""
    scope = get_scope(user)
    qs = programme_list(user=user)
    if scope.unrestricted:
        return qs
    return qs.filter(
        Q(municipality_id__in=scope.municipality_ids)
        | Q(municipality__region_id__in=scope.region_ids)
    )


def pairing_mentors(user: Any) -> QuerySet[MentorProfile]:
    """Mentors a programme manager may pair by hand: available mentors of the regions of the
    programmes they manage, those with free places first."""
    regions = set(manageable_programmes(user).values_list("municipality__region_id", flat=True))
    qs = (
        MentorProfile.objects.filter(
            status__in=AVAILABLE_STATUSES, teacher__school__municipality__region_id__in=regions
        )
        .select_related("teacher__school")
        .annotate(load=mentor_load())
    )
    return qs.annotate(free=F("capacity") - F("load")).order_by("-free", "teacher__full_name", "id")


def run_get(*, user: Any, pk: int) -> MatchingRun:
    return get_object_or_404(
        MatchingRun.objects.select_related("programme__municipality").filter(
            programme__in=programme_list(user=user).values("pk")
        ),
        pk=pk,
    )


# --- pairs --------------------------------------------------------------------------------


def _pair_q(scope: Scope) -> Q | None:
    """Coordinators: the programme's municipality and region, the mentor's and the mentees'
    schools (and their municipalities and regions). Members: their own pairs once published
    (a draft is the coordinators' working material)."""
    if scope.unrestricted:
        return None
    coordinator = scope_q(
        scope,
        region="programme__municipality__region_id",
        municipality="programme__municipality_id",
        school="mentor__teacher__school_id",
    )
    mentor_school = scope_q(
        scope,
        region="mentor__teacher__school__municipality__region_id",
        municipality="mentor__teacher__school__municipality_id",
    )
    mentee_school = scope_q(
        scope,
        region="mentee__teacher__school__municipality__region_id",
        municipality="mentee__teacher__school__municipality_id",
        school="mentee__teacher__school_id",
    )
    assert coordinator is not None and mentor_school is not None and mentee_school is not None
    q = (
        coordinator
        | mentor_school
        | Q(pk__in=PairMentee.objects.filter(mentee_school).values("pair_id"))
    )
    if scope.teacher_id is not None:
        member = Q(mentor__teacher_id=scope.teacher_id) | Q(
            pk__in=PairMentee.objects.filter(mentee__teacher_id=scope.teacher_id).values("pair_id")
        )
        q |= member & ~Q(status=MentoringPair.Status.DRAFT)
    return q


def pair_list(
    *,
    user: Any,
    programme_id: int | None = None,
    status: str = "",
    mentor_id: int | None = None,
    mentee_id: int | None = None,
) -> QuerySet[MentoringPair]:
    """Pairs in scope with programme, mentor and mentees loaded (no query per row)."""
    qs = _narrow(MentoringPair.objects.all(), _pair_q(get_scope(user)))
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if status:
        qs = qs.filter(status=status)
    if mentor_id:
        qs = qs.filter(mentor_id=mentor_id)
    if mentee_id:
        qs = qs.filter(memberships__mentee_id=mentee_id)
    return (
        qs.select_related("programme__municipality", "mentor__teacher__school__municipality")
        .prefetch_related(
            Prefetch(
                "mentees",
                queryset=MenteeProfile.objects.select_related(
                    "teacher__school__municipality"
                ).order_by("teacher__full_name"),
            )
        )
        .order_by("programme_id", "mentor__teacher__full_name", "id")
    )


def pair_get(*, user: Any, pk: int) -> MentoringPair:
    return get_object_or_404(pair_list(user=user), pk=pk)


def pair_manageable(*, user: Any, pk: int) -> MentoringPair:
    """A pair whose lifecycle the user may change; 404 outside the scope, 403 otherwise."""
    pair = pair_get(user=user, pk=pk)
    if not rules.may_manage_programme(user, pair.programme):
        raise PermissionDenied
    return pair


def own_pairs(*, user: Any) -> dict[str, list[MentoringPair]]:
    """The user's own pairs as mentor and as mentee (published or finished, not drafts)."""
    teacher_id = get_scope(user).teacher_id
    if teacher_id is None:
        return {"as_mentor": [], "as_mentee": []}
    visible = pair_list(user=user).exclude(status=MentoringPair.Status.DRAFT)
    return {
        "as_mentor": list(visible.filter(mentor__teacher_id=teacher_id)),
        "as_mentee": list(
            visible.filter(
                pk__in=PairMentee.objects.filter(mentee__teacher_id=teacher_id).values("pair_id")
            )
        ),
    }


@dataclass
class PairActivity:
    """What everyone who sees a pair may know about its work: counts and dates."""

    diary_count: int = 0
    meeting_count: int = 0
    last_activity: date | None = None
    items_total: int = 0
    items_done: int = 0
    items_overdue: int = 0

    @property
    def progress(self) -> int:
        return round(100 * self.items_done / self.items_total) if self.items_total else 0

    @property
    def is_quiet(self) -> bool:
        return self.last_activity is None or (
            timezone.localdate() - self.last_activity > timedelta(days=QUIET_DAYS)
        )


def pair_activities(pairs: Iterable[MentoringPair]) -> dict[int, PairActivity]:
    """Activity of many pairs in four queries (diary, meetings, plan rows)."""
    ids = [p.pk for p in pairs]
    out = {pk: PairActivity() for pk in ids}
    started = {p.pk: p.started_on for p in pairs}
    for row in (
        SuccessDiaryEntry.objects.filter(pair_id__in=ids)
        .values("pair_id")
        .annotate(n=Count("id"), last=Max("date"))
    ):
        out[row["pair_id"]].diary_count = row["n"]
        out[row["pair_id"]].last_activity = row["last"]
    for row in (
        Meeting.objects.filter(pair_id__in=ids)
        .values("pair_id")
        .annotate(n=Count("id"), last=Max("date"))
    ):
        activity = out[row["pair_id"]]
        activity.meeting_count = row["n"]
        activity.last_activity = max(d for d in (activity.last_activity, row["last"]) if d)
    today = timezone.localdate()
    for prow in (
        PairPlanItem.objects.filter(plan__pair_id__in=ids)
        .values("plan__pair_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=PairPlanItem.Status.DONE)),
            overdue=Count("id", filter=Q(deadline__lt=today) & ~Q(status=PairPlanItem.Status.DONE)),
            last=Max("updated_at"),
        )
    ):
        activity = out[prow["plan__pair_id"]]
        activity.items_total = prow["total"]
        activity.items_done = prow["done"]
        activity.items_overdue = prow["overdue"]
        if prow["done"] and prow["last"]:
            last = timezone.localdate(prow["last"])
            activity.last_activity = max(d for d in (activity.last_activity, last) if d)
    for pk, activity in out.items():
        # A pair that has just started is not quiet yet: count from its start.
        if activity.last_activity is None and started.get(pk):
            activity.last_activity = started[pk]
    return out


def diary_list(*, user: Any, pair: MentoringPair) -> list[SuccessDiaryEntry]:
    """The diary entries the user may read: the mentor all, a mentee their own, everyone
    else (coordinators) only the shared ones."""
    qs = pair.diary.select_related("competency", "mentee__teacher")
    if rules.is_pair_mentor(user, pair):
        return list(qs)
    own = rules.pair_mentee_of(user, pair)
    if own is not None:
        return list(qs.filter(Q(mentee=own) | Q(is_shared=True)))
    return list(qs.filter(is_shared=True))


def diary_entry_get(*, user: Any, pk: int) -> SuccessDiaryEntry:
    """One entry the user may read (see ``diary_list``), else 404."""
    entry = get_object_or_404(
        SuccessDiaryEntry.objects.select_related("pair", "mentee__teacher"),
        pk=pk,
        pair__in=pair_list(user=user).values("pk"),
    )
    if entry.pk not in {e.pk for e in diary_list(user=user, pair=entry.pair)}:
        from django.http import Http404

        raise Http404
    return entry


def meeting_list(*, user: Any, pair: MentoringPair) -> list[Meeting]:
    """Meetings with notes for the members; others see only the shared ones."""
    qs = pair.meetings.select_related("created_by")
    if rules.is_pair_member(user, pair):
        return list(qs)
    return list(qs.filter(is_shared=True))


def meeting_get(*, user: Any, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("pair"),
        pk=pk,
        pair__in=pair_list(user=user).values("pk"),
    )


def plan_list(*, user: Any) -> QuerySet[PairPlan]:
    """Plans of the pairs in scope, with their rows (for the API)."""
    return (
        PairPlan.objects.filter(pair__in=pair_list(user=user).values("pk"))
        .select_related("pair")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PairPlanItem.objects.select_related("competency").order_by(
                    "order", "deadline", "id"
                ),
            )
        )
        .order_by("pair_id")
    )


def diary_entry_list(*, user: Any) -> QuerySet[SuccessDiaryEntry]:
    """Diary entries the user may read, over every pair in scope: the mentor reads their
    pairs' entries, a mentee their own; everyone else only what a mentee shared (the same
    rule as ``diary_list`` on the pair's page)."""
    teacher_id = get_scope(user).teacher_id
    qs = SuccessDiaryEntry.objects.filter(pair__in=pair_list(user=user).values("pk"))
    readable = Q(is_shared=True)
    if teacher_id is not None:
        readable |= Q(pair__mentor__teacher_id=teacher_id) | Q(mentee__teacher_id=teacher_id)
    return (
        qs.filter(readable).select_related("competency", "mentee__teacher").order_by("-date", "-id")
    )


def plan_item_list(*, user: Any) -> QuerySet[PairPlanItem]:
    """The plan rows of every pair in scope (the API's list), by pair and in plan order."""
    return (
        PairPlanItem.objects.filter(plan__pair__in=pair_list(user=user).values("pk"))
        .select_related("competency", "plan")
        .order_by("plan__pair_id", "order", "deadline", "id")
    )


def deficit_list(*, user: Any) -> QuerySet[Deficit]:
    """The request maps' difficulties of every mentee in scope (the API's list)."""
    return (
        Deficit.objects.filter(mentee__in=mentee_list(user=user).values("pk"))
        .select_related("competency")
        .order_by("mentee_id", "competency__name", "id")
    )


def plan_items(pair: MentoringPair) -> list[PairPlanItem]:
    return list(
        PairPlanItem.objects.filter(plan__pair=pair)
        .select_related("competency")
        .order_by("order", "deadline", "id")
    )


def deficits_removed(mentee: MenteeProfile) -> list[Deficit]:
    """The mentee's removed difficulties (restorable), the latest removal first."""
    return list(
        Deficit.all_objects.filter(mentee=mentee, deleted_at__isnull=False)
        .select_related("competency", "deleted_by")
        .order_by("-deleted_at", "-id")
    )


def deficit_get(*, user: Any, pk: int, removed: bool = False) -> Deficit:
    """A difficulty of a mentee in scope (a removed one with ``removed``); 404 else."""
    rows = Deficit.all_objects.filter(deleted_at__isnull=not removed)
    return get_object_or_404(
        rows.select_related("mentee__teacher__school__municipality", "competency"),
        pk=pk,
        mentee__in=mentee_list(user=user).values("pk"),
    )


def plan_items_removed(pair: MentoringPair) -> list[PairPlanItem]:
    """The plan's removed rows (restorable), the latest removal first."""
    return list(
        PairPlanItem.all_objects.filter(plan__pair=pair, deleted_at__isnull=False)
        .select_related("competency", "deleted_by")
        .order_by("-deleted_at", "-id")
    )


def plan_item_get(*, user: Any, pk: int, removed: bool = False) -> PairPlanItem:
    """A row of the plan of a pair in scope (a removed one with ``removed``); 404 else."""
    rows = PairPlanItem.all_objects.filter(deleted_at__isnull=not removed)
    return get_object_or_404(
        rows.select_related("plan__pair__programme"),
        pk=pk,
        plan__pair__in=pair_list(user=user).values("pk"),
    )


def plan_history(pair: MentoringPair) -> list[AuditEntry]:
    """The plan's history: the goal and every row, removed ones too, newest first."""
    plan = getattr(pair, "plan", None)
    if plan is None:
        return []
    rows = PairPlanItem.all_objects.filter(plan=plan).values_list("pk", flat=True)
    return history([plan], extra=[(PairPlanItem, rows)])


# --- the request map ----------------------------------------------------------------------


@dataclass
class RequestMapRow:
    code: str
    name: str
    group: str
    teachers: int = 0
    schools: list[str] = field(default_factory=list)
    mentors: int = 0  # mentors of the municipality's region who list it as a strength


def request_map(*, user: Any, municipality: Municipality) -> list[RequestMapRow]:
    """The municipality's request map: each deficit, how many teachers named it, at which
    schools, and how many available mentors of the region can cover it. Most asked first."""
    deficits = (
        Deficit.objects.filter(
            mentee__in=mentee_list(user=user, municipality_id=municipality.pk).values("pk")
        )
        .select_related("competency", "mentee__teacher__school")
        .order_by("competency__order", "id")
    )
    rows: dict[str, RequestMapRow] = {}
    for deficit in deficits:
        c = deficit.competency
        row = rows.setdefault(c.code, RequestMapRow(code=c.code, name=c.name, group=c.group))
        row.teachers += 1
        school = deficit.mentee.teacher.school.display_name
        if school not in row.schools:
            row.schools.append(school)
    if rows:
        from orbita.mentoring.models import AVAILABLE_STATUSES

        strengths = (
            MentorProfile.strengths.through.objects.filter(
                competency__code__in=rows,
                mentorprofile__status__in=AVAILABLE_STATUSES,
                mentorprofile__teacher__school__municipality__region_id=municipality.region_id,
            )
            .values("competency__code")
            .annotate(n=Count("mentorprofile_id", distinct=True))
        )
        for item in strengths:
            rows[item["competency__code"]].mentors = item["n"]
    for row in rows.values():
        row.schools.sort()
    return sorted(rows.values(), key=lambda r: (-r.teachers, r.name))


def request_map_municipalities(*, user: Any) -> QuerySet[Municipality]:
    from orbita.registry.selectors import municipality_list

    return municipality_list(user=user)


# --- alerts -------------------------------------------------------------------------------


@dataclass
class Alert:
    kind: str  # "quiet", "over_capacity", "overdue"
    pair: MentoringPair | None = None
    mentor: MentorProfile | None = None
    count: int = 0


def quiet_q(today: date | None = None) -> Q:
    """Pairs with no activity for more than ``QUIET_DAYS`` days, in SQL: the rule of
    ``PairActivity.is_quiet`` (latest diary entry, meeting or plan change once a row is
    done; a pair with none of these counts from its start), for lists too long to load."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=QUIET_DAYS)
    since = timezone.make_aware(datetime.combine(cutoff, time.min))
    diary = SuccessDiaryEntry.objects.filter(pair=OuterRef("pk"))
    meetings = Meeting.objects.filter(pair=OuterRef("pk"))
    items = PairPlanItem.objects.filter(plan__pair=OuterRef("pk"))
    done = items.filter(status=PairPlanItem.Status.DONE)
    recent = (
        Q(Exists(diary.filter(date__gte=cutoff)))
        | Q(Exists(meetings.filter(date__gte=cutoff)))
        | (Q(Exists(done)) & Q(Exists(items.filter(updated_at__gte=since))))
    )
    untouched = ~Q(Exists(diary)) & ~Q(Exists(meetings)) & ~Q(Exists(done))
    just_started = Q(started_on__isnull=False, started_on__gte=cutoff)
    return ~(recent | (untouched & just_started))


def overdue_count(today: date | None = None) -> Coalesce:
    """A pair's plan rows past their deadline and not done, as a subquery."""
    today = today or timezone.localdate()
    return _count(
        PairPlanItem.objects.filter(plan__pair=OuterRef("pk"), deadline__lt=today).exclude(
            status=PairPlanItem.Status.DONE
        ),
        "plan__pair",
    )


@dataclass
class Alerts:
    """A programme's alerts: how many of each kind, and the first ``limit`` of each."""

    counts: dict[str, int]
    items: list[Alert]

    def __bool__(self) -> bool:
        return any(self.counts.values())

    def __iter__(self) -> Any:
        return iter(self.items)


# The kinds of pairs that need attention, as the programme page filters them.
ATTENTION_KINDS = ("quiet", "overdue")


def needing_attention(
    pairs: QuerySet[MentoringPair], kind: str, today: date | None = None
) -> QuerySet[MentoringPair]:
    """Those of ``pairs`` that are ``quiet``, or ``overdue`` (annotated with ``overdue``,
    their number of overdue plan rows)."""
    if kind == "quiet":
        return pairs.filter(quiet_q(today))
    if kind == "overdue":
        return pairs.annotate(overdue=overdue_count(today)).filter(overdue__gt=0)
    raise ValueError(kind)


def attention_pairs(*, user: Any, programme: Programme, kind: str) -> QuerySet[MentoringPair]:
    """The programme's active pairs that need attention (``ATTENTION_KINDS``)."""
    pairs = pair_list(user=user, programme_id=programme.pk, status=MentoringPair.Status.ACTIVE)
    return needing_attention(pairs, kind)


def programme_alerts(*, user: Any, programme: Programme, limit: int | None = None) -> Alerts:
    """Active pairs with no activity for 21 days or with overdue plan rows, and mentors
    of the programme whose live load exceeds their capacity: counted in SQL, and the first
    ``limit`` of each kind loaded (all of them without a limit)."""
    counts: dict[str, int] = {}
    items: list[Alert] = []
    quiet = attention_pairs(user=user, programme=programme, kind="quiet")
    overdue = attention_pairs(user=user, programme=programme, kind="overdue")
    # The ids first: as a subquery, PostgreSQL would compute the load of every mentor.
    mentor_ids = set(
        pair_list(user=user, programme_id=programme.pk, status=MentoringPair.Status.ACTIVE)
        .order_by()
        .values_list("mentor_id", flat=True)
    )
    over = mentor_list(user=user).filter(
        pk__in=mentor_ids,
        load__gt=F("capacity"),  # type: ignore[misc]
    )

    def first(qs: QuerySet[Any]) -> list[Any]:
        return list(qs if limit is None else qs[:limit])

    for kind, pairs in (("quiet", quiet), ("overdue", overdue)):
        counts[kind] = pairs.count()
        if counts[kind]:
            items += [Alert(kind, pair=p, count=getattr(p, "overdue", 0)) for p in first(pairs)]
    counts["over_capacity"] = over.count()
    if counts["over_capacity"]:
        items += [Alert("over_capacity", mentor=m, count=m.load) for m in first(over)]
    return Alerts(counts, items)


def schools_for_programmes(*, user: Any, municipality: Municipality) -> QuerySet[School]:
    from orbita.registry.selectors import school_list

    return school_list(user=user, municipality_id=municipality.pk)


def school_flags(*, user: Any, school_ids: Iterable[int]) -> dict[int, list[str]]:
    """The diagnosis flags of each school's latest computed year, for coordinators only.

    A school's flags are the coordinators' working data (orbita.diagnosis): mentors and
    mentees never see them, on any mentoring page, so for them this is always empty.
    """
    from orbita.diagnosis.selectors import flags_list

    ids = {i for i in school_ids if i is not None}
    if not ids or not get_scope(user).is_coordinator:
        return {}
    latest: dict[int, list[str]] = {}
    for row in flags_list(user=user).filter(school_id__in=ids).order_by("school_id", "-year"):
        latest.setdefault(row.school_id, row.flag_codes)
    return latest
