"""Collaboration in the Django admin: events and materials are scoped like the pages
(``orbita.accounts.admin_scope``); sessions, feeds and notifications are for superusers."""

from django.contrib import admin

from orbita.accounts.admin_scope import (
    AuditedAdminMixin,
    ScopedAdminMixin,
    SuperuserOnlyAdminMixin,
)
from orbita.collaboration.models import (
    BrainstormSession,
    CalendarFeed,
    Event,
    Idea,
    IdeaRating,
    Material,
    Notification,
    Registration,
)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("user", "status", "attended", "reminded_at")
    raw_id_fields = ("user",)


@admin.register(Event)
class EventAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "direction", "starts_at", "municipality", "status")
    list_filter = ("kind", "direction", "status")
    list_select_related = ("municipality",)
    search_fields = ("title", "description", "place")
    date_hierarchy = "starts_at"
    filter_horizontal = ("organisers", "audience_schools")
    raw_id_fields = ("programme", "partnership", "roadmap_item", "created_by")
    inlines = (RegistrationInline,)
    scope_paths = {"region": "municipality__region_id", "municipality": "municipality_id"}


@admin.register(Material)
class MaterialAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "school", "author_name", "created_at")
    list_filter = ("kind",)
    list_select_related = ("school",)
    search_fields = ("title", "description", "author_name")
    filter_horizontal = ("subjects", "competencies")
    raw_id_fields = ("author", "event", "created_by")
    scope_paths = {
        "region": "school__municipality__region_id",
        "municipality": "school__municipality_id",
        "school": "school_id",
    }


class IdeaInline(admin.TabularInline):
    model = Idea
    fk_name = "session"
    extra = 0
    fields = ("text", "author", "merged_into")
    raw_id_fields = ("author", "merged_into")


@admin.register(BrainstormSession)
class BrainstormSessionAdmin(AuditedAdminMixin, SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "municipality", "facilitator", "phase", "scheduled_at")
    list_filter = ("phase",)
    raw_id_fields = ("facilitator", "event", "roadmap_item")
    filter_horizontal = ("participants",)
    inlines = (IdeaInline,)


@admin.register(IdeaRating)
class IdeaRatingAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("idea", "user", "score")
    raw_id_fields = ("idea", "user")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(AuditedAdminMixin, SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "user", "municipality", "created_at", "revoked_at")
    raw_id_fields = ("user", "municipality", "created_by")
    readonly_fields = ("token",)


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("text", "user", "created_at", "read_at")
    raw_id_fields = ("user", "event")
