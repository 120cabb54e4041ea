"""Reads of monitoring, always within the caller's scope (``orbita.accounts.access``).

* Surveys, distributions, results and reports: the coordinators of the survey's
  municipality and region; school coordinators see the surveys sent to their school, and
  results only of their school's respondents.
* Invitations: the invited person (to answer) and the survey's coordinators (who has
  answered — never what, for an anonymous survey).
* Competency assessments: whoever sees the pair (``orbita.mentoring.selectors``).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from orbita.accounts.access import get_scope, restrict, scope_q
from orbita.mentoring.selectors import pair_list
from orbita.monitoring.models import (
    Answer,
    CompetencyAssessment,
    Distribution,
    Invitation,
    MunicipalReport,
    Question,
    Survey,
    SurveyResponse,
)

SURVEY_PATHS = {"region": "municipality__region_id", "municipality": "municipality_id"}


def _under(prefix: str, paths: dict[str, str]) -> dict[str, str]:
    return {k: f"{prefix}__{v}" for k, v in paths.items()}


# --- surveys ------------------------------------------------------------------------------


def survey_list(*, user: Any, municipality_id: int | None = None) -> QuerySet[Survey]:
    """Surveys of the user's municipalities and regions, with response counts."""
    qs = restrict(Survey.objects.all(), user, **SURVEY_PATHS)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    return qs.select_related("municipality").annotate(
        question_count=Count("questions", distinct=True),
        invitation_count=Count("distributions__invitations", distinct=True),
        answered_count=Count(
            "distributions__invitations",
            filter=Q(distributions__invitations__answered_on__isnull=False),
            distinct=True,
        ),
    )


def survey_get(*, user: Any, pk: int) -> Survey:
    qs = restrict(Survey.objects.select_related("municipality"), user, **SURVEY_PATHS)
    return get_object_or_404(
        qs.prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
        ),
        pk=pk,
    )


def distribution_list(*, user: Any, survey: Survey) -> QuerySet[Distribution]:
    qs = restrict(
        Distribution.objects.filter(survey=survey), user, **_under("survey", SURVEY_PATHS)
    )
    return qs.select_related("pair").annotate(
        invited=Count("invitations", distinct=True),
        answered=Count(
            "invitations", filter=Q(invitations__answered_on__isnull=False), distinct=True
        ),
    )


def _user_pk(user: Any) -> int:
    """The user's primary key; 0 (matches nobody) for an anonymous user."""
    return int(getattr(user, "pk", None) or 0)


def invitation_get(*, user: Any, pk: int) -> Invitation:
    """The user's own invitation (anyone else's is a 404, coordinators' included)."""
    qs = Invitation.objects.filter(user_id=_user_pk(user)).select_related("distribution__survey")
    return get_object_or_404(qs, pk=pk)


def own_invitations(*, user: Any) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(user_id=_user_pk(user))
        .select_related("distribution__survey")
        .order_by("answered_on", "distribution__deadline", "id")
    )


# --- results ------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    # Scale: count per value 1..5; choices: count per choice text.
    counts: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    answered: int = 0

    @property
    def max_count(self) -> int:
        return max((n for _, n in self.counts), default=0)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    invited: int
    satisfied: int
    rated: int
    questions: list[QuestionResult]

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def meets_target(self) -> bool | None:
        share = self.satisfied_share
        return None if share is None else share + 1e-9 >= float(self.survey.target_share)


def _response_q(user: Any) -> Q | None:
    scope = get_scope(user)
    if scope.unrestricted:
        return None
    return scope_q(
        scope,
        region="distribution__survey__municipality__region_id",
        municipality="distribution__survey__municipality_id",
        school="school_id",
    )


def survey_results(*, user: Any, survey: Survey, audience: str = "") -> SurveyResults:
    """Counts per question, the satisfied share (responses whose satisfaction mean is at
    least ``satisfied_from``) and the free-text answers, over the responses the user may
    see. Five queries whatever the size."""
    responses = SurveyResponse.objects.filter(distribution__survey=survey)
    q = _response_q(user)
    if q is not None:
        responses = responses.filter(q)
    if audience:
        responses = responses.filter(audience=audience)
    totals = responses.aggregate(
        n=Count("id"),
        rated=Count("id", filter=Q(satisfaction__isnull=False)),
        satisfied=Count("id", filter=Q(satisfaction__gte=survey.satisfied_from)),
    )
    invitations = Invitation.objects.filter(distribution__survey=survey)
    if q is not None:
        invitations = invitations.filter(
            scope_q(
                get_scope(user),
                region="distribution__survey__municipality__region_id",
                municipality="distribution__survey__municipality_id",
                school="school_id",
            )
        )
    if audience:
        invitations = invitations.filter(audience=audience)
    questions = list(survey.questions.all())
    by_q = {qq.pk: QuestionResult(qq) for qq in questions}
    answers = Answer.objects.filter(response__in=responses)
    scale: dict[int, dict[int, int]] = defaultdict(dict)
    for qid, value, n in (
        answers.filter(value__isnull=False)
        .values("question_id", "value")
        .annotate(n=Count("id"))
        .values_list("question_id", "value", "n")
    ):
        scale[qid][value or 0] = n
    means = {
        row["question_id"]: row["m"]
        for row in answers.filter(value__isnull=False)
        .values("question_id")
        .annotate(m=Avg("value"))
    }
    picked: dict[int, int] = defaultdict(int)
    for choice_id, n in (
        answers.filter(choices__isnull=False)
        .values("choices")
        .annotate(n=Count("id"))
        .values_list("choices", "n")
    ):
        picked[choice_id] = n
    texts: dict[int, list[str]] = defaultdict(list)
    for qid, text in (
        answers.exclude(text="").order_by("question_id", "text").values_list("question_id", "text")
    ):
        texts[qid].append(text)
    for qq in questions:
        result = by_q[qq.pk]
        if qq.kind == Question.Kind.SCALE:
            result.counts = [(str(v), scale[qq.pk].get(v, 0)) for v in range(1, 6)]
            result.mean = means.get(qq.pk)
            result.answered = sum(scale[qq.pk].values())
        elif qq.has_choices:
            result.counts = [(c.text, picked.get(c.pk, 0)) for c in qq.choices.all()]
            result.answered = sum(n for _, n in result.counts)
        else:
            result.texts = texts[qq.pk]
            result.answered = len(result.texts)
    return SurveyResults(
        survey=survey,
        responses=totals["n"],
        invited=invitations.count(),
        satisfied=totals["satisfied"],
        rated=totals["rated"],
        questions=[by_q[qq.pk] for qq in questions],
    )


