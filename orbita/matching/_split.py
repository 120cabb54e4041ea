"""Split the lexicographic problem in two pure-weight halves (Dulmage–Mendelsohn).

Why: routing every candidate through one residual graph spends most of its time on the last
candidates of the crowded regions, whose searches cross the whole region. The number of
matched candidates can be settled first, and much faster, by a maximum-cardinality
b-matching (Hopcroft–Karp, ``max_cardinality``). Its alternating-path structure then
splits the problem (``split``):

- ``D``: the candidates reachable by an alternating path from a free candidate (the free
  ones included) and ``A``: the providers next to them. Every maximum matching fills every
  slot of ``A`` with a candidate of ``D``, and ``D`` has no edge outside ``A``;
- ``C``: the other candidates (with an edge) and ``B'``: the other providers. Every maximum
  matching matches every candidate of ``C`` to a provider of ``B'``; edges ``C → A`` are
  never used.

So the lexicographic optimum is the best-weight filling of ``A``'s slots from ``D`` together
with the best-weight matching of all of ``C`` into ``B'`` — two independent problems, each
routed from its scarce side: ``A``'s slots (one unit per slot) into ``D``, and ``C`` into
``B'``. Both are solved by the same kernel (``_kernel.route_full``); ``engine.solve`` joins their
potentials into one certificate for the whole problem and checks it (``engine.certify``).

All functions are compiled by Numba when it is installed, like the kernel.
"""

from __future__ import annotations

import numpy as np

from orbita.matching._kernel import _compile


def _edge_stats(n, m, ea, eb, es, cap):
    """One pass over edges ordered by candidate: each candidate's first edge (``rows``, CSR
    pointers over all edges), the usable edges (those to a provider with capacity > 0) per
    provider (``degree``) and per candidate (``kept``), and the lowest and highest usable
    score (``nan`` when there is none)."""
    rows = np.zeros(n + 1, np.int64)
    degree = np.zeros(m, np.int64)
    kept = np.zeros(n, np.int64)
    low = np.inf
    high = -np.inf
    for e in range(len(ea)):
        a = ea[e]
        b = eb[e]
        rows[a + 1] += 1
        if cap[b] > 0:
            degree[b] += 1
            kept[a] += 1
            v = es[e]
            if v < low:
                low = v
            if v > high:
                high = v
    for a in range(n):
        rows[a + 1] += rows[a]
    if high < low:
        low = np.nan
        high = np.nan
    return rows, degree, kept, low, high


edge_stats = _compile(_edge_stats)


def _reach(n, rows, eb, share):
    """Per candidate, the sum of ``share[b]`` over its edges (in edge order)."""
    out = np.zeros(n, np.float64)
    for a in range(n):
        acc = 0.0
        for e in range(rows[a], rows[a + 1]):
            acc += share[eb[e]]
        out[a] = acc
    return out


reach = _compile(_reach)


def _usable_rows(n, order, rows, kept, eb, es, cap, factor, low, step, nbr, wt, keep):
    """The usable edges as CSR rows in ``order`` (each row's own order kept) into ``nbr``,
    with the scores turned into integer weights ``round((score / factor - low) / step)``
    into ``wt`` (0 if ``step`` is 0) and, per kept edge, its index in the edge arrays into
    ``keep`` (the three of length ``kept.sum()``, allocated by the caller: NumPy's large
    allocations fault their pages in faster). Returns the rows' pointers."""
    ptr = np.zeros(n + 1, np.int64)
    for i in range(n):
        ptr[i + 1] = ptr[i] + kept[order[i]]
    for i in range(n):
        r = order[i]
        k = ptr[i]
        for e in range(rows[r], rows[r + 1]):
            b = eb[e]
            if cap[b] <= 0:
                continue
            nbr[k] = b
            wt[k] = np.int64(np.rint((es[e] / factor - low) / step)) if step > 0 else 0
            keep[k] = e
            k += 1
    return ptr


usable_rows = _compile(_usable_rows)


def _chosen(n, order, indptr, nbr, keep, routed):
    """From the routing-order assignment ``routed``: ``mate`` per candidate (provider or -1)
    and the chosen edge (``keep`` of the row's edge to the mate, or -1)."""
    mate = np.full(n, -1, np.int64)
    edge = np.full(n, -1, np.int64)
    for i in range(n):
        b = routed[i]
        if b < 0:
            continue
        c = order[i]
        mate[c] = b
        for e in range(indptr[i], indptr[i + 1]):
            if nbr[e] == b:
                edge[c] = keep[e]
                break
    return mate, edge


chosen = _compile(_chosen)


