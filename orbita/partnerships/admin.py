"""Partnerships in the Django admin, scoped like the selectors (by municipality and region;
school coordinators reach their partnerships through the pages, not the admin)."""

from django.contrib import admin
from django.http import HttpRequest

from orbita.accounts.admin_scope import AuditedAdminMixin, ScopedAdminMixin
from orbita.partnerships.models import (
    Agreement,
    AgreementTemplate,
    NetworkProgramme,
    Partnership,
    PartnershipTerm,
    Proposal,
    RecommendationRun,
    RiskProfile,
    RiskProfileFactor,
    RoadmapEvidence,
    RoadmapItem,
)

PARTNERSHIP_ADMIN_PATHS = {"region": "municipality__region_id", "municipality": "municipality_id"}
VIA_PARTNERSHIP = {
    "region": "partnership__municipality__region_id",
    "municipality": "partnership__municipality_id",
}
SCHOOL_ADMIN_PATHS = {
    "region": "school__municipality__region_id",
    "municipality": "school__municipality_id",
}


class TermInline(admin.TabularInline):
    model = PartnershipTerm
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "municipality", "status", "start", "end")
    list_filter = ("status",)
    list_select_related = ("leader", "supported", "municipality")
    search_fields = ("leader__name", "supported__name")
    raw_id_fields = ("leader", "supported", "proposal")
    inlines = [TermInline]
    scope_paths = PARTNERSHIP_ADMIN_PATHS


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "version", "is_active", "created_at")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Agreement)
class AgreementAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "partnership", "date", "signed_at")
    list_select_related = ("partnership__leader", "partnership__supported")
    raw_id_fields = ("partnership", "term")
    search_fields = ("partnership__leader__name", "partnership__supported__name")
    scope_paths = VIA_PARTNERSHIP


class FactorInline(admin.TabularInline):
    model = RiskProfileFactor
    extra = 0


@admin.register(RiskProfile)
class RiskProfileAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("school", "year", "partnership")
    raw_id_fields = ("school", "partnership")
    inlines = [FactorInline]
    search_fields = ("school__name",)
    scope_paths = SCHOOL_ADMIN_PATHS


class EvidenceInline(admin.TabularInline):
    model = RoadmapEvidence
    extra = 0


@admin.register(RoadmapItem)
class RoadmapItemAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("action", "partnership", "due", "status")
    list_filter = ("status",)
    raw_id_fields = ("partnership", "responsible_school")
    inlines = [EvidenceInline]
    search_fields = ("partnership__leader__name", "partnership__supported__name")
    scope_paths = VIA_PARTNERSHIP


@admin.register(NetworkProgramme)
class NetworkProgrammeAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("course", "host_school", "guest_school", "weekday", "time_start")
    raw_id_fields = ("partnership", "host_school", "guest_school", "teacher")
    search_fields = ("course", "host_school__name", "guest_school__name")
    scope_paths = {
        "region": "host_school__municipality__region_id",
        "municipality": "host_school__municipality_id",
    }


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    raw_id_fields = ("supported", "leader")


@admin.register(RecommendationRun)
class RecommendationRunAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "status", "progress")
    inlines = [ProposalInline]
    search_fields = ("municipality__name",)
    scope_paths = {"region": "municipality__region_id", "municipality": "municipality_id"}
