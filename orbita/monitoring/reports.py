"""The municipal report: a DOCX for reading and an XLSX with the same numbers, one sheet per
section, built in the background (``report_build_task``) and stored on the
``MunicipalReport``.

The numbers come from the scoped selectors the pages use (the dashboard's
``municipality_overview`` and ``roadmap_progress``, the mentoring alerts, the event counts,
``satisfaction_summary``, the diagnosis report, ``competency_growth``), read as the person
who ordered the report and narrowed to the report's municipality, so the report says what
that person sees on the pages. ``report_sections`` gathers them into plain tables once;
``report_docx`` and ``report_xlsx`` only lay those tables out, so the two files cannot
disagree. Statuses (pairs, roadmaps, alerts) are as of the build; events and results are
those of the report's period.
"""

import io
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from orbita.collaboration.models import Direction
from orbita.collaboration.selectors import event_counts
from orbita.core.services import audit_log
from orbita.dashboard.selectors import active_teachers, municipality_overview
from orbita.mentoring.models import MentoringPair
from orbita.mentoring.selectors import (
    mentee_list,
    mentor_list,
    pair_list,
    programme_alerts,
    programme_list,
)
from orbita.monitoring import png
from orbita.monitoring.models import MunicipalReport, SurveyKind
from orbita.monitoring.selectors import competency_growth, satisfaction_summary
from orbita.partnerships.models import Partnership
from orbita.partnerships.selectors import partnership_list, roadmap_progress
from orbita.registry.models import Municipality

logger = logging.getLogger(__name__)


@dataclass
class Table:
    """One table of a section: its columns, rows (numbers stay numbers) and, optionally, a
    chart of one value per row (or a few values per row: ``chart`` picks the columns)."""

    title: str
    header: list[str]
    rows: list[list[Any]]
    chart: tuple[int, ...] = ()  # the columns drawn as bars, none for no chart
    maximum: float | None = None
    percent: bool = False
    target: int | None = None  # the column holding each row's target (a share chart)
    percent_columns: tuple[int, ...] = ()


@dataclass
class Section:
    key: str
    title: str
    sheet: str
    tables: list[Table] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


# --- the numbers ----------------------------------------------------------------------------


def _network(user: Any, municipality: Municipality) -> Section:
    row = municipality_overview(user=user).filter(pk=municipality.pk).first()
    teachers = active_teachers(user=user).filter(school__municipality_id=municipality.pk).count()
    rows: list[list[Any]] = [
        [_("Школ"), row.school_count if row else 0],  # type: ignore[attr-defined]
        [_("из них филиалов"), row.branch_count if row else 0],  # type: ignore[attr-defined]
        [_("Учеников"), (row.student_total or 0) if row else 0],  # type: ignore[attr-defined]
        [_("Учителей"), teachers],
    ]
    return Section(
        "network",
        _("Сеть школ"),
        _("Сеть школ"),
        [Table(_("Школы, ученики и учителя"), [_("Показатель"), _("Значение")], rows)],
    )


def _diagnosis(user: Any, municipality: Municipality) -> Section:
    from orbita.diagnosis.flags import FLAG_INFO
    from orbita.diagnosis.reports import municipality_report

    report = municipality_report(user=user, municipality=municipality)
    section = Section("diagnosis", _("Диагностика"), _("Диагностика"))
    if report.year is None:
        section.text.append(_("Результатов оценочных процедур пока нет."))
        return section
    section.text.append(
        _("Год диагностики: %(year)s. Школ с рассчитанными флагами: %(computed)s из %(all)s.")
        % {"year": report.year, "computed": report.computed, "all": len(report.lines)}
    )
    rows = [[str(info.name), report.counts.get(code, 0)] for code, info in FLAG_INFO.items()]
    section.tables.append(Table(_("Школы по флагам"), [_("Флаг"), _("Школ")], rows, chart=(1,)))
    return section


