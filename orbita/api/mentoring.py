"""Mentoring over the API: mentors, mentees (with the request map), programmes, pairs, pair
plans and success-diary entries — read and write.

Every viewset reads through ``orbita.mentoring.selectors`` with the requesting user, so the
API sees exactly what the pages see: profiles are personal data (coordinators of the
teacher's school and the teacher themself), pairs go to their coordinators and members
(drafts to coordinators only), and a diary entry's content to the pair's mentor, the mentee
who wrote it, and others only when that mentee shared it.

Writes (``POST`` on a list, ``PATCH`` on a detail, ``POST`` on an action such as
``mentoring-pairs/{id}/accept/``) call the same services as the pages: the object is found
through the scoped selector (outside the scope: 404), the input serializer checks the shape
and resolves references within the caller's scope (an unseen id is a 400 «not found»), and
the service decides the right (403) and the rules (400 with the service's Russian message);
it also writes the audit entry.
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
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
from orbita.mentoring import selectors, services
from orbita.mentoring.models import (
    Deficit,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairForm,
    PairPlan,
    PairPlanItem,
    Programme,
    RolePair,
    SuccessDiaryEntry,
    WantedFormat,
    WorkFormat,
)
from orbita.registry.models import Competency, School, Subject
from orbita.registry.selectors import municipality_list, teacher_list

# --- Serializers -------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer[Any]):
    """A mentor or mentee profile as a reference: profile id, teacher id, name, school."""

    id = serializers.IntegerField(read_only=True)
    teacher = serializers.IntegerField(source="teacher_id", read_only=True)
    name = serializers.CharField(source="teacher.full_name", read_only=True)
    school = serializers.CharField(source="teacher.school.display_name", read_only=True)


class CodeNameSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class MentorSerializer(serializers.ModelSerializer[MentorProfile]):
    teacher = serializers.IntegerField(source="teacher_id", read_only=True)
    name = serializers.CharField(source="teacher.full_name", read_only=True)
    school = serializers.IntegerField(source="teacher.school_id", read_only=True)
    school_name = serializers.CharField(source="teacher.school.display_name", read_only=True)
    subjects = CodeNameSerializer(many=True, read_only=True)
    strengths = CodeNameSerializer(many=True, read_only=True)
    load = serializers.IntegerField(
        read_only=True, help_text=_("Наставляемых в работающих и принятых парах.")
    )

    class Meta:
        model = MentorProfile
        fields = (
            "id",
            "teacher",
            "name",
            "school",
            "school_name",
            "status",
            "capacity",
            "capacity_raised",
            "load",
            "subjects",
            "strengths",
            "criteria",
            "quality",
        )
        read_only_fields = fields


class DeficitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(source="competency.code", read_only=True)
    name = serializers.CharField(source="competency.name", read_only=True)
    note = serializers.CharField(read_only=True)


class MenteeSerializer(serializers.ModelSerializer[MenteeProfile]):
    teacher = serializers.IntegerField(source="teacher_id", read_only=True)
    name = serializers.CharField(source="teacher.full_name", read_only=True)
    school = serializers.IntegerField(source="teacher.school_id", read_only=True)
    school_name = serializers.CharField(source="teacher.school.display_name", read_only=True)
    subjects = CodeNameSerializer(source="teacher.subjects", many=True, read_only=True)
    deficits = DeficitSerializer(many=True, read_only=True, help_text=_("Карта запросов."))
    in_pair = serializers.BooleanField(
        read_only=True, help_text=_("В работающей или принятой паре.")
    )

    class Meta:
        model = MenteeProfile
        fields = (
            "id",
            "teacher",
            "name",
            "school",
            "school_name",
            "subjects",
            "format",
            "deficits",
            "in_pair",
        )
        read_only_fields = fields


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    municipality = serializers.IntegerField(source="municipality_id", read_only=True)
    mentee_schools: "serializers.PrimaryKeyRelatedField[Any]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    partner_schools: "serializers.PrimaryKeyRelatedField[Any]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    draft_count = serializers.IntegerField(read_only=True)
    active_count = serializers.IntegerField(read_only=True)
    weights = serializers.DictField(child=serializers.FloatField(), read_only=True)
    forms = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Programme
        fields = (
            "id",
            "name",
            "municipality",
            "starts_on",
            "ends_on",
            "scope",
            "mentee_schools",
            "partner_schools",
            "weights",
            "forms",
            "goal",
            "draft_count",
            "active_count",
        )
        read_only_fields = fields


@extend_schema_field(
    {
        "type": "object",
        "description": _(
            "Части оценки пары: общие предметы, закрытые дефициты (коды и названия), "
            "качество наставника, расстояние в км."
        ),
    }
)
class ExplanationField(serializers.JSONField):
    pass


class PairSerializer(serializers.ModelSerializer[MentoringPair]):
    programme = serializers.IntegerField(source="programme_id", read_only=True)
    mentor = PersonSerializer(read_only=True)
    mentees = PersonSerializer(many=True, read_only=True)
    explanation = ExplanationField(read_only=True)
    rematch_of = serializers.IntegerField(source="rematch_of_id", read_only=True, allow_null=True)

    class Meta:
        model = MentoringPair
        fields = (
            "id",
            "programme",
            "mentor",
            "mentees",
            "status",
            "source",
            "role_pair",
            "form",
            "format",
            "score",
            "explanation",
            "accepted_at",
            "started_on",
            "ended_on",
            "end_reason",
            "rematch_of",
        )
        read_only_fields = fields


class PlanItemSerializer(serializers.ModelSerializer[PairPlanItem]):
    competency = serializers.CharField(
        source="competency.code", read_only=True, allow_null=True, default=None
    )
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = PairPlanItem
        fields = (
            "id",
            "competency",
            "content",
            "deadline",
            "format",
            "result",
            "status",
            "is_overdue",
        )
        read_only_fields = fields


class PlanItemDetailSerializer(PlanItemSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    pair = serializers.IntegerField(source="plan.pair_id", read_only=True)

    class Meta(PlanItemSerializer.Meta):
        fields: tuple[str, ...] = (  # type: ignore[assignment]
            "id",
            "plan",
            "pair",
            *PlanItemSerializer.Meta.fields[1:],
            "order",
        )
        read_only_fields = fields  # type: ignore[assignment]


class RequestDeficitSerializer(serializers.ModelSerializer[Deficit]):
    mentee = serializers.IntegerField(source="mentee_id", read_only=True)
    code = serializers.CharField(source="competency.code", read_only=True)
    name = serializers.CharField(source="competency.name", read_only=True)

    class Meta:
        model = Deficit
        fields = ("id", "mentee", "code", "name", "note")
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer[PairPlan]):
    pair = serializers.IntegerField(source="pair_id", read_only=True)
    items = PlanItemSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField(help_text=_("Доля выполненных пунктов, %."))

    class Meta:
        model = PairPlan
        fields = ("id", "pair", "goal", "items", "progress")
        read_only_fields = fields

    def get_progress(self, plan: PairPlan) -> int:
        items = plan.items.all()
        done = sum(1 for i in items if i.status == PairPlanItem.Status.DONE)
        return round(100 * done / len(items)) if items else 0


class DiaryEntrySerializer(serializers.ModelSerializer[SuccessDiaryEntry]):
    pair = serializers.IntegerField(source="pair_id", read_only=True)
    mentee = serializers.IntegerField(source="mentee_id", read_only=True)
    competency = serializers.CharField(
        source="competency.code", read_only=True, allow_null=True, default=None
    )
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = SuccessDiaryEntry
        fields = (
            "id",
            "pair",
            "mentee",
            "date",
            "achievement",
            "competency",
            "link",
            "is_shared",
            "has_evidence",
        )
        read_only_fields = fields

    def get_has_evidence(self, entry: SuccessDiaryEntry) -> bool:
        return bool(entry.evidence)


# --- Write serializers -------------------------------------------------------------------
# They check the shape of the input and turn ids and codes into objects the caller may see;
# the rules and the rights are the services'.


def _codes(model: type[Model], **kwargs: Any) -> Any:
    """Catalogue entries (subjects, competencies) by code; the catalogues are public."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=model._default_manager.all(),
        many=True,
        required=False,
        **kwargs,
    )


