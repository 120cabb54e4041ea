"""§9 of ``methodology.md``: did the support help?

For the supported schools whose partnership started in year ``Y0``, the outcome is the
composite ``C`` (§3, each year against that year's population): ``pre`` = the mean of
``C`` over the two years before ``Y0`` (those of them where it is defined), ``post`` = the
mean over ``Y0`` and every later year in the data. The comparison group is the schools
never supported that fall in an adversity tertile of a supported school and have both
``pre`` and ``post``. Effect = mean(post − pre | supported) − mean(post − pre | comparison),
with a percentile interval from ``bootstrap_resamples`` (2,000) resamples of schools drawn
with replacement within each group by Python's ``random.Random(seed)``, so the same data
and seed give the same interval on every machine. Below ``min_impact_group`` (5) schools in
either group the answer is "too few schools to judge".

Readings made here (the methodology leaves them open):

- the adversity index is the one of ``identify`` for year ``Y0`` (the latest context row
  up to ``Y0``), and tertiles are rank-based like every cut-off of §3: of ``n`` schools with
  a defined index sorted ascending (ties by code), the first ``ceil(n/3)`` are tertile 1,
  up to ``ceil(2n/3)`` tertile 2, the rest tertile 3;
- a supported school without ``pre``, ``post`` or index is left out of the estimate and
  listed in ``excluded`` with the reason;
- the interval's bounds are the order statistics ``ceil(α/2·B)`` and ``ceil((1−α/2)·B)``
  (1-based) of the ``B`` resampled effects, ``α = 1 − confidence``.
"""

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, fsum
from typing import Literal

from orbita.analytics._text import fmt_number, gettext_noop, plural
from orbita.analytics.frames import Table, results_frame
from orbita.analytics.identification import composites, compute, valid_records, z_scores
from orbita.analytics.params import Params


