"""The recommendation: flags → engine → proposals; flagged leaders never proposed;
acceptance makes a draft partnership; the command prints the links."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from orbita.conftest import World
from orbita.diagnosis.models import DiagnosisRun, SchoolFlags
from orbita.partnerships.models import Partnership, Proposal
from orbita.partnerships.recommendation import proposal_decide, recommendation_run
from orbita.registry.models import School
from orbita.registry.tests.factories import SchoolFactory


def _flags(run: DiagnosisRun, school: School, **kw: object) -> None:
    SchoolFlags.objects.create(run=run, school=school, year=2025, **kw)


@pytest.fixture
def flagged(world: World) -> dict[str, School]:
    run = DiagnosisRun.objects.create(
        municipality=world.municipality, year=2025, method="threshold", computed_at=timezone.now()
    )
    weak = SchoolFactory.create(municipality=world.municipality, code="5200003", lat=55.2, lon=45.9)
    flagged_leader = SchoolFactory.create(
        municipality=world.municipality, code="5200004", lat=55.2, lon=45.9
    )
    world.school.lat, world.school.lon = 55.21, 45.88
    world.school.save()
    _flags(run, weak, low_results=True, subject_standings={"math": -1.2, "russian": 0.1})
    _flags(
        run,
        world.school,
        leader_candidate=True,
        resilient=True,
        subject_standings={"math": 1.0, "russian": 0.5},
    )
    _flags(
        run,
        flagged_leader,
        leader_candidate=True,
        objectivity_risk=True,
        subject_standings={"math": 2.0, "russian": 2.0},
    )
    return {"weak": weak, "leader": world.school, "flagged": flagged_leader}


def test_run_proposes_the_resilient_leader_not_the_flagged_one(
    world: World, flagged: dict[str, School]
) -> None:
    run = recommendation_run(actor=None, municipality=world.municipality)
    assert run.year == 2025
    assert run.result["matched"] == 1
    assert run.result["optimal"] is True
    (proposal,) = run.proposals.all()
    assert (proposal.supported, proposal.leader) == (flagged["weak"], flagged["leader"])
    assert proposal.explanation["lines"]
    assert not Proposal.objects.filter(leader=flagged["flagged"]).exists()


def test_accept_creates_a_draft_partnership(world: World, flagged: dict[str, School]) -> None:
    run = recommendation_run(actor=None, municipality=world.municipality)
    proposal = run.proposals.get()
    partnership = proposal_decide(actor=None, proposal=proposal, decision="accepted")
    assert partnership is not None
    assert (partnership.status, partnership.proposal) == (Partnership.Status.DRAFT, proposal)
    proposal.refresh_from_db()
    assert proposal.decision == "accepted"


def test_command_prints_json(world: World, flagged: dict[str, School]) -> None:
    out = StringIO()
    call_command("recommend_partners", "--municipality", "52-sech", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["supported"], r["leader"]) for r in rows] == [("5200003", flagged["leader"].code)]
