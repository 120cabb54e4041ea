"""The matching benchmark: the engine, OR-Tools (the peer) and greedy on the same edges.

For every size: the seeded generator makes N mentees and N/2 mentors, the engine's scorer
makes the candidate edges (timed apart: "edges"), and the edges go to a file. Each solver
then runs in its own subprocess on that file (so its peak RSS is its own) and reports its
time (from the edge arrays to the answer), matched candidates and total score. The engine's
objective is checked against the peer's: the same number matched and totals equal within
1e-6 relative.

    python -m bench.matching.run                       # 1k, 10k, 50k, 100k
    python -m bench.matching.run --sizes 1000 10000 --json results.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SOLVERS = ("engine", "ortools", "greedy")


def _worker(solver: str, path: str) -> None:
    data = np.load(path)
    n = int(data["n"])
    capacity, a, b, score = data["capacity"], data["a"], data["b"], data["score"]
    if solver == "engine":
        from orbita.matching import _kernel
        from orbita.matching.engine import Problem, solve

        # load (or compile) the kernels outside the timing: a problem with both halves
        # of the split (x1, x2 crowd y1; x3 alone on y2)
        tiny = Problem.from_edges(
            ["x1", "x2", "x3"],
            {"y1": 1, "y2": 1},
            [("x1", "y1", 1.0), ("x2", "y1", 2.0), ("x3", "y2", 1.0)],
        )
        t0 = time.perf_counter()
        solve(tiny)
        warm = time.perf_counter() - t0
        ids_a = [f"t{i:06d}" for i in range(n)]
        ids_b = [f"m{j:06d}" for j in range(len(capacity))]
        t0 = time.perf_counter()
        c0 = time.process_time()
        problem = Problem.from_arrays(ids_a, ids_b, capacity, a, b, score)
        t1 = time.perf_counter()
        solution = solve(problem)
        t2 = time.perf_counter()
        cpu = time.process_time() - c0
        result = {
            "matched": solution.matched,
            "total": solution.total_score,
            "optimal": solution.optimal,
            "solve_s": t2 - t0,
            "cpu_s": cpu,
            "prepare_s": t1 - t0,
            "warmup_s": warm,
            "compiled": _kernel.COMPILED,
        }
    elif solver == "ortools":
        from bench.matching import peer_ortools

        result = peer_ortools.solve(n, capacity, a, b, score)
        result["solve_s"] = float(result["build_s"]) + float(result["solve_s"])  # type: ignore[arg-type]
    else:
        from bench.matching import greedy

        result = greedy.solve(n, capacity, a, b, score)
    result["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM: unlike ru_maxrss it does not inherit the parent's)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _run(solver: str, path: Path) -> dict[str, object]:
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "bench.matching.run", "--worker", solver, str(path)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    out = proc.stdout.read() if proc.stdout else b""
    if proc.wait() != 0:
        raise SystemExit(f"{solver} failed with exit code {proc.returncode}")
    result: dict[str, object] = json.loads(out)
    return result


def bench(n: int, seed: int, workdir: Path, solvers: tuple[str, ...]) -> dict[str, object]:
    from bench.matching.generate import generate
    from orbita.matching.scoring import score_mentor_pairs

    t0 = time.perf_counter()
    mentees, mentors = generate(n, seed)
    t1 = time.perf_counter()
    edges = score_mentor_pairs(mentees, mentors)
    t2 = time.perf_counter()
    path = workdir / f"edges_{n}.npz"
    np.savez(
        path,
        n=n,
        capacity=np.array([m.capacity for m in mentors], dtype=np.int64),
        a=edges.candidate,
        b=edges.provider,
        score=edges.score,
    )
    row: dict[str, object] = {
        "n": n,
        "mentors": len(mentors),
        "edges": len(edges),
        "generate_s": t1 - t0,
        "edges_s": t2 - t1,
    }
    for solver in solvers:
        row[solver] = _run(solver, path)
        print(f"  N={n:>7} {solver:<8} {row[solver]}", file=sys.stderr)
    if "engine" in row and "ortools" in row:
        eng, peer = row["engine"], row["ortools"]
        assert isinstance(eng, dict) and isinstance(peer, dict)
        gap = (float(peer["total"]) - float(eng["total"])) / max(1.0, abs(float(peer["total"])))
        row["gap"] = gap
        row["same_objective"] = eng["matched"] == peer["matched"] and abs(gap) <= 1e-6
        row["speedup"] = float(peer["solve_s"]) / float(eng["solve_s"])
    return row


def table(rows: list[dict[str, object]]) -> str:
    """The Markdown table of docs/performance.md."""
    head = (
        "| N | edges | edges time | solver | time | CPU | peak RSS | matched | total score "
        "| gap vs peer |\n"
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for row in rows:
        for solver in SOLVERS:
            if solver not in row:
                continue
            r = row[solver]
            assert isinstance(r, dict)
            gap = ""
            if "ortools" in row:
                peer = row["ortools"]
                assert isinstance(peer, dict)
                g = (float(peer["total"]) - float(r["total"])) / max(1.0, abs(float(peer["total"])))
                gap = f"{g:+.2e}" if solver == "engine" else f"{g:+.1%}"
                if solver == "ortools":
                    gap = "—"
            lines.append(
                f"| {int(row['n']):,} | {int(row['edges']):,} | {float(row['edges_s']):.2f} s "  # type: ignore[call-overload]
                f"| {solver} | {float(r['solve_s']):.2f} s | {float(r['cpu_s']):.2f} s "
                f"| {float(r['peak_rss_mb']):.0f} MB "
                f"| {int(r['matched']):,} | {float(r['total']):,.3f} | {gap} |"  # type: ignore[call-overload]
            )
    return head + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="matching benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000, 100000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--solvers", nargs="+", default=list(SOLVERS), choices=SOLVERS)
    parser.add_argument("--json", help="write the raw results here")
    parser.add_argument("--worker", nargs=2, metavar=("SOLVER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(*args.worker)
        return
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows.append(bench(n, args.seed, Path(tmp), tuple(args.solvers)))
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(table(rows))
    for row in rows:
        if "same_objective" in row:
            print(
                f"N={row['n']}: same objective as the peer: {row['same_objective']}, "
                f"engine speed-up over the peer: {float(row['speedup']):.2f}×"  # type: ignore[arg-type]
            )


if __name__ == "__main__":
    main()
