"""The agreement as DOCX from an editable docxtpl template.

The default template is built here with python-docx (our own text, no third-party file);
a coordinator downloads it, edits it in a word processor and uploads it as a new version.
``template_problems`` reports every placeholder the context does not know (never silently
dropped); ``render_agreement`` fills a template with ``agreement_context``.
"""

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate

from orbita.partnerships.models import Agreement

# The six directions of cooperation of case 000 and the obligations of case 001.
DIRECTIONS = (
    "консультирование директора по управленческим решениям",
    "психолого-педагогическое сопровождение обучающихся и работа с семьёй",
    "обмен педагогическими практиками",
    "методические формы, в том числе дистанционные: семинары, вебинары, мастер-классы, "
    "взаимопосещение уроков",
    "совместные педагогические советы и мероприятия с детьми",
    "совместный банк методических материалов",
)
LEADER_OBLIGATIONS = (
    "разработать совместно с партнёром план адресных мер поддержки",
    "проводить консультации, семинары и открытые уроки для педагогов партнёра",
    "назначить ответственных за реализацию соглашения",
)
SUPPORTED_OBLIGATIONS = (
    "провести самодиагностику и определить дефициты",
    "обеспечить участие педагогов в мероприятиях плана",
    "представлять отчёты о выполнении мероприятий",
)

# Placeholder → what it holds (shown on the template page).
PLACEHOLDERS: dict[str, str] = {
    "number": "номер соглашения",
    "date": "дата соглашения (ДД.ММ.ГГГГ)",
    "city": "место заключения",
    "leader_name": "полное наименование школы-лидера",
    "leader_director": "директор школы-лидера",
    "leader_role": "роль школы-лидера",
    "supported_name": "полное наименование поддерживаемой школы",
    "supported_director": "директор поддерживаемой школы",
    "supported_role": "роль поддерживаемой школы",
    "subject": "предмет соглашения",
    "directions": "список направлений сотрудничества",
    "directions_extra": "другие направления (свободный текст)",
    "leader_obligations": "список обязательств школы-лидера",
    "supported_obligations": "список обязательств поддерживаемой школы",
    "start": "начало срока",
    "end": "окончание срока",
    "term_number": "номер срока (1 — заключение, далее — пролонгации)",
    "coordinator": "муниципальный координатор",
    "working_group": "рабочая группа",
    "municipality": "муниципалитет",
}


