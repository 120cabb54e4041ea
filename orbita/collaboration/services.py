"""Writes of collaboration. Each service checks the actor's right
(``orbita.collaboration.rules``; ``actor=None`` is the command line or the demo), validates,
saves and writes its audit entry in one transaction. E-mail goes out after the commit.

Contested resources: an event's places (registering locks the event's row with
``select_for_update`` before counting) and a participant's score of an idea (one row per
idea and person, updated in place).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from orbita.collaboration import rules
from orbita.collaboration.models import (
    BrainstormSession,
    CalendarFeed,
    Direction,
    Event,
    Idea,
    IdeaRating,
    Material,
    Notification,
    Registration,
)
from orbita.collaboration.search import stem_document
from orbita.core.services import audit_log, model_update, soft_delete, soft_restore
from orbita.registry.models import Competency, Municipality, School, Subject, Teacher

# Material files: documents, presentations, pictures, video, at most 50 MB.
MATERIAL_MAX_BYTES = 50 * 1024 * 1024
MATERIAL_TYPES: dict[str, tuple[bytes, ...]] = {
    # extension → accepted leading bytes (the file must be what its name says)
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "odp": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "mp4": (b"\x00\x00\x00",),
    "zip": (b"PK\x03\x04",),
}
EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "direction",
    "helper_school",
    "helped_school",
    "programme",
    "partnership",
    "roadmap_item",
    "starts_at",
    "ends_at",
    "place",
    "online_link",
    "audience_schools",
    "audience_roles",
    "grades",
    "registration_open",
    "capacity",
    "organisers",
)
PHASE_ORDER = (
    BrainstormSession.Phase.COLLECT,
    BrainstormSession.Phase.COMBINE,
    BrainstormSession.Phase.RATE,
    BrainstormSession.Phase.CLOSED,
)
# Reminders go out this long before an event starts.
REMINDER_HOURS = 24


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


# --- events -------------------------------------------------------------------------------


def _check_organisers(actor: Any, organisers: Sequence[School]) -> None:
    if not organisers:
        raise ValidationError({"organisers": _("Укажите школу-организатора.")})
    # Joint events are common (a joint council): one organiser in the actor's scope is enough.
    _require(any(rules.may_organise_at(actor, school) for school in organisers))


@transaction.atomic
def event_create(
    *,
    actor: Any,
    municipality: Municipality,
    title: str,
    kind: str,
    starts_at: datetime,
    organisers: Sequence[School],
    direction: str = Direction.NETWORK,
    helper_school: School | None = None,
    helped_school: School | None = None,
    ends_at: datetime | None = None,
    place: str = "",
    online_link: str = "",
    description: str = "",
    audience_schools: Sequence[School] = (),
    audience_roles: Sequence[str] = (),
    grades: Sequence[int] = (),
    registration_open: bool = True,
    capacity: int | None = None,
    programme: Any = None,
    partnership: Any = None,
    roadmap_item: Any = None,
) -> Event:
    """A coordinator plans an event organised by schools they coordinate (at least one of
    ``organisers``). Raises ``ValidationError`` for bad data, ``PermissionDenied`` else."""
    _require(rules.may_create_event(actor))
    _check_organisers(actor, organisers)
    event = Event(
        municipality=municipality,
        title=title,
        kind=kind,
        description=description,
        direction=direction,
        helper_school=helper_school,
        helped_school=helped_school,
        programme=programme,
        partnership=partnership,
        roadmap_item=roadmap_item,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_link=online_link,
        audience_roles=list(audience_roles),
        grades=sorted(set(grades)),
        registration_open=registration_open,
        capacity=capacity,
        created_by=actor if _is_user(actor) else None,
    )
    event.full_clean()
    event.save()
    event.organisers.set(organisers)
    event.audience_schools.set(audience_schools)
    audit_log(
        actor=actor,
        action="collaboration.event.created",
        target=event,
        data={"kind": kind, "direction": direction, "starts_at": starts_at},
    )
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, data: dict[str, Any]) -> Event:
    """Change the event's fields named in ``data`` (any of ``EVENT_FIELDS``)."""
    _require(rules.may_manage_event(actor, event))
    if "organisers" in data:
        _check_organisers(actor, data["organisers"])
    if "grades" in data:
        data = {**data, "grades": sorted(set(data["grades"]))}
    if "audience_roles" in data:
        data = {**data, "audience_roles": list(data["audience_roles"])}
    event, changes = model_update(instance=event, fields=EVENT_FIELDS, data=data)
    if changes:
        audit_log(
            actor=actor,
            action="collaboration.event.updated",
            target=event,
            data=changes,
        )
    return event


