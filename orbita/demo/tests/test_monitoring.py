"""The demo's monitoring: case 001's satisfaction shares (87 % of the mentees, met; 83 % of
the mentors, missed), the competency growth of its four mentees and an impact estimate for
Тосненский район."""

from typing import Any

from django.test import Client
from django.urls import reverse

from orbita.accounts.models import User
from orbita.monitoring.models import CompetencyAssessment, SurveyKind
from orbita.monitoring.selectors import competency_growth, satisfaction_summary


def test_satisfaction_shares_of_case_001(demo):
    region = User.objects.get(username="region")
    rows = {r.kind: r for r in satisfaction_summary(user=region)}
    mentees = rows[SurveyKind.MENTEE_SATISFACTION]
    mentors = rows[SurveyKind.MENTOR_SATISFACTION]
    assert (mentees.responses, mentees.satisfied, round(100 * mentees.share)) == (15, 13, 87)
    assert (mentors.responses, mentors.satisfied, round(100 * mentors.share)) == (6, 5, 83)
    assert (mentees.meets_target, mentors.meets_target) == (True, False)


def test_the_mentee_login_is_invited_and_may_answer(demo):
    client = Client()
    client.force_login(User.objects.get(username="mentee"))
    page = client.get(reverse("monitoring:home"))
    (invitation,) = page.context["invitations"]
    assert invitation.answered_on is None


def test_competency_growth_of_the_four_mentees(demo):
    municipal = User.objects.get(username="municipal")
    assert CompetencyAssessment.objects.filter(stage="end", assessor="mentor").count() >= 4
    (school,) = competency_growth(user=municipal, by="school")
    assert (school.start, school.end) == (2.0, 4.0)


def test_the_dashboard_shows_the_shares_and_an_impact_for_tosno(demo):
    client = Client()
    client.force_login(User.objects.get(username="region"))
    page = client.get(reverse("monitoring:dashboard"), {"municipality": _tosno().pk})
    (impact,) = [s for s in page.context["sections"] if s.key == "impact"]
    (table,) = impact.tables
    (row,) = table.rows
    assert row[:2] == ["2020", "3"]
    assert row[2] not in ("—", "0")
    sechenovo = client.get(reverse("monitoring:dashboard"), {"municipality": _sech().pk})
    (satisfaction,) = [s for s in sechenovo.context["sections"] if s.key == "satisfaction"]
    shares = {r[0]: r[4] for r in satisfaction.tables[0].rows}
    assert sorted(shares.values()) == ["83 %", "87 %"]


def _tosno() -> Any:
    from orbita.registry.models import Municipality

    return Municipality.objects.get(code="47-tosno")


def _sech() -> Any:
    from orbita.registry.models import Municipality

    return Municipality.objects.get(code="52-sechenovo")