def _partnerships(user: Any, municipality: Municipality) -> Section:
    partnerships = list(partnership_list(user=user, municipality_id=municipality.pk))
    by_status = Counter(p.status for p in partnerships)
    progress = roadmap_progress(user=user, municipality_id=municipality.pk)
    return Section(
        "partnerships",
        _("Партнёрства и дорожные карты"),
        _("Партнёрства"),
        [
            Table(
                _("Партнёрства по статусам"),
                [_("Статус"), _("Партнёрств")],
                [
                    [str(label), by_status.get(code, 0)]
                    for code, label in Partnership.Status.choices
                ],
            ),
            Table(
                _("Меры дорожных карт"),
                [_("Показатель"), _("Мер")],
                [
                    [_("Всего (без отменённых)"), progress["total"]],
                    [_("Выполнено"), progress["done"]],
                    [_("Выполняется"), progress["in_progress"]],
                    [_("Просрочено"), progress["overdue"]],
                ],
                chart=(1,),
            ),
        ],
    )


def _mentoring(user: Any, municipality: Municipality) -> tuple[Section, dict[str, int]]:
    pairs = pair_list(user=user).filter(programme__municipality_id=municipality.pk)
    by_status = Counter(pairs.values_list("status", flat=True))
    alerts: Counter[str] = Counter()
    for programme in programme_list(user=user, municipality_id=municipality.pk):
        alerts.update(programme_alerts(user=user, programme=programme, limit=0).counts)
    mentors = mentor_list(user=user, municipality_id=municipality.pk).count()
    mentees = mentee_list(user=user, municipality_id=municipality.pk).count()
    section = Section(
        "mentoring",
        _("Наставничество"),
        _("Наставничество"),
        [
            Table(
                _("Пары по статусам"),
                [_("Статус"), _("Пар")],
                [
                    [str(label), by_status.get(code, 0)]
                    for code, label in MentoringPair.Status.choices
                ],
                chart=(1,),
            ),
            Table(
                _("Участники и сигналы"),
                [_("Показатель"), _("Значение")],
                [
                    [_("Наставников в базе"), mentors],
                    [_("Наставляемых в базе"), mentees],
                    [_("Пар без активности"), alerts["quiet"]],
                    [_("Пар с просроченными пунктами плана"), alerts["overdue"]],
                    [_("Наставников сверх нагрузки"), alerts["over_capacity"]],
                ],
            ),
        ],
    )
    return section, dict(alerts)


def _events(user: Any, municipality: Municipality, start: date, end: date) -> Section:
    counts = event_counts(user=user, date_from=start, date_to=end, municipality_id=municipality.pk)
    rows = [[label, *cells, total] for _kind, label, cells, total in counts.rows()]
    return Section(
        "events",
        _("Мероприятия"),
        _("Мероприятия"),
        [
            Table(
                _("Мероприятия периода по видам и направлениям (без отменённых)"),
                [_("Вид"), *[str(label) for label in Direction.labels], _("Всего")],
                rows,
                chart=(len(Direction.values) + 1,),
            )
        ],
        [_("Всего мероприятий за период: %(n)s.") % {"n": counts.total}],
    )


def _satisfaction(user: Any, municipality: Municipality) -> tuple[Section, list[Any]]:
    summary = satisfaction_summary(user=user, municipality_ids=[municipality.pk])
    kinds = dict(SurveyKind.choices)
    rows = [
        [
            r.title,
            str(kinds.get(r.kind, r.kind)),
            r.responses,
            r.satisfied,
            r.share if r.share is not None else "",
            r.target,
            "" if r.meets_target is None else (_("да") if r.meets_target else _("нет")),
        ]
        for r in summary
    ]
    table = Table(
        _("Доля удовлетворённых по анкетам"),
        [
            _("Анкета"),
            _("Вид"),
            _("Ответов с оценкой"),
            _("Удовлетворены"),
            _("Доля"),
            _("Цель"),
            _("Цель достигнута"),
        ],
        rows,
        percent_columns=(4, 5),
    )
    section = Section("satisfaction", _("Удовлетворённость"), _("Удовлетворённость"), [table])
    answered = [r for r in summary if r.share is not None]
    if answered:
        section.tables.append(
            Table(
                _("Доля удовлетворённых и цель (анкеты с ответами)"),
                [_("Анкета"), _("Доля"), _("Цель")],
                [[r.title, r.share, r.target] for r in answered],
                chart=(1,),
                maximum=1,
                percent=True,
                target=2,
                percent_columns=(1, 2),
            )
        )
    return section, summary


