"""Reads of partnerships, always through ``orbita.accounts.access.restrict``.

A partnership is seen by the coordinators of its municipality and region and by the school
coordinators of either party; everything hanging off it (terms, agreements, roadmap items,
evidence) follows the partnership. ``*_get`` answers 404 outside the scope.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from orbita.accounts.access import restrict
from orbita.core.history import history, history_by_target
from orbita.core.models import AuditEntry
from orbita.partnerships.models import (
    Agreement,
    NetworkProgramme,
    Partnership,
    Proposal,
    RecommendationRun,
    RiskProfile,
    RoadmapItem,
)
from orbita.registry.models import School

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
        items_total=Count(
            "roadmap",
            filter=~Q(roadmap__status=RoadmapItem.Status.CANCELLED)
            & Q(roadmap__deleted_at__isnull=True),
        ),
        items_done=Count(
            "roadmap",
            filter=Q(roadmap__status=RoadmapItem.Status.DONE, roadmap__deleted_at__isnull=True),
        ),
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
        RoadmapItem.objects.filter(deleted_at__isnull=True).select_related(
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


def roadmap_removed(*, user: Any, partnership_id: int) -> QuerySet[RoadmapItem]:
    """The partnership's removed measures (restorable), newest removal first."""
    return (
        _scoped(
            RoadmapItem.objects.filter(partnership_id=partnership_id, deleted_at__isnull=False),
            user,
            "partnership",
        )
        .select_related("deleted_by")
        .order_by("-deleted_at", "-id")
    )


def roadmap_removed_get(*, user: Any, pk: int) -> RoadmapItem:
    return get_object_or_404(
        _scoped(RoadmapItem.objects.filter(deleted_at__isnull=False), user, "partnership"),
        pk=pk,
    )


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
    items = (
        partnership.roadmap.filter(deleted_at__isnull=True)
        .exclude(status=RoadmapItem.Status.CANCELLED)
        .exclude(responsible_school=None)
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


# --- recommendation runs ------------------------------------------------------------------


def recommendation_run_list(*, user: Any) -> QuerySet[RecommendationRun]:
    """Runs over the municipalities the user coordinates (regional: their regions')."""
    return restrict(
        RecommendationRun.objects.select_related("municipality", "created_by"),
        user,
        region="municipality__region_id",
        municipality="municipality_id",
    ).order_by("-created_at", "-id")


def recommendation_run_get(*, user: Any, pk: int) -> RecommendationRun:
    return get_object_or_404(recommendation_run_list(user=user), pk=pk)


def proposal_get(*, user: Any, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("run__municipality", "leader", "supported").filter(
            run__in=recommendation_run_list(user=user).values("pk")
        ),
        pk=pk,
    )


def proposal_map(run: RecommendationRun) -> dict[str, Any]:
    """The schools and proposed links of a run for the map (schools with coordinates)."""
    from django.urls import reverse

    schools: dict[int, dict[str, Any]] = {}
    links = []
    for p in run.proposals.select_related("leader", "supported"):
        for school, kind in ((p.supported, "supported"), (p.leader, "leader")):
            if school is None or school.lat is None or school.lon is None:
                continue
            schools.setdefault(
                school.pk,
                {
                    "name": school.display_name,
                    "lat": float(school.lat),
                    "lon": float(school.lon),
                    "kind": kind,
                    "url": reverse("registry:school-detail", args=[school.pk]),
                },
            )
        if p.leader is not None and p.leader.pk in schools and p.supported.pk in schools:
            links.append(
                {
                    "from": p.leader.pk,
                    "to": p.supported.pk,
                    "decision": p.decision,
                    "label": f"{p.leader.display_name} → {p.supported.display_name}",
                }
            )
    return {"schools": list(schools.values()), "ids": list(schools), "links": links}


# --- choices for forms --------------------------------------------------------------------


def supported_choices(*, user: Any) -> QuerySet[School]:
    """Schools of the municipalities the user coordinates (the supported side)."""
    from orbita.registry.selectors import municipality_list

    return (
        School.objects.filter(municipality__in=municipality_list(user=user))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def leader_choices(*, user: Any) -> QuerySet[School]:
    """Schools of the regions of those municipalities (a leader may be in another
    municipality of the region)."""
    from orbita.registry.selectors import municipality_list

    regions = municipality_list(user=user).values("region_id")
    return (
        School.objects.filter(municipality__region_id__in=regions)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def managed_schools(*, user: Any) -> QuerySet[School]:
    """Schools the user coordinates (school, municipality or region)."""
    return restrict(
        School.objects.select_related("municipality"),
        user,
        region="municipality__region_id",
        municipality="municipality_id",
        school="id",
    ).order_by("municipality__name", "name")


# --- history ------------------------------------------------------------------------------


def partnership_history(*, partnership: Partnership, limit: int = 50) -> list[AuditEntry]:
    """Audit entries of the partnership, its agreements and roadmap items (removed ones
    too), newest first, described (``orbita.core.history``)."""
    return history(
        [partnership],
        extra=[
            (Agreement, partnership.agreements.values_list("pk", flat=True)),
            (RoadmapItem, partnership.roadmap.values_list("pk", flat=True)),
        ],
        limit=limit,
    )


def roadmap_history(*, partnership: Partnership, limit: int = 50) -> list[AuditEntry]:
    """The roadmap's own history: entries of its items (removed ones too), their evidence
    and the template fills and imports of the partnership, newest first."""
    return history(
        [partnership],
        extra=[(RoadmapItem, partnership.roadmap.values_list("pk", flat=True))],
        actions=(
            "partnerships.roadmap_item.",
            "partnerships.roadmap_evidence.",
            "partnerships.roadmap.",
        ),
        limit=limit,
    )


def agreement_histories(*, agreements: Iterable[Agreement]) -> dict[str, list[AuditEntry]]:
    """Each agreement's own entries (formed, scan uploaded), by ``str(pk)``, one query."""
    return history_by_target(Agreement, [a.pk for a in agreements])
