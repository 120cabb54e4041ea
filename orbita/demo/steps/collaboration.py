"""Collaboration in the demo (``orbita.demo.data.collaboration``), through the services.

The seeds' events keep their own dates (held ones with their outcome and attendance); one
upcoming webinar is placed a month after the day the demo is loaded, with the ``mentee`` and
``school`` logins registered. Тосненский район's brainstorm sessions get accounts (without
passwords) for their facilitators and for one teacher of each participating school, their
ideas, merges, links and scores; the closed ones carry their recommendations DOCX. No
e-mail is sent (the addresses are invented).
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from orbita.accounts.models import User
from orbita.accounts.services import user_create
from orbita.collaboration import services
from orbita.collaboration.models import BrainstormSession, Event
from orbita.demo.context import DemoContext
from orbita.demo.data.collaboration import (
    BRAINSTORMS,
    EVENTS,
    FACILITATORS,
    MATERIALS,
    PARTICIPANT_SCHOOLS,
    UPCOMING,
    UPCOMING_REGISTERED,
    EventSpec,
)
from orbita.partnerships.models import Partnership
from orbita.registry.models import Competency, Subject, Teacher


def load_collaboration(ctx: DemoContext) -> None:
    for spec in EVENTS:
        _event(ctx, spec)
    upcoming = _event(ctx, UPCOMING)
    for login in UPCOMING_REGISTERED:
        services.event_register(actor=None, event=upcoming, user=ctx.users[login])
    ctx.created["events"] += len(EVENTS) + 1

    subjects = {s.code: s for s in Subject.objects.all()}
    competencies = {c.code: c for c in Competency.objects.all()}
    master_class = Event.objects.filter(
        municipality=ctx.municipalities["52-sechenovo"], kind="master_class"
    ).first()
    for material in MATERIALS:
        author = ctx.teachers[material.author]
        services.material_create(
            actor=None,
            title=material.title,
            kind=material.kind,
            school=ctx.schools[material.school],
            author=author,
            subjects=[subjects[c] for c in material.subjects],
            competencies=[competencies[c] for c in material.competencies],
            grades=material.grades,
            description=material.description,
            link=material.link,
            event=master_class if material.kind == "methodical" else None,
        )
    ctx.created["materials"] += len(MATERIALS)

    facilitators = {key: _account(ctx, ctx.teachers[key]) for key in FACILITATORS}
    participants = []
    for school in PARTICIPANT_SCHOOLS:
        teacher = (
            Teacher.objects.filter(school=ctx.schools[school], user__isnull=True)
            .order_by("full_name", "pk")
            .first()
        )
        if teacher is not None:
            participants.append(_account(ctx, teacher))
    tosno = ctx.municipalities["47-tosno"]
    for n, brainstorm in enumerate(BRAINSTORMS):
        _brainstorm(ctx, brainstorm, tosno, facilitators, participants, n)
    ctx.created["brainstorms"] += len(BRAINSTORMS)


def _when(text: str) -> datetime:
    day, clock = text.split(" ")
    hour, minute = (int(p) for p in clock.split(":"))
    if day.startswith("+"):
        base = timezone.localdate() + timedelta(days=int(day[1:]))
    else:
        base = datetime.strptime(day, "%Y-%m-%d").date()  # noqa: DTZ007 (a date only)
    return datetime(
        base.year, base.month, base.day, hour, minute, tzinfo=timezone.get_current_timezone()
    )


def _partnership_of(ctx: DemoContext, spec: EventSpec) -> Partnership | None:
    """The partnership the event serves: the one of its two schools, either way round."""
    if not (spec.helper and spec.helped):
        return None
    a, b = ctx.schools[spec.helper], ctx.schools[spec.helped]
    return Partnership.objects.filter(Q(leader=a, supported=b) | Q(leader=b, supported=a)).first()


def _event(ctx: DemoContext, spec: EventSpec) -> Event:
    event = services.event_create(
        partnership=_partnership_of(ctx, spec),
        actor=None,
        municipality=ctx.municipalities[spec.municipality],
        title=spec.title,
        kind=spec.kind,
        starts_at=_when(spec.when),
        ends_at=_when(spec.when) + timedelta(hours=2),
        organisers=[ctx.schools[k] for k in spec.organisers],
        direction=spec.direction,
        helper_school=ctx.schools[spec.helper] if spec.helper else None,
        helped_school=ctx.schools[spec.helped] if spec.helped else None,
        audience_schools=[ctx.schools[k] for k in spec.audience],
        audience_roles=spec.roles,
        grades=spec.grades,
        place=spec.place,
        online_link=spec.online_link,
        description=spec.description,
        registration_open=not spec.when.startswith("20"),
    )
    if event.starts_at < timezone.now():
        if spec.attendance is not None:
            services.attendance_record(
                actor=None, event=event, attended_user_ids=[], attendance_count=spec.attendance
            )
        if spec.outcome:
            services.event_outcome_record(actor=None, event=event, outcome=spec.outcome)
    return event


def _account(ctx: DemoContext, teacher: Teacher) -> User:
    existing = User.objects.filter(teacher=teacher).first()
    if existing is not None:
        return existing
    last, first, *rest = [*teacher.full_name.split(" "), "", ""]
    return user_create(
        actor=ctx.actor,
        username=f"demo-{teacher.pk}",
        first_name=first,
        last_name=last,
        middle_name=rest[0] if rest else "",
        teacher=teacher,
        source="demo",
    )


def _brainstorm(
    ctx: DemoContext,
    spec: Any,
    municipality: Any,
    facilitators: dict[str, User],
    participants: list[User],
    n: int,
) -> BrainstormSession:
    facilitator = facilitators[spec.facilitator]
    when = _when(spec.when)
    event = services.event_create(
        actor=None,
        municipality=municipality,
        title=f"Мозговой штурм: {spec.title}",
        kind="brainstorm",
        starts_at=when,
        ends_at=when + timedelta(hours=1, minutes=30),
        organisers=[facilitator.teacher.school],  # type: ignore[union-attr]
        direction="network",
        audience_schools=[p.teacher.school for p in participants],  # type: ignore[union-attr]
        online_link="https://zoom.us/",
        registration_open=False,
    )
    session = services.session_create(
        actor=None,
        facilitator=facilitator,
        municipality=municipality,
        title=spec.title,
        problem=spec.problem,
        participants=participants,
        scheduled_at=when,
        event=event,
    )
    people = [facilitator, *participants]
    ideas = [
        services.idea_add(
            actor=None, session=session, text=text, author=people[(i + n) % len(people)]
        )
        for i, text in enumerate(spec.ideas)
    ]
    if spec.phase == "collect":
        return session
    session = services.session_advance(actor=None, session=session)
    for idea, into in spec.merges:
        services.idea_merge(actor=None, idea=ideas[idea], into=ideas[into])
    for idea, other in spec.links:
        services.idea_link(actor=None, idea=ideas[idea], other=ideas[other])
    session = services.session_advance(actor=None, session=session)
    merged = {idea for idea, _into in spec.merges}
    for p, person in enumerate(people):
        for i, idea in enumerate(ideas):
            if i in merged:
                continue
            # A fixed spread of scores: earlier ideas a little stronger, people differ.
            score = max(1, min(5, 5 - (i + p * (n + 1)) % 4 + (1 if i == 0 else 0)))
            services.idea_rate(actor=None, idea=idea, score=score, user=person)
    if spec.phase == "closed":
        session = services.session_advance(actor=None, session=session)
    return session
