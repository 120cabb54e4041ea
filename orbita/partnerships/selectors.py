"""Reads of partnerships, always through ``orbita.accounts.access.restrict``.

A partnership is seen by the coordinators of its municipality and region and by the school
coordinators of either party; everything hanging off it (terms, agreements, roadmap items,
evidence) follows the partnership. ``*_get`` answers 404 outside the scope.
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from orbita.accounts.access import restrict
from orbita.partnerships.models import (
    Agreement,
    NetworkProgramme,
    Partnership,
    RiskProfile,
    RoadmapItem,
)

PARTNERSHIP_PATHS = {"region": "municipality__region_id", "municipality": "municipality_id"}


def _scoped(qs: QuerySet[Any], user: Any, prefix: str = "") -> QuerySet[Any]:
    """``qs`` narrowed to partnerships the user sees (``prefix`` leads to the partnership):
    the municipality's and region's coordinators, the school coordinators of either side."""
    base = Partnership.objects.order_by()
    by_leader = restrict(base, user, **PARTNERSHIP_PATHS, school="leader_id").values("pk")
    by_supported = restrict(base, user, school="supported_id").values("pk")
    path = f"{prefix}__in" if prefix else "pk__in"
    return qs.filter(Q(**{path: by_leader}) | Q(**{path: by_supported}))


def partnership_list(
    *, user: Any, municipality_id: int | None = None, status: str | None = None
) -> QuerySet[Partnership]:
    qs = _scoped(
        Partnership.objects.select_related("leader", "supported", "municipality"), user
    ).annotate(
        items_total=Count("roadmap", filter=~Q(roadmap__status=RoadmapItem.Status.CANCELLED)),
        items_done=Count("roadmap", filter=Q(roadmap__status=RoadmapItem.Status.DONE)),
    )
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("municipality__name", "supported__name", "id")


def partnership_get(*, user: Any, pk: int) -> Partnership:
    return get_object_or_404(partnership_list(user=user), pk=pk)


def agreement_list(*, user: Any, partnership_id: int | None = None) -> QuerySet[Agreement]:
    qs = _scoped(
        Agreement.objects.select_related("partnership", "term", "template"), user, "partnership"
    )
    if partnership_id:
        qs = qs.filter(partnership_id=partnership_id)
    return qs


def agreement_get(*, user: Any, pk: int) -> Agreement:
    return get_object_or_404(agreement_list(user=user), pk=pk)


def roadmap_item_list(
    *, user: Any, partnership_id: int | None = None, overdue: bool = False
) -> QuerySet[RoadmapItem]:
    qs = _scoped(
        RoadmapItem.objects.select_related(
            "partnership__leader", "partnership__supported", "responsible_school"
        ),
        user,
        "partnership",
    )
    if partnership_id:
        qs = qs.filter(partnership_id=partnership_id)
    if overdue:
        qs = overdue_filter(qs)
    return qs.order_by("partnership_id", "order", "due", "id")


def overdue_filter(qs: QuerySet[RoadmapItem], today: date | None = None) -> QuerySet[RoadmapItem]:
    """Items not done nor cancelled whose deadline has passed (a month ends on its last
    day, so a month item is overdue from the first day of the next month)."""
    return qs.filter(_overdue_q(today or timezone.localdate()))


def roadmap_item_get(*, user: Any, pk: int) -> RoadmapItem:
    return get_object_or_404(roadmap_item_list(user=user), pk=pk)


def _overdue_q(today: date) -> Q:
    return ~Q(status__in=(RoadmapItem.Status.DONE, RoadmapItem.Status.CANCELLED)) & (
        Q(due_is_month=False, due__lt=today) | Q(due_is_month=True, due__lt=today.replace(day=1))
    )


def roadmap_progress(
    *, user: Any, municipality_id: int | None = None, today: date | None = None
) -> dict[str, int]:
    """Totals for the dashboard in one query: items (without cancelled), done, in
    progress, overdue."""
    qs = roadmap_item_list(user=user).order_by()
    if municipality_id:
        qs = qs.filter(partnership__municipality_id=municipality_id)
    live = ~Q(status=RoadmapItem.Status.CANCELLED)
    totals = qs.aggregate(
        total=Count("pk", filter=live),
        done=Count("pk", filter=Q(status=RoadmapItem.Status.DONE)),
        in_progress=Count("pk", filter=Q(status=RoadmapItem.Status.IN_PROGRESS)),
        overdue=Count("pk", filter=_overdue_q(today or timezone.localdate())),
    )
    return {k: int(v or 0) for k, v in totals.items()}


SCHOOL_PATHS_OF_PROFILE = {
    "region": "school__municipality__region_id",
    "municipality": "school__municipality_id",
    "school": "school_id",
}


def risk_profile_list(*, user: Any, school_id: int | None = None) -> QuerySet[RiskProfile]:
    qs = restrict(
        RiskProfile.objects.select_related("school"), user, **SCHOOL_PATHS_OF_PROFILE
    ).prefetch_related("factors")
    if school_id:
        qs = qs.filter(school_id=school_id)
    return qs


def risk_profile_get(*, user: Any, pk: int) -> RiskProfile:
    return get_object_or_404(risk_profile_list(user=user), pk=pk)


def network_programme_list(
    *, user: Any, school_id: int | None = None
) -> QuerySet[NetworkProgramme]:
    """Programmes either school's coordinators see (host or guest); ``school_id`` gives
    the programmes a school hosts or attends (both schools' pages show them)."""
    base = NetworkProgramme.objects.select_related("host_school", "guest_school", "subject")
    host = restrict(
        base,
        user,
        region="host_school__municipality__region_id",
        municipality="host_school__municipality_id",
        school="host_school_id",
        person_school="host_school_id",
    )
    guest = restrict(
        base,
        user,
        region="guest_school__municipality__region_id",
        municipality="guest_school__municipality_id",
        school="guest_school_id",
        person_school="guest_school_id",
    )
    qs = base.filter(Q(pk__in=host.values("pk")) | Q(pk__in=guest.values("pk")))
    if school_id:
        qs = qs.filter(Q(host_school_id=school_id) | Q(guest_school_id=school_id))
    return qs.order_by("weekday", "time_start", "id")


def network_programme_get(*, user: Any, pk: int) -> NetworkProgramme:
    return get_object_or_404(network_programme_list(user=user), pk=pk)


def partnership_balance(*, partnership: Partnership) -> dict[str, Any]:
    """Who helped whom: roadmap items (not cancelled) counted by the responsible school,
    which is the helping side. Other apps (events) add their rows to ``by_school`` under
    their own key. Returns ``{"leader": {...}, "supported": {...}, "rows": [...]}``."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"roadmap": 0, "done": 0})
    items = partnership.roadmap.exclude(status=RoadmapItem.Status.CANCELLED).exclude(
        responsible_school=None
    )
    for school_id, status in items.values_list("responsible_school_id", "status"):
        counts[school_id]["roadmap"] += 1
        if status == RoadmapItem.Status.DONE:
            counts[school_id]["done"] += 1
    leader = dict(counts[partnership.leader_id])
    supported = dict(counts[partnership.supported_id])
    return {
        "leader": leader,
        "supported": supported,
        "two_way": leader["roadmap"] > 0 and supported["roadmap"] > 0,
    }
