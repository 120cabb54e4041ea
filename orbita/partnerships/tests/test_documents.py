"""The agreement DOCX: every field filled, an edited template reflected, an unknown
placeholder reported."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from orbita.conftest import World
from orbita.partnerships import services
from orbita.partnerships.documents import DIRECTIONS, default_template_bytes, template_problems
from orbita.partnerships.models import Partnership
from orbita.registry.tests.factories import SchoolFactory


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def partnership(world: World) -> Partnership:
    supported = SchoolFactory.create(
        municipality=world.municipality,
        code="5200003",
        name="МБОУ Красновская ОШ",
        director="Орлова А. В.",
    )
    return services.partnership_create(
        actor=None,
        leader=world.school,
        supported=supported,
        start=date(2025, 9, 1),
        end=date(2026, 8, 31),
        coordinator_name="Иванова И. И.",
    )


def test_default_template_fills_every_field(partnership: Partnership) -> None:
    agreement = services.agreement_generate(
        actor=None, partnership=partnership, data={"number": "7", "date": date(2025, 9, 1)}
    )
    text = _text(agreement.file.read())
    assert "{{" not in text and "{%" not in text
    assert "Соглашение о сетевом взаимодействии № 7" in text
    assert "МБОУ Красновская ОШ" in text and "Орлова А. В." in text
    assert "с 01.09.2025 по 31.08.2026 (срок № 1)" in text
    assert all(d in text for d in DIRECTIONS)
    assert "Иванова И. И." in text


def _edited(old: str, new: str) -> bytes:
    doc = Document(io.BytesIO(default_template_bytes()))
    for p in doc.paragraphs:
        if old in p.text:
            p.text = p.text.replace(old, new)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_an_edited_template_is_reflected(partnership: Partnership) -> None:
    edited = _edited(
        "Споры решаются путём переговоров Сторон.",
        "Разногласия Стороны урегулируют с участием {{ coordinator }}.",
    )
    tpl = services.template_upload(actor=None, name="Соглашение", data=edited)
    assert tpl.version == 1
    agreement = services.agreement_generate(actor=None, partnership=partnership, data={})
    assert agreement.template == tpl
    text = _text(agreement.file.read())
    assert "Разногласия Стороны урегулируют с участием Иванова И. И.." in text
    assert "Споры решаются" not in text


@pytest.mark.django_db
def test_an_unknown_placeholder_is_reported() -> None:
    edited = _edited("Споры решаются", "{{ arbitr_court }} Споры решаются")
    assert template_problems(edited) == ["Неизвестная подстановка {{ arbitr_court }}."]
    assert template_problems(b"not a docx")[0].startswith("Файл не является шаблоном DOCX")
    with pytest.raises(ValidationError):
        services.template_upload(actor=None, name="x", data=edited)
