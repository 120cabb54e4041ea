"""Monitoring over the API: surveys with their questions and results, one's own invitations
and the answer to them, competency assessments, and the dashboard figures of a
municipality (the same sections as the dashboard page and the municipal report).

Reads go through ``orbita.monitoring.selectors`` with the requesting user; writes through
``orbita.monitoring.services``. A survey is seen by the coordinators of its municipality and
region; an invitation only by the person invited; the answers of an anonymous survey never
name their respondent (only totals leave the API).
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from orbita.api.base import (
    ApiReadOnlyViewSet,
    ApiView,
    CreateMixin,
    IdFilter,
    ScopedRelatedField,
    service_errors,
)
from orbita.mentoring.models import MenteeProfile
from orbita.mentoring.selectors import pair_list
from orbita.monitoring import selectors, services
from orbita.monitoring.models import (
    Choice,
    CompetencyAssessment,
    Invitation,
    Question,
    Survey,
    SurveyKind,
)
from orbita.registry.models import Competency
from orbita.registry.selectors import municipality_list

# --- Serializers -------------------------------------------------------------------------


class ChoiceSerializer(serializers.ModelSerializer[Choice]):
    class Meta:
        model = Choice
        fields = ("id", "text", "order")
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer[Question]):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = (
            "id",
            "text",
            "kind",
            "is_required",
            "counts_for_satisfaction",
            "order",
            "choices",
        )
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer[Survey]):
    municipality = serializers.IntegerField(source="municipality_id", read_only=True)
    target_share = serializers.FloatField(
        read_only=True, help_text=_("Целевая доля удовлетворённых (0–1), по умолчанию 0,85.")
    )
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = (
            "id",
            "municipality",
            "title",
            "kind",
            "description",
            "is_anonymous",
            "target_share",
            "satisfied_from",
            "is_archived",
            "questions",
        )
        read_only_fields = fields


class SurveyWriteSerializer(serializers.Serializer[Any]):
    municipality = ScopedRelatedField(lambda user: municipality_list(user=user))
    kind = serializers.ChoiceField(
        choices=SurveyKind.choices,
        help_text=_("Шаблон анкеты; custom — пустая анкета с названием title."),
    )
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["kind"] == SurveyKind.CUSTOM and not data.get("title"):
            raise serializers.ValidationError({"title": [_("Укажите название анкеты.")]})
        return data


class QuestionResultSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    answered = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    counts = serializers.SerializerMethodField(
        help_text=_("Число ответов по значению шкалы или варианту: [[подпись, число], …].")
    )
    texts = serializers.ListField(child=serializers.CharField())

    def get_counts(self, result: Any) -> list[list[Any]]:
        return [[label, n] for label, n in result.counts]


class SurveyResultsSerializer(serializers.Serializer[Any]):
    survey = serializers.IntegerField(source="survey.pk")
    invited = serializers.IntegerField()
    responses = serializers.IntegerField()
    rated = serializers.IntegerField(help_text=_("Ответов с оценкой удовлетворённости."))
    satisfied = serializers.IntegerField()
    satisfied_share = serializers.FloatField(allow_null=True)
    target_share = serializers.FloatField(source="survey.target_share")
    meets_target = serializers.BooleanField(allow_null=True)
    questions = QuestionResultSerializer(many=True)


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    survey = serializers.IntegerField(source="distribution.survey_id", read_only=True)
    title = serializers.CharField(source="distribution.survey.title", read_only=True)
    deadline = serializers.DateField(source="distribution.deadline", read_only=True)

    class Meta:
        model = Invitation
        fields = ("id", "survey", "title", "audience", "deadline", "answered_on")
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer[Any]):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text=_(
            "Ответы по id вопроса: число 1–5 (шкала), id варианта, список id (несколько "
            "вариантов) или текст."
        ),
    )


class AnsweredSerializer(serializers.Serializer[Any]):
    submitted_on = serializers.DateField()


class AssessmentSerializer(serializers.ModelSerializer[CompetencyAssessment]):
    pair = serializers.IntegerField(source="pair_id", read_only=True)
    mentee = serializers.IntegerField(source="mentee_id", read_only=True)
    competency = serializers.CharField(source="competency.code", read_only=True)

    class Meta:
        model = CompetencyAssessment
        fields = ("id", "pair", "mentee", "competency", "stage", "assessor", "level")
        read_only_fields = fields


class AssessmentWriteSerializer(serializers.Serializer[Any]):
    pair = ScopedRelatedField(lambda user: pair_list(user=user))
    mentee = ScopedRelatedField(
        lambda user: MenteeProfile.objects.filter(
            memberships__pair__in=pair_list(user=user).values("pk")
        ).distinct(),
        help_text=_("Наставляемый пары (id)."),
    )
    competency = serializers.SlugRelatedField(slug_field="code", queryset=Competency.objects.all())
    stage = serializers.ChoiceField(choices=CompetencyAssessment.Stage.choices)
    assessor = serializers.ChoiceField(choices=CompetencyAssessment.Assessor.choices)
    level = serializers.IntegerField(min_value=1, max_value=5)


# --- Filters -----------------------------------------------------------------------------


class SurveyFilter(filters.FilterSet):
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))
    kind = filters.ChoiceFilter(choices=SurveyKind.choices, label=_("Вид анкеты"))

    class Meta:
        model = Survey
        fields: tuple[str, ...] = ()


class AssessmentFilter(filters.FilterSet):
    pair = IdFilter(field_name="pair_id", label=_("Пара (id)"))

    class Meta:
        model = CompetencyAssessment
        fields: tuple[str, ...] = ()


# --- Viewsets ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Анкеты"),
        description=_("Анкеты муниципалитетов в области доступа, с вопросами."),
    ),
    retrieve=extend_schema(summary=_("Анкета")),
    create=extend_schema(
        summary=_("Создать анкету"),
        description=_(
            "По шаблону (удовлетворённость наставляемых или наставников — цель 85 %, "
            "итоговая анкета пары, пульс-опрос) или пустую (custom)."
        ),
        responses={201: SurveySerializer},
    ),
)
class SurveyViewSet(CreateMixin, ApiReadOnlyViewSet[Survey]):
    serializer_class = SurveySerializer
    write_serializer_class = SurveyWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = SurveyFilter
    search_fields = ("title",)
    ordering_fields = ("id", "title")

    def get_queryset(self) -> QuerySet[Survey]:
        return (
            selectors.survey_list(user=self.request.user)
            .prefetch_related("questions__choices")
            .order_by("id")
        )

    def create_object(self, data: dict[str, Any]) -> Survey:
        if data["kind"] == SurveyKind.CUSTOM:
            return services.survey_create(
                actor=self.request.user, municipality=data["municipality"], title=data["title"]
            )
        return services.survey_create_from_template(
            actor=self.request.user, municipality=data["municipality"], kind=data["kind"]
        )

    @extend_schema(
        summary=_("Результаты анкеты"),
        description=_(
            "Приглашено, ответили, доля удовлетворённых (ответы 4–5) против цели, распределение "
            "ответов по вопросам и свободные ответы."
        ),
        responses={200: SurveyResultsSerializer},
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        survey = self.get_object()
        results = selectors.survey_results(user=request.user, survey=survey)
        return Response(SurveyResultsSerializer(results).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Мои приглашения"),
        description=_("Анкеты, на которые приглашён запрашивающий, с отметкой об ответе."),
    ),
    retrieve=extend_schema(summary=_("Приглашение")),
)
class InvitationViewSet(ApiReadOnlyViewSet[Invitation]):
    serializer_class = InvitationSerializer
    http_method_names = ["get", "head", "options", "post"]
    ordering_fields = ("id",)

    def get_queryset(self) -> QuerySet[Invitation]:
        return selectors.own_invitations(user=self.request.user).select_related(
            "distribution__survey"
        )

    @extend_schema(
        summary=_("Ответить на анкету"),
        description=_(
            "Один раз на приглашение; ответы анонимной анкеты не связываются с отвечающим. "
            "Ошибки — по вопросам (q<id>)."
        ),
        request=AnswerSerializer,
        responses={201: AnsweredSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        invitation = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers: dict[int, Any] = {}
        for key, value in serializer.validated_data["answers"].items():
            if not str(key).isdigit():
                raise serializers.ValidationError({"answers": [_("Ключ — id вопроса.")]})
            answers[int(key)] = value
        with service_errors():
            response = services.response_submit(
                actor=request.user, invitation=invitation, answers=answers
            )
        return Response(
            {"submitted_on": response.submitted_on.isoformat()}, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Оценки компетенций"),
        description=_(
            "Уровни 1–5 компетенций из карты запросов наставляемых: в начале и в конце, "
            "самооценка и оценка наставника, по парам в области доступа."
        ),
    ),
    retrieve=extend_schema(summary=_("Оценка компетенции")),
    create=extend_schema(
        summary=_("Записать оценку компетенции"),
        description=_(
            "Самооценку ставит наставляемый, оценку наставника — наставник пары; повторная "
            "запись исправляет оценку."
        ),
        responses={201: AssessmentSerializer},
    ),
)
class AssessmentViewSet(CreateMixin, ApiReadOnlyViewSet[CompetencyAssessment]):
    serializer_class = AssessmentSerializer
    write_serializer_class = AssessmentWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = AssessmentFilter
    ordering_fields = ("id",)

    def get_queryset(self) -> QuerySet[CompetencyAssessment]:
        return selectors.assessment_list(user=self.request.user).order_by("id")

    def create_object(self, data: dict[str, Any]) -> CompetencyAssessment:
        return services.assessment_set(actor=self.request.user, **data)


# --- Dashboard figures -------------------------------------------------------------------


class FigureTableSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text=_("Строки таблицы: числа — числами, доли — от 0 до 1."),
    )


class FigureSectionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    text = serializers.ListField(child=serializers.CharField())
    tables = FigureTableSerializer(many=True)


class DashboardSerializer(serializers.Serializer[Any]):
    municipality = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    sections = FigureSectionSerializer(many=True)


class DashboardView(ApiView):
    """The figures of the municipality dashboard."""

    @extend_schema(
        summary=_("Показатели мониторинга муниципалитета"),
        description=_(
            "Те же разделы, что на странице показателей и в отчёте муниципалитета: сеть, "
            "диагностика, партнёрства и дорожные карты, наставничество, мероприятия, "
            "удовлетворённость, динамика результатов, влияние поддержки, выводы."
        ),
        parameters=[
            OpenApiParameter("municipality", int, required=True, description=_("id")),
            OpenApiParameter("start", date, description=_("Начало периода мероприятий.")),
            OpenApiParameter("end", date, description=_("Конец периода мероприятий.")),
        ],
        responses={200: DashboardSerializer},
    )
    def get(self, request: Request) -> Response:
        from orbita.monitoring.dashboard import school_year
        from orbita.monitoring.reports import report_sections

        municipalities = municipality_list(user=request.user)
        if not municipalities.exists():
            raise PermissionDenied
        params = DashboardParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        municipality = municipalities.filter(pk=params.validated_data["municipality"]).first()
        if municipality is None:
            raise NotFound(_("Муниципалитет не найден."))
        start, end = school_year()
        start = params.validated_data.get("start") or start
        end = params.validated_data.get("end") or end
        sections = report_sections(
            user=request.user, municipality=municipality, period_start=start, period_end=end
        )
        body = {
            "municipality": municipality.pk,
            "period_start": start,
            "period_end": end,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "text": s.text,
                    "tables": [
                        {"title": t.title, "header": t.header, "rows": t.rows} for t in s.tables
                    ],
                }
                for s in sections
            ],
        }
        return Response(DashboardSerializer(body).data)


class DashboardParams(serializers.Serializer[Any]):
    municipality = serializers.IntegerField()
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("surveys", SurveyViewSet, basename="survey")
    router.register("invitations", InvitationViewSet, basename="invitation")
    router.register("assessments", AssessmentViewSet, basename="assessment")
