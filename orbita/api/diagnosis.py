"""The diagnosis over the API: result records, context indicators and computed flags.

Read-only and scoped like the pages: every viewset reads through
``orbita.diagnosis.selectors`` with the requesting user, so coordinators see their schools'
data and mentors and mentees see none (an empty list, a 404 for an object).
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.routers import BaseRouter

from orbita.api.base import ApiReadOnlyViewSet, IdFilter, IntFilter
from orbita.api.registry import SchoolRefSerializer, SubjectRefSerializer
from orbita.diagnosis import selectors
from orbita.diagnosis.models import AssessmentKind, Method, Result, SchoolContext, SchoolFlags

# --- Serializers -------------------------------------------------------------------------


class ResultSerializer(serializers.ModelSerializer[Result]):
    school = SchoolRefSerializer(read_only=True)
    subject = SubjectRefSerializer(read_only=True)
    kind = serializers.ChoiceField(
        choices=AssessmentKind.choices, read_only=True, help_text=_("ВПР, ОГЭ или ЕГЭ.")
    )

    class Meta:
        model = Result
        fields = (
            "id",
            "school",
            "year",
            "kind",
            "subject",
            "grade",
            "participants",
            "n2",
            "n3",
            "n4",
            "n5",
            "below_min",
            "mean_score",
            "lowered",
            "confirmed",
            "raised",
        )
        read_only_fields = fields
        extra_kwargs = {
            "n2": {"help_text": _("Отметок «2» (ВПР, ОГЭ).")},
            "n3": {"help_text": _("Отметок «3» (ВПР, ОГЭ).")},
            "n4": {"help_text": _("Отметок «4» (ВПР, ОГЭ).")},
            "n5": {"help_text": _("Отметок «5» (ВПР, ОГЭ).")},
            "below_min": {"help_text": _("Не преодолели минимальный порог (ЕГЭ).")},
            "mean_score": {"help_text": _("Средний тестовый балл, 0–100 (ЕГЭ).")},
            "lowered": {"help_text": _("ВПР: отметка ниже отметки в журнале.")},
            "confirmed": {"help_text": _("ВПР: отметка подтвердила отметку в журнале.")},
            "raised": {"help_text": _("ВПР: отметка выше отметки в журнале.")},
        }


class SchoolContextSerializer(serializers.ModelSerializer[SchoolContext]):
    school = SchoolRefSerializer(read_only=True)

    class Meta:
        model = SchoolContext
        fields = ("id", "school", "year", *SchoolContext.VALUE_FIELDS)
        read_only_fields = fields
        extra_kwargs = {
            name: {"help_text": _("Доля от 0 до 1.")} for name in SchoolContext.SHARE_FIELDS
        } | {"missing_specialists": {"help_text": _("Сколько из четырёх специалистов нет.")}}


class ReasonRecordSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    kind = serializers.CharField()
    subject = serializers.CharField(help_text=_("Код предмета."))
    grade = serializers.IntegerField()
    participants = serializers.IntegerField()


class ReasonSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text=_("Правило методики (low_results.repeated, …)."))
    flag = serializers.CharField(
        allow_null=True, help_text=_("Признак, который объясняет причина; null — пояснение.")
    )
    text = serializers.CharField(help_text=_("Причина словами."))
    records = ReasonRecordSerializer(many=True, help_text=_("Работы, на которых она основана."))
    values = serializers.DictField(help_text=_("Числа, которые она приводит."))


class RunSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    population = serializers.CharField(
        source="population_name", help_text=_("С какими школами сравнивали.")
    )
    method = serializers.ChoiceField(choices=Method.choices)
    params = serializers.DictField(help_text=_("Все параметры расчёта."))
    computed_at = serializers.DateTimeField()


@extend_schema_field(ReasonSerializer(many=True))
class ReasonsField(serializers.JSONField):
    pass


class SchoolFlagsSerializer(serializers.ModelSerializer[SchoolFlags]):
    school = SchoolRefSerializer(read_only=True)
    run = RunSerializer(read_only=True, help_text=_("Расчёт: совокупность, метод, параметры."))
    reasons = ReasonsField(read_only=True)
    subject_standings = serializers.DictField(
        child=serializers.FloatField(),
        read_only=True,
        help_text=_("Положение школы по предметам (код предмета → z), два последних года."),
    )

    class Meta:
        model = SchoolFlags
        fields = (
            "id",
            "school",
            "year",
            "low_results",
            "at_risk",
            "adverse_context",
            "adversity_index",
            "objectivity_risk",
            "resilient",
            "leader_candidate",
            "composite",
            "composite_previous",
            "objectivity_o1",
            "objectivity_o2",
            "subject_standings",
            "reasons",
            "run",
        )
        read_only_fields = fields


# --- Filters -----------------------------------------------------------------------------


class ResultFilter(filters.FilterSet):
    year = IntFilter(min_value=1990, max_value=2100, label=_("Год"))
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    municipality = IdFilter(field_name="school__municipality_id", label=_("Муниципалитет (id)"))
    kind = filters.ChoiceFilter(choices=AssessmentKind.choices, label=_("Процедура"))
    subject = filters.CharFilter(field_name="subject__code", label=_("Предмет (код)"))
    grade = IntFilter(min_value=1, max_value=11, label=_("Класс"))

    class Meta:
        model = Result
        fields: tuple[str, ...] = ()


class SchoolContextFilter(filters.FilterSet):
    year = IntFilter(min_value=1990, max_value=2100, label=_("Год"))
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    municipality = IdFilter(field_name="school__municipality_id", label=_("Муниципалитет (id)"))

    class Meta:
        model = SchoolContext
        fields: tuple[str, ...] = ()


FLAG_CHOICES = [
    ("low_results", _("низкие результаты (ШНОР)")),
    ("at_risk", _("в зоне риска")),
    ("adverse_context", _("неблагоприятные социальные условия (ШФНСУ)")),
    ("objectivity_risk", _("риск необъективности")),
    ("resilient", _("резильентная")),
    ("leader_candidate", _("кандидат в лидеры")),
]
assert [c for c, _label in FLAG_CHOICES] == list(SchoolFlags.FLAGS)


class SchoolFlagsFilter(filters.FilterSet):
    year = IntFilter(min_value=1990, max_value=2100, label=_("Год"))
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    municipality = IdFilter(field_name="school__municipality_id", label=_("Муниципалитет (id)"))
    flag = filters.ChoiceFilter(
        choices=FLAG_CHOICES, method="filter_flag", label=_("Только школы с признаком")
    )

    class Meta:
        model = SchoolFlags
        fields: tuple[str, ...] = ()

    def filter_flag(
        self, queryset: QuerySet[SchoolFlags], name: str, value: str
    ) -> QuerySet[SchoolFlags]:
        return queryset.filter(**{value: True}) if value else queryset


# --- Viewsets ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Результаты ВПР, ОГЭ, ЕГЭ"),
        description=_(
            "Результаты оценочных процедур школ в области доступа координатора "
            "(количества отметок, не проценты)."
        ),
    ),
    retrieve=extend_schema(summary=_("Результат оценочной процедуры")),
)
class ResultViewSet(ApiReadOnlyViewSet[Result]):
    serializer_class = ResultSerializer
    filterset_class = ResultFilter
    ordering_fields = ("id", "year", "grade", "participants")

    def get_queryset(self) -> QuerySet[Result]:
        return selectors.result_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Социальный контекст школ"),
        description=_("Показатели для индекса социального неблагополучия, доли от 0 до 1."),
    ),
    retrieve=extend_schema(summary=_("Социальный контекст школы за год")),
)
class SchoolContextViewSet(ApiReadOnlyViewSet[SchoolContext]):
    serializer_class = SchoolContextSerializer
    filterset_class = SchoolContextFilter
    ordering_fields = ("id", "year")

    def get_queryset(self) -> QuerySet[SchoolContext]:
        return selectors.context_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Признаки школ"),
        description=_(
            "Рассчитанные по методике признаки школ по годам (ШНОР, зона риска, ШФНСУ, риск "
            "необъективности, резильентность, кандидат в лидеры) с причинами, метод и "
            "параметры расчёта."
        ),
    ),
    retrieve=extend_schema(summary=_("Признаки школы за год")),
)
class SchoolFlagsViewSet(ApiReadOnlyViewSet[SchoolFlags]):
    serializer_class = SchoolFlagsSerializer
    filterset_class = SchoolFlagsFilter
    ordering_fields = ("id", "year", "composite", "adversity_index")

    def get_queryset(self) -> QuerySet[SchoolFlags]:
        return selectors.flags_list(user=self.request.user)


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("results", ResultViewSet, basename="result")
    router.register("flags", SchoolFlagsViewSet, basename="flag")
    router.register("context", SchoolContextViewSet, basename="context")
