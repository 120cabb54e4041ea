"""Monitoring writes: surveys (from templates and the builder), distributions with their
invitations and reminders, responses (anonymous or named), competency assessments and
municipal reports. Keyword-only arguments; validated; audited in the same transaction.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orbita.accounts.models import Role, RoleAssignment
from orbita.core.services import audit_log, model_update
from orbita.mentoring.models import MentoringPair
from orbita.monitoring import rules
from orbita.monitoring.models import (
    Answer,
    Audience,
    Choice,
    CompetencyAssessment,
    Distribution,
    Invitation,
    MunicipalReport,
    Question,
    Survey,
    SurveyKind,
    SurveyResponse,
)
from orbita.monitoring.survey_templates import SURVEY_TEMPLATES
from orbita.registry.models import Competency, Municipality, School

logger = logging.getLogger(__name__)

# The pulse cadence: the first pulse survey this many days after a pair starts, then every…
PULSE_FIRST_DAYS = 30
PULSE_EVERY_DAYS = 60
PULSE_ANSWER_DAYS = 14


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- surveys ------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    municipality: Municipality,
    title: str,
    kind: str = SurveyKind.CUSTOM,
    description: str = "",
    is_anonymous: bool = True,
    target_share: Decimal = Decimal("0.85"),
) -> Survey:
    """A new, empty survey of ``municipality`` (questions come from the builder)."""
    _require(rules.may_manage_surveys(actor, municipality))
    survey = Survey(
        municipality=municipality,
        title=title.strip(),
        kind=kind,
        description=description,
        is_anonymous=is_anonymous,
        target_share=target_share,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    survey.full_clean()
    survey.save()
    audit_log(actor=actor, action="monitoring.survey.created", target=survey, data={"kind": kind})
    return survey


@transaction.atomic
def survey_create_from_template(*, actor: Any, municipality: Municipality, kind: str) -> Survey:
    """A survey of ``municipality`` filled from the template of ``kind`` (see
    ``survey_templates``): the satisfaction surveys of case 001, the closing and pulse ones."""
    template = SURVEY_TEMPLATES.get(kind)
    if template is None:
        raise ValidationError({"kind": _("Нет шаблона для этого вида анкеты.")})
    survey = survey_create(
        actor=actor,
        municipality=municipality,
        title=str(template.title),
        kind=kind,
        description=str(template.description),
        is_anonymous=template.is_anonymous,
    )
    for order, q in enumerate(template.questions, start=1):
        question_add(
            actor=actor,
            survey=survey,
            text=str(q.text),
            kind=q.kind,
            is_required=q.is_required,
            counts_for_satisfaction=q.counts_for_satisfaction,
            choices=[str(c) for c in q.choices],
            order=order,
            audit=False,
        )
    return survey


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, data: Mapping[str, Any]) -> Survey:
    _require(rules.may_manage_surveys(actor, survey.municipality))
    survey, changes = model_update(
        instance=survey,
        fields=[
            "title",
            "description",
            "is_anonymous",
            "target_share",
            "satisfied_from",
            "is_archived",
        ],
        data=data,
    )
    if "is_anonymous" in changes and survey.distributions.exists():
        raise ValidationError(
            {"is_anonymous": _("Анонимность нельзя менять после рассылки анкеты.")}
        )
    if changes:
        audit_log(actor=actor, action="monitoring.survey.updated", target=survey, data=changes)
    return survey


@transaction.atomic
def question_add(
    *,
    actor: Any,
    survey: Survey,
    text: str,
    kind: str,
    is_required: bool = True,
    counts_for_satisfaction: bool = False,
    choices: Sequence[str] = (),
    order: int | None = None,
    audit: bool = True,
) -> Question:
    """Add a question (with its choices, one per item, for single and multiple choice)."""
    _require(rules.may_manage_surveys(actor, survey.municipality))
    if survey.distributions.exists():
        raise ValidationError(_("Анкета уже разослана: вопросы менять нельзя."))
    if order is None:
        order = survey.questions.count() + 1
    question = Question(
        survey=survey,
        text=text.strip(),
        kind=kind,
        is_required=is_required,
        counts_for_satisfaction=counts_for_satisfaction,
        order=order,
    )
    question.full_clean()
    question.save()
    cleaned = [c.strip() for c in choices if c.strip()]
    if question.has_choices and len(cleaned) < 2:
        raise ValidationError({"choices": _("Нужно хотя бы два варианта ответа.")})
    if question.has_choices:
        Choice.objects.bulk_create(
            Choice(question=question, text=c, order=i) for i, c in enumerate(cleaned, start=1)
        )
    if audit:
        audit_log(
            actor=actor,
            action="monitoring.question.created",
            target=question,
            data={"survey": survey.pk, "kind": kind},
        )
    return question


@transaction.atomic
def question_remove(*, actor: Any, question: Question) -> None:
    survey = question.survey
    _require(rules.may_manage_surveys(actor, survey.municipality))
    if survey.distributions.exists():
        raise ValidationError(_("Анкета уже разослана: вопросы менять нельзя."))
    audit_log(
        actor=actor,
        action="monitoring.question.removed",
        target=survey,
        data={"question": question.text},
    )
    question.delete()


# --- distributions ------------------------------------------------------------------------

_AUDIENCE_ROLES: dict[str, str] = {
    Audience.MENTEE: Role.MENTEE,
    Audience.MENTOR: Role.MENTOR,
    Audience.SCHOOL_COORDINATOR: Role.SCHOOL_COORDINATOR,
}


def _recipients(
    survey: Survey, audiences: Iterable[str], schools: Sequence[School], pair: Any
) -> list[tuple[Any, str, Any]]:
    """(user, audience, school) of everyone a distribution reaches, once per user."""
    found: dict[int, tuple[Any, str, Any]] = {}
    if pair is not None:
        people = []
        if Audience.MENTOR in audiences:
            people.append((pair.mentor.teacher, Audience.MENTOR))
        if Audience.MENTEE in audiences:
            people += [(m.teacher, Audience.MENTEE) for m in pair.mentees.all()]
        for teacher, audience in people:
            user = getattr(teacher, "user", None)
            if user is not None and user.is_active and user.pk not in found:
                found[user.pk] = (user, audience, teacher.school)
        return list(found.values())
    roles = [_AUDIENCE_ROLES[a] for a in audiences]
    qs = RoleAssignment.objects.filter(
        role__in=roles, school__municipality=survey.municipality, user__is_active=True
    ).select_related("user", "school")
    if schools:
        qs = qs.filter(school__in=schools)
    by_role = {v: k for k, v in _AUDIENCE_ROLES.items()}
    for a in qs.order_by("user_id", "role"):
        if a.user_id not in found:
            found[a.user_id] = (a.user, by_role[Role(a.role)], a.school)
    return list(found.values())


@transaction.atomic
def distribution_create(
    *,
    actor: Any,
    survey: Survey,
    audiences: Sequence[str],
    deadline: date,
    schools: Sequence[School] = (),
    pair: MentoringPair | None = None,
    sequence: int = 0,
    notify: bool = True,
) -> Distribution:
    """Send ``survey`` to the ``audiences`` (roles) in ``schools`` of its municipality (all
    when empty), or to the members of ``pair``: one invitation per person, an e-mail each
    after the commit. Raises ``ValidationError`` without questions, with a past deadline
    or when nobody is reached."""
    _require(rules.may_manage_surveys(actor, survey.municipality))
    if not survey.questions.exists():
        raise ValidationError(_("В анкете нет вопросов."))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Срок ответа уже прошёл.")})
    foreign = [s for s in schools if s.municipality_id != survey.municipality_id]
    if foreign:
        raise ValidationError({"schools": _("Школы не из муниципалитета анкеты.")})
    distribution = Distribution(
        survey=survey,
        audiences=list(dict.fromkeys(audiences)),
        pair=pair,
        sequence=sequence,
        deadline=deadline,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    distribution.full_clean()
    distribution.save()
    if schools:
        distribution.schools.set(schools)
    recipients = _recipients(survey, distribution.audiences, schools, pair)
    if not recipients:
        raise ValidationError(_("Анкету некому отправить: нет участников с этими ролями."))
    invitations = Invitation.objects.bulk_create(
        Invitation(distribution=distribution, user=u, audience=a, school=s)
        for u, a, s in recipients
    )
    audit_log(
        actor=actor,
        action="monitoring.distribution.created",
        target=distribution,
        data={"audiences": distribution.audiences, "invitations": len(invitations)},
    )
    if notify:
        ids = [i.pk for i in invitations]
        transaction.on_commit(lambda: _mail_invitations(ids, reminder=False))
    return distribution


def _mail_invitations(invitation_ids: Sequence[int], *, reminder: bool) -> int:
    sent = 0
    invitations = Invitation.objects.filter(pk__in=invitation_ids).select_related(
        "user", "distribution__survey"
    )
    for inv in invitations:
        if not inv.user.email:
            continue
        survey = inv.distribution.survey
        url = reverse("monitoring:answer", kwargs={"pk": inv.pk})
        subject = (
            _("Напоминание: анкета «%(title)s»") if reminder else _("Анкета «%(title)s»")
        ) % {"title": survey.title}
        body = _(
            "Просим ответить на анкету «%(title)s» до %(deadline)s.\n%(url)s\n%(anonymous)s"
        ) % {
            "title": survey.title,
            "deadline": f"{inv.distribution.deadline:%d.%m.%Y}",
            "url": url,
            "anonymous": _("Анкета анонимная: ответы не связываются с вашим именем.")
            if survey.is_anonymous
            else "",
        }
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [inv.user.email])
        except (OSError, SMTPException):
            # A mail server that does not answer must not stop the distribution.
            logger.warning("survey invitation %s could not be e-mailed", inv.pk, exc_info=True)
            continue
        sent += 1
    return sent


def reminders_send(*, today: date | None = None, days_before: int = 3) -> int:
    """Remind everyone who has not answered a distribution whose deadline is within
    ``days_before`` days (once a day at most). Returns how many were reminded."""
    today = today or timezone.localdate()
    now = timezone.now()
    due = Invitation.objects.filter(
        answered_on__isnull=True,
        distribution__deadline__gte=today,
        distribution__deadline__lte=today + timedelta(days=days_before),
    ).exclude(reminded_at__date=today)
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    Invitation.objects.filter(pk__in=ids).update(reminded_at=now)
    return _mail_invitations(ids, reminder=True)


# --- responses ----------------------------------------------------------------------------


def _answer_errors(question: Question, raw: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The cleaned answer of one question, or the Russian error."""
    kinds = Question.Kind
    empty = raw in (None, "", [], ())
    if empty:
        return (None, _("Ответьте на этот вопрос.") if question.is_required else None)
    if question.kind == kinds.SCALE:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            return None, _("Выберите балл от 1 до 5.")
        if not 1 <= value <= 5:
            return None, _("Выберите балл от 1 до 5.")
        return {"value": value}, None
    if question.kind == kinds.TEXT:
        return {"text": str(raw).strip()[:5000]}, None
    picked = [raw] if not isinstance(raw, (list, tuple)) else list(raw)
    valid = {c.pk: c for c in question.choices.all()}
    try:
        ids = [int(p) for p in picked]
    except (TypeError, ValueError):
        return None, _("Неизвестный вариант ответа.")
    if any(i not in valid for i in ids):
        return None, _("Неизвестный вариант ответа.")
    if question.kind == kinds.SINGLE and len(ids) != 1:
        return None, _("Выберите один вариант.")
    return {"choices": [valid[i] for i in ids]}, None


