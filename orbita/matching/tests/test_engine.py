"""The engine against brute force, and its contract: lexicographic, exact, deterministic."""

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbita.matching.engine import Problem, _prepare, certify, solve


def brute_force(candidates, providers, edges):
    """(most matched, best total) over every assignment, by enumeration."""
    options = {c: [None] for c in candidates}
    for a, b, s in edges:
        options[a].append((b, s))
    best = (0, 0.0)
    for choice in itertools.product(*(options[c] for c in candidates)):
        load = {}
        ok = True
        for pick in choice:
            if pick is not None:
                load[pick[0]] = load.get(pick[0], 0) + 1
                if load[pick[0]] > providers[pick[0]]:
                    ok = False
                    break
        if not ok:
            continue
        picked = [p for p in choice if p is not None]
        value = (len(picked), sum(s for _, s in picked))
        if value[0] > best[0] or (value[0] == best[0] and value[1] > best[1] + 1e-9):
            best = value
    return best


def random_instance(rng, integer_scores=False):
    n = rng.randint(1, 7)
    m = rng.randint(1, 4)
    candidates = [f"a{i}" for i in range(n)]
    providers = {f"b{j}": rng.randint(0, 3) for j in range(m)}
    edges = []
    for a in candidates:
        for b in providers:
            if rng.random() < 0.45:
                score = rng.randint(0, 4) if integer_scores else round(rng.uniform(-1, 5), 3)
                edges.append((a, b, score))
    return candidates, providers, edges


def check_against_brute_force(candidates, providers, edges):
    solution = solve(Problem.from_edges(candidates, providers, edges))
    matched, total = brute_force(candidates, providers, edges)
    assert solution.optimal
    assert solution.matched == matched
    assert solution.total_score == pytest.approx(total, rel=1e-6, abs=1e-9)
    load = {}
    for a, b, s in solution.pairs():
        load[b] = load.get(b, 0) + 1
        assert (a, b, s) in set(edges) or any(e[:2] == (a, b) for e in edges)
    assert all(load[b] <= providers[b] for b in load)


@pytest.mark.parametrize("seed", range(150))
def test_exact_on_random_instances(seed):
    rng = random.Random(seed)
    check_against_brute_force(*random_instance(rng, integer_scores=seed % 2 == 0))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 3), st.sampled_from([0.0, 1.0, 1.5, 2.0, 2.5])),
        max_size=14,
    ),
    st.lists(st.integers(0, 2), min_size=4, max_size=4),
)
def test_exact_with_ties_hypothesis(raw_edges, caps):
    candidates = [f"a{i}" for i in range(6)]
    providers = {f"b{j}": caps[j] for j in range(4)}
    seen = set()
    edges = []
    for a, b, s in raw_edges:
        if (a, b) not in seen:
            seen.add((a, b))
            edges.append((f"a{a}", f"b{b}", s))
    check_against_brute_force(candidates, providers, edges)


def test_more_matched_beats_higher_score():
    # a1 alone on b1 scores 10; a1→b2 and a2→b1 score 2 in all but match two
    edges = [("a1", "b1", 10.0), ("a1", "b2", 1.0), ("a2", "b1", 1.0)]
    solution = solve(Problem.from_edges(["a1", "a2"], {"b1": 1, "b2": 1}, edges))
    assert solution.matched == 2
    assert solution.total_score == pytest.approx(2.0)
    assert sorted(solution.pairs()) == [("a1", "b2", 1.0), ("a2", "b1", 1.0)]


def test_long_augmenting_chain_is_found():
    # a chain where matching everyone needs every candidate to shift
    n = 6
    edges = [(f"a{i}", f"b{i}", 9.0) for i in range(n)]
    edges += [(f"a{i + 1}", f"b{i}", 1.0) for i in range(n - 1)]
    edges += [("a0", "bx", 0.5)]
    providers = {f"b{i}": 1 for i in range(n)} | {"bx": 1}
    candidates = [f"a{i}" for i in range(n)] + ["a_extra"]
    edges += [("a_extra", f"b{n - 1}", 0.1)]
    check_against_brute_force(candidates, providers, edges)


