"""§9 reproduced independently: a numpy computation from the raw records gives the engine's numbers.

The computation below shares nothing with the engine but the text of ``methodology.md``
(§1–§3 for the composite, §9 and the readings in ``impact.py`` for the estimate) and the
documented seeding contract of the interval: resamples are drawn by Python's
``random.Random(seed)`` as ``choices`` draws them (index ``floor(random() · n)`` into the
group sorted by school code), first the supported group and then the comparison group of
each resample. Means, deviations, z, the
composite, the groups and the order statistics are all numpy.
"""

import random
from math import ceil, floor

import numpy as np
import pytest

from orbita.analytics import Params, impact
from orbita.analytics.impact import fmt_signed
from orbita.analytics.tests.builders import vpr

START = 2023
YEARS = range(2020, 2025)
SUPPORTED = ["S00", "S04", "S07", "S11", "S15", "S19", "S22", "S26", "S30", "S33"]
OTHER_SUPPORTED = ["S02", "S13"]


def build_region():
    """36 schools over 2020–2024 with noise, small records, a rare test and a flat test."""
    rng = random.Random(7)
    results, adversity = [], {}
    for i in range(36):
        code = f"S{i:02d}"
        adversity[code] = round(rng.random(), 1)  # ties on purpose (ranked by code)
        level = rng.random()
        for year in YEARS:
            gain = 0.25 if code in SUPPORTED and year >= START else 0.0
            for subject, grade in (("math", 5), ("russian", 5), ("math", 6)):
                n = rng.randint(3, 28)  # N < 5 is a record too small to judge
                good = min(1.0, max(0.0, level + gain + rng.uniform(-0.15, 0.15)))
                n5 = round(n * good * 0.4)
                n4 = round((n - n5) * good)
                n2 = round((n - n5 - n4) * (1 - good) * 0.5)
                results.append(vpr(code, year, subject, grade, n2, n - n5 - n4 - n2, n4, n5))
        if i in (3, 9):  # a test only two schools have: z forced to 0
            results += [vpr(code, y, "history", 7, 1, 3, 4, 2) for y in YEARS]
    for code in ("S05", "S06", "S08"):  # three schools, identical marks: sd 0, z forced to 0
        results += [vpr(code, y, "biology", 8, 0, 5, 5, 0) for y in YEARS]
    adversity["S27"] = None  # no index: never in a tertile
    adversity["S33"] = None  # a supported school left out for its index
    return results, adversity


def numpy_estimate(results, adversity, params: Params):
    min_n = params.min_participants
    rows = [r for r in results if r.participants >= min_n]
    marks = np.array([(2 * r.n2 + 3 * r.n3 + 4 * r.n4 + 5 * r.n5) / r.participants for r in rows])
    weights = np.array([r.participants for r in rows], dtype=float)
    keys = [(r.year, r.kind, r.subject, r.grade) for r in rows]
    z = np.zeros(len(rows))
    for key in set(keys):
        members = np.array([k == key for k in keys])
        x = marks[members]
        sd = x.std()  # population standard deviation, each school once
        if members.sum() >= 3 and sd >= 1e-12:
            z[members] = (x - x.mean()) / sd
    composite: dict[str, dict[int, float]] = {}
    for code, year in {(r.school_code, r.year) for r in rows}:
        mine = np.array([r.school_code == code and r.year == year for r in rows])
        if mine.sum() >= 2:
            composite.setdefault(code, {})[year] = float(np.average(z[mine], weights=weights[mine]))

    ranked = sorted((v, c) for c, v in adversity.items() if v is not None)
    n = len(ranked)
    cut1, cut2 = ceil(n / 3), ceil(2 * n / 3)
    tertile = {c: 1 if k <= cut1 else 2 if k <= cut2 else 3 for k, (_, c) in enumerate(ranked, 1)}

    def change(code):
        by_year = composite.get(code, {})
        pre = [v for y, v in by_year.items() if START - 2 <= y < START]
        post = [v for y, v in by_year.items() if y >= START]
        return float(np.mean(post) - np.mean(pre)) if pre and post else None

    supported = {c: change(c) for c in SUPPORTED if change(c) is not None and c in tertile}
    strata = {tertile[c] for c in supported}
    comparison = {
        c: change(c)
        for c in sorted(composite)  # each group in code order, as the resamples index it
        if c not in SUPPORTED
        and c not in OTHER_SUPPORTED
        and tertile.get(c) in strata
        and change(c) is not None
    }
    ds, dc = np.array(list(supported.values())), np.array(list(comparison.values()))
    effect = ds.mean() - dc.mean()

    draw = random.Random(params.seed)  # the documented seeding contract
    b = params.bootstrap_resamples
    effects = np.empty(b)
    for i in range(b):
        s = np.array([floor(draw.random() * len(ds)) for _ in range(len(ds))])
        c = np.array([floor(draw.random() * len(dc)) for _ in range(len(dc))])
        effects[i] = ds[s].mean() - dc[c].mean()
    effects.sort()
    alpha = 1 - params.confidence
    low = effects[max(ceil(round(alpha / 2 * b, 9)), 1) - 1]
    high = effects[min(ceil(round((1 - alpha / 2) * b, 9)), b) - 1]
    return {
        "supported": sorted(supported),
        "comparison": sorted(comparison),
        "mean_s": ds.mean(),
        "mean_c": dc.mean(),
        "effect": effect,
        "low": low,
        "high": high,
    }


@pytest.mark.parametrize("seed", [0, 11])
def test_the_engine_reproduces_an_independent_numpy_computation(seed):
    results, adversity = build_region()
    params = Params(seed=seed)
    expected = numpy_estimate(results, adversity, params)
    estimate = impact(
        results,
        supported=SUPPORTED,
        start_year=START,
        other_supported=OTHER_SUPPORTED,
        adversity=adversity,
        params=params,
    )
    assert estimate.status == "estimated"
    assert sorted(estimate.supported_codes) == expected["supported"]
    assert sorted(estimate.comparison_codes) == expected["comparison"]
    assert (estimate.supported, estimate.comparison) == (
        len(expected["supported"]),
        len(expected["comparison"]),
    )
    assert "S33" not in estimate.supported_codes
    assert estimate.excluded["S33"] == "индекс неблагоприятных условий не определён"
    assert estimate.mean_change_supported == pytest.approx(expected["mean_s"], abs=1e-12)
    assert estimate.mean_change_comparison == pytest.approx(expected["mean_c"], abs=1e-12)
    assert estimate.effect == pytest.approx(expected["effect"], abs=1e-12)
    assert estimate.ci_low == pytest.approx(expected["low"], abs=1e-12)
    assert estimate.ci_high == pytest.approx(expected["high"], abs=1e-12)
    assert estimate.effect > 0  # the supported schools were built to gain


def test_the_summary_in_plain_words():
    results, adversity = build_region()
    estimate = impact(
        results,
        supported=SUPPORTED,
        start_year=START,
        other_supported=OTHER_SUPPORTED,
        adversity=adversity,
    )
    assert estimate.summary == "эффект +0,56 σ, 95 % интервал от 0,32 до 0,85; 9 школ против 23"


def test_the_summary_of_too_few_schools():
    results, adversity = build_region()
    estimate = impact(results, supported=["S00", "S04"], start_year=START, adversity=adversity)
    assert estimate.status == "too_few"
    assert estimate.summary == "слишком мало школ для вывода: 2 школы против 21"


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.214, "+0,21"), (-0.05, "-0,05"), (0.001, "0,00"), (-0.001, "0,00"), (1.0, "+1,00")],
)
def test_fmt_signed(value, text):
    assert fmt_signed(value) == text
