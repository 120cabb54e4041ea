"""In Chromium, two people in two browsers run a brainstorm: ideas appear on the other
screen without reloading, the pages follow the facilitator's phases, both score, and the
session ends in a ranked list with its DOCX — no script error, no CSP violation."""

from typing import Any

import pytest

from orbita.collaboration import services
from orbita.testing.browser import DESKTOP, _open_page, sign_in_as

pytestmark = pytest.mark.browser


def test_two_browsers_run_a_brainstorm(chromium: Any, live_server: Any, world, people):
    session = services.session_create(
        actor=people["mentor"],
        municipality=world.municipality,
        title="Мотивация слабоуспевающих",
        problem="Как вовлечь слабоуспевающих учащихся?",
        participants=[people["mentee"]],
    )
    url = f"/collaboration/brainstorms/{session.pk}/"
    opened = [_open_page(chromium, live_server.url, DESKTOP) for _ in range(2)]
    (_c1, facilitator, problems_1), (_c2, participant, problems_2) = opened
    try:
        sign_in_as(facilitator, live_server, people["mentor"])
        sign_in_as(participant, live_server, people["mentee"])
        facilitator.goto(url)
        participant.goto(url)

        participant.get_by_label("Ваша идея").fill("Проектные задания на уроках")
        participant.get_by_role("button", name="Добавить идею").click()
        # The facilitator's page shows it without a reload (the 3-second poll).
        facilitator.locator("#ideas").get_by_text("Проектные задания на уроках").wait_for(
            timeout=30_000
        )
        assert participant.get_by_label("Ваша идея").input_value() == ""
        facilitator.get_by_label("Ваша идея").fill("Наставник-старшеклассник")
        facilitator.get_by_role("button", name="Добавить идею").click()
        participant.locator("#ideas").get_by_text("Наставник-старшеклассник").wait_for(
            timeout=30_000
        )
        assert participant.locator("#ideas .idea-card").count() == 2

        facilitator.get_by_role("button", name="К объединению идей").click()
        facilitator.get_by_text("Этап: объединение идей.").wait_for()
        # The participant's page follows on its own.
        participant.locator("#phase").get_by_text("объединение идей").wait_for(timeout=30_000)

        facilitator.get_by_role("button", name="К оценке идей").click()
        facilitator.get_by_text("Этап: оценка идей.").wait_for()
        participant.locator("#phase").get_by_text("оценка идей").wait_for(timeout=30_000)
        for page, scores in ((facilitator, ("5", "3")), (participant, ("4", "2"))):
            cards = page.locator("#rating .idea-card")
            for i, score in enumerate(scores):
                card = cards.nth(i)
                card.locator("label", has_text=score).click()
                card.get_by_text(f"Оценка {score} сохранена.").wait_for()

        facilitator.get_by_role("button", name="Завершить и сформировать рекомендации").click()
        facilitator.get_by_role("link", name="Рекомендации (DOCX)").wait_for()
        items = facilitator.locator("#recommendations > li").all_inner_texts()
        assert len(items) == 2
        assert items[0].startswith("Проектные задания на уроках 4,50")
        assert items[1].startswith("Наставник-старшеклассник 2,50")
    finally:
        for context, _page, _problems in opened:
            context.close()
    assert not problems_1, problems_1
    assert not problems_2, problems_2
