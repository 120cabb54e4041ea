"""Reads of collaboration, always within the caller's scope (``orbita.accounts.access``).

* Events: the coordinators of the event's municipality and region; everyone whose scope
  holds one of its schools — an organiser, an audience school, the school that helps or the
  school that is helped (school coordinators, and teachers of those schools through their
  ``person_school``); and whoever registered for it.
* Materials: the bank is shared within a region — anyone whose scope touches a region's
  schools sees that region's materials (a supported school reuses its leader's work).
* Brainstorm sessions: the coordinators of their municipality and region, the facilitator
  and the participants.

The schools "in the user's scope" are always ``restrict(School…)``, so the three rules rest
on the same access layer as every other page.
"""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from orbita.accounts.access import get_scope, restrict, scope_q
from orbita.collaboration import rules
from orbita.collaboration.models import (
    BrainstormSession,
    CalendarFeed,
    Direction,
    Event,
    EventKind,
    Idea,
    IdeaRating,
    Material,
    Notification,
    Registration,
)
from orbita.collaboration.search import search_materials
from orbita.core.db import text_search
from orbita.registry.models import Municipality, School
from orbita.registry.selectors import SCHOOL_PATHS

# How many ideas one poll returns at most (a session of 30 people adds far fewer in 3 s).
POLL_LIMIT = 200


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def scope_schools(user: Any) -> QuerySet[School]:
    """The schools in the user's scope, their own school included for teachers."""
    return restrict(School.objects.all(), user, **SCHOOL_PATHS, person_school="id")


def region_schools(*, user: Any) -> QuerySet[School]:
    """The schools of the regions the user's scope touches (partners, audiences)."""
    qs = School.objects.select_related("municipality").order_by("name", "id")
    if get_scope(user).unrestricted:
        return qs
    return qs.filter(
        municipality__region_id__in=scope_schools(user).values("municipality__region_id")
    )


def event_municipalities(*, user: Any) -> QuerySet[Municipality]:
    """Municipalities in scope, or of the schools in scope (a school's or a teacher's own)."""
    ids = restrict(
        Municipality.objects.all(),
        user,
        region="region_id",
        municipality="id",
        school="schools",
        person_school="schools",
    ).values("pk")
    return Municipality.objects.filter(pk__in=ids).order_by("name", "id")


def event_municipality_get(*, user: Any, pk: int) -> Municipality:
    return get_object_or_404(event_municipalities(user=user), pk=pk)


def material_schools(*, user: Any) -> QuerySet[School]:
    """Schools the user may add materials for: those they coordinate, and a teacher's own."""
    coordinated = restrict(School.objects.all(), user, **SCHOOL_PATHS)
    teacher_id = get_scope(user).teacher_id
    q = Q(pk__in=coordinated.values("pk"))
    if teacher_id is not None:
        q |= Q(staff__pk=teacher_id)
    return School.objects.filter(q).distinct().order_by("name", "id")


# --- events -------------------------------------------------------------------------------


def _event_q(user: Any) -> Q | None:
    scope = get_scope(user)
    if scope.unrestricted:
        return None
    q = scope_q(scope, region="municipality__region_id", municipality="municipality_id")
    assert q is not None
    if scope.is_empty:
        return q
    schools = scope_schools(user).values("pk")
    through_organisers = Event.organisers.through.objects.filter(school__in=schools)
    through_audience = Event.audience_schools.through.objects.filter(school__in=schools)
    return (
        q
        | Q(pk__in=through_organisers.values("event_id"))
        | Q(pk__in=through_audience.values("event_id"))
        | Q(helper_school__in=schools)
        | Q(helped_school__in=schools)
        | Q(pk__in=Registration.objects.filter(user=user).values("event_id"))
    )


