"""The roadmap as data and as files: the templates of the seeds, the measures each risk
factor yields, the XLSX export and import and the agreement's annex in DOCX.

Templates and factor measures are plain data (a deadline is a month offset from the
roadmap's start, so a template fits any school year). The XLSX import reads through
``orbita.tabular`` and reports every problem with its row and column; the service
``roadmap_import`` saves all rows or none.
"""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orbita.partnerships.models import Partnership, RiskFactor, RoadmapItem
from orbita.tabular import CellError, Column, gettext_noop, read_table, write_xlsx
from orbita.tabular.parsers import cell_text

LEADER = "leader"
SUPPORTED = "supported"
BOTH = "both"


@dataclass(frozen=True)
class Measure:
    """One measure of a template: ``month``/``months`` are offsets from the start month
    (0 = the start month); ``months`` > 1 spans several months (the deadline is the last)."""

    action: str
    form: str
    expected_result: str
    month: int
    side: str = LEADER
    stage: str = ""
    months: int = 1
    responsible: str = ""


@dataclass(frozen=True)
class Template:
    code: str
    name: Any
    description: Any
    start_month: int  # the calendar month a school year's roadmap starts in
    measures: tuple[Measure, ...]


# Case 002: the roadmap of СОШ № 6 им. Л.И. Ошанина and СОШ № 20 им. П.И. Батова
# (April to January of the following school year).
CASE_002 = Template(
    code="case_002",
    name=gettext_lazy("Дорожная карта межшкольного партнёрства (шесть мер)"),
    description=gettext_lazy(
        "Круглый стол о причинах неуспешности, сетевое использование ресурсов, совместные "
        "профессиональные сообщества, методическое взаимодействие, открытый семинар, "
        "мероприятия с детьми."
    ),
    start_month=4,
    measures=(
        Measure(
            "«Круглый стол» по обсуждению проблем школы-спутника и причин образовательной "
            "неуспешности",
            "круглый стол",
            "Разработан план совместных действий",
            0,
            BOTH,
            responsible="административные команды",
        ),
        Measure(
            "Использование материально-технических и кадровых ресурсов",
            "сетевая форма реализации образовательных программ",
            "Сетевая форма реализации образовательных программ",
            5,
            LEADER,
            responsible="административные команды",
        ),
        Measure(
            "Создание совместных профессиональных обучающихся сообществ для обмена успешными "
            "педагогическими практиками",
            "профессиональное обучающееся сообщество",
            "Разработаны критерии различных видов учебной деятельности и учебных продуктов",
            5,
            BOTH,
            months=9,
            responsible="административные команды",
        ),
        Measure(
            "Различные формы методического взаимодействия с педагогами и административной "
            "командой (семинары, мастер-классы, взаимопосещение уроков)",
            "семинар, мастер-класс, взаимопосещение уроков",
            "Повышение качества преподавания за счёт знакомства с педагогическими приёмами коллег",
            5,
            LEADER,
            months=9,
            responsible="административные команды, руководители МО",
        ),
        Measure(
            "Открытый семинар «Взаимоотношения участников образовательного процесса»",
            "открытый семинар",
            "Промежуточные результаты программы",
            6,
            LEADER,
            responsible="административная команда школы-лидера",
        ),
        Measure(
            "Мероприятия с детьми (проекты и др.), участие в научных конференциях",
            "проекты, конференция",
            "Предъявление достигнутых результатов другим членам научного сообщества",
            9,
            SUPPORTED,
            responsible="административная команда поддерживаемой школы",
        ),
    ),
)