def _dynamics(user: Any, municipality: Municipality, start: date, end: date) -> Section:
    from orbita.analytics import pooled
    from orbita.diagnosis.inputs import result_records
    from orbita.diagnosis.selectors import result_list

    section = Section("dynamics", _("Динамика результатов"), _("Динамика"))
    records = result_records(
        result_list(user=user, municipality_id=municipality.pk).exclude(kind="EGE")
    )
    groups: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for record in records:
        groups[(record.kind, record.year)].append(record)
    rows = []
    for (kind, year), group in sorted(groups.items()):
        ind = pooled(group)
        rows.append(
            [
                kind,
                year,
                len(group),
                ind.participants,
                ind.pass_rate if ind.pass_rate is not None else "",
                ind.quality_rate if ind.quality_rate is not None else "",
            ]
        )
    section.tables.append(
        Table(
            _("Успеваемость и качество по годам (ВПР, ОГЭ; все записи муниципалитета)"),
            [
                _("Процедура"),
                _("Год"),
                _("Записей"),
                _("Участников"),
                _("Успеваемость"),
                _("Качество"),
            ],
            rows,
            chart=(4, 5),
            maximum=1,
            percent=True,
            percent_columns=(4, 5),
        )
    )
    pair_ids = list(
        pair_list(user=user)
        .filter(programme__municipality_id=municipality.pk)
        .values_list("pk", flat=True)
    )
    growth = competency_growth(user=user, by="school", pair_ids=pair_ids)
    section.tables.append(
        Table(
            _("Рост компетенций наставляемых по школам (оценка наставника, 1–5)"),
            [_("Школа"), _("В начале"), _("В конце"), _("Рост"), _("Оценок")],
            [[g.label, g.start, g.end, g.delta, g.count] for g in growth],
            chart=(1, 2),
            maximum=5,
        )
    )
    return section


def _impact(user: Any, municipality: Municipality) -> tuple[Section, list[str]]:
    """§9 of the methodology for each start year of the municipality's partnerships: the
    supported schools against never supported schools of the region (only the groups'
    sizes and means leave the engine)."""
    from orbita.analytics import impact
    from orbita.diagnosis.inputs import engine_inputs, population_schools
    from orbita.diagnosis.selectors import settings_effective

    section = Section("impact", _("Влияние поддержки"), _("Влияние"))
    by_year: dict[int, set[str]] = defaultdict(set)
    for p in partnership_list(user=user, municipality_id=municipality.pk):
        if p.start is not None:
            by_year[p.start.year].add(p.supported.code)
    if not by_year:
        section.text.append(_("Нет партнёрств с датой начала: оценивать влияние не на чем."))
        return section, []
    region_supported = set(
        Partnership.objects.filter(municipality__region_id=municipality.region_id).values_list(
            "supported__code", flat=True
        )
    )
    inputs = engine_inputs(population_schools(region=municipality.region))
    params = settings_effective(municipality=municipality).params
    rows, summaries = [], []
    for year, codes in sorted(by_year.items()):
        try:
            estimate = impact(
                inputs.results,
                supported=codes,
                start_year=year,
                other_supported=region_supported - codes,
                context=inputs.context,
                schools=inputs.schools,
                params=params,
            )
        except Exception:  # the engine refuses data it cannot judge: say so, go on
            logger.exception("impact of %s, %s failed", municipality.pk, year)
            rows.append([year, len(codes), "", "", "", "", _("Оценку получить не удалось.")])
            continue
        rows.append(
            [
                year,
                estimate.supported,
                estimate.comparison,
                estimate.effect if estimate.effect is not None else "",
                estimate.ci_low if estimate.ci_low is not None else "",
                estimate.ci_high if estimate.ci_high is not None else "",
                estimate.text,
            ]
        )
        summaries.append(f"{year}: {estimate.summary}")
    section.tables.append(
        Table(
            _("Эффект поддержки по году начала партнёрства"),
            [
                _("Год начала"),
                _("Поддержанных школ"),
                _("Школ для сравнения"),
                _("Эффект, σ"),
                _("Нижняя граница"),
                _("Верхняя граница"),
                _("Вывод"),
            ],
            rows,
        )
    )
    return section, summaries


