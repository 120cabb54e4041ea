"""Writes of partnerships. Each service checks the actor's right
(``orbita.partnerships.rules``; ``actor=None`` is the command line or the demo), validates,
saves and writes its audit entry in one transaction.

A partnership keeps its history: every term is a row (a prolongation adds the next term
and keeps the old one), every status change is an audit entry.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orbita.core.services import audit_log, model_update, soft_delete, soft_restore
from orbita.mentoring.services import evidence_problem
from orbita.partnerships import rules
from orbita.partnerships.models import (
    Agreement,
    NetworkProgramme,
    Partnership,
    PartnershipTerm,
    RiskFactor,
    RiskProfile,
    RiskProfileFactor,
    RoadmapEvidence,
    RoadmapItem,
)
from orbita.registry.models import School

Status = Partnership.Status
ItemStatus = RoadmapItem.Status


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- partnerships -------------------------------------------------------------------------


@transaction.atomic
def partnership_create(
    *,
    actor: Any,
    leader: School,
    supported: School,
    start: date | None = None,
    end: date | None = None,
    coordinator: Any = None,
    coordinator_name: str = "",
    working_group: str = "",
    subject: str = "",
    leader_role: str = "",
    supported_role: str = "",
    status: str = Status.DRAFT,
    proposal: Any = None,
    note: str = "",
) -> Partnership:
    """A partnership of two schools of the supported school's municipality (a draft by
    default). With a start and an end its first term is recorded too."""
    municipality = supported.municipality
    _require(rules.may_manage_municipality(actor, municipality))
    if Partnership.objects.filter(
        leader=leader,
        supported=supported,
        status__in=(Status.DRAFT, Status.ACTIVE, Status.PROLONGED),
    ).exists():
        raise ValidationError(_("У этих школ уже есть действующее партнёрство."))
    p = Partnership(
        municipality=municipality,
        leader=leader,
        supported=supported,
        start=start,
        end=end,
        coordinator=coordinator,
        coordinator_name=coordinator_name,
        working_group=working_group,
        subject=subject,
        status=status,
        proposal=proposal,
        note=note,
    )
    if leader_role:
        p.leader_role = leader_role
    if supported_role:
        p.supported_role = supported_role
    p.full_clean()
    p.save()
    if start and end:
        _term_create(p, start, end, _("Заключение соглашения"))
    audit_log(
        actor=actor,
        action="partnerships.partnership.created",
        target=p,
        data={"leader": leader.pk, "supported": supported.pk, "status": p.status},
    )
    return p


def _term_create(p: Partnership, start: date, end: date, note: str) -> PartnershipTerm:
    number = (p.terms.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    term = PartnershipTerm(partnership=p, number=number, start=start, end=end, note=note)
    term.full_clean()
    term.save()
    return term


PARTNERSHIP_FIELDS = (
    "leader_role",
    "supported_role",
    "coordinator",
    "coordinator_name",
    "working_group",
    "start",
    "end",
    "subject",
    "note",
)


@transaction.atomic
def partnership_update(
    *, actor: Any, partnership: Partnership, data: Mapping[str, Any]
) -> Partnership:
    _require(rules.may_manage_partnership(actor, partnership))
    partnership, changes = model_update(instance=partnership, fields=PARTNERSHIP_FIELDS, data=data)
    if changes:
        audit_log(
            actor=actor,
            action="partnerships.partnership.updated",
            target=partnership,
            data=changes,
        )
    return partnership


@transaction.atomic
def partnership_activate(*, actor: Any, partnership: Partnership) -> Partnership:
    """Draft → active; needs a start and an end (they make the first term)."""
    _require(rules.may_manage_partnership(actor, partnership))
    if partnership.status != Status.DRAFT:
        raise ValidationError(_("Действующим можно сделать только проект партнёрства."))
    if not (partnership.start and partnership.end):
        raise ValidationError(_("Укажите начало и окончание партнёрства."))
    if not partnership.terms.exists():
        _term_create(partnership, partnership.start, partnership.end, _("Заключение соглашения"))
    partnership.status = Status.ACTIVE
    partnership.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.partnership.activated",
        target=partnership,
        data={"status": [Status.DRAFT, Status.ACTIVE]},
    )
    return partnership


@transaction.atomic
def partnership_prolong(
    *, actor: Any, partnership: Partnership, end: date, note: str = ""
) -> PartnershipTerm:
    """A new term from the day after the current end to ``end``; the old term stays."""
    _require(rules.may_manage_partnership(actor, partnership))
    if partnership.status not in (Status.ACTIVE, Status.PROLONGED) or partnership.end is None:
        raise ValidationError(_("Продлить можно только действующее партнёрство."))
    if end <= partnership.end:
        raise ValidationError({"end": _("Новое окончание должно быть позже текущего.")})
    start = date.fromordinal(partnership.end.toordinal() + 1)
    term = _term_create(partnership, start, end, note or _("Пролонгация"))
    old_end, old_status = partnership.end, partnership.status
    partnership.end = end
    partnership.status = Status.PROLONGED
    partnership.save(update_fields=["end", "status", "updated_at"])
    data: dict[str, Any] = {"term": term.number, "end": [old_end, end]}
    if old_status != Status.PROLONGED:
        data["status"] = [old_status, Status.PROLONGED]
    audit_log(
        actor=actor, action="partnerships.partnership.prolonged", target=partnership, data=data
    )
    return term


@transaction.atomic
def partnership_end(*, actor: Any, partnership: Partnership, reason: str = "") -> Partnership:
    _require(rules.may_manage_partnership(actor, partnership))
    if partnership.status == Status.ENDED:
        raise ValidationError(_("Партнёрство уже завершено."))
    old_status = partnership.status
    partnership.status = Status.ENDED
    partnership.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.partnership.ended",
        target=partnership,
        data={"status": [old_status, Status.ENDED], "reason": reason},
    )
    return partnership


# --- agreements ---------------------------------------------------------------------------

SCAN_TYPES = ("pdf", "png", "jpg", "jpeg")


@transaction.atomic
def agreement_upload_signed(
    *, actor: Any, agreement: Agreement, upload: UploadedFile, signed_at: date | None = None
) -> Agreement:
    """Attach the signed scan (PDF, PNG or JPG up to 10 MB, checked by content)."""
    _require(rules.may_manage_partnership(actor, agreement.partnership))
    name = upload.name or ""
    problem = evidence_problem(upload)
    if problem is None and name.rsplit(".", 1)[-1].lower() not in SCAN_TYPES:
        problem = _("Скан соглашения — файл PDF, PNG или JPG.")
    if problem:
        raise ValidationError({"signed_scan": problem})
    before = {"signed_name": agreement.signed_name, "signed_at": agreement.signed_at}
    agreement.signed_scan.save(name, upload, save=False)
    agreement.signed_name = name[:255]
    agreement.signed_at = signed_at or timezone.localdate()
    agreement.save(update_fields=["signed_scan", "signed_name", "signed_at", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.agreement.signed",
        target=agreement,
        data={k: [v, getattr(agreement, k)] for k, v in before.items()},
    )
    return agreement


# --- risk profiles ------------------------------------------------------------------------


@transaction.atomic
def risk_profile_create(
    *,
    actor: Any,
    school: School,
    year: int,
    partnership: Partnership | None = None,
    levels: Mapping[str, tuple[str, str]] | None = None,
) -> RiskProfile:
    """A profile with all ten factors; ``levels``: factor → (level, note), the prefill."""
    _require(rules.may_manage_school(actor, school))
    if RiskProfile.objects.filter(school=school, year=year).exists():
        raise ValidationError(_("Рисковый профиль школы за этот год уже есть."))
    profile = RiskProfile(school=school, year=year, partnership=partnership)
    profile.full_clean()
    profile.save()
    levels = levels or {}
    RiskProfileFactor.objects.bulk_create(
        RiskProfileFactor(
            profile=profile,
            factor=code,
            level=levels[code][0] if code in levels else "none",
            note=levels[code][1] if code in levels else "",
            prefilled=code in levels,
            chosen=code in levels and levels[code][0] in ("medium", "high"),
        )
        for code in RiskFactor.values
    )
    audit_log(
        actor=actor,
        action="partnerships.risk_profile.created",
        target=profile,
        data={"school": school.pk, "year": year, "prefilled": sorted(levels)},
    )
    return profile


@transaction.atomic
def risk_factor_update(
    *, actor: Any, factor: RiskProfileFactor, data: Mapping[str, Any]
) -> RiskProfileFactor:
    _require(rules.may_manage_school(actor, factor.profile.school))
    factor, changes = model_update(instance=factor, fields=("level", "note", "chosen"), data=data)
    if changes:
        audit_log(
            actor=actor,
            action="partnerships.risk_factor.updated",
            target=factor.profile,
            data={"factor": factor.factor, **changes},
        )
    return factor


# --- roadmap ------------------------------------------------------------------------------

ITEM_FIELDS = (
    "order",
    "stage",
    "risk_factor",
    "action",
    "form",
    "expected_result",
    "due",
    "due_is_month",
    "responsible_school",
    "responsible_person",
    "status",
    "link",
)


def _check_responsible(partnership: Partnership, school: School | None) -> None:
    if school is not None and school.pk not in (partnership.leader_id, partnership.supported_id):
        raise ValidationError(
            {"responsible_school": _("Ответственная школа — одна из сторон партнёрства.")}
        )


def _normalise_due(item: RoadmapItem) -> None:
    if item.due is not None and item.due_is_month:
        item.due = item.due.replace(day=1)
    if item.status == ItemStatus.DONE and item.done_at is None:
        item.done_at = timezone.localdate()
    if item.status != ItemStatus.DONE:
        item.done_at = None


@transaction.atomic
def roadmap_item_create(
    *, actor: Any, partnership: Partnership, data: Mapping[str, Any]
) -> RoadmapItem:
    _require(rules.may_manage_partnership(actor, partnership))
    item = RoadmapItem(partnership=partnership)
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    if "order" not in data:
        last = partnership.roadmap.order_by("-order").values_list("order", flat=True).first()
        item.order = (last or 0) + 1
    _check_responsible(partnership, item.responsible_school)
    _normalise_due(item)
    item.full_clean()
    item.save()
    audit_log(
        actor=actor,
        action="partnerships.roadmap_item.created",
        target=item,
        data={"partnership": partnership.pk, "action": item.action[:200]},
    )
    return item


@transaction.atomic
def roadmap_item_update(*, actor: Any, item: RoadmapItem, data: Mapping[str, Any]) -> RoadmapItem:
    """Coordinators of the municipality change everything; the schools' coordinators the
    status and the evidence link only."""
    p = item.partnership
    if not rules.may_manage_partnership(actor, p):
        _require(rules.may_work_on_roadmap(actor, p))
        data = {k: v for k, v in data.items() if k in ("status", "link")}
    if "responsible_school" in data:
        _check_responsible(p, data["responsible_school"])
    tracked = (*ITEM_FIELDS, "done_at")
    before = {name: _item_value(item, name) for name in tracked}
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    _normalise_due(item)
    changes = {
        name: [before[name], _item_value(item, name)]
        for name in tracked
        if before[name] != _item_value(item, name)
    }
    if not changes:
        return item
    item.full_clean()
    item.save()
    audit_log(actor=actor, action="partnerships.roadmap_item.updated", target=item, data=changes)
    return item


def _item_value(item: RoadmapItem, name: str) -> Any:
    """A field's stored value (a related school by its id)."""
    field = item._meta.get_field(name)
    return getattr(item, getattr(field, "attname", name))