@transaction.atomic
def response_submit(
    *, actor: Any, invitation: Invitation, answers: Mapping[int, Any]
) -> SurveyResponse:
    """Save the answers (question id → value, text, choice id or list of choice ids) to the
    invitation's survey and mark the invitation answered. For an anonymous survey the
    response keeps no link to the person. Raises ``ValidationError`` keyed by question id
    (as ``q<id>``) with every problem; a second answer is refused."""
    if actor is not None and invitation.user_id != actor.pk:
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered_on is not None:
        raise ValidationError(_("Вы уже ответили на эту анкету."))
    distribution = invitation.distribution
    survey = distribution.survey
    questions = list(survey.questions.prefetch_related("choices"))
    cleaned: dict[int, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for q in questions:
        value, error = _answer_errors(q, answers.get(q.pk))
        if error:
            errors[f"q{q.pk}"] = error
        elif value is not None:
            cleaned[q.pk] = value
    if errors:
        raise ValidationError(errors)
    counted = [
        cleaned[q.pk]["value"] for q in questions if q.counts_for_satisfaction and q.pk in cleaned
    ]
    today = timezone.localdate()
    response = SurveyResponse.objects.create(
        distribution=distribution,
        respondent=None if survey.is_anonymous else invitation.user,
        audience=invitation.audience,
        school=invitation.school,
        submitted_on=today,
        satisfaction=sum(counted) / len(counted) if counted else None,
    )
    for q in questions:
        if q.pk not in cleaned:
            continue
        data = cleaned[q.pk]
        answer = Answer.objects.create(
            response=response, question=q, value=data.get("value"), text=data.get("text", "")
        )
        if "choices" in data:
            answer.choices.set(data["choices"])
    model_update(instance=invitation, fields=["answered_on"], data={"answered_on": today})
    # The audit entry names the invitation (who answered), never the response (what).
    audit_log(
        actor=actor,
        action="monitoring.invitation.answered",
        target=invitation,
        data={"survey": survey.pk},
    )
    return response


# --- competency assessments ---------------------------------------------------------------


@transaction.atomic
def assessment_set(
    *,
    actor: Any,
    pair: MentoringPair,
    mentee: Any,
    competency: Competency,
    stage: str,
    assessor: str,
    level: int,
) -> CompetencyAssessment:
    """Record (or correct) the level 1–5 of a competency of ``mentee``'s request map."""
    _require(rules.may_assess(actor, pair, assessor))
    if not pair.memberships.filter(mentee=mentee).exists():
        raise ValidationError(_("Наставляемый не из этой пары."))
    if not mentee.deficits.filter(competency=competency).exists():
        raise ValidationError({"competency": _("Этой компетенции нет в карте запросов.")})
    existing = CompetencyAssessment.objects.filter(
        pair=pair, mentee=mentee, competency=competency, stage=stage, assessor=assessor
    ).first()
    by = actor if getattr(actor, "is_authenticated", False) else None
    if existing is not None:
        existing, changes = model_update(
            instance=existing,
            fields=["level", "assessed_by"],
            data={"level": level, "assessed_by": by},
        )
        if changes:
            audit_log(
                actor=actor,
                action="monitoring.assessment.updated",
                target=existing,
                data=changes,
            )
        return existing
    assessment = CompetencyAssessment(
        pair=pair,
        mentee=mentee,
        competency=competency,
        stage=stage,
        assessor=assessor,
        level=level,
        assessed_by=by,
    )
    assessment.full_clean()
    assessment.save()
    audit_log(
        actor=actor,
        action="monitoring.assessment.created",
        target=assessment,
        data={"level": level},
    )
    return assessment


# --- the pulse cadence --------------------------------------------------------------------


def pulse_due(pair: MentoringPair, today: date) -> int:
    """How many pulse surveys ``pair`` should have had by ``today`` (30 days after it
    started, then every 60 days, while it is active)."""
    if pair.started_on is None or pair.status != MentoringPair.Status.ACTIVE:
        return 0
    days = (today - pair.started_on).days
    if days < PULSE_FIRST_DAYS:
        return 0
    return 1 + (days - PULSE_FIRST_DAYS) // PULSE_EVERY_DAYS


def pulses_create(*, today: date | None = None, notify: bool = True) -> list[Distribution]:
    """Create every due pulse distribution (the municipality's pulse survey, from its
    template when it has none yet), one per pair and number; idempotent."""
    today = today or timezone.localdate()
    created: list[Distribution] = []
    pairs = MentoringPair.objects.filter(
        status=MentoringPair.Status.ACTIVE, started_on__isnull=False
    ).select_related("programme__municipality", "mentor__teacher__user__teacher")
    for pair in pairs:
        due = pulse_due(pair, today)
        if not due:
            continue
        done = set(
            pair.survey_distributions.filter(sequence__gt=0).values_list("sequence", flat=True)
        )
        if due in done:
            continue
        municipality = pair.programme.municipality
        survey = (
            Survey.objects.filter(
                municipality=municipality, kind=SurveyKind.PULSE, is_archived=False
            )
            .order_by("created_at", "id")
            .first()
        ) or survey_create_from_template(
            actor=None, municipality=municipality, kind=SurveyKind.PULSE
        )
        try:
            created.append(
                distribution_create(
                    actor=None,
                    survey=survey,
                    audiences=[Audience.MENTOR, Audience.MENTEE],
                    deadline=today + timedelta(days=PULSE_ANSWER_DAYS),
                    pair=pair,
                    sequence=due,
                    notify=notify,
                )
            )
        except ValidationError:
            continue  # nobody of the pair has an account yet
    return created


def pulse_run(*, today: date | None = None) -> dict[str, int]:
    """The daily pulse round (``pulse_task``, ``manage.py send_pulse``): create the due pulse
    distributions, then remind everyone who has not answered a survey due soon."""
    created = pulses_create(today=today)
    return {"pulses": len(created), "reminded": reminders_send(today=today)}


# --- reports ------------------------------------------------------------------------------


@transaction.atomic
def report_request(
    *, actor: Any, municipality: Municipality, period_start: date, period_end: date
) -> MunicipalReport:
    """Queue a municipal report for the period; the task builds its DOCX and XLSX."""
    _require(rules.may_manage_surveys(actor, municipality))
    report = MunicipalReport(
        municipality=municipality,
        period_start=period_start,
        period_end=period_end,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    report.full_clean()
    report.save()
    audit_log(actor=actor, action="monitoring.report.requested", target=report)
    from orbita.monitoring.tasks import report_build_task

    report_pk = report.pk
    transaction.on_commit(lambda: report_build_task.enqueue(report_pk))
    return report
