"""The demo's partnerships: the seeds' parties, terms, agreements, roadmaps, network
programme and risk profiles; Тосненский район's recommendation."""

from datetime import date

from django.test import Client
from django.urls import reverse

from orbita.accounts.models import User
from orbita.collaboration.models import Event
from orbita.partnerships.models import (
    NetworkProgramme,
    Partnership,
    Proposal,
    RecommendationRun,
    RiskProfile,
)


def _p(code: str) -> Partnership:
    return Partnership.objects.get(municipality__code=code, proposal=None)


def test_case_000_is_prolonged_twice_with_a_network_programme(demo):
    p = _p("76-tutaev")
    assert (p.leader.short_name, p.supported.short_name, p.status) == (
        "Емишевская ОШ",
        "Столбищенская ОШ",
        "prolonged",
    )
    assert [(t.number, t.start, t.end) for t in p.terms.all()] == [
        (1, date(2020, 9, 1), date(2021, 8, 31)),
        (2, date(2021, 9, 1), date(2022, 8, 31)),
        (3, date(2022, 9, 1), date(2023, 8, 31)),
    ]
    assert len(p.agreements.get().directions) == 6
    chemistry = NetworkProgramme.objects.get(course="химия")
    assert (chemistry.grades, chemistry.weekday, chemistry.teacher_part_time) == ("8–9", 3, True)
    # Support runs both ways: the supported school gave a seminar to the leader.
    assert p.roadmap.filter(responsible_school=p.supported).count() == 1
    assert Event.objects.filter(partnership=p, helper_school=p.supported).count() == 1


def test_case_001_roadmap_has_three_stages_and_one_overdue_item(demo):
    p = _p("52-sechenovo")
    assert p.status == "active"
    statuses = list(p.roadmap.order_by("order").values_list("status", flat=True))
    assert statuses == ["done"] * 7 + ["in_progress"]
    assert p.agreements.get().leader_obligations[2] == (
        "организовывать консультации учителя-логопеда и педагога-психолога"
    )
    profile = RiskProfile.objects.get(school=p.supported)
    assert set(profile.factors.filter(chosen=True).values_list("factor", flat=True)) >= {
        "competence",
        "disabilities",
    }


def test_case_002_roadmap_dates(demo):
    p = _p("76-rybinsk")
    dues = [i.due for i in p.roadmap.order_by("order")]
    assert dues == [
        date(2023, 4, 1),
        date(2023, 9, 1),
        date(2024, 5, 1),
        date(2024, 5, 1),
        date(2023, 10, 1),
        date(2024, 1, 1),
    ]


def test_tosno_recommendation_has_three_accepted_proposals(demo):
    run = RecommendationRun.objects.get(municipality__code="47-tosno")
    assert run.proposals.filter(decision=Proposal.Decision.ACCEPTED).count() == 3
    assert Partnership.objects.filter(proposal__run=run, status="active").count() == 3


def test_municipal_login_opens_its_partnership_and_roadmap(demo):
    client = Client()
    client.force_login(User.objects.get(username="municipal"))
    p = _p("52-sechenovo")
    page = client.get(reverse("partnerships:list"))
    assert [x.pk for x in page.context["partnerships"]] == [p.pk]
    roadmap = client.get(reverse("partnerships:roadmap", args=[p.pk]))
    assert roadmap.context["overdue"] == 1
    annex = client.get(reverse("partnerships:roadmap-annex", args=[p.pk]))
    assert annex.status_code == 200
