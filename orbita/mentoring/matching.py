"""The Django side of matching: from the database to the pure engine and back.

``programme_instance`` turns a programme's mentees and mentors into the engine's plain
records (``orbita.matching.scoring.Mentee`` / ``Mentor``), with the partners map of a
partner-scoped programme, the never-match rules and the programme's weights;
``matching_run_execute`` solves it with ``orbita.matching.mentoring.match_mentors`` and
writes the proposals as drafts. Every rule of who may be paired with whom, and every score,
is the engine's: this module only gathers the data and stores the answer.

What the engine sees:

* mentees: the mentee profiles at the programme's schools (all schools of its municipality
  when none are listed) that are in no live pair (active, or a draft already accepted);
* mentors: available profiles (selected, trained, active) at the partner schools (partner
  scope) or anywhere in the programme's region (network scope), with the capacity they have
  left: their capacity minus their live pairs' mentees;
* ids ``t<pk>`` / ``m<pk>``, schools as ids, coordinates of the schools.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from orbita.core.services import audit_log
from orbita.matching.mentoring import Matching, match_mentors
from orbita.matching.scoring import Mentee, Mentor, MentorWeights, mentor_pair_parts
from orbita.mentoring import rules
from orbita.mentoring.models import (
    AVAILABLE_STATUSES,
    MatchingRun,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    NeverMatch,
    Programme,
    WantedFormat,
    WorkFormat,
)
from orbita.mentoring.selectors import LIVE, mentor_load
from orbita.registry.models import School

Progress = Callable[[int, str], None]
# The format a draft starts with, from the format the mentee asked for.
DRAFT_FORMAT = {
    WantedFormat.IN_PERSON: WorkFormat.IN_PERSON,
    WantedFormat.REMOTE: WorkFormat.REMOTE,
    WantedFormat.ANY: WorkFormat.BLENDED,
}


@dataclass
class Instance:
    """The engine's input and the way back from its ids to the profiles."""

    mentees: list[Mentee]
    mentors: list[Mentor]
    partners: dict[str, list[str]] | None
    forbidden: list[tuple[str, str]]
    weights: MentorWeights
    mentee_profiles: dict[str, MenteeProfile]
    mentor_profiles: dict[str, MentorProfile]


def _coord(value: Any) -> float | None:
    return None if value is None else float(value)


def engine_mentee(profile: MenteeProfile) -> Mentee:
    """A mentee profile as the engine's record (subjects and deficits prefetched)."""
    school = profile.teacher.school
    return Mentee(
        id=f"t{profile.pk}",
        school=str(school.pk),
        subjects=tuple(s.code for s in profile.teacher.subjects.all()),
        deficits=tuple(d.competency.code for d in profile.deficits.all()),
        format=profile.format,
        lat=_coord(school.lat),
        lon=_coord(school.lon),
    )


def engine_mentor(profile: MentorProfile, capacity: int | None = None) -> Mentor:
    """A mentor profile as the engine's record; ``capacity`` defaults to the profile's."""
    school = profile.teacher.school
    return Mentor(
        id=f"m{profile.pk}",
        school=str(school.pk),
        subjects=tuple(s.code for s in profile.subjects.all()),
        strengths=tuple(c.code for c in profile.strengths.all()),
        capacity=profile.capacity if capacity is None else max(0, capacity),
        quality=float(profile.quality),
        lat=_coord(school.lat),
        lon=_coord(school.lon),
    )


def programme_weights(programme: Programme) -> MentorWeights:
    return MentorWeights.from_mapping(programme.weights or None)


def programme_mentee_schools(programme: Programme) -> list[School]:
    listed = list(programme.mentee_schools.all())
    return listed or list(School.objects.filter(municipality=programme.municipality))


def _mentee_queryset() -> Any:
    return MenteeProfile.objects.select_related("teacher__school").prefetch_related(
        "teacher__subjects", Prefetch("deficits__competency")
    )


def _mentor_queryset() -> Any:
    return MentorProfile.objects.select_related("teacher__school__municipality").prefetch_related(
        "subjects", "strengths"
    )