def _conclusions(
    progress: dict[str, int],
    alerts: dict[str, int],
    summary: Sequence[Any],
    impacts: Sequence[str],
) -> Section:
    lines: list[str] = []
    if progress["total"]:
        lines.append(
            _("Дорожные карты: выполнено %(done)s из %(total)s мер, просрочено %(overdue)s.")
            % progress
        )
    else:
        lines.append(_("Мер дорожных карт пока нет."))
    lines.append(
        _(
            "Наставничество: пар без активности — %(quiet)s, с просроченными пунктами плана — "
            "%(overdue)s, наставников сверх нагрузки — %(over)s."
        )
        % {
            "quiet": alerts.get("quiet", 0),
            "overdue": alerts.get("overdue", 0),
            "over": alerts.get("over_capacity", 0),
        }
    )
    below = [r.title for r in summary if r.meets_target is False]
    met = [r.title for r in summary if r.meets_target is True]
    if below:
        lines.append(
            _("Ниже целевой доли удовлетворённых: %(titles)s.") % {"titles": "; ".join(below)}
        )
    if met:
        lines.append(
            _("Цель по удовлетворённости достигнута: %(titles)s.") % {"titles": "; ".join(met)}
        )
    lines += [_("Влияние поддержки, %(line)s.") % {"line": line} for line in impacts]
    return Section("conclusions", _("Выводы"), _("Выводы"), text=lines)


def report_sections(
    *, user: Any, municipality: Municipality, period_start: date, period_end: date
) -> list[Section]:
    """Every section of the report, read through the selectors as ``user``."""
    mentoring, alerts = _mentoring(user, municipality)
    satisfaction, summary = _satisfaction(user, municipality)
    impact, impacts = _impact(user, municipality)
    progress = roadmap_progress(user=user, municipality_id=municipality.pk)
    return [
        _network(user, municipality),
        _diagnosis(user, municipality),
        _partnerships(user, municipality),
        mentoring,
        _events(user, municipality, period_start, period_end),
        satisfaction,
        _dynamics(user, municipality, period_start, period_end),
        impact,
        _conclusions(progress, alerts, summary, impacts),
    ]


# --- the files ------------------------------------------------------------------------------


def _shown(value: Any, percent: bool) -> str:
    if value == "" or value is None:
        return "—"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return png.number(value, percent=percent)
    return str(value)


def _chart(table: Table) -> bytes | None:
    if not table.chart or not table.rows:
        return None
    values = [
        [float(r[c]) if isinstance(r[c], (int, float)) else 0.0 for c in table.chart]
        for r in table.rows
    ]
    targets = [float(r[table.target]) for r in table.rows] if table.target is not None else None
    return png.bar_chart(values, maximum=table.maximum, percent=table.percent, targets=targets)