def _certify_rows(lo, hi, n, m, indptr, nbr, wt, mate, pc, pw):
    """The dual certificate (``engine.certify``) for the arcs that leave candidates
    ``lo..hi-1``: edges and "unmatched" arcs; False also when a mate has no edge."""
    t = n + m
    for a in range(lo, hi):
        b = mate[a]
        if b >= m:
            return False
        found = False
        for e in range(indptr[a], indptr[a + 1]):
            y = nbr[e]
            rc = -1 + pc[a] - pc[n + y]
            rw = -wt[e] + pw[a] - pw[n + y]
            if y == b:
                found = True
                rc = -rc  # a used edge: its backward arc must be non-negative
                rw = -rw
            if rc < 0 or (rc == 0 and rw < 0):
                return False
        if b >= 0 and not found:
            return False
        if indptr[a + 1] > indptr[a]:
            dc = pc[a] - pc[t]
            dw = pw[a] - pw[t]
            if b < 0:
                dc = -dc
                dw = -dw
            if dc < 0 or (dc == 0 and dw < 0):
                return False
    return True


certify_rows = _compile(_certify_rows)


def _certify_providers(n, m, slots, mate, pc, pw):
    """The certificate's provider part: loads within slots, provider → T arcs."""
    t = n + m
    load = np.zeros(m, np.int64)
    for a in range(n):
        b = mate[a]
        if b >= m:
            return False
        if b >= 0:
            load[b] += 1
    for b in range(m):
        if load[b] > slots[b]:
            return False
        bc = pc[n + b] - pc[t]
        bw = pw[n + b] - pw[t]
        if load[b] < slots[b] and (bc < 0 or (bc == 0 and bw < 0)):
            return False
        if load[b] > 0 and (bc > 0 or (bc == 0 and bw > 0)):
            return False
    return True


certify_providers = _compile(_certify_providers)


def _rows_sorted(ea, eb):
    """Whether the edges are ordered by candidate, then provider, without repeats."""
    for e in range(1, len(ea)):
        if ea[e] < ea[e - 1] or (ea[e] == ea[e - 1] and eb[e] <= eb[e - 1]):
            return False
    return True


rows_sorted = _compile(_rows_sorted)


def _max_cardinality(n, m, indptr, nbr, slots):
    """A maximum-cardinality b-matching: ``mate`` per candidate (provider or -1).

    A greedy start (each candidate takes its first provider with a free slot), then
    Hopcroft–Karp phases: a breadth-first search from all free candidates builds the layers
    of shortest augmenting paths (each provider's owners are layered once per phase), a
    depth-first search augments along vertex-disjoint ones (a provider whose owners all
    failed for a layer is skipped by the rest of that layer in the phase).
    """
    inf = np.iinfo(np.int64).max
    mate = np.full(n, -1, np.int64)
    load = np.zeros(m, np.int64)
    sstart = np.zeros(m + 1, np.int64)
    for b in range(m):
        sstart[b + 1] = sstart[b] + slots[b]
    owner = np.full(sstart[m], -1, np.int64)
    mslot = np.full(n, -1, np.int64)
    for a in range(n):
        for e in range(indptr[a], indptr[a + 1]):
            b = nbr[e]
            if load[b] < slots[b]:
                s = sstart[b] + load[b]
                owner[s] = a
                mslot[a] = s
                mate[a] = b
                load[b] += 1
                break
    dist = np.empty(n, np.int64)
    queue = np.empty(n, np.int64)
    seen = np.zeros(m, np.int64)  # BFS: the last phase that reached each provider
    failed = np.zeros(m, np.int64)  # DFS: the last phase in which b was found useless …
    failed_layer = np.zeros(m, np.int64)  # … for the candidates of this layer
    phase = 0
    it = np.empty(n, np.int64)  # DFS: the next edge of each candidate
    ik = np.empty(n, np.int64)  # DFS: the next owner slot of that edge's provider
    stack = np.empty(n, np.int64)
    via = np.empty(n, np.int64)  # DFS: the slot through which stack[i + 1] was reached
    while True:
        phase += 1
        head = 0
        tail = 0
        for a in range(n):
            if mate[a] < 0 and indptr[a + 1] > indptr[a]:
                dist[a] = 0
                queue[tail] = a
                tail += 1
            else:
                dist[a] = inf
        limit = inf
        while head < tail:
            x = queue[head]
            head += 1
            if dist[x] >= limit:
                break
            for e in range(indptr[x], indptr[x + 1]):
                b = nbr[e]
                if load[b] < slots[b]:
                    if limit == inf:
                        limit = dist[x]
                    continue
                if seen[b] == phase:
                    continue  # its owners have their layer already
                seen[b] = phase
                for s in range(sstart[b], sstart[b + 1]):
                    y = owner[s]
                    if dist[y] == inf:
                        dist[y] = dist[x] + 1
                        queue[tail] = y
                        tail += 1
        if limit == inf:
            break
        for a in range(n):
            it[a] = indptr[a]
            ik[a] = -1
        for a0 in range(n):
            if mate[a0] >= 0 or dist[a0] != 0:
                continue
            depth = 0
            stack[0] = a0
            found = -1
            while depth >= 0:
                x = stack[depth]
                advanced = False
                while it[x] < indptr[x + 1]:
                    b = nbr[it[x]]
                    if dist[x] == limit:
                        if load[b] < slots[b]:
                            found = b
                            break
                        it[x] += 1
                        continue
                    if ik[x] < 0:
                        if failed[b] == phase and failed_layer[b] == dist[x]:
                            it[x] += 1  # no owner of b is a live next layer any more
                            continue
                        ik[x] = sstart[b]
                    while ik[x] < sstart[b + 1]:
                        s = ik[x]
                        ik[x] += 1
                        y = owner[s]
                        if y >= 0 and y != x and dist[y] == dist[x] + 1:
                            via[depth] = s
                            depth += 1
                            stack[depth] = y
                            advanced = True
                            break
                    if advanced:
                        break
                    # owners only ever leave the next layer (dead ends, augmented), so b
                    # stays useless for this layer for the rest of the phase
                    failed[b] = phase
                    failed_layer[b] = dist[x]
                    it[x] += 1
                    ik[x] = -1
                if found >= 0:
                    break
                if not advanced:
                    dist[x] = inf  # a dead end for the rest of this phase
                    depth -= 1
            if found < 0:
                continue
            # augment: the last candidate takes a free slot of ``found`` (slots fill from the
            # front and are never emptied here); each earlier one takes the slot that the
            # next one held
            b = found
            s = sstart[b] + load[b]
            load[b] += 1
            for k in range(depth, -1, -1):
                x = stack[k]
                before = mate[x]
                owner[s] = x
                mslot[x] = s
                mate[x] = b
                dist[x] = inf  # each candidate on one path per phase
                if k > 0:
                    s = via[k - 1]
                    b = before
    return mate


