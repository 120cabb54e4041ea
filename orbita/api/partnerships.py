"""Partnerships over the API: partnerships (with their terms and the support balance),
agreements, risk profiles, roadmap items and network programmes.

Writes call the same services as the pages (``orbita.partnerships.services``): a
coordinator of the municipality (or region) creates and changes partnerships, agreements and
roadmaps; either school's coordinator changes an item's status; a school's coordinators its
risk profile and the programmes it hosts. A refused write answers 403, bad input 400 with
the (Russian) messages by field.

Every viewset reads through ``orbita.partnerships.selectors`` with the requesting user, so
the API sees exactly what the pages see: a partnership and what hangs off it go to the
coordinators of its municipality and region and to the school coordinators of either
party; a network programme to the coordinators of the host or the guest school.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from orbita.api.base import (
    ApiReadOnlyViewSet,
    BinMixin,
    CreateMixin,
    IdFilter,
    IntFilter,
    ScopedRelatedField,
    UpdateMixin,
    given,
    service_errors,
)
from orbita.partnerships import documents, rules, selectors, services
from orbita.partnerships.models import (
    Agreement,
    NetworkProgramme,
    Partnership,
    PartnershipTerm,
    RiskFactor,
    RiskLevel,
    RiskProfile,
    RiskProfileFactor,
    RoadmapItem,
    Weekday,
)
from orbita.registry.models import Subject

# --- Serializers -------------------------------------------------------------------------


class TermSerializer(serializers.ModelSerializer[PartnershipTerm]):
    class Meta:
        model = PartnershipTerm
        fields = ("id", "number", "start", "end", "note")
        read_only_fields = fields


class PartnershipSerializer(serializers.ModelSerializer[Partnership]):
    municipality = serializers.IntegerField(source="municipality_id", read_only=True)
    leader = serializers.IntegerField(source="leader_id", read_only=True)
    leader_name = serializers.CharField(source="leader.display_name", read_only=True)
    supported = serializers.IntegerField(source="supported_id", read_only=True)
    supported_name = serializers.CharField(source="supported.display_name", read_only=True)
    terms = TermSerializer(many=True, read_only=True, help_text=_("Сроки: первый и продления."))
    items_total = serializers.IntegerField(
        read_only=True, help_text=_("Мер дорожной карты (без отменённых).")
    )
    items_done = serializers.IntegerField(read_only=True, help_text=_("Выполненных мер."))

    class Meta:
        model = Partnership
        fields = (
            "id",
            "municipality",
            "leader",
            "leader_name",
            "leader_role",
            "supported",
            "supported_name",
            "supported_role",
            "coordinator_name",
            "working_group",
            "subject",
            "start",
            "end",
            "status",
            "terms",
            "items_total",
            "items_done",
        )
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    partnership = serializers.IntegerField(source="partnership_id", read_only=True)
    term = serializers.IntegerField(source="term_id", read_only=True, allow_null=True)
    template_version = serializers.IntegerField(
        source="template.version", read_only=True, allow_null=True
    )
    directions = serializers.ListField(child=serializers.CharField(), read_only=True)
    leader_obligations = serializers.ListField(child=serializers.CharField(), read_only=True)
    supported_obligations = serializers.ListField(child=serializers.CharField(), read_only=True)
    has_file = serializers.SerializerMethodField(help_text=_("Документ сформирован."))
    has_signed_scan = serializers.SerializerMethodField(
        help_text=_("Загружен скан подписанного соглашения.")
    )

    class Meta:
        model = Agreement
        fields = (
            "id",
            "partnership",
            "term",
            "template_version",
            "number",
            "date",
            "city",
            "directions",
            "directions_extra",
            "leader_obligations",
            "supported_obligations",
            "has_file",
            "has_signed_scan",
            "signed_at",
        )
        read_only_fields = fields

    def get_has_file(self, agreement: Agreement) -> bool:
        return bool(agreement.file)

    def get_has_signed_scan(self, agreement: Agreement) -> bool:
        return bool(agreement.signed_scan)


class RiskFactorSerializer(serializers.ModelSerializer[RiskProfileFactor]):
    name = serializers.CharField(source="get_factor_display", read_only=True)

    class Meta:
        model = RiskProfileFactor
        fields = ("factor", "name", "level", "note", "prefilled", "chosen")
        read_only_fields = fields


class RiskProfileSerializer(serializers.ModelSerializer[RiskProfile]):
    school = serializers.IntegerField(source="school_id", read_only=True)
    school_name = serializers.CharField(source="school.display_name", read_only=True)
    partnership = serializers.IntegerField(source="partnership_id", read_only=True, allow_null=True)
    factors = RiskFactorSerializer(many=True, read_only=True)

    class Meta:
        model = RiskProfile
        fields = ("id", "school", "school_name", "partnership", "year", "note", "factors")
        read_only_fields = fields


class RoadmapItemSerializer(serializers.ModelSerializer[RoadmapItem]):
    partnership = serializers.IntegerField(source="partnership_id", read_only=True)
    responsible_school = serializers.IntegerField(
        source="responsible_school_id", read_only=True, allow_null=True
    )
    # A plain code (the factors' enum is documented once, on the risk profile).
    risk_factor = serializers.CharField(
        read_only=True, help_text=_("Код фактора риска, из которого выросла мера (или пусто).")
    )

    class Meta:
        model = RoadmapItem
        fields = (
            "id",
            "partnership",
            "order",
            "stage",
            "risk_factor",
            "action",
            "form",
            "expected_result",
            "due",
            "due_is_month",
            "responsible_school",
            "responsible_person",
            "status",
            "link",
            "done_at",
        )
        read_only_fields = fields


class NetworkProgrammeSerializer(serializers.ModelSerializer[NetworkProgramme]):
    partnership = serializers.IntegerField(source="partnership_id", read_only=True, allow_null=True)
    host_school = serializers.IntegerField(source="host_school_id", read_only=True)
    guest_school = serializers.IntegerField(source="guest_school_id", read_only=True)
    subject = serializers.CharField(source="subject.code", read_only=True, allow_null=True)

    class Meta:
        model = NetworkProgramme
        fields = (
            "id",
            "partnership",
            "host_school",
            "guest_school",
            "subject",
            "course",
            "teacher_name",
            "teacher_part_time",
            "grades",
            "weekday",
            "time_start",
            "time_end",
            "transport",
            "accompanying_adult",
            "accompanying_activity",
            "start",
            "end",
            "is_active",
        )
        read_only_fields = fields


# --- Write serializers -------------------------------------------------------------------


class PartnershipWriteSerializer(serializers.Serializer[Any]):
    leader = ScopedRelatedField(
        lambda user: selectors.leader_choices(user=user),
        help_text=_("Школа-лидер (id), школа региона; только при создании."),
    )
    supported = ScopedRelatedField(
        lambda user: selectors.supported_choices(user=user),
        help_text=_("Поддерживаемая школа (id) муниципалитета координатора; только при создании."),
    )
    leader_role = serializers.CharField(max_length=200, required=False)
    supported_role = serializers.CharField(max_length=200, required=False)
    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)
    subject = serializers.CharField(required=False, allow_blank=True)
    coordinator_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    working_group = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ProlongSerializer(serializers.Serializer[Any]):
    end = serializers.DateField(help_text=_("Новое окончание: позже текущего."))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AgreementWriteSerializer(serializers.Serializer[Any]):
    partnership = ScopedRelatedField(lambda user: selectors.partnership_list(user=user))
    number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    directions = serializers.ListField(
        child=serializers.ChoiceField(choices=[(d, d) for d in documents.DIRECTIONS]),
        required=False,
        help_text=_("Направления сотрудничества; по умолчанию все шесть."),
    )
    directions_extra = serializers.CharField(required=False, allow_blank=True)
    leader_obligations = serializers.ListField(child=serializers.CharField(), required=False)
    supported_obligations = serializers.ListField(child=serializers.CharField(), required=False)


class RiskProfileWriteSerializer(serializers.Serializer[Any]):
    school = ScopedRelatedField(lambda user: selectors.managed_schools(user=user))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    prefill = serializers.BooleanField(
        required=False, default=True, help_text=_("Заполнить факторы по данным школы.")
    )


class RiskFactorWriteSerializer(serializers.Serializer[Any]):
    factor = serializers.ChoiceField(choices=RiskFactor.choices)
    level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    chosen = serializers.BooleanField(required=False)


class RoadmapItemWriteSerializer(serializers.Serializer[Any]):
    partnership = ScopedRelatedField(
        lambda user: selectors.partnership_list(user=user),
        help_text=_("Партнёрство (id); только при создании."),
    )
    order = serializers.IntegerField(min_value=0, required=False)
    stage = serializers.CharField(max_length=200, required=False, allow_blank=True)
    risk_factor = serializers.ChoiceField(
        choices=[("", "—"), *RiskFactor.choices], required=False, allow_blank=True
    )
    action = serializers.CharField()
    form = serializers.CharField(max_length=300, required=False, allow_blank=True)
    expected_result = serializers.CharField(required=False, allow_blank=True)
    due = serializers.DateField(required=False, allow_null=True)
    due_is_month = serializers.BooleanField(required=False)
    responsible_school = ScopedRelatedField(
        lambda user: selectors.leader_choices(user=user) | selectors.managed_schools(user=user),
        required=False,
        allow_null=True,
        help_text=_("Ответственная (помогающая) школа: одна из сторон (id)."),
    )
    responsible_person = serializers.CharField(max_length=300, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=RoadmapItem.Status.choices, required=False)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)


class NetworkProgrammeWriteSerializer(serializers.Serializer[Any]):
    host_school = ScopedRelatedField(
        lambda user: selectors.managed_schools(user=user),
        help_text=_("Базовая школа (id); только при создании."),
    )
    guest_school = ScopedRelatedField(
        lambda user: selectors.leader_choices(user=user) | selectors.managed_schools(user=user),
        help_text=_("Школа обучающихся (id); только при создании."),
    )
    partnership = ScopedRelatedField(
        lambda user: selectors.partnership_list(user=user), required=False, allow_null=True
    )
    subject = serializers.SlugRelatedField(
        slug_field="code", queryset=Subject.objects.all(), required=False, allow_null=True
    )
    course = serializers.CharField(max_length=300)
    teacher_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    teacher_part_time = serializers.BooleanField(required=False)
    grades = serializers.CharField(max_length=60)
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False, allow_null=True)
    time_start = serializers.TimeField(required=False, allow_null=True)
    time_end = serializers.TimeField(required=False, allow_null=True)
    transport = serializers.CharField(max_length=300, required=False, allow_blank=True)
    accompanying_adult = serializers.CharField(max_length=300, required=False, allow_blank=True)
    accompanying_activity = serializers.CharField(required=False, allow_blank=True)
    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


# --- Filters -----------------------------------------------------------------------------


class PartnershipFilter(filters.FilterSet):
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))
    school = IdFilter(method="filter_school", label=_("Школа-участник (id)"))
    status = filters.ChoiceFilter(choices=Partnership.Status.choices, label=_("Статус"))

    class Meta:
        model = Partnership
        fields: tuple[str, ...] = ()

    def filter_school(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(Q(leader_id=value) | Q(supported_id=value))


class PartnershipChildFilter(filters.FilterSet):
    partnership = IdFilter(field_name="partnership_id", label=_("Партнёрство (id)"))

    class Meta:
        model = Agreement
        fields: tuple[str, ...] = ()


class RoadmapItemFilter(filters.FilterSet):
    partnership = IdFilter(field_name="partnership_id", label=_("Партнёрство (id)"))
    status = filters.ChoiceFilter(choices=RoadmapItem.Status.choices, label=_("Статус"))
    responsible_school = IdFilter(
        field_name="responsible_school_id", label=_("Ответственная школа (id)")
    )

    class Meta:
        model = RoadmapItem
        fields: tuple[str, ...] = ()


class RiskProfileFilter(filters.FilterSet):
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    year = IntFilter(
        field_name="year", min_value=1990, max_value=2100, label=_("Учебный год (начало)")
    )

    class Meta:
        model = RiskProfile
        fields: tuple[str, ...] = ()


class NetworkProgrammeFilter(filters.FilterSet):
    host_school = IdFilter(field_name="host_school_id", label=_("Школа, которая обучает (id)"))
    guest_school = IdFilter(field_name="guest_school_id", label=_("Школа учеников (id)"))
    partnership = IdFilter(field_name="partnership_id", label=_("Партнёрство (id)"))

    class Meta:
        model = NetworkProgramme
        fields: tuple[str, ...] = ()


# --- Viewsets ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Партнёрства школ"),
        description=_(
            "Партнёрства школы-лидера и поддерживаемой школы в области доступа: "
            "муниципальным и региональным координаторам и координаторам обеих школ."
        ),
    ),
    retrieve=extend_schema(summary=_("Партнёрство школ")),
    create=extend_schema(
        summary=_("Создать партнёрство (проект)"),
        description=_(
            "Координатор муниципалитета поддерживаемой школы или администратор региона; "
            "школа-лидер — любая школа региона."
        ),
        responses={201: PartnershipSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Изменить сведения о партнёрстве"),
        description=_("Стороны не меняются; сроки меняются продлением."),
        responses={200: PartnershipSerializer},
    ),
)
class PartnershipViewSet(CreateMixin, UpdateMixin, ApiReadOnlyViewSet[Partnership]):
    serializer_class = PartnershipSerializer
    write_serializer_class = PartnershipWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    filterset_class = PartnershipFilter
    search_fields = ("leader__name", "supported__name", "subject")
    ordering_fields = ("id", "start", "end", "status")

    def get_queryset(self) -> QuerySet[Partnership]:
        return selectors.partnership_list(user=self.request.user).prefetch_related("terms")

    def create_object(self, data: dict[str, Any]) -> Partnership:
        return services.partnership_create(
            actor=self.request.user,
            leader=data["leader"],
            supported=data["supported"],
            **given(
                data,
                "leader_role",
                "supported_role",
                "start",
                "end",
                "subject",
                "coordinator_name",
                "working_group",
                "note",
            ),
        )

    def update_object(self, obj: Partnership, data: dict[str, Any]) -> Partnership:
        if "leader" in data or "supported" in data:
            raise serializers.ValidationError(
                {"leader": [_("Стороны партнёрства не меняются: создайте новое.")]}
            )
        return services.partnership_update(
            actor=self.request.user,
            partnership=obj,
            data=given(data, *services.PARTNERSHIP_FIELDS),
        )

    def _manageable(self) -> Partnership:
        obj = self.get_object()
        if not rules.may_manage_partnership(self.request.user, obj):
            raise PermissionDenied
        return obj

    @extend_schema(
        summary=_("Партнёрство вступает в силу"),
        description=_("Проект → действует; нужны начало и окончание (первый срок)."),
        request=None,
        responses={200: PartnershipSerializer},
    )
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        with service_errors():
            services.partnership_activate(actor=request.user, partnership=obj)
        return self.answer(obj)

    @extend_schema(
        summary=_("Продлить партнёрство"),
        description=_("Новый срок со дня после текущего окончания; прежний срок сохраняется."),
        request=ProlongSerializer,
        responses={200: PartnershipSerializer},
    )
    @action(detail=True, methods=["post"])
    def prolong(self, request: Request, pk: str | None = None) -> Response:
        obj = self._manageable()
        data = self.validated(ProlongSerializer)
        with service_errors():
            services.partnership_prolong(actor=request.user, partnership=obj, **data)
        return self.answer(obj)

    @extend_schema(
        summary=_("Завершить партнёрство"),
        request=EndSerializer,
        responses={200: PartnershipSerializer},
    )
    @action(detail=True, methods=["post"], url_path="end", url_name="end")
    def end_partnership(self, request: Request, pk: str | None = None) -> Response:
        obj = self._manageable()
        data = self.validated(EndSerializer)
        with service_errors():
            services.partnership_end(actor=request.user, partnership=obj, **data)
        return self.answer(obj)


@extend_schema_view(
    list=extend_schema(
        summary=_("Соглашения о партнёрстве"),
        description=_(
            "Соглашения партнёрств в области доступа: сроки, направления, обязательства."
        ),
    ),
    retrieve=extend_schema(summary=_("Соглашение о партнёрстве")),
    create=extend_schema(
        summary=_("Сформировать соглашение"),
        description=_(
            "Соглашение на текущий срок партнёрства; DOCX формируется по действующему "
            "шаблону (скачивается на странице партнёрства)."
        ),
        responses={201: AgreementSerializer},
    ),
)
class AgreementViewSet(CreateMixin, ApiReadOnlyViewSet[Agreement]):
    serializer_class = AgreementSerializer
    write_serializer_class = AgreementWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = PartnershipChildFilter
    search_fields = ("number",)
    ordering_fields = ("id", "date", "signed_at")

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.agreement_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> Agreement:
        partnership = data.pop("partnership")
        return services.agreement_generate(
            actor=self.request.user, partnership=partnership, data=data
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Рисковые профили"),
        description=_("Десять факторов риска проекта «500+» для школ в области доступа."),
    ),
    retrieve=extend_schema(summary=_("Рисковый профиль")),
    create=extend_schema(
        summary=_("Составить рисковый профиль школы"),
        description=_("Все десять факторов; с prefill — заполненные по данным школы."),
        responses={201: RiskProfileSerializer},
    ),
)
class RiskProfileViewSet(CreateMixin, ApiReadOnlyViewSet[RiskProfile]):
    serializer_class = RiskProfileSerializer
    write_serializer_class = RiskProfileWriteSerializer
    http_method_names = ["get", "head", "options", "post"]
    filterset_class = RiskProfileFilter
    search_fields = ("school__name",)
    ordering_fields = ("id", "year")

    def get_queryset(self) -> QuerySet[RiskProfile]:
        return selectors.risk_profile_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> RiskProfile:
        school, year = data["school"], data["year"]
        levels = services.risk_prefill(school=school, year=year) if data["prefill"] else None
        return services.risk_profile_create(
            actor=self.request.user, school=school, year=year, levels=levels
        )

    @extend_schema(
        summary=_("Изменить фактор риска"),
        description=_("Уровень, примечание и «в работу» одного из десяти факторов."),
        request=RiskFactorWriteSerializer,
        responses={200: RiskProfileSerializer},
    )
    @action(detail=True, methods=["post"])
    def factors(self, request: Request, pk: str | None = None) -> Response:
        profile = self.get_object()
        data = self.validated(RiskFactorWriteSerializer)
        factor = profile.factors.get(factor=data.pop("factor"))
        with service_errors():
            services.risk_factor_update(actor=request.user, factor=factor, data=data)
        return self.answer(profile)


@extend_schema_view(
    list=extend_schema(
        summary=_("Меры дорожных карт"),
        description=_(
            "Меры планов адресной поддержки партнёрств в области доступа: мероприятие, форма, "
            "ожидаемый результат, срок, ответственная школа, статус."
        ),
    ),
    retrieve=extend_schema(summary=_("Мера дорожной карты")),
    create=extend_schema(
        summary=_("Добавить меру в дорожную карту"),
        description=_("Координатор муниципалитета партнёрства."),
        responses={201: RoadmapItemSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Изменить меру"),
        description=_(
            "Координатор муниципалитета — всё; координаторы обеих школ — статус и ссылку."
        ),
        responses={200: RoadmapItemSerializer},
    ),
    destroy=extend_schema(
        summary=_("Удалить меру"),
        description=_("В корзину: меру можно вернуть (restore)."),
        responses={204: None},
    ),
)
class RoadmapItemViewSet(CreateMixin, UpdateMixin, BinMixin, ApiReadOnlyViewSet[RoadmapItem]):
    serializer_class = RoadmapItemSerializer
    write_serializer_class = RoadmapItemWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch", "delete"]
    filterset_class = RoadmapItemFilter
    search_fields = ("action", "form", "responsible_person")
    ordering_fields = ("id", "order", "due", "status")

    def get_queryset(self) -> QuerySet[RoadmapItem]:
        return selectors.roadmap_item_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> RoadmapItem:
        partnership = data.pop("partnership")
        return services.roadmap_item_create(
            actor=self.request.user, partnership=partnership, data=data
        )

    def update_object(self, obj: RoadmapItem, data: dict[str, Any]) -> RoadmapItem:
        data.pop("partnership", None)
        return services.roadmap_item_update(actor=self.request.user, item=obj, data=data)

    def remove_object(self, obj: RoadmapItem) -> Any:
        return services.roadmap_item_delete(actor=self.request.user, item=obj)

    def removed_object(self, pk: int) -> RoadmapItem:
        return selectors.roadmap_removed_get(user=self.request.user, pk=pk)

    def restore_object(self, obj: RoadmapItem) -> RoadmapItem:
        return services.roadmap_item_restore(actor=self.request.user, item=obj)


@extend_schema_view(
    list=extend_schema(
        summary=_("Сетевые программы"),
        description=_(
            "Занятия, которые одна школа ведёт для учеников другой: предмет, педагог, "
            "классы, день и время, подвоз и сопровождающий."
        ),
    ),
    retrieve=extend_schema(summary=_("Сетевая программа")),
    create=extend_schema(
        summary=_("Создать сетевую программу"),
        description=_("Координатор базовой школы (школы, муниципалитета, региона)."),
        responses={201: NetworkProgrammeSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Изменить сетевую программу"),
        description=_("Школы программы не меняются."),
        responses={200: NetworkProgrammeSerializer},
    ),
)
class NetworkProgrammeViewSet(CreateMixin, UpdateMixin, ApiReadOnlyViewSet[NetworkProgramme]):
    serializer_class = NetworkProgrammeSerializer
    write_serializer_class = NetworkProgrammeWriteSerializer
    http_method_names = ["get", "head", "options", "post", "patch"]
    filterset_class = NetworkProgrammeFilter
    search_fields = ("course", "teacher_name")
    ordering_fields = ("id", "weekday", "time_start")

    def get_queryset(self) -> QuerySet[NetworkProgramme]:
        return selectors.network_programme_list(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> NetworkProgramme:
        host, guest = data.pop("host_school"), data.pop("guest_school")
        return services.network_programme_create(
            actor=self.request.user, host_school=host, guest_school=guest, data=data
        )

    def update_object(self, obj: NetworkProgramme, data: dict[str, Any]) -> NetworkProgramme:
        if (
            data.pop("host_school", obj.host_school) != obj.host_school
            or data.pop("guest_school", obj.guest_school) != obj.guest_school
        ):
            raise serializers.ValidationError(
                {"host_school": [_("Школы программы не меняются: создайте новую программу.")]}
            )
        return services.network_programme_update(actor=self.request.user, programme=obj, data=data)


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("partnerships", PartnershipViewSet, basename="partnership")
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("risk-profiles", RiskProfileViewSet, basename="risk-profile")
    router.register("roadmap-items", RoadmapItemViewSet, basename="roadmap-item")
    router.register("network-programmes", NetworkProgrammeViewSet, basename="network-programme")