def test_zero_capacity_and_disconnected_components():
    candidates = ["a1", "a2", "a3", "a4"]
    providers = {"b1": 0, "b2": 1, "b3": 2}
    edges = [("a1", "b1", 5.0), ("a2", "b2", 1.0), ("a3", "b3", 2.0), ("a4", "b3", 3.0)]
    solution = solve(Problem.from_edges(candidates, providers, edges))
    assert solution.matched == 3
    assert solution.unmatched() == ["a1"]
    check_against_brute_force(candidates, providers, edges)


def test_empty_problems():
    assert solve(Problem.from_edges([], {}, [])).matched == 0
    solution = solve(Problem.from_edges(["a"], {"b": 1}, []))
    assert solution.matched == 0 and solution.optimal and solution.unmatched() == ["a"]


def test_deterministic_and_independent_of_input_order():
    rng = random.Random(7)
    n, m = 40, 15
    candidates = [f"a{i:02d}" for i in range(n)]
    providers = {f"b{j:02d}": rng.randint(0, 3) for j in range(m)}
    edges = [
        (a, b, float(rng.choice([1, 2, 3])))  # many ties
        for a in candidates
        for b in providers
        if rng.random() < 0.2
    ]
    first = solve(Problem.from_edges(candidates, providers, edges)).pairs()
    for _ in range(3):
        rng.shuffle(candidates)
        rng.shuffle(edges)
        shuffled = dict(rng.sample(sorted(providers.items()), len(providers)))
        assert solve(Problem.from_edges(candidates, shuffled, edges)).pairs() == first


def test_duplicate_edges_keep_the_best_score():
    edges = [("a", "b", 1.0), ("a", "b", 3.0)]
    solution = solve(Problem.from_edges(["a"], {"b": 1}, edges))
    assert solution.pairs() == [("a", "b", 3.0)]


@pytest.mark.parametrize(
    ("candidates", "providers", "edges"),
    [
        (["a"], {"b": 1}, [("x", "b", 1.0)]),
        (["a"], {"b": 1}, [("a", "x", 1.0)]),
        (["a"], {"b": -1}, []),
        (["a"], {"b": 1.5}, []),
        (["a"], {"b": 1}, [("a", "b", float("nan"))]),
        (["a"], {"b": 1}, [("a", "b", "high")]),
        (["a", "a"], {"b": 1}, []),
    ],
)
def test_invalid_problems_are_rejected(candidates, providers, edges):
    with pytest.raises(ValueError):
        Problem.from_edges(candidates, providers, edges)


def test_certificate_rejects_a_suboptimal_assignment():
    edges = [("a1", "b1", 5.0), ("a2", "b1", 1.0), ("a2", "b2", 1.0)]
    problem = Problem.from_edges(["a1", "a2"], {"b1": 1, "b2": 1}, edges)
    prep = _prepare(problem)
    from orbita.matching import _kernel

    mate, pc, pw = _kernel.ssp(prep.n, prep.m, prep.indptr, prep.nbr, prep.wt, prep.slots)
    mate = np.asarray(mate)
    assert certify(prep, mate, np.asarray(pc), np.asarray(pw))
    worse = mate.copy()
    worse[0], worse[1] = -1, 0  # a1 unmatched, a2 on b1: fewer points
    assert not certify(prep, worse, np.asarray(pc), np.asarray(pw))
    over = np.array([0, 0])  # b1 twice
    assert not certify(prep, over, np.asarray(pc), np.asarray(pw))


def test_real_scores_within_tolerance_of_float_brute_force():
    rng = random.Random(3)
    for _ in range(20):
        candidates, providers, edges = random_instance(rng)
        edges = [(a, b, s * 1234.5678 + 1e-7 * rng.random()) for a, b, s in edges]
        check_against_brute_force(candidates, providers, edges)


