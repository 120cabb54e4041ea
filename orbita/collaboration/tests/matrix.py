"""Collaboration rows of the project-wide permission matrix
(orbita/tests/test_permission_matrix.py).

``collaboration_objects`` builds, on the shared ``world``: a seminar the leader
(Сеченовская СШ) gives to its branch (Красновская ОШ, the audience) next week, with the
``mentee`` login registered; a PDF material of the leader school; a brainstorm session in
Сеченовский район facilitated by the ``mentor`` login with the ``mentee`` invited, run to
its end (one idea, the mentee's score, the recommendations DOCX); the mentee's calendar
feed and one notification; the mentee's mentee profile (for «материалы по дефицитам»).
"""

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orbita.collaboration import services
from orbita.collaboration.models import (
    BrainstormSession,
    Direction,
    Event,
    Idea,
    IdeaRating,
    Material,
    Registration,
)
from orbita.mentoring.models import MenteeProfile

#               anon  reg  r_oth mun  m_oth sch  s_oth mentor mentee super
EVERYONE = (302, *(200,) * 9)
EVERYONE_POST = (302, *(302,) * 9)
COORDINATORS = (302, 200, 200, 200, 200, 200, 200, 403, 403, 200)
EVENT_PAGE = (302, 200, 404, 200, 404, 200, 404, 200, 200, 200)
EVENT_POST = (302, 302, 404, 302, 404, 302, 404, 302, 302, 302)
EVENT_MANAGE = (302, 200, 404, 200, 404, 403, 404, 403, 403, 200)
EVENT_MANAGE_POST = (302, 302, 404, 302, 404, 403, 404, 403, 403, 302)
MUNICIPAL_FEED = (302, 302, 404, 302, 404, 403, 404, 403, 403, 302)
FEED = (200,) * 10  # the secret address is the key: no sign-in
OWN_NOTIFICATION = (302, 404, 404, 404, 404, 404, 404, 404, 302, 404)
MATERIAL_PAGE = (302, 200, 404, 200, 200, 200, 200, 200, 200, 200)
MATERIAL_DELETE = (302, 302, 404, 302, 403, 403, 403, 403, 403, 302)
MENTEE_PAGE = (302, 200, 404, 200, 404, 200, 404, 404, 200, 200)
SESSION_PAGE = (302, 200, 404, 200, 404, 404, 404, 200, 200, 200)
SESSION_FACILITATOR = (302, 403, 404, 403, 404, 404, 404, 302, 403, 403)
SESSION_PARTICIPANT = (302, 403, 404, 403, 404, 404, 404, 302, 302, 403)
API_LIST = (401, *(200,) * 9)
API_EVENT = (401, 200, 404, 200, 404, 200, 404, 200, 200, 200)
API_REGISTRATION = (401, 200, 404, 200, 404, 200, 404, 404, 200, 200)
API_SESSION = (401, 200, 404, 200, 404, 404, 404, 200, 200, 200)
API_RATING = (401, 200, 404, 200, 404, 404, 404, 200, 200, 200)
API_MATERIAL = (401, 200, 404, 200, 200, 200, 200, 200, 200, 200)
# Writes (each write's rights and effects: orbita/api/tests/test_collaboration_writes.py).
API_CREATE_EMPTY = (401, *(400,) * 9)
API_EVENT_PATCH = (401, 200, 404, 200, 404, 403, 404, 403, 403, 200)
API_EVENT_REGISTER = (401, 201, 404, 201, 404, 201, 404, 201, 201, 201)
API_EVENT_UNREGISTER = (401, 204, 404, 204, 404, 204, 404, 204, 204, 204)
API_EVENT_ATTENDANCE = (401, 400, 404, 400, 404, 403, 404, 403, 403, 400)
API_SESSION_ADVANCE = (401, 403, 404, 403, 404, 404, 404, 400, 403, 403)
API_MATERIAL_DELETE = (401, 204, 404, 204, 403, 403, 403, 403, 403, 204)
API_MATERIAL_RESTORE = (401, 200, 404, 200, 403, 403, 403, 403, 403, 200)


