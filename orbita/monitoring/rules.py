"""Who may do what in monitoring (predicates over the scope; reads are the selectors').

Surveys, distributions, results and reports belong to the coordinators of the survey's
municipality (and regional administrators of its region); school coordinators see the
results of their school's respondents. A person answers only their own invitation.
``actor=None`` is the command line, a task or the demo loader.
"""

from typing import Any

from orbita.accounts.access import get_scope
from orbita.mentoring.rules import coordinates_municipality, coordinates_pair
from orbita.registry.models import Municipality


def may_manage_surveys(user: Any, municipality: Municipality) -> bool:
    return user is None or coordinates_municipality(get_scope(user), municipality)


def may_assess(user: Any, pair: Any, assessor: str) -> bool:
    """Self-assessment: the mentee (or a coordinator entering it); the mentor's: the mentor."""
    from orbita.mentoring.rules import is_pair_mentor, pair_mentee_of

    if user is None or coordinates_pair(user, pair):
        return True
    if assessor == "self":
        return pair_mentee_of(user, pair) is not None
    return is_pair_mentor(user, pair)
