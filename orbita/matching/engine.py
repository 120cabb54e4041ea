"""The capacitated assignment engine: most matched candidates first, then the highest score.

Contract (``docs``: shared/specs/matching.md, "The engine"). Candidates ``a`` (mentees or
supported schools), providers ``b`` (mentors or leader schools) with an integer capacity
``≥ 0``, and allowed edges ``(a, b, score)``. ``solve`` returns a set of edges where every
candidate appears at most once and every provider at most ``capacity`` times that first
maximises the number of matched candidates and then the total score.

Algorithm. A min-cost flow with *lexicographic* costs: every candidate sends one unit either
through an edge (cost ``(-1, -w)``) or through its own "unmatched" arc (cost ``(0, 0)``), so
the cheapest flow is the lexicographic optimum itself and no big-M constant is needed. The
number matched is settled first by a maximum-cardinality matching, whose Dulmage–Mendelsohn
split leaves two independent halves (``_split``); each is solved by successive shortest
paths (Dijkstra on reduced weights with node potentials, ``_kernel.route_full``: in a half
every path gains one matched unit, so the weight alone is the key), routed from its
scarce side, the two in parallel threads. Provider slots beyond a provider's number of edges
are never usable and are dropped.

Exactness. Scores are real; the flow runs on integers ``w = round((score - low) / q)`` with
``q = (high - low) / 2**bits`` (``bits`` = 40, fewer only past a million nodes so that no
potential can overflow int64). Shifting every score by ``low`` changes every matching of the
same size by the same amount, so it changes nothing; rounding moves the total of a matching
of ``k`` edges by at most ``k·q/2``. The solution is therefore optimal for the rounded
scores and, among the matchings with the most candidates, its real total is within
``matched·q`` of the real optimum — at most ``matched·(high - low)·2**-40``, i.e. below
``1e-12`` of the total for the scores of matching.md — far inside the specified 1e-6
relative tolerance. Optimality for the rounded problem is *proven*, not assumed: after the
solve, ``certify`` re-checks (a compiled pass of its own, independent of the routing
kernels) that node potentials for the *whole* problem (joined from the halves, see
``_solve_split``) make every residual arc's reduced cost ≥ (0, 0) (a dual certificate: no
negative cycle, so no other assignment is cheaper); ``optimal`` is true only when it holds.

Determinism. Candidates and providers are ordered by id, candidates are routed in an order
that depends only on the instance (least capacity within reach first, ties by id) and
Dijkstra breaks ties by node index: the same instance, given in any order, gives the same
solution; among exactly equal optima, the one this id-based routing reaches.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from orbita.matching import _kernel, _split

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

MAX_BITS = 40
PARALLEL_EDGES = 200_000  # below this, a thread costs more than it saves


@dataclass(frozen=True, slots=True, eq=False)
class Problem:
    """An assignment problem over indices; build it with ``from_edges`` or ``from_arrays``.

    ``candidates`` and ``providers`` are sorted, unique ids; ``edge_candidate`` and
    ``edge_provider`` index them; there is at most one edge per pair.
    """

    candidates: tuple[str, ...]
    providers: tuple[str, ...]
    capacity: IntArray
    edge_candidate: IntArray
    edge_provider: IntArray
    edge_score: FloatArray

    @classmethod
    def from_edges(
        cls,
        candidates: Iterable[str],
        providers: Mapping[str, int],
        edges: Iterable[tuple[str, str, float]],
    ) -> Problem:
        """A problem from ids and ``(candidate, provider, score)`` triples.

        Raises ``ValueError`` on an unknown id, a duplicate id, a negative or non-integer
        capacity, or a score that is not a finite number. Of duplicate edges the best
        score is kept.
        """
        cand = [str(c) for c in candidates]
        prov = [str(p) for p in providers]
        caps = [providers[p] for p in providers]
        cindex = {c: i for i, c in enumerate(cand)}
        pindex = {p: i for i, p in enumerate(prov)}
        if len(cindex) != len(cand):
            raise ValueError("duplicate candidate id")
        ea: list[int] = []
        eb: list[int] = []
        es: list[float] = []
        for a, b, s in edges:
            try:
                ea.append(cindex[str(a)])
            except KeyError:
                raise ValueError(f"edge names an unknown candidate: {a!r}") from None
            try:
                eb.append(pindex[str(b)])
            except KeyError:
                raise ValueError(f"edge names an unknown provider: {b!r}") from None
            es.append(_score(s))
        return cls.from_arrays(
            cand,
            prov,
            np.array([_capacity(c) for c in caps], dtype=np.int64),
            np.array(ea, dtype=np.int64),
            np.array(eb, dtype=np.int64),
            np.array(es, dtype=np.float64),
        )

    @classmethod
    def from_arrays(
        cls,
        candidates: Sequence[str],
        providers: Sequence[str],
        capacity: npt.ArrayLike,
        edge_candidate: npt.ArrayLike,
        edge_provider: npt.ArrayLike,
        edge_score: npt.ArrayLike,
    ) -> Problem:
        """A problem from id lists and parallel arrays (indices into those lists).

        The ids are re-ordered (sorted) and the edges re-indexed and de-duplicated (best
        score kept), so any order of the input gives the same problem. Edge arrays that are
        already in that form (ids in order, edges by candidate, then provider, int64 and
        float64) are used as they are, not copied: do not change them afterwards.
        """
        cand = np.array([str(c) for c in candidates], dtype=object)
        prov = np.array([str(p) for p in providers], dtype=object)
        cap = np.asarray(capacity, dtype=np.int64).reshape(-1)
        ea = np.asarray(edge_candidate, dtype=np.int64).reshape(-1)
        eb = np.asarray(edge_provider, dtype=np.int64).reshape(-1)
        es = np.asarray(edge_score, dtype=np.float64).reshape(-1)
        if len(cap) != len(prov):
            raise ValueError("one capacity per provider is needed")
        if not (len(ea) == len(eb) == len(es)):
            raise ValueError("edge arrays differ in length")
        if len(set(cand.tolist())) != len(cand) or len(set(prov.tolist())) != len(prov):
            raise ValueError("ids must be unique")
        if (cap < 0).any():
            raise ValueError("capacities must be ≥ 0")
        if not np.isfinite(es).all():
            raise ValueError("scores must be finite numbers")
        if len(ea) and (
            ea.min() < 0 or ea.max() >= len(cand) or eb.min() < 0 or eb.max() >= len(prov)
        ):
            raise ValueError("edge index out of range")
        corder = np.argsort(cand.astype(str), kind="stable")
        porder = np.argsort(prov.astype(str), kind="stable")
        crank = np.empty(len(cand), dtype=np.int64)
        crank[corder] = np.arange(len(cand))
        prank = np.empty(len(prov), dtype=np.int64)
        prank[porder] = np.arange(len(prov))
        # ids given in order (the usual case) need no re-indexing: no copy of the edges
        if not _identity(corder):
            ea = crank[ea]
        if not _identity(porder):
            eb = prank[eb]
        # one edge per pair, the best score; edges ordered by candidate, then provider
        if len(ea) > 1 and not _split.rows_sorted(ea, eb):
            key = ea * max(1, len(prov)) + eb
            order = np.lexsort((-es, key))
            key, ea, eb, es = key[order], ea[order], eb[order], es[order]
            first = np.ones(len(key), dtype=bool)
            first[1:] = key[1:] != key[:-1]
            ea, eb, es = ea[first], eb[first], es[first]
        return cls(
            tuple(cand[corder].tolist()),
            tuple(prov[porder].tolist()),
            cap[porder].copy(),
            np.ascontiguousarray(ea),
            np.ascontiguousarray(eb),
            np.ascontiguousarray(es),
        )


@dataclass(frozen=True, slots=True, eq=False)
class Solution:
    """The engine's answer: ``mate[i]`` is the provider index of candidate ``i`` or -1."""

    problem: Problem
    mate: IntArray
    edge_index: IntArray  # the chosen edge per candidate, -1 when unmatched
    matched: int
    total_score: float
    optimal: bool
    error_bound: float = 0.0  # the largest possible shortfall of ``total_score`` (see module doc)
    load: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def pairs(self) -> list[tuple[str, str, float]]:
        """The matched ``(candidate, provider, score)`` triples, by candidate id."""
        p = self.problem
        out = []
        for i in np.flatnonzero(self.mate >= 0).tolist():
            e = int(self.edge_index[i])
            out.append((p.candidates[i], p.providers[int(self.mate[i])], float(p.edge_score[e])))
        return out

    def unmatched(self) -> list[str]:
        """The ids of the candidates left unmatched."""
        return [self.problem.candidates[i] for i in np.flatnonzero(self.mate < 0).tolist()]


