"""Partnerships in the demo (``orbita.demo.data.partnerships``), through the services.

Each seed partnership is created, made active and prolonged as the seed tells, gets its
agreement (DOCX from the shipped template), its roadmap (from a seed template or the seed's
own items) with the held items done, its network programmes and the supported school's
risk profile prefilled from the data. Тосненский район gets a recommendation run with two
proposals accepted (draft partnerships) and the rest left to decide.
"""

from datetime import date, time

from orbita.demo.context import DemoContext
from orbita.demo.data.partnerships import (
    PARTNERSHIPS,
    RECOMMEND_ACCEPT,
    RECOMMEND_MUNICIPALITY,
    ItemSpec,
    PartnershipSpec,
)
from orbita.partnerships import services
from orbita.partnerships.models import Partnership, Proposal, RoadmapItem
from orbita.partnerships.recommendation import proposal_decide, recommendation_run
from orbita.registry.models import Subject


def _date(text: str) -> date:
    return date.fromisoformat(text if len(text) == 10 else f"{text}-01")


def load_partnerships(ctx: DemoContext) -> None:
    for spec in PARTNERSHIPS:
        _partnership(ctx, spec)
        ctx.created["partnerships"] += 1
    run = recommendation_run(actor=None, municipality=ctx.municipalities[RECOMMEND_MUNICIPALITY])
    proposals = run.proposals.exclude(leader=None).order_by("-score", "id")[:RECOMMEND_ACCEPT]
    for proposal in proposals:
        proposal_decide(actor=None, proposal=proposal, decision=Proposal.Decision.ACCEPTED)
    ctx.created["recommendation_runs"] += 1


def _partnership(ctx: DemoContext, spec: PartnershipSpec) -> Partnership:
    leader, supported = ctx.schools[spec.leader], ctx.schools[spec.supported]
    p = services.partnership_create(
        actor=None,
        leader=leader,
        supported=supported,
        start=_date(spec.start),
        end=_date(spec.end),
        leader_role=spec.leader_role,
        supported_role=spec.supported_role,
        subject=spec.subject,
        coordinator_name=spec.coordinator_name,
        working_group=spec.working_group,
    )
    services.partnership_activate(actor=None, partnership=p)
    data: dict[str, object] = {
        "number": spec.agreement_number,
        "date": _date(spec.start),
    }
    if spec.leader_obligations:
        data["leader_obligations"] = spec.leader_obligations
    if spec.supported_obligations:
        data["supported_obligations"] = spec.supported_obligations
    services.agreement_generate(actor=None, partnership=p, data=data)
    for end in spec.prolongations:
        services.partnership_prolong(actor=None, partnership=p, end=_date(end))

    if spec.template:
        code, year = spec.template
        items = services.roadmap_apply_template(actor=None, partnership=p, code=code, year=year)
        for n, item in enumerate(items):
            status = "in_progress" if n in spec.not_done else RoadmapItem.Status.DONE
            services.roadmap_item_update(actor=None, item=item, data={"status": status})
    for item_spec in spec.items:
        _item(p, item_spec)
    ctx.created["roadmap_items"] += p.roadmap.count()

    subjects = {s.code: s for s in Subject.objects.all()}
    for prog in spec.programmes:
        hh, mm = (int(x) for x in prog.time_start.split(":"))
        eh, em = (int(x) for x in prog.time_end.split(":"))
        services.network_programme_create(
            actor=None,
            host_school=ctx.schools[prog.host],
            guest_school=ctx.schools[prog.guest],
            data={
                "partnership": p,
                "course": prog.course,
                "subject": subjects.get(prog.subject),
                "grades": prog.grades,
                "teacher_name": prog.teacher_name,
                "teacher_part_time": prog.part_time,
                "weekday": prog.weekday,
                "time_start": time(hh, mm),
                "time_end": time(eh, em),
                "transport": prog.transport,
                "accompanying_adult": prog.accompanying_adult,
                "accompanying_activity": prog.accompanying_activity,
                "start": _date(spec.start),
                "end": p.end,
            },
        )
        ctx.created["network_programmes"] += 1

    if spec.risk_year is not None:
        profile = services.risk_profile_create(
            actor=None,
            school=supported,
            year=spec.risk_year,
            partnership=p,
            levels=services.risk_prefill(school=supported, year=spec.risk_year),
        )
        for factor in profile.factors.filter(factor__in=spec.risk_chosen):
            services.risk_factor_update(
                actor=None,
                factor=factor,
                data={
                    "chosen": True,
                    "level": factor.level if factor.level != "none" else "medium",
                },
            )
    if spec.ended:
        services.partnership_end(actor=None, partnership=p, reason=spec.ended)
    return p


def _item(p: Partnership, spec: ItemSpec) -> RoadmapItem:
    side = {"leader": p.leader, "supported": p.supported}.get(spec.side)
    return services.roadmap_item_create(
        actor=None,
        partnership=p,
        data={
            "stage": spec.stage,
            "action": spec.action,
            "form": spec.form,
            "expected_result": spec.expected_result,
            "due": _date(spec.due),
            "due_is_month": len(spec.due) == 7,
            "responsible_school": side,
            "status": spec.status,
        },
    )