@dataclass(frozen=True)
class SatisfactionRow:
    survey_id: int
    title: str
    kind: str
    municipality: str
    responses: int
    satisfied: int
    target: float

    @property
    def share(self) -> float | None:
        return self.satisfied / self.responses if self.responses else None

    @property
    def meets_target(self) -> bool | None:
        share = self.share
        return None if share is None else share + 1e-9 >= self.target


def satisfaction_summary(
    *, user: Any, municipality_ids: Iterable[int] | None = None, kinds: Iterable[str] = ()
) -> list[SatisfactionRow]:
    """The satisfied share of every survey in scope against its target (one query)."""
    qs = restrict(Survey.objects.all(), user, **SURVEY_PATHS).filter(is_archived=False)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=list(municipality_ids))
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    rows = qs.annotate(
        rated=Count(
            "distributions__responses",
            filter=Q(distributions__responses__satisfaction__isnull=False),
        ),
        happy=Count(
            "distributions__responses",
            filter=Q(distributions__responses__satisfaction__gte=F("satisfied_from")),
        ),
    ).values_list("pk", "title", "kind", "municipality__name", "rated", "happy", "target_share")
    return [
        SatisfactionRow(pk, title, kind, mun, rated, happy, float(target))
        for pk, title, kind, mun, rated, happy, target in rows
    ]


# --- competency growth --------------------------------------------------------------------


@dataclass
class Growth:
    """Mean levels at the start and the end over the competencies assessed at both."""

    key: Any
    label: str
    start: float
    end: float
    count: int

    @property
    def delta(self) -> float:
        return self.end - self.start


def assessment_list(
    *, user: Any, pair_ids: Iterable[int] | None = None
) -> QuerySet[CompetencyAssessment]:
    pairs = pair_list(user=user)
    qs = CompetencyAssessment.objects.filter(pair__in=pairs.values("pk"))
    if pair_ids is not None:
        qs = qs.filter(pair_id__in=list(pair_ids))
    return qs.select_related("competency", "mentee__teacher")


def competency_growth(
    *, user: Any, by: str = "pair", assessor: str = "mentor", pair_ids: Iterable[int] | None = None
) -> list[Growth]:
    """Growth of the request-map competencies per ``pair``, ``school`` (the mentee's) or
    ``municipality`` (the programme's), from the ``assessor``'s levels: for every
    (pair, mentee, competency) assessed at the start and at the end, the mean of each."""
    rows = (
        assessment_list(user=user, pair_ids=pair_ids)
        .filter(assessor=assessor)
        .values_list(
            "pair_id",
            "mentee_id",
            "competency_id",
            "stage",
            "level",
            "mentee__teacher__school_id",
            "mentee__teacher__school__short_name",
            "pair__programme__municipality_id",
            "pair__programme__municipality__name",
        )
    )
    levels: dict[tuple[int, int, int], dict[str, int]] = defaultdict(dict)
    labels: dict[tuple[int, int, int], dict[str, tuple[Any, str]]] = {}
    for pair_id, mentee_id, comp_id, stage, level, school_id, school, mun_id, mun in rows:
        key = (pair_id, mentee_id, comp_id)
        levels[key][stage] = level
        labels[key] = {
            "pair": (pair_id, f"#{pair_id}"),
            "school": (school_id, school),
            "municipality": (mun_id, mun),
        }
    groups: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    names: dict[Any, str] = {}
    for key, stages in levels.items():
        if "start" in stages and "end" in stages:
            gkey, name = labels[key][by]
            groups[gkey].append((stages["start"], stages["end"]))
            names[gkey] = name
    return [
        Growth(
            key=k,
            label=names[k],
            start=sum(s for s, _ in v) / len(v),
            end=sum(e for _, e in v) / len(v),
            count=len(v),
        )
        for k, v in sorted(groups.items(), key=lambda kv: names[kv[0]] or "")
    ]


# --- reports ------------------------------------------------------------------------------


def report_list(*, user: Any) -> QuerySet[MunicipalReport]:
    return restrict(MunicipalReport.objects.select_related("municipality"), user, **SURVEY_PATHS)


def report_get(*, user: Any, pk: int) -> MunicipalReport:
    return get_object_or_404(report_list(user=user), pk=pk)
