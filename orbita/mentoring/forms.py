"""Forms of the mentoring pages. They parse and validate input; the services decide."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from orbita.core.widgets import FastSelect, limit_choices
from orbita.matching.scoring import MentorWeights
from orbita.mentoring.criteria import CRITERIA_GROUPS, SCORE_CHOICES
from orbita.mentoring.models import (
    MenteeProfile,
    MentorProfile,
    PairForm,
    PairPlanItem,
    Programme,
    RolePair,
    WantedFormat,
    WorkFormat,
)
from orbita.registry.models import Competency, Municipality, School, Subject, Teacher

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}
CHECK = {"class": "form-check-input"}
EMPTY = _("— выберите —")


def _valid(form: forms.Form) -> Mapping[str, Any]:
    if not form.is_bound:
        return {}
    form.is_valid()
    return getattr(form, "cleaned_data", {})


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.group}: {obj.name}"


# --- filters ------------------------------------------------------------------------------


class MentorFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={**TEXT, "type": "search", "placeholder": _("ФИО или должность")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[("", _("Все статусы")), *MentorProfile.Status.choices],
        widget=FastSelect(attrs=SELECT),
    )
    subject = forms.ModelChoiceField(
        label=_("Предмет"),
        queryset=Subject.objects.order_by("order", "name"),
        required=False,
        to_field_name="code",
        empty_label=_("Все предметы"),
        widget=FastSelect(attrs=SELECT),
    )

    def filters(self) -> dict[str, Any]:
        data = _valid(self)
        subject = data.get("subject")
        return {
            "search": data.get("q") or "",
            "status": data.get("status") or "",
            "subject": subject.code if subject else "",
        }


class MenteeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={**TEXT, "type": "search", "placeholder": _("ФИО или должность")}
        ),
    )
    competency = CompetencyChoiceField(
        label=_("Дефицит"),
        queryset=Competency.objects.order_by("order", "name"),
        required=False,
        to_field_name="code",
        empty_label=_("Все дефициты"),
        widget=FastSelect(attrs=SELECT),
    )
    paired = forms.ChoiceField(
        label=_("Пара"),
        required=False,
        choices=[("", _("Все")), ("no", _("Без пары")), ("yes", _("В паре"))],
        widget=FastSelect(attrs=SELECT),
    )

    def filters(self) -> dict[str, Any]:
        data = _valid(self)
        competency = data.get("competency")
        paired = data.get("paired") or ""
        return {
            "search": data.get("q") or "",
            "competency": competency.code if competency else "",
            "unpaired": {"no": True, "yes": False}.get(paired),
        }


# --- the bases ----------------------------------------------------------------------------


class MentorCreateForm(forms.Form):
    teacher = forms.ModelChoiceField(
        label=_("Педагог"),
        queryset=Teacher.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        choices=MentorProfile.Status.choices,
        initial=MentorProfile.Status.CANDIDATE,
        widget=FastSelect(attrs=SELECT),
    )

    def __init__(self, *args: Any, teachers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["teacher"]
        field.queryset = teachers  # type: ignore[attr-defined]
        field.label_from_instance = lambda t: f"{t.full_name} — {t.school.display_name}"  # type: ignore[attr-defined]


class MentorEditForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Статус"), choices=MentorProfile.Status.choices, widget=FastSelect(attrs=SELECT)
    )
    capacity = forms.IntegerField(
        label=_("Сколько наставляемых одновременно"),
        min_value=0,
        max_value=20,
        help_text=_("По умолчанию 2; больше 3 — решение координатора."),
        widget=forms.NumberInput(attrs=TEXT),
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Предметы"),
        queryset=Subject.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    strengths = forms.ModelMultipleChoiceField(
        label=_("Сильные стороны"),
        queryset=Competency.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Примечание"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )


class MentorCriteriaForm(forms.Form):
    """One 0/1/2 choice per criterion of case 001, grouped as the seed groups them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group in CRITERIA_GROUPS:
            for item in group.items:
                self.fields[item.code] = forms.TypedChoiceField(
                    label=str(item.label),
                    choices=SCORE_CHOICES,
                    coerce=int,
                    initial=0,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                )

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(g, [self[item.code] for item in g.items]) for g in CRITERIA_GROUPS]


