"""Who may do what in partnerships: predicates over the user's scope.

Reading is decided by the selectors (out of scope is a 404). Writes: a partnership, its
agreements, roadmap and network programmes belong to the coordinators of its municipality
(and regional administrators of its region); the school coordinators of either party may
work on the roadmap (status, evidence). ``actor=None`` is the command line or the demo.
"""

from typing import Any

from orbita.accounts.access import get_scope
from orbita.mentoring.rules import coordinates_municipality, coordinates_school
from orbita.registry.models import Municipality, School


def may_manage_municipality(user: Any, municipality: Municipality) -> bool:
    return user is None or coordinates_municipality(get_scope(user), municipality)


def may_manage_partnership(user: Any, partnership: Any) -> bool:
    """Create, change, prolong, end; agreements; risk profiles; network programmes."""
    return user is None or coordinates_municipality(get_scope(user), partnership.municipality)


def may_work_on_roadmap(user: Any, partnership: Any) -> bool:
    """Change an item's status and add evidence: the municipality or either school."""
    if user is None:
        return True
    scope = get_scope(user)
    return (
        coordinates_municipality(scope, partnership.municipality)
        or partnership.leader_id in scope.school_ids
        or partnership.supported_id in scope.school_ids
    )


def may_manage_school(user: Any, school: School) -> bool:
    return user is None or coordinates_school(get_scope(user), school)


def may_manage_templates(user: Any) -> bool:
    """Agreement templates are shared by the region: regional administrators and above."""
    if user is None:
        return True
    scope = get_scope(user)
    return scope.unrestricted or bool(scope.region_ids)
