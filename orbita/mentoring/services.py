"""Writes of mentoring. Each service checks the actor's right (``orbita.mentoring.rules``;
``actor=None`` is the command line or the demo), validates, saves and writes its audit entry
in one transaction. Side effects (e-mail, tasks) run after the commit.

Capacity is the contested resource: every service that makes a pair use a mentor's capacity
(accepting a draft, pairing by hand, adding a mentee to a group, publishing) locks the
mentor's row with ``select_for_update`` before counting the load, so two coordinators
accepting at once cannot exceed it (on SQLite the IMMEDIATE transactions serialise the
writers the same way).
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orbita.accounts.access import get_scope
from orbita.core.services import audit_log, model_update, soft_delete, soft_restore
from orbita.mentoring import rules
from orbita.mentoring.criteria import criteria_errors, criteria_quality
from orbita.mentoring.models import (
    CAPACITY_LIMIT,
    Deficit,
    Meeting,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    NeverMatch,
    PairForm,
    PairMentee,
    PairPlan,
    PairPlanItem,
    Programme,
    RolePair,
    SuccessDiaryEntry,
    WorkFormat,
)
from orbita.mentoring.plan_templates import template_for
from orbita.registry.models import Competency, Municipality, School, Subject, Teacher

# Evidence files of the success diary: documents and pictures, at most 10 MB.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES: dict[str, tuple[bytes, ...]] = {
    # extension → accepted leading bytes (the file must be what its name says)
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
}

Pair = MentoringPair
Status = MentoringPair.Status


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- mentors ------------------------------------------------------------------------------


@transaction.atomic
def mentor_create(
    *,
    actor: Any,
    teacher: Teacher,
    status: str = MentorProfile.Status.CANDIDATE,
    capacity: int | None = None,
    strengths: Iterable[Competency] = (),
    subjects: Iterable[Subject] | None = None,
    note: str = "",
) -> MentorProfile:
    """Put a teacher into the mentor base. Subjects default to the teacher's own.

    Raises ``PermissionDenied`` unless the actor coordinates the teacher's school,
    ``ValidationError`` when the teacher is already a mentor or the capacity exceeds 3.
    """
    _require(rules.may_manage_teacher(actor, teacher))
    if MentorProfile.objects.filter(teacher=teacher).exists():
        raise ValidationError(_("Этот педагог уже в базе наставников."))
    mentor = MentorProfile(teacher=teacher, status=status, note=note)
    if capacity is not None:
        mentor.capacity = capacity
    mentor.full_clean()
    mentor.save()
    mentor.strengths.set(list(strengths))
    mentor.subjects.set(list(teacher.subjects.all()) if subjects is None else list(subjects))
    audit_log(
        actor=actor,
        action="mentoring.mentor.created",
        target=mentor,
        data={"teacher": teacher.pk, "status": mentor.status, "capacity": mentor.capacity},
    )
    return mentor


MENTOR_FIELDS = ("status", "capacity", "strengths", "subjects", "note")


@transaction.atomic
def mentor_update(*, actor: Any, mentor: MentorProfile, data: Mapping[str, Any]) -> MentorProfile:
    """Change the mentor's status, capacity, strengths, subjects or note.

    A capacity above 3 is a coordinator's decision: it sets ``capacity_raised``; back at 3
    or below the flag is cleared. Lowering the capacity under the current load is refused.
    """
    _require(rules.may_manage_mentor(actor, mentor))
    mentor = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    data = dict(data)
    fields = [f for f in MENTOR_FIELDS if f in data]
    if "capacity" in data:
        capacity = int(data["capacity"])
        data["capacity_raised"] = capacity > CAPACITY_LIMIT
        fields.append("capacity_raised")
        load = mentor_load(mentor=mentor)
        if capacity < load:
            raise ValidationError(
                {
                    "capacity": _(
                        "У наставника уже %(load)d наставляемых: лимит не может быть меньше."
                    )
                    % {"load": load}
                }
            )
    mentor, changes = model_update(instance=mentor, fields=fields, data=data)
    if changes:
        audit_log(actor=actor, action="mentoring.mentor.updated", target=mentor, data=changes)
    return mentor


@transaction.atomic
def mentor_rate(*, actor: Any, mentor: MentorProfile, scores: Mapping[str, int]) -> MentorProfile:
    """Record the selection criteria of case 001 (item → 0/1/2) and the quality they give."""
    _require(rules.may_manage_mentor(actor, mentor))
    errors = criteria_errors(scores)
    if errors:
        raise ValidationError(_("Неверные оценки критериев: %s.") % ", ".join(errors))
    clean = {code: int(value) for code, value in scores.items()}
    quality = Decimal(str(criteria_quality(clean)))
    mentor, changes = model_update(
        instance=mentor,
        fields=["criteria", "quality"],
        data={"criteria": clean, "quality": quality},
    )
    if changes:
        audit_log(
            actor=actor,
            action="mentoring.mentor.rated",
            target=mentor,
            data={"quality": str(quality)},
        )
    return mentor


def mentor_load(*, mentor: MentorProfile, exclude_pair: MentoringPair | None = None) -> int:
    """Mentees the mentor has in live pairs (active, or drafts a coordinator accepted)."""
    qs = PairMentee.objects.filter(pair__mentor=mentor).filter(
        Q(pair__status=Status.ACTIVE)
        | Q(pair__status=Status.DRAFT, pair__accepted_at__isnull=False)
    )
    if exclude_pair is not None:
        qs = qs.exclude(pair=exclude_pair)
    return qs.count()


# --- mentees and the request map ----------------------------------------------------------


@transaction.atomic
def mentee_create(
    *, actor: Any, teacher: Teacher, format: str = "any", note: str = ""
) -> MenteeProfile:
    """Put a teacher into the mentee base (the teacher themself or their coordinator)."""
    allowed = actor is None or rules.may_manage_teacher(actor, teacher)
    if not allowed:
        allowed = get_scope(actor).teacher_id == teacher.pk
    _require(allowed)
    if MenteeProfile.objects.filter(teacher=teacher).exists():
        raise ValidationError(_("Этот педагог уже в базе наставляемых."))
    mentee = MenteeProfile(teacher=teacher, format=format, note=note)
    mentee.full_clean()
    mentee.save()
    audit_log(
        actor=actor,
        action="mentoring.mentee.created",
        target=mentee,
        data={"teacher": teacher.pk, "format": format},
    )
    return mentee


@transaction.atomic
def mentee_update(*, actor: Any, mentee: MenteeProfile, data: Mapping[str, Any]) -> MenteeProfile:
    _require(rules.may_edit_mentee(actor, mentee))
    mentee, changes = model_update(instance=mentee, fields=["format", "note"], data=data)
    if changes:
        audit_log(actor=actor, action="mentoring.mentee.updated", target=mentee, data=changes)
    return mentee


@transaction.atomic
def deficit_set(
    *, actor: Any, mentee: MenteeProfile, competency: Competency, note: str = ""
) -> Deficit:
    """Add a difficulty to the mentee's request map, or change its note. A removed one of
    the same competency comes back (``deficit_restore``), keeping its note unless a new
    one is given."""
    _require(rules.may_edit_mentee(actor, mentee))
    deficit = Deficit.all_objects.filter(mentee=mentee, competency=competency).first()
    if deficit is not None and deficit.deleted_at is not None:
        deficit = deficit_restore(actor=actor, deficit=deficit)
        if not note:
            return deficit
    if deficit is None:
        deficit = Deficit(mentee=mentee, competency=competency, note=note)
        deficit.full_clean()
        deficit.save()
        audit_log(
            actor=actor,
            action="mentoring.deficit.created",
            target=deficit,
            data={"mentee": mentee.pk, "competency": competency.code},
        )
        return deficit
    deficit, changes = model_update(instance=deficit, fields=["note"], data={"note": note})
    if changes:
        audit_log(actor=actor, action="mentoring.deficit.updated", target=deficit, data=changes)
    return deficit


@transaction.atomic
def deficit_remove(*, actor: Any, deficit: Deficit) -> Deficit:
    """Take the difficulty off the request map; it stays restorable with its note and is
    left out of every read meanwhile (``Deficit.objects``)."""
    _require(rules.may_edit_mentee(actor, deficit.mentee))
    if deficit.deleted_at is not None:
        raise ValidationError(_("Затруднение уже убрано."))
    soft_delete(deficit, actor=actor)
    audit_log(
        actor=actor,
        action="mentoring.deficit.removed",
        target=deficit,
        data={"mentee": deficit.mentee_id, "competency": deficit.competency.code},
    )
    return deficit


@transaction.atomic
def deficit_restore(*, actor: Any, deficit: Deficit) -> Deficit:
    """Put a removed difficulty back on the request map, with its note."""
    _require(rules.may_edit_mentee(actor, deficit.mentee))
    if deficit.deleted_at is None:
        raise ValidationError(_("Затруднение не убрано."))
    soft_restore(deficit)
    audit_log(
        actor=actor,
        action="mentoring.deficit.restored",
        target=deficit,
        data={"mentee": deficit.mentee_id, "competency": deficit.competency.code},
    )
    return deficit


# --- programmes ---------------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "scope",
    "mentee_schools",
    "partner_schools",
    "weights",
    "forms",
    "goal",
)


def _check_weights(weights: Mapping[str, Any]) -> None:
    # The engine owns the weights: it says which keys and values it accepts.
    from orbita.matching.scoring import MentorWeights

    try:
        MentorWeights.from_mapping(weights)
    except ValueError as error:
        raise ValidationError({"weights": str(error)}) from None


def _check_schools(
    municipality: Municipality, mentee_schools: Iterable[School], partner_schools: Iterable[School]
) -> None:
    foreign = [s for s in mentee_schools if s.municipality_id != municipality.pk]
    if foreign:
        raise ValidationError(
            {"mentee_schools": _("Школы наставляемых — из муниципалитета программы.")}
        )
    other_region = [
        s for s in partner_schools if s.municipality.region_id != municipality.region_id
    ]
    if other_region:
        raise ValidationError({"partner_schools": _("Школы-партнёры — из региона программы.")})


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    municipality: Municipality,
    name: str,
    starts_on: date,
    ends_on: date,
    scope: str = Programme.Scope.NETWORK,
    mentee_schools: Iterable[School] = (),
    partner_schools: Iterable[School] = (),
    weights: Mapping[str, Any] | None = None,
    forms: Sequence[str] = (PairForm.INDIVIDUAL,),
    goal: str = "",
) -> Programme:
    """A municipality's mentoring programme (its coordinators or the regional administrator)."""
    _require(rules.may_create_programme(actor, municipality))
    mentee_schools, partner_schools = list(mentee_schools), list(partner_schools)
    _check_weights(weights or {})
    _check_schools(municipality, mentee_schools, partner_schools)
    if scope == Programme.Scope.PARTNERS and not partner_schools:
        raise ValidationError({"partner_schools": _("Укажите школы-партнёры.")})
    programme = Programme(
        municipality=municipality,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        scope=scope,
        weights=dict(weights or {}),
        forms=list(forms),
        goal=goal,
    )
    programme.full_clean()
    programme.save()
    programme.mentee_schools.set(mentee_schools)
    programme.partner_schools.set(partner_schools)
    audit_log(
        actor=actor,
        action="mentoring.programme.created",
        target=programme,
        data={"municipality": municipality.pk, "scope": scope},
    )
    return programme


