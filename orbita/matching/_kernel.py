"""The successive-shortest-path kernel of the engine (see ``engine.py`` for the contract).

Plain Python over NumPy arrays, compiled by Numba when it is installed (the same code runs
uncompiled otherwise: exact either way, only slower). Costs are pairs compared
lexicographically, ``(cardinality, weight)``: a real edge costs ``(-1, -w)``, so a shortest
path first gains a matched candidate and only then weight; no big-M constant is needed and
integer arithmetic stays far from overflow.

Network: every row ``a`` (a candidate; in the engine's crowded half, a provider sending one
unit per slot) sends ``supply[a]`` units of flow (one for a candidate), each either through
an edge ``a → b`` and ``b → T`` (at most ``slots[b]`` units, one per edge) or through the
dummy arc ``a → T`` of cost ``(0, 0)`` (left unmatched). Units are added one at a time (rows
in index order) along a shortest path in the residual graph (Dijkstra on reduced costs,
node potentials ``pc``/``pw``, ties by node index); the potentials keep every residual
reduced cost ≥ (0, 0), which is the optimality certificate that ``engine.certify``
re-checks independently.
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:  # pragma: no cover - exercised only where Numba is installed
    from numba import njit as _njit

    def _compile(func: Any) -> Any:
        return _njit(cache=True, nogil=True)(func)

    COMPILED = True
except ImportError:  # pragma: no cover - exercised only where Numba is missing

    def _compile(func: Any) -> Any:
        return func

    COMPILED = False


def _less(c1: int, w1: int, n1: int, c2: int, w2: int, n2: int) -> bool:
    if c1 != c2:
        return c1 < c2
    if w1 != w2:
        return w1 < w2
    return n1 < n2


_less_c = _compile(_less)


def _push(hc, hw, hn, size, c, w, x):
    i = size
    hc[i] = c
    hw[i] = w
    hn[i] = x
    while i > 0:
        p = (i - 1) >> 1
        if _less_c(hc[i], hw[i], hn[i], hc[p], hw[p], hn[p]):
            hc[i], hc[p] = hc[p], hc[i]
            hw[i], hw[p] = hw[p], hw[i]
            hn[i], hn[p] = hn[p], hn[i]
            i = p
        else:
            break
    return size + 1


_push_c = _compile(_push)


def _pop(hc, hw, hn, size):
    size -= 1
    hc[0] = hc[size]
    hw[0] = hw[size]
    hn[0] = hn[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        j = left
        right = left + 1
        if right < size and _less_c(hc[right], hw[right], hn[right], hc[left], hw[left], hn[left]):
            j = right
        if _less_c(hc[j], hw[j], hn[j], hc[i], hw[i], hn[i]):
            hc[i], hc[j] = hc[j], hc[i]
            hw[i], hw[j] = hw[j], hw[i]
            hn[i], hn[j] = hn[j], hn[i]
            i = j
        else:
            break
    return size


_pop_c = _compile(_pop)


def _ssp(n, m, indptr, nbr, wt, slots):
    """Match candidates ``0..n-1`` to providers ``0..m-1`` (one unit each: ``_route``)."""
    mate, pc, pw, _ = _route_c(n, m, indptr, nbr, wt, slots, np.ones(n, np.int64))
    return mate, pc, pw


def _route(n, m, indptr, nbr, wt, slots, supply):
    """Send ``supply[a]`` units from each row ``a`` to providers ``0..m-1``.

    ``indptr``/``nbr``/``wt``: the rows' edges in CSR form (providers ascending, weights
    integer ≥ 0), at most one unit per edge; ``slots[b]``: the capacity of ``b``. Returns
    ``mate`` (for rows of one unit: the provider or -1), the potentials ``pc``, ``pw`` of the
    ``n + m + 1`` nodes (the last is T) and ``owner`` (the row holding each provider slot,
    slots of provider ``b`` from ``sum(slots[:b])`` on, or -1).

    Units are routed one by one, the rows in index order and a row's units one after the
    other, each along a shortest path of the residual graph found by a forward Dijkstra on
    reduced costs that stops at T; the nodes settled before T then take the JV potential
    update, which keeps every reduced cost ≥ 0 and makes the path tight before it is
    augmented.
    """
    big = np.iinfo(np.int64).max
    total = n + m + 1
    tnode = n + m
    mate = np.full(n, -1, np.int64)
    load = np.zeros(m, np.int64)
    sstart = np.zeros(m + 1, np.int64)
    for b in range(m):
        sstart[b + 1] = sstart[b] + slots[b]
    owner = np.full(sstart[m], -1, np.int64)
    sw = np.zeros(sstart[m], np.int64)  # the weight of the edge through which a slot is held
    pc = np.zeros(total, np.int64)
    pw = np.zeros(total, np.int64)
    dc = np.full(total, big, np.int64)
    dw = np.full(total, big, np.int64)
    done = np.zeros(total, np.bool_)
    pred = np.full(total, -1, np.int64)
    predw = np.zeros(total, np.int64)
    touched = np.empty(total, np.int64)
    nedges = indptr[n]
    hsize_max = nedges + 2 * n + 2 * m + sstart[m] + 4
    hc = np.empty(hsize_max, np.int64)
    hw = np.empty(hsize_max, np.int64)
    hn = np.empty(hsize_max, np.int64)
    for a0 in range(n):
        if indptr[a0 + 1] == indptr[a0]:
            continue
        # the potential of the new source: its cheapest arc gets reduced cost 0 (its later
        # units start from the potential the earlier searches left)
        bc = pc[tnode]
        bw = pw[tnode]
        for e in range(indptr[a0], indptr[a0 + 1]):
            y = n + nbr[e]
            vc = pc[y] + 1
            vw = pw[y] + wt[e]
            if vc > bc or (vc == bc and vw > bw):
                bc = vc
                bw = vw
        pc[a0] = bc
        pw[a0] = bw
        for _unit in range(supply[a0]):
            ntouched = 0
            size = 0
            dc[a0] = 0
            dw[a0] = 0
            touched[ntouched] = a0
            ntouched += 1
            size = _push_c(hc, hw, hn, size, 0, 0, a0)
            while size > 0:
                c = hc[0]
                w = hw[0]
                x = hn[0]
                size = _pop_c(hc, hw, hn, size)
                if x < 0:
                    x = tnode  # T is stored as -1 so that it wins every tie
                if done[x] or c != dc[x] or w != dw[x]:
                    continue
                done[x] = True
                if x == tnode:
                    break
                if x < n:
                    a = x
                    # the "unmatched" arc: a sends a unit to T instead (the one it holds at
                    # the provider it was reached from, or the new one of the source)
                    nc = c + pc[a] - pc[tnode]
                    nw = w + pw[a] - pw[tnode]
                    if nc < dc[tnode] or (nc == dc[tnode] and nw < dw[tnode]):
                        if dc[tnode] == big:
                            touched[ntouched] = tnode
                            ntouched += 1
                        dc[tnode] = nc
                        dw[tnode] = nw
                        pred[tnode] = a
                        size = _push_c(hc, hw, hn, size, nc, nw, -1)
                    single = supply[a] == 1
                    cur = mate[a]
                    for e in range(indptr[a], indptr[a + 1]):
                        b = nbr[e]
                        if single:
                            if b == cur:
                                continue
                        else:
                            held = False
                            for s in range(sstart[b], sstart[b + 1]):
                                if owner[s] == a:
                                    held = True
                            if held:
                                continue  # the edge carries its one unit already
                        y = n + b
                        if done[y]:
                            continue
                        nc = c - 1 + pc[a] - pc[y]
                        nw = w - wt[e] + pw[a] - pw[y]
                        # a node no closer than T's current bound is never settled before T
                        if nc > dc[tnode] or (nc == dc[tnode] and nw >= dw[tnode]):
                            continue
                        if nc < dc[y] or (nc == dc[y] and nw < dw[y]):
                            if dc[y] == big:
                                touched[ntouched] = y
                                ntouched += 1
                            dc[y] = nc
                            dw[y] = nw
                            pred[y] = a
                            predw[y] = wt[e]
                            size = _push_c(hc, hw, hn, size, nc, nw, y)
                else:
                    b = x - n
                    if load[b] < slots[b]:
                        nc = c + pc[x] - pc[tnode]
                        nw = w + pw[x] - pw[tnode]
                        if nc < dc[tnode] or (nc == dc[tnode] and nw < dw[tnode]):
                            if dc[tnode] == big:
                                touched[ntouched] = tnode
                                ntouched += 1
                            dc[tnode] = nc
                            dw[tnode] = nw
                            pred[tnode] = x
                            size = _push_c(hc, hw, hn, size, nc, nw, -1)
                    for s in range(sstart[b], sstart[b + 1]):
                        a = owner[s]
                        if a < 0 or done[a]:
                            continue
                        nc = c + 1 + pc[x] - pc[a]
                        nw = w + sw[s] + pw[x] - pw[a]
                        if nc > dc[tnode] or (nc == dc[tnode] and nw >= dw[tnode]):
                            continue
                        if nc < dc[a] or (nc == dc[a] and nw < dw[a]):
                            if dc[a] == big:
                                touched[ntouched] = a
                                ntouched += 1
                            dc[a] = nc
                            dw[a] = nw
                            pred[a] = x
                            size = _push_c(hc, hw, hn, size, nc, nw, a)
            # potentials of the nodes settled before T
            tc = dc[tnode]
            tw = dw[tnode]
            for k in range(ntouched):
                x = touched[k]
                if done[x]:
                    pc[x] += dc[x] - tc
                    pw[x] += dw[x] - tw
            # augment along the path: T ← p ← … ← a0; a row reached from a provider (its
            # ``pred``) gives up its slot there and takes the next provider of the path
            p = pred[tnode]
            if p < n:
                if p != a0 or pred[p] >= 0:
                    cur_b = pred[p] - n
                    free_slot = _held_slot_c(owner, sstart, cur_b, p)
                    owner[free_slot] = -1
                    if supply[p] == 1:
                        mate[p] = -1
                else:
                    cur_b = -1
                    free_slot = -1
            else:
                cur_b = p - n
                free_slot = sstart[cur_b]
                while owner[free_slot] >= 0:
                    free_slot += 1
                load[cur_b] += 1
            while cur_b >= 0:
                a = pred[n + cur_b]
                if a == a0:
                    old_b = -1
                    old_s = -1
                else:
                    old_b = pred[a] - n
                    old_s = _held_slot_c(owner, sstart, old_b, a)
                owner[free_slot] = a
                sw[free_slot] = predw[n + cur_b]
                if supply[a] == 1:
                    mate[a] = cur_b
                if a == a0:
                    break
                cur_b = old_b
                free_slot = old_s
            for k in range(ntouched):
                x = touched[k]
                dc[x] = big
                dw[x] = big
                done[x] = False
                pred[x] = -1
    return mate, pc, pw, owner


def _held_slot(owner, sstart, b, a):
    for s in range(sstart[b], sstart[b + 1]):
        if owner[s] == a:
            return s
    return -1


_held_slot_c = _compile(_held_slot)
route = _compile(_route)
_route_c = route
ssp = _compile(_ssp)


def _push1(hk, hn, size, k, x):
    i = size
    while i > 0:
        p = (i - 1) >> 1
        if k < hk[p] or (k == hk[p] and x < hn[p]):
            hk[i] = hk[p]
            hn[i] = hn[p]
            i = p
        else:
            break
    hk[i] = k
    hn[i] = x
    return size + 1


_push1_c = _compile(_push1)


def _pop1(hk, hn, size):
    size -= 1
    k = hk[size]
    x = hn[size]
    i = 0
    while True:
        j = 2 * i + 1
        if j >= size:
            break
        r = j + 1
        if r < size and (hk[r] < hk[j] or (hk[r] == hk[j] and hn[r] < hn[j])):
            j = r
        if hk[j] < k or (hk[j] == k and hn[j] < x):
            hk[i] = hk[j]
            hn[i] = hn[j]
            i = j
        else:
            break
    hk[i] = k
    hn[i] = x
    return size


_pop1_c = _compile(_pop1)


def _route_full(n, m, indptr, nbr, wt, slots, supply):
    """``_route`` for a half of the split, where every unit is known to reach a provider.

    The same successive shortest paths, but on the weight alone: in a half every augmenting
    path gains exactly one matched unit, so the cardinality part of every path cost is the
    same (-1) and drops out, and the "unmatched" arcs are never on a shortest path. One
    int64 key per heap entry (ties by node index) instead of a pair. Returns ``mate``, the
    weight potentials ``pw`` (``n + m + 1`` nodes, T last), ``owner`` (as ``_route``) and
    whether every unit was routed (False only if the premise fails: then the caller falls
    back to the whole problem).
    """
    big = np.iinfo(np.int64).max
    total = n + m + 1
    tnode = n + m
    mate = np.full(n, -1, np.int64)
    load = np.zeros(m, np.int64)
    sstart = np.zeros(m + 1, np.int64)
    for b in range(m):
        sstart[b + 1] = sstart[b] + slots[b]
    owner = np.full(sstart[m], -1, np.int64)
    sw = np.zeros(sstart[m], np.int64)  # the weight of the edge through which a slot is held
    se = np.zeros(sstart[m], np.int64)  # and that edge
    used = np.zeros(indptr[n], np.bool_)  # whether an edge carries its unit
    pw = np.zeros(total, np.int64)
    dist = np.full(total, big, np.int64)
    done = np.zeros(total, np.bool_)
    pred = np.full(total, -1, np.int64)
    prede = np.zeros(total, np.int64)  # the edge through which a provider was reached
    touched = np.empty(total, np.int64)
    hsize_max = indptr[n] + 2 * n + 2 * m + sstart[m] + 4
    hk = np.empty(hsize_max, np.int64)
    hn = np.empty(hsize_max, np.int64)
    ok = True
    for a0 in range(n):
        if indptr[a0 + 1] == indptr[a0]:
            continue
        bw = pw[tnode]
        first = True
        for e in range(indptr[a0], indptr[a0 + 1]):
            vw = pw[n + nbr[e]] + wt[e]
            if first or vw > bw:
                bw = vw
                first = False
        pw[a0] = bw
        for _unit in range(supply[a0]):
            ntouched = 0
            size = 0
            dist[a0] = 0
            touched[ntouched] = a0
            ntouched += 1
            size = _push1_c(hk, hn, size, 0, a0)
            dt = big
            while size > 0:
                d = hk[0]
                x = hn[0]
                size = _pop1_c(hk, hn, size)
                if x < 0:
                    x = tnode
                if done[x] or d != dist[x]:
                    continue
                done[x] = True
                if x == tnode:
                    break
                if x < n:
                    a = x
                    base = d + pw[a]
                    for e in range(indptr[a], indptr[a + 1]):
                        if used[e]:
                            continue  # the edge carries its one unit already
                        # a settled node needs no test: reduced costs are ≥ 0, so
                        # nd ≥ d ≥ its distance
                        y = n + nbr[e]
                        nd = base - wt[e] - pw[y]
                        if nd >= dt or nd >= dist[y]:
                            continue
                        if dist[y] == big:
                            touched[ntouched] = y
                            ntouched += 1
                        dist[y] = nd
                        pred[y] = a
                        prede[y] = e
                        size = _push1_c(hk, hn, size, nd, y)
                else:
                    b = x - n
                    if load[b] < slots[b]:
                        nd = d + pw[x] - pw[tnode]
                        if nd < dt:
                            if dt == big:
                                touched[ntouched] = tnode
                                ntouched += 1
                            dt = nd
                            dist[tnode] = nd
                            pred[tnode] = x
                            size = _push1_c(hk, hn, size, nd, -1)
                    for s in range(sstart[b], sstart[b + 1]):
                        a = owner[s]
                        if a < 0:
                            continue
                        nd = d + sw[s] + pw[x] - pw[a]
                        if nd >= dt or nd >= dist[a]:
                            continue
                        if dist[a] == big:
                            touched[ntouched] = a
                            ntouched += 1
                        dist[a] = nd
                        pred[a] = x
                        size = _push1_c(hk, hn, size, nd, a)
            if not done[tnode]:
                ok = False
                for k in range(ntouched):
                    x = touched[k]
                    dist[x] = big
                    done[x] = False
                    pred[x] = -1
                continue
            tw = dist[tnode]
            for k in range(ntouched):
                x = touched[k]
                if done[x]:
                    pw[x] += dist[x] - tw
            # augment along T ← b ← a ← … ← a0 (as in ``_route``; T is reached from a provider)
            cur_b = pred[tnode] - n
            free_slot = sstart[cur_b]
            while owner[free_slot] >= 0:
                free_slot += 1
            load[cur_b] += 1
            while True:
                a = pred[n + cur_b]
                if a == a0:
                    old_b = -1
                    old_s = -1
                else:
                    old_b = pred[a] - n
                    old_s = _held_slot_c(owner, sstart, old_b, a)
                if old_s >= 0:
                    used[se[old_s]] = False
                e = prede[n + cur_b]
                owner[free_slot] = a
                sw[free_slot] = wt[e]
                se[free_slot] = e
                used[e] = True
                if supply[a] == 1:
                    mate[a] = cur_b
                if a == a0:
                    break
                cur_b = old_b
                free_slot = old_s
            for k in range(ntouched):
                x = touched[k]
                dist[x] = big
                done[x] = False
                pred[x] = -1
    return mate, pw, owner, ok


route_full = _compile(_route_full)
