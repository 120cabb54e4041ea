"""Documents of collaboration, built with python-docx in the layout mentoring uses (A4,
Times New Roman 12, tables with a header row): the recommendations of a brainstorm session
and the collection of best practices (сборник лучших практик, case 001's final stage).

Each document has a plain-rows generator (``*_rows``) beside its renderer. Callers pass
objects they fetched through the scoped selectors.
"""

import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from orbita.collaboration.models import BrainstormSession, Material

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document() -> Any:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = Cm(2.5)
        section.right_margin = Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(2.0)
    return doc


def _centered(doc: Any, text: str, *, bold: bool = False, size: int | None = None) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def _table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for i, title in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            table.rows[r].cells[i].text = value


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- brainstorm recommendations -----------------------------------------------------------


def recommendations_rows(ranking: Sequence[Any]) -> list[list[str]]:
    """Rank, recommendation (with the ideas merged into it), average score, votes."""
    rows = []
    for n, ranked in enumerate(ranking, start=1):
        text = ranked.idea.text
        if ranked.merged:
            text += "\n" + "\n".join(f"— {m.text}" for m in ranked.merged)
        average = f"{ranked.average:.2f}".replace(".", ",") if ranked.average is not None else "—"
        rows.append([str(n), text, average, str(ranked.votes)])
    return rows


def recommendations_docx(*, session: BrainstormSession, ranking: Sequence[Any]) -> bytes:
    """The session's ranked ideas as recommendations: problem, facilitator, participants,
    the table of recommendations best first."""
    doc = _document()
    _centered(doc, _("Рекомендации по итогам мозгового штурма"), bold=True, size=14)
    _centered(doc, session.title, bold=True)
    doc.add_paragraph(_("Муниципалитет: %(name)s") % {"name": session.municipality.name})
    when = session.scheduled_at or session.created_at
    doc.add_paragraph(_("Дата: %(date)s") % {"date": timezone.localtime(when).strftime("%d.%m.%Y")})
    doc.add_paragraph(_("Ведущий: %(name)s") % {"name": _person(session.facilitator)})
    participants = [_person(p) for p in session.participants.all()]
    doc.add_paragraph(
        _("Участники (%(n)d): %(names)s")
        % {"n": len(participants), "names": "; ".join(participants) or "—"}
    )
    doc.add_paragraph(_("Проблема: %(text)s") % {"text": session.problem})
    _table(
        doc,
        [_("№"), _("Рекомендация"), _("Средняя оценка"), _("Оценок")],
        recommendations_rows(ranking),
    )
    return _save(doc)


def _person(user: Any) -> str:
    teacher = getattr(user, "teacher", None)
    if teacher is not None:
        return f"{teacher.full_name}, {teacher.school.display_name}"
    return user.get_full_name() or user.username


# --- the collection of best practices -----------------------------------------------------


def collection_rows(materials: Sequence[Material]) -> list[list[str]]:
    """Number, title, kind, author and school, subjects and grades, link or file name."""
    return [
        [
            str(n),
            m.title,
            str(m.get_kind_display()),
            ", ".join(p for p in (m.author_name, m.school.display_name) if p),
            ", ".join(s.name for s in m.subjects.all())
            + (f" ({', '.join(map(str, m.grades))} {_('кл.')})" if m.grades else ""),
            m.link or m.file_name,
        ]
        for n, m in enumerate(materials, start=1)
    ]


def collection_docx(*, title: str, materials: Sequence[Material]) -> bytes:
    """«Сборник лучших практик»: a contents table, then one section per material with its
    description and competencies."""
    doc = _document()
    _centered(doc, title or _("Сборник лучших практик"), bold=True, size=14)
    _centered(doc, timezone.localdate().strftime("%Y"))
    doc.add_heading(_("Содержание"), level=2)
    _table(
        doc,
        [_("№"), _("Материал"), _("Вид"), _("Автор, школа"), _("Предметы, классы"), _("Где")],
        collection_rows(materials),
    )
    for n, material in enumerate(materials, start=1):
        doc.add_heading(f"{n}. {material.title}", level=2)
        meta = ", ".join(p for p in (material.author_name, material.school.display_name) if p)
        if meta:
            doc.add_paragraph().add_run(meta).italic = True
        if material.description:
            doc.add_paragraph(material.description)
        competencies = ", ".join(c.name for c in material.competencies.all())
        if competencies:
            doc.add_paragraph(_("Компетенции: %(list)s") % {"list": competencies})
        if material.link:
            doc.add_paragraph(_("Ссылка: %(url)s") % {"url": material.link})
    return _save(doc)