def test_extreme_scores():
    edges = [("a1", "b1", 1e308), ("a1", "b2", -1e308), ("a2", "b2", 1e-300)]
    solution = solve(Problem.from_edges(["a1", "a2"], {"b1": 1, "b2": 1}, edges))
    assert solution.optimal and solution.matched == 2
    assert sorted(solution.pairs())[0][:2] == ("a1", "b1")


def _larger_instance(rng, n, m, density):
    candidates = [f"a{i:03d}" for i in range(n)]
    providers = {f"b{j:03d}": rng.randint(0, 3) for j in range(m)}
    edges = [
        (a, b, round(rng.uniform(0, 5), 2))
        for a in candidates
        for b in providers
        if rng.random() < density
    ]
    return Problem.from_edges(candidates, providers, edges)


@pytest.mark.parametrize("seed", range(40))
def test_the_split_certifies_itself_and_equals_the_whole_route(seed):
    """The two halves (``_split``) carry their own certificate — the safety net of ``solve``
    (routing the whole problem) is never what makes the answer optimal — and reach the same
    optimum as routing every candidate through the whole graph."""
    from orbita.matching.engine import _solve_split, _solve_whole

    rng = random.Random(seed)
    problem = _larger_instance(rng, rng.randint(5, 60), rng.randint(2, 30), rng.uniform(0.03, 0.3))
    prep = _prepare(problem)
    mate, pc, pw = _solve_split(prep)
    assert certify(prep, mate, pc, pw)
    whole, wpc, wpw = _solve_whole(prep)
    assert certify(prep, whole, wpc, wpw)
    assert int((mate >= 0).sum()) == int((whole >= 0).sum())

    def weight(assignment):
        ea = np.repeat(np.arange(prep.n), np.diff(prep.indptr))
        return int(prep.wt[assignment[ea] == prep.nbr].sum())

    assert weight(mate) == weight(whole)


def test_maximum_cardinality_finds_the_long_augmenting_paths():
    """Greedy gives a_i the provider b_i and leaves the last candidate, whose only provider
    is b_0, without one: only the chain of n swaps matches everyone."""
    from orbita.matching import _split

    n = 30
    edges = [(f"a{i:02d}", f"b{i + k:02d}", 1.0) for i in range(n - 1) for k in (0, 1)]
    edges.append((f"a{n - 1:02d}", "b00", 1.0))
    problem = Problem.from_edges(
        [f"a{i:02d}" for i in range(n)], {f"b{i:02d}": 1 for i in range(n)}, edges
    )
    prep = _prepare(problem)
    mate = _split.max_cardinality(prep.n, prep.m, prep.indptr, prep.nbr, prep.slots)
    assert sorted(mate.tolist()) == list(range(n))
    ea = np.repeat(np.arange(prep.n), np.diff(prep.indptr))
    assert int((mate[ea] == prep.nbr).sum()) == n  # every mate along an edge
    assert solve(problem).matched == n


def _lex_nonneg(c, w):
    return (c > 0) | ((c == 0) & (w >= 0))


def certify_reference(prep, mate, pc, pw):
    """The dual certificate in plain NumPy (the engine's earlier check): the compiled
    ``certify`` must agree with it."""
    n, m = prep.n, prep.m
    t = n + m
    ea = np.repeat(np.arange(n), np.diff(prep.indptr))
    eb = prep.nbr
    matched = mate >= 0
    if matched.any():
        if mate.max() >= m:
            return False
        used = mate[ea] == eb
        if int(used.sum()) != int(matched.sum()):
            return False
    else:
        used = np.zeros(len(ea), dtype=bool)
    load = np.bincount(mate[matched], minlength=m)
    if (load > prep.slots).any():
        return False
    rc = -1 + pc[ea] - pc[n + eb]
    rw = -prep.wt + pw[ea] - pw[n + eb]
    if not _lex_nonneg(rc[~used], rw[~used]).all():
        return False
    if not _lex_nonneg(-rc[used], -rw[used]).all():
        return False
    has_edge = np.diff(prep.indptr) > 0
    dc = pc[:n] - pc[t]
    dw = pw[:n] - pw[t]
    fwd = has_edge & matched
    back = has_edge & ~matched
    if not _lex_nonneg(dc[fwd], dw[fwd]).all() or not _lex_nonneg(-dc[back], -dw[back]).all():
        return False
    bc = pc[n : n + m] - pc[t]
    bw = pw[n : n + m] - pw[t]
    free = load < prep.slots
    taken = load > 0
    return bool(_lex_nonneg(bc[free], bw[free]).all() and _lex_nonneg(-bc[taken], -bw[taken]).all())