def _local_day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def event_list(
    *,
    user: Any,
    kind: str = "",
    direction: str = "",
    status: str = "",
    municipality_id: int | None = None,
    school_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    search: str = "",
    mine: bool = False,
) -> QuerySet[Event]:
    """Events in scope, with their schools loaded and the user's registration and the
    number of registrations annotated (no query per row). ``date_to`` is inclusive;
    ``mine``: only events the user registered for."""
    q = _event_q(user)
    qs = Event.objects.all() if q is None else Event.objects.filter(q)
    if kind:
        qs = qs.filter(kind=kind)
    if direction:
        qs = qs.filter(direction=direction)
    if status:
        qs = qs.filter(status=status)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    if school_id:
        qs = qs.filter(
            Q(
                pk__in=Event.organisers.through.objects.filter(school_id=school_id).values(
                    "event_id"
                )
            )
            | Q(
                pk__in=Event.audience_schools.through.objects.filter(school_id=school_id).values(
                    "event_id"
                )
            )
            | Q(helper_school_id=school_id)
            | Q(helped_school_id=school_id)
        )
    if date_from:
        qs = qs.filter(starts_at__gte=_local_day_start(date_from))
    if date_to:
        qs = qs.filter(starts_at__lt=_local_day_start(date_to + timedelta(days=1)))
    if search:
        qs = text_search(qs, search, "title", "description", "place")
    registered = Registration.objects.filter(
        event=OuterRef("pk"), status=Registration.Status.REGISTERED
    )
    if user is not None and getattr(user, "is_authenticated", False):
        own = registered.filter(user=user)
        qs = qs.annotate(is_registered=Exists(own))
        if mine:
            qs = qs.filter(is_registered=True)
    return (
        qs.select_related("municipality", "helper_school", "helped_school", "programme")
        .prefetch_related(
            Prefetch("organisers", queryset=School.objects.order_by("name")),
        )
        .annotate(
            # A correlated count rather than a JOIN + GROUP BY: the database then counts
            # only the rows of the page shown instead of grouping every event in scope.
            registration_count=Coalesce(
                Subquery(
                    registered.order_by().values("event").annotate(n=Count("id")).values("n")[:1]
                ),
                0,
            )
        )
        .order_by("starts_at", "id")
    )


def event_get(*, user: Any, pk: int) -> Event:
    return get_object_or_404(
        event_list(user=user).prefetch_related(
            Prefetch("audience_schools", queryset=School.objects.order_by("name"))
        ),
        pk=pk,
    )


def event_manageable(*, user: Any, pk: int) -> Event:
    """An event the user may manage; 404 outside the scope, 403 when only visible."""
    from django.core.exceptions import PermissionDenied

    event = event_get(user=user, pk=pk)
    if not rules.may_manage_event(user, event):
        raise PermissionDenied
    return event


def registration_list(*, user: Any, event: Event) -> QuerySet[Registration]:
    """An event's registrations: all of them for those who manage it, one's own otherwise."""
    qs = Registration.objects.filter(event=event).select_related("user__teacher__school")
    if not rules.may_manage_event(user, event):
        qs = qs.filter(user=user)
    return qs.order_by("user__teacher__full_name", "user__username", "id")


def registration_scope_list(*, user: Any) -> QuerySet[Registration]:
    """Registrations the user may see anywhere: their own and those of events they see
    and manage (for the API)."""
    if not _signed_in(user):
        return Registration.objects.none()
    events = event_list(user=user)
    scope = get_scope(user)
    qs = Registration.objects.filter(event__in=events.values("pk"))
    if not scope.is_coordinator:
        qs = qs.filter(user=user)
    return qs.select_related("event", "user").order_by("event_id", "id")


@dataclass
class MonthDay:
    day: date
    in_month: bool
    events: list[Event] = field(default_factory=list)


