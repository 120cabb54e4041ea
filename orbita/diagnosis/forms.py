"""Forms of the diagnosis pages: the filter of the municipal page and the settings form."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orbita.analytics import ADVERSITY_INDICATORS, Params
from orbita.core.widgets import FastSelect
from orbita.diagnosis.flags import FLAGS
from orbita.diagnosis.models import Method
from orbita.diagnosis.params import (
    INDICATOR_LABELS,
    SECTIONS,
    SPECS,
    ParamSection,
    as_percent,
    from_percent,
)
from orbita.diagnosis.reports import NO_FLAG_FILTER

WEIGHT_PREFIX = "weight_"
ADVANCED_SECTIONS = ("impact", "precision")


class DiagnosisFilterForm(forms.Form):
    """Year and flag of the municipal page (GET). An unknown value is simply ignored."""

    year = forms.TypedChoiceField(
        label=_("Год"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    flag = forms.ChoiceField(
        label=_("Признак"),
        required=False,
        choices=[
            ("", _("Все школы")),
            *[(f.code, str(f.name).capitalize()) for f in FLAGS],
            (NO_FLAG_FILTER, _("Без признаков")),
        ],
        widget=FastSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, years: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, y) for y in years]

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {"year": None, "flag": ""}
        return {"year": self.cleaned_data["year"], "flag": self.cleaned_data["flag"]}


def _field(name: str) -> forms.Field:
    spec = SPECS[name]
    attrs = {"class": "form-control", "inputmode": "decimal"}
    if spec.kind == "share":
        return forms.DecimalField(
            label=spec.label,
            help_text=spec.help,
            min_value=Decimal(0),
            max_value=Decimal(100),
            max_digits=9,
            decimal_places=6,
            localize=True,
            widget=forms.TextInput(attrs=attrs),
        )
    if spec.kind == "int":
        return forms.IntegerField(
            label=spec.label,
            help_text=spec.help,
            min_value=None if name == "seed" else 1,
            localize=True,
            widget=forms.TextInput(attrs={**attrs, "inputmode": "numeric"}),
        )
    return forms.FloatField(
        label=spec.label,
        help_text=spec.help,
        min_value=0.0,
        localize=True,
        widget=forms.TextInput(attrs=attrs),
    )


class DiagnosisSettingsForm(forms.Form):
    """The method and every parameter of the methodology. Shares are typed as percentages
    («30» for 0.30); the engine checks the whole set (``Params``) in ``clean``."""

    method = forms.ChoiceField(
        label=_("Метод выявления школ с низкими результатами"),
        choices=Method.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, params: Params, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SPECS:
            self.fields[name] = _field(name)
        for indicator in ADVERSITY_INDICATORS:
            self.fields[WEIGHT_PREFIX + indicator] = forms.DecimalField(
                label=INDICATOR_LABELS[indicator],
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=4,
                localize=True,
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
            )
        self.initial = {**self._initial(params), **self.initial}

    @staticmethod
    def _initial(params: Params) -> dict[str, Any]:
        initial: dict[str, Any] = {"method": params.method}
        for name, spec in SPECS.items():
            value = getattr(params, name)
            initial[name] = as_percent(value) if spec.kind == "share" else value
        for indicator in ADVERSITY_INDICATORS:
            weight = Decimal(repr(params.weight(indicator))).normalize()
            initial[WEIGHT_PREFIX + indicator] = weight
        return initial

    def sections(self) -> list[tuple[ParamSection, list[forms.BoundField]]]:
        return [
            (section, [self[spec.name] for spec in section.params])
            for section in SECTIONS
            if section.code not in ADVANCED_SECTIONS
        ]

    def advanced_sections(self) -> list[tuple[ParamSection, list[forms.BoundField]]]:
        """The sections most coordinators never change (§9, numeric precision)."""
        return [
            (section, [self[spec.name] for spec in section.params])
            for section in SECTIONS
            if section.code in ADVANCED_SECTIONS
        ]

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[WEIGHT_PREFIX + indicator] for indicator in ADVERSITY_INDICATORS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            Params(**self.params_data())
        except ValueError as error:
            raise forms.ValidationError(
                _("Параметры не приняты: %(error)s"), params={"error": error}
            ) from None
        return cleaned

    def params_data(self) -> dict[str, Any]:
        """The cleaned values as ``Params`` fields (percentages back to shares)."""
        data: dict[str, Any] = {"method": self.cleaned_data["method"]}
        for name, spec in SPECS.items():
            value = self.cleaned_data[name]
            data[name] = from_percent(value) if spec.kind == "share" else value
        data["adversity_weights"] = {
            indicator: float(self.cleaned_data[WEIGHT_PREFIX + indicator])
            for indicator in ADVERSITY_INDICATORS
        }
        return data
