"""In Chromium: a municipal coordinator goes from the diagnosis flags to an accepted
recommendation (with its map), a generated agreement, a roadmap from a template whose
overdue items show on the dashboard — no script error, no CSP violation."""

import io

import pytest
from django.utils import timezone
from docx import Document

from orbita.diagnosis.models import DiagnosisRun, SchoolFlags
from orbita.registry.tests.factories import SchoolFactory
from orbita.testing.browser import sign_in_as

pytestmark = pytest.mark.browser


def test_from_recommendation_to_roadmap(
    browser_page, live_server, world, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    run = DiagnosisRun.objects.create(
        municipality=world.municipality, year=2021, method="threshold", computed_at=timezone.now()
    )
    weak = SchoolFactory.create(
        municipality=world.municipality, code="5200003", short_name="Слабая ОШ", lat=55.2, lon=45.9
    )
    leader = world.mentor_teacher.school
    leader.lat, leader.lon = 55.21, 45.88
    leader.director = "Наумов Е. Г."
    leader.save()
    SchoolFlags.objects.create(
        run=run, school=weak, year=2021, low_results=True, subject_standings={"math": -1.2}
    )
    SchoolFlags.objects.create(
        run=run,
        school=leader,
        year=2021,
        leader_candidate=True,
        resilient=True,
        subject_standings={"math": 1.0},
    )
    page = browser_page
    sign_in_as(page, live_server, people["municipal"])
    page.goto("/partnerships/recommendations/")
    page.get_by_label("Муниципалитет").select_option(str(world.municipality.pk))
    page.get_by_role("button", name="Подобрать").click()
    page.locator("#partner-map[data-ready='true']").wait_for()
    assert "Школа-лидер резильентна" in page.locator("[data-testid=proposals]").inner_text()
    page.get_by_role("button", name="Принять").click()
    page.get_by_text("Создан проект партнёрства").wait_for()
    page.get_by_role("link", name="Партнёрство: проект").click()

    page.get_by_role("link", name="Изменить").first.click()
    page.get_by_label("Начало").fill("2021-09-01")
    page.get_by_label("Окончание").fill("2022-05-31")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("button", name="Вступает в силу").click()
    page.get_by_text("Партнёрство вступило в силу.").wait_for()

    page.get_by_role("link", name="Сформировать соглашение").click()
    page.get_by_label("Номер").fill("12")
    page.get_by_role("button", name="Сформировать DOCX").click()
    page.get_by_text("Соглашение сформировано").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX", exact=True).click()
    with open(download.value.path(), "rb") as fh:
        text = "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)
    assert "Соглашение о сетевом взаимодействии № 12" in text
    assert "в лице директора Наумов Е. Г." in text
    assert "с 01.09.2021 по 31.05.2022" in text

    page.get_by_role("link", name="Дорожная карта").first.click()
    page.get_by_label("Учебный год (начало)").fill("2021")
    page.get_by_role("button", name="Добавить меры шаблона").click()
    page.get_by_text("Добавлено мер по шаблону: 6.").wait_for()
    assert page.locator("tr.overdue").count() == 6
    page.goto("/")
    assert page.locator("[data-testid=roadmap-overdue]").inner_text() == "просрочено 6 мер"


def test_school_coordinator_fills_the_risk_profile_and_works_on_the_roadmap(
    browser_page, live_server, world, people, settings, tmp_path
):
    from datetime import date

    from orbita.partnerships import services

    settings.MEDIA_ROOT = tmp_path
    p = services.partnership_create(
        actor=None,
        leader=world.mentor_teacher.school,
        supported=world.branch,
        start=date(2025, 9, 1),
        end=date(2026, 8, 31),
    )
    services.partnership_activate(actor=None, partnership=p)
    services.roadmap_item_create(
        actor=None,
        partnership=p,
        data={"action": "Открытый урок по русскому языку", "responsible_school": world.branch},
    )
    page = browser_page
    sign_in_as(page, live_server, people["school"])
    page.goto("/partnerships/risk-profiles/")
    page.get_by_label("Школа").select_option(str(world.branch.pk))
    page.get_by_label("Учебный год (начало)").fill("2025")
    page.get_by_role("button", name="Создать").click()
    page.get_by_text("Рисковый профиль создан.").wait_for()
    row = page.locator("[data-testid=factors] tr", has_text="Низкая вовлечённость родителей")
    row.locator("select").select_option("high")
    row.locator("input[type=checkbox]").check()
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Рисковый профиль сохранён.").wait_for()

    page.goto(f"/partnerships/{p.pk}/roadmap/")
    page.get_by_label("Статус").first.select_option("done")
    page.get_by_role("button", name="OK").first.click()
    page.get_by_text("Статус меры изменён.").wait_for()
    assert "выполнено" in page.locator("[data-testid=roadmap]").inner_text()