def event_month(*, user: Any, year: int, month: int, **filters: Any) -> list[list[MonthDay]]:
    """The weeks (Monday first) of a month with the events of each day, in the user's
    scope and narrowed by ``event_list``'s filters. Two queries whatever the month holds."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    events = list(event_list(user=user, date_from=first, date_to=last, **filters))
    by_day: dict[date, list[Event]] = {}
    for event in events:
        by_day.setdefault(timezone.localdate(event.starts_at), []).append(event)
    return [
        [MonthDay(day=d, in_month=d.month == month, events=by_day.get(d, [])) for d in week]
        for week in weeks
    ]


@dataclass
class EventCounts:
    """Events by kind and direction (for monitoring)."""

    total: int
    by_kind: dict[str, int]
    by_direction: dict[str, int]
    cells: dict[tuple[str, str], int]

    def rows(self) -> list[tuple[str, str, list[int], int]]:
        """(kind, label, counts per direction in ``Direction`` order, total) for each kind
        that occurs."""
        return [
            (
                kind,
                str(label),
                [self.cells.get((kind, d), 0) for d in Direction.values],
                self.by_kind[kind],
            )
            for kind, label in EventKind.choices
            if kind in self.by_kind
        ]


def event_counts(
    *,
    user: Any,
    date_from: date | None = None,
    date_to: date | None = None,
    municipality_id: int | None = None,
    include_cancelled: bool = False,
) -> EventCounts:
    """How many events of each kind and direction the user's scope holds in the period
    (cancelled events left out unless asked). One query."""
    qs = event_list(
        user=user, date_from=date_from, date_to=date_to, municipality_id=municipality_id
    )
    if not include_cancelled:
        qs = qs.exclude(status=Event.Status.CANCELLED)
    rows = (
        Event.objects.filter(pk__in=qs.values("pk"))
        .values("kind", "direction")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(r["kind"], r["direction"]): r["n"] for r in rows}
    by_kind: Counter[str] = Counter()
    by_direction: Counter[str] = Counter()
    for (kind, direction), n in cells.items():
        by_kind[kind] += n
        by_direction[direction] += n
    return EventCounts(
        total=sum(cells.values()),
        by_kind=dict(by_kind),
        by_direction=dict(by_direction),
        cells=cells,
    )


# --- calendars and notifications ----------------------------------------------------------


def personal_feed_events(*, feed: CalendarFeed) -> QuerySet[Event]:
    """What a person's ICS feed shows: the events they registered for and the events of
    their own school(s), in their scope, not cancelled, from a year back."""
    user = feed.user
    since = timezone.now() - timedelta(days=365)
    own_schools = scope_schools(user).values("pk")
    teacher = getattr(user, "teacher", None)
    mine = Q(registrations__user=user, registrations__status=Registration.Status.REGISTERED)
    school_q = Q(organisers__in=own_schools) | Q(audience_schools__in=own_schools)
    if teacher is not None:
        school_q |= Q(organisers=teacher.school_id) | Q(audience_schools=teacher.school_id)
    ids = (
        Event.objects.filter(mine | school_q, starts_at__gte=since)
        .exclude(status=Event.Status.CANCELLED)
        .values("pk")
    )
    return event_list(user=user).filter(pk__in=ids)


def municipal_feed_events(*, feed: CalendarFeed) -> QuerySet[Event]:
    """What a municipality's ICS feed shows: its events, not cancelled, from a year back."""
    since = timezone.now() - timedelta(days=365)
    return (
        Event.objects.filter(municipality=feed.municipality, starts_at__gte=since)
        .exclude(status=Event.Status.CANCELLED)
        .select_related("municipality", "helper_school", "helped_school")
        .prefetch_related("organisers")
        .order_by("starts_at", "id")
    )


def personal_feed_programmes(*, feed: CalendarFeed) -> QuerySet[Any]:
    """Active network programmes of the person's schools (host or guest), in their scope."""
    from orbita.partnerships.selectors import network_programme_list

    user = feed.user
    own = set(scope_schools(user).values_list("pk", flat=True))
    teacher = getattr(user, "teacher", None)
    if teacher is not None:
        own.add(teacher.school_id)
    return network_programme_list(user=user).filter(
        Q(host_school_id__in=own) | Q(guest_school_id__in=own), is_active=True
    )


def municipal_feed_programmes(*, feed: CalendarFeed) -> QuerySet[Any]:
    """Active network programmes a school of the municipality hosts or attends."""
    from orbita.partnerships.models import NetworkProgramme

    m = feed.municipality_id
    return (
        NetworkProgramme.objects.filter(
            Q(host_school__municipality_id=m) | Q(guest_school__municipality_id=m),
            is_active=True,
        )
        .select_related("host_school", "guest_school")
        .order_by("weekday", "time_start", "id")
    )


def feed_by_token(*, token: str) -> CalendarFeed:
    """The active feed with this secret; 404 for an unknown or revoked one."""
    return get_object_or_404(
        CalendarFeed.objects.select_related("user", "municipality"),
        token=token,
        revoked_at__isnull=True,
    )


def own_feed(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).order_by("-id").first()


