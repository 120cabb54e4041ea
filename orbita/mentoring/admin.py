"""Mentoring in the Django admin, for staff who are not superusers within their scope
(``orbita.accounts.admin_scope``, with the selectors' paths).

* Mentor and mentee profiles: coordinators of the teacher's school, municipality, region.
* Programmes: their municipality's and region's coordinators.
* Pairs, plans and never-match rules are shown for reference only: pairs are made, accepted
  and ended through the services (capacity under concurrency, vetoes, the programme's
  forms, notifications), which the admin's plain save would bypass.
* Success-diary entries and meetings are not in the admin at all: their content is private
  to the pair (coordinators see activity, not content — the pair page and the API).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from orbita.accounts.admin_scope import AuditedAdminMixin, ScopedAdminMixin
from orbita.mentoring.models import (
    MatchingRun,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    NeverMatch,
    Programme,
)
from orbita.mentoring.selectors import PROFILE_PATHS

PROGRAMME_PATHS = {"region": "municipality__region_id", "municipality": "municipality_id"}


def _under(prefix: str, paths: dict[str, str]) -> dict[str, str]:
    return {k: f"{prefix}__{v}" for k, v in paths.items()}


class ReadOnlyAdminMixin:
    """View only: the services own these writes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MentorProfile)
class MentorProfileAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("teacher", "status", "capacity", "capacity_raised", "quality")
    list_filter = ("status",)
    list_select_related = ("teacher__school",)
    search_fields = ("teacher__full_name",)
    scope_paths = PROFILE_PATHS
    # Capacity above 3 and the quality come from the services (the coordinator's decision,
    # the criteria form); here only the status and the note.
    fields = ("teacher", "status", "capacity", "capacity_raised", "quality", "note")
    readonly_fields = ("teacher", "capacity", "capacity_raised", "quality")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(MenteeProfile)
class MenteeProfileAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("teacher", "format")
    list_filter = ("format",)
    list_select_related = ("teacher__school",)
    search_fields = ("teacher__full_name",)
    scope_paths = PROFILE_PATHS
    fields = ("teacher", "format", "note")
    readonly_fields = ("teacher",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "municipality", "starts_on", "ends_on", "scope")
    list_filter = ("scope",)
    list_select_related = ("municipality",)
    search_fields = ("name",)
    scope_paths = PROGRAMME_PATHS
    fields = ("name", "municipality", "starts_on", "ends_on", "scope", "goal")
    readonly_fields = ("municipality", "scope")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(MentoringPair)
class MentoringPairAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "programme", "mentor", "status", "form", "format", "score")
    list_filter = ("status", "form", "format")
    list_select_related = ("programme", "mentor__teacher")
    search_fields = ("mentor__teacher__full_name", "programme__name")
    scope_paths = _under("programme", PROGRAMME_PATHS)
    exclude = ("explanation",)


@admin.register(NeverMatch)
class NeverMatchAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("mentor", "mentee", "reason", "created_at")
    list_select_related = ("mentor__teacher", "mentee__teacher")
    search_fields = ("mentor__teacher__full_name", "mentee__teacher__full_name")
    scope_paths = _under("mentor", PROFILE_PATHS)


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "programme", "status", "progress", "created_at")
    list_filter = ("status",)
    search_fields = ("programme__name",)
    list_select_related = ("programme",)
    scope_paths = _under("programme", PROGRAMME_PATHS)
    exclude = ("result",)
