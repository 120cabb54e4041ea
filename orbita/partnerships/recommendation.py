"""The leader ↔ supported school recommendation: the diagnosis flags of one year turned
into the engine's ``SupportedSchool`` / ``LeaderSchool``, solved by
``orbita.matching.mentoring.match_schools`` (the same exact engine as mentor matching),
stored as a ``RecommendationRun`` with one ``Proposal`` per supported school.

Supported: schools flagged low results or at risk. Leaders: leader candidates or
resilient schools of the region, never an objectivity-flagged one; resilient leaders get
the similarity bonus of the scorer. Capacity: 2 minus the partnerships a leader already
leads; earlier partnerships give the history bonus.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from orbita.core.services import audit_log
from orbita.diagnosis.models import SchoolFlags
from orbita.matching.mentoring import REASONS, match_schools
from orbita.matching.scoring import LeaderSchool, SchoolWeights, SupportedSchool
from orbita.partnerships import rules, services
from orbita.partnerships.models import Partnership, Proposal, RecommendationRun
from orbita.registry.models import Municipality

LEADER_CAPACITY = 2
LIVE = (Partnership.Status.DRAFT, Partnership.Status.ACTIVE, Partnership.Status.PROLONGED)


def _coord(value: Any) -> float | None:
    return None if value is None else float(value)


def _standing(flags: SchoolFlags) -> dict[str, float]:
    out: dict[str, float] = {}
    for subject, value in (flags.subject_standings or {}).items():
        if isinstance(value, int | float):
            out[str(subject)] = float(value)
        elif isinstance(value, Mapping) and isinstance(value.get("S"), int | float):
            out[str(subject)] = float(value["S"])
    return out


def build_instance(
    municipality: Municipality, year: int | None = None
) -> tuple[list[SupportedSchool], list[LeaderSchool], list[tuple[str, str]], int | None]:
    """The engine's input for a municipality's supported schools and the region's leaders."""
    flags = SchoolFlags.objects.filter(
        school__municipality__region_id=municipality.region_id
    ).select_related("school")
    if year is None:
        year = flags.filter(school__municipality=municipality).aggregate(y=Max("year"))["y"]
    flags = flags.filter(year=year)
    supported, leaders = [], []
    led: dict[int, int] = {}
    for leader_id in Partnership.objects.filter(status__in=LIVE).values_list(
        "leader_id", flat=True
    ):
        led[leader_id] = led.get(leader_id, 0) + 1
    for f in flags.order_by("school__code"):
        s = f.school
        if s.municipality_id == municipality.pk and (f.low_results or f.at_risk):
            supported.append(
                SupportedSchool(
                    id=str(s.pk),
                    standing=_standing(f),
                    adversity=f.adversity_index,
                    lat=_coord(s.lat),
                    lon=_coord(s.lon),
                )
            )
        elif (f.leader_candidate or f.resilient) and not f.objectivity_risk:
            leaders.append(
                LeaderSchool(
                    id=str(s.pk),
                    standing=_standing(f),
                    adversity=f.adversity_index,
                    lat=_coord(s.lat),
                    lon=_coord(s.lon),
                    capacity=max(0, LEADER_CAPACITY - led.get(s.pk, 0)),
                    resilient=f.resilient,
                    objectivity_risk=False,
                )
            )
    history = [
        (str(b), str(a))
        for a, b in Partnership.objects.filter(
            Q(municipality=municipality) | Q(leader__municipality=municipality)
        ).values_list("leader_id", "supported_id")
    ]
    return supported, leaders, history, year


def explain(parts: Mapping[str, Any]) -> list[str]:
    """Russian sentences for one proposed link (shown next to it)."""
    lines = []
    weak = parts.get("weak_subject_names") or parts.get("weak_subjects") or []
    if weak:
        lines.append(_("Слабые предметы школы: %(s)s.") % {"s": ", ".join(map(str, weak))})
    if parts.get("resilient"):
        lines.append(_("Школа-лидер резильентна: высокие результаты в похожем контексте."))
    if parts.get("distance_km") is not None:
        lines.append(_("Расстояние: %(km).0f км.") % {"km": float(parts["distance_km"])})
    if parts.get("worked_together"):
        lines.append(_("Школы уже работали вместе."))
    lines.append(_("Оценка связи: %(score).2f.") % {"score": float(parts.get("score", 0.0))})
    return lines


@transaction.atomic
def recommendation_run(
    *, actor: Any, municipality: Municipality, year: int | None = None
) -> RecommendationRun:
    """Run the engine for the municipality and store its proposals (synchronously: the
    problems of one municipality are small)."""
    if not rules.may_manage_municipality(actor, municipality):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    supported, leaders, history, year = build_instance(municipality, year)
    run = RecommendationRun.objects.create(
        municipality=municipality,
        year=year,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status=RecommendationRun.Status.RUNNING,
    )
    result = match_schools(supported, leaders, SchoolWeights(), history)
    for pair in result.pairs:
        parts = dict(pair.explanation)
        parts["lines"] = explain(parts)
        Proposal.objects.create(
            run=run,
            supported_id=int(pair.candidate),
            leader_id=int(pair.provider),
            score=pair.score,
            explanation=_jsonable(parts),
        )
    for u in result.unmatched:
        text = (
            _(REASONS[u.reason.code]) % dict(u.reason.params)
            if u.reason.params
            else _(REASONS[u.reason.code])
        )
        Proposal.objects.create(
            run=run,
            supported_id=int(u.candidate),
            explanation={"reason": u.reason.code, "lines": [str(text)]},
        )
    run.status = RecommendationRun.Status.DONE
    run.progress = 100
    run.result = {
        "matched": result.matched,
        "supported": len(supported),
        "leaders": len(leaders),
        "total_score": result.total_score,
        "optimal": result.optimal,
    }
    run.save()
    audit_log(
        actor=actor, action="partnerships.recommendation.created", target=run, data=run.result
    )
    return run


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@transaction.atomic
def proposal_decide(
    *, actor: Any, proposal: Proposal, decision: str, leader: Any = None, reason: str = ""
) -> Partnership | None:
    """Accept (a draft partnership), change (a draft with another leader) or reject."""
    run = proposal.run
    if run.municipality is None or not rules.may_manage_municipality(actor, run.municipality):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if proposal.decision != Proposal.Decision.PROPOSED:
        raise ValidationError(_("По этому предложению уже принято решение."))
    partnership = None
    if decision == Proposal.Decision.REJECTED:
        proposal.reason = reason
    elif decision in (Proposal.Decision.ACCEPTED, Proposal.Decision.CHANGED):
        if decision == Proposal.Decision.CHANGED:
            if leader is None:
                raise ValidationError({"leader": _("Выберите другую школу-лидера.")})
            proposal.leader = leader
        if proposal.leader is None:
            raise ValidationError(_("Для этой школы лидер не подобран."))
        partnership = services.partnership_create(
            actor=actor, leader=proposal.leader, supported=proposal.supported, proposal=proposal
        )
    else:
        raise ValidationError(_("Неизвестное решение."))
    proposal.decision = decision
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.save()
    audit_log(
        actor=actor,
        action=f"partnerships.proposal.{decision}",
        target=proposal,
        data={"leader": proposal.leader_id, "supported": proposal.supported_id},
    )
    return partnership
