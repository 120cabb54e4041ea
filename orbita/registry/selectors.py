"""Reads of the registry, always within the caller's scope (see ``orbita.accounts.access``)."""

from typing import Any

from django.db.models import Count, Model, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404

from orbita.accounts.access import get_scope, restrict
from orbita.core.db import text_search
from orbita.registry.models import Competency, Municipality, Region, School, Subject, Teacher

SCHOOL_PATHS = {
    "region": "municipality__region_id",
    "municipality": "municipality_id",
    "school": "id",
}
TEACHER_PATHS = {
    "region": "school__municipality__region_id",
    "municipality": "school__municipality_id",
    "school": "school_id",
    "person": "id",
}
MUNICIPALITY_PATHS = {"region": "region_id", "municipality": "id"}


def region_list(*, user: Any) -> QuerySet[Region]:
    """Regions the user administers or holds a municipality in."""
    scope = get_scope(user)
    qs = Region.objects.all()
    if scope.unrestricted:
        return qs
    return qs.filter(
        Q(id__in=scope.region_ids) | Q(municipalities__id__in=scope.municipality_ids)
    ).distinct()


def municipality_list(*, user: Any) -> QuerySet[Municipality]:
    """Municipalities the user coordinates (regional administrators: all of their regions)."""
    return (
        restrict(Municipality.objects.select_related("region"), user, **MUNICIPALITY_PATHS)
        .annotate(school_count=Count("schools"))
        .order_by("region__name", "name", "id")
    )


def linked_municipality_ids(*, user: Any) -> frozenset[int]:
    """Ids of the municipalities whose pages the user may open (one query)."""
    return frozenset(municipality_list(user=user).order_by().values_list("id", flat=True))


def municipality_get(*, user: Any, pk: int) -> Municipality:
    """One municipality in scope, else ``Http404``."""
    return get_object_or_404(municipality_list(user=user), pk=pk)


def school_list(
    *,
    user: Any,
    search: str = "",
    municipality_id: int | None = None,
    kind: str = "",
    rural: bool | None = None,
) -> QuerySet[School]:
    """Schools the user may see, with ``staff_count``, filtered and ordered by name.

    Mentors and mentees see the profile of their own school.
    """
    qs = restrict(
        School.objects.select_related("municipality__region", "branch_of"),
        user,
        person_school="id",
        **SCHOOL_PATHS,
    )
    if search:
        qs = text_search(qs, search, "name", "short_name", "code", "address", "director")
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    if kind:
        qs = qs.filter(kind=kind)
    if rural is not None:
        qs = qs.filter(rural=rural)
    # A correlated count, not a JOIN + GROUP BY over every teacher in scope: a page of 25
    # schools then counts 25 staffs.
    staff = (
        Teacher.objects.filter(school=OuterRef("pk"), is_active=True)
        .order_by()
        .values("school")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    return by_display_name(qs.annotate(staff_count=Coalesce(Subquery(staff), 0)))


def school_choices(*, user: Any) -> QuerySet[School]:
    """The schools of ``school_list`` for a choice list (a filter's «Школа»): only the
    columns of their label, no counts — a region's thousand schools in one light query."""
    return by_display_name(
        restrict(
            School.objects.only("id", "name", "short_name", "municipality_id"),
            user,
            person_school="id",
            **SCHOOL_PATHS,
        )
    )


def by_display_name[M: Model](schools: QuerySet[M]) -> QuerySet[M]:
    """Schools ordered as people read them: by municipality, then by the name shown
    (the short name, else the full one), so «МБОУ …» prefixes do not decide the order."""
    return schools.order_by(
        "municipality__name",
        Lower(Coalesce(NullIf("short_name", Value("")), "name")),
        "id",
    )


def school_get(*, user: Any, pk: int) -> School:
    """One school in scope, else ``Http404``."""
    return get_object_or_404(school_list(user=user), pk=pk)


def school_staff_visible(*, user: Any, school: School) -> bool:
    """Whether the user may see the school's staff list (coordinators of its scope)."""
    scope = get_scope(user)
    return scope.unrestricted or (
        school.municipality.region_id in scope.region_ids
        or school.municipality_id in scope.municipality_ids
        or school.id in scope.school_ids
    )


def teacher_list(
    *, user: Any, school_id: int | None = None, subject: str = "", search: str = ""
) -> QuerySet[Teacher]:
    """Teachers in scope (coordinators: their schools' staff; a teacher: themself)."""
    qs = restrict(
        Teacher.objects.select_related("school__municipality").prefetch_related(
            Prefetch("subjects", queryset=Subject.objects.order_by("order", "name"))
        ),
        user,
        **TEACHER_PATHS,
    )
    if school_id:
        qs = qs.filter(school_id=school_id)
    if subject:
        qs = qs.filter(subjects__code=subject)
    if search:
        qs = text_search(qs, search, "full_name", "position")
    return qs.order_by("school__name", "full_name", "id")


def teacher_get(*, user: Any, pk: int) -> Teacher:
    """One teacher in scope, else ``Http404``."""
    return get_object_or_404(teacher_list(user=user), pk=pk)


def school_staff_by_subject(*, school: School) -> list[tuple[Subject | None, list[Teacher]]]:
    """The school's active staff grouped by subject (a teacher of three subjects appears
    three times; teachers without a subject come last under ``None``)."""
    teachers = list(
        school.staff.filter(is_active=True)
        .prefetch_related(Prefetch("subjects", queryset=Subject.objects.order_by("order", "name")))
        .order_by("full_name")
    )
    groups: dict[int | None, tuple[Subject | None, list[Teacher]]] = {}
    for teacher in teachers:
        subjects: list[Subject | None] = list(teacher.subjects.all()) or [None]
        for subject in subjects:
            key = subject.pk if subject else None
            groups.setdefault(key, (subject, []))[1].append(teacher)
    return sorted(
        groups.values(),
        key=lambda g: (g[0] is None, g[0].order if g[0] else 0, g[0].name if g[0] else ""),
    )


def subject_list() -> QuerySet[Subject]:
    """The subject catalogue (public to every signed-in user)."""
    return Subject.objects.order_by("order", "name")


def competency_list() -> QuerySet[Competency]:
    """The competency catalogue (public to every signed-in user)."""
    return Competency.objects.order_by("order", "name")
