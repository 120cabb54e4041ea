from django.urls import URLPattern, path

from orbita.partnerships import views

urlpatterns: list[URLPattern] = [
    path("", views.PartnershipListView.as_view(), name="list"),
    path("new/", views.PartnershipCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PartnershipDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PartnershipEditView.as_view(), name="edit"),
    path("<int:pk>/activate/", views.PartnershipActivateView.as_view(), name="activate"),
    path("<int:pk>/prolong/", views.PartnershipProlongView.as_view(), name="prolong"),
    path("<int:pk>/end/", views.PartnershipEndView.as_view(), name="end"),
    path("<int:pk>/report.docx", views.PartnershipReportView.as_view(), name="report"),
    # Agreements and the template.
    path("<int:pk>/agreements/new/", views.AgreementCreateView.as_view(), name="agreement-create"),
    path(
        "agreements/<int:pk>/document.docx",
        views.AgreementDocumentView.as_view(),
        name="agreement-document",
    ),
    path("agreements/<int:pk>/signed/", views.AgreementSignedView.as_view(), name="agreement-sign"),
    path("agreements/<int:pk>/scan/", views.AgreementScanView.as_view(), name="agreement-scan"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/default.docx", views.TemplateDownloadView.as_view(), name="template-default"),
    path(
        "templates/<int:pk>/template.docx",
        views.TemplateDownloadView.as_view(),
        name="template-download",
    ),
    # The recommendation.
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendations"),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation-detail",
    ),
    path("proposals/<int:pk>/decide/", views.ProposalDecideView.as_view(), name="proposal-decide"),
    # Risk profiles.
    path("risk-profiles/", views.RiskProfileListView.as_view(), name="risk-profiles"),
    path("risk-profiles/<int:pk>/", views.RiskProfileDetailView.as_view(), name="risk-profile"),
    path(
        "risk-profiles/<int:pk>/to-roadmap/",
        views.RiskToRoadmapView.as_view(),
        name="risk-to-roadmap",
    ),
]
