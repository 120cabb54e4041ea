"""The registry over the API: regions, municipalities, schools, teachers and the catalogues.

Every viewset reads through ``orbita.registry.selectors`` with the requesting user, so the
API sees exactly what the pages see. Teachers are personal data (152-ФЗ): the selector
shows them to coordinators of the school's scope and to the teacher themself only.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.routers import BaseRouter

from orbita.api.base import ApiReadOnlyViewSet, BooleanFilter, IdFilter, RefSerializer
from orbita.registry import selectors
from orbita.registry.models import (
    Competency,
    Municipality,
    QualificationCategory,
    Region,
    School,
    SchoolKind,
    Subject,
    Teacher,
)

# --- Serializers -------------------------------------------------------------------------


class SchoolRefSerializer(RefSerializer):
    name = serializers.CharField(
        source="display_name", read_only=True, help_text=_("Краткое наименование, иначе полное.")
    )


class SubjectRefSerializer(serializers.Serializer[Subject]):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class RegionSerializer(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ("id", "code", "name")
        read_only_fields = fields


class MunicipalitySerializer(serializers.ModelSerializer[Municipality]):
    region = RefSerializer(read_only=True)
    school_count = serializers.IntegerField(read_only=True, help_text=_("Число школ."))

    class Meta:
        model = Municipality
        fields = ("id", "code", "name", "region", "authority", "center", "school_count")
        read_only_fields = fields


class SchoolSerializer(serializers.ModelSerializer[School]):
    municipality = RefSerializer(read_only=True)
    missing_specialists = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Сколько из четырёх специалистов (психолог, логопед, социальный педагог, "
            "дефектолог) нет; null, пока о ком-то из них нет сведений."
        ),
    )
    staff_count = serializers.IntegerField(
        read_only=True, help_text=_("Число работающих педагогов в реестре.")
    )

    class Meta:
        model = School
        fields = (
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "municipality",
            "branch_of",
            "address",
            "lat",
            "lon",
            "students",
            "teachers_count",
            "rural",
            "km_to_center",
            "director",
            "has_psychologist",
            "has_speech_therapist",
            "has_social_pedagogue",
            "has_defectologist",
            "missing_specialists",
            "is_resource_center",
            "staff_count",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class TeacherSerializer(serializers.ModelSerializer[Teacher]):
    school = SchoolRefSerializer(read_only=True)
    subjects = SubjectRefSerializer(many=True, read_only=True)
    # Not ``format: email``: a teacher without an address has "" (the registry keeps blanks).
    email = serializers.CharField(read_only=True, help_text=_("Электронная почта или пусто."))

    class Meta:
        model = Teacher
        fields = (
            "id",
            "school",
            "full_name",
            "position",
            "subjects",
            "category",
            "experience_years",
            "email",
            "phone",
            "is_active",
        )
        read_only_fields = fields


class SubjectSerializer(serializers.ModelSerializer[Subject]):
    aliases = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Другие написания, которые узнаёт импорт."),
    )

    class Meta:
        model = Subject
        fields = ("id", "code", "name", "aliases")
        read_only_fields = fields


class CompetencySerializer(serializers.ModelSerializer[Competency]):
    class Meta:
        model = Competency
        fields = ("id", "code", "name", "group", "description")
        read_only_fields = fields


# --- Filters -----------------------------------------------------------------------------


class MunicipalityFilter(filters.FilterSet):
    region = IdFilter(field_name="region_id", label=_("Регион (id)"))

    class Meta:
        model = Municipality
        fields: tuple[str, ...] = ()


class SchoolFilter(filters.FilterSet):
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))
    region = IdFilter(field_name="municipality__region_id", label=_("Регион (id)"))
    kind = filters.ChoiceFilter(choices=SchoolKind.choices, label=_("Тип ОО"))
    rural = BooleanFilter(label=_("Сельская школа"))
    is_resource_center = BooleanFilter(label=_("Ресурсный центр"))
    branch_of = IdFilter(field_name="branch_of_id", label=_("Филиалы головной ОО (id)"))

    class Meta:
        model = School
        fields: tuple[str, ...] = ()


class TeacherFilter(filters.FilterSet):
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    municipality = IdFilter(field_name="school__municipality_id", label=_("Муниципалитет (id)"))
    subject = filters.CharFilter(field_name="subjects__code", label=_("Предмет (код)"))
    category = filters.ChoiceFilter(
        choices=QualificationCategory.choices, label=_("Квалификационная категория")
    )
    is_active = BooleanFilter(label=_("Работает"))

    class Meta:
        model = Teacher
        fields: tuple[str, ...] = ()


class CompetencyFilter(filters.FilterSet):
    group = filters.CharFilter(label=_("Группа компетенций"))

    class Meta:
        model = Competency
        fields: tuple[str, ...] = ()


# --- Viewsets ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Регионы"),
        description=_(
            "Регионы, которые администрирует пользователь или в которых он координирует "
            "муниципалитет."
        ),
    ),
    retrieve=extend_schema(summary=_("Регион")),
)
class RegionViewSet(ApiReadOnlyViewSet[Region]):
    serializer_class = RegionSerializer
    search_fields = ("name", "code")
    ordering_fields = ("id", "code", "name")

    def get_queryset(self) -> QuerySet[Region]:
        return selectors.region_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Муниципалитеты"),
        description=_(
            "Муниципалитеты в области доступа: региональному администратору — все "
            "муниципалитеты его региона, муниципальному координатору — его."
        ),
    ),
    retrieve=extend_schema(summary=_("Муниципалитет")),
)
class MunicipalityViewSet(ApiReadOnlyViewSet[Municipality]):
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    search_fields = ("name", "code")
    ordering_fields = ("id", "code", "name", "school_count")

    def get_queryset(self) -> QuerySet[Municipality]:
        return selectors.municipality_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Школы"),
        description=_(
            "Школы в области доступа: координаторам — школы их региона, муниципалитета или "
            "школы; наставнику и наставляемому — профиль своей школы."
        ),
    ),
    retrieve=extend_schema(summary=_("Школа")),
)
class SchoolViewSet(ApiReadOnlyViewSet[School]):
    serializer_class = SchoolSerializer
    filterset_class = SchoolFilter
    search_fields = ("name", "short_name", "code")
    ordering_fields = (
        "id",
        "code",
        "name",
        "short_name",
        "kind",
        "students",
        "teachers_count",
        "km_to_center",
        "staff_count",
        "created_at",
        "updated_at",
    )

    def get_queryset(self) -> QuerySet[School]:
        return selectors.school_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Педагоги"),
        description=_(
            "Персональные данные: координаторам — педагоги школ их области доступа, "
            "педагогу — его собственная запись."
        ),
    ),
    retrieve=extend_schema(summary=_("Педагог")),
)
class TeacherViewSet(ApiReadOnlyViewSet[Teacher]):
    serializer_class = TeacherSerializer
    filterset_class = TeacherFilter
    search_fields = ("full_name",)
    ordering_fields = ("id", "full_name", "category", "experience_years")

    def get_queryset(self) -> QuerySet[Teacher]:
        return selectors.teacher_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary=_("Предметы"), description=_("Справочник предметов.")),
    retrieve=extend_schema(summary=_("Предмет")),
)
class SubjectViewSet(ApiReadOnlyViewSet[Subject]):
    serializer_class = SubjectSerializer
    lookup_field = "code"
    lookup_value_regex = r"[-\w]+"
    search_fields = ("name", "code")
    ordering_fields = ("id", "code", "name")

    def get_queryset(self) -> QuerySet[Subject]:
        return selectors.subject_list()


@extend_schema_view(
    list=extend_schema(summary=_("Компетенции"), description=_("Справочник компетенций.")),
    retrieve=extend_schema(summary=_("Компетенция")),
)
class CompetencyViewSet(ApiReadOnlyViewSet[Competency]):
    serializer_class = CompetencySerializer
    filterset_class = CompetencyFilter
    lookup_field = "code"
    lookup_value_regex = r"[-\w]+"
    search_fields = ("name", "code", "group")
    ordering_fields = ("id", "code", "name", "group")

    def get_queryset(self) -> QuerySet[Competency]:
        return selectors.competency_list()


def register(router: BaseRouter) -> None:
    """Add this module's endpoints to the API router (``orbita.api.urls``)."""
    router.register("regions", RegionViewSet, basename="region")
    router.register("municipalities", MunicipalityViewSet, basename="municipality")
    router.register("schools", SchoolViewSet, basename="school")
    router.register("teachers", TeacherViewSet, basename="teacher")
    router.register("subjects", SubjectViewSet, basename="subject")
    router.register("competencies", CompetencyViewSet, basename="competency")