def report_docx(report: MunicipalReport, sections: Sequence[Section]) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.left_margin, s.right_margin = Cm(2.5), Cm(1.5)
    doc.add_heading(_("Отчёт о мониторинге: %(m)s") % {"m": report.municipality.name}, level=0)
    doc.add_paragraph(
        _("Период: %(start)s – %(end)s. Сформирован %(built)s.")
        % {
            "start": f"{report.period_start:%d.%m.%Y}",
            "end": f"{report.period_end:%d.%m.%Y}",
            "built": f"{timezone.localtime():%d.%m.%Y %H:%M}",
        }
    )
    for number, section in enumerate(sections, start=1):
        doc.add_heading(f"{number}. {section.title}", level=1)
        for line in section.text:
            doc.add_paragraph(line)
        for table in section.tables:
            doc.add_heading(table.title, level=2)
            image = _chart(table)
            if image is not None:
                doc.add_picture(io.BytesIO(image), width=Cm(16))
            if not table.rows:
                doc.add_paragraph(_("Данных нет."))
                continue
            header = ["№", *table.header] if image is not None else table.header
            grid = doc.add_table(rows=1 + len(table.rows), cols=len(header))
            grid.style = "Table Grid"
            for i, title in enumerate(header):
                grid.rows[0].cells[i].text = title
                for run in grid.rows[0].cells[i].paragraphs[0].runs:
                    run.bold = True
            for r, row in enumerate(table.rows, start=1):
                cells = [str(r)] if image is not None else []
                cells += [_shown(v, c in table.percent_columns) for c, v in enumerate(row)]
                for i, text in enumerate(cells):
                    grid.rows[r].cells[i].text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_xlsx(report: MunicipalReport, sections: Sequence[Section]) -> bytes:
    """One sheet per section: the section's text, then each table under its title, with
    the numbers as numbers (shares as fractions formatted as percentages)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    for section in sections:
        sheet = book.create_sheet(section.sheet[:31])
        sheet.append([section.title])
        sheet.cell(row=1, column=1).font = bold
        for line in section.text:
            sheet.append([line])
        for table in section.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append(table.header)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in table.rows:
                sheet.append([None if v == "" else v for v in row])
                for c in table.percent_columns:
                    sheet.cell(row=sheet.max_row, column=c + 1).number_format = "0%"
        sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the job --------------------------------------------------------------------------------


def _progress(report: MunicipalReport, progress: int, message: str, **extra: Any) -> None:
    for name, value in {"progress": progress, "message": message, **extra}.items():
        setattr(report, name, value)
    report.save(update_fields=["progress", "message", *extra, "updated_at"])


def report_build(*, report_id: int) -> MunicipalReport | None:
    """Build the DOCX and XLSX of a queued report, advancing its progress; ``None`` when the
    report is gone. A failure marks the report failed (with the reason) and re-raises."""
    report = (
        MunicipalReport.objects.select_related("municipality__region", "created_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return None
    _progress(report, 5, _("Собираем данные…"), status=MunicipalReport.Status.RUNNING)
    try:
        user = report.created_by
        if user is None or not user.is_active:
            raise ValueError(_("Отчёт некому читать: у заказчика нет действующей учётной записи."))
        sections = report_sections(
            user=user,
            municipality=report.municipality,
            period_start=report.period_start,
            period_end=report.period_end,
        )
        _progress(report, 60, _("Готовим документ…"))
        docx_data = report_docx(report, sections)
        _progress(report, 85, _("Готовим таблицу…"))
        xlsx_data = report_xlsx(report, sections)
        stem = (
            f"report-{report.municipality.code}-{report.period_start:%Y%m%d}-"
            f"{report.period_end:%Y%m%d}-{report.pk}"
        )
        with transaction.atomic():
            report.docx.save(f"{stem}.docx", ContentFile(docx_data), save=False)
            report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx_data), save=False)
            report.status = MunicipalReport.Status.DONE
            report.progress = 100
            report.message = _("Отчёт готов.")
            report.result = {"sections": [s.key for s in sections]}
            report.save()
            audit_log(
                actor=None,
                action="monitoring.report.built",
                target=report,
                data={"sections": len(sections)},
            )
    except Exception as error:
        MunicipalReport.objects.filter(pk=report.pk).update(
            status=MunicipalReport.Status.FAILED,
            message=str(error)[:500] or _("Отчёт не удалось построить."),
            updated_at=timezone.now(),
        )
        raise
    return report