def _tampered(rng, prep, mate, pc, pw):
    """One random change to an optimal solution or its potentials."""
    mate, pc, pw = mate.copy(), pc.copy(), pw.copy()
    kind = rng.randrange(5)
    if kind == 0 and (mate >= 0).any():
        i = rng.choice(np.flatnonzero(mate >= 0).tolist())
        mate[i] = -1  # one fewer matched
    elif kind == 1:
        i = rng.randrange(prep.n)
        mate[i] = rng.randrange(prep.m)  # perhaps no edge, perhaps over capacity
    elif kind == 2:
        pw[rng.randrange(len(pw))] += rng.choice([-1, 1]) * rng.randint(1, 2**40)
    elif kind == 3:
        pc[rng.randrange(len(pc))] += rng.choice([-1, 1])
    else:
        i, j = rng.randrange(prep.n), rng.randrange(prep.n)
        mate[i], mate[j] = mate[j], mate[i]
    return mate, pc, pw


@pytest.mark.parametrize("seed", range(60))
def test_compiled_certificate_agrees_with_the_numpy_reference(seed):
    """The compiled certificate passes the engine's solutions, agrees with the NumPy check on
    tampered ones (both ways), and a tampered solution that changes the objective fails."""
    from orbita.matching.engine import _solve_split

    rng = random.Random(seed)
    problem = _larger_instance(rng, rng.randint(5, 60), rng.randint(2, 30), rng.uniform(0.03, 0.3))
    prep = _prepare(problem)
    mate, pc, pw = _solve_split(prep)
    assert certify(prep, mate, pc, pw) and certify_reference(prep, mate, pc, pw)
    for _ in range(20):
        bad = _tampered(rng, prep, mate, pc, pw)
        assert certify(prep, *bad) == certify_reference(prep, *bad)
    worse = mate.copy()
    if (worse >= 0).any():
        worse[int(np.flatnonzero(worse >= 0)[0])] = -1  # fewer matched: never optimal
        assert not certify(prep, worse, pc, pw)


def test_compiled_certificate_in_two_threads(monkeypatch):
    """The row check split in two threads (large problems) gives the same verdicts."""
    from orbita.matching import engine

    rng = random.Random(11)
    problem = _larger_instance(rng, 200, 60, 0.1)
    prep = _prepare(problem)
    mate, pc, pw = engine._solve_split(prep)
    monkeypatch.setattr(engine, "PARALLEL_EDGES", 1)
    assert certify(prep, mate, pc, pw)
    for _ in range(40):
        bad = _tampered(rng, prep, mate, pc, pw)
        assert certify(prep, *bad) == certify_reference(prep, *bad)