@transaction.atomic
def roadmap_item_delete(*, actor: Any, item: RoadmapItem) -> RoadmapItem:
    """Take the measure off the roadmap; it stays restorable with its evidence."""
    _require(rules.may_manage_partnership(actor, item.partnership))
    if item.deleted_at is not None:
        raise ValidationError(_("Мера уже удалена."))
    soft_delete(item, actor=actor)
    audit_log(
        actor=actor,
        action="partnerships.roadmap_item.deleted",
        target=item,
        data={"partnership": item.partnership_id, "action": item.action[:200]},
    )
    return item


@transaction.atomic
def roadmap_item_restore(*, actor: Any, item: RoadmapItem) -> RoadmapItem:
    _require(rules.may_manage_partnership(actor, item.partnership))
    if item.deleted_at is None:
        raise ValidationError(_("Мера не удалена."))
    soft_restore(item)
    audit_log(
        actor=actor,
        action="partnerships.roadmap_item.restored",
        target=item,
        data={"partnership": item.partnership_id, "action": item.action[:200]},
    )
    return item


@transaction.atomic
def roadmap_evidence_add(
    *, actor: Any, item: RoadmapItem, upload: UploadedFile | None = None, link: str = ""
) -> RoadmapEvidence:
    _require(rules.may_work_on_roadmap(actor, item.partnership))
    if upload is None and not link:
        raise ValidationError(_("Приложите файл или укажите ссылку."))
    ev = RoadmapEvidence(item=item, link=link)
    if upload is not None:
        problem = evidence_problem(upload)
        if problem:
            raise ValidationError({"file": problem})
        ev.name = (upload.name or "")[:255]
        ev.file.save(upload.name or "file", upload, save=False)
    ev.full_clean()
    ev.save()
    audit_log(
        actor=actor,
        action="partnerships.roadmap_evidence.created",
        target=item,
        data={"name": ev.name, "link": ev.link},
    )
    return ev


