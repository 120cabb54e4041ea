"""Locust users for the load benchmark: they log in through the login form and read pages.

Each simulated user takes the next benchmark login (``load-<role>-<n>``: regional
administrator, municipal coordinator, school coordinator, mentor, mentee, in turn), logs in
through ``/accounts/login/`` (GET the form, POST with the CSRF token; one successful login
per user, so django-axes never counts a failure), then GETs the pages of that login — the
dashboard, lists and detail pages in its scope — at random, with 1–3 s of think time.

The pages come from ``pages.py`` (``LOAD_PAGES``, default
``var/bench/load/pages-large.json``): only those that answered 200 there. A page counts as
a failure unless it answers 200 (redirects are not followed: a lost session would be a
302 to the login form).

The site runs with the production settings, which expect a TLS-terminating proxy in front
(``SECURE_PROXY_SSL_HEADER``): every request says ``X-Forwarded-Proto: https`` as that proxy
would, with the matching ``Origin``/``Referer`` for the CSRF check. The cookies are
``Secure``; ``requests`` would keep them from a plain-HTTP address, so they are unmarked
after each response (the loopback stands in for the proxy's TLS).
"""

import csv
import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "orbita-load-2026")
PAGES_FILE = Path(os.environ.get("LOAD_PAGES", "var/bench/load/pages-large.json"))
# Pages left out of a run, e.g. LOAD_EXCLUDE="admin: mentor detail,mentee detail": a page
# name alone leaves it out for every role.
EXCLUDE = {x.strip() for x in os.environ.get("LOAD_EXCLUDE", "").split(",") if x.strip()}
ROLES = ("admin", "muni", "school", "mentor", "mentee")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Every request's name, time and outcome (LOAD_RAW=file.csv): exact percentiles for any
# subset, e.g. the pages without the logins (summary.py).
RAW_FILE = os.environ.get("LOAD_RAW", "")
_raw: list[tuple[float, str, str, float, int, str]] = []

_pages: dict[str, list[tuple[str, str]]] = {}
_logins: "itertools.cycle[str]"


@events.init.add_listener
def _load_pages(environment, **_kwargs):  # type: ignore[no-untyped-def]
    global _logins
    data = json.loads(PAGES_FILE.read_text())["pages"]
    for login, rows in data.items():
        role = login.split("-")[1]
        _pages[login] = [
            (r["page"], r["url"])
            for r in rows
            if r["status"] == 200 and not {r["page"], f"{role}: {r['page']}"} & EXCLUDE
        ]
    per_role = {role: sorted(k for k in _pages if k.startswith(f"load-{role}-")) for role in ROLES}
    turns = itertools.zip_longest(*per_role.values())
    order = [login for group in turns for login in group if login]
    _logins = itertools.cycle(order)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **_kw):  # type: ignore[no-untyped-def]
    if RAW_FILE:
        _raw.append(
            (
                time.time(),
                request_type,
                name,
                round(response_time, 1),
                response_length or 0,
                "" if exception is None else str(exception)[:120],
            )
        )


@events.quitting.add_listener
def _dump(environment, **_kwargs):  # type: ignore[no-untyped-def]
    if RAW_FILE:
        with open(RAW_FILE, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["time", "method", "name", "ms", "bytes", "error"])
            w.writerows(_raw)


class OrbitaUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.login = next(_logins)
        self.role = self.login.split("-")[1]
        self.pages = _pages[self.login]
        base = self.host.rstrip("/").replace("http://", "https://", 1)
        self.proxy_headers = {"X-Forwarded-Proto": "https"}
        self.origin = base
        self._login()

    def _unsecure_cookies(self) -> None:
        for cookie in self.client.cookies:
            cookie.secure = False

    def _login(self) -> None:
        with self.client.get(
            "/accounts/login/", headers=self.proxy_headers, name="login form", catch_response=True
        ) as r:
            match = CSRF_INPUT.search(r.text)
            if r.status_code != 200 or not match:
                r.failure(f"login form: {r.status_code}")
                return
        self._unsecure_cookies()
        headers = {
            **self.proxy_headers,
            "Origin": self.origin,
            "Referer": f"{self.origin}/accounts/login/",
        }
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.login,
                "password": PASSWORD,
                "csrfmiddlewaretoken": match.group(1),
            },
            headers=headers,
            allow_redirects=False,
            name="login POST",
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login refused: {r.status_code}")
        self._unsecure_cookies()

    @task
    def read_page(self) -> None:
        name, url = random.choice(self.pages)
        with self.client.get(
            url,
            headers=self.proxy_headers,
            name=f"{self.role}: {name}",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 200:  # a lost session would be a 302 to the login form
                error = f" {type(r.error).__name__}: {r.error}" if r.error else ""
                r.failure(f"{r.status_code}{error}"[:300])
        self._unsecure_cookies()
