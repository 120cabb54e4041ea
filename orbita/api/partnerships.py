"""Partnerships over the API: partnerships (with their terms and the support balance),
agreements, risk profiles, roadmap items and network programmes — read-only.

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
from rest_framework.routers import BaseRouter

from orbita.api.base import ApiReadOnlyViewSet, IdFilter
from orbita.partnerships import selectors
from orbita.partnerships.models import (
    Agreement,
    NetworkProgramme,
    Partnership,
    PartnershipTerm,
    RiskProfile,
    RiskProfileFactor,
    RoadmapItem,
)

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


# --- Filters -----------------------------------------------------------------------------


class PartnershipFilter(filters.FilterSet):
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))
    school = filters.NumberFilter(method="filter_school", label=_("Школа-участник (id)"))
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
    year = filters.NumberFilter(field_name="year", label=_("Учебный год (начало)"))

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
)
class PartnershipViewSet(ApiReadOnlyViewSet[Partnership]):
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter
    search_fields = ("leader__name", "supported__name", "subject")
    ordering_fields = ("id", "start", "end", "status")

    def get_queryset(self) -> QuerySet[Partnership]:
        return selectors.partnership_list(user=self.request.user).prefetch_related("terms")


@extend_schema_view(
    list=extend_schema(
        summary=_("Соглашения о партнёрстве"),
        description=_(
            "Соглашения партнёрств в области доступа: сроки, направления, обязательства."
        ),
    ),
    retrieve=extend_schema(summary=_("Соглашение о партнёрстве")),
)
class AgreementViewSet(ApiReadOnlyViewSet[Agreement]):
    serializer_class = AgreementSerializer
    filterset_class = PartnershipChildFilter
    search_fields = ("number",)
    ordering_fields = ("id", "date", "signed_at")

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.agreement_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Рисковые профили"),
        description=_("Десять факторов риска проекта «500+» для школ в области доступа."),
    ),
    retrieve=extend_schema(summary=_("Рисковый профиль")),
)
class RiskProfileViewSet(ApiReadOnlyViewSet[RiskProfile]):
    serializer_class = RiskProfileSerializer
    filterset_class = RiskProfileFilter
    search_fields = ("school__name",)
    ordering_fields = ("id", "year")

    def get_queryset(self) -> QuerySet[RiskProfile]:
        return selectors.risk_profile_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Меры дорожных карт"),
        description=_(
            "Меры планов адресной поддержки партнёрств в области доступа: мероприятие, форма, "
            "ожидаемый результат, срок, ответственная школа, статус."
        ),
    ),
    retrieve=extend_schema(summary=_("Мера дорожной карты")),
)
class RoadmapItemViewSet(ApiReadOnlyViewSet[RoadmapItem]):
    serializer_class = RoadmapItemSerializer
    filterset_class = RoadmapItemFilter
    search_fields = ("action", "form", "responsible_person")
    ordering_fields = ("id", "order", "due", "status")

    def get_queryset(self) -> QuerySet[RoadmapItem]:
        return selectors.roadmap_item_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Сетевые программы"),
        description=_(
            "Занятия, которые одна школа ведёт для учеников другой: предмет, педагог, "
            "классы, день и время, подвоз и сопровождающий."
        ),
    ),
    retrieve=extend_schema(summary=_("Сетевая программа")),
)
class NetworkProgrammeViewSet(ApiReadOnlyViewSet[NetworkProgramme]):
    serializer_class = NetworkProgrammeSerializer
    filterset_class = NetworkProgrammeFilter
    search_fields = ("course", "teacher_name")
    ordering_fields = ("id", "weekday", "time_start")

    def get_queryset(self) -> QuerySet[NetworkProgramme]:
        return selectors.network_programme_list(user=self.request.user)


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("partnerships", PartnershipViewSet, basename="partnership")
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("risk-profiles", RiskProfileViewSet, basename="risk-profile")
    router.register("roadmap-items", RoadmapItemViewSet, basename="roadmap-item")
    router.register("network-programmes", NetworkProgrammeViewSet, basename="network-programme")
