"""``FastSelect`` writes the markup Django's ``Select`` writes, without a template per
option."""

import re

from django import forms

from orbita.core.widgets import FastSelect


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [
    ("", "— выберите —"),
    (1, "Школа № 1 «Знание» & <сила>"),
    (2, 'Школа "Вторая"'),
    ("Сельские", [(3, "Красновская ОШ"), (4, "Болтинская ОШ")]),
]


def test_the_same_markup_as_django_select():
    attrs = {"class": "form-select", "id": "id_school", "required": True, "data-x": False}
    for value in (None, "", 2, "4", 99):
        ours = FastSelect(attrs=attrs, choices=CHOICES).render("school", value)
        django = forms.Select(attrs=attrs, choices=CHOICES).render("school", value)
        assert squeeze(ours) == squeeze(django)


def test_the_markup_itself():
    html = FastSelect(choices=CHOICES[:3]).render("school", 1, attrs={"id": "id_s"})
    assert html == (
        '<select name="school" id="id_s"><option value="">— выберите —</option>'
        '<option value="1" selected>Школа № 1 «Знание» &amp; &lt;сила&gt;</option>'
        '<option value="2">Школа &quot;Вторая&quot;</option></select>'
    )


def test_a_bound_form_field_renders_through_it():
    class Form(forms.Form):
        kind = forms.ChoiceField(choices=[("", "—"), ("a", "А"), ("b", "Б")], widget=FastSelect)
        no_blank = forms.ChoiceField(choices=[("a", "А"), ("b", "Б")], widget=FastSelect)

    form = Form({"kind": "b", "no_blank": "a"})
    assert str(form["kind"]) == (
        '<select name="kind" id="id_kind" required><option value="">—</option>'
        '<option value="a">А</option><option value="b" selected>Б</option></select>'
    )
    # Like Django's: no «required» when no option stands for «nothing chosen».
    assert str(form["no_blank"]) == (
        '<select name="no_blank" id="id_no_blank"><option value="a" selected>А</option>'
        '<option value="b">Б</option></select>'
    )