def programme_instance(programme: Programme) -> Instance:
    """Everything the engine needs for one run over ``programme`` (see the module doc)."""
    schools = programme_mentee_schools(programme)
    mentees = list(
        _mentee_queryset()
        .filter(teacher__school__in=schools, teacher__is_active=True)
        .exclude(memberships__pair__in=MentoringPair.objects.filter(LIVE))
        .order_by("pk")
    )
    mentors_qs = _mentor_queryset().filter(status__in=AVAILABLE_STATUSES, teacher__is_active=True)
    partners: dict[str, list[str]] | None = None
    if programme.scope == Programme.Scope.PARTNERS:
        partner_ids = [str(s.pk) for s in programme.partner_schools.all()]
        mentors_qs = mentors_qs.filter(teacher__school__in=programme.partner_schools.all())
        partners = {str(s.pk): partner_ids for s in schools}
    else:
        mentors_qs = mentors_qs.filter(
            teacher__school__municipality__region_id=programme.municipality.region_id
        )
    mentors = list(mentors_qs.annotate(load=mentor_load()).order_by("pk"))
    mentee_ids = {m.pk for m in mentees}
    forbidden = [
        (f"t{mentee_id}", f"m{mentor_id}")
        for mentor_id, mentee_id in NeverMatch.objects.filter(mentee_id__in=mentee_ids).values_list(
            "mentor_id", "mentee_id"
        )
    ]
    return Instance(
        mentees=[engine_mentee(m) for m in mentees],
        mentors=[engine_mentor(m, m.capacity - m.load) for m in mentors],
        partners=partners,
        forbidden=sorted(forbidden),
        weights=programme_weights(programme),
        mentee_profiles={f"t{m.pk}": m for m in mentees},
        mentor_profiles={f"m{m.pk}": m for m in mentors},
    )


def solve(instance: Instance) -> Matching:
    """The engine's proposals for ``instance``."""
    return match_mentors(
        instance.mentees,
        instance.mentors,
        instance.weights,
        partners=instance.partners,
        forbidden=instance.forbidden,
    )


def reason_text(template: str, params: Mapping[str, object]) -> str:
    """An engine reason in the reader's language (the template is the message id)."""
    text = gettext(template)
    return text.format(**params) if params else text


def explain_pair(
    *, mentor: MentorProfile, mentee: MenteeProfile, programme: Programme
) -> tuple[float, dict[str, Any]]:
    """The engine's parts of the score of one pair (for pairs made or changed by hand)."""
    from orbita.matching.mentoring import COMPETENCY_NAMES, SUBJECT_NAMES

    mentee = _mentee_queryset().get(pk=mentee.pk)
    mentor = _mentor_queryset().get(pk=mentor.pk)
    parts = mentor_pair_parts(
        engine_mentee(mentee), engine_mentor(mentor), programme_weights(programme)
    )
    parts["covered_deficit_names"] = [COMPETENCY_NAMES.get(c, c) for c in parts["covered_deficits"]]  # type: ignore[attr-defined]
    parts["subject_names"] = [SUBJECT_NAMES.get(s, s) for s in parts["subjects"]]  # type: ignore[attr-defined]
    return float(parts["score"]), parts  # type: ignore[arg-type]


# --- runs ---------------------------------------------------------------------------------


@transaction.atomic
def matching_run_create(*, actor: Any, programme: Programme) -> MatchingRun:
    """Ask for a run over ``programme``; the task starts once the transaction commits.

    Raises ``PermissionDenied`` unless the actor manages the programme. Audit
    ``mentoring.matching_run.created``.
    """
    from django.core.exceptions import PermissionDenied

    if not rules.may_manage_programme(actor, programme):
        raise PermissionDenied
    run = MatchingRun.objects.create(
        programme=programme, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    audit_log(actor=actor, action="mentoring.matching_run.created", target=run, data={})
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from orbita.mentoring.tasks import run_matching

    run_matching.enqueue(run_id)


def _progress(run_id: int, value: int, message: str) -> None:
    MatchingRun.objects.filter(pk=run_id, progress__lte=value).update(
        progress=value, message=message[:500], updated_at=timezone.now()
    )


def matching_run_execute(*, run_id: int, progress: Progress | None = None) -> MatchingRun | None:
    """Run the engine for a run and replace the programme's proposals with its drafts.

    Safe to run again: a finished run is left alone; the proposals a coordinator has not
    accepted are replaced wholesale, accepted drafts and active pairs are kept (and their
    mentees and capacity left out of the instance). Returns the run, ``None`` when it is
    gone or done.
    """
    report = progress or (lambda value, message: _progress(run_id, value, message))
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status == MatchingRun.Status.DONE:
            return None
        run.status = MatchingRun.Status.RUNNING
        run.save(update_fields=["status", "updated_at"])
    try:
        report(10, gettext("Собираем наставников и наставляемых"))
        programme = Programme.objects.select_related("municipality").get(pk=run.programme_id)
        instance = programme_instance(programme)
        report(30, gettext("Ищем лучшие пары"))
        matching = solve(instance)
        report(80, gettext("Сохраняем черновики"))
        _store(run, programme, instance, matching)
    except Exception as error:
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRun.Status.FAILED,
            message=gettext("Подбор не выполнен: %(error)s") % {"error": error},
            updated_at=timezone.now(),
        )
        raise
    run.refresh_from_db()
    return run


