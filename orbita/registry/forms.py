"""Filter forms of the registry pages.

GET forms: an invalid value (a municipality outside the scope, a made-up kind) is dropped
and marked on the field; the other filters still apply.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from orbita.core.widgets import FastSelect
from orbita.registry.models import Municipality, School, SchoolKind

RURAL_CHOICES = {"yes": True, "no": False}


def _valid_data(form: forms.Form) -> Mapping[str, Any]:
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


class SchoolFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Название, код, адрес или директор"),
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Все муниципалитеты"),
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Тип ОО"),
        required=False,
        choices=[("", _("Все типы")), *SchoolKind.choices],
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    rural = forms.ChoiceField(
        label=_("Местность"),
        required=False,
        choices=[("", _("Любая")), ("yes", _("Сельская")), ("no", _("Городская"))],
        widget=FastSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = municipalities.order_by("name")

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``school_list`` from the valid fields."""
        data = _valid_data(self)
        municipality = data.get("municipality")
        return {
            "search": data.get("q", ""),
            "municipality_id": municipality.pk if municipality else None,
            "kind": data.get("kind", ""),
            "rural": RURAL_CHOICES.get(data.get("rural", "")),
        }


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class TeacherFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("ФИО или должность"),
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    school = SchoolChoiceField(
        label=_("Школа"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("Все школы"),
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    subject = forms.ChoiceField(
        label=_("Предмет"),
        required=False,
        widget=FastSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, schools: QuerySet[School], subjects: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = schools
        choice = self.fields["subject"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", _("Все предметы")), *((s.code, s.name) for s in subjects)]

    def filters(self) -> dict[str, Any]:
        data = _valid_data(self)
        school = data.get("school")
        return {
            "search": data.get("q", ""),
            "school_id": school.pk if school else None,
            "subject": data.get("subject", ""),
        }