class MenteeCreateForm(forms.Form):
    teacher = forms.ModelChoiceField(
        label=_("Педагог"),
        queryset=Teacher.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    format = forms.ChoiceField(
        label=_("Желаемый формат"),
        choices=WantedFormat.choices,
        initial=WantedFormat.ANY,
        widget=FastSelect(attrs=SELECT),
    )

    def __init__(self, *args: Any, teachers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["teacher"]
        field.queryset = teachers  # type: ignore[attr-defined]
        field.label_from_instance = lambda t: f"{t.full_name} — {t.school.display_name}"  # type: ignore[attr-defined]


class MenteeEditForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Желаемый формат"), choices=WantedFormat.choices, widget=FastSelect(attrs=SELECT)
    )
    note = forms.CharField(
        label=_("Примечание"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )


class DeficitForm(forms.Form):
    competency = CompetencyChoiceField(
        label=_("Затруднение (компетенция)"),
        queryset=Competency.objects.order_by("order", "name"),
        widget=FastSelect(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("В чём затруднение"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXT),
    )


# --- programmes ---------------------------------------------------------------------------

WEIGHT_FIELDS = (
    ("subject", _("Общий предмет")),
    ("deficit", _("Закрытые дефициты")),
    ("quality", _("Качество наставника")),
    ("proximity", _("Близость")),
    ("proximity_km", _("Масштаб близости, км")),
    ("max_km", _("Предел для очной работы, км")),
)


class ProgrammeForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    name = forms.CharField(label=_("Название"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    starts_on = forms.DateField(label=_("Начало"), widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label=_("Окончание"), widget=forms.DateInput(attrs=DATE))
    scope = forms.ChoiceField(
        label=_("Откуда наставники"),
        choices=Programme.Scope.choices,
        widget=forms.RadioSelect,
        initial=Programme.Scope.NETWORK,
    )
    mentee_schools = forms.ModelMultipleChoiceField(
        label=_("Школы наставляемых"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("Пусто — все школы муниципалитета."),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}),
    )
    partner_schools = forms.ModelMultipleChoiceField(
        label=_("Школы-партнёры"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("Только для программы со школами-партнёрами."),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}),
    )
    pair_forms = forms.MultipleChoiceField(
        label=_("Формы наставничества"),
        choices=PairForm.choices,
        initial=[PairForm.INDIVIDUAL],
        widget=forms.CheckboxSelectMultiple,
    )
    goal = forms.CharField(
        label=_("Цель"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Any],
        schools: QuerySet[Any],
        region_schools: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["mentee_schools"].queryset = schools  # type: ignore[attr-defined]
        self.fields["partner_schools"].queryset = region_schools  # type: ignore[attr-defined]
        defaults = MentorWeights()
        for name, label in WEIGHT_FIELDS:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=label,
                min_value=0,
                initial=getattr(defaults, name),
                widget=forms.NumberInput(attrs={**TEXT, "step": "0.1"}),
            )

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{name}"] for name, _label in WEIGHT_FIELDS]

    def weights(self) -> dict[str, float]:
        """Only the weights that differ from the engine's defaults are stored."""
        defaults = MentorWeights()
        out = {}
        for name, _label in WEIGHT_FIELDS:
            value = self.cleaned_data.get(f"w_{name}")
            if value is not None and float(value) != float(getattr(defaults, name)):
                out[name] = float(value)
        return out


# --- pairs --------------------------------------------------------------------------------


def _side_label(profile: Any) -> str:
    """A mentee or mentor in a pairing list: name, school and whether they are free."""
    text = f"{profile.teacher.full_name} — {profile.teacher.school.display_name}"
    if getattr(profile, "in_pair", 0):
        text += " " + str(_("(в паре)"))
    free = getattr(profile, "free", None)
    if free is not None:
        text += " " + str(_("(свободно мест: %(n)d)") % {"n": max(0, free)})
    return text


SIDE_SEARCH = ("teacher__full_name", "teacher__school__short_name", "teacher__school__name")


def _limit(form: forms.Form, name: str, search: str) -> None:
    """Offer the first teachers of ``form``'s field ``name`` that match ``search`` (name or
    school): a region has thousands of mentees, a page shows a few dozen."""
    limit_choices(
        form.fields[name],
        name=name,
        search=search,
        search_fields=(
            "teacher__full_name",
            "teacher__school__short_name",
            "teacher__school__name",
        ),
        label=_side_label,
        empty_label=EMPTY,
        selected=form.data.get(name) if form.is_bound else None,
    )


class ManualPairForm(forms.Form):
    """Pair by hand: the page fixes one side, the form chooses the other and the programme."""

    programme = forms.ModelChoiceField(
        label=_("Программа"),
        queryset=Programme.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    other = forms.ModelChoiceField(
        queryset=Teacher.objects.none(), empty_label=EMPTY, widget=FastSelect(attrs=SELECT)
    )
    role_pair = forms.ChoiceField(
        label=_("Ролевая модель"), choices=RolePair.choices, widget=FastSelect(attrs=SELECT)
    )
    pair_form = forms.ChoiceField(
        label=_("Форма наставничества"),
        choices=[("", _("по умолчанию программы")), *PairForm.choices],
        required=False,
        help_text=_("Одна из форм, которые предусматривает программа."),
        widget=FastSelect(attrs=SELECT),
    )
    format = forms.ChoiceField(
        label=_("Формат"),
        choices=WorkFormat.choices,
        initial=WorkFormat.BLENDED,
        widget=FastSelect(attrs=SELECT),
    )

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Any],
        others: Any,
        other_label: Any,
        search: str | None = None,
        **kwargs: Any,
    ) -> None:
        """``search``: the page's search term for the other side; when given (the page is
        being shown) only the first matches are offered, see ``limit_choices``."""
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["other"].queryset = others  # type: ignore[attr-defined]
        self.fields["other"].label = other_label
        self.fields["other"].label_from_instance = _side_label  # type: ignore[attr-defined]
        if search is not None:
            _limit(self, "other", search)


class RejectForm(forms.Form):
    never_again = forms.BooleanField(
        label=_("Больше не предлагать эту пару"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    reason = forms.CharField(
        label=_("Причина"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )


class SwapForm(forms.Form):
    first = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    second = forms.IntegerField(label=_("Обменять наставляемых с парой №"), min_value=1)


class EndEarlyForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина досрочного завершения"),
        max_length=1000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )
    never_again = forms.BooleanField(
        label=_("Больше не ставить их в пару"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )


class RematchForm(forms.Form):
    mentor = forms.ModelChoiceField(
        label=_("Новый наставник"),
        queryset=MentorProfile.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )

    def __init__(
        self, *args: Any, mentors: QuerySet[Any], search: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["mentor"].label_from_instance = _side_label  # type: ignore[attr-defined]
        if search is not None:
            _limit(self, "mentor", search)


class AddMenteeForm(forms.Form):
    mentee = forms.ModelChoiceField(
        label=_("Добавить наставляемого (групповая форма)"),
        queryset=MenteeProfile.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )

    def __init__(
        self, *args: Any, mentees: QuerySet[Any], search: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees  # type: ignore[attr-defined]
        self.fields["mentee"].label_from_instance = _side_label  # type: ignore[attr-defined]
        if search is not None:
            _limit(self, "mentee", search)


# --- plan, diary, meetings ----------------------------------------------------------------


class PlanGoalForm(forms.Form):
    goal = forms.CharField(
        label=_("Цель реализации программы наставничества в паре"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )


class PlanItemForm(forms.Form):
    competency = CompetencyChoiceField(
        label=_("Компетенция"),
        queryset=Competency.objects.order_by("order", "name"),
        required=False,
        empty_label=_("—"),
        widget=FastSelect(attrs=SELECT),
    )
    content = forms.CharField(
        label=_("Содержание деятельности"), widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
    deadline = forms.DateField(label=_("Срок"), widget=forms.DateInput(attrs=DATE))
    format = forms.ChoiceField(
        label=_("Формат"), choices=PairPlanItem.Format.choices, widget=FastSelect(attrs=SELECT)
    )
    result = forms.CharField(
        label=_("Результат"), required=False, widget=forms.TextInput(attrs=TEXT)
    )


class PlanItemStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Состояние"), choices=PairPlanItem.Status.choices, widget=FastSelect(attrs=SELECT)
    )


class DiaryEntryForm(forms.Form):
    date = forms.DateField(label=_("Дата"), widget=forms.DateInput(attrs=DATE))
    achievement = forms.CharField(
        label=_("Достижение"), widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
    competency = CompetencyChoiceField(
        label=_("Компетенция"),
        queryset=Competency.objects.order_by("order", "name"),
        required=False,
        empty_label=_("—"),
        widget=FastSelect(attrs=SELECT),
    )
    evidence = forms.FileField(
        label=_("Подтверждение (PDF, PNG, JPG, DOCX, XLSX, PPTX; до 10 МБ)"),
        required=False,
        widget=forms.ClearableFileInput(attrs=TEXT),
    )
    link = forms.URLField(
        label=_("Ссылка"), required=False, max_length=500, widget=forms.URLInput(attrs=TEXT)
    )
    is_shared = forms.BooleanField(
        label=_("Показать координаторам"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Дата"), widget=forms.DateInput(attrs=DATE))
    format = forms.ChoiceField(
        label=_("Формат"), choices=PairPlanItem.Format.choices, widget=FastSelect(attrs=SELECT)
    )
    topic = forms.CharField(label=_("Тема"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    notes = forms.CharField(
        label=_("Заметки"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
    is_shared = forms.BooleanField(
        label=_("Показать координаторам"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )


class ShareForm(forms.Form):
    is_shared = forms.BooleanField(required=False)
