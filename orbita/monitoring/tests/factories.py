"""Monitoring test data, built through the services (so it is valid and audited)."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from orbita.monitoring import services
from orbita.monitoring.models import Distribution, Survey, SurveyKind


def satisfaction_survey(municipality: Any, kind: str = SurveyKind.MENTEE_SATISFACTION) -> Survey:
    return services.survey_create_from_template(actor=None, municipality=municipality, kind=kind)


def distribute(
    survey: Survey, audiences: tuple[str, ...], deadline: date | None = None
) -> Distribution:
    return services.distribution_create(
        actor=None,
        survey=survey,
        audiences=list(audiences),
        deadline=deadline or timezone.localdate() + timedelta(days=14),
    )


def answer_all(invitation: Any, value: int, text: str = "") -> Any:
    """Answer every question: ``value`` on the scales, the first choice, ``text``."""
    answers: dict[int, Any] = {}
    for q in invitation.distribution.survey.questions.prefetch_related("choices"):
        if q.kind == "scale":
            answers[q.pk] = value
        elif q.has_choices:
            answers[q.pk] = [q.choices.all()[0].pk]
        elif text:
            answers[q.pk] = text
    return services.response_submit(actor=invitation.user, invitation=invitation, answers=answers)
