"""Collaboration over the API: events, registrations, brainstorm sessions, ideas, ratings and
materials.

Writes go through ``orbita.collaboration.services`` (the same rules as the pages): a
coordinator creates and changes events of the schools they coordinate and records attendance
and the outcome; anyone who sees an open event registers for it; a coordinator opens a
brainstorm session, its participants add ideas and rate them while the phase allows; a
school's teachers and coordinators add materials (a file checked by type and size, or a
link).

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
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from orbita.api.base import (
    ApiReadOnlyViewSet,
    BinMixin,
    CreateMixin,
    IdFilter,
    ScopedRelatedField,
    UpdateMixin,
    given,
    service_errors,
)
from orbita.api.mentoring import CodeNameSerializer
from orbita.collaboration import selectors, services
from orbita.collaboration.models import (
    AudienceRole,
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
from orbita.registry.models import Competency, School, Subject
from orbita.registry.selectors import municipality_list

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


# --- Write serializers -------------------------------------------------------------------


def _schools(**kwargs: Any) -> Any:
    # The service checks that the actor coordinates an organiser; audience schools are open.
    return serializers.PrimaryKeyRelatedField(queryset=School.objects.all(), **kwargs)


class EventWriteSerializer(serializers.Serializer[Any]):
    municipality = ScopedRelatedField(
        lambda user: municipality_list(user=user) | _own_municipalities(user),
        help_text=_("Муниципалитет (id); только при создании."),
    )
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    organisers = _schools(many=True, help_text=_("Школы-организаторы (id)."))
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    helper_school = _schools(required=False, allow_null=True)
    helped_school = _schools(required=False, allow_null=True)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    online_link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    audience_schools = _schools(many=True, required=False)
    audience_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=AudienceRole.choices), required=False
    )
    grades = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=11), required=False
    )
    registration_open = serializers.BooleanField(required=False)
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)


def _own_municipalities(user: Any) -> QuerySet[Any]:
    """The municipalities of the schools a school coordinator coordinates."""
    from orbita.collaboration.selectors import scope_schools
    from orbita.registry.models import Municipality

    return Municipality.objects.filter(pk__in=scope_schools(user).values("municipality_id"))


class AttendanceSerializer(serializers.Serializer[Any]):
    attended = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text=_("id пользователей из числа записавшихся, которые пришли."),
    )
    attendance_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    outcome = serializers.CharField(required=False, allow_blank=True)


class SessionWriteSerializer(serializers.Serializer[Any]):
    municipality = ScopedRelatedField(
        lambda user: municipality_list(user=user) | _own_municipalities(user)
    )
    title = serializers.CharField(max_length=300)
    problem = serializers.CharField()
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True)


class IdeaWriteSerializer(serializers.Serializer[Any]):
    session = ScopedRelatedField(lambda user: selectors.session_list(user=user))
    text = serializers.CharField(max_length=1000)


class RatingWriteSerializer(serializers.Serializer[Any]):
    idea = ScopedRelatedField(lambda user: selectors.idea_list(user=user))
    score = serializers.IntegerField(min_value=1, max_value=5)


class MaterialWriteSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=MaterialKind.choices)
    school = _schools(help_text=_("Школа автора (id)."))
    description = serializers.CharField(required=False, allow_blank=True)
    author_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    subjects = serializers.SlugRelatedField(
        slug_field="code", queryset=Subject.objects.all(), many=True, required=False
    )
    competencies = serializers.SlugRelatedField(
        slug_field="code", queryset=Competency.objects.all(), many=True, required=False
    )
    grades = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=11), required=False
    )
    file = serializers.FileField(
        required=False,
        help_text=_("PDF, DOCX, XLSX, PPTX, изображение или видео; размер проверяется."),
    )
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)


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
    create=extend_schema(
        summary=_("Запланировать мероприятие"),
        description=_("Координатор хотя бы одной из школ-организаторов."),
        responses={201: EventSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Изменить мероприятие"), responses={200: EventSerializer}
    ),
)
class EventViewSet(CreateMixin, UpdateMixin, ApiReadOnlyViewSet[Event]):
    serializer_class = EventSerializer
    write_serializer_class = EventWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    filterset_class = EventFilter
    search_fields = ("title", "description", "place")
    ordering_fields = ("id", "starts_at", "title")

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.event_list(user=self.request.user).prefetch_related("audience_schools")

    def create_object(self, data: dict[str, Any]) -> Event:
        return services.event_create(actor=self.request.user, **data)

    def update_object(self, obj: Event, data: dict[str, Any]) -> Event:
        data.pop("municipality", None)
        return services.event_update(actor=self.request.user, event=obj, data=data)

    @extend_schema(
        summary=_("Записаться на мероприятие"),
        description=_("Запрашивающий записывается сам (пока регистрация открыта)."),
        request=None,
        responses={201: None},
    )
    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        with service_errors():
            services.event_register(actor=request.user, event=event)
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Отменить свою запись"), request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def unregister(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        with service_errors():
            services.registration_cancel(actor=request.user, event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=_("Отметить посещаемость и итог"),
        description=_("После начала мероприятия; организатор."),
        request=AttendanceSerializer,
        responses={200: EventSerializer},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        data = self.validated(AttendanceSerializer)
        with service_errors():
            services.attendance_record(
                actor=request.user,
                event=event,
                attended_user_ids=data["attended"],
                attendance_count=data.get("attendance_count"),
            )
            if data.get("outcome"):
                services.event_outcome_record(
                    actor=request.user, event=event, outcome=data["outcome"]
                )
        return self.answer(event)


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
    create=extend_schema(
        summary=_("Открыть мозговой штурм"),
        description=_("Ведущий — запрашивающий; участников приглашают на странице сессии."),
        responses={201: SessionSerializer},
    ),
)
class SessionViewSet(CreateMixin, ApiReadOnlyViewSet[BrainstormSession]):
    serializer_class = SessionSerializer
    write_serializer_class = SessionWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = SessionFilter
    search_fields = ("title", "problem")
    ordering_fields = ("id", "scheduled_at")

    def get_queryset(self) -> QuerySet[BrainstormSession]:
        return selectors.session_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> BrainstormSession:
        return services.session_create(actor=self.request.user, **data)

    @extend_schema(
        summary=_("Следующая фаза"),
        description=_("Ведущий: сбор идей → объединение → оценка → итоги."),
        request=None,
        responses={200: SessionSerializer},
    )
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str | None = None) -> Response:
        session = self.get_object()
        with service_errors():
            services.session_advance(actor=request.user, session=session)
        return self.answer(session)


@extend_schema_view(
    list=extend_schema(summary=_("Идеи"), description=_("Идеи доступных сессий.")),
    retrieve=extend_schema(summary=_("Идея")),
    create=extend_schema(
        summary=_("Добавить идею"),
        description=_("Участник сессии, пока идёт сбор идей."),
        responses={201: IdeaSerializer},
    ),
)
class IdeaViewSet(CreateMixin, ApiReadOnlyViewSet[Idea]):
    serializer_class = IdeaSerializer
    write_serializer_class = IdeaWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = IdeaFilter
    search_fields = ("text",)

    def get_queryset(self) -> QuerySet[Idea]:
        return selectors.idea_list(user=self.request.user).prefetch_related("related")

    def create_object(self, data: dict[str, Any]) -> Idea:
        return services.idea_add(
            actor=self.request.user, session=data["session"], text=data["text"]
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Оценки идей"),
        description=_("Участнику — его оценки; ведущему и координаторам — все оценки сессии."),
    ),
    retrieve=extend_schema(summary=_("Оценка идеи")),
    create=extend_schema(
        summary=_("Оценить идею"),
        description=_("Участник, в фазе оценки; повторная оценка меняет балл."),
        responses={201: RatingSerializer},
    ),
)
class RatingViewSet(CreateMixin, ApiReadOnlyViewSet[IdeaRating]):
    serializer_class = RatingSerializer
    write_serializer_class = RatingWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = RatingFilter

    def get_queryset(self) -> QuerySet[IdeaRating]:
        return selectors.rating_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> IdeaRating:
        return services.idea_rate(actor=self.request.user, idea=data["idea"], score=data["score"])


@extend_schema_view(
    list=extend_schema(
        summary=_("Банк методических материалов"),
        description=_(
            "Материалы школ регионов, с которыми связан пользователь; параметр q — "
            "полнотекстовый поиск по-русски (находит «оценивания» по «оценивание»)."
        ),
    ),
    retrieve=extend_schema(summary=_("Методический материал")),
    create=extend_schema(
        summary=_("Добавить материал в банк"),
        description=_(
            "Педагог или координатор школы; файл (multipart/form-data, тип и размер "
            "проверяются) или ссылка."
        ),
        responses={201: MaterialSerializer},
    ),
    destroy=extend_schema(
        summary=_("Убрать материал из банка"),
        description=_("В корзину: материал можно вернуть (restore)."),
        responses={204: None},
    ),
)
class MaterialViewSet(CreateMixin, BinMixin, ApiReadOnlyViewSet[Material]):
    serializer_class = MaterialSerializer
    write_serializer_class = MaterialWriteSerializer
    http_method_names = ["get", "head", "options", "post", "delete"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = MaterialFilter
    search_fields = ("title", "author_name")
    ordering_fields = ("id", "created_at", "title")

    def get_queryset(self) -> QuerySet[Material]:
        return selectors.material_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> Material:
        return services.material_create(
            actor=self.request.user,
            title=data["title"],
            kind=data["kind"],
            school=data["school"],
            **given(
                data,
                "description",
                "author_name",
                "subjects",
                "competencies",
                "grades",
                "file",
                "link",
            ),
        )

    def remove_object(self, obj: Material) -> Any:
        return services.material_delete(actor=self.request.user, material=obj)

    def removed_object(self, pk: int) -> Material:
        return selectors.material_removed_get(user=self.request.user, pk=pk)

    def restore_object(self, obj: Material) -> Material:
        return services.material_restore(actor=self.request.user, material=obj)


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("events", EventViewSet, basename="event")
    router.register("event-registrations", RegistrationViewSet, basename="event-registration")
    router.register("brainstorms", SessionViewSet, basename="brainstorm")
    router.register("ideas", IdeaViewSet, basename="idea")
    router.register("idea-ratings", RatingViewSet, basename="idea-rating")
    router.register("materials", MaterialViewSet, basename="material")
