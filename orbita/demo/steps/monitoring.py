"""Monitoring in the demo (``orbita.demo.data.monitoring``), through the services.

The satisfaction surveys of case 001 are made from their templates, distributed to the
mentees and the mentors of Сеченовский район and answered so that the mentees reach 87 %
and the mentors 83 % (the target is 85 %); the mentees' competencies get their levels at the
start and the end. Тосненский район's accepted partnerships are dated to the project's
start, so the impact estimate compares supported schools with the others.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone

from orbita.accounts.models import Role, RoleAssignment, User
from orbita.accounts.services import role_grant, user_create
from orbita.demo.context import DemoContext
from orbita.demo.data import monitoring as data
from orbita.mentoring.models import MentoringPair
from orbita.monitoring import services
from orbita.monitoring.models import Invitation, Question, Survey, SurveyKind
from orbita.partnerships import services as partnership_services
from orbita.partnerships.models import Partnership
from orbita.registry.models import Municipality, Teacher


def load_monitoring(ctx: DemoContext) -> None:
    municipality = ctx.municipalities[data.MUNICIPALITY]
    mentee_teachers = Teacher.objects.filter(
        school__in=[ctx.schools[k] for k in data.MENTEE_SCHOOLS], is_active=True
    ).order_by("school_id", "full_name", "pk")
    mentor_teachers = Teacher.objects.filter(
        school=ctx.schools[data.MENTOR_SCHOOL], mentor_profile__isnull=False
    ).order_by("full_name", "pk")
    extra_mentors = Teacher.objects.filter(
        school=ctx.schools[data.MENTOR_SCHOOL], mentor_profile__isnull=True, is_active=True
    ).order_by("full_name", "pk")
    mentees = _respondents(ctx, mentee_teachers, Role.MENTEE, data.MENTEE_ANSWERS[0])
    mentors = _respondents(
        ctx, [*mentor_teachers, *extra_mentors], Role.MENTOR, data.MENTOR_ANSWERS[0]
    )
    deadline = timezone.localdate() + timedelta(days=14)
    for kind, audience, people, (answered, satisfied) in (
        (SurveyKind.MENTEE_SATISFACTION, "mentee", mentees, data.MENTEE_ANSWERS),
        (SurveyKind.MENTOR_SATISFACTION, "mentor", mentors, data.MENTOR_ANSWERS),
    ):
        survey = services.survey_create_from_template(
            actor=None, municipality=municipality, kind=kind
        )
        services.distribution_create(
            actor=None, survey=survey, audiences=[audience], deadline=deadline, notify=False
        )
        for n, user in enumerate(people[:answered]):
            invitation = Invitation.objects.get(distribution__survey=survey, user=user)
            services.response_submit(
                actor=user, invitation=invitation, answers=_answers(survey, n < satisfied, n)
            )
        ctx.created["surveys"] += 1
        ctx.created["survey_responses"] += answered

    _assessments(ctx, municipality)
    _tosno(ctx)


def _respondents(ctx: DemoContext, teachers: Iterable[Teacher], role: str, n: int) -> list[User]:
    """``n`` accounts with ``role`` at their school; the demo login of that role (``mentee``,
    ``mentor``) is invited too but left to answer for itself."""
    out: list[User] = []
    login = ctx.users.get({Role.MENTEE: "mentee", Role.MENTOR: "mentor"}[Role(role)])
    for teacher in teachers:
        if len(out) >= n:
            break
        user = User.objects.filter(teacher=teacher).first()
        if user is None:
            last, first, *rest = [*teacher.full_name.split(" "), "", ""]
            user = user_create(
                actor=ctx.actor,
                username=f"demo-{teacher.pk}",
                first_name=first,
                last_name=last,
                middle_name=rest[0] if rest else "",
                teacher=teacher,
                source="demo",
            )
            ctx.created["users"] += 1
        if login is not None and user.pk == login.pk:
            continue  # the demo login answers for itself
        if not RoleAssignment.objects.filter(user=user, role=role).exists():
            role_grant(actor=ctx.actor, user=user, role=role, school=teacher.school)
        out.append(user)
    return out


def _answers(survey: Survey, satisfied: bool, n: int) -> dict[int, object]:
    out: dict[int, object] = {}
    for q in survey.questions.prefetch_related("choices"):
        if q.kind == Question.Kind.SCALE:
            out[q.pk] = (5 if n % 2 else 4) if satisfied else 3
        elif q.kind == Question.Kind.MULTIPLE:
            choices = list(q.choices.values_list("pk", flat=True))
            out[q.pk] = choices[n % len(choices) : n % len(choices) + 2] or choices[:1]
        elif q.kind == Question.Kind.SINGLE:
            out[q.pk] = q.choices.values_list("pk", flat=True).first()
        elif q.kind == Question.Kind.TEXT and not satisfied:
            out[q.pk] = "Больше встреч с наставником очно, меньше отчётов."
    return out


def _assessments(ctx: DemoContext, municipality: Municipality) -> None:
    pairs = MentoringPair.objects.filter(
        programme__municipality=municipality, status=MentoringPair.Status.ACTIVE
    ).prefetch_related("mentees__deficits__competency")
    for pair in pairs:
        for mentee in pair.mentees.all():
            for deficit in mentee.deficits.all():
                for assessor, (start, end) in (
                    ("mentor", data.MENTOR_LEVELS),
                    ("self", data.SELF_LEVELS),
                ):
                    for stage, level in (("start", start), ("end", end)):
                        services.assessment_set(
                            actor=None,
                            pair=pair,
                            mentee=mentee,
                            competency=deficit.competency,
                            stage=stage,
                            assessor=assessor,
                            level=level,
                        )
                        ctx.created["assessments"] += 1


def _tosno(ctx: DemoContext) -> None:
    start, end = date.fromisoformat(data.TOSNO_START), date.fromisoformat(data.TOSNO_END)
    for p in Partnership.objects.filter(
        municipality=ctx.municipalities["47-tosno"], status=Partnership.Status.DRAFT
    ).exclude(proposal=None):
        partnership_services.partnership_update(
            actor=None, partnership=p, data={"start": start, "end": end}
        )
        partnership_services.partnership_activate(actor=None, partnership=p)