max_cardinality = _compile(_max_cardinality)


def _split(n, m, indptr, nbr, slots, mate):
    """``in_d`` (candidates) and ``in_a`` (providers) of a maximum matching ``mate``."""
    start = np.zeros(m + 1, np.int64)
    for a in range(n):
        if mate[a] >= 0:
            start[mate[a] + 1] += 1
    for b in range(m):
        start[b + 1] += start[b]
    fill = start[:m].copy()
    owners = np.empty(start[m], np.int64)
    for a in range(n):
        b = mate[a]
        if b >= 0:
            owners[fill[b]] = a
            fill[b] += 1
    in_d = np.zeros(n, np.bool_)
    in_a = np.zeros(m, np.bool_)
    queue = np.empty(n, np.int64)
    head = 0
    tail = 0
    for a in range(n):
        if mate[a] < 0 and indptr[a + 1] > indptr[a]:
            in_d[a] = True
            queue[tail] = a
            tail += 1
    while head < tail:
        x = queue[head]
        head += 1
        for e in range(indptr[x], indptr[x + 1]):
            b = nbr[e]
            if in_a[b]:
                continue
            in_a[b] = True
            for k in range(start[b], start[b + 1]):
                y = owners[k]
                if not in_d[y]:
                    in_d[y] = True
                    queue[tail] = y
                    tail += 1
    return in_d, in_a


split = _compile(_split)


def _matched_part(n, m, indptr, nbr, wt, slots, in_d, in_a):
    """The ``C → B'`` problem: the candidates outside ``D`` that have an edge, the providers
    outside ``A`` and the edges between them (rows in the original order)."""
    pmap = np.full(m, -1, np.int64)
    npv = 0
    for b in range(m):
        if not in_a[b]:
            pmap[b] = npv
            npv += 1
    prov = np.empty(npv, np.int64)
    sub_slots = np.empty(npv, np.int64)
    for b in range(m):
        if pmap[b] >= 0:
            prov[pmap[b]] = b
            sub_slots[pmap[b]] = slots[b]
    nc = 0
    ne = 0
    for a in range(n):
        if not in_d[a] and indptr[a + 1] > indptr[a]:
            nc += 1
            for e in range(indptr[a], indptr[a + 1]):
                if pmap[nbr[e]] >= 0:
                    ne += 1
    cand = np.empty(nc, np.int64)
    sub_ptr = np.zeros(nc + 1, np.int64)
    sub_nbr = np.empty(ne, np.int64)
    sub_wt = np.empty(ne, np.int64)
    i = 0
    k = 0
    for a in range(n):
        if not in_d[a] and indptr[a + 1] > indptr[a]:
            cand[i] = a
            for e in range(indptr[a], indptr[a + 1]):
                y = pmap[nbr[e]]
                if y >= 0:
                    sub_nbr[k] = y
                    sub_wt[k] = wt[e]
                    k += 1
            i += 1
            sub_ptr[i] = k
    return cand, prov, sub_ptr, sub_nbr, sub_wt, sub_slots


