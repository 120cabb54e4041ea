"""Forms of the partnership pages. They parse and validate input; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from orbita.core.widgets import FastSelect
from orbita.partnerships import documents, roadmap
from orbita.partnerships.models import (
    Partnership,
    Proposal,
    RiskFactor,
    RiskLevel,
    RoadmapItem,
    Weekday,
)
from orbita.registry.models import Municipality, School

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
AREA = {"class": "form-control", "rows": 3}
DATE = {"class": "form-control", "type": "date"}
TIME = {"class": "form-control", "type": "time"}
CHECK = {"class": "form-check-input"}
FILE = {"class": "form-control"}


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.municipality.name})"


def _lines(text: str) -> list[str]:
    return [line.strip(" —-;\t") for line in text.splitlines() if line.strip(" —-;\t")]


class PartnershipFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("все"),
        widget=FastSelect(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        choices=[("", _("все")), *Partnership.Status.choices],
        required=False,
        widget=FastSelect(attrs=SELECT),
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


class PartnershipEditForm(forms.Form):
    leader_role = forms.CharField(
        label=_("Роль школы-лидера"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    supported_role = forms.CharField(
        label=_("Роль поддерживаемой школы"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    start = forms.DateField(label=_("Начало"), required=False, widget=forms.DateInput(DATE))
    end = forms.DateField(label=_("Окончание"), required=False, widget=forms.DateInput(DATE))
    subject = forms.CharField(
        label=_("Предмет соглашения"),
        required=False,
        widget=forms.Textarea(attrs=AREA),
        help_text=_(
            "Например: адресная поддержка реализации программы перехода школы в "
            "эффективный режим работы."
        ),
    )
    coordinator_name = forms.CharField(
        label=_("Муниципальный координатор (ФИО, должность)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    working_group = forms.CharField(
        label=_("Рабочая группа"), required=False, widget=forms.Textarea(attrs=AREA)
    )
    note = forms.CharField(label=_("Примечание"), required=False, widget=forms.Textarea(attrs=AREA))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Окончание раньше начала."))
        return data


class PartnershipCreateForm(PartnershipEditForm):
    leader = SchoolChoiceField(
        label=_("Школа-лидер"),
        queryset=School.objects.none(),
        widget=FastSelect(attrs=SELECT),
    )
    supported = SchoolChoiceField(
        label=_("Поддерживаемая школа"),
        queryset=School.objects.none(),
        widget=FastSelect(attrs=SELECT),
    )
    field_order = ["leader", "supported"]

    def __init__(
        self, *args: Any, leaders: QuerySet[Any], supported: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders  # type: ignore[attr-defined]
        self.fields["supported"].queryset = supported  # type: ignore[attr-defined]
        self.fields["leader_role"].initial = Partnership._meta.get_field("leader_role").default
        self.fields["supported_role"].initial = Partnership._meta.get_field(
            "supported_role"
        ).default

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("leader") and data.get("leader") == data.get("supported"):
            self.add_error("supported", _("Школа не может быть партнёром самой себе."))
        return data


class ProlongForm(forms.Form):
    end = forms.DateField(label=_("Новое окончание"), widget=forms.DateInput(DATE))
    note = forms.CharField(
        label=_("Основание"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class EndForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина"), max_length=500, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class AgreementForm(forms.Form):
    number = forms.CharField(
        label=_("Номер"), max_length=60, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    date = forms.DateField(label=_("Дата"), required=False, widget=forms.DateInput(DATE))
    city = forms.CharField(
        label=_("Место заключения"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Пусто — административный центр муниципалитета."),
    )
    directions = forms.MultipleChoiceField(
        label=_("Направления сотрудничества"),
        choices=[(d, d[:1].upper() + d[1:]) for d in documents.DIRECTIONS],
        required=False,
        initial=list(documents.DIRECTIONS),
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )
    directions_extra = forms.CharField(
        label=_("Другие направления"), required=False, widget=forms.Textarea(attrs=AREA)
    )
    leader_obligations = forms.CharField(
        label=_("Школа-лидер обязуется (по одному пункту в строке)"),
        initial="\n".join(documents.LEADER_OBLIGATIONS),
        widget=forms.Textarea(attrs={**AREA, "rows": 5}),
    )
    supported_obligations = forms.CharField(
        label=_("Поддерживаемая школа обязуется (по одному пункту в строке)"),
        initial="\n".join(documents.SUPPORTED_OBLIGATIONS),
        widget=forms.Textarea(attrs={**AREA, "rows": 5}),
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["leader_obligations"] = _lines(data["leader_obligations"])
        data["supported_obligations"] = _lines(data["supported_obligations"])
        return data


class SignedScanForm(forms.Form):
    signed_scan = forms.FileField(
        label=_("Подписанный скан (PDF, PNG или JPG, до 10 МБ)"),
        widget=forms.ClearableFileInput(attrs={**FILE, "accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    signed_at = forms.DateField(
        label=_("Дата подписания"), required=False, widget=forms.DateInput(DATE)
    )


class TemplateUploadForm(forms.Form):
    name = forms.CharField(
        label=_("Название"),
        max_length=200,
        initial=_("Соглашение о сетевом взаимодействии"),
        widget=forms.TextInput(attrs=TEXT),
    )
    file = forms.FileField(
        label=_("Файл шаблона (.docx)"),
        widget=forms.ClearableFileInput(attrs={**FILE, "accept": ".docx"}),
    )
    note = forms.CharField(
        label=_("Что изменено"), required=False, widget=forms.Textarea(attrs=AREA)
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".docx"):
            raise forms.ValidationError(_("Шаблон — файл DOCX."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Шаблон больше 5 МБ."))
        return upload


class RecommendationForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        widget=FastSelect(attrs=SELECT),
    )
    year = forms.IntegerField(
        label=_("Год диагностики"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("Пусто — последний год с признаками."),
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Proposal.Decision.ACCEPTED, _("Принять")),
            (Proposal.Decision.CHANGED, _("Изменить лидера")),
            (Proposal.Decision.REJECTED, _("Отклонить")),
        ]
    )
    leader = SchoolChoiceField(
        label=_("Другая школа-лидер"),
        queryset=School.objects.none(),
        required=False,
        widget=FastSelect(attrs={**SELECT, "class": "form-select form-select-sm"}),
    )
    reason = forms.CharField(
        label=_("Причина"), max_length=500, required=False, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args: Any, leaders: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders  # type: ignore[attr-defined]


class RiskProfileCreateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Учебный год (начало)"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEXT),
    )
    prefill = forms.BooleanField(
        label=_("Заполнить по данным школы (специалисты, вакансии, ОВЗ, признаки)"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs=CHECK),
    )


class RiskFactorsForm(forms.Form):
    """All ten factors of a profile in one form: level, note and «в работу» for each."""

    def __init__(self, *args: Any, profile: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile_factors = list(profile.factors.all())
        for f in self.profile_factors:
            self.fields[f"level_{f.factor}"] = forms.ChoiceField(
                label=f.get_factor_display(),
                choices=RiskLevel.choices,
                initial=f.level,
                widget=FastSelect(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"note_{f.factor}"] = forms.CharField(
                label=_("Примечание"),
                required=False,
                initial=f.note,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"chosen_{f.factor}"] = forms.BooleanField(
                label=_("В работу"),
                required=False,
                initial=f.chosen,
                widget=forms.CheckboxInput(attrs=CHECK),
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "factor": f,
                "level": self[f"level_{f.factor}"],
                "note": self[f"note_{f.factor}"],
                "chosen": self[f"chosen_{f.factor}"],
            }
            for f in self.profile_factors
        ]

    def changes(self) -> list[tuple[Any, dict[str, Any]]]:
        return [
            (
                f,
                {
                    "level": self.cleaned_data[f"level_{f.factor}"],
                    "note": self.cleaned_data[f"note_{f.factor}"],
                    "chosen": self.cleaned_data[f"chosen_{f.factor}"],
                },
            )
            for f in self.profile_factors
        ]


# --- roadmap ------------------------------------------------------------------------------


class RoadmapItemForm(forms.Form):
    stage = forms.CharField(
        label=_("Этап"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    action = forms.CharField(label=_("Мероприятие"), widget=forms.Textarea(attrs=AREA))
    form = forms.CharField(
        label=_("Форма"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Семинар, мастер-класс, круглый стол, консультация…"),
    )
    expected_result = forms.CharField(
        label=_("Ожидаемый результат"), required=False, widget=forms.Textarea(attrs=AREA)
    )
    due = forms.DateField(label=_("Срок"), required=False, widget=forms.DateInput(DATE))
    due_is_month = forms.BooleanField(
        label=_("Срок — весь месяц (например, «апрель»)"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    responsible_school = forms.ModelChoiceField(
        label=_("Ответственная школа (кто помогает)"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("обе школы"),
        widget=FastSelect(attrs=SELECT),
    )
    responsible_person = forms.CharField(
        label=_("Ответственный"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        choices=RoadmapItem.Status.choices,
        initial=RoadmapItem.Status.PLANNED,
        widget=FastSelect(attrs=SELECT),
    )
    risk_factor = forms.ChoiceField(
        label=_("Фактор риска"),
        choices=[("", "—"), *RiskFactor.choices],
        required=False,
        widget=FastSelect(attrs=SELECT),
    )
    link = forms.URLField(
        label=_("Ссылка на подтверждение"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs=TEXT),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_school"].queryset = School.objects.filter(  # type: ignore[attr-defined]
            pk__in=(partnership.leader_id, partnership.supported_id)
        )
        self.fields["responsible_school"].label_from_instance = lambda s: s.display_name  # type: ignore[attr-defined]


class RoadmapStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=RoadmapItem.Status.choices,
        widget=FastSelect(attrs={"class": "form-select form-select-sm"}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Файл (PDF, DOCX, XLSX, PPTX, изображение; до 10 МБ)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={**FILE, "class": "form-control form-control-sm"}),
    )
    link = forms.URLField(
        label=_("или ссылка"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={**TEXT, "class": "form-control form-control-sm"}),
    )


class RoadmapTemplateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Шаблон"),
        choices=[(t.code, t.name) for t in roadmap.TEMPLATES.values()],
        widget=forms.RadioSelect(attrs=CHECK),
    )
    year = forms.IntegerField(
        label=_("Учебный год (начало)"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEXT),
    )


class RoadmapFromRiskForm(forms.Form):
    start = forms.DateField(label=_("Начало мер"), widget=forms.DateInput(DATE))


class RoadmapImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл XLSX или CSV"),
        widget=forms.ClearableFileInput(attrs={**FILE, "accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Файл больше 5 МБ."))
        return upload


# --- network programmes -------------------------------------------------------------------


class NetworkProgrammeForm(forms.Form):
    host_school = SchoolChoiceField(
        label=_("Базовая школа (где идут занятия)"),
        queryset=School.objects.none(),
        widget=FastSelect(attrs=SELECT),
    )
    guest_school = SchoolChoiceField(
        label=_("Школа обучающихся"),
        queryset=School.objects.none(),
        widget=FastSelect(attrs=SELECT),
    )
    partnership = forms.ModelChoiceField(
        label=_("Партнёрство"),
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=_("без партнёрства"),
        widget=FastSelect(attrs=SELECT),
    )
    course = forms.CharField(
        label=_("Предмет или курс"), max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
    teacher_name = forms.CharField(
        label=_("Педагог (ФИО)"), max_length=200, required=False, widget=forms.TextInput(TEXT)
    )
    teacher_part_time = forms.BooleanField(
        label=_("Педагог принят по совместительству"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    grades = forms.CharField(label=_("Классы"), max_length=60, widget=forms.TextInput(attrs=TEXT))
    weekday = forms.TypedChoiceField(
        label=_("День недели"),
        choices=[("", "—"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=FastSelect(attrs=SELECT),
    )
    time_start = forms.TimeField(label=_("Начало"), required=False, widget=forms.TimeInput(TIME))
    time_end = forms.TimeField(label=_("Окончание"), required=False, widget=forms.TimeInput(TIME))
    transport = forms.CharField(
        label=_("Подвоз"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    accompanying_adult = forms.CharField(
        label=_("Сопровождающий"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    accompanying_activity = forms.CharField(
        label=_("Чем занят сопровождающий педагог"),
        required=False,
        widget=forms.Textarea(attrs=AREA),
    )
    start = forms.DateField(label=_("Начало периода"), required=False, widget=forms.DateInput(DATE))
    end = forms.DateField(
        label=_("Окончание периода"), required=False, widget=forms.DateInput(DATE)
    )
    is_active = forms.BooleanField(
        label=_("Действует"), required=False, initial=True, widget=forms.CheckboxInput(CHECK)
    )

    def __init__(
        self,
        *args: Any,
        hosts: QuerySet[Any],
        guests: QuerySet[Any],
        partnerships: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_school"].queryset = hosts  # type: ignore[attr-defined]
        self.fields["guest_school"].queryset = guests  # type: ignore[attr-defined]
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("host_school") and data.get("host_school") == data.get("guest_school"):
            self.add_error("guest_school", _("Базовая школа и школа обучающихся совпадают."))
        p = data.get("partnership")
        if p is not None and {data.get("host_school"), data.get("guest_school")} != {
            p.leader,
            p.supported,
        }:
            self.add_error("partnership", _("Школы программы — не стороны этого партнёрства."))
        return data
