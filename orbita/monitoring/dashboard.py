"""The municipality and region dashboards: the report's sections (``reports.report_sections``)
drawn as SVG charts with their tables beside them, so the dashboard and the DOCX/XLSX report
show the same numbers; a region's overview lists its municipalities with their key figures,
each linking to the municipality's dashboard."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from orbita.mentoring.models import MentoringPair
from orbita.mentoring.selectors import pair_list
from orbita.monitoring import charts
from orbita.monitoring.reports import Section, Table
from orbita.partnerships.models import Partnership
from orbita.partnerships.selectors import partnership_list, roadmap_progress
from orbita.registry.models import Municipality


def school_year(today: date | None = None) -> tuple[date, date]:
    """The current school year, 1 September to 31 August."""
    today = today or timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    return date(start, 9, 1), date(start + 1, 8, 31)


@dataclass
class ShownTable:
    title: str
    header: list[str]
    rows: list[list[str]]
    chart: SafeString | None


@dataclass
class ShownSection:
    key: str
    title: str
    text: list[str]
    tables: list[ShownTable]
    link: str
    link_text: str


def _cell(value: Any, percent: bool) -> str:
    if value == "" or value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if percent:
            return f"{round(100 * float(value))} %"
        if isinstance(value, float):
            return f"{value:.2f}".replace(".", ",")
        return str(value)
    return str(value)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _label(table: Table, row: list[Any]) -> str:
    first_chart = min(table.chart)
    parts = [str(row[0])]
    if first_chart > 1 and isinstance(row[1], int) and 1990 < row[1] < 2100:
        parts.append(str(row[1]))  # a year beside the label (results by year)
    return " ".join(parts)


def svg_chart(table: Table) -> SafeString | None:
    """The table's chart as SVG (none without chart columns or rows)."""
    if not table.chart or not table.rows:
        return None
    labels = [_label(table, r) for r in table.rows]
    if table.target is not None:
        column = table.chart[0]
        return charts.share_chart(
            [
                (label, _number(r[column]), _number(r[table.target]))
                for label, r in zip(labels, table.rows, strict=True)
            ],
            title=table.title,
        )
    if len(table.chart) >= 2:
        a, b = table.chart[:2]
        values = [
            (label, _number(r[a]), _number(r[b]))
            for label, r in zip(labels, table.rows, strict=True)
        ]
        top = table.maximum or max((max(x[1], x[2]) for x in values), default=1) or 1
        return charts.paired_bar_chart(values, maximum=top, title=table.title)
    column = table.chart[0]
    return charts.bar_chart(
        [(label, _number(r[column])) for label, r in zip(labels, table.rows, strict=True)],
        title=table.title,
    )


def _links(municipality: Municipality) -> dict[str, tuple[str, str]]:
    from django.utils.translation import gettext as _

    m = municipality.pk
    return {
        "network": (reverse("registry:municipality-detail", args=[m]), _("Школы муниципалитета")),
        "diagnosis": (reverse("diagnosis:municipality-detail", args=[m]), _("Диагностика")),
        "partnerships": (f"{reverse('partnerships:list')}?municipality={m}", _("Партнёрства")),
        "mentoring": (reverse("mentoring:programme-list"), _("Программы наставничества")),
        "events": (reverse("collaboration:event-list"), _("Мероприятия")),
        "satisfaction": (reverse("monitoring:home"), _("Анкеты")),
        "dynamics": (reverse("diagnosis:municipality-detail", args=[m]), _("Результаты школ")),
    }


def shown_sections(sections: list[Section], municipality: Municipality) -> list[ShownSection]:
    links = _links(municipality)
    out = []
    for section in sections:
        link, link_text = links.get(section.key, ("", ""))
        out.append(
            ShownSection(
                key=section.key,
                title=section.title,
                text=list(section.text),
                tables=[
                    ShownTable(
                        title=t.title,
                        header=list(t.header),
                        rows=[
                            [
                                _cell(v, (t.percent and i in t.chart) or i in t.percent_columns)
                                for i, v in enumerate(row)
                            ]
                            for row in t.rows
                        ],
                        chart=svg_chart(t),
                    )
                    for t in section.tables
                ],
                link=link,
                link_text=link_text,
            )
        )
    return out


@dataclass
class MunicipalityFigures:
    municipality: Municipality
    partnerships_live: int
    roadmap: dict[str, int]
    pairs_active: int
    url: str


def region_overview(*, user: Any, municipalities: list[Municipality]) -> list[MunicipalityFigures]:
    """Key figures of each municipality the user coordinates, in a few queries."""
    live = (Partnership.Status.ACTIVE, Partnership.Status.PROLONGED)
    partnerships = Counter(
        dict(
            partnership_list(user=user)
            .filter(status__in=live)
            .order_by()
            .values_list("municipality_id")
            .annotate(n=Count("pk", distinct=True))
        )
    )
    pairs = Counter(
        dict(
            pair_list(user=user)
            .filter(status=MentoringPair.Status.ACTIVE)
            .order_by()
            .values_list("programme__municipality_id")
            .annotate(n=Count("pk", distinct=True))
        )
    )
    url = reverse("monitoring:dashboard")
    return [
        MunicipalityFigures(
            municipality=m,
            partnerships_live=partnerships.get(m.pk, 0),
            roadmap=roadmap_progress(user=user, municipality_id=m.pk),
            pairs_active=pairs.get(m.pk, 0),
            url=f"{url}?municipality={m.pk}",
        )
        for m in municipalities
    ]