def municipal_feeds(*, user: Any) -> QuerySet[CalendarFeed]:
    """Active municipal feeds the user may see (the municipalities in their scope)."""
    return restrict(
        CalendarFeed.objects.filter(municipality__isnull=False, revoked_at__isnull=True),
        user,
        region="municipality__region_id",
        municipality="municipality_id",
    ).select_related("municipality")


def notification_list(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_get(*, user: Any, pk: int) -> Notification:
    return get_object_or_404(notification_list(user=user), pk=pk)


# --- materials ----------------------------------------------------------------------------


def _material_q(user: Any) -> Q | None:
    scope = get_scope(user)
    if scope.unrestricted:
        return None
    regions = scope_schools(user).values("municipality__region_id")
    q = Q(school__municipality__region_id__in=regions)
    if user is not None and getattr(user, "is_authenticated", False):
        q |= Q(created_by=user)
    return q


def material_list(
    *,
    user: Any,
    search: str = "",
    kind: str = "",
    subject: str = "",
    competency: str = "",
    school_id: int | None = None,
    grade: int | None = None,
    event_id: int | None = None,
) -> QuerySet[Material]:
    """Materials in scope, filtered; ``search`` is the Russian full-text search
    (``orbita.collaboration.search``), which also orders by relevance on PostgreSQL."""
    qs = _materials_in_scope(user).filter(deleted_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if subject:
        qs = qs.filter(
            pk__in=Material.subjects.through.objects.filter(subject__code=subject).values(
                "material_id"
            )
        )
    if competency:
        qs = qs.filter(
            pk__in=Material.competencies.through.objects.filter(competency__code=competency).values(
                "material_id"
            )
        )
    if school_id:
        qs = qs.filter(school_id=school_id)
    if event_id:
        qs = qs.filter(event_id=event_id)
    qs = qs.select_related("school__municipality", "author", "event").prefetch_related(
        "subjects", "competencies"
    )
    if grade:
        # JSON containment differs between the databases; grades are few, filter in Python
        # by id and keep a queryset.
        ids = [pk for pk, grades in qs.values_list("pk", "grades") if grade in (grades or [])]
        qs = qs.filter(pk__in=ids)
    if search:
        return search_materials(qs, search)
    return qs.order_by("-created_at", "id")


def _materials_in_scope(user: Any) -> QuerySet[Material]:
    q = _material_q(user)
    return Material.objects.all() if q is None else Material.objects.filter(q)


def material_get(*, user: Any, pk: int) -> Material:
    return get_object_or_404(material_list(user=user), pk=pk)


def material_bin(*, user: Any) -> list[Material]:
    """Removed materials the user may put back (their own, their schools'), newest first."""
    from orbita.collaboration.rules import may_manage_material

    removed = (
        _materials_in_scope(user)
        .filter(deleted_at__isnull=False)
        .select_related("school__municipality", "deleted_by")
        .order_by("-deleted_at", "-id")
    )
    return [m for m in removed[:200] if may_manage_material(user, m)]


def material_removed_get(*, user: Any, pk: int) -> Material:
    return get_object_or_404(_materials_in_scope(user).filter(deleted_at__isnull=False), pk=pk)


def materials_for_deficits(*, user: Any, mentee: Any, limit: int = 10) -> list[Material]:
    """«Материалы по вашим дефицитам»: materials in scope that develop the competencies of
    the mentee's request map, the most matching competencies first."""
    wanted = list(mentee.deficits.values_list("competency_id", flat=True))
    if not wanted:
        return []
    return list(
        material_list(user=user)
        .filter(competencies__in=wanted)
        .annotate(matches=Count("competencies", filter=Q(competencies__in=wanted)))
        .order_by("-matches", "-created_at", "id")
        .distinct()[:limit]
    )


# --- brainstorm sessions ------------------------------------------------------------------


def session_list(*, user: Any, phase: str = "") -> QuerySet[BrainstormSession]:
    scope = get_scope(user)
    qs = BrainstormSession.objects.all()
    if not scope.unrestricted:
        q = scope_q(scope, region="municipality__region_id", municipality="municipality_id")
        assert q is not None
        if user is not None and getattr(user, "is_authenticated", False):
            q |= Q(facilitator=user) | Q(
                pk__in=BrainstormSession.participants.through.objects.filter(user=user).values(
                    "brainstormsession_id"
                )
            )
        qs = qs.filter(q)
    if phase:
        qs = qs.filter(phase=phase)
    return (
        qs.select_related("municipality", "facilitator__teacher", "event")
        .prefetch_related("participants")
        .annotate(idea_count=Count("ideas", distinct=True))
        .order_by("-scheduled_at", "-id")
    )


def session_get(*, user: Any, pk: int) -> BrainstormSession:
    return get_object_or_404(session_list(user=user), pk=pk)


def session_ideas(*, session: BrainstormSession, after: int = 0) -> list[Idea]:
    """The ideas of a session newer than id ``after`` (all for 0), merged ones included
    (the page shows them under the idea they joined). One query: cheap enough to poll
    every few seconds by dozens of participants."""
    return list(
        Idea.objects.filter(session=session, pk__gt=after)
        .select_related("author__teacher")
        .order_by("id")[:POLL_LIMIT]
    )


def session_last_change(*, session: BrainstormSession) -> str:
    """A short fingerprint of what polling pages must redraw besides new ideas: the phase,
    merges and links (one query)."""
    merged = Idea.objects.filter(session=session, merged_into__isnull=False).count()
    links = Idea.related.through.objects.filter(from_idea__session=session).count()
    return f"{session.phase}:{merged}:{links}"


@dataclass
class RankedIdea:
    idea: Idea
    average: float | None
    votes: int
    merged: list[Idea]


def session_ranking(*, session: BrainstormSession) -> list[RankedIdea]:
    """The ideas that stand on their own (not merged into another), best average score
    first, then most votes, then oldest; merged ideas listed under their idea."""
    ideas = list(
        Idea.objects.filter(session=session)
        .select_related("author__teacher")
        .annotate(avg=Avg("ratings__score"), votes=Count("ratings"))
        .order_by("id")
    )
    merged: dict[int, list[Idea]] = {}
    for idea in ideas:
        if idea.merged_into_id:
            merged.setdefault(idea.merged_into_id, []).append(idea)
    ranked = [
        RankedIdea(
            idea=i,
            average=float(i.avg) if i.avg is not None else None,
            votes=i.votes,
            merged=merged.get(i.pk, []),
        )
        for i in ideas
        if not i.merged_into_id
    ]
    ranked.sort(key=lambda r: (-(r.average or 0.0), -r.votes, r.idea.pk))
    return ranked


def own_ratings(*, user: Any, session: BrainstormSession) -> dict[int, int]:
    """The user's scores in the session: idea id → score."""
    return dict(
        IdeaRating.objects.filter(idea__session=session, user=user).values_list("idea_id", "score")
    )


def idea_list(*, user: Any) -> QuerySet[Idea]:
    """Ideas of the sessions the user sees (for the API)."""
    return (
        Idea.objects.filter(session__in=session_list(user=user).values("pk"))
        .select_related("author")
        .order_by("session_id", "id")
    )


def rating_list(*, user: Any) -> QuerySet[IdeaRating]:
    """Ratings of the sessions the user sees: the facilitator and coordinators see all
    scores, a participant their own."""
    if not _signed_in(user):
        return IdeaRating.objects.none()
    sessions = session_list(user=user)
    scope = get_scope(user)
    qs = IdeaRating.objects.filter(idea__session__in=sessions.values("pk"))
    if not scope.is_coordinator:
        qs = qs.filter(Q(user=user) | Q(idea__session__facilitator=user))
    return qs.select_related("idea").order_by("idea_id", "user_id")


def users_to_invite(*, session: BrainstormSession) -> list[Any]:
    """Whom the facilitator may invite: the accounts of the teachers of the session's
    municipality (case 003: a leader school's facilitator gathers the supported schools'
    teachers), not yet invited."""
    from orbita.accounts.models import User

    present = {p.pk for p in session.participants.all()} | {session.facilitator_id}
    return list(
        User.objects.filter(
            is_active=True, teacher__school__municipality_id=session.municipality_id
        )
        .exclude(pk__in=present)
        .select_related("teacher__school")
        .order_by("teacher__full_name", "username")
    )
