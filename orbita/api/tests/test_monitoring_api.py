"""Monitoring over the API: a coordinator creates the satisfaction survey from its template,
the invited mentee answers through the API, the results show the satisfied share against
85 % without naming anyone; the mentor records a competency level; the dashboard figures
are the report's sections."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orbita.api.tests.conftest import api_client, get_all
from orbita.mentoring.tests import conftest as mentoring_fixtures
from orbita.mentoring.tests.conftest import active_pair
from orbita.monitoring import services
from orbita.monitoring.models import Invitation, SurveyResponse

setting = mentoring_fixtures.setting
media_root = mentoring_fixtures.media_root

pytestmark = pytest.mark.django_db


def client(user):
    return api_client(user, auth="token")


def test_survey_answer_and_results(world, people, setting):
    active_pair(setting)
    created = client(people["municipal"]).post(
        "/api/v1/surveys/",
        {"municipality": world.municipality.pk, "kind": "mentee_satisfaction"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    survey = created.json()
    assert (survey["is_anonymous"], survey["target_share"]) == (True, 0.85)
    from orbita.monitoring.models import Survey

    services.distribution_create(
        actor=None,
        survey=Survey.objects.get(pk=survey["id"]),
        audiences=["mentee"],
        deadline=timezone.localdate() + timedelta(days=7),
        notify=False,
    )
    (invitation,) = get_all(client(people["mentee"]), "/api/v1/invitations/")
    assert (invitation["survey"], invitation["answered_on"]) == (survey["id"], None)
    answers = {}
    for q in survey["questions"]:
        if q["kind"] == "scale":
            answers[str(q["id"])] = 5
        elif q["kind"] == "text":
            answers[str(q["id"])] = "Спасибо наставнику"
        elif q["choices"]:
            answers[str(q["id"])] = (
                [q["choices"][0]["id"]] if q["kind"] == "multiple" else q["choices"][0]["id"]
            )
    url = f"/api/v1/invitations/{invitation['id']}/answer/"
    answered = client(people["mentee"]).post(
        url, {"answers": answers}, content_type="application/json"
    )
    assert answered.status_code == 201, answered.content
    again = client(people["mentee"]).post(
        url, {"answers": answers}, content_type="application/json"
    )
    assert again.status_code == 400
    assert again.json() == {"detail": ["Вы уже ответили на эту анкету."]}
    assert SurveyResponse.objects.get().respondent is None
    assert Invitation.objects.get().answered_on == timezone.localdate()

    results = client(people["municipal"]).get(f"/api/v1/surveys/{survey['id']}/results/").json()
    assert (results["invited"], results["responses"], results["satisfied"]) == (1, 1, 1)
    assert (results["satisfied_share"], results["meets_target"]) == (1.0, True)
    assert (
        client(people["municipal_other"])
        .get(f"/api/v1/surveys/{survey['id']}/results/")
        .status_code
        == 404
    )


def test_bad_answers_are_listed_by_question(world, people, setting):
    active_pair(setting)
    survey = services.survey_create_from_template(
        actor=None, municipality=world.municipality, kind="mentee_satisfaction"
    )
    services.distribution_create(
        actor=None,
        survey=survey,
        audiences=["mentee"],
        deadline=timezone.localdate() + timedelta(days=7),
        notify=False,
    )
    invitation = Invitation.objects.get()
    scale = survey.questions.filter(kind="scale").first()
    response = client(people["mentee"]).post(
        f"/api/v1/invitations/{invitation.pk}/answer/",
        {"answers": {str(scale.pk): 9}},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert f"q{scale.pk}" in body
    assert SurveyResponse.objects.count() == 0


def test_mentor_records_a_competency_level(world, people, setting):
    pair = active_pair(setting)
    deficit = setting.mentee.deficits.first()
    created = client(people["mentor"]).post(
        "/api/v1/assessments/",
        {
            "pair": pair.pk,
            "mentee": setting.mentee.pk,
            "competency": deficit.competency.code,
            "stage": "start",
            "assessor": "mentor",
            "level": 2,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert (created.json()["level"], created.json()["competency"]) == (2, deficit.competency.code)
    self_by_mentor = client(people["mentor"]).post(
        "/api/v1/assessments/",
        {
            "pair": pair.pk,
            "mentee": setting.mentee.pk,
            "competency": deficit.competency.code,
            "stage": "start",
            "assessor": "self",
            "level": 4,
        },
        content_type="application/json",
    )
    assert self_by_mentor.status_code == 403


def test_dashboard_figures_are_the_report_sections(world, people):
    response = client(people["municipal"]).get(
        "/api/v1/monitoring/dashboard/", {"municipality": world.municipality.pk}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [s["key"] for s in body["sections"]] == [
        "network",
        "diagnosis",
        "partnerships",
        "mentoring",
        "events",
        "satisfaction",
        "dynamics",
        "impact",
        "conclusions",
    ]
    network = body["sections"][0]["tables"][0]
    assert network["rows"][0] == ["Школ", 2]
    assert (
        client(people["municipal"])
        .get("/api/v1/monitoring/dashboard/", {"municipality": world.foreign_municipality.pk})
        .status_code
        == 404
    )
