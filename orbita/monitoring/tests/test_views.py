from typing import Any

import pytest
from django.urls import reverse

from orbita.conftest import client_for
from orbita.monitoring.models import Invitation, MunicipalReport, SurveyResponse
from orbita.monitoring.tests.factories import answer_all, distribute, satisfaction_survey

pytestmark = pytest.mark.django_db


def test_coordinator_sends_survey_participant_answers_results_show_share(
    world: Any, people: Any
) -> None:
    coordinator = client_for(people["municipal"])
    response = coordinator.post(
        reverse("monitoring:survey-create"),
        {"municipality": world.municipality.pk, "kind": "mentee_satisfaction"},
    )
    assert response.status_code == 302
    survey_pk = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    response = coordinator.post(
        reverse("monitoring:distribute", kwargs={"pk": survey_pk}),
        {"audiences": ["mentee"], "deadline": "2099-01-01"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(user=people["mentee"])
    mentee = client_for(people["mentee"])
    page = mentee.get(reverse("monitoring:answer", kwargs={"pk": invitation.pk}))
    assert page.status_code == 200
    assert 'type="radio"' in page.content.decode()
    questions = list(invitation.distribution.survey.questions.all())
    data = {f"q{q.pk}": "4" for q in questions if q.kind == "scale"}
    # Missing required answers: the form comes back with the errors, nothing is saved.
    bad = mentee.post(reverse("monitoring:answer", kwargs={"pk": invitation.pk}), {})
    assert bad.status_code == 200
    assert SurveyResponse.objects.count() == 0
    ok = mentee.post(
        reverse("monitoring:answer", kwargs={"pk": invitation.pk}),
        {**data, f"q{questions[4].pk}": "Больше практики"},
    )
    assert ok.status_code == 302
    assert SurveyResponse.objects.get().satisfaction == 4.0
    results = coordinator.get(reverse("monitoring:survey-results", kwargs={"pk": survey_pk}))
    html = results.content.decode()
    assert "<svg" in html
    assert "100 % (1 из 1)" in html
    assert "Больше практики" in html


def test_results_page_query_count(
    world: Any, people: Any, django_assert_max_num_queries: Any
) -> None:
    survey = satisfaction_survey(world.municipality)
    distribute(survey, ("mentee",))
    answer_all(Invitation.objects.get(user=people["mentee"]), 5)
    client = client_for(people["regional"])
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("monitoring:survey-results", kwargs={"pk": survey.pk})).status_code
            == 200
        )


def test_coordinator_orders_a_report_and_downloads_it(
    world: Any, people: Any, django_capture_on_commit_callbacks: Any, media_root: Any
) -> None:
    coordinator = client_for(people["municipal"])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("monitoring:report-create"),
            {
                "municipality": world.municipality.pk,
                "period_start": "2025-09-01",
                "period_end": "2026-05-31",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:reports")
    report = MunicipalReport.objects.get()
    assert (report.status, report.created_by) == ("done", people["municipal"])
    page = coordinator.get(reverse("monitoring:reports")).content.decode()
    assert "01.09.2025 – 31.05.2026" in page
    url = reverse("monitoring:report-download", kwargs={"pk": report.pk, "fmt": "xlsx"})
    assert f'href="{url}"' in page
    download = coordinator.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="otchet-52-sech-20250901-20260531.xlsx"'
    )
    assert client_for(people["municipal_other"]).get(url).status_code == 404
    # A period ending before it starts is refused with a message, nothing is queued.
    bad = coordinator.post(
        reverse("monitoring:report-create"),
        {
            "municipality": world.municipality.pk,
            "period_start": "2026-05-31",
            "period_end": "2025-09-01",
        },
    )
    assert bad.status_code == 302
    assert MunicipalReport.objects.count() == 1
    # Another municipality's coordinator cannot order this municipality's report.
    other = client_for(people["municipal_other"]).post(
        reverse("monitoring:report-create"),
        {
            "municipality": world.municipality.pk,
            "period_start": "2025-09-01",
            "period_end": "2026-05-31",
        },
    )
    assert other.status_code == 302
    assert MunicipalReport.objects.count() == 1
