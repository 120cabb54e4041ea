from django.urls import path, re_path

from orbita.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.MonitoringHomeView.as_view(), name="home"),
    path("surveys/new/", views.SurveyCreateView.as_view(), name="survey-create"),
    path("surveys/<int:pk>/", views.SurveyDetailView.as_view(), name="survey-detail"),
    path("surveys/<int:pk>/edit/", views.SurveyEditView.as_view(), name="survey-edit"),
    path("surveys/<int:pk>/questions/", views.QuestionAddView.as_view(), name="question-add"),
    path("questions/<int:pk>/remove/", views.QuestionRemoveView.as_view(), name="question-remove"),
    path("surveys/<int:pk>/distribute/", views.DistributeView.as_view(), name="distribute"),
    path("surveys/<int:pk>/results/", views.SurveyResultsView.as_view(), name="survey-results"),
    path("answer/<int:pk>/", views.AnswerView.as_view(), name="answer"),
    path("growth/", views.GrowthView.as_view(), name="growth"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("pairs/<int:pk>/assessments/", views.AssessmentView.as_view(), name="assessments"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    re_path(
        r"^reports/(?P<pk>[0-9]+)/(?P<fmt>docx|xlsx)/$",
        views.ReportDownloadView.as_view(),
        name="report-download",
    ),
]
