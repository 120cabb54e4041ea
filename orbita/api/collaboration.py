"""Collaboration over the API: events, registrations, brainstorm sessions, ideas, ratings and
materials — read-only.

Every viewset reads through ``orbita.collaboration.selectors`` with the requesting user, so
the API sees what the pages see: events go to the coordinators of their municipality and
schools, to the teachers of those schools and to whoever registered; materials are shared
within a region; sessions go to their facilitator, participants and coordinators; a
participant sees their own scores, the facilitator and coordinators all of them.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.routers import BaseRouter

from orbita.api.base import ApiReadOnlyViewSet, IdFilter
from orbita.api.mentoring import CodeNameSerializer
from orbita.collaboration import selectors
from orbita.collaboration.models import (
    BrainstormSession,
    Direction,
    Event,
    EventKind,
    Idea,
    IdeaRating,
    Material,
    MaterialKind,
    Registration,
)
from orbita.collaboration.search import search_materials

# --- Serializers -------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer[Event]):
    municipality = serializers.IntegerField(source="municipality_id", read_only=True)
    organisers: "serializers.PrimaryKeyRelatedField[Any]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    audience_schools: "serializers.PrimaryKeyRelatedField[Any]" = (
        serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    )
    helper_school = serializers.IntegerField(source="helper_school_id", read_only=True)
    helped_school = serializers.IntegerField(source="helped_school_id", read_only=True)
    programme = serializers.IntegerField(source="programme_id", read_only=True)
    partnership = serializers.IntegerField(source="partnership_id", read_only=True)
    roadmap_item = serializers.IntegerField(source="roadmap_item_id", read_only=True)
    registration_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Event
        fields = (
            "id",
            "title",
            "kind",
            "direction",
            "municipality",
            "organisers",
            "helper_school",
            "helped_school",
            "programme",
            "partnership",
            "roadmap_item",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "audience_schools",
            "audience_roles",
            "grades",
            "registration_open",
            "capacity",
            "registration_count",
            "status",
            "outcome",
            "attendance_count",
        )
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    event = serializers.IntegerField(source="event_id", read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Registration
        fields = ("id", "event", "user", "name", "status", "attended", "created_at")
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer[BrainstormSession]):
    municipality = serializers.IntegerField(source="municipality_id", read_only=True)
    facilitator = serializers.IntegerField(source="facilitator_id", read_only=True)
    participants: "serializers.PrimaryKeyRelatedField[Any]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    event = serializers.IntegerField(source="event_id", read_only=True)
    idea_count = serializers.IntegerField(read_only=True)
    has_recommendations = serializers.SerializerMethodField()

    class Meta:
        model = BrainstormSession
        fields = (
            "id",
            "title",
            "problem",
            "municipality",
            "facilitator",
            "participants",
            "phase",
            "scheduled_at",
            "event",
            "idea_count",
            "has_recommendations",
        )
        read_only_fields = fields

    def get_has_recommendations(self, session: BrainstormSession) -> bool:
        return bool(session.recommendations)


class IdeaSerializer(serializers.ModelSerializer[Idea]):
    session = serializers.IntegerField(source="session_id", read_only=True)
    author = serializers.IntegerField(source="author_id", read_only=True)
    merged_into = serializers.IntegerField(source="merged_into_id", read_only=True)
    related: "serializers.PrimaryKeyRelatedField[Any]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Idea
        fields = ("id", "session", "author", "text", "merged_into", "related", "created_at")
        read_only_fields = fields


class RatingSerializer(serializers.ModelSerializer[IdeaRating]):
    idea = serializers.IntegerField(source="idea_id", read_only=True)
    session = serializers.IntegerField(source="idea.session_id", read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True)

    class Meta:
        model = IdeaRating
        fields = ("id", "idea", "session", "user", "score")
        read_only_fields = fields


class MaterialSerializer(serializers.ModelSerializer[Material]):
    school = serializers.IntegerField(source="school_id", read_only=True)
    school_name = serializers.CharField(source="school.display_name", read_only=True)
    author = serializers.IntegerField(source="author_id", read_only=True)
    subjects = CodeNameSerializer(many=True, read_only=True)
    competencies = CodeNameSerializer(many=True, read_only=True)
    event = serializers.IntegerField(source="event_id", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = (
            "id",
            "title",
            "kind",
            "description",
            "author_name",
            "author",
            "school",
            "school_name",
            "subjects",
            "competencies",
            "grades",
            "link",
            "has_file",
            "file_name",
            "event",
            "created_at",
        )
        read_only_fields = fields

    def get_has_file(self, material: Material) -> bool:
        return bool(material.file)


# --- Filters -----------------------------------------------------------------------------


class EventFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=EventKind.choices, label=_("Форма"))
    direction = filters.ChoiceFilter(choices=Direction.choices, label=_("Направление"))
    status = filters.ChoiceFilter(choices=Event.Status.choices, label=_("Состояние"))
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))
    starts_after = filters.IsoDateTimeFilter(
        field_name="starts_at", lookup_expr="gte", label=_("Начало не раньше")
    )
    starts_before = filters.IsoDateTimeFilter(
        field_name="starts_at", lookup_expr="lt", label=_("Начало раньше")
    )

    class Meta:
        model = Event
        fields: tuple[str, ...] = ()


class RegistrationFilter(filters.FilterSet):
    event = IdFilter(field_name="event_id", label=_("Мероприятие (id)"))

    class Meta:
        model = Registration
        fields: tuple[str, ...] = ()


class SessionFilter(filters.FilterSet):
    phase = filters.ChoiceFilter(choices=BrainstormSession.Phase.choices, label=_("Этап"))
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))

    class Meta:
        model = BrainstormSession
        fields: tuple[str, ...] = ()


class IdeaFilter(filters.FilterSet):
    session = IdFilter(field_name="session_id", label=_("Сессия (id)"))

    class Meta:
        model = Idea
        fields: tuple[str, ...] = ()


class RatingFilter(filters.FilterSet):
    session = IdFilter(field_name="idea__session_id", label=_("Сессия (id)"))
    idea = IdFilter(field_name="idea_id", label=_("Идея (id)"))

    class Meta:
        model = IdeaRating
        fields: tuple[str, ...] = ()


class MaterialFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q", label=_("Полнотекстовый поиск по-русски (любые формы слов)")
    )
    kind = filters.ChoiceFilter(choices=MaterialKind.choices, label=_("Вид"))
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    subject = filters.CharFilter(
        field_name="subjects__code", distinct=True, label=_("Предмет (код)")
    )
    competency = filters.CharFilter(
        field_name="competencies__code", distinct=True, label=_("Компетенция (код)")
    )

    class Meta:
        model = Material
        fields: tuple[str, ...] = ()

    def filter_q(self, qs: QuerySet[Material], name: str, value: str) -> QuerySet[Material]:
        return search_materials(qs, value)


# --- Viewsets ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Мероприятия"),
        description=_(
            "Мероприятия в области доступа: муниципалитета и региона координатора, школ — "
            "организаторов и участников, а также те, на которые пользователь записался."
        ),
    ),
    retrieve=extend_schema(summary=_("Мероприятие")),
)
class EventViewSet(ApiReadOnlyViewSet[Event]):
    serializer_class = EventSerializer
    filterset_class = EventFilter
    search_fields = ("title", "description", "place")
    ordering_fields = ("id", "starts_at", "title")

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.event_list(user=self.request.user).prefetch_related("audience_schools")


@extend_schema_view(
    list=extend_schema(
        summary=_("Регистрации на мероприятия"),
        description=_(
            "Координаторам — регистрации на мероприятия в их области доступа, остальным — "
            "собственные. С отметкой о присутствии."
        ),
    ),
    retrieve=extend_schema(summary=_("Регистрация")),
)
class RegistrationViewSet(ApiReadOnlyViewSet[Registration]):
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    ordering_fields = ("id", "created_at")

    def get_queryset(self) -> QuerySet[Registration]:
        return selectors.registration_scope_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Мозговые штурмы"),
        description=_("Сессии, где пользователь ведущий или участник, и сессии его области."),
    ),
    retrieve=extend_schema(summary=_("Мозговой штурм")),
)
class SessionViewSet(ApiReadOnlyViewSet[BrainstormSession]):
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    search_fields = ("title", "problem")
    ordering_fields = ("id", "scheduled_at")

    def get_queryset(self) -> QuerySet[BrainstormSession]:
        return selectors.session_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary=_("Идеи"), description=_("Идеи доступных сессий.")),
    retrieve=extend_schema(summary=_("Идея")),
)
class IdeaViewSet(ApiReadOnlyViewSet[Idea]):
    serializer_class = IdeaSerializer
    filterset_class = IdeaFilter
    search_fields = ("text",)

    def get_queryset(self) -> QuerySet[Idea]:
        return selectors.idea_list(user=self.request.user).prefetch_related("related")


@extend_schema_view(
    list=extend_schema(
        summary=_("Оценки идей"),
        description=_("Участнику — его оценки; ведущему и координаторам — все оценки сессии."),
    ),
    retrieve=extend_schema(summary=_("Оценка идеи")),
)
class RatingViewSet(ApiReadOnlyViewSet[IdeaRating]):
    serializer_class = RatingSerializer
    filterset_class = RatingFilter

    def get_queryset(self) -> QuerySet[IdeaRating]:
        return selectors.rating_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Банк методических материалов"),
        description=_(
            "Материалы школ регионов, с которыми связан пользователь; параметр q — "
            "полнотекстовый поиск по-русски (находит «оценивания» по «оценивание»)."
        ),
    ),
    retrieve=extend_schema(summary=_("Методический материал")),
)
class MaterialViewSet(ApiReadOnlyViewSet[Material]):
    serializer_class = MaterialSerializer
    filterset_class = MaterialFilter
    search_fields = ("title", "author_name")
    ordering_fields = ("id", "created_at", "title")

    def get_queryset(self) -> QuerySet[Material]:
        return selectors.material_list(user=self.request.user)


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("events", EventViewSet, basename="event")
    router.register("event-registrations", RegistrationViewSet, basename="event-registration")
    router.register("brainstorms", SessionViewSet, basename="brainstorm")
    router.register("ideas", IdeaViewSet, basename="idea")
    router.register("idea-ratings", RatingViewSet, basename="idea-rating")
    router.register("materials", MaterialViewSet, basename="material")
