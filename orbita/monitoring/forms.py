"""Forms of monitoring: the builder, the distribution and the answer form (one plain HTML
form per survey, with radio buttons and check boxes, no script needed)."""

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbita.core.widgets import FastSelect
from orbita.monitoring.models import Audience, Question, Survey, SurveyKind
from orbita.registry.models import Municipality, School


class SurveyCreateForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none()
    )
    kind = forms.ChoiceField(label=_("Шаблон"), choices=SurveyKind.choices)
    title = forms.CharField(label=_("Название (для своей анкеты)"), max_length=300, required=False)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        only = list(municipalities[:2])
        if len(only) == 1:  # a municipal coordinator has nothing to choose
            self.fields["municipality"].initial = only[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SurveyKind.CUSTOM and not (data.get("title") or "").strip():
            self.add_error("title", _("Укажите название анкеты."))
        return data


class SurveyEditForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "description", "is_anonymous", "target_share", "satisfied_from"]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Вопрос"), max_length=500)
    kind = forms.ChoiceField(label=_("Тип"), choices=Question.Kind.choices)
    is_required = forms.BooleanField(label=_("Обязательный"), required=False, initial=True)
    counts_for_satisfaction = forms.BooleanField(
        label=_("Входит в удовлетворённость"), required=False
    )
    choices = forms.CharField(
        label=_("Варианты ответа (по одному в строке)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data.get("choices", "").splitlines() if c.strip()]


class DistributionForm(forms.Form):
    audiences = forms.MultipleChoiceField(
        label=_("Кому"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("Школы (пусто — все школы муниципалитета)"),
        queryset=School.objects.none(),
        required=False,
    )
    deadline = forms.DateField(
        label=_("Срок ответа"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.filter(  # type: ignore[attr-defined]
            municipality=survey.municipality
        ).order_by("short_name", "name")
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=14)


class AnswerForm(forms.Form):
    """One field per question, named ``q<id>``."""

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(str(v), str(v)) for v in range(1, 6)]
        for q in survey.questions.all():
            name = f"q{q.pk}"
            field: forms.Field
            if q.kind == Question.Kind.SCALE:
                field = forms.ChoiceField(choices=scale, widget=forms.RadioSelect)
            elif q.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(str(c.pk), c.text) for c in q.choices.all()], widget=forms.RadioSelect
                )
            elif q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(str(c.pk), c.text) for c in q.choices.all()],
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
            field.label = q.text
            field.required = q.is_required
            self.fields[name] = field

    def answers(self) -> dict[int, Any]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class AssessmentForm(forms.Form):
    level = forms.IntegerField(label=_("Уровень (1–5)"), min_value=1, max_value=5)


class ReportForm(forms.Form):
    """A municipal report to order: the municipality and the period (a year by default)."""

    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none()
    )
    period_start = forms.DateField(
        label=_("С"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("По"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "period_start": timezone.localdate() - timedelta(days=365),
                "period_end": timezone.localdate(),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Конец периода раньше начала."))
        return data


class DashboardForm(forms.Form):
    """Which municipality and period the dashboard shows (a GET form: bad values are
    ignored and the defaults stand)."""

    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    start = forms.DateField(
        label=_("С"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("По"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Конец периода раньше начала."))
        return data