@transaction.atomic
def event_cancel(*, actor: Any, event: Event) -> Event:
    _require(rules.may_manage_event(actor, event))
    if event.status == Event.Status.HELD:
        raise ValidationError(_("Проведённое мероприятие нельзя отменить."))
    event, changes = model_update(
        instance=event, fields=["status"], data={"status": Event.Status.CANCELLED}
    )
    if changes:
        audit_log(actor=actor, action="collaboration.event.cancelled", target=event, data=changes)
    return event


@transaction.atomic
def event_register(*, actor: Any, event: Event, user: Any = None) -> Registration:
    """The actor (or, for the command line and the demo, ``user``) registers for the event.

    Refused when registration is closed, the event was cancelled or has taken place, or its
    places are taken (counted under a row lock, so two last-minute registrations cannot
    both get the last place). Registering again after cancelling restores the registration.
    """
    person = user if actor is None else actor
    if person is None:
        raise ValidationError(_("Укажите участника."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status != Event.Status.PLANNED or not locked.registration_open:
        raise ValidationError(_("Регистрация на это мероприятие закрыта."))
    if actor is not None and locked.is_past:
        raise ValidationError(_("Мероприятие уже прошло."))
    registration = Registration.objects.filter(event=locked, user=person).first()
    if registration is not None and registration.status == Registration.Status.REGISTERED:
        return registration
    if locked.capacity is not None:
        taken = Registration.objects.filter(
            event=locked, status=Registration.Status.REGISTERED
        ).count()
        if taken >= locked.capacity:
            raise ValidationError(_("Свободных мест нет."))
    changes: dict[str, Any] = {}
    if registration is None:
        registration = Registration(event=locked, user=person)
        registration.full_clean()
        registration.save()
    else:
        registration, changes = model_update(
            instance=registration,
            fields=["status"],
            data={"status": Registration.Status.REGISTERED},
        )
    audit_log(
        actor=actor,
        action="collaboration.registration.created",
        target=registration,
        data={"event": event.pk, "user": person.pk, **changes},
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor: Any, event: Event) -> Registration | None:
    """The actor withdraws their registration (before the event)."""
    registration = Registration.objects.filter(
        event=event, user=actor, status=Registration.Status.REGISTERED
    ).first()
    if registration is None:
        return None
    if event.is_past:
        raise ValidationError(_("Мероприятие уже прошло."))
    registration, changes = model_update(
        instance=registration, fields=["status"], data={"status": Registration.Status.CANCELLED}
    )
    audit_log(
        actor=actor,
        action="collaboration.registration.cancelled",
        target=registration,
        data=changes,
    )
    return registration


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    event: Event,
    attended_user_ids: Iterable[int],
    attendance_count: int | None = None,
) -> Event:
    """Afterwards: who of the registered came (the others did not), and how many came in
    all (registered or not). Only once the event has started."""
    _require(rules.may_manage_event(actor, event))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Посещаемость отмечают после начала мероприятия."))
    present = set(attended_user_ids)
    marked: dict[int, list[bool | None]] = {}
    registrations = list(
        Registration.objects.select_for_update().filter(
            event=event, status=Registration.Status.REGISTERED
        )
    )
    for registration in registrations:
        attended = registration.user_id in present
        if registration.attended != attended:
            marked[registration.user_id] = [registration.attended, attended]
            model_update(instance=registration, fields=["attended"], data={"attended": attended})
    count = attendance_count if attendance_count is not None else event.attendance_count
    event, changes = model_update(
        instance=event, fields=["attendance_count"], data={"attendance_count": count}
    )
    audit_log(
        actor=actor,
        action="collaboration.event.attendance_recorded",
        target=event,
        data={
            "attended": sorted(r.user_id for r in registrations if r.user_id in present),
            "count": count,
            # who was marked otherwise than before: user id → [before, after]
            "marked": {str(k): v for k, v in sorted(marked.items())},
            **changes,
        },
    )
    return event


@transaction.atomic
def event_outcome_record(*, actor: Any, event: Event, outcome: str) -> Event:
    """Afterwards: the outcome; the event counts as held."""
    _require(rules.may_manage_event(actor, event))
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("Мероприятие отменено."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Итоги записывают после начала мероприятия."))
    event, changes = model_update(
        instance=event,
        fields=["outcome", "status"],
        data={"outcome": outcome.strip(), "status": Event.Status.HELD},
    )
    if changes:
        audit_log(actor=actor, action="collaboration.event.held", target=event, data=changes)
    return event


# --- reminders and notifications ----------------------------------------------------------


def notification_create(
    *, user: Any, text: str, link: str = "", event: Event | None = None
) -> Notification:
    notification = Notification(user=user, text=text[:500], link=link, event=event)
    notification.full_clean()
    notification.save()
    return notification


def _mail(subject: str, body: str, address: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def reminders_send(*, now: datetime | None = None, hours: int = REMINDER_HOURS) -> int:
    """Remind everyone registered for an event starting within ``hours``: one e-mail (when
    they have an address) and one notification in the interface, once per registration.
    Safe to run again: a registration is reminded once. Returns the reminders sent."""
    now = now or timezone.now()
    due = list(
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            reminded_at__isnull=True,
            event__status=Event.Status.PLANNED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + timedelta(hours=hours),
        )
        .select_related("event", "user")
        .order_by("event__starts_at", "id")
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue  # another worker reminded it meanwhile
            event = registration.event
            link = reverse("collaboration:event-detail", kwargs={"pk": event.pk})
            when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
            text = _("Напоминание: «%(title)s» — %(when)s.") % {"title": event.title, "when": when}
            notification_create(user=registration.user, text=text, link=link, event=event)
            address = registration.user.email
            if address:
                body = _(
                    "Здравствуйте!\n\nНапоминаем: %(when)s — «%(title)s».\n"
                    "Место: %(place)s\n\nСтраница мероприятия: %(link)s\n"
                ) % {
                    "when": when,
                    "title": event.title,
                    "place": event.place or event.online_link or "—",
                    "link": getattr(settings, "SITE_URL", "").rstrip("/") + link,
                }
                transaction.on_commit(partial(_mail, text, body, address))
            sent += 1
    return sent


@transaction.atomic
def notification_read(*, actor: Any, notification: Notification) -> Notification:
    _require(notification.user_id == getattr(actor, "pk", None))
    if notification.read_at is None:
        notification, _changes = model_update(
            instance=notification, fields=["read_at"], data={"read_at": timezone.now()}
        )
    return notification


def notifications_read_all(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- calendar feeds -----------------------------------------------------------------------


@transaction.atomic
def feed_issue(
    *, actor: Any, user: Any = None, municipality: Municipality | None = None
) -> CalendarFeed:
    """A new secret ICS address for ``user`` (their own; the actor's by default) or for a
    ``municipality`` (its coordinators); the previous address of the same owner stops
    working (revoke + issue = regenerate)."""
    if municipality is not None:
        _require(rules.may_issue_municipal_feed(actor, municipality))
        previous = CalendarFeed.objects.filter(municipality=municipality, revoked_at__isnull=True)
    else:
        user = user if actor is None else actor
        if user is None:
            raise ValidationError(_("Укажите владельца календаря."))
        previous = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True)
    now = timezone.now()
    for old in previous.select_for_update():
        old, changes = model_update(instance=old, fields=["revoked_at"], data={"revoked_at": now})
        audit_log(
            actor=actor, action="collaboration.calendar_feed.revoked", target=old, data=changes
        )
    feed = CalendarFeed(
        user=None if municipality is not None else user,
        municipality=municipality,
        created_by=actor if _is_user(actor) else None,
    )
    feed.full_clean()
    feed.save()
    audit_log(
        actor=actor,
        action="collaboration.calendar_feed.issued",
        target=feed,
        data={"municipality": municipality.pk if municipality else None},
    )
    return feed


@transaction.atomic
def feed_revoke(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    if feed.municipality_id is not None:
        _require(rules.may_issue_municipal_feed(actor, feed.municipality))
    else:
        _require(actor is None or feed.user_id == actor.pk)
    if feed.revoked_at is None:
        feed, changes = model_update(
            instance=feed, fields=["revoked_at"], data={"revoked_at": timezone.now()}
        )
        audit_log(
            actor=actor, action="collaboration.calendar_feed.revoked", target=feed, data=changes
        )
    return feed


# --- materials ----------------------------------------------------------------------------


def material_file_problem(upload: UploadedFile) -> str | None:
    """Why a material's file is refused (type by name and content, size), else ``None``."""
    name = upload.name or ""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in MATERIAL_TYPES:
        return _("Допустимые файлы: %(types)s.") % {
            "types": ", ".join(sorted({s.upper() for s in MATERIAL_TYPES}))
        }
    if upload.size is None or upload.size > MATERIAL_MAX_BYTES:
        return _("Файл больше %(mb)d МБ.") % {"mb": MATERIAL_MAX_BYTES // (1024 * 1024)}
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in MATERIAL_TYPES[suffix]):
        return _("Содержимое файла не соответствует его типу (%(type)s).") % {
            "type": suffix.upper()
        }
    return None


def _search_document(material: Material) -> str:
    parts = [material.title, material.description, material.author_name]
    if material.author_id and material.author is not None:
        parts.append(material.author.full_name)
    parts += [s.name for s in material.subjects.all()]
    parts += [c.name for c in material.competencies.all()]
    parts.append(str(material.get_kind_display()))
    return "\n".join(p for p in parts if p)


def material_reindex(*, material: Material) -> Material:
    """Store the searchable text and its stems (after the subjects and competencies are
    set)."""
    document = _search_document(material)
    Material.objects.filter(pk=material.pk).update(
        search_document=document, search_stems=stem_document(document)
    )
    material.search_document = document
    material.search_stems = stem_document(document)
    return material


@transaction.atomic
def material_create(
    *,
    actor: Any,
    title: str,
    kind: str,
    school: School,
    description: str = "",
    author_name: str = "",
    author: Teacher | None = None,
    subjects: Sequence[Subject] = (),
    competencies: Sequence[Competency] = (),
    grades: Sequence[int] = (),
    file: "UploadedFile | ContentFile[Any] | None" = None,
    link: str = "",
    event: Event | None = None,
) -> Material:
    """Add a material to the bank: a file (type and size checked) or a link."""
    _require(rules.may_add_material(actor, school))
    if event is not None:
        _require(rules.may_manage_event(actor, event) or rules.may_add_material(actor, school))
    if file is not None and isinstance(file, UploadedFile):
        problem = material_file_problem(file)
        if problem:
            raise ValidationError({"file": problem})
    if not author_name and author is not None:
        author_name = author.full_name
    material = Material(
        title=title,
        kind=kind,
        school=school,
        description=description,
        author_name=author_name,
        author=author,
        grades=sorted(set(grades)),
        link=link,
        event=event,
        file_name=(file.name or "")[:255] if file is not None else "",
        created_by=actor if _is_user(actor) else None,
    )
    if file is not None:
        material.file = file
    material.full_clean()
    material.save()
    material.subjects.set(subjects)
    material.competencies.set(competencies)
    material_reindex(material=material)
    audit_log(
        actor=actor,
        action="collaboration.material.created",
        target=material,
        data={"kind": kind, "school": school.pk, "file": bool(file), "event": event},
    )
    return material


@transaction.atomic
def material_delete(*, actor: Any, material: Material) -> Material:
    """Remove the material from the bank; it stays restorable (with its file) from the
    bin of the school's coordinators and its author."""
    _require(rules.may_manage_material(actor, material))
    if material.deleted_at is not None:
        raise ValidationError(_("Материал уже удалён."))
    soft_delete(material, actor=actor)
    audit_log(
        actor=actor,
        action="collaboration.material.deleted",
        target=material,
        data={"title": material.title},
    )
    return material


@transaction.atomic
def material_restore(*, actor: Any, material: Material) -> Material:
    """Put a removed material back into the bank."""
    _require(rules.may_manage_material(actor, material))
    if material.deleted_at is None:
        raise ValidationError(_("Материал не удалён."))
    soft_restore(material)
    audit_log(
        actor=actor,
        action="collaboration.material.restored",
        target=material,
        data={"title": material.title},
    )
    return material


# --- brainstorm sessions ------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    actor: Any,
    municipality: Municipality,
    title: str,
    problem: str,
    facilitator: Any = None,
    participants: Sequence[Any] = (),
    scheduled_at: datetime | None = None,
    event: Event | None = None,
    roadmap_item: Any = None,
) -> BrainstormSession:
    """The facilitator (the actor; the command line and the demo name one) states the
    problem and invites the participants."""
    _require(rules.may_create_session(actor))
    facilitator = actor if actor is not None else facilitator
    if facilitator is None:
        raise ValidationError(_("Укажите ведущего."))
    session = BrainstormSession(
        municipality=municipality,
        title=title,
        problem=problem,
        facilitator=facilitator,
        scheduled_at=scheduled_at,
        event=event,
        roadmap_item=roadmap_item,
    )
    session.full_clean()
    session.save()
    session.participants.set([p for p in participants if p.pk != facilitator.pk])
    audit_log(
        actor=actor,
        action="collaboration.brainstorm.created",
        target=session,
        data={"participants": sorted(p.pk for p in participants)},
    )
    return session


@transaction.atomic
def session_invite(
    *, actor: Any, session: BrainstormSession, users: Iterable[Any]
) -> BrainstormSession:
    _require(rules.is_facilitator(actor, session))
    if session.phase == BrainstormSession.Phase.CLOSED:
        raise ValidationError(_("Сессия завершена."))
    new = [u for u in users if u.pk != session.facilitator_id]
    session.participants.add(*new)
    audit_log(
        actor=actor,
        action="collaboration.brainstorm.invited",
        target=session,
        data={"users": sorted(u.pk for u in new)},
    )
    return session


@transaction.atomic
def session_advance(*, actor: Any, session: BrainstormSession) -> BrainstormSession:
    """The facilitator moves the session on: collect → combine → rate → closed. Closing
    turns the ranked ideas into the recommendations DOCX, attached to the session."""
    _require(rules.is_facilitator(actor, session))
    locked = BrainstormSession.objects.select_for_update().get(pk=session.pk)
    index = PHASE_ORDER.index(BrainstormSession.Phase(locked.phase))
    if index == len(PHASE_ORDER) - 1:
        raise ValidationError(_("Сессия уже завершена."))
    if locked.phase == BrainstormSession.Phase.COLLECT and not locked.ideas.exists():
        raise ValidationError(_("Идей пока нет."))
    phase = PHASE_ORDER[index + 1]
    locked, changes = model_update(instance=locked, fields=["phase"], data={"phase": phase})
    if phase == BrainstormSession.Phase.CLOSED:
        session_recommendations_attach(session=locked)
    audit_log(
        actor=actor,
        action="collaboration.brainstorm.advanced",
        target=locked,
        data=changes,
    )
    return locked


def session_recommendations_attach(*, session: BrainstormSession) -> BrainstormSession:
    """Render the ranked ideas as DOCX and store it on the session (replacing an older
    one)."""
    from orbita.collaboration.documents import recommendations_docx
    from orbita.collaboration.selectors import session_ranking

    content = recommendations_docx(session=session, ranking=session_ranking(session=session))
    if session.recommendations:
        session.recommendations.delete(save=False)
    session.recommendations.save("recommendations.docx", ContentFile(content), save=False)
    BrainstormSession.objects.filter(pk=session.pk).update(
        recommendations=session.recommendations.name
    )
    if session.roadmap_item_id is not None:
        # The chosen roadmap measure gets the recommendations as its evidence.
        from orbita.partnerships.models import RoadmapEvidence

        evidence = RoadmapEvidence(
            item_id=session.roadmap_item_id,
            name=_("Рекомендации мозгового штурма «%(title)s».docx") % {"title": session.title},
        )
        evidence.file.save("recommendations.docx", ContentFile(content), save=False)
        evidence.save()
    return session


@transaction.atomic
def idea_add(*, actor: Any, session: BrainstormSession, text: str, author: Any = None) -> Idea:
    """A participant adds an idea while ideas are collected."""
    if actor is not None:
        _require(rules.is_participant(actor, session))
        author = actor
    if session.phase != BrainstormSession.Phase.COLLECT:
        raise ValidationError(_("Идеи собирают только на первом этапе."))
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Напишите идею.")})
    idea = Idea(session=session, author=author, text=text)
    idea.full_clean()
    idea.save()
    audit_log(actor=actor, action="collaboration.idea.created", target=idea, data={})
    return idea


def _combining(actor: Any, idea: Idea, other: Idea) -> None:
    _require(rules.is_facilitator(actor, idea.session))
    if idea.session_id != other.session_id:
        raise ValidationError(_("Идеи из разных сессий."))
    if idea.pk == other.pk:
        raise ValidationError(_("Идею нельзя объединить с ней самой."))
    phase = BrainstormSession.objects.values_list("phase", flat=True).get(pk=idea.session_id)
    if phase not in (BrainstormSession.Phase.COLLECT, BrainstormSession.Phase.COMBINE):
        raise ValidationError(_("Идеи объединяют до оценки."))


@transaction.atomic
def idea_merge(*, actor: Any, idea: Idea, into: Idea) -> Idea:
    """The facilitator folds ``idea`` into ``into`` (and the ideas merged into ``idea``
    with it); ``into`` must itself stand on its own."""
    _combining(actor, idea, into)
    if into.merged_into_id is not None:
        raise ValidationError(_("Эта идея уже объединена с другой."))
    followers = list(Idea.objects.filter(merged_into=idea).values_list("pk", flat=True))
    Idea.objects.filter(merged_into=idea).update(merged_into=into, updated_at=timezone.now())
    idea, changes = model_update(instance=idea, fields=["merged_into"], data={"merged_into": into})
    audit_log(
        actor=actor,
        action="collaboration.idea.merged",
        target=idea,
        # the ideas merged into ``idea`` before move along with it
        data={"into": into.pk, "followers": followers, **changes},
    )
    return idea


@transaction.atomic
def idea_unmerge(*, actor: Any, idea: Idea) -> Idea:
    _require(rules.is_facilitator(actor, idea.session))
    if idea.session.phase not in (
        BrainstormSession.Phase.COLLECT,
        BrainstormSession.Phase.COMBINE,
    ):
        raise ValidationError(_("Идеи объединяют до оценки."))
    idea, changes = model_update(instance=idea, fields=["merged_into"], data={"merged_into": None})
    if changes:
        audit_log(actor=actor, action="collaboration.idea.unmerged", target=idea, data=changes)
    return idea


@transaction.atomic
def idea_link(*, actor: Any, idea: Idea, other: Idea) -> Idea:
    """The facilitator links two ideas that belong together (both stay rated)."""
    _combining(actor, idea, other)
    idea.related.add(other)
    audit_log(
        actor=actor, action="collaboration.idea.linked", target=idea, data={"other": other.pk}
    )
    return idea


@transaction.atomic
def idea_rate(*, actor: Any, idea: Idea, score: int, user: Any = None) -> IdeaRating:
    """A participant scores an idea 1–5 while ideas are rated; scoring again changes the
    score. Merged ideas are rated through the idea they joined."""
    person = actor if actor is not None else user
    if actor is not None:
        _require(rules.is_participant(actor, idea.session))
    if person is None:
        raise ValidationError(_("Укажите участника."))
    # The phase as it is now (the facilitator may have moved on since the page loaded).
    phase = BrainstormSession.objects.values_list("phase", flat=True).get(pk=idea.session_id)
    if phase != BrainstormSession.Phase.RATE:
        raise ValidationError(_("Идеи оценивают на этапе оценки."))
    if idea.merged_into_id is not None:
        raise ValidationError(_("Идея объединена с другой: оцените ту."))
    if not 1 <= int(score) <= 5:
        raise ValidationError({"score": _("Оценка — от 1 до 5.")})
    rating, created = IdeaRating.objects.select_for_update().get_or_create(
        idea=idea, user=person, defaults={"score": int(score)}
    )
    before = None if created else rating.score
    if not created:
        rating, _changes = model_update(
            instance=rating, fields=["score"], data={"score": int(score)}
        )
    audit_log(
        actor=actor,
        action="collaboration.idea.rated",
        target=idea,
        data={"user": person.pk, "score": [before, int(score)]},
    )
    return rating