# --- network programmes -------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "partnership",
    "subject",
    "course",
    "teacher",
    "teacher_name",
    "teacher_part_time",
    "grades",
    "weekday",
    "time_start",
    "time_end",
    "transport",
    "accompanying_adult",
    "accompanying_activity",
    "start",
    "end",
    "is_active",
)


@transaction.atomic
def network_programme_create(
    *, actor: Any, host_school: School, guest_school: School, data: Mapping[str, Any]
) -> NetworkProgramme:
    """The host school teaches the guest school's students; managed by the host's
    coordinators (school, municipality, region)."""
    _require(rules.may_manage_school(actor, host_school))
    prog = NetworkProgramme(host_school=host_school, guest_school=guest_school)
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(prog, name, data[name])
    if prog.teacher is not None and not prog.teacher_name:
        prog.teacher_name = prog.teacher.full_name
    prog.full_clean()
    prog.save()
    audit_log(
        actor=actor,
        action="partnerships.network_programme.created",
        target=prog,
        data={"host": host_school.pk, "guest": guest_school.pk, "course": prog.course},
    )
    return prog


@transaction.atomic
def network_programme_update(
    *, actor: Any, programme: NetworkProgramme, data: Mapping[str, Any]
) -> NetworkProgramme:
    _require(rules.may_manage_school(actor, programme.host_school))
    programme, changes = model_update(instance=programme, fields=PROGRAMME_FIELDS, data=data)
    if changes:
        audit_log(
            actor=actor,
            action="partnerships.network_programme.updated",
            target=programme,
            data=changes,
        )
    return programme