# Case 001: the programme of Сеченовская СШ and Красновская ОШ in three stages
# (September to May).
_PREP = "подготовительный этап"
_MAIN = "основной этап"
_FINAL = "заключительный этап"
CASE_001 = Template(
    code="case_001",
    name=gettext_lazy("Программа наставничества в три этапа"),
    description=gettext_lazy(
        "Подготовительный, основной и заключительный этапы программы сетевого "
        "наставничества: от карты запросов до сборника лучших практик."
    ),
    start_month=9,
    measures=(
        Measure(
            "Заключение соглашения, назначение координатора и рабочей группы",
            "приказ, соглашение",
            "Соглашение подписано, рабочая группа утверждена",
            0,
            BOTH,
            _PREP,
        ),
        Measure(
            "Самодиагностика поддерживаемой школы, карта запросов педагогов",
            "анкетирование",
            "Определены дефициты педагогов (карта запросов)",
            0,
            SUPPORTED,
            _PREP,
        ),
        Measure(
            "Формирование базы наставников по критериям отбора",
            "отбор",
            "Сформирована база наставников",
            1,
            LEADER,
            _MAIN,
        ),
        Measure(
            "Обучение наставников, формирование пар, индивидуальные планы",
            "семинар, консультация",
            "Сформированы наставнические пары и их планы",
            1,
            LEADER,
            _MAIN,
        ),
        Measure(
            "Работа пар: открытые уроки, видеоуроки, семинары, вебинары, дневник успеха",
            "открытый урок, вебинар, мастер-класс",
            "Освоены приёмы, отмеченные в дневнике успеха",
            2,
            LEADER,
            _MAIN,
            months=6,
        ),
        Measure(
            "Мониторинг удовлетворённости наставляемых и наставников",
            "анкетирование",
            "Удовлетворённость не ниже 85 %",
            8,
            BOTH,
            _FINAL,
        ),
        Measure(
            "Мониторинг предметных и методических компетенций",
            "самооценка и оценка наставника",
            "Рост уровня компетенций из карты запросов",
            8,
            BOTH,
            _FINAL,
        ),
        Measure(
            "Сборник лучших практик (статьи), фотоальбом",
            "сборник",
            "Издан сборник лучших практик",
            8,
            LEADER,
            _FINAL,
        ),
    ),
)

TEMPLATES: dict[str, Template] = {t.code: t for t in (CASE_002, CASE_001)}

# What each chosen risk factor of the «500+» project adds to the roadmap.
FACTOR_MEASURES: dict[str, tuple[Measure, ...]] = {
    RiskFactor.EQUIPMENT: (
        Measure(
            "Сетевое использование оборудования школы-лидера (лаборатории, «Точка роста»)",
            "сетевая программа",
            "Обучающиеся работают на современном оборудовании",
            1,
        ),
    ),
    RiskFactor.TEACHER_SHORTAGE: (
        Measure(
            "Преподавание дефицитных предметов педагогами школы-лидера (совместительство, "
            "дистанционно)",
            "сетевая программа",
            "Закрыты вакансии по предметам",
            0,
        ),
    ),
    RiskFactor.COMPETENCE: (
        Measure(
            "Наставнические пары по предметам с дефицитами, взаимопосещение уроков",
            "наставничество, взаимопосещение уроков",
            "Закрыты предметные и методические дефициты педагогов",
            1,
            months=8,
        ),
    ),
    RiskFactor.ADAPTIVITY: (
        Measure(
            "Мастер-классы по дифференцированному обучению и формирующему оцениванию",
            "мастер-класс",
            "Педагоги применяют приёмы дифференцированного обучения",
            2,
        ),
    ),
    RiskFactor.PROF_DEVELOPMENT: (
        Measure(
            "Совместное профессиональное обучающееся сообщество педагогов",
            "профессиональное обучающееся сообщество",
            "Действует внутришкольная система повышения квалификации",
            1,
            BOTH,
            months=8,
        ),
    ),
    RiskFactor.FAILURE_RISK: (
        Measure(
            "Круглый стол о причинах учебной неуспешности, индивидуальные планы для "
            "обучающихся с рисками",
            "круглый стол, консультация",
            "Снижена доля обучающихся с рисками учебной неуспешности",
            0,
            BOTH,
        ),
    ),
    RiskFactor.LANGUAGE: (
        Measure(
            "Консультации по работе с детьми, для которых русский язык не родной",
            "консультация, семинар",
            "Педагоги владеют приёмами обучения русскому как неродному",
            2,
        ),
    ),
    RiskFactor.ENVIRONMENT: (
        Measure(
            "Совместные мероприятия с детьми, воспитательные события",
            "конференция, квест, конкурс",
            "Повышено качество учебной и воспитательной среды",
            3,
            BOTH,
        ),
    ),
    RiskFactor.DISABILITIES: (
        Measure(
            "Консультации логопеда и педагога-психолога школы-лидера",
            "консультация",
            "Обучающиеся с ОВЗ получают сопровождение специалистов",
            1,
            months=8,
        ),
    ),
    RiskFactor.PARENTS: (
        Measure(
            "Совместные родительские собрания и семейные гостиные",
            "гостиная, родительское собрание",
            "Родители вовлечены в жизнь школы",
            2,
            BOTH,
        ),
    ),
}


