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
