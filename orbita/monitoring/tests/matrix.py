"""Monitoring rows of the project-wide permission matrix (orbita/tests/test_permission_matrix.py).

``monitoring_objects`` builds, on the shared ``world``, the mentee-satisfaction survey of
Сеченовский район sent to its mentees (the ``mentee`` login has an invitation), and uses
the mentoring matrix's pair for the assessment page.
"""

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from orbita.mentoring.tests.matrix import mentoring_objects
from orbita.monitoring import services
from orbita.monitoring.models import Invitation, MunicipalReport, Survey, SurveyKind

#                 anon  reg  r_oth mun  m_oth sch  s_oth mentor mentee super
EVERYONE = (302, *(200,) * 9)
COORDINATORS = (302, 200, 200, 200, 200, 200, 200, 403, 403, 200)
COORDINATOR_POST = (302, 302, 302, 302, 302, 302, 302, 403, 403, 302)
SURVEY_PAGE = (302, 200, 404, 200, 404, 404, 404, 403, 403, 200)
SURVEY_POST = (302, 302, 404, 302, 404, 404, 404, 404, 404, 302)
OWN_INVITATION = (302, 404, 404, 404, 404, 404, 404, 404, 200, 404)
PAIR_PAGE = (302, 200, 404, 200, 404, 200, 404, 200, 200, 200)
MUNICIPAL = (302, 200, 404, 200, 404, 403, 403, 403, 403, 200)
DASHBOARD = (302, 200, 200, 200, 200, 403, 403, 403, 403, 200)
REPORT_PAGE = (302, 200, 404, 200, 404, 404, 404, 404, 404, 200)
API_LIST = (401, *(200,) * 9)
API_SURVEY = (401, 200, 404, 200, 404, 404, 404, 404, 404, 200)
API_CREATE_EMPTY = (401, *(400,) * 9)
API_OWN_INVITATION = (401, 404, 404, 404, 404, 404, 404, 404, 200, 404)
API_OWN_ANSWER_EMPTY = (401, 404, 404, 404, 404, 404, 404, 404, 400, 404)
API_PAIR = (401, 200, 404, 200, 404, 200, 404, 200, 200, 200)
API_DASHBOARD = (401, 200, 404, 200, 404, 403, 403, 403, 403, 200)


def monitoring_objects(world: Any, people: Any) -> dict[str, int]:
    """The monitoring objects the rows point at, by name → primary key."""
    survey = Survey.objects.filter(title__startswith="Удовлетворённость наставляемых").first()
    if survey is None:
        survey = services.survey_create_from_template(
            actor=None, municipality=world.municipality, kind=SurveyKind.MENTEE_SATISFACTION
        )
        services.distribution_create(
            actor=None,
            survey=survey,
            audiences=["mentee"],
            deadline=timezone.localdate() + timedelta(days=7),
            notify=False,
        )
        report = MunicipalReport.objects.create(
            municipality=world.municipality,
            period_start=timezone.localdate() - timedelta(days=365),
            period_end=timezone.localdate(),
            status=MunicipalReport.Status.DONE,
            progress=100,
        )
        report.docx.save("matrix.docx", ContentFile(b"docx"))
    return {
        "survey": survey.pk,
        "question": survey.questions.values_list("pk", flat=True)[0],
        "invitation": Invitation.objects.get(user=people["mentee"]).pk,
        "pair": mentoring_objects(world, people)["pair"],
        "report": MunicipalReport.objects.values_list("pk", flat=True)[0],
        "municipality": world.municipality.pk,
        "assessment": _assessment(world, people),
    }


def _assessment(world: Any, people: Any) -> int:
    from orbita.mentoring.models import MentoringPair
    from orbita.monitoring.models import CompetencyAssessment
    from orbita.registry.models import Competency

    existing = CompetencyAssessment.objects.first()
    if existing is not None:
        return existing.pk
    pair = MentoringPair.objects.get(pk=mentoring_objects(world, people)["pair"])
    return services.assessment_set(
        actor=None,
        pair=pair,
        mentee=pair.mentees.get(),
        competency=Competency.objects.get(code="exam_prep"),
        stage="start",
        assessor="mentor",
        level=2,
    ).pk


def pk_of(name: str) -> Any:
    return lambda w, p: {"pk": monitoring_objects(w, p)[name]}


# name → (expected statuses in the order of ROLES, kwargs, method)
ROWS: dict[str, tuple[Any, ...]] = {
    "monitoring:home": (EVERYONE, None, "get"),
    "monitoring:survey-create": (COORDINATOR_POST, None, "post"),
    "monitoring:survey-detail": (SURVEY_PAGE, pk_of("survey"), "get"),
    "monitoring:survey-edit": (SURVEY_POST, pk_of("survey"), "post"),
    "monitoring:question-add": (SURVEY_POST, pk_of("survey"), "post"),
    "monitoring:question-remove": (SURVEY_POST, pk_of("question"), "post"),
    "monitoring:distribute": (SURVEY_POST, pk_of("survey"), "post"),
    "monitoring:survey-results": (SURVEY_PAGE, pk_of("survey"), "get"),
    "monitoring:answer": (OWN_INVITATION, pk_of("invitation"), "get"),
    "monitoring:growth": (COORDINATORS, None, "get"),
    "monitoring:assessments": (PAIR_PAGE, pk_of("pair"), "get"),
    "monitoring:reports": (COORDINATORS, None, "get"),
    "monitoring:dashboard": (DASHBOARD, None, "get"),
    "monitoring:report-create": (COORDINATOR_POST, None, "post"),
    "api:survey-list": (API_LIST, None, "get"),
    "api:survey-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:survey-detail": (API_SURVEY, pk_of("survey"), "get"),
    "api:survey-results": (API_SURVEY, pk_of("survey"), "get"),
    "api:invitation-list": (API_LIST, None, "get"),
    "api:invitation-detail": (API_OWN_INVITATION, pk_of("invitation"), "get"),
    "api:invitation-answer": (API_OWN_ANSWER_EMPTY, pk_of("invitation"), "post"),
    "api:assessment-list": (API_LIST, None, "get"),
    "api:assessment-list#post": (API_CREATE_EMPTY, None, "post"),
    "api:assessment-detail": (API_PAIR, pk_of("assessment"), "get"),
    "api:monitoring-dashboard": (
        API_DASHBOARD,
        None,
        "get",
        lambda w, p: {"municipality": w.municipality.pk},
    ),
    "monitoring:report-download": (
        REPORT_PAGE,
        lambda w, p: {"pk": monitoring_objects(w, p)["report"], "fmt": "docx"},
        "get",
    ),
}