# --- agreement documents ------------------------------------------------------------------


@transaction.atomic
def template_upload(*, actor: Any, name: str, data: bytes, note: str = "") -> Any:
    """A new version of the agreement template; refused with every problem listed."""
    from django.core.files.base import ContentFile

    from orbita.partnerships.documents import template_problems
    from orbita.partnerships.models import AgreementTemplate

    _require(rules.may_manage_templates(actor))
    problems = template_problems(data)
    if problems:
        raise ValidationError(problems)
    last = AgreementTemplate.objects.order_by("-version").values_list("version", flat=True).first()
    tpl = AgreementTemplate(name=name, version=(last or 0) + 1, note=note)
    if getattr(actor, "is_authenticated", False):
        tpl.created_by = actor
    tpl.file.save("template.docx", ContentFile(data), save=False)
    tpl.full_clean()
    tpl.save()
    AgreementTemplate.objects.exclude(pk=tpl.pk).update(is_active=False)
    audit_log(
        actor=actor,
        action="partnerships.agreement_template.created",
        target=tpl,
        data={"version": tpl.version},
    )
    return tpl


@transaction.atomic
def agreement_generate(
    *, actor: Any, partnership: Partnership, data: Mapping[str, Any]
) -> Agreement:
    """An agreement for the current term, its DOCX rendered from the active template."""
    from django.core.files.base import ContentFile

    from orbita.partnerships import documents
    from orbita.partnerships.models import AgreementTemplate

    _require(rules.may_manage_partnership(actor, partnership))
    agreement = Agreement(
        partnership=partnership,
        term=partnership.terms.order_by("-number").first(),
        template=AgreementTemplate.objects.filter(is_active=True).order_by("-version").first(),
        number=data.get("number", ""),
        date=data.get("date"),
        city=data.get("city", ""),
        directions=list(data.get("directions", documents.DIRECTIONS)),
        directions_extra=data.get("directions_extra", ""),
        leader_obligations=list(data.get("leader_obligations", documents.LEADER_OBLIGATIONS)),
        supported_obligations=list(
            data.get("supported_obligations", documents.SUPPORTED_OBLIGATIONS)
        ),
    )
    agreement.full_clean()
    agreement.save()
    tpl_bytes = None
    if agreement.template is not None:
        with agreement.template.file.open("rb") as fh:
            tpl_bytes = fh.read()
    content = documents.render_agreement(agreement, tpl_bytes)
    agreement.file.save("agreement.docx", ContentFile(content), save=False)
    agreement.save(update_fields=["file", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.agreement.created",
        target=agreement,
        data={"partnership": partnership.pk, "template": agreement.template_id},
    )
    return agreement


# --- risk profile prefill -----------------------------------------------------------------


def risk_prefill(*, school: School, year: int) -> dict[str, tuple[str, str]]:
    """Factor → (level, note) suggested by the data: missing specialists and vacancies
    (teacher shortage), the ОВЗ share, non-native Russian (language barriers), and the
    diagnosis's low-results flag (students at risk of failure)."""
    from orbita.diagnosis.models import SchoolContext, SchoolFlags

    out: dict[str, tuple[str, str]] = {}
    ctx = SchoolContext.objects.filter(school=school, year__lte=year).order_by("-year").first()
    missing = [
        label
        for flag, label in (
            (school.has_psychologist, "педагог-психолог"),
            (school.has_speech_therapist, "учитель-логопед"),
            (school.has_social_pedagogue, "социальный педагог"),
            (school.has_defectologist, "учитель-дефектолог"),
        )
        if flag is False
    ]
    notes = []
    if missing:
        notes.append("нет специалистов: " + ", ".join(missing))
    if ctx is not None and ctx.vacancy_share:
        notes.append(f"доля вакансий {ctx.vacancy_share:.0%}")
    if notes:
        out["teacher_shortage"] = ("high" if len(notes) > 1 else "medium", "; ".join(notes))
    if ctx is not None and ctx.ovz_share is not None and ctx.ovz_share >= 0.1:
        level = "high" if ctx.ovz_share >= 0.2 else "medium"
        out["disabilities"] = (level, f"доля обучающихся с ОВЗ {ctx.ovz_share:.0%}")
    if ctx is not None and ctx.non_native_russian_share and ctx.non_native_russian_share >= 0.1:
        out["language"] = (
            "medium",
            f"не владеют русским как родным: {ctx.non_native_russian_share:.0%}",
        )
    flags = SchoolFlags.objects.filter(school=school, year=year).first()
    if flags is not None and (flags.low_results or flags.at_risk):
        texts = [str(r.get("text", "")) for r in flags.reasons or [] if isinstance(r, dict)]
        out["failure_risk"] = ("high" if flags.low_results else "medium", "; ".join(texts)[:500])
    return out


# --- roadmap from templates, risk profiles and files --------------------------------------


@transaction.atomic
def roadmap_apply_template(
    *, actor: Any, partnership: Partnership, code: str, year: int
) -> list[RoadmapItem]:
    """Add the measures of a seed template (``roadmap.TEMPLATES``) for the school year
    starting in ``year``; existing items stay."""
    from orbita.partnerships import roadmap

    _require(rules.may_manage_partnership(actor, partnership))
    template = roadmap.TEMPLATES.get(code)
    if template is None:
        raise ValidationError({"template": _("Неизвестный шаблон дорожной карты.")})
    start = roadmap.template_start(template, year)
    items = [
        roadmap_item_create(
            actor=actor,
            partnership=partnership,
            data=roadmap.measure_data(measure, partnership, start),
        )
        for measure in template.measures
    ]
    audit_log(
        actor=actor,
        action="partnerships.roadmap.template_applied",
        target=partnership,
        data={"template": code, "year": year, "items": len(items)},
    )
    return items


@transaction.atomic
def roadmap_from_risk_profile(
    *, actor: Any, partnership: Partnership, profile: RiskProfile, start: date
) -> list[RoadmapItem]:
    """The measures of every chosen factor of the supported school's profile that the
    roadmap does not have yet (an item already linked to the factor counts)."""
    from orbita.partnerships import roadmap

    _require(rules.may_manage_partnership(actor, partnership))
    if profile.school_id != partnership.supported_id:
        raise ValidationError(_("Профиль другой школы: нужен профиль поддерживаемой школы."))
    present = set(
        partnership.roadmap.filter(deleted_at__isnull=True)
        .exclude(risk_factor="")
        .values_list("risk_factor", flat=True)
    )
    items = []
    for factor in profile.factors.filter(chosen=True).order_by("id"):
        if factor.factor in present:
            continue
        for measure in roadmap.FACTOR_MEASURES.get(factor.factor, ()):
            items.append(
                roadmap_item_create(
                    actor=actor,
                    partnership=partnership,
                    data=roadmap.measure_data(measure, partnership, start, factor.factor),
                )
            )
    return items


@transaction.atomic
def roadmap_import(
    *, actor: Any, partnership: Partnership, data: bytes, filename: str
) -> list[RoadmapItem]:
    """Append the rows of an XLSX (or CSV) roadmap; any problem refuses the whole file
    with every problem listed by row and column."""
    from orbita.partnerships import roadmap

    _require(rules.may_manage_partnership(actor, partnership))
    rows, problems = roadmap.read_roadmap(partnership, data, filename)
    if problems:
        raise ValidationError(problems)
    items = []
    for number, row in enumerate(rows, start=1):
        try:
            items.append(roadmap_item_create(actor=actor, partnership=partnership, data=row))
        except ValidationError as error:
            raise ValidationError(
                [_("строка %(n)s: %(e)s") % {"n": number, "e": m} for m in error.messages]
            ) from error
    audit_log(
        actor=actor,
        action="partnerships.roadmap.imported",
        target=partnership,
        data={"filename": filename[:200], "items": len(items)},
    )
    return items