@transaction.atomic
def programme_update(*, actor: Any, programme: Programme, data: Mapping[str, Any]) -> Programme:
    _require(rules.may_manage_programme(actor, programme))
    if "weights" in data:
        _check_weights(data["weights"] or {})
    _check_schools(
        programme.municipality,
        data.get("mentee_schools", programme.mentee_schools.all()),
        data.get("partner_schools", programme.partner_schools.all()),
    )
    programme, changes = model_update(instance=programme, fields=PROGRAMME_FIELDS, data=data)
    if programme.scope == Programme.Scope.PARTNERS and not programme.partner_schools.exists():
        raise ValidationError({"partner_schools": _("Укажите школы-партнёры.")})
    if changes:
        audit_log(actor=actor, action="mentoring.programme.updated", target=programme, data=changes)
    return programme


# --- never-match rules --------------------------------------------------------------------


@transaction.atomic
def never_match_create(
    *, actor: Any, mentor: MentorProfile, mentee: MenteeProfile, reason: str = ""
) -> NeverMatch:
    """Never propose these two again (a coordinator's veto)."""
    _require(
        actor is None
        or rules.may_manage_mentor(actor, mentor)
        or (rules.may_edit_mentee(actor, mentee) and get_scope(actor).is_coordinator)
    )
    rule, created = NeverMatch.objects.get_or_create(
        mentor=mentor,
        mentee=mentee,
        defaults={"reason": reason[:500], "created_by": actor if _is_user(actor) else None},
    )
    if created:
        audit_log(
            actor=actor,
            action="mentoring.never_match.created",
            target=rule,
            data={"mentor": mentor.pk, "mentee": mentee.pk, "reason": reason},
        )
    return rule