def _teachers(user: Any) -> QuerySet[Any]:
    return teacher_list(user=user)


class MentorWriteSerializer(serializers.Serializer[Any]):
    teacher = ScopedRelatedField(_teachers, help_text=_("Педагог (id); только при создании."))
    status = serializers.ChoiceField(choices=MentorProfile.Status.choices, required=False)
    capacity = serializers.IntegerField(min_value=1, required=False)
    strengths = _codes(Competency, help_text=_("Сильные стороны: коды компетенций."))
    subjects = _codes(Subject, help_text=_("Предметы: коды; по умолчанию — предметы педагога."))
    note = serializers.CharField(required=False, allow_blank=True)


class MenteeWriteSerializer(serializers.Serializer[Any]):
    teacher = ScopedRelatedField(_teachers, help_text=_("Педагог (id); только при создании."))
    format = serializers.ChoiceField(choices=WantedFormat.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class DeficitWriteSerializer(serializers.Serializer[Any]):
    competency = serializers.SlugRelatedField(
        slug_field="code", queryset=Competency.objects.all(), help_text=_("Код компетенции.")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _schools(**kwargs: Any) -> Any:
    # The service checks that they belong to the programme's municipality or region.
    return serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(), many=True, required=False, **kwargs
    )


class ProgrammeWriteSerializer(serializers.Serializer[Any]):
    municipality = ScopedRelatedField(
        lambda user: municipality_list(user=user),
        help_text=_("Муниципалитет (id); только при создании."),
    )
    name = serializers.CharField(max_length=255)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    scope = serializers.ChoiceField(choices=Programme.Scope.choices, required=False)
    mentee_schools = _schools(help_text=_("Школы наставляемых (id)."))
    partner_schools = _schools(help_text=_("Школы-партнёры (id)."))
    weights = serializers.DictField(child=serializers.FloatField(), required=False)
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=PairForm.choices), required=False
    )
    goal = serializers.CharField(required=False, allow_blank=True)


