"""Forms and filter sets of the collaboration pages. They parse and validate input; the
selectors decide what is visible and the services decide what may change.

The list filters are ``django_filters`` filter sets applied to a selector's already scoped
queryset, so a filter can only narrow what the user may see.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from orbita.collaboration.models import (
    GRADES,
    AudienceRole,
    Direction,
    Event,
    EventKind,
    Material,
    MaterialKind,
)
from orbita.collaboration.search import search_materials
from orbita.core.db import text_search
from orbita.core.widgets import FastSelect
from orbita.registry.models import Competency, Municipality, School, Subject

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}
DATETIME = {"class": "form-control", "type": "datetime-local"}
EMPTY = _("— выберите —")
ANY = _("все")
GRADE_CHOICES = [(g, str(g)) for g in GRADES]


# --- filters ------------------------------------------------------------------------------


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Поиск"), method="filter_q", widget=forms.TextInput(attrs=TEXT)
    )
    kind = django_filters.ChoiceFilter(
        label=_("Форма"),
        choices=EventKind.choices,
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )
    direction = django_filters.ChoiceFilter(
        label=_("Направление"),
        choices=Direction.choices,
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )
    status = django_filters.ChoiceFilter(
        label=_("Состояние"),
        choices=Event.Status.choices,
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )
    school = django_filters.ModelChoiceFilter(
        label=_("Школа"),
        queryset=School.objects.none(),
        method="filter_school",
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )
    date_from = django_filters.DateFilter(
        label=_("С"),
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs=DATE),
    )
    date_to = django_filters.DateFilter(
        label=_("По"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs=DATE),
    )
    mine = django_filters.BooleanFilter(
        label=_("Только мои регистрации"),
        method="filter_mine",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def __init__(self, *args: Any, schools: QuerySet[School] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.filters["school"].queryset = schools
            self.form.fields["school"].queryset = schools

    def filter_q(self, qs: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        return text_search(qs, value, "title", "description", "place")

    def filter_school(self, qs: QuerySet[Event], name: str, value: School) -> QuerySet[Event]:
        if not value:
            return qs
        ids = Event.objects.filter(
            Q(organisers=value)
            | Q(audience_schools=value)
            | Q(helper_school=value)
            | Q(helped_school=value)
        ).values("pk")
        return qs.filter(pk__in=ids)

    def filter_mine(self, qs: QuerySet[Event], name: str, value: bool) -> QuerySet[Event]:
        # ``is_registered`` is annotated by ``selectors.event_list``.
        return qs.filter(is_registered=True) if value else qs  # type: ignore[misc]


class MaterialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Поиск"),
        method="filter_q",
        widget=forms.TextInput(attrs={**TEXT, "type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Вид"),
        choices=MaterialKind.choices,
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )
    subject = django_filters.ModelChoiceFilter(
        label=_("Предмет"),
        queryset=Subject.objects.all(),
        to_field_name="code",
        field_name="subjects",
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )
    competency = django_filters.ModelChoiceFilter(
        label=_("Компетенция"),
        queryset=Competency.objects.all(),
        to_field_name="code",
        field_name="competencies",
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )
    grade = django_filters.ChoiceFilter(
        label=_("Класс"),
        choices=GRADE_CHOICES,
        method="filter_grade",
        empty_label=ANY,
        widget=FastSelect(attrs=SELECT),
    )

    class Meta:
        model = Material
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Material], name: str, value: str) -> QuerySet[Material]:
        return search_materials(qs, value)

    def filter_grade(self, qs: QuerySet[Material], name: str, value: str) -> QuerySet[Material]:
        if not value:
            return qs
        grade = int(value)
        ids = [pk for pk, grades in qs.values_list("pk", "grades") if grade in (grades or [])]
        return qs.filter(pk__in=ids)


# --- events -------------------------------------------------------------------------------


class EventForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(
        label=_("Форма"), choices=EventKind.choices, widget=FastSelect(attrs=SELECT)
    )
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Школы-организаторы"),
        queryset=School.objects.none(),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}),
    )
    direction = forms.ChoiceField(
        label=_("Кто кому помогает"),
        choices=Direction.choices,
        initial=Direction.TO_SUPPORTED,
        widget=forms.RadioSelect,
    )
    helper_school = forms.ModelChoiceField(
        label=_("Школа, которая помогает"),
        queryset=School.objects.none(),
        required=False,
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    helped_school = forms.ModelChoiceField(
        label=_("Школа, которой помогают"),
        queryset=School.objects.none(),
        required=False,
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    starts_at = forms.DateTimeField(label=_("Начало"), widget=forms.DateTimeInput(attrs=DATETIME))
    ends_at = forms.DateTimeField(
        label=_("Окончание"), required=False, widget=forms.DateTimeInput(attrs=DATETIME)
    )
    place = forms.CharField(
        label=_("Место"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
    online_link = forms.URLField(
        label=_("Ссылка для подключения (Сферум, Zoom, …)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs=TEXT),
    )
    audience_schools = forms.ModelMultipleChoiceField(
        label=_("Школы-участники"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}),
    )
    audience_roles = forms.MultipleChoiceField(
        label=_("Для кого"),
        choices=AudienceRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grades = forms.TypedMultipleChoiceField(
        label=_("Классы"),
        choices=GRADE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Мест (пусто — без ограничения)"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=TEXT),
    )
    registration_open = forms.BooleanField(
        label=_("Открыть регистрацию"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    description = forms.CharField(
        label=_("Описание"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 4})
    )
    partnership = forms.ModelChoiceField(
        label=_("Партнёрство, которому служит мероприятие"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("— нет —"),
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    roadmap_item = forms.ModelChoiceField(
        label=_("Мера дорожной карты"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("— нет —"),
        widget=FastSelect(attrs={"class": "form-select"}),
        help_text=_("Мероприятие станет подтверждением выполнения этой меры."),
    )

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        schools: QuerySet[School],
        partnerships: QuerySet[Any] | None = None,
        roadmap_items: QuerySet[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        for name in ("organisers", "helper_school", "helped_school", "audience_schools"):
            self.fields[name].queryset = schools  # type: ignore[attr-defined]
        if partnerships is not None:
            self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        if roadmap_items is not None:
            self.fields["roadmap_item"].queryset = roadmap_items  # type: ignore[attr-defined]
            self.fields["roadmap_item"].label_from_instance = (  # type: ignore[attr-defined]
                lambda item: f"{item.partnership.supported.display_name}: {item.action[:80]}"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        item, partnership = data.get("roadmap_item"), data.get("partnership")
        if item is not None and partnership is None:
            data["partnership"] = item.partnership
        elif item is not None and partnership is not None and item.partnership_id != partnership.pk:
            self.add_error("roadmap_item", _("Мера из другого партнёрства."))
        return data

    @staticmethod
    def initial_from(event: Event) -> dict[str, Any]:
        from django.utils import timezone

        return {
            "title": event.title,
            "kind": event.kind,
            "municipality": event.municipality_id,
            "organisers": list(event.organisers.all()),
            "direction": event.direction,
            "helper_school": event.helper_school_id,
            "helped_school": event.helped_school_id,
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M")
            if event.ends_at
            else None,
            "place": event.place,
            "online_link": event.online_link,
            "audience_schools": list(event.audience_schools.all()),
            "audience_roles": event.audience_roles,
            "grades": event.grades,
            "capacity": event.capacity,
            "registration_open": event.registration_open,
            "description": event.description,
            "partnership": event.partnership_id,
            "roadmap_item": event.roadmap_item_id,
        }


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Присутствовали"), required=False, widget=forms.CheckboxSelectMultiple
    )
    attendance_count = forms.IntegerField(
        label=_("Участников всего"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=TEXT),
    )

    def __init__(self, *args: Any, registrations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [  # type: ignore[attr-defined]
            (str(r.user_id), str(r.user)) for r in registrations
        ]


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Итоги"), widget=forms.Textarea(attrs={**TEXT, "rows": 4}), max_length=5000
    )


# --- materials ----------------------------------------------------------------------------


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(
        label=_("Вид"), choices=MaterialKind.choices, widget=FastSelect(attrs=SELECT)
    )
    school = forms.ModelChoiceField(
        label=_("Школа"),
        queryset=School.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    author_name = forms.CharField(
        label=_("Автор"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
    description = forms.CharField(
        label=_("Описание"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 4})
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Предметы"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}),
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Компетенции"),
        queryset=Competency.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}),
    )
    grades = forms.TypedMultipleChoiceField(
        label=_("Классы"),
        choices=GRADE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(
        label=_("Файл"),
        required=False,
        help_text=_("PDF, DOCX, PPTX, XLSX, ODT, ODP, PNG, JPG, MP4 или ZIP, до 50 МБ."),
        widget=forms.ClearableFileInput(attrs=TEXT),
    )
    link = forms.URLField(
        label=_("Или ссылка"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs=TEXT),
    )
    event = forms.ModelChoiceField(
        label=_("Мероприятие"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("— без мероприятия —"),
        widget=FastSelect(attrs=SELECT),
    )

    def __init__(
        self, *args: Any, schools: QuerySet[School], events: QuerySet[Event], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        self.fields["event"].queryset = events  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Приложите файл или дайте ссылку."))
        return data


class CollectionForm(forms.Form):
    title = forms.CharField(
        label=_("Название сборника"),
        max_length=300,
        initial=_("Сборник лучших практик"),
        widget=forms.TextInput(attrs=TEXT),
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Материалы"), queryset=Material.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, materials: QuerySet[Material], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = materials  # type: ignore[attr-defined]


# --- brainstorm sessions ------------------------------------------------------------------


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Тема"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    problem = forms.CharField(
        label=_("Проблема"), widget=forms.Textarea(attrs={**TEXT, "rows": 3}), max_length=5000
    )
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        empty_label=EMPTY,
        widget=FastSelect(attrs=SELECT),
    )
    scheduled_at = forms.DateTimeField(
        label=_("Когда"), required=False, widget=forms.DateTimeInput(attrs=DATETIME)
    )
    roadmap_item = forms.ModelChoiceField(
        label=_("Мера дорожной карты"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("— нет —"),
        widget=FastSelect(attrs=SELECT),
        help_text=_("Итоговые рекомендации сессии станут подтверждением этой меры."),
    )

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        roadmap_items: QuerySet[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        if roadmap_items is None:
            del self.fields["roadmap_item"]
        else:
            self.fields["roadmap_item"].queryset = roadmap_items  # type: ignore[attr-defined]
            self.fields["roadmap_item"].label_from_instance = (  # type: ignore[attr-defined]
                lambda item: f"{item.partnership.supported.display_name}: {item.action[:80]}"
            )


class InviteForm(forms.Form):
    users = forms.MultipleChoiceField(
        label=_("Пригласить"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args: Any, candidates: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), f"{u}, {u.teacher.school.display_name}" if u.teacher else str(u))
            for u in candidates
        ]


class IdeaForm(forms.Form):
    text = forms.CharField(
        label=_("Ваша идея"),
        max_length=1000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )


class IdeaTargetForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect
    )
