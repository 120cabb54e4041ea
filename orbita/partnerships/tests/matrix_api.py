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
        "item": existing.roadmap.get().pk,
        "profile": RiskProfile.objects.get(school=world.branch).pk,
        "programme": existing.network_programmes.get().pk,
    }


def pk_of(name: str) -> Any:
    return lambda w, p: {"pk": partnership_api_objects(w, p)[name]}


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
}
