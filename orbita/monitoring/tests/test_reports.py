"""The municipal report: built in the background as DOCX and XLSX from the selectors the
pages use, so its numbers are the dashboard's."""

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from orbita.dashboard.selectors import municipality_overview
from orbita.mentoring import services as mentoring
from orbita.mentoring.tests.conftest import Setting
from orbita.monitoring import selectors, services
from orbita.monitoring.models import Invitation, MunicipalReport
from orbita.monitoring.reports import report_build
from orbita.monitoring.tests.factories import answer_all, distribute, satisfaction_survey
from orbita.partnerships import services as partnerships
from orbita.partnerships.selectors import roadmap_progress

pytestmark = pytest.mark.django_db

HEADINGS = [
    "1. Сеть школ",
    "2. Диагностика",
    "3. Партнёрства и дорожные карты",
    "4. Наставничество",
    "5. Мероприятия",
    "6. Удовлетворённость",
    "7. Динамика результатов",
    "8. Влияние поддержки",
    "9. Выводы",
]


@pytest.fixture
def report(
    setting: Setting, people: Any, django_capture_on_commit_callbacks: Any
) -> MunicipalReport:
    world = setting.world
    today = timezone.localdate()
    partnership = partnerships.partnership_create(
        actor=None,
        leader=world.mentor_teacher.school,
        supported=world.branch,
        start=date(2024, 9, 1),
    )
    for action, due in (("Семинар по ВПР", date(2020, 3, 10)), ("Открытые уроки", None)):
        partnerships.roadmap_item_create(
            actor=None, partnership=partnership, data={"action": action, "due": due}
        )
    mentoring.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    mentoring.programme_publish(actor=None, programme=setting.programme, notify=False)
    survey = satisfaction_survey(world.municipality)
    distribute(survey, ("mentee",))
    answer_all(Invitation.objects.get(user=people["mentee"]), 5)
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.report_request(
            actor=people["municipal"],
            municipality=world.municipality,
            period_start=today - timedelta(days=365),
            period_end=today,
        )
    queued.refresh_from_db()
    return queued


def test_report_is_built_as_docx_with_sections_and_charts(report: MunicipalReport) -> None:
    assert (report.status, report.progress, report.message) == ("done", 100, "Отчёт готов.")
    with report.docx.open("rb") as f:
        doc = Document(io.BytesIO(f.read()))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == HEADINGS
    assert len(doc.inline_shapes) >= 1
    assert "Дорожные карты: выполнено 0 из 2 мер, просрочено 1." in [p.text for p in doc.paragraphs]


def test_report_xlsx_numbers_equal_the_selectors(report: MunicipalReport, people: Any) -> None:
    with report.xlsx.open("rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    assert book.sheetnames == [
        "Сеть школ",
        "Диагностика",
        "Партнёрства",
        "Наставничество",
        "Мероприятия",
        "Удовлетворённость",
        "Динамика",
        "Влияние",
        "Выводы",
    ]
    rows = [list(r) for r in book["Партнёрства"].iter_rows(values_only=True)]
    start = rows.index(["Показатель", "Мер"])
    progress = roadmap_progress(user=people["municipal"], municipality_id=report.municipality_id)
    assert rows[start + 1 : start + 5] == [
        ["Всего (без отменённых)", progress["total"]],
        ["Выполнено", progress["done"]],
        ["Выполняется", progress["in_progress"]],
        ["Просрочено", progress["overdue"]],
    ]
    assert progress == {"total": 2, "done": 0, "in_progress": 0, "overdue": 1}
    summary = selectors.satisfaction_summary(
        user=people["municipal"], municipality_ids=[report.municipality_id]
    )
    rows = [list(r) for r in book["Удовлетворённость"].iter_rows(values_only=True)]
    start = rows.index(
        ["Анкета", "Вид", "Ответов с оценкой", "Удовлетворены", "Доля", "Цель", "Цель достигнута"]
    )
    assert [r[:6] for r in rows[start + 1 : start + 1 + len(summary)]] == [
        [s.title, "удовлетворённость наставляемых", s.responses, s.satisfied, s.share, s.target]
        for s in summary
    ]
    assert [(s.responses, s.satisfied) for s in summary] == [(1, 1)]
    network = [list(r) for r in book["Сеть школ"].iter_rows(values_only=True)]
    overview = municipality_overview(user=people["municipal"]).get(pk=report.municipality_id)
    assert network[-4:] == [
        ["Школ", overview.school_count],  # type: ignore[attr-defined]
        ["из них филиалов", overview.branch_count],  # type: ignore[attr-defined]
        ["Учеников", overview.student_total],  # type: ignore[attr-defined]
        ["Учителей", 3],
    ]
    assert [r[1] for r in network[-4:]] == [2, 1, 600, 3]


def test_report_without_a_reader_fails_with_the_reason(world: Any) -> None:
    report = MunicipalReport.objects.create(
        municipality=world.municipality,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    with pytest.raises(ValueError):
        report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == "failed"
    assert report.message.startswith("Отчёт некому читать")
    assert report_build(report_id=report.pk + 100) is None
