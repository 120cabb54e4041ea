"""Browser-test fixtures (a pytest plugin loaded for the whole suite, see ``pyproject.toml``):
Debian's Chromium driven by Playwright against ``live_server``.

Tests that use them are marked ``@pytest.mark.browser`` (``make test PYTEST_ARGS="-m
browser"`` runs only them). They skip with a message when ``/usr/bin/chromium`` is missing;
``.ci/run`` installs it with apt. Playwright's own browser download is never used: the
suite runs on a closed network.

Why the fixtures look the way they do:

* ``live_server`` needs a transactional database (pytest-django switches to one on its
  own): data a test builds is committed, so the server thread sees it, and the database is
  flushed afterwards. Build the data with factories inside the test or a fixture it asks
  for; the shared ``world``/``people`` fixtures also work here, since ``db`` gives way to
  ``transactional_db``.
* Playwright's sync API keeps an asyncio event loop in the test's thread, and Django
  refuses database access from a thread with a running loop (``SynchronousOnlyOperation``).
  ``DJANGO_ALLOW_ASYNC_UNSAFE`` lifts that check for exactly as long as Playwright runs:
  the browser is started per test and stopped before pytest-django flushes the database.
* Every page load is watched: a JavaScript error, a Content Security Policy violation or a
  failed request (4xx/5xx, except the favicon) fails the test at teardown.
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Requests a page may fail without failing the test.
IGNORED_FAILURES = ("/favicon.ico",)


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.page_errors or self.failed_requests)


@pytest.fixture
def chromium_path() -> Path:
    """Debian's Chromium, or a skip with the reason (checked before any server starts)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium) "
            "to run the browser tests"
        )
    return CHROMIUM


@pytest.fixture
def chromium(chromium_path: Path, live_server: Any, monkeypatch: Any) -> Iterator[Any]:
    """A headless Debian Chromium for one test, started after ``live_server`` and stopped
    before the database is flushed.

    The flush that ends a transactional test empties every table, the catalogues that the
    migrations filled included: they are put back here before each browser test.
    (``serialized_rollback`` would clash with the rows ``post_migrate`` writes again.)

    On SQLite the test database is an in-memory database in shared-cache mode, where two
    connections that touch a table at once get «database table is locked» at once (the
    busy timeout does not apply to shared-cache locks). Two browsers of one test do that,
    so there the live server handles one request at a time; PostgreSQL keeps it threaded."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from orbita.registry.services import catalogue_sync

    if connection.vendor == "sqlite":
        lock = threading.Lock()
        handle = WSGIHandler.__call__

        def one_at_a_time(self: WSGIHandler, environ: Any, start_response: Any) -> Any:
            with lock:
                return handle(self, environ, start_response)

        monkeypatch.setattr(WSGIHandler, "__call__", one_at_a_time)
    catalogue_sync()
    sync_api = pytest.importorskip("playwright.sync_api")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium_path), args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _open_page(
    browser: Any, base_url: str, viewport: dict[str, int]
) -> tuple[Any, Any, PageProblems]:
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="ru-RU")
    page = context.new_page()
    problems = PageProblems()

    def on_console(message: Any) -> None:
        # «Failed to load resource» repeats a failed response, which is checked below
        # with its address.
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.console_errors.append(message.text)

    def on_response(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith(IGNORED_FAILURES):
            problems.failed_requests.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("response", on_response)
    return context, page, problems


@pytest.fixture
def browser_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A desktop-sized page whose relative ``goto`` addresses go to ``live_server``."""
    context, page, problems = _open_page(chromium, live_server.url, DESKTOP)
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def phone_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """The same at a phone's width (390 px)."""
    context, page, problems = _open_page(chromium, live_server.url, PHONE)
    yield page
    context.close()
    assert not problems, problems


def log_in(page: Any, username: str, password: str) -> None:
    """Sign in through the real login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def sign_in_as(page: Any, live_server: Any, user: Any) -> None:
    """Give ``page`` a session of ``user`` without the login form (for tests whose subject
    is another page; the login form itself has its own browser test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