@transaction.atomic
def _store(
    run: MatchingRun, programme: Programme, instance: Instance, matching: Matching
) -> dict[str, Any]:
    from orbita.mentoring.services import draft_create

    dropped = list(
        MentoringPair.objects.filter(
            programme=programme, status=MentoringPair.Status.DRAFT, accepted_at__isnull=True
        ).values_list("pk", flat=True)
    )
    MentoringPair.objects.filter(pk__in=dropped).delete()
    drafts = []
    for pair in matching.pairs:
        mentee = instance.mentee_profiles[pair.candidate]
        mentor = instance.mentor_profiles[pair.provider]
        drafts.append(
            draft_create(
                programme=programme,
                mentor=mentor,
                mentee=mentee,
                score=pair.score,
                explanation=dict(pair.explanation),
                format=DRAFT_FORMAT.get(WantedFormat(mentee.format), WorkFormat.BLENDED),
            )
        )
    unmatched = [
        {
            "mentee": instance.mentee_profiles[u.candidate].pk,
            "name": instance.mentee_profiles[u.candidate].teacher.full_name,
            "school": instance.mentee_profiles[u.candidate].teacher.school.display_name,
            "code": u.reason.code,
            "template": u.reason.template,
            "params": {k: str(v) for k, v in u.reason.params.items()},
        }
        for u in matching.unmatched
    ]
    result = {
        "mentees": len(instance.mentees),
        "mentors": len(instance.mentors),
        "matched": matching.matched,
        "total_score": round(matching.total_score, 6),
        "optimal": matching.optimal,
        "drafts": [p.pk for p in drafts],
        "replaced": len(dropped),
        "unmatched": unmatched,
        "coverage": matching.coverage,
    }
    message = ngettext("Предложена %(count)d пара", "Предложено %(count)d пар", len(drafts)) % {
        "count": len(drafts)
    }
    if unmatched:
        message += "; " + ngettext(
            "без пары %(count)d наставляемый", "без пары %(count)d наставляемых", len(unmatched)
        ) % {"count": len(unmatched)}
    MatchingRun.objects.filter(pk=run.pk).update(
        status=MatchingRun.Status.DONE,
        progress=100,
        result=result,
        message=message[:500],
        updated_at=timezone.now(),
    )
    audit_log(
        actor=run.created_by,
        action="mentoring.matching_run.finished",
        target=run,
        data={k: result[k] for k in ("mentees", "mentors", "matched", "optimal", "replaced")},
    )
    return result


def run_unmatched(run: MatchingRun) -> list[dict[str, Any]]:
    """The run's unmatched mentees with their reasons rendered in the reader's language."""
    return [
        {**row, "reason": reason_text(row["template"], row.get("params") or {})}
        for row in (run.result or {}).get("unmatched", [])
    ]


def describe(parts: Mapping[str, Any]) -> Sequence[str]:
    """Short Russian lines for a draft's explanation (subject, deficits, quality, distance)."""
    lines = []
    if parts.get("subject_names"):
        lines.append(gettext("общий предмет: %s") % ", ".join(parts["subject_names"]))
    if parts.get("covered_deficit_names"):
        lines.append(gettext("закрывает дефициты: %s") % ", ".join(parts["covered_deficit_names"]))
    return lines
