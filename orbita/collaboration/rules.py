"""Who may do what in collaboration: predicates over the user's scope
(``orbita.accounts.access``). Reading is decided by the selectors (out of scope is a 404);
these decide the writes once the object is in view. ``user=None`` is the command line or the
demo loader: it may do everything.

* Events belong to their organisers: the coordinators of an organiser school (school,
  municipality, region), the coordinators of the event's municipality, and whoever created
  it. Anyone who sees an event may register while registration is open.
* Materials belong to whoever added them and to the coordinators of their school.
* A brainstorm session belongs to its facilitator (phases, combining, invitations);
  participants add ideas while ideas are collected and score them while they are rated.
"""

from typing import Any

from orbita.accounts.access import get_scope
from orbita.mentoring.rules import coordinates_municipality, coordinates_school


def may_create_event(user: Any) -> bool:
    return user is None or get_scope(user).is_coordinator


def may_organise_at(user: Any, school: Any) -> bool:
    """The user may name ``school`` among an event's organisers."""
    return user is None or coordinates_school(get_scope(user), school)


def may_manage_event(user: Any, event: Any) -> bool:
    """Edit, cancel, record attendance and the outcome, attach materials."""
    if user is None:
        return True
    if event.created_by_id is not None and event.created_by_id == user.pk:
        return True
    scope = get_scope(user)
    if not scope.is_coordinator:
        return False
    return coordinates_municipality(scope, event.municipality) or any(
        coordinates_school(scope, school) for school in event.organisers.all()
    )


def may_add_material(user: Any, school: Any) -> bool:
    """Teachers add to the bank for their own school, coordinators for the schools they
    coordinate."""
    if user is None:
        return True
    scope = get_scope(user)
    teacher = getattr(user, "teacher", None)
    return (teacher is not None and teacher.school_id == school.pk) or coordinates_school(
        scope, school
    )


def may_manage_material(user: Any, material: Any) -> bool:
    if user is None:
        return True
    if material.created_by_id is not None and material.created_by_id == user.pk:
        return True
    return coordinates_school(get_scope(user), material.school)


def is_facilitator(user: Any, session: Any) -> bool:
    return user is None or session.facilitator_id == user.pk


def is_participant(user: Any, session: Any) -> bool:
    """The facilitator counts as a participant (they add and score ideas too)."""
    if user is None:
        return False
    return session.facilitator_id == user.pk or any(
        p.pk == user.pk for p in session.participants.all()
    )


def may_create_session(user: Any) -> bool:
    """Coordinators and teachers (a facilitator is a subject teacher, a psychologist or a
    deputy head of a leader school)."""
    if user is None:
        return True
    scope = get_scope(user)
    return scope.is_coordinator or scope.teacher_id is not None


def may_issue_municipal_feed(user: Any, municipality: Any) -> bool:
    return user is None or coordinates_municipality(get_scope(user), municipality)
