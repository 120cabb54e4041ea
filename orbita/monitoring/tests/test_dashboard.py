"""The municipality dashboard shows the report's sections (the same numbers as the DOCX and
XLSX report) as tables with SVG charts; a regional administrator also sees the overview of
their municipalities."""

from datetime import date

import pytest
from django.urls import reverse

from orbita.conftest import client_for
from orbita.monitoring.dashboard import school_year
from orbita.partnerships import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership(world):
    p = services.partnership_create(
        actor=None,
        leader=world.mentor_teacher.school,
        supported=world.branch,
        start=date(2021, 9, 1),
        end=date(2022, 8, 31),
    )
    services.partnership_activate(actor=None, partnership=p)
    services.roadmap_item_create(
        actor=None, partnership=p, data={"action": "Старая мера", "due": date(2020, 3, 1)}
    )
    services.roadmap_item_create(
        actor=None, partnership=p, data={"action": "Сделано", "status": "done"}
    )
    return p


def _table(page, key, title):
    (section,) = [s for s in page.context["sections"] if s.key == key]
    (table,) = [t for t in section.tables if t.title == title]
    return table


def test_municipal_dashboard_shows_the_report_sections(people, world, partnership):
    page = client_for(people["municipal"]).get(reverse("monitoring:dashboard"))
    assert page.status_code == 200
    assert [s.key for s in page.context["sections"]] == [
        "network",
        "diagnosis",
        "partnerships",
        "mentoring",
        "events",
        "satisfaction",
        "dynamics",
        "impact",
        "conclusions",
    ]
    roadmap = _table(page, "partnerships", "Меры дорожных карт")
    assert roadmap.rows == [
        ["Всего (без отменённых)", "2"],
        ["Выполнено", "1"],
        ["Выполняется", "0"],
        ["Просрочено", "1"],
    ]
    assert roadmap.chart.startswith("<svg")
    statuses = _table(page, "partnerships", "Партнёрства по статусам")
    assert ["действует", "1"] in statuses.rows
    assert page.context["overview"] == []
    (conclusions,) = [s for s in page.context["sections"] if s.key == "conclusions"]
    assert conclusions.text[0] == "Дорожные карты: выполнено 1 из 2 мер, просрочено 1."
    html = page.content.decode()
    assert f'href="/partnerships/?municipality={world.municipality.pk}"' in html


def test_regional_overview_lists_the_municipalities(people, world, partnership):
    page = client_for(people["regional"]).get(
        reverse("monitoring:dashboard"), {"municipality": world.municipality.pk}
    )
    rows = {f.municipality.name: f for f in page.context["overview"]}
    assert set(rows) == {"Сеченовский район", "Арзамасский район"}
    sechenovo = rows["Сеченовский район"]
    assert (sechenovo.partnerships_live, sechenovo.roadmap["overdue"], sechenovo.pairs_active) == (
        1,
        1,
        0,
    )
    assert rows["Арзамасский район"].roadmap == {
        "total": 0,
        "done": 0,
        "in_progress": 0,
        "overdue": 0,
    }
    assert page.context["municipality"] == world.municipality


def test_a_municipality_outside_the_scope_falls_back_to_the_own_one(people, world):
    page = client_for(people["municipal"]).get(
        reverse("monitoring:dashboard"), {"municipality": world.foreign_municipality.pk}
    )
    assert page.context["municipality"] == world.municipality


def test_school_year():
    assert school_year(date(2026, 12, 7)) == (date(2026, 9, 1), date(2027, 8, 31))
    assert school_year(date(2027, 3, 1)) == (date(2026, 9, 1), date(2027, 8, 31))