class PairWriteSerializer(serializers.Serializer[Any]):
    programme = ScopedRelatedField(lambda user: selectors.manageable_programmes(user))
    mentor = ScopedRelatedField(lambda user: selectors.pairing_mentors(user))
    mentees = ScopedRelatedField(lambda user: selectors.mentee_list(user=user), many=True)
    role_pair = serializers.ChoiceField(choices=RolePair.choices, required=False)
    form = serializers.ChoiceField(
        choices=PairForm.choices,
        required=False,
        help_text=_("Одна из форм программы; по умолчанию индивидуальная (групповая)."),
    )
    format = serializers.ChoiceField(choices=WorkFormat.choices, required=False)


class RejectSerializer(serializers.Serializer[Any]):
    never_again = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class EndEarlySerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)
    never_again = serializers.BooleanField(required=False, default=False)


class PlanWriteSerializer(serializers.Serializer[Any]):
    goal = serializers.CharField(allow_blank=True)


class PlanItemWriteSerializer(serializers.Serializer[Any]):
    competency = serializers.SlugRelatedField(
        slug_field="code", queryset=Competency.objects.all(), required=False, allow_null=True
    )
    content = serializers.CharField()
    deadline = serializers.DateField()
    format = serializers.ChoiceField(choices=PairPlanItem.Format.choices, required=False)
    result = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=PairPlanItem.Status.choices, required=False)


class PlanItemUpdateSerializer(PlanItemWriteSerializer):
    order = serializers.IntegerField(min_value=0, required=False)


class DiaryWriteSerializer(serializers.Serializer[Any]):
    pair = ScopedRelatedField(lambda user: selectors.pair_list(user=user))
    date = serializers.DateField()
    achievement = serializers.CharField()
    competency = serializers.SlugRelatedField(
        slug_field="code", queryset=Competency.objects.all(), required=False, allow_null=True
    )
    link = serializers.URLField(required=False, allow_blank=True)
    is_shared = serializers.BooleanField(required=False, default=False)
    evidence = serializers.FileField(
        required=False, help_text=_("Подтверждение: PDF, PNG, JPEG, DOCX, XLSX, PPTX до 10 МБ.")
    )


class ShareSerializer(serializers.Serializer[Any]):
    is_shared = serializers.BooleanField()


# --- Filters -----------------------------------------------------------------------------


class MentorFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=MentorProfile.Status.choices, label=_("Статус"))
    school = IdFilter(field_name="teacher__school_id", label=_("Школа (id)"))
    subject = filters.CharFilter(field_name="subjects__code", label=_("Предмет (код)"))

    class Meta:
        model = MentorProfile
        fields: tuple[str, ...] = ()


class MenteeFilter(filters.FilterSet):
    school = IdFilter(field_name="teacher__school_id", label=_("Школа (id)"))
    municipality = IdFilter(
        field_name="teacher__school__municipality_id", label=_("Муниципалитет (id)")
    )
    competency = filters.CharFilter(
        method="by_competency", label=_("Затруднение (код компетенции)")
    )

    class Meta:
        model = MenteeProfile
        fields: tuple[str, ...] = ()

    def by_competency(
        self, queryset: QuerySet[MenteeProfile], name: str, value: str
    ) -> QuerySet[MenteeProfile]:
        # A removed difficulty (soft-deleted) does not count; one filter() keeps it one join.
        return queryset.filter(deficits__competency__code=value, deficits__deleted_at__isnull=True)


class ProgrammeFilter(filters.FilterSet):
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))

    class Meta:
        model = Programme
        fields: tuple[str, ...] = ()


class PairFilter(filters.FilterSet):
    programme = IdFilter(field_name="programme_id", label=_("Программа (id)"))
    mentor = IdFilter(field_name="mentor_id", label=_("Наставник (id профиля)"))
    status = filters.ChoiceFilter(choices=MentoringPair.Status.choices, label=_("Состояние"))

    class Meta:
        model = MentoringPair
        fields: tuple[str, ...] = ()


class PairChildFilter(filters.FilterSet):
    pair = IdFilter(field_name="pair_id", label=_("Пара (id)"))

    class Meta:
        model = PairPlan
        fields: tuple[str, ...] = ()


class PlanItemFilter(filters.FilterSet):
    plan = IdFilter(field_name="plan_id", label=_("План (id)"))
    pair = IdFilter(field_name="plan__pair_id", label=_("Пара (id)"))
    status = filters.ChoiceFilter(choices=PairPlanItem.Status.choices, label=_("Статус"))

    class Meta:
        model = PairPlanItem
        fields: tuple[str, ...] = ()


class DeficitFilter(filters.FilterSet):
    mentee = IdFilter(field_name="mentee_id", label=_("Наставляемый (id)"))
    competency = filters.CharFilter(field_name="competency__code", label=_("Код компетенции"))

    class Meta:
        model = Deficit
        fields: tuple[str, ...] = ()


class DiaryFilter(filters.FilterSet):
    pair = IdFilter(field_name="pair_id", label=_("Пара (id)"))

    class Meta:
        model = SuccessDiaryEntry
        fields: tuple[str, ...] = ()