matched_part = _compile(_matched_part)


def _crowded_part(n, m, indptr, nbr, wt, slots, in_d, in_a):
    """The ``A ← D`` problem turned around: one row per provider of ``A``, sending one unit
    per slot, with the provider's edges to ``D`` (candidates ascending); the candidates of
    ``D`` are its "providers", one slot each. Returns the candidates of ``D``, the providers
    of ``A`` (one per row, the fewest candidates per slot first) and the rows' CSR."""
    cmap = np.full(n, -1, np.int64)
    nd = 0
    for a in range(n):
        if in_d[a]:
            cmap[a] = nd
            nd += 1
    cand = np.empty(nd, np.int64)
    for a in range(n):
        if cmap[a] >= 0:
            cand[cmap[a]] = a
    degree = np.zeros(m, np.int64)
    for a in range(n):
        if in_d[a]:
            for e in range(indptr[a], indptr[a + 1]):
                degree[nbr[e]] += 1  # every edge of D leads into A
    nr = 0
    for b in range(m):
        if in_a[b]:
            nr += 1
    rows = np.empty(nr, np.int64)
    ratio = np.empty(nr, np.float64)
    r = 0
    for b in range(m):
        if in_a[b]:
            rows[r] = b
            ratio[r] = degree[b] / slots[b]
            r += 1
    # the providers with the fewest candidates per slot first: that leaves the fewest long
    # displacement chains for the end (a quarter less work than by id)
    rows = rows[np.argsort(ratio, kind="mergesort")]
    rmap = np.full(m, -1, np.int64)
    ptr = np.zeros(nr + 1, np.int64)
    for r in range(nr):
        rmap[rows[r]] = r
        ptr[r + 1] = ptr[r] + degree[rows[r]]
    fill = ptr[:nr].copy()
    tnbr = np.empty(ptr[nr], np.int64)
    twt = np.empty(ptr[nr], np.int64)
    for a in range(n):
        if in_d[a]:
            for e in range(indptr[a], indptr[a + 1]):
                r = rmap[nbr[e]]
                tnbr[fill[r]] = cmap[a]
                twt[fill[r]] = wt[e]
                fill[r] += 1
    return cand, rows, ptr, tnbr, twt


crowded_part = _compile(_crowded_part)


def _relabel(n, m, ptr, nbr):
    """New numbers for the columns ``0..m-1`` of a CSR matrix (``n`` rows), in breadth-first
    order over column → row → column, and the matrix's column indices renumbered.

    Columns that share rows get nearby numbers, so a search that moves through one region
    touches nearby entries of its per-column arrays (about a tenth less time routing
    ``A ← D``, whose columns, the candidates of ``D``, come in id order, not by region).
    Returns ``label`` (old → new) and the renumbered column indices.
    """
    start = np.zeros(m + 1, np.int64)
    for e in range(ptr[n]):
        start[nbr[e] + 1] += 1
    for b in range(m):
        start[b + 1] += start[b]
    fill = start[:m].copy()
    rows = np.empty(ptr[n], np.int64)
    for a in range(n):
        for e in range(ptr[a], ptr[a + 1]):
            b = nbr[e]
            rows[fill[b]] = a
            fill[b] += 1
    label = np.full(m, -1, np.int64)
    seen = np.zeros(n, np.bool_)
    queue = np.empty(m, np.int64)
    count = 0
    head = 0
    for first in range(m):
        if label[first] >= 0:
            continue
        label[first] = count
        queue[count] = first
        count += 1
        while head < count:
            b = queue[head]
            head += 1
            for k in range(start[b], start[b + 1]):
                a = rows[k]
                if seen[a]:
                    continue
                seen[a] = True
                for e in range(ptr[a], ptr[a + 1]):
                    y = nbr[e]
                    if label[y] < 0:
                        label[y] = count
                        queue[count] = y
                        count += 1
    out = np.empty(ptr[n], np.int64)
    for e in range(ptr[n]):
        out[e] = label[nbr[e]]
    return label, out


relabel = _compile(_relabel)