@dataclass(frozen=True, slots=True)
class ImpactEstimate:
    """The impact estimate of §9 and everything needed to read it."""

    start_year: int
    status: Literal["estimated", "too_few"]
    text: str
    supported: int  # group sizes
    comparison: int
    effect: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    mean_change_supported: float | None = None
    mean_change_comparison: float | None = None
    confidence: float = 0.95
    resamples: int = 2000
    seed: int = 0
    supported_codes: tuple[str, ...] = ()
    comparison_codes: tuple[str, ...] = ()
    excluded: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The estimate in one line of plain words, for a dashboard tile or a report.

        «эффект +0,21 σ, 95 % интервал от 0,05 до 0,38; 14 школ против 41» (σ: the composite
        is in standard deviations of the population), or «слишком мало школ для вывода: 4
        школы против 6».
        """
        groups = gettext_noop("{supported} {schools} против {comparison}").format(
            supported=self.supported,
            schools=plural(self.supported, *SCHOOL_FORMS),
            comparison=self.comparison,
        )
        if self.status != "estimated" or self.effect is None:
            return gettext_noop("слишком мало школ для вывода: {groups}").format(groups=groups)
        assert self.ci_low is not None and self.ci_high is not None
        return gettext_noop(
            "эффект {effect} σ, {confidence} % интервал от {low} до {high}; {groups}"
        ).format(
            effect=fmt_signed(self.effect),
            confidence=fmt_number(self.confidence * 100, 0),
            low=fmt_number(self.ci_low),
            high=fmt_number(self.ci_high),
            groups=groups,
        )


SCHOOL_FORMS = (gettext_noop("школа"), gettext_noop("школы"), gettext_noop("школ"))


def fmt_signed(value: float) -> str:
    """``0.214`` → ``"+0,21"``, ``-0.05`` → ``"-0,05"``, a value rounding to zero → ``"0,00"``."""
    text = fmt_number(value)
    return text if text.startswith("-") or text.strip("0,") == "" else "+" + text


def tertiles(index: Mapping[str, float | None]) -> dict[str, int]:
    """Rank-based adversity tertiles (1 = least adverse) of the schools with an index."""
    ranked = sorted(((v, code) for code, v in index.items() if v is not None))
    n = len(ranked)
    first, second = ceil(Fraction(n, 3)), ceil(Fraction(2 * n, 3))
    return {
        code: 1 if rank <= first else 2 if rank <= second else 3
        for rank, (_, code) in enumerate(ranked, start=1)
    }


def _mean(values: Sequence[float]) -> float:
    return fsum(values) / len(values)


def _changes(
    outcome: Mapping[str, Mapping[int, float]], codes: Iterable[str], start_year: int
) -> tuple[dict[str, float], dict[str, str]]:
    """``post − pre`` per school, and why a school has none."""
    changes, missing = {}, {}
    for code in codes:
        by_year = outcome.get(code, {})
        pre = [c for y, c in by_year.items() if start_year - 2 <= y < start_year]
        post = [c for y, c in by_year.items() if y >= start_year]
        if not pre:
            missing[code] = gettext_noop("нет сводного показателя за два года до начала поддержки")
        elif not post:
            missing[code] = gettext_noop("нет сводного показателя с начала поддержки")
        else:
            changes[code] = _mean(post) - _mean(pre)
    return changes, missing


def bootstrap_interval(
    supported: Sequence[float], comparison: Sequence[float], params: Params
) -> tuple[float, float]:
    """The percentile interval of the effect over seeded resamples of schools."""
    rng = random.Random(params.seed)  # noqa: S311 - repeatable resampling, not secrecy
    effects = sorted(
        _mean(rng.choices(supported, k=len(supported)))
        - _mean(rng.choices(comparison, k=len(comparison)))
        for _ in range(params.bootstrap_resamples)
    )
    half_alpha = (1 - Fraction(repr(params.confidence))) / 2
    b = params.bootstrap_resamples
    low = max(ceil(half_alpha * b), 1)
    high = min(ceil((1 - half_alpha) * b), b)
    return effects[low - 1], effects[high - 1]


def composite_by_year(results: Table, params: Params) -> dict[str, dict[int, float]]:
    """``C`` of every school in every year of ``results`` where it is defined (§3)."""
    frame = valid_records(results_frame(results).rename({"school_code": "code"}), params)
    table = composites(z_scores(frame, params), params).drop_nulls("composite").collect()
    outcome: dict[str, dict[int, float]] = {}
    for code, year, value in table.select("code", "year", "composite").iter_rows():
        outcome.setdefault(code, {})[year] = value
    return outcome


def impact(
    results: Table,
    *,
    supported: Iterable[str],
    start_year: int,
    other_supported: Iterable[str] = (),
    context: Table | None = None,
    schools: Table | None = None,
    adversity: Mapping[str, float | None] | None = None,
    params: Params | None = None,
) -> ImpactEstimate:
    """§9: the effect of support that started in ``start_year`` on the supported schools.

    ``supported``: codes of the schools whose partnership started in ``start_year``;
    ``other_supported``: schools supported at any other time, which are never in the
    comparison group. ``adversity`` overrides the index computed from ``context`` and
    ``schools`` for ``start_year``.
    """
    params = params or Params()
    frame = results_frame(results)
    if adversity is None:
        table = compute(
            frame, year=start_year, context=context, schools=schools, params=params, check=False
        ).schools
        adversity = dict(table.select("code", "adversity_index").iter_rows())
    tertile = tertiles(adversity)
    outcome = composite_by_year(frame, params)

    supported = sorted(set(supported))
    excluded: dict[str, str] = {}
    changes_s, missing = _changes(outcome, supported, start_year)
    excluded |= missing
    for code in list(changes_s):
        if code not in tertile:
            excluded[code] = gettext_noop("индекс неблагоприятных условий не определён")
            del changes_s[code]
    strata = {tertile[code] for code in changes_s}
    never = set(outcome) - set(supported) - set(other_supported)
    candidates = sorted(code for code in never if tertile.get(code) in strata)
    changes_c, _ = _changes(outcome, candidates, start_year)

    ds, dc = list(changes_s.values()), list(changes_c.values())
    base = {
        "start_year": start_year,
        "supported": len(ds),
        "comparison": len(dc),
        "confidence": params.confidence,
        "resamples": params.bootstrap_resamples,
        "seed": params.seed,
        "supported_codes": tuple(changes_s),
        "comparison_codes": tuple(changes_c),
        "excluded": dict(sorted(excluded.items())),
    }
    if min(len(ds), len(dc)) < params.min_impact_group:
        text = gettext_noop(
            "Слишком мало школ для вывода: поддержанных {supported}, для сравнения "
            "{comparison} (нужно не меньше {needed} в каждой группе)."
        ).format(supported=len(ds), comparison=len(dc), needed=params.min_impact_group)
        return ImpactEstimate(status="too_few", text=text, **base)  # type: ignore[arg-type]
    mean_s, mean_c = _mean(ds), _mean(dc)
    effect = mean_s - mean_c
    low, high = bootstrap_interval(ds, dc, params)
    if low > 0:
        conclusion = gettext_noop("результаты поддержанных школ выросли сильнее, чем у похожих")
    elif high < 0:
        conclusion = gettext_noop("результаты поддержанных школ отстали от похожих")
    else:
        conclusion = gettext_noop("различие с похожими школами не доказано")
    text = gettext_noop(
        "Сводный показатель поддержанных школ ({supported}) изменился на {mean_s}, похожих "
        "школ без поддержки ({comparison}) — на {mean_c}: эффект {effect}, {confidence} % "
        "интервал от {low} до {high}; {conclusion}."
    ).format(
        supported=len(ds),
        comparison=len(dc),
        mean_s=fmt_number(mean_s),
        mean_c=fmt_number(mean_c),
        effect=fmt_number(effect),
        confidence=fmt_number(params.confidence * 100, 0),
        low=fmt_number(low),
        high=fmt_number(high),
        conclusion=conclusion,
    )
    return ImpactEstimate(
        status="estimated",
        text=text,
        effect=effect,
        ci_low=low,
        ci_high=high,
        mean_change_supported=mean_s,
        mean_change_comparison=mean_c,
        **base,  # type: ignore[arg-type]
    )


__all__ = [
    "ImpactEstimate",
    "bootstrap_interval",
    "composite_by_year",
    "fmt_signed",
    "impact",
    "tertiles",
]
