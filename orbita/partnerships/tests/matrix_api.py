"""Partnership API rows of the project-wide permission matrix
(orbita/tests/test_permission_matrix.py).

``partnership_api_objects`` builds, on the shared ``world``, a partnership of Сеченовская
СШ (leader, the mentor's school) with Красновская ОШ (the branch, the ``school`` login's
school) in Сеченовский район, with an agreement, a roadmap item, the branch's risk
profile and a network programme hosted by the leader for the branch's students.
"""

from datetime import date
from typing import Any

from orbita.partnerships import services
from orbita.partnerships.models import Agreement, Partnership, RiskProfile

#                 anon  reg  r_oth mun  m_oth sch  s_oth mentor mentee super
API_LIST = (401, *(200,) * 9)
API_PARTNERSHIP = (401, 200, 404, 200, 404, 200, 404, 404, 404, 200)
API_BRANCH_PROFILE = (401, 200, 404, 200, 404, 200, 404, 404, 404, 200)
API_PROGRAMME = (401, 200, 404, 200, 404, 200, 404, 200, 200, 200)
# Writes. An empty POST on a list is refused by the input check (400) for everyone signed in;
# each write's rights and effects are tested in orbita/api/tests/test_partnership_writes.py.
API_CREATE_EMPTY = (401, *(400,) * 9)
API_MANAGE = (401, 200, 404, 200, 404, 403, 404, 404, 404, 200)
API_MANAGE_EMPTY = (401, 400, 404, 400, 404, 403, 404, 404, 404, 400)
API_ITEM_WORK = (401, 200, 404, 200, 404, 200, 404, 404, 404, 200)
API_ITEM_DELETE = (401, 204, 404, 204, 404, 403, 404, 404, 404, 204)
API_ITEM_RESTORE = (401, 200, 404, 200, 404, 403, 404, 404, 404, 200)
API_PROFILE_FACTOR = (401, 200, 404, 200, 404, 200, 404, 404, 404, 200)
API_PROGRAMME_PATCH = (401, 200, 404, 200, 404, 403, 404, 403, 403, 200)


def partnership_api_objects(world: Any, people: Any) -> dict[str, int]:
    """The objects the rows point at, by name → primary key (built once per test)."""
    existing = Partnership.objects.filter(subject="Матрица API").first()
    if existing is None:
        existing = services.partnership_create(
            actor=None,
            leader=world.mentor_teacher.school,
            supported=world.branch,
            start=date(2025, 9, 1),
            end=date(2026, 8, 31),
            subject="Матрица API",
        )
        Agreement.objects.create(partnership=existing, number="1")
        services.roadmap_item_create(
            actor=None,
            partnership=existing,
            data={"action": "Круглый стол", "responsible_school": world.mentor_teacher.school},
        )
        services.risk_profile_create(actor=None, school=world.branch, year=2025)
        services.network_programme_create(
            actor=None,
            host_school=world.mentor_teacher.school,
            guest_school=world.branch,
            data={"course": "химия", "grades": "8–9", "weekday": 3, "partnership": existing},
        )
    return {
        "partnership": existing.pk,
        "agreement": existing.agreements.get().pk,
        "item": existing.roadmap.get(deleted_at__isnull=True).pk,
        "profile": RiskProfile.objects.get(school=world.branch).pk,
        "programme": existing.network_programmes.get().pk,
    }


def pk_of(name: str) -> Any:
    return lambda w, p: {"pk": partnership_api_objects(w, p)[name]}


def _removed_item(world: Any, people: Any) -> dict[str, int]:
    """The removed roadmap measure of the pages' rows (orbita/partnerships/tests/matrix.py)."""
    from orbita.partnerships.tests.matrix import partnership_page_objects

    return {"pk": partnership_page_objects(world, people)["removed"]}


# name → (expected statuses in the order of ROLES, kwargs, method)
ROWS: dict[str, tuple[Any, ...]] = {
    "api:partnership-list": (API_LIST, None, "get"),
    "api:partnership-detail": (API_PARTNERSHIP, pk_of("partnership"), "get"),
    "api:agreement-list": (API_LIST, None, "get"),
    "api:agreement-detail": (API_PARTNERSHIP, pk_of("agreement"), "get"),
    "api:roadmap-item-list": (API_LIST, None, "get"),
    "api:roadmap-item-detail": (API_PARTNERSHIP, pk_of("item"), "get"),
    "api:risk-profile-list": (API_LIST, None, "get"),
    "api:risk-profile-detail": (API_BRANCH_PROFILE, pk_of("profile"), "get"),
    "api:network-programme-list": (API_LIST, None, "get"),
    "api:network-programme-detail": (API_PROGRAMME, pk_of("programme"), "get"),
    "api:partnership-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:partnership-detail#patch": (API_MANAGE, pk_of("partnership"), "patch"),
    "api:partnership-activate": (API_MANAGE, pk_of("partnership"), "post"),
    "api:partnership-prolong": (API_MANAGE_EMPTY, pk_of("partnership"), "post"),
    "api:partnership-end": (API_MANAGE, pk_of("partnership"), "post"),
    "api:agreement-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:risk-profile-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:risk-profile-factors": (
        API_PROFILE_FACTOR,
        pk_of("profile"),
        "post",
        {"factor": "parents", "chosen": True},
    ),
    "api:roadmap-item-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:roadmap-item-detail#patch": (API_ITEM_WORK, pk_of("item"), "patch"),
    "api:roadmap-item-detail#delete": (API_ITEM_DELETE, pk_of("item"), "delete"),
    "api:roadmap-item-restore": (API_ITEM_RESTORE, _removed_item, "post"),
    "api:network-programme-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:network-programme-detail#patch": (API_PROGRAMME_PATCH, pk_of("programme"), "patch"),
}