def _add_months(start: date, months: int) -> date:
    total = start.year * 12 + start.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def measure_data(
    measure: Measure, partnership: Partnership, start: date, risk_factor: str = ""
) -> dict[str, Any]:
    """The fields of ``roadmap_item_create`` for one measure (the deadline is a month)."""
    side = {LEADER: partnership.leader, SUPPORTED: partnership.supported}.get(measure.side)
    return {
        "stage": measure.stage,
        "risk_factor": risk_factor,
        "action": measure.action,
        "form": measure.form,
        "expected_result": measure.expected_result,
        "due": _add_months(start.replace(day=1), measure.month + measure.months - 1),
        "due_is_month": True,
        "responsible_school": side,
        "responsible_person": measure.responsible,
    }


def template_start(template: Template, year: int) -> date:
    """The first month of a template's roadmap in the school year starting in ``year``."""
    return date(year if template.start_month >= 9 else year + 1, template.start_month, 1)


# --- XLSX ---------------------------------------------------------------------------------

MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
_MONTH_STEMS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


def due_text(item: RoadmapItem) -> str:
    """The deadline as a person writes it: «апрель 2024» or «15.04.2024»."""
    if item.due is None:
        return ""
    if item.due_is_month:
        return f"{MONTHS[item.due.month - 1]} {item.due.year}"
    return f"{item.due:%d.%m.%Y}"