# --- Viewsets ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Наставники"),
        description=_(
            "База наставников в области доступа (персональные данные): координаторам — "
            "наставники школ их области, наставнику — его профиль."
        ),
    ),
    retrieve=extend_schema(summary=_("Наставник")),
    create=extend_schema(
        summary=_("Включить педагога в базу наставников"),
        description=_("Координатор школы педагога (школы, муниципалитета, региона)."),
        responses={201: MentorSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Изменить профиль наставника"),
        description=_("Статус, лимит наставляемых, сильные стороны, предметы, заметка."),
        responses={200: MentorSerializer},
    ),
)
class MentorViewSet(CreateMixin, UpdateMixin, ApiReadOnlyViewSet[MentorProfile]):
    serializer_class = MentorSerializer
    write_serializer_class = MentorWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    filterset_class = MentorFilter
    search_fields = ("teacher__full_name",)
    ordering_fields = ("id", "teacher__full_name", "quality", "capacity")

    def get_queryset(self) -> QuerySet[MentorProfile]:
        return selectors.mentor_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> MentorProfile:
        return services.mentor_create(
            actor=self.request.user,
            teacher=data["teacher"],
            **given(data, "status", "capacity", "strengths", "subjects", "note"),
        )

    def update_object(self, obj: MentorProfile, data: dict[str, Any]) -> MentorProfile:
        return services.mentor_update(
            actor=self.request.user,
            mentor=obj,
            data=given(data, *services.MENTOR_FIELDS),
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Наставляемые"),
        description=_(
            "База наставляемых с картой запросов: координаторам — педагоги школ их области, "
            "педагогу — его собственный профиль. Сначала те, кто без пары."
        ),
    ),
    retrieve=extend_schema(summary=_("Наставляемый")),
    create=extend_schema(
        summary=_("Включить педагога в базу наставляемых"),
        description=_("Сам педагог или координатор его школы."),
        responses={201: MenteeSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Изменить пожелания наставляемого"), responses={200: MenteeSerializer}
    ),
)
class MenteeViewSet(CreateMixin, UpdateMixin, ApiReadOnlyViewSet[MenteeProfile]):
    serializer_class = MenteeSerializer
    write_serializer_class = MenteeWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    filterset_class = MenteeFilter
    search_fields = ("teacher__full_name",)
    ordering_fields = ("id", "teacher__full_name")

    def get_queryset(self) -> QuerySet[MenteeProfile]:
        return selectors.mentee_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> MenteeProfile:
        return services.mentee_create(
            actor=self.request.user, teacher=data["teacher"], **given(data, "format", "note")
        )

    def update_object(self, obj: MenteeProfile, data: dict[str, Any]) -> MenteeProfile:
        return services.mentee_update(
            actor=self.request.user, mentee=obj, data=given(data, "format", "note")
        )

    @extend_schema(
        summary=_("Добавить затруднение в карту запросов"),
        description=_(
            "Сам педагог или координатор его школы; для уже записанной компетенции меняется "
            "пояснение."
        ),
        request=DeficitWriteSerializer,
        responses={200: MenteeSerializer},
    )
    @action(detail=True, methods=["post"])
    def deficits(self, request: Request, pk: str | None = None) -> Response:
        mentee = self.get_object()
        data = self.validated(DeficitWriteSerializer)
        with service_errors():
            services.deficit_set(actor=request.user, mentee=mentee, **data)
        return self.answer(mentee)