def collaboration_objects(world: Any, people: Any) -> dict[str, Any]:
    """The collaboration objects the matrix rows point at, by name → primary key."""
    existing = Event.objects.filter(title="Матрица: семинар").first()
    if existing is None:
        _build(world, people)
    event = Event.objects.get(title="Матрица: семинар")
    session = BrainstormSession.objects.get(title="Матрица: штурм")
    return {
        "event": event.pk,
        "registration": Registration.objects.get(event=event).pk,
        "material": Material.objects.get(title="Матрица: рабочий лист").pk,
        "removed": Material.objects.get(title="Матрица: удалённый").pk,
        "session": session.pk,
        "idea": Idea.objects.filter(session=session).values_list("pk", flat=True)[0],
        "rating": IdeaRating.objects.filter(idea__session=session).values_list("pk", flat=True)[0],
        "notification": people["mentee"].notifications.values_list("pk", flat=True)[0],
        "token": people["mentee"].calendar_feeds.get(revoked_at__isnull=True).token,
        "mentee": MenteeProfile.objects.get_or_create(teacher=world.teacher)[0].pk,
    }


def _build(world: Any, people: Any) -> None:
    leader = world.mentor_teacher.school
    event = services.event_create(
        actor=None,
        municipality=world.municipality,
        title="Матрица: семинар",
        kind="seminar",
        starts_at=timezone.now() + timedelta(days=7),
        organisers=[leader],
        direction=Direction.TO_SUPPORTED,
        helper_school=leader,
        helped_school=world.branch,
        audience_schools=[world.branch],
    )
    services.event_register(actor=None, event=event, user=people["mentee"])
    services.material_create(
        actor=None,
        title="Матрица: рабочий лист",
        kind="worksheet",
        school=leader,
        file=SimpleUploadedFile("лист.pdf", b"%PDF-1.4 matrix"),
    )
    removed = services.material_create(
        actor=None,
        title="Матрица: удалённый",
        kind="article",
        school=leader,
        link="https://example.org/article",
    )
    services.material_delete(actor=None, material=removed)
    session = services.session_create(
        actor=None,
        facilitator=people["mentor"],
        municipality=world.municipality,
        title="Матрица: штурм",
        problem="Как вовлечь слабоуспевающих?",
        participants=[people["mentee"]],
    )
    idea = services.idea_add(
        actor=None, session=session, text="Проектные задания", author=people["mentee"]
    )
    session = services.session_advance(actor=None, session=session)
    session = services.session_advance(actor=None, session=session)
    idea.refresh_from_db()
    services.idea_rate(actor=None, idea=idea, score=5, user=people["mentee"])
    services.session_advance(actor=None, session=session)
    services.feed_issue(actor=None, user=people["mentee"])
    services.notification_create(user=people["mentee"], text="Напоминание", event=event)


def key(name: str, arg: str = "pk") -> Any:
    """``Case.kwargs`` for a URL that takes one of the objects."""
    return lambda w, p: {arg: collaboration_objects(w, p)[name]}