def parse_due(value: Any) -> tuple[date, bool]:
    """A deadline cell: a date (``15.04.2024``, ``2024-04-15``, an Excel date) or a month
    (``апрель 2024``, ``04.2024``, ``2024-04``) → (date, is_month)."""
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    text = cell_text(value).strip().lower().replace("г.", "").replace("год", "").strip()
    for pattern, order in (
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
    ):
        m = re.fullmatch(pattern, text)
        if m:
            a, b, c = (int(x) for x in m.groups())
            d, mo, y = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return date(y, mo, d), False
            except ValueError:
                break
    m = re.fullmatch(r"(\d{1,2})\.(\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m:
        a, b = (int(x) for x in m.groups())
        mo, y = (a, b) if a <= 12 and b > 12 else (b, a)
        if 1 <= mo <= 12:
            return date(y, mo, 1), True
    m = re.fullmatch(r"([а-яё]+)\s+(\d{4})", text)
    if m:
        word, year = m.group(1), int(m.group(2))
        for number, stem in enumerate(_MONTH_STEMS, start=1):
            if word.startswith(stem) and not (stem == "ма" and word.startswith("мар")):
                return date(year, number, 1), True
    raise CellError(
        gettext_noop("«%(value)s» — не срок: дата ДД.ММ.ГГГГ или месяц, например «апрель 2024»."),
        value=cell_text(value),
    )


def _status_parser() -> Any:
    labels = {str(label).lower(): code for code, label in RoadmapItem.Status.choices}
    labels.update({code: code for code in RoadmapItem.Status.values})

    def parse(value: Any) -> str:
        text = cell_text(value).strip().lower()
        if text in labels:
            return labels[text]
        raise CellError(
            gettext_noop("Статус «%(value)s» не известен: %(allowed)s."),
            value=cell_text(value),
            allowed=", ".join(str(label) for _c, label in RoadmapItem.Status.choices),
        )

    return parse


def _side_parser(partnership: Partnership) -> Any:
    def parse(value: Any) -> str:
        text = cell_text(value).strip().lower()
        if text in ("лидер", "школа-лидер", "leader"):
            return LEADER
        if text in ("поддерживаемая", "поддерживаемая школа", "supported"):
            return SUPPORTED
        for side, school in ((LEADER, partnership.leader), (SUPPORTED, partnership.supported)):
            if text in (school.name.lower(), school.display_name.lower()):
                return side
        raise CellError(
            gettext_noop(
                "Школа «%(value)s» — не сторона партнёрства: «%(leader)s» или «%(supported)s»."
            ),
            value=cell_text(value),
            leader=partnership.leader.display_name,
            supported=partnership.supported.display_name,
        )

    return parse


def columns(partnership: Partnership) -> list[Column]:
    from orbita.tabular import text_parser

    return [
        Column("stage", ("этап",), parser=text_parser(max_length=200)),
        Column("action", ("мероприятие", "мероприятия/действие", "действие"), required=True),
        Column("form", ("форма",), parser=text_parser(max_length=300)),
        Column("expected_result", ("ожидаемый результат", "результат")),
        Column("due", ("срок", "сроки выполнения", "срок выполнения"), parser=parse_due),
        Column("side", ("ответственная школа", "школа"), parser=_side_parser(partnership)),
        Column(
            "responsible_person",
            ("ответственный", "ответственные"),
            parser=text_parser(max_length=300),
        ),
        Column("status", ("статус",), parser=_status_parser()),
    ]


HEADERS = (
    "Этап",
    "Мероприятие",
    "Форма",
    "Ожидаемый результат",
    "Срок",
    "Ответственная школа",
    "Ответственный",
    "Статус",
)


def roadmap_xlsx(partnership: Partnership, items: Iterable[RoadmapItem]) -> bytes:
    """The roadmap as XLSX; the same columns are read back by ``read_roadmap``."""
    rows = [
        [
            item.stage,
            item.action,
            item.form,
            item.expected_result,
            due_text(item),
            item.responsible_school.display_name if item.responsible_school else "",
            item.responsible_person,
            item.get_status_display(),
        ]
        for item in items
    ]
    return write_xlsx(
        HEADERS,
        rows,
        sheet_title="Дорожная карта",
        notes=(
            _("Дорожная карта: %(leader)s → %(supported)s")
            % {
                "leader": partnership.leader.display_name,
                "supported": partnership.supported.display_name,
            },
        ),
    )


def read_roadmap(
    partnership: Partnership, data: bytes, filename: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of an uploaded roadmap as item data, and every problem in Russian
    («строка N, столбец «X»: …»); rows are returned only when there is no problem."""
    table = read_table(data, columns(partnership), filename=filename)
    problems = [p.describe(_) for p in table.problems]
    if problems:
        return [], problems
    sides = {LEADER: partnership.leader, SUPPORTED: partnership.supported}
    out = []
    for row in table.rows:
        due = row.get("due")
        out.append(
            {
                "stage": row.get("stage", ""),
                "action": row.get("action", ""),
                "form": row.get("form", ""),
                "expected_result": row.get("expected_result", ""),
                "due": due[0] if due else None,
                "due_is_month": due[1] if due else False,
                "responsible_school": sides.get(row.get("side", "")),
                "responsible_person": row.get("responsible_person", ""),
                "status": row.get("status", RoadmapItem.Status.PLANNED),
            }
        )
    if not out:
        problems.append(_("В файле нет ни одной строки дорожной карты."))
    return out, problems


# --- the agreement's annex ----------------------------------------------------------------


def roadmap_annex_docx(partnership: Partnership, items: Sequence[RoadmapItem]) -> bytes:
    """«Приложение к соглашению: план адресных мер поддержки» as a DOCX table."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    doc.add_paragraph(
        _("Приложение к соглашению о сетевом взаимодействии")
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_heading(_("План адресных мер поддержки"), level=1)
    doc.add_paragraph(
        f"{partnership.leader.name} — {partnership.supported.name}"
        + (
            f", {partnership.start:%d.%m.%Y} – {partnership.end:%d.%m.%Y}"
            if partnership.start and partnership.end
            else ""
        )
    )
    headers = [
        _("№"),
        _("Мероприятие"),
        _("Форма"),
        _("Ожидаемый результат"),
        _("Срок"),
        _("Ответственные"),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    stage = None
    for number, item in enumerate(items, start=1):
        if item.stage and item.stage != stage:
            stage = item.stage
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = stage[:1].upper() + stage[1:]
        responsible = ", ".join(
            x
            for x in (
                item.responsible_school.display_name if item.responsible_school else "",
                item.responsible_person,
            )
            if x
        )
        values = [
            str(number),
            item.action,
            item.form,
            item.expected_result,
            due_text(item),
            responsible,
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    doc.add_paragraph()
    doc.add_paragraph(_("Директор ______________ %(name)s") % {"name": partnership.leader.director})
    doc.add_paragraph(
        _("Директор ______________ %(name)s") % {"name": partnership.supported.director}
    )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
