"""In Chromium: the mentee writes in the success diary, the coordinator reviews a draft and
sees the request map's chart — no script error, no CSP violation, on a desktop and a phone."""

import pytest

from orbita.mentoring import services
from orbita.mentoring.tests.conftest import active_pair, make_mentee
from orbita.testing.browser import sign_in_as

pytestmark = pytest.mark.browser


def test_mentee_writes_in_the_diary_on_a_phone(phone_page, live_server, setting, people):
    pair = active_pair(setting)
    page = phone_page
    sign_in_as(page, live_server, people["mentee"])
    page.goto(f"/mentoring/pairs/{pair.pk}/")
    page.get_by_role("button", name="Новая запись").click()
    page.get_by_label("Дата").fill("2021-04-12")
    page.get_by_label("Достижение").fill("Провела урок с рабочим листом")
    # The form's own answer, so that a failure says what the server answered.
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Записать", exact=True).first.click()
    assert posted.value.status == 302, posted.value.status
    page.get_by_text("Запись добавлена в дневник успеха.").wait_for()
    assert "Провела урок с рабочим листом" in page.locator("#diary").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_coordinator_sees_the_request_map_chart_and_accepts_a_draft(
    browser_page, live_server, setting, world, people
):
    make_mentee(world.other_teacher, deficits=("low_achievers",))
    services.pair_create(
        actor=None,
        programme=setting.programme,
        mentor=setting.mentor,
        mentees=[setting.mentee],
        accept=False,
    )
    page = browser_page
    sign_in_as(page, live_server, people["municipal"])
    page.goto(f"/mentoring/municipalities/{world.municipality.pk}/request-map/")
    page.wait_for_function("() => window.Chart && Chart.getChart('request-chart') !== undefined")
    page.goto(f"/mentoring/programmes/{setting.programme.pk}/review/")
    page.get_by_role("button", name="Принять").click()
    page.get_by_text("Пара принята.").wait_for()
    assert "Отменить принятие" in page.locator("main").inner_text()


def test_mentor_works_through_the_plan(browser_page, live_server, setting, people):
    pair = active_pair(setting)
    page = browser_page
    sign_in_as(page, live_server, people["mentor"])
    page.goto(f"/mentoring/pairs/{pair.pk}/")
    page.get_by_role("button", name="Добавить пункт").click()
    page.get_by_label("Содержание деятельности").fill("Разбор заданий ОГЭ с рабочим листом")
    page.get_by_label("Срок").fill("2021-03-15")
    page.locator("#add-item").get_by_role("button", name="Добавить").click()
    page.locator("#plan tbody tr", has_text="Разбор заданий ОГЭ с рабочим листом").wait_for()
    row = page.locator("#plan tr", has_text="Разбор заданий ОГЭ с рабочим листом")
    row.locator("select[name=status]").select_option("done")
    if row.get_by_role("button", name="Сохранить").is_visible():
        row.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Состояние пункта плана изменено.").wait_for()
    from orbita.mentoring.models import PairPlanItem

    assert PairPlanItem.objects.get(content="Разбор заданий ОГЭ с рабочим листом").status == "done"
    # Removed by mistake and put back from «Удалённые пункты».
    row.get_by_role("button", name="Удалить").click()
    page.get_by_text("Пункт удалён из плана; вернуть его можно в «Удалённых пунктах».").wait_for()
    assert page.locator("#plan tbody tr", has_text="Разбор заданий ОГЭ").count() == 0
    page.locator("#plan-removed summary").click()
    page.locator("#plan-removed").get_by_role("button", name="Вернуть").click()
    page.get_by_text("Пункт возвращён в план.").wait_for()
    page.locator("#plan tbody tr", has_text="Разбор заданий ОГЭ с рабочим листом").wait_for()