@pytest.mark.parametrize("seed", range(20))
def test_prepare_keeps_the_usable_edges_in_routing_order(seed):
    """The prepared rows are the problem's usable edges (providers with capacity), each row
    in provider order, with the rounded weights; any input order gives the same rows."""
    rng = random.Random(seed)
    problem = _larger_instance(rng, rng.randint(5, 50), rng.randint(2, 20), rng.uniform(0.05, 0.4))
    prep = _prepare(problem)
    span = problem.edge_score.max() - problem.edge_score.min() if len(problem.edge_score) else 0
    for i, c in enumerate(prep.order.tolist()):
        row = slice(prep.indptr[i], prep.indptr[i + 1])
        want = [
            e
            for e in np.flatnonzero(problem.edge_candidate == c).tolist()
            if problem.capacity[problem.edge_provider[e]] > 0
        ]
        assert prep.keep[row].tolist() == want
        assert prep.nbr[row].tolist() == problem.edge_provider[want].tolist()
        if span > 0:
            usable = problem.capacity[problem.edge_provider] > 0
            low = problem.edge_score[usable].min()
            step = (problem.edge_score[usable].max() - low) / 2**40
            if step > 0:
                expect = np.rint((problem.edge_score[want] - low) / step).astype(np.int64)
                assert prep.wt[row].tolist() == expect.tolist()
    # a Problem whose edges are not in order (built by hand) gives the same rows
    perm = np.random.default_rng(seed).permutation(len(problem.edge_score))
    shuffled = Problem(
        problem.candidates,
        problem.providers,
        problem.capacity,
        problem.edge_candidate[perm],
        problem.edge_provider[perm],
        problem.edge_score[perm],
    )
    other = _prepare(shuffled)
    assert other.indptr.tolist() == prep.indptr.tolist()
    assert other.nbr.tolist() == prep.nbr.tolist()
    assert other.wt.tolist() == prep.wt.tolist()
    assert perm[other.keep].tolist() == prep.keep.tolist()


@pytest.mark.parametrize("seed", range(30))
def test_maximum_cardinality_equals_the_whole_route(seed):
    """Hopcroft–Karp (with its per-phase pruning of providers) matches as many as routing
    every candidate through the whole graph, along edges and within capacities."""
    from orbita.matching import _split
    from orbita.matching.engine import _solve_whole

    rng = random.Random(1000 + seed)
    problem = _larger_instance(
        rng, rng.randint(20, 150), rng.randint(5, 40), rng.uniform(0.02, 0.2)
    )
    prep = _prepare(problem)
    mate = _split.max_cardinality(prep.n, prep.m, prep.indptr, prep.nbr, prep.slots)
    whole, _, _ = _solve_whole(prep)
    assert int((mate >= 0).sum()) == int((whole >= 0).sum())
    ea = np.repeat(np.arange(prep.n), np.diff(prep.indptr))
    assert int((mate[ea] == prep.nbr).sum()) == int((mate >= 0).sum())
    assert (np.bincount(mate[mate >= 0], minlength=prep.m) <= prep.slots).all()


@pytest.mark.parametrize("seed", range(10))
def test_threads_give_the_same_solution(seed, monkeypatch):
    """On large problems Hopcroft–Karp, the two halves and the certificate run in threads:
    the same optimal solution as one after the other."""
    from orbita.matching import engine

    rng = random.Random(500 + seed)
    problem = _larger_instance(
        rng, rng.randint(20, 120), rng.randint(5, 40), rng.uniform(0.03, 0.3)
    )
    alone = solve(problem)
    monkeypatch.setattr(engine, "PARALLEL_EDGES", 1)
    threaded = solve(problem)
    assert threaded.optimal and alone.optimal
    assert threaded.pairs() == alone.pairs()


@pytest.mark.parametrize("seed", range(10))
def test_relabel_is_a_renumbering(seed):
    """The columns' new numbers are a permutation and the matrix's entries follow them."""
    from orbita.matching import _split

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 40)), int(rng.integers(1, 30))
    dense = rng.random((n, m)) < 0.15
    ptr = np.concatenate([[0], np.cumsum(dense.sum(axis=1))]).astype(np.int64)
    nbr = np.nonzero(dense)[1].astype(np.int64)
    label, out = _split.relabel(n, m, ptr, nbr)
    assert sorted(label.tolist()) == list(range(m))
    assert out.tolist() == label[nbr].tolist()
