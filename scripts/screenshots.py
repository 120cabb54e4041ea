"""Screenshots of the main pages for docs/screenshots/, taken from the demo in Debian's
Chromium through Playwright.

    DATABASE_URL=sqlite:////tmp/shots.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/shots.sqlite3 .venv/bin/python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/shots.sqlite3 .venv/bin/python manage.py runserver 8765 &
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "orbita-demo"  # noqa: S105 - the documented demo password (interfaces.md)
PAGES = (
    ("municipal", "/", "dashboard-municipal"),
    ("municipal", "/diagnosis/", "diagnosis"),
    ("municipal", "/partnerships/", "partnerships"),
    ("municipal", "/monitoring/dashboard/", "monitoring-dashboard"),
    ("school", "/partnerships/risk-profiles/", "risk-profiles"),
    ("mentor", "/mentoring/", "mentoring-mentor"),
    ("mentee", "/mentoring/", "mentoring-mentee"),
    ("region", "/collaboration/events/", "events"),
)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for login, path, name in PAGES:
            context = browser.new_context(
                base_url=base, viewport={"width": 1280, "height": 900}, locale="ru-RU"
            )
            page = context.new_page()
            page.goto("/accounts/login/")
            page.get_by_label("Логин").fill(login)
            page.get_by_label("Пароль").fill(PASSWORD)
            page.get_by_role("button", name="Войти").click()
            page.wait_for_load_state()
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)
            context.close()
            sys.stdout.write(f"{name}.png\n")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