@transaction.atomic
def never_match_delete(*, actor: Any, rule: NeverMatch) -> None:
    _require(actor is None or rules.may_manage_mentor(actor, rule.mentor))
    audit_log(
        actor=actor,
        action="mentoring.never_match.deleted",
        target=rule.mentor,
        data={"mentee": rule.mentee_id},
    )
    rule.delete()


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


# --- pairs: capacity and membership -------------------------------------------------------


def _lock_mentor(mentor_id: int) -> MentorProfile:
    return MentorProfile.objects.select_for_update().select_related("teacher").get(pk=mentor_id)


def _check_capacity(mentor: MentorProfile, adding: int, exclude_pair: MentoringPair | None) -> None:
    """Call with the mentor's row locked (``_lock_mentor``)."""
    load = mentor_load(mentor=mentor, exclude_pair=exclude_pair)
    if load + adding > mentor.capacity:
        raise ValidationError(
            _("У наставника %(name)s нет свободных мест: %(load)d из %(capacity)d заняты.")
            % {"name": mentor.teacher.full_name, "load": load, "capacity": mentor.capacity}
        )


def _check_mentees_free(mentee_ids: Sequence[int], exclude_pair: MentoringPair | None) -> None:
    """A mentee is in at most one live pair (active, or an accepted draft) at a time."""
    MenteeProfile.objects.select_for_update().filter(pk__in=mentee_ids).order_by("pk").exists()
    busy = PairMentee.objects.filter(mentee_id__in=mentee_ids).filter(
        Q(pair__status=Status.ACTIVE)
        | Q(pair__status=Status.DRAFT, pair__accepted_at__isnull=False)
    )
    if exclude_pair is not None:
        busy = busy.exclude(pair=exclude_pair)
    names = sorted(busy.values_list("mentee__teacher__full_name", flat=True))
    if names:
        raise ValidationError(
            _("Уже в работающей или принятой паре: %(names)s.") % {"names": ", ".join(names)}
        )


def _check_vetoes(mentor: MentorProfile, mentee_ids: Sequence[int]) -> None:
    vetoed = NeverMatch.objects.filter(mentor=mentor, mentee_id__in=mentee_ids)
    names = sorted(vetoed.values_list("mentee__teacher__full_name", flat=True))
    if names:
        raise ValidationError(
            _("Запрещено ставить в пару с наставником %(mentor)s: %(names)s.")
            % {"mentor": mentor.teacher.full_name, "names": ", ".join(names)}
        )


