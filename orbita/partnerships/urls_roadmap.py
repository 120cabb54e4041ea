from django.urls import URLPattern, path

from orbita.partnerships import views_roadmap as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/roadmap/", views.RoadmapView.as_view(), name="roadmap"),
    path(
        "<int:pk>/roadmap/template/", views.RoadmapTemplateView.as_view(), name="roadmap-template"
    ),
    path("<int:pk>/roadmap/import/", views.RoadmapImportView.as_view(), name="roadmap-import"),
    path("<int:pk>/roadmap.xlsx", views.RoadmapExportView.as_view(), name="roadmap-export"),
    path("<int:pk>/roadmap-annex.docx", views.RoadmapAnnexView.as_view(), name="roadmap-annex"),
    path("roadmap/<int:pk>/edit/", views.RoadmapItemEditView.as_view(), name="item-edit"),
    path("roadmap/<int:pk>/status/", views.RoadmapItemStatusView.as_view(), name="item-status"),
    path("roadmap/<int:pk>/delete/", views.RoadmapItemDeleteView.as_view(), name="item-delete"),
    path("roadmap/<int:pk>/restore/", views.RoadmapItemRestoreView.as_view(), name="item-restore"),
    path(
        "roadmap/<int:pk>/evidence/", views.RoadmapEvidenceAddView.as_view(), name="item-evidence"
    ),
    path("evidence/<int:pk>/", views.RoadmapEvidenceFileView.as_view(), name="evidence-file"),
    # Network programmes.
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeEditView.as_view(), name="programme-edit"),
]
