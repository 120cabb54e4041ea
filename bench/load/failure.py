"""PostgreSQL stopped and started under load: what the site answers, whether it comes back
by itself, and whether an acknowledged write is ever lost.

Runs against a gunicorn already serving the large database (``run.sh failure`` starts
gunicorn and a locust read load next to this script). Three loops run side by side:

- the **writer** (a mentee login) POSTs success-diary entries through the app's own form,
  ``/mentoring/pairs/<pk>/diary/``, each with a unique text; an entry is *acknowledged*
  when the app answers its success redirect (302 to the pair's ``#diary``);
- the **prober** GETs the dashboard and ``/healthz`` every 0.25 s and records the status
  codes and the title of each error page;
- at ``--at`` seconds the **failure**: ``pg_ctlcluster <version> <cluster> stop -m fast``,
  ``--down`` seconds of outage, ``start`` (as root).

Afterwards every acknowledged text is looked up in the database (psycopg, directly), and so
are the writes that failed (a failed answer may still have committed). The timeline and the
verdict are printed and written as JSON.

    .venv/bin/python -m bench.load.failure --out var/bench/load/failure.json
"""

import argparse
import json
import re
import subprocess
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import requests

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """A ``requests`` session speaking to gunicorn as the TLS proxy would (see locustfile)."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.origin = self.base.replace("http://", "https://", 1)
        self.s = requests.Session()
        self.s.headers["X-Forwarded-Proto"] = "https"

    def _fix(self) -> None:
        for c in self.s.cookies:
            c.secure = False

    def get(self, path: str) -> requests.Response:
        r = self.s.get(self.base + path, allow_redirects=False, timeout=30)
        self._fix()
        return r

    def post(self, path: str, data: dict[str, str], referer: str) -> requests.Response:
        headers = {"Origin": self.origin, "Referer": self.origin + referer}
        data = {**data, "csrfmiddlewaretoken": self.s.cookies.get("csrftoken", "")}
        r = self.s.post(
            self.base + path, data=data, headers=headers, allow_redirects=False, timeout=30
        )
        self._fix()
        return r

    def login(self, username: str, password: str) -> None:
        r = self.get("/accounts/login/")
        token = CSRF_INPUT.search(r.text)
        assert token, r.status_code
        headers = {"Origin": self.origin, "Referer": self.origin + "/accounts/login/"}
        r = self.s.post(
            self.base + "/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers=headers,
            allow_redirects=False,
            timeout=30,
        )
        self._fix()
        assert r.status_code == 302, f"login of {username}: {r.status_code}"


def describe(r: requests.Response | None, error: Exception | None) -> str:
    if error is not None:
        return f"no answer ({type(error).__name__})"
    assert r is not None
    if r.status_code >= 400:
        if r.headers.get("Content-Type", "").startswith("application/json"):
            return f"{r.status_code} {r.text.strip()[:80]}"
        m = TITLE.search(r.text)
        return f"{r.status_code} «{m.group(1).strip() if m else r.text[:60]}»"
    return str(r.status_code)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="http://127.0.0.1:8001")
    p.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/orbita_load")
    p.add_argument("--pages", default="var/bench/load/pages-large.json")
    p.add_argument("--writer", default="load-mentee-2")
    p.add_argument("--reader", default="load-school-1")
    p.add_argument("--password", default="orbita-load-2026")
    p.add_argument("--at", type=float, default=15.0, help="seconds before the stop")
    p.add_argument("--down", type=float, default=10.0, help="seconds the server stays down")
    p.add_argument("--after", type=float, default=25.0, help="seconds watched after start")
    p.add_argument("--cluster", default="15 main", help="pg_ctlcluster version and name")
    p.add_argument("--out", default="var/bench/load/failure.json")
    args = p.parse_args()

    pages = json.loads(Path(args.pages).read_text())["pages"]
    pair_url = next(r["url"] for r in pages[args.writer] if r["page"] == "pair detail")
    run_id = uuid.uuid4().hex[:8]
    writer, prober = Client(args.base), Client(args.base)
    writer.login(args.writer, args.password)
    prober.login(args.reader, args.password)

    t0 = time.monotonic()
    stop = threading.Event()
    events: list[dict[str, object]] = []
    writes: list[dict[str, object]] = []
    lock = threading.Lock()

    def now() -> float:
        return round(time.monotonic() - t0, 2)

    def write_loop() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            text = f"bench-failure-{run_id}-{n:05d}"
            started = now()
            r, err = None, None
            try:
                r = writer.post(
                    f"{pair_url}diary/",
                    {
                        "date": time.strftime("%Y-%m-%d"),
                        "achievement": text,
                        "competency": "",
                        "link": "",
                    },
                    referer=pair_url,
                )
            except requests.RequestException as e:
                err = e
            acked = (
                r is not None
                and r.status_code == 302
                and r.headers.get("Location", "").endswith("#diary")
            )
            with lock:
                writes.append(
                    {
                        "t": started,
                        "end": now(),
                        "text": text,
                        "acked": acked,
                        "answer": describe(r, err) if not acked else "302 #diary",
                        "location": r.headers.get("Location", "") if r is not None else "",
                    }
                )
            time.sleep(0.1)

    def probe_loop() -> None:
        while not stop.is_set():
            for path in ("/", "/healthz"):
                started = now()
                r, err = None, None
                try:
                    r = prober.get(path)
                except requests.RequestException as e:
                    err = e
                with lock:
                    events.append(
                        {
                            "t": started,
                            "end": now(),
                            "path": path,
                            "answer": describe(r, err),
                            "ms": round((now() - started) * 1000),
                        }
                    )
            time.sleep(0.25)

    threads = [threading.Thread(target=write_loop), threading.Thread(target=probe_loop)]
    for t in threads:
        t.start()
    version, cluster = args.cluster.split()
    time.sleep(args.at)
    marks = {"stop": now()}
    # pg_ctlcluster from PATH, as root: the benchmark's own failure, not user input.
    subprocess.run(["pg_ctlcluster", version, cluster, "stop", "-m", "fast"], check=True)  # noqa: S603, S607
    marks["stopped"] = now()
    time.sleep(args.down)
    marks["start"] = now()
    subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=True)  # noqa: S603, S607
    marks["started"] = now()
    time.sleep(args.after)
    stop.set()
    for t in threads:
        t.join()

    # Verdict: every acknowledged write must be in the database.
    with psycopg.connect(args.database) as conn:
        rows = conn.execute(
            "SELECT achievement FROM mentoring_successdiaryentry WHERE achievement LIKE %s",
            (f"bench-failure-{run_id}-%",),
        ).fetchall()
    stored = Counter(r[0] for r in rows)
    acked = [w for w in writes if w["acked"]]
    failed = [w for w in writes if not w["acked"]]
    lost = [w["text"] for w in acked if stored[w["text"]] == 0]
    duplicated = [t for t, c in stored.items() if c > 1]
    failed_but_stored = [w["text"] for w in failed if stored[w["text"]]]

    def phase(t: float) -> str:
        # By the time the answer came back: 1 before the stop command, 2 stopping and
        # stopped, 3 while ``start`` runs, 4 after it returned.
        if t < marks["stop"]:
            return "1 before stop"
        if t < marks["start"]:
            return "2 down"
        return "3 starting" if t < marks["started"] else "4 after start"

    summary: dict[str, object] = {"marks": marks, "writer": {}, "prober": {}}
    for name, items in (("writer", writes), ("prober", events)):
        table: dict[str, Counter[str]] = {}
        for e in items:
            key = phase(float(e["end"]))  # type: ignore[arg-type]
            if name == "prober":
                key += f" {e['path']}"
            table.setdefault(key, Counter())[str(e["answer"])] += 1
        summary[name] = {k: dict(v) for k, v in table.items()}
    bad = [e for e in events if not str(e["answer"]).startswith(("200", "302"))]
    summary["first_error_answered"] = bad[0]["end"] if bad else None
    summary["last_error_answered"] = bad[-1]["end"] if bad else None
    good_after = [e for e in events if e["t"] > marks["stop"] and str(e["answer"]) == "200"]
    summary["first_200_after_stop"] = good_after[0]["end"] if good_after else None
    summary["writes"] = {
        "sent": len(writes),
        "acknowledged": len(acked),
        "failed": len(failed),
        "acknowledged_lost": len(lost),
        "failed_but_stored": len(failed_but_stored),
        "duplicated": len(duplicated),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps(
            {"summary": summary, "events": events, "writes": writes, "lost": lost},
            ensure_ascii=False,
            indent=1,
        )
    )
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