# name → (expected statuses in the order of ROLES, kwargs, method)
ROWS: dict[str, tuple[tuple[int, ...], Any, str]] = {
    "collaboration:event-list": (EVERYONE, None, "get"),
    "collaboration:event-month": (EVERYONE, None, "get"),
    "collaboration:event-create": (COORDINATORS, None, "get"),
    "collaboration:event-detail": (EVENT_PAGE, key("event"), "get"),
    "collaboration:event-edit": (EVENT_MANAGE, key("event"), "get"),
    "collaboration:event-register": (EVENT_POST, key("event"), "post"),
    "collaboration:event-unregister": (EVENT_POST, key("event"), "post"),
    "collaboration:event-cancel": (EVENT_MANAGE_POST, key("event"), "post"),
    "collaboration:event-attendance": (EVENT_MANAGE_POST, key("event"), "post"),
    "collaboration:event-outcome": (EVENT_MANAGE_POST, key("event"), "post"),
    "collaboration:calendar": (EVERYONE, None, "get"),
    "collaboration:feed-issue": (EVERYONE_POST, None, "post"),
    "collaboration:feed-revoke": (EVERYONE_POST, None, "post"),
    "collaboration:municipal-feed-issue": (
        MUNICIPAL_FEED,
        lambda w, p: {"pk": w.municipality.pk},
        "post",
    ),
    "collaboration:feed": (FEED, key("token", "token"), "get"),
    "collaboration:notification-list": (EVERYONE, None, "get"),
    "collaboration:notification-read": (OWN_NOTIFICATION, key("notification"), "post"),
    "collaboration:notification-read-all": (EVERYONE_POST, None, "post"),
    "collaboration:material-list": (EVERYONE, None, "get"),
    "collaboration:material-create": (EVERYONE, None, "get"),
    "collaboration:material-collection": (EVERYONE_POST, None, "post"),
    "collaboration:material-detail": (MATERIAL_PAGE, key("material"), "get"),
    "collaboration:material-file": (MATERIAL_PAGE, key("material"), "get"),
    "collaboration:material-delete": (MATERIAL_DELETE, key("material"), "post"),
    "collaboration:material-bin": (EVERYONE, None, "get"),
    "collaboration:material-restore": (MATERIAL_DELETE, key("removed"), "post"),
    "collaboration:mentee-materials": (MENTEE_PAGE, key("mentee"), "get"),
    "collaboration:session-list": (EVERYONE, None, "get"),
    "collaboration:session-create": (EVERYONE, None, "get"),
    "collaboration:session-detail": (SESSION_PAGE, key("session"), "get"),
    "collaboration:session-ideas": (SESSION_PAGE, key("session"), "get"),
    "collaboration:session-advance": (SESSION_FACILITATOR, key("session"), "post"),
    "collaboration:session-invite": (SESSION_FACILITATOR, key("session"), "post"),
    "collaboration:session-recommendations": (SESSION_PAGE, key("session"), "get"),
    "collaboration:idea-merge": (SESSION_FACILITATOR, key("idea"), "post"),
    "collaboration:idea-link": (SESSION_FACILITATOR, key("idea"), "post"),
    "collaboration:idea-rate": (SESSION_PARTICIPANT, key("idea"), "post"),
    "api:event-list": (API_LIST, None, "get"),
    "api:event-detail": (API_EVENT, key("event"), "get"),
    "api:event-registration-list": (API_LIST, None, "get"),
    "api:event-registration-detail": (API_REGISTRATION, key("registration"), "get"),
    "api:brainstorm-list": (API_LIST, None, "get"),
    "api:brainstorm-detail": (API_SESSION, key("session"), "get"),
    "api:idea-list": (API_LIST, None, "get"),
    "api:idea-detail": (API_SESSION, key("idea"), "get"),
    "api:idea-rating-list": (API_LIST, None, "get"),
    "api:idea-rating-detail": (API_RATING, key("rating"), "get"),
    "api:material-list": (API_LIST, None, "get"),
    "api:material-detail": (API_MATERIAL, key("material"), "get"),
    "api:event-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:event-detail#patch": (API_EVENT_PATCH, key("event"), "patch"),
    "api:event-register": (API_EVENT_REGISTER, key("event"), "post"),
    "api:event-unregister": (API_EVENT_UNREGISTER, key("event"), "post"),
    "api:event-attendance": (API_EVENT_ATTENDANCE, key("event"), "post"),
    "api:brainstorm-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:brainstorm-advance": (API_SESSION_ADVANCE, key("session"), "post"),
    "api:idea-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:idea-rating-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:material-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:material-detail#delete": (API_MATERIAL_DELETE, key("material"), "delete"),
    "api:material-restore": (API_MATERIAL_RESTORE, key("removed"), "post"),
}