def default_form(programme: Programme, mentees: int) -> str:
    """The form a pair gets when none is chosen: individual (group for several mentees) when
    the programme offers it, else the programme's first form."""
    wanted = PairForm.GROUP if mentees > 1 else PairForm.INDIVIDUAL
    offered = list(programme.forms or [])
    return wanted if not offered or wanted in offered else offered[0]


def _check_form(programme: Programme, form: str) -> None:
    """A pair's form must be one the programme offers (a programme with no forms offers all)."""
    offered = list(programme.forms or [])
    if offered and form not in offered:
        labels = dict(PairForm.choices)
        raise ValidationError(
            {
                "form": _(
                    "Программа «%(programme)s» не предусматривает форму наставничества "
                    "«%(form)s». Доступны: %(offered)s."
                )
                % {
                    "programme": programme.name,
                    "form": labels.get(form, form),
                    "offered": ", ".join(str(labels.get(f, f)) for f in offered),
                }
            }
        )


def _explanation(
    mentor: MentorProfile, mentees: Sequence[MenteeProfile], programme: Programme
) -> tuple[float | None, dict[str, Any]]:
    """The engine's parts of the score for a pair made by hand (the first mentee's)."""
    from orbita.mentoring.matching import explain_pair

    if not mentees:
        return None, {}
    return explain_pair(mentor=mentor, mentee=mentees[0], programme=programme)


@transaction.atomic
def pair_create(
    *,
    actor: Any,
    programme: Programme,
    mentor: MentorProfile,
    mentees: Sequence[MenteeProfile],
    role_pair: str = RolePair.TEACHER_TEACHER,
    form: str | None = None,
    format: str = WorkFormat.BLENDED,
    accept: bool = True,
    rematch_of: MentoringPair | None = None,
) -> MentoringPair:
    """Pair by hand: a draft that the coordinator has accepted at once (``accept``).

    Checks the never-match rules, that no mentee is already in a live pair and (locking the
    mentor's row) the mentor's capacity. Several mentees make a group pair.
    """
    _require(rules.may_manage_programme(actor, programme))
    mentees = list(mentees)
    if not mentees:
        raise ValidationError(_("Выберите хотя бы одного наставляемого."))
    mentee_ids = [m.pk for m in mentees]
    if mentor.teacher_id in {m.teacher_id for m in mentees}:
        raise ValidationError(_("Наставник не может быть своим наставляемым."))
    form = form or default_form(programme, len(mentees))
    _check_form(programme, form)
    locked = _lock_mentor(mentor.pk)
    _check_vetoes(locked, mentee_ids)
    if accept:
        _check_mentees_free(mentee_ids, None)
        _check_capacity(locked, len(mentees), None)
    score, explanation = _explanation(locked, mentees, programme)
    pair = MentoringPair(
        programme=programme,
        mentor=locked,
        source=MentoringPair.Source.MANUAL,
        role_pair=role_pair,
        form=form,
        format=format,
        score=score,
        explanation=explanation,
        accepted_at=timezone.now() if accept else None,
        rematch_of=rematch_of,
    )
    pair.full_clean()
    pair.save()
    for mentee in mentees:
        PairMentee.objects.create(pair=pair, mentee=mentee)
    PairPlan.objects.create(pair=pair)
    audit_log(
        actor=actor,
        action="mentoring.pair.created",
        target=pair,
        data={
            "programme": programme.pk,
            "mentor": mentor.pk,
            "mentees": mentee_ids,
            "accepted": accept,
            "rematch_of": rematch_of.pk if rematch_of else None,
        },
    )
    return pair


def draft_create(
    *,
    programme: Programme,
    mentor: MentorProfile,
    mentee: MenteeProfile,
    score: float,
    explanation: Mapping[str, Any],
    format: str,
) -> MentoringPair:
    """A draft proposed by a matching run (called by ``orbita.mentoring.matching`` inside its
    transaction, which writes the run's audit entry)."""
    pair = MentoringPair(
        programme=programme,
        mentor=mentor,
        source=MentoringPair.Source.MATCHING,
        form=default_form(programme, 1),
        format=format,
        score=score,
        explanation=dict(explanation),
    )
    pair.full_clean()
    pair.save()
    PairMentee.objects.create(pair=pair, mentee=mentee)
    PairPlan.objects.create(pair=pair)
    return pair


def _locked_pair(pair: MentoringPair) -> MentoringPair:
    return (
        MentoringPair.objects.select_for_update()
        .select_related("programme__municipality", "mentor__teacher")
        .get(pk=pair.pk)
    )


