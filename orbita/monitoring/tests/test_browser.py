"""In Chromium: the municipal coordinator makes the mentees' satisfaction survey from its
template and sends it, the mentee answers it, and the dashboard shows the satisfied share
against the 85 % target — no script error, no CSP violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orbita.monitoring.models import Invitation
from orbita.testing.browser import sign_in_as

pytestmark = pytest.mark.browser


def test_survey_sent_answered_and_read_on_the_dashboard(browser_page, live_server, world, people):
    page = browser_page
    sign_in_as(page, live_server, people["municipal"])
    page.goto("/monitoring/")
    page.get_by_label("Шаблон").select_option("mentee_satisfaction")
    page.get_by_role("button", name="Создать").click()
    page.get_by_text("Анкета создана.").wait_for()
    page.get_by_label("наставляемые").check()
    deadline = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Срок ответа").fill(deadline.isoformat())
    page.get_by_role("button", name="Разослать").click()
    page.get_by_text("Анкета разослана.").wait_for()

    invitation = Invitation.objects.get(user=people["mentee"])
    page.context.clear_cookies()
    sign_in_as(page, live_server, people["mentee"])
    page.goto(f"/monitoring/answer/{invitation.pk}/")
    for radio in page.locator("input[type=radio][value='5']").all():
        radio.check()
    page.get_by_role("button", name="Отправить ответ").click()
    page.wait_for_load_state()
    invitation.refresh_from_db()
    assert invitation.answered_on == timezone.localdate()

    page.context.clear_cookies()
    sign_in_as(page, live_server, people["municipal"])
    page.goto("/monitoring/dashboard/")
    text = page.locator("[data-testid=section-satisfaction]").inner_text()
    assert "100 %" in text and "85 %" in text