@extend_schema_view(
    list=extend_schema(
        summary=_("Программы наставничества"),
        description=_(
            "Программы муниципалитетов и регионов в области доступа и программы, в которых "
            "участвует школа координатора."
        ),
    ),
    retrieve=extend_schema(summary=_("Программа наставничества")),
    create=extend_schema(
        summary=_("Создать программу наставничества"),
        description=_("Координатор муниципалитета или администратор региона."),
        responses={201: ProgrammeSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Изменить программу наставничества"), responses={200: ProgrammeSerializer}
    ),
)
class ProgrammeViewSet(CreateMixin, UpdateMixin, ApiReadOnlyViewSet[Programme]):
    serializer_class = ProgrammeSerializer
    write_serializer_class = ProgrammeWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    filterset_class = ProgrammeFilter
    search_fields = ("name",)
    ordering_fields = ("id", "name", "starts_on", "ends_on")

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programme_list(user=self.request.user).prefetch_related(
            "mentee_schools", "partner_schools"
        )

    def create_object(self, data: dict[str, Any]) -> Programme:
        return services.programme_create(
            actor=self.request.user,
            municipality=data["municipality"],
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            **given(data, "scope", "mentee_schools", "partner_schools", "weights", "forms", "goal"),
        )

    def update_object(self, obj: Programme, data: dict[str, Any]) -> Programme:
        return services.programme_update(
            actor=self.request.user,
            programme=obj,
            data=given(data, *services.PROGRAMME_FIELDS),
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Наставнические пары"),
        description=_(
            "Пары программ в области доступа; наставнику и наставляемым — их собственные "
            "опубликованные пары (черновики видят только координаторы). С объяснением подбора."
        ),
    ),
    retrieve=extend_schema(summary=_("Наставническая пара")),
    create=extend_schema(
        summary=_("Составить пару вручную"),
        description=_(
            "Принятый черновик: проверяются запреты, занятость наставляемых, лимит "
            "наставника и формы программы. Публикуется вместе с программой."
        ),
        responses={201: PairSerializer},
    ),
)
class PairViewSet(CreateMixin, ApiReadOnlyViewSet[MentoringPair]):
    serializer_class = PairSerializer
    write_serializer_class = PairWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = PairFilter
    search_fields = ("mentor__teacher__full_name", "programme__name")
    ordering_fields = ("id", "started_on", "score")

    def get_queryset(self) -> QuerySet[MentoringPair]:
        return selectors.pair_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> MentoringPair:
        return services.pair_create(
            actor=self.request.user,
            programme=data["programme"],
            mentor=data["mentor"],
            mentees=data["mentees"],
            **given(data, "role_pair", "form", "format"),
        )

    def _act(self, service: Any, serializer_class: Any = None) -> Response:
        pair = self.get_object()
        data = self.validated(serializer_class) if serializer_class else {}
        with service_errors():
            result = service(actor=self.request.user, pair=pair, **data)
        if result is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.answer(result)

    @extend_schema(
        summary=_("Принять черновик пары"),
        description=_("Пара занимает место у наставника (лимит проверяется)."),
        request=None,
        responses={200: PairSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._act(services.pair_accept)

    @extend_schema(
        summary=_("Отклонить черновик пары"),
        description=_("Черновик удаляется; с never_again эту пару больше не предложат."),
        request=RejectSerializer,
        responses={204: None},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._act(services.pair_reject, RejectSerializer)

    @extend_schema(
        summary=_("Завершить работу пары"), request=None, responses={200: PairSerializer}
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._act(services.pair_complete)

    @extend_schema(
        summary=_("Завершить пару досрочно"),
        description=_("С причиной; с never_again эту пару больше не предложат."),
        request=EndEarlySerializer,
        responses={200: PairSerializer},
    )
    @action(detail=True, methods=["post"], url_path="end", url_name="end")
    def end_early(self, request: Request, pk: str | None = None) -> Response:
        return self._act(services.pair_end_early, EndEarlySerializer)


@extend_schema_view(
    list=extend_schema(
        summary=_("Планы работы пар"),
        description=_("Цель и пункты плана каждой пары в области доступа, с долей выполненного."),
    ),
    retrieve=extend_schema(summary=_("План работы пары")),
    partial_update=extend_schema(summary=_("Изменить цель плана"), responses={200: PlanSerializer}),
)
class PlanViewSet(UpdateMixin, ApiReadOnlyViewSet[PairPlan]):
    serializer_class = PlanSerializer
    write_serializer_class = PlanWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    filterset_class = PairChildFilter
    search_fields = ("goal",)
    ordering_fields = ("id", "pair_id")

    def get_queryset(self) -> QuerySet[PairPlan]:
        return selectors.plan_list(user=self.request.user)

    def update_object(self, obj: PairPlan, data: dict[str, Any]) -> PairPlan:
        goal = data.get("goal", obj.goal)
        return services.plan_update(actor=self.request.user, pair=obj.pair, goal=goal)

    @extend_schema(
        summary=_("Добавить пункт плана"),
        description=_("Участники пары и координаторы, которые её видят."),
        request=PlanItemWriteSerializer,
        responses={201: PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = self.validated(PlanItemWriteSerializer)
        with service_errors():
            services.plan_item_create(actor=request.user, pair=plan.pair, **data)
        return self.answer(plan, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=_("Пункты планов"),
        description=_("Пункты планов работы пар в области доступа, по парам и по порядку."),
    ),
    retrieve=extend_schema(summary=_("Пункт плана")),
    partial_update=extend_schema(
        summary=_("Изменить пункт плана"),
        description=_(
            "Участники пары и координаторы, которые её видят: например, отметить пункт выполненным."
        ),
        responses={200: PlanItemDetailSerializer},
    ),
    destroy=extend_schema(
        summary=_("Удалить пункт плана"),
        description=_("В корзину: пункт можно вернуть (restore)."),
        responses={204: None},
    ),
)
class PlanItemViewSet(UpdateMixin, BinMixin, ApiReadOnlyViewSet[PairPlanItem]):
    serializer_class = PlanItemDetailSerializer
    write_serializer_class = PlanItemUpdateSerializer
    http_method_names = ["get", "head", "options", "post", "patch", "delete"]
    filterset_class = PlanItemFilter
    search_fields = ("content", "result")
    ordering_fields = ("id", "deadline", "order")

    def get_queryset(self) -> QuerySet[PairPlanItem]:
        return selectors.plan_item_list(user=self.request.user)

    def update_object(self, obj: PairPlanItem, data: dict[str, Any]) -> PairPlanItem:
        return services.plan_item_update(actor=self.request.user, item=obj, data=data)

    def remove_object(self, obj: PairPlanItem) -> Any:
        return services.plan_item_delete(actor=self.request.user, item=obj)

    def removed_object(self, pk: int) -> PairPlanItem:
        return selectors.plan_item_get(user=self.request.user, pk=pk, removed=True)

    def restore_object(self, obj: PairPlanItem) -> PairPlanItem:
        return services.plan_item_restore(actor=self.request.user, item=obj)


@extend_schema_view(
    list=extend_schema(
        summary=_("Затруднения из карт запросов"),
        description=_(
            "Профессиональные затруднения наставляемых в области доступа; добавляются "
            "действием «deficits» наставляемого."
        ),
    ),
    retrieve=extend_schema(summary=_("Затруднение")),
    destroy=extend_schema(
        summary=_("Убрать затруднение из карты запросов"),
        description=_(
            "Сам педагог или координатор его школы; в корзину — его можно вернуть (restore)."
        ),
        responses={204: None},
    ),
)
class DeficitViewSet(BinMixin, ApiReadOnlyViewSet[Deficit]):
    serializer_class = RequestDeficitSerializer
    http_method_names = ["get", "head", "options", "post", "delete"]
    filterset_class = DeficitFilter
    search_fields = ("note", "competency__name")

    def get_queryset(self) -> QuerySet[Deficit]:
        return selectors.deficit_list(user=self.request.user)

    def remove_object(self, obj: Deficit) -> Any:
        return services.deficit_remove(actor=self.request.user, deficit=obj)

    def removed_object(self, pk: int) -> Deficit:
        return selectors.deficit_get(user=self.request.user, pk=pk, removed=True)

    def restore_object(self, obj: Deficit) -> Deficit:
        return services.deficit_restore(actor=self.request.user, deficit=obj)


@extend_schema_view(
    list=extend_schema(
        summary=_("Дневник успеха"),
        description=_(
            "Записи дневников успеха, которые пользователь может прочитать: наставник — "
            "записи своих пар, наставляемый — свои, остальные — только те, которыми "
            "поделился наставляемый."
        ),
    ),
    retrieve=extend_schema(summary=_("Запись дневника успеха")),
    create=extend_schema(
        summary=_("Записать достижение в дневник успеха"),
        description=_(
            "Только наставляемый работающей пары, в свой дневник; файл подтверждения — "
            "multipart/form-data (проверяются тип и размер)."
        ),
        responses={201: DiaryEntrySerializer},
    ),
    partial_update=extend_schema(
        summary=_("Поделиться записью с координаторами или скрыть её"),
        description=_("Только наставляемый, который сделал запись."),
        responses={200: DiaryEntrySerializer},
    ),
)
class DiaryEntryViewSet(CreateMixin, ApiReadOnlyViewSet[SuccessDiaryEntry]):
    serializer_class = DiaryEntrySerializer
    write_serializer_class = DiaryWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = DiaryFilter
    search_fields = ("achievement",)
    ordering_fields = ("id", "date")

    def get_queryset(self) -> QuerySet[SuccessDiaryEntry]:
        return selectors.diary_entry_list(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "partial_update":
            return ShareSerializer
        return super().get_serializer_class()

    def create_object(self, data: dict[str, Any]) -> SuccessDiaryEntry:
        return services.diary_entry_create(actor=self.request.user, **data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = self.validated(ShareSerializer)
        with service_errors():
            entry = services.diary_entry_share(
                actor=request.user, entry=entry, is_shared=data["is_shared"]
            )
        return self.answer(entry)


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("mentors", MentorViewSet, basename="mentor")
    router.register("mentees", MenteeViewSet, basename="mentee")
    router.register("mentoring-programmes", ProgrammeViewSet, basename="mentoring-programme")
    router.register("mentoring-pairs", PairViewSet, basename="mentoring-pair")
    router.register("pair-plans", PlanViewSet, basename="pair-plan")
    router.register("plan-items", PlanItemViewSet, basename="plan-item")
    router.register("deficits", DeficitViewSet, basename="deficit")
    router.register("diary-entries", DiaryEntryViewSet, basename="diary-entry")
