"""Monitoring in the Django admin, scoped like the pages (``orbita.accounts.admin_scope``).

Surveys and their questions can be edited here; distributions, responses, assessments and
reports are shown for reference only (the services send invitations, keep anonymity and
write the audit log). Answers to anonymous surveys are not in the admin at all.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from orbita.accounts.admin_scope import AuditedAdminMixin, ScopedAdminMixin
from orbita.mentoring.admin import ReadOnlyAdminMixin
from orbita.monitoring.models import (
    Choice,
    CompetencyAssessment,
    Distribution,
    MunicipalReport,
    Question,
    Survey,
)

SURVEY_PATHS = {"region": "municipality__region_id", "municipality": "municipality_id"}


def _under(prefix: str, paths: dict[str, str]) -> dict[str, str]:
    return {k: f"{prefix}__{v}" for k, v in paths.items()}


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("order", "text", "kind", "is_required", "counts_for_satisfaction")


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Survey)
class SurveyAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "municipality", "kind", "is_anonymous", "target_share")
    list_filter = ("kind", "is_anonymous", "is_archived")
    list_select_related = ("municipality",)
    search_fields = ("title",)
    scope_paths = SURVEY_PATHS
    fields = (
        "title",
        "municipality",
        "kind",
        "description",
        "is_anonymous",
        "target_share",
        "satisfied_from",
        "is_archived",
    )
    readonly_fields = ("municipality",)
    inlines = [QuestionInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # New surveys come from the builder or a template (they need a municipality).
        return False


@admin.register(Question)
class QuestionAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("text", "survey", "kind", "is_required", "order")
    search_fields = ("text",)
    list_select_related = ("survey",)
    scope_paths = _under("survey", SURVEY_PATHS)
    fields = ("survey", "text", "kind", "is_required", "counts_for_satisfaction", "order")
    readonly_fields = ("survey",)
    inlines = [ChoiceInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(Distribution)
class DistributionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("survey", "deadline", "pair", "sequence", "created_at")
    search_fields = ("survey__title",)
    list_select_related = ("survey",)
    scope_paths = _under("survey", SURVEY_PATHS)


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("mentee", "competency", "stage", "assessor", "level")
    search_fields = ("mentee__teacher__full_name", "competency__name")
    list_filter = ("stage", "assessor")
    list_select_related = ("mentee__teacher", "competency")
    scope_paths = _under("pair__programme", SURVEY_PATHS)


@admin.register(MunicipalReport)
class MunicipalReportAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("municipality", "period_start", "period_end", "status", "progress")
    search_fields = ("municipality__name",)
    list_filter = ("status",)
    list_select_related = ("municipality",)
    scope_paths = SURVEY_PATHS
    exclude = ("result",)