@transaction.atomic
def pair_accept(*, actor: Any, pair: MentoringPair) -> MentoringPair:
    """The coordinator confirms a draft: it now uses the mentor's capacity.

    The mentor's row is locked first, then the load is counted: of two concurrent accepts
    for the last place, the second waits for the first and then fails the capacity check.
    """
    _require(rules.may_manage_programme(actor, pair.programme))
    mentor = _lock_mentor(pair.mentor_id)
    pair = _locked_pair(pair)
    if pair.status != Status.DRAFT:
        raise ValidationError(_("Принять можно только черновик пары."))
    if pair.accepted_at is not None:
        return pair
    mentee_ids = list(pair.memberships.values_list("mentee_id", flat=True))
    _check_vetoes(mentor, mentee_ids)
    _check_mentees_free(mentee_ids, pair)
    _check_capacity(mentor, len(mentee_ids), pair)
    pair, changes = model_update(
        instance=pair, fields=["accepted_at"], data={"accepted_at": timezone.now()}
    )
    audit_log(
        actor=actor,
        action="mentoring.pair.accepted",
        target=pair,
        data={"mentees": mentee_ids, **changes},
    )
    return pair


@transaction.atomic
def pair_unaccept(*, actor: Any, pair: MentoringPair) -> MentoringPair:
    """Take back the acceptance of a draft (it stays a proposal)."""
    _require(rules.may_manage_programme(actor, pair.programme))
    pair = _locked_pair(pair)
    if pair.status != Status.DRAFT:
        raise ValidationError(_("Отменить принятие можно только у черновика."))
    pair, changes = model_update(instance=pair, fields=["accepted_at"], data={"accepted_at": None})
    if changes:
        audit_log(actor=actor, action="mentoring.pair.unaccepted", target=pair, data=changes)
    return pair


@transaction.atomic
def pair_reject(
    *, actor: Any, pair: MentoringPair, never_again: bool = False, reason: str = ""
) -> None:
    """Drop a draft; with ``never_again`` its mentor and mentees are never proposed again."""
    _require(rules.may_manage_programme(actor, pair.programme))
    pair = _locked_pair(pair)
    if pair.status != Status.DRAFT:
        raise ValidationError(_("Отклонить можно только черновик пары."))
    mentees = list(pair.mentees.all())
    for mentee in mentees:
        if never_again:
            never_match_create(actor=actor, mentor=pair.mentor, mentee=mentee, reason=reason)
    audit_log(
        actor=actor,
        action="mentoring.pair.rejected",
        target=pair.programme,
        data={
            "pair": pair.pk,
            "mentor": pair.mentor_id,
            "mentees": [m.pk for m in mentees],
            "never_again": never_again,
            "reason": reason,
        },
    )
    pair.delete()


@transaction.atomic
def pair_swap(
    *, actor: Any, first: MentoringPair, second: MentoringPair
) -> tuple[MentoringPair, MentoringPair]:
    """Two individual drafts of one programme exchange their mentees.

    Each keeps its mentor; acceptance is cleared (the coordinator confirms the new pairs);
    the explanations are computed again by the engine's scorer.
    """
    _require(rules.may_manage_programme(actor, first.programme))
    if first.pk == second.pk or first.programme_id != second.programme_id:
        raise ValidationError(_("Обменять можно две разные пары одной программы."))
    # Lock in a fixed order so two swaps over the same pairs cannot deadlock.
    a, b = sorted([first, second], key=lambda p: p.pk)
    a, b = _locked_pair(a), _locked_pair(b)
    for pair in (a, b):
        if pair.status != Status.DRAFT or pair.memberships.count() != 1:
            raise ValidationError(_("Обменять можно только индивидуальные черновики."))
    ma = a.memberships.select_related("mentee__teacher__school").get()
    mb = b.memberships.select_related("mentee__teacher__school").get()
    _check_vetoes(a.mentor, [mb.mentee_id])
    _check_vetoes(b.mentor, [ma.mentee_id])
    before = [ma.mentee_id, mb.mentee_id]
    ma.mentee, mb.mentee = mb.mentee, ma.mentee
    # The unique (pair, mentee) constraint does not mind: the pairs differ.
    ma.save(update_fields=["mentee"])
    mb.save(update_fields=["mentee"])
    for pair, membership in ((a, ma), (b, mb)):
        score, explanation = _explanation(pair.mentor, [membership.mentee], pair.programme)
        model_update(
            instance=pair,
            fields=["score", "explanation", "accepted_at", "source"],
            data={
                "score": score,
                "explanation": explanation,
                "accepted_at": None,
                "source": MentoringPair.Source.MANUAL,
            },
        )
    audit_log(
        actor=actor,
        action="mentoring.pair.swapped",
        target=a.programme,
        data={"pairs": [a.pk, b.pk], "mentees": [before, [ma.mentee_id, mb.mentee_id]]},
    )
    return (a, b) if first.pk == a.pk else (b, a)


@transaction.atomic
def pair_add_mentee(*, actor: Any, pair: MentoringPair, mentee: MenteeProfile) -> MentoringPair:
    """Group mentoring: one more mentee with the same mentor (capacity checked)."""
    _require(rules.may_manage_programme(actor, pair.programme))
    mentor = _lock_mentor(pair.mentor_id)
    pair = _locked_pair(pair)
    if pair.is_finished:
        raise ValidationError(_("Пара уже завершена."))
    if pair.memberships.filter(mentee=mentee).exists():
        raise ValidationError(_("Этот наставляемый уже в паре."))
    # An individual pair becomes a group one; other forms (virtual, traditional…) stay.
    form = PairForm.GROUP if pair.form == PairForm.INDIVIDUAL else pair.form
    _check_form(pair.programme, form)
    _check_vetoes(mentor, [mentee.pk])
    if pair.is_live:
        _check_mentees_free([mentee.pk], None)
        _check_capacity(mentor, 1, None)
    PairMentee.objects.create(pair=pair, mentee=mentee)
    pair, changes = model_update(instance=pair, fields=["form"], data={"form": form})
    audit_log(
        actor=actor,
        action="mentoring.pair.mentee_added",
        target=pair,
        data={"mentee": mentee.pk, **changes},
    )
    return pair