def _identity(order: IntArray) -> bool:
    return bool((order == np.arange(len(order))).all())


def _score(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"score must be a number: {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"score must be finite: {value!r}")
    return result


def _capacity(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ValueError(f"capacity must be an integer: {value!r}")
    if value < 0:
        raise ValueError(f"capacity must be ≥ 0: {value!r}")
    return int(value)


@dataclass(frozen=True, slots=True)
class _Prepared:
    n: int
    m: int
    indptr: IntArray
    nbr: IntArray
    wt: IntArray
    slots: IntArray
    keep: IntArray  # index of each kept edge in the problem's edge arrays
    quantum: float
    order: IntArray  # routing position → candidate index (the CSR rows are in this order)
    cardinal: IntArray  # a maximum-cardinality matching, per routing position (provider or -1)


def _prepare(problem: Problem) -> _Prepared:
    """The usable edges (to providers with capacity) as CSR rows in routing order, with
    integer weights, and a maximum-cardinality matching; a few passes over the edges, no
    sort of them (a ``Problem`` keeps its edges ordered by candidate, then provider)."""
    n = len(problem.candidates)
    m = len(problem.providers)
    cap = problem.capacity
    ea, eb, es = problem.edge_candidate, problem.edge_provider, problem.edge_score
    perm = None
    if not _split.rows_sorted(ea, eb):
        perm = np.lexsort((eb, ea))  # a Problem built by hand: rows by candidate first
        ea, eb, es = ea[perm], eb[perm], es[perm]
    rows, degree, kept, low, high = _split.edge_stats(n, m, ea, eb, es, cap)
    slots = np.minimum(cap, degree).astype(np.int64)

    def routing() -> tuple[IntArray, IntArray, IntArray, IntArray, float, IntArray]:
        return _routing(n, m, rows, kept, degree, eb, es, cap, slots, low, high)

    # How many can be matched (Hopcroft–Karp) needs only the edges in candidate order (a
    # provider without capacity has no slot): on large problems it runs in a thread (the
    # kernel releases the GIL) while the rows are put in routing order.
    if len(eb) >= PARALLEL_EDGES:
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(_split.max_cardinality, n, m, rows, eb, slots)
            indptr, nbr, wt, keep, quantum, order = routing()
            by_id = future.result()
    else:
        by_id = _split.max_cardinality(n, m, rows, eb, slots)
        indptr, nbr, wt, keep, quantum, order = routing()
    if perm is not None:
        keep = perm[keep]
    return _Prepared(n, m, indptr, nbr, wt, slots, keep, quantum, order, by_id[order])


def _routing(
    n: int,
    m: int,
    rows: IntArray,
    kept: IntArray,
    degree: IntArray,
    eb: IntArray,
    es: FloatArray,
    cap: IntArray,
    slots: IntArray,
    low: float,
    high: float,
) -> tuple[IntArray, IntArray, IntArray, IntArray, float, IntArray]:
    """The usable edges as CSR rows in routing order (``indptr``, ``nbr``), their integer
    weights and indices in the edge arrays (``wt``, ``keep``), the weights' quantum and the
    routing order."""
    nodes = n + m + 1
    bits = min(MAX_BITS, 61 - math.ceil(math.log2(2 * nodes + 2)))
    quantum = 0.0
    step = 0.0  # 0: every weight is 0
    factor = 1.0
    if math.isnan(low):  # no usable edge
        low = 0.0
    else:
        if not math.isfinite(high - low):
            factor = max(abs(low), abs(high))
            low, high = low / factor, high / factor  # the same order, no overflow of the span
        span = high - low
        if span > 0:
            step = span / float(2**bits)
            quantum = step * factor
    # Routing order: the candidates with the least capacity within reach first (the sum over
    # their edges of the provider's slots per edge). Any order gives the same optimum; this
    # one leaves fewer long displacement chains for the end (about a quarter less work).
    share = slots / np.maximum(1, degree)
    order = np.argsort(_split.reach(n, rows, eb, share), kind="stable").astype(np.int64)
    # the integer weights w = round((score - low) / step), the rows in routing order
    size = int(kept.sum())
    nbr, wt, keep = (np.empty(size, np.int64) for _ in range(3))
    indptr = _split.usable_rows(n, order, rows, kept, eb, es, cap, factor, low, step, nbr, wt, keep)
    return indptr, nbr, wt, keep, quantum, order


def solve(problem: Problem) -> Solution:
    """Solve ``problem`` exactly (see the module docstring); never raises on a valid problem."""
    prep = _prepare(problem)
    routed, pc, pw = _solve_split(prep)
    optimal = certify(prep, routed, pc, pw)
    if not optimal:  # pragma: no cover - a safety net: the split's certificate always holds
        routed, pc, pw = _solve_whole(prep)
        optimal = certify(prep, routed, pc, pw)
    # per candidate: its mate and the chosen edge (within its CSR row, the one to its mate)
    mate, edge_index = _split.chosen(
        prep.n, prep.order, prep.indptr, prep.nbr, prep.keep, np.asarray(routed, np.int64)
    )
    matched_idx = np.flatnonzero(mate >= 0)
    scores = problem.edge_score[edge_index[matched_idx]]
    total = float(math.fsum(scores.tolist()))
    load = np.bincount(mate[matched_idx], minlength=prep.m).astype(np.int64)
    return Solution(
        problem=problem,
        mate=mate,
        edge_index=edge_index,
        matched=len(matched_idx),
        total_score=total,
        optimal=optimal,
        error_bound=len(matched_idx) * prep.quantum,
        load=load,
    )


def _solve_whole(prep: _Prepared) -> tuple[IntArray, IntArray, IntArray]:
    """Route every candidate through the whole residual graph (one kernel run)."""
    mate, pc, pw = _kernel.ssp(prep.n, prep.m, prep.indptr, prep.nbr, prep.wt, prep.slots)
    return np.asarray(mate, np.int64), np.asarray(pc, np.int64), np.asarray(pw, np.int64)


def _solve_split(prep: _Prepared) -> tuple[IntArray, IntArray, IntArray]:
    """Settle the number matched first, then solve the two halves it leaves (``_split``).

    Returns the assignment and the potentials of the whole problem: the cardinality part
    from the split (``D`` 0, ``A`` -1, ``C`` 1, ``B'`` 0, T 0 makes every arc between the
    halves strictly non-negative) and the weight part from the two halves' own potentials.
    """
    n, m = prep.n, prep.m
    # the split is the same for every maximum matching (Dulmage–Mendelsohn)
    in_d, in_a = _split.split(n, m, prep.indptr, prep.nbr, prep.slots, prep.cardinal)
    mate = np.full(n, -1, np.int64)
    pc = np.zeros(n + m + 1, np.int64)
    pw = np.zeros(n + m + 1, np.int64)
    pc[:n][in_d] = 0
    pc[n : n + m][in_a] = -1

    def matched_half() -> tuple[IntArray, IntArray, tuple[IntArray, ...] | None]:
        # C → B': every candidate of C matched, routed as candidates
        cand, prov, ptr, nbr, wt, slots = _split.matched_part(
            n, m, prep.indptr, prep.nbr, prep.wt, prep.slots, in_d, in_a
        )
        if not len(cand):
            return cand, prov, None
        ones = np.ones(len(cand), np.int64)
        return cand, prov, _kernel.route_full(len(cand), len(prov), ptr, nbr, wt, slots, ones)

    def crowded_half() -> tuple[IntArray, IntArray, tuple[IntArray, ...] | None]:
        # A ← D: every slot of A filled from D, routed as units of the slots, turned around
        dcand, a_prov, uptr, unbr, uwt = _split.crowded_part(
            n, m, prep.indptr, prep.nbr, prep.wt, prep.slots, in_d, in_a
        )
        if not len(a_prov):
            return dcand, a_prov, None
        # the candidates of D numbered by region (the same problem, better locality)
        label, unbr = _split.relabel(len(a_prov), len(dcand), uptr, unbr)
        by_label = np.empty_like(dcand)
        by_label[label] = dcand
        dcand = by_label
        ones = np.ones(len(dcand), np.int64)
        supply = prep.slots[a_prov]
        return (
            dcand,
            a_prov,
            _kernel.route_full(len(a_prov), len(dcand), uptr, unbr, uwt, ones, supply),
        )

    if len(prep.nbr) >= PARALLEL_EDGES:
        # independent halves: the compiled kernels release the GIL, so they run side by side
        with ThreadPoolExecutor(max_workers=2) as pool:
            first = pool.submit(matched_half)
            second = pool.submit(crowded_half)
            (cand, prov, res_c), (dcand, a_prov, res_a) = first.result(), second.result()
    else:
        (cand, prov, res_c), (dcand, a_prov, res_a) = matched_half(), crowded_half()
    rows = len(a_prov)
    if res_c is not None:
        sub, spw, _, _ = res_c  # a failed route fails the certificate
        sub = np.asarray(sub, np.int64)
        spw = np.asarray(spw, np.int64)
        hit = sub >= 0
        mate[cand[hit]] = prov[sub[hit]]
        tw = spw[-1]
        pc[cand] = 1
        pw[cand] = spw[: len(cand)] - tw
        pw[n + prov] = spw[len(cand) : len(cand) + len(prov)] - tw
    if res_a is not None:
        _, spw, held, _ = res_a
        held = np.asarray(held, np.int64)  # per candidate of D (one slot each): its row
        spw = np.asarray(spw, np.int64)
        tw = spw[-1]
        hit = held >= 0
        mate[dcand[hit]] = a_prov[held[hit]]
        pw[dcand] = tw - spw[rows : rows + len(dcand)]
        pw[n + a_prov] = tw - spw[:rows]
    return mate, pc, pw


def certify(prep: _Prepared, mate: IntArray, pc: IntArray, pw: IntArray) -> bool:
    """Check the dual certificate of ``mate`` for the prepared problem (compiled, one pass
    over the edges, independent of the routing kernels).

    Reduced cost of an arc ``x → y`` of cost ``c`` is ``c + π(x) - π(y)`` (pairs, compared
    lexicographically). The flow is optimal when every arc of the residual graph has a
    reduced cost ≥ (0, 0): unused edges and unused "unmatched" arcs forwards, used ones
    backwards (their reduced cost ≤ 0), provider→T arcs forwards while a slot is free and
    backwards while one is taken. Also checks feasibility (capacities, edges exist). On
    large problems the candidates' rows are checked in two threads (the check releases the
    GIL).
    """
    n, m = prep.n, prep.m
    if len(mate) != n or len(pc) != n + m + 1 or len(pw) != n + m + 1:
        return False
    mate = np.ascontiguousarray(mate, dtype=np.int64)
    pc = np.ascontiguousarray(pc, dtype=np.int64)
    pw = np.ascontiguousarray(pw, dtype=np.int64)
    if not _split.certify_providers(n, m, prep.slots, mate, pc, pw):
        return False
    args = (n, m, prep.indptr, prep.nbr, prep.wt, mate, pc, pw)
    if len(prep.nbr) < PARALLEL_EDGES:
        return bool(_split.certify_rows(0, n, *args))
    mid = int(np.searchsorted(prep.indptr, prep.indptr[n] // 2))
    with ThreadPoolExecutor(max_workers=2) as pool:
        parts = list(
            pool.map(lambda r: _split.certify_rows(r[0], r[1], *args), [(0, mid), (mid, n)])
        )
    return all(parts)
