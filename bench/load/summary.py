"""Exact percentiles of a load run from the raw requests ``locustfile.py`` writes
(``LOAD_RAW``): all requests, the logins, the pages, and the slowest pages.

    .venv/bin/python -m bench.load.summary var/bench/load/u20_raw.csv [--pages 10]
"""

import argparse
import csv
from collections import defaultdict


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))]


def line(label: str, rows: list[dict[str, str]], seconds: float) -> str:
    ms = [float(r["ms"]) for r in rows]
    errors = sum(1 for r in rows if r["error"])
    return (
        f"| {label} | {len(rows):,} | {errors} | {len(rows) / seconds:.1f} | "
        f"{pct(ms, 50):,.0f} | {pct(ms, 95):,.0f} | {pct(ms, 99):,.0f} | {max(ms):,.0f} |"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("raw")
    p.add_argument("--pages", type=int, default=8, help="how many of the slowest pages")
    args = p.parse_args()
    with open(args.raw, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        print("no requests")
        return
    seconds = max(float(r["time"]) for r in rows) - min(float(r["time"]) for r in rows)
    logins = [r for r in rows if r["name"] == "login POST"]
    pages = [r for r in rows if not r["name"].startswith("login")]
    print("| requests | n | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(line("all", rows, seconds))
    print(line("login POST (Argon2)", logins, seconds))
    print(line("pages", pages, seconds))
    if logins:
        # ``time`` is when a request ended: the pages that started after the last login ended.
        settled = max(float(r["time"]) for r in logins)
        after = [r for r in pages if float(r["time"]) - float(r["ms"]) / 1000 >= settled]
        if after:
            print(line("pages after the last login", after, seconds))
    by_name: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in pages:
        by_name[r["name"]].append(r)
    slow = sorted(by_name.items(), key=lambda kv: -pct([float(r["ms"]) for r in kv[1]], 50))
    for name, group in slow[: args.pages]:
        print(line(name, group, seconds))
    errors: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["error"]:
            errors[r["error"].split(":")[0][:60]] += 1
    for kind, n in sorted(errors.items(), key=lambda kv: -kv[1]):
        print(f"error: {n} × {kind}")


if __name__ == "__main__":
    main()