@transaction.atomic
def programme_publish(
    *, actor: Any, programme: Programme, notify: bool = True, started_on: date | None = None
) -> list[MentoringPair]:
    """Accepted drafts become active pairs; both sides are told by e-mail after the commit.

    Drafts not accepted stay drafts. Returns the published pairs. ``notify=False`` sends no
    mail (the demo loader: its addresses are invented); ``started_on`` defaults to today.
    """
    _require(rules.may_manage_programme(actor, programme))
    ready = list(
        MentoringPair.objects.select_for_update()
        .filter(programme=programme, status=Status.DRAFT, accepted_at__isnull=False)
        .order_by("pk")
    )
    if not ready:
        raise ValidationError(_("Нет принятых пар: сначала примите черновики."))
    today = started_on or timezone.localdate()
    for pair in ready:
        pair, changes = model_update(
            instance=pair,
            fields=["status", "started_on"],
            data={"status": Status.ACTIVE, "started_on": pair.started_on or today},
        )
        audit_log(actor=actor, action="mentoring.pair.published", target=pair, data=changes)
    mentor_ids = {p.mentor_id for p in ready}
    # Their mentors start working: each status change is a write with its own entry.
    for mentor in MentorProfile.objects.filter(
        pk__in=mentor_ids,
        status__in=[MentorProfile.Status.SELECTED, MentorProfile.Status.TRAINED],
    ).order_by("pk"):
        mentor, changes = model_update(
            instance=mentor, fields=["status"], data={"status": MentorProfile.Status.ACTIVE}
        )
        audit_log(actor=actor, action="mentoring.mentor.updated", target=mentor, data=changes)
    audit_log(
        actor=actor,
        action="mentoring.programme.published",
        target=programme,
        data={"pairs": [p.pk for p in ready]},
    )
    pair_ids = [p.pk for p in ready]
    if notify:
        transaction.on_commit(lambda: notify_published(pair_ids=pair_ids))
    return ready