def default_template_bytes() -> bytes:
    """The shipped template (version 1): every clause of the seed agreements."""
    doc = Document()
    doc.add_heading("Соглашение о сетевом взаимодействии № {{ number }}", level=1)
    doc.add_paragraph("{{ city }}, {{ date }}")
    doc.add_paragraph(
        "{{ leader_name }} ({{ leader_role }}) в лице директора {{ leader_director }} и "
        "{{ supported_name }} ({{ supported_role }}) в лице директора "
        "{{ supported_director }}, далее — Стороны, заключили настоящее соглашение."
    )
    doc.add_heading("1. Предмет соглашения", level=2)
    doc.add_paragraph("{{ subject }}")
    doc.add_heading("2. Направления сотрудничества", level=2)
    doc.add_paragraph("{% for d in directions %}— {{ d }};\n{% endfor %}{{ directions_extra }}")
    doc.add_heading("3. Обязательства сторон", level=2)
    doc.add_paragraph("Школа-лидер обязуется:")
    doc.add_paragraph("{% for o in leader_obligations %}— {{ o }};\n{% endfor %}")
    doc.add_paragraph("Поддерживаемая школа обязуется:")
    doc.add_paragraph("{% for o in supported_obligations %}— {{ o }};\n{% endfor %}")
    doc.add_heading("4. Срок действия", level=2)
    doc.add_paragraph(
        "Соглашение действует с {{ start }} по {{ end }} (срок № {{ term_number }}) и "
        "продлевается по согласию Сторон (пролонгация оформляется новым сроком)."
    )
    doc.add_heading("5. Прочие условия", level=2)
    doc.add_paragraph("Сотрудничество осуществляется на безвозмездной основе.")
    doc.add_paragraph(
        "Координацию осуществляет муниципальный координатор {{ coordinator }} "
        "({{ municipality }}); рабочая группа: {{ working_group }}."
    )
    doc.add_paragraph("Споры решаются путём переговоров Сторон.")
    doc.add_paragraph("Соглашение составлено в двух экземплярах, по одному для каждой Стороны.")
    doc.add_heading("6. Подписи сторон", level=2)
    doc.add_paragraph("Директор ______________ {{ leader_director }}")
    doc.add_paragraph("Директор ______________ {{ supported_director }}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    p = agreement.partnership
    term = agreement.term or p.terms.order_by("-number").first()
    start = term.start if term else p.start
    end = term.end if term else p.end
    return {
        "number": agreement.number or str(agreement.pk or ""),
        "date": f"{agreement.date:%d.%m.%Y}" if agreement.date else "",
        "city": agreement.city or p.municipality.center,
        "leader_name": p.leader.name,
        "leader_director": p.leader.director,
        "leader_role": p.leader_role,
        "supported_name": p.supported.name,
        "supported_director": p.supported.director,
        "supported_role": p.supported_role,
        "subject": p.subject
        or "организация сетевого взаимодействия для повышения качества образования",
        "directions": list(agreement.directions),
        "directions_extra": agreement.directions_extra,
        "leader_obligations": list(agreement.leader_obligations),
        "supported_obligations": list(agreement.supported_obligations),
        "start": f"{start:%d.%m.%Y}" if start else "",
        "end": f"{end:%d.%m.%Y}" if end else "",
        "term_number": term.number if term else 1,
        "coordinator": p.coordinator_name,
        "working_group": p.working_group,
        "municipality": p.municipality.name,
    }


LOOP_NAMES = {"d", "o"}


def template_problems(data: bytes) -> list[str]:
    """Every problem of an uploaded template, in Russian: not a DOCX, or placeholders the
    agreement does not know (an unknown placeholder is reported, not dropped)."""
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        names = tpl.get_undeclared_template_variables()
    except Exception as exc:
        return [_("Файл не является шаблоном DOCX: %(e)s") % {"e": exc}]
    unknown = sorted(set(names) - set(PLACEHOLDERS) - LOOP_NAMES)
    return [_("Неизвестная подстановка {{ %(name)s }}.") % {"name": n} for n in unknown]


def render_agreement(agreement: Agreement, template_bytes: bytes | None = None) -> bytes:
    data = template_bytes if template_bytes is not None else default_template_bytes()
    tpl = DocxTemplate(io.BytesIO(data))
    tpl.render(agreement_context(agreement))
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def partnership_report_docx(
    partnership: Any,
    *,
    items: Any,
    balance: dict[str, Any],
    events: Any,
    profiles: Any,
    today: Any,
) -> bytes:
    """The partnership report (DOCX): parties, terms, agreements, the roadmap with its
    statuses and overdue items, who helped whom, the events held and the risk profile."""
    from orbita.partnerships.roadmap import due_text

    p = partnership
    doc = Document()
    doc.add_heading(_("Отчёт о партнёрстве"), level=1)
    doc.add_paragraph(f"{p.leader.name} — {p.supported.name}")
    doc.add_paragraph(
        _("%(municipality)s; статус: %(status)s; на %(today)s.")
        % {
            "municipality": p.municipality.name,
            "status": p.get_status_display(),
            "today": f"{today:%d.%m.%Y}",
        }
    )
    doc.add_heading(_("Сроки и соглашения"), level=2)
    for term in p.terms.all():
        doc.add_paragraph(
            _("Срок %(n)s: %(start)s – %(end)s (%(note)s)")
            % {
                "n": term.number,
                "start": f"{term.start:%d.%m.%Y}",
                "end": f"{term.end:%d.%m.%Y}",
                "note": term.note,
            },
            style="List Bullet",
        )
    for a in p.agreements.all():
        doc.add_paragraph(
            _("Соглашение № %(number)s%(date)s%(signed)s")
            % {
                "number": a.number or a.pk,
                "date": _(" от %(d)s") % {"d": f"{a.date:%d.%m.%Y}"} if a.date else "",
                "signed": _(", подписано %(d)s") % {"d": f"{a.signed_at:%d.%m.%Y}"}
                if a.signed_at
                else "",
            },
            style="List Bullet",
        )
    items = list(items)
    live = [i for i in items if i.status != "cancelled"]
    done = [i for i in live if i.status == "done"]
    overdue = [i for i in live if i.is_overdue(today)]
    doc.add_heading(_("Дорожная карта"), level=2)
    doc.add_paragraph(
        _("Мер: %(total)s, выполнено: %(done)s, просрочено: %(overdue)s.")
        % {"total": len(live), "done": len(done), "overdue": len(overdue)}
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (_("Мероприятие"), _("Срок"), _("Ответственная школа"), _("Статус")),
        strict=True,
    ):
        cell.text = str(text)
    for item in items:
        status = item.get_status_display() + (_(" (просрочено)") if item in overdue else "")
        values = (
            item.action,
            due_text(item),
            item.responsible_school.display_name if item.responsible_school else _("обе школы"),
            status,
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)
    doc.add_heading(_("Кто кому помогал"), level=2)
    for side, school, other in (
        ("leader", p.leader, p.supported),
        ("supported", p.supported, p.leader),
    ):
        doc.add_paragraph(
            _("%(a)s → %(b)s: мер дорожной карты %(n)s (выполнено %(d)s), мероприятий %(e)s.")
            % {
                "a": school.display_name,
                "b": other.display_name,
                "n": balance[side]["roadmap"],
                "d": balance[side]["done"],
                "e": sum(1 for e in events if e.helper_school_id == school.pk),
            },
            style="List Bullet",
        )
    events = list(events)
    if events:
        doc.add_heading(_("Мероприятия"), level=2)
        for e in events:
            doc.add_paragraph(
                f"{e.starts_at:%d.%m.%Y} — {e.get_kind_display()}: {e.title}"
                + (f" ({e.outcome})" if getattr(e, "outcome", "") else ""),
                style="List Bullet",
            )
    profiles = list(profiles)
    if profiles:
        profile = profiles[0]
        doc.add_heading(
            _("Рисковый профиль %(y)s/%(y2)s") % {"y": profile.year, "y2": profile.year + 1},
            level=2,
        )
        for f in profile.factors.all():
            if f.level != "none" or f.chosen:
                doc.add_paragraph(
                    f"{f.get_factor_display()}: {f.get_level_display()}"
                    + (_(" — в работе") if f.chosen else "")
                    + (f". {f.note}" if f.note else ""),
                    style="List Bullet",
                )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
