"""The pages of the load run, and how many SQL queries each one makes.

For every benchmark login (``load-<role>-<n>`` from ``generate.py``) this picks the pages
that login uses — the dashboard, the lists, and a detail page of an object in the login's
own scope — GETs each through Django's test client (``force_login``: no password hash, no
axes) and counts its queries with ``CaptureQueriesContext``. It writes the result as JSON;
``locustfile.py`` reads the same file for its URLs (only pages that answered 200).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/orbita_load \\
        .venv/bin/python -m bench.load.pages --out var/bench/load/pages-large.json
    .venv/bin/python -m bench.load.pages --compare var/bench/load/pages-small.json \\
        var/bench/load/pages-large.json

The settings module is ``config.django.base`` unless DJANGO_SETTINGS_MODULE says otherwise
(``testserver`` is added to ALLOWED_HOSTS).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import django

ROLES = ("admin", "muni", "school", "mentor", "mentee")


def candidate_pages(username: str) -> list[tuple[str, str]]:
    """``(page name, url)`` for one login: objects chosen in its own scope, deterministically
    (the lowest id), so the small and the large database get the same kinds of pages."""
    from django.db.models import Q

    from orbita.accounts.access import get_scope
    from orbita.accounts.models import User
    from orbita.collaboration.models import Event
    from orbita.mentoring.models import MenteeProfile, MentoringPair, MentorProfile, Programme
    from orbita.partnerships.models import Partnership
    from orbita.registry.models import School, Teacher

    user = User.objects.get(username=username)
    scope = get_scope(user)
    pages = [("dashboard", "/")]
    if scope.is_coordinator:
        if scope.region_ids:
            schools = School.objects.filter(municipality__region__in=scope.region_ids)
        elif scope.municipality_ids:
            schools = School.objects.filter(municipality__in=scope.municipality_ids)
        else:
            schools = School.objects.filter(pk__in=scope.school_ids)
        school = schools.order_by("pk").first()
        assert school is not None
        teacher = Teacher.objects.filter(school__in=schools).order_by("pk").first()
        pair = (
            MentoringPair.objects.filter(mentor__teacher__school__in=schools).order_by("pk").first()
        )
        # A programme with pairs of the scope's schools (a school coordinator sees only
        # those: an empty table would make fewer queries).
        programme = (
            Programme.objects.filter(pairs__mentor__teacher__school__in=schools)
            .order_by("pk")
            .first()
        )
        mentor = MentorProfile.objects.filter(teacher__school__in=schools).order_by("pk").first()
        mentee = MenteeProfile.objects.filter(teacher__school__in=schools).order_by("pk").first()
        event = Event.objects.filter(organisers__in=schools).order_by("pk").first()
        partnership = (
            Partnership.objects.filter(Q(leader__in=schools) | Q(supported__in=schools))
            .order_by("pk")
            .first()
        )
        pages += [
            ("school list", "/schools/"),
            ("school list, page 2", "/schools/?page=2"),
            ("school detail", f"/schools/{school.pk}/"),
            ("teacher list", "/teachers/"),
            ("teacher detail", f"/teachers/{teacher.pk}/") if teacher else None,
            ("mentoring home", "/mentoring/"),
            ("mentor list", "/mentoring/mentors/"),
            ("mentor detail", f"/mentoring/mentors/{mentor.pk}/") if mentor else None,
            ("mentee list", "/mentoring/mentees/"),
            ("mentee detail", f"/mentoring/mentees/{mentee.pk}/") if mentee else None,
            ("programme list", "/mentoring/programmes/"),
            ("programme detail", f"/mentoring/programmes/{programme.pk}/") if programme else None,
            ("pair detail", f"/mentoring/pairs/{pair.pk}/") if pair else None,
            ("partnership list", "/partnerships/"),
            ("partnership detail", f"/partnerships/{partnership.pk}/") if partnership else None,
            ("event list", "/collaboration/events/"),
            ("event detail", f"/collaboration/events/{event.pk}/") if event else None,
        ]
    else:
        teacher = Teacher.objects.get(pk=scope.teacher_id)
        pair = (
            # Drafts are the coordinator's: a mentor or mentee sees working pairs only.
            MentoringPair.objects.filter(mentor__teacher=teacher, status="active")
            .order_by("pk")
            .first()
            or MentoringPair.objects.filter(mentees__teacher=teacher, status="active")
            .order_by("pk")
            .first()
        )
        pages += [
            ("mentoring home", "/mentoring/"),
            ("pair detail", f"/mentoring/pairs/{pair.pk}/") if pair else None,
            ("school detail", f"/schools/{teacher.school_id}/"),
            ("teacher detail", f"/teachers/{teacher.pk}/"),
            ("event list", "/collaboration/events/"),
        ]
    return [p for p in pages if p is not None]


def measure(logins: int) -> dict[str, list[dict[str, object]]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from orbita.accounts.models import User

    result: dict[str, list[dict[str, object]]] = {}
    for role in ROLES:
        for n in range(1, logins + 1):
            username = f"load-{role}-{n}"
            client = Client()
            client.force_login(User.objects.get(username=username))
            rows = []
            for name, url in candidate_pages(username):
                client.get(url)  # warm: template loading, content types, first-use caches
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(url)
                    elapsed = time.perf_counter() - started
                rows.append(
                    {
                        "page": name,
                        "url": url,
                        "status": response.status_code,
                        "queries": len(ctx.captured_queries),
                        "bytes": len(response.content),
                        "ms": round(elapsed * 1000, 1),
                    }
                )
            result[username] = rows
    return result


def compare(small_path: str, large_path: str) -> int:
    small = json.loads(Path(small_path).read_text())
    large = json.loads(Path(large_path).read_text())
    print(f"{'login':<16} {'page':<22} {'small':>6} {'large':>6}  status")
    differ = 0
    for login, rows in large["pages"].items():
        by_page = {r["page"]: r for r in small["pages"].get(login, [])}
        for r in rows:
            s = by_page.get(r["page"])
            sq = s["queries"] if s else "—"
            mark = "" if s and s["queries"] == r["queries"] else "  ← differs"
            differ += bool(mark)
            status = f"{s['status'] if s else '—'}/{r['status']}"
            print(f"{login:<16} {r['page']:<22} {sq:>6} {r['queries']:>6}  {status}{mark}")
    print(
        f"\nsmall: {small['schools']} schools, large: {large['schools']} schools; "
        f"{differ} page(s) with a different query count"
    )
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", help="write the measured pages as JSON here")
    p.add_argument("--logins", type=int, default=1, help="logins per role to measure")
    p.add_argument("--compare", nargs=2, metavar=("SMALL", "LARGE"))
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    if args.compare:
        return compare(*args.compare)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-load-pages-" + "x" * 40)
    django.setup()
    from orbita.registry.models import School

    data = {"schools": School.objects.count(), "pages": measure(args.logins)}
    for login, rows in data["pages"].items():
        for r in rows:
            print(
                f"{login:<16} {r['page']:<22} {r['status']:>4} {r['queries']:>4} queries  "
                f"{r['bytes']:>8,} B {r['ms']:>7.1f} ms  {r['url']}"
            )
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