def notify_published(*, pair_ids: Sequence[int]) -> int:
    """E-mail each mentor and mentee of the published pairs (those with an address).
    Returns the number of messages sent."""
    sent = 0
    pairs = (
        MentoringPair.objects.filter(pk__in=pair_ids)
        .select_related("programme", "mentor__teacher__school", "mentor__teacher__user")
        .prefetch_related("mentees__teacher__school", "mentees__teacher__user")
    )
    for pair in pairs:
        mentees = list(pair.mentees.all())
        link = reverse("mentoring:pair-detail", kwargs={"pk": pair.pk})
        names = ", ".join(m.teacher.full_name for m in mentees)
        mentor_address = _address(pair.mentor.teacher)
        if mentor_address:
            send_mail(
                _("Наставническая пара: %(programme)s") % {"programme": pair.programme.name},
                _(
                    "Здравствуйте!\n\nВы назначены наставником в программе «%(programme)s». "
                    "Наставляемые: %(names)s.\n\nСтраница пары: %(link)s\n"
                )
                % {"programme": pair.programme.name, "names": names, "link": link},
                settings.DEFAULT_FROM_EMAIL,
                [mentor_address],
            )
            sent += 1
        for mentee in mentees:
            address = _address(mentee.teacher)
            if not address:
                continue
            send_mail(
                _("Наставническая пара: %(programme)s") % {"programme": pair.programme.name},
                _(
                    "Здравствуйте!\n\nВам назначен наставник в программе «%(programme)s»: "
                    "%(mentor)s, %(school)s.\n\nСтраница пары: %(link)s\n"
                )
                % {
                    "programme": pair.programme.name,
                    "mentor": pair.mentor.teacher.full_name,
                    "school": pair.mentor.teacher.school.display_name,
                    "link": link,
                },
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
            sent += 1
    return sent


def _address(teacher: Teacher) -> str:
    user = getattr(teacher, "user", None)
    return (user.email if user is not None and user.email else "") or teacher.email


@transaction.atomic
def pair_complete(
    *, actor: Any, pair: MentoringPair, ended_on: date | None = None
) -> MentoringPair:
    """An active pair finished its programme."""
    _require(rules.may_manage_programme(actor, pair.programme))
    pair = _locked_pair(pair)
    if pair.status != Status.ACTIVE:
        raise ValidationError(_("Завершить можно только работающую пару."))
    pair, changes = model_update(
        instance=pair,
        fields=["status", "ended_on"],
        data={"status": Status.COMPLETED, "ended_on": ended_on or timezone.localdate()},
    )
    audit_log(actor=actor, action="mentoring.pair.completed", target=pair, data=changes)
    return pair


@transaction.atomic
def pair_end_early(
    *, actor: Any, pair: MentoringPair, reason: str, never_again: bool = False
) -> MentoringPair:
    """End an active pair early with a reason; ``never_again`` forbids the pairing later."""
    _require(rules.may_manage_programme(actor, pair.programme))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Укажите причину.")})
    pair = _locked_pair(pair)
    if pair.status != Status.ACTIVE:
        raise ValidationError(_("Досрочно завершить можно только работающую пару."))
    pair, changes = model_update(
        instance=pair,
        fields=["status", "ended_on", "end_reason"],
        data={
            "status": Status.ENDED_EARLY,
            "ended_on": timezone.localdate(),
            "end_reason": reason.strip(),
        },
    )
    if never_again:
        for mentee in pair.mentees.all():
            never_match_create(actor=actor, mentor=pair.mentor, mentee=mentee, reason=reason)
    audit_log(
        actor=actor,
        action="mentoring.pair.ended_early",
        target=pair,
        data={"never_again": never_again, **changes},
    )
    return pair


@transaction.atomic
def pair_rematch(*, actor: Any, pair: MentoringPair, mentor: MentorProfile) -> MentoringPair:
    """A new accepted draft for the mentees of a pair that ended early, with another mentor."""
    _require(rules.may_manage_programme(actor, pair.programme))
    if pair.status != Status.ENDED_EARLY:
        raise ValidationError(_("Новую пару подбирают взамен досрочно завершённой."))
    if mentor.pk == pair.mentor_id:
        raise ValidationError(_("Выберите другого наставника."))
    return pair_create(
        actor=actor,
        programme=pair.programme,
        mentor=mentor,
        mentees=list(pair.mentees.all()),
        role_pair=pair.role_pair,
        form=pair.form,
        format=pair.format,
        rematch_of=pair,
    )


# --- the pair plan ------------------------------------------------------------------------


def _plan(pair: MentoringPair) -> PairPlan:
    plan, _created = PairPlan.objects.get_or_create(pair=pair)
    return plan


@transaction.atomic
def plan_update(*, actor: Any, pair: MentoringPair, goal: str) -> PairPlan:
    _require(rules.may_edit_plan(actor, pair))
    plan, changes = model_update(instance=_plan(pair), fields=["goal"], data={"goal": goal})
    if changes:
        audit_log(actor=actor, action="mentoring.plan.updated", target=plan, data=changes)
    return plan


PLAN_ITEM_FIELDS = ("competency", "content", "deadline", "format", "result", "status", "order")


@transaction.atomic
def plan_item_create(
    *,
    actor: Any,
    pair: MentoringPair,
    content: str,
    deadline: date,
    competency: Competency | None = None,
    format: str = PairPlanItem.Format.IN_PERSON,
    result: str = "",
    status: str = PairPlanItem.Status.PLANNED,
) -> PairPlanItem:
    _require(rules.may_edit_plan(actor, pair))
    plan = _plan(pair)
    item = PairPlanItem(
        plan=plan,
        competency=competency,
        content=content,
        deadline=deadline,
        format=format,
        result=result,
        status=status,
        order=plan.items.count() + 1,
    )
    item.full_clean()
    item.save()
    audit_log(
        actor=actor,
        action="mentoring.plan_item.created",
        target=item,
        data={"pair": pair.pk, "deadline": deadline, "status": status},
    )
    return item


@transaction.atomic
def plan_item_update(*, actor: Any, item: PairPlanItem, data: Mapping[str, Any]) -> PairPlanItem:
    _require(rules.may_edit_plan(actor, item.plan.pair))
    item, changes = model_update(instance=item, fields=PLAN_ITEM_FIELDS, data=data)
    if changes:
        audit_log(actor=actor, action="mentoring.plan_item.updated", target=item, data=changes)
    return item


@transaction.atomic
def plan_item_delete(*, actor: Any, item: PairPlanItem) -> PairPlanItem:
    """Take the row off the plan; it stays restorable (``plan_item_restore``) and is left
    out of every read meanwhile (``PairPlanItem.objects``)."""
    _require(rules.may_edit_plan(actor, item.plan.pair))
    if item.deleted_at is not None:
        raise ValidationError(_("Пункт плана уже удалён."))
    soft_delete(item, actor=actor)
    audit_log(
        actor=actor,
        action="mentoring.plan_item.deleted",
        target=item,
        data={"pair": item.plan.pair_id, "content": item.content[:200]},
    )
    return item


@transaction.atomic
def plan_item_restore(*, actor: Any, item: PairPlanItem) -> PairPlanItem:
    """Put a removed row back into the plan, where it was (same order and status)."""
    _require(rules.may_edit_plan(actor, item.plan.pair))
    if item.deleted_at is None:
        raise ValidationError(_("Пункт плана не удалён."))
    soft_restore(item)
    audit_log(
        actor=actor,
        action="mentoring.plan_item.restored",
        target=item,
        data={"pair": item.plan.pair_id, "content": item.content[:200]},
    )
    return item


@transaction.atomic
def plan_fill_from_deficits(
    *, actor: Any, pair: MentoringPair, start: date | None = None
) -> list[PairPlanItem]:
    """Add a row from the templates for each mentee deficit the plan has no row for yet."""
    _require(rules.may_edit_plan(actor, pair))
    plan = _plan(pair)
    start = start or timezone.localdate()
    present = set(plan.items.exclude(competency=None).values_list("competency_id", flat=True))
    deficits = (
        Deficit.objects.filter(mentee__memberships__pair=pair)
        .select_related("competency")
        .order_by("competency__order", "competency__name", "id")
    )
    created = []
    for deficit in deficits:
        if deficit.competency_id in present:
            continue
        present.add(deficit.competency_id)
        template = template_for(deficit.competency.code)
        created.append(
            plan_item_create(
                actor=actor,
                pair=pair,
                competency=deficit.competency,
                content=str(template.content),
                deadline=start + timedelta(weeks=template.weeks),
                format=template.format,
                result=str(template.result),
            )
        )
    return created


# --- the success diary and the meeting log ------------------------------------------------


def evidence_problem(upload: UploadedFile) -> str | None:
    """Why an evidence file is refused (type by name and content, size), else ``None``."""
    name = upload.name or ""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in EVIDENCE_TYPES:
        return _("Допустимые файлы: %(types)s.") % {
            "types": ", ".join(sorted({s.upper() for s in EVIDENCE_TYPES}))
        }
    if upload.size is None or upload.size > EVIDENCE_MAX_BYTES:
        return _("Файл больше %(mb)d МБ.") % {"mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[suffix]):
        return _("Содержимое файла не соответствует его типу (%(type)s).") % {
            "type": suffix.upper()
        }
    return None


@transaction.atomic
def diary_entry_create(
    *,
    actor: Any,
    pair: MentoringPair,
    date: date,
    achievement: str,
    competency: Competency | None = None,
    evidence: UploadedFile | None = None,
    link: str = "",
    is_shared: bool = False,
    mentee: MenteeProfile | None = None,
) -> SuccessDiaryEntry:
    """A mentee records an achievement in their success diary (the pair must be working).

    ``mentee`` is taken from the actor; the command line and the demo pass it.
    """
    own = rules.pair_mentee_of(actor, pair)
    if actor is not None:
        _require(own is not None)
        mentee = own
    if mentee is None:
        raise ValidationError(_("Укажите наставляемого."))
    if pair.status not in (Status.ACTIVE, Status.COMPLETED):
        raise ValidationError(_("Дневник ведётся в работающей паре."))
    if evidence is not None:
        problem = evidence_problem(evidence)
        if problem:
            raise ValidationError({"evidence": problem})
    entry = SuccessDiaryEntry(
        pair=pair,
        mentee=mentee,
        date=date,
        achievement=achievement,
        competency=competency,
        link=link,
        is_shared=is_shared,
        evidence_name=(evidence.name or "")[:255] if evidence is not None else "",
    )
    if evidence is not None:
        entry.evidence = evidence
    entry.full_clean()
    entry.save()
    audit_log(
        actor=actor,
        action="mentoring.diary_entry.created",
        target=entry,
        data={"pair": pair.pk, "date": date, "shared": is_shared},
    )
    return entry


@transaction.atomic
def diary_entry_share(
    *, actor: Any, entry: SuccessDiaryEntry, is_shared: bool
) -> SuccessDiaryEntry:
    """Only the mentee who wrote the entry shares it with the coordinators (or stops)."""
    own = rules.pair_mentee_of(actor, entry.pair)
    _require(actor is None or (own is not None and own.pk == entry.mentee_id))
    entry, changes = model_update(
        instance=entry, fields=["is_shared"], data={"is_shared": is_shared}
    )
    if changes:
        audit_log(
            actor=actor,
            action="mentoring.diary_entry.shared"
            if is_shared
            else "mentoring.diary_entry.unshared",
            target=entry,
            data=changes,
        )
    return entry


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    pair: MentoringPair,
    date: date,
    topic: str,
    notes: str = "",
    format: str = PairPlanItem.Format.IN_PERSON,
    is_shared: bool = False,
) -> Meeting:
    """A member of the pair records a meeting. Only a mentee may share the notes."""
    _require(actor is None or rules.is_pair_member(actor, pair))
    if pair.status not in (Status.ACTIVE, Status.COMPLETED):
        raise ValidationError(_("Журнал встреч ведётся в работающей паре."))
    if is_shared and actor is not None and rules.pair_mentee_of(actor, pair) is None:
        raise PermissionDenied
    meeting = Meeting(
        pair=pair,
        date=date,
        topic=topic,
        notes=notes,
        format=format,
        is_shared=is_shared,
        created_by=actor if _is_user(actor) else None,
    )
    meeting.full_clean()
    meeting.save()
    audit_log(
        actor=actor,
        action="mentoring.meeting.created",
        target=meeting,
        data={"pair": pair.pk, "date": date, "shared": is_shared},
    )
    return meeting


@transaction.atomic
def meeting_share(*, actor: Any, meeting: Meeting, is_shared: bool) -> Meeting:
    _require(actor is None or rules.pair_mentee_of(actor, meeting.pair) is not None)
    meeting, changes = model_update(
        instance=meeting, fields=["is_shared"], data={"is_shared": is_shared}
    )
    if changes:
        audit_log(
            actor=actor,
            action="mentoring.meeting.shared" if is_shared else "mentoring.meeting.unshared",
            target=meeting,
            data=changes,
        )
    return meeting
