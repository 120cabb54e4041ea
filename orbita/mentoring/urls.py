from django.urls import path

from orbita.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.MentoringHomeView.as_view(), name="home"),
    # The mentor base.
    path("mentors/", views.MentorListView.as_view(), name="mentor-list"),
    path("mentors/new/", views.MentorCreateView.as_view(), name="mentor-create"),
    path("mentors/export.xlsx", views.MentorExportView.as_view(), name="mentor-export"),
    path("mentors/<int:pk>/", views.MentorDetailView.as_view(), name="mentor-detail"),
    path("mentors/<int:pk>/edit/", views.MentorEditView.as_view(), name="mentor-edit"),
    path("mentors/<int:pk>/criteria/", views.MentorCriteriaView.as_view(), name="mentor-criteria"),
    path("mentors/<int:pk>/pair/", views.MentorPairView.as_view(), name="mentor-pair"),
    path("never-match/", views.NeverMatchListView.as_view(), name="never-match-list"),
    path(
        "never-match/<int:pk>/remove/",
        views.NeverMatchDeleteView.as_view(),
        name="never-match-remove",
    ),
    # The mentee base and the request map.
    path("mentees/", views.MenteeListView.as_view(), name="mentee-list"),
    path("mentees/new/", views.MenteeCreateView.as_view(), name="mentee-create"),
    path("mentees/export.xlsx", views.MenteeExportView.as_view(), name="mentee-export"),
    path("mentees/<int:pk>/", views.MenteeDetailView.as_view(), name="mentee-detail"),
    path("mentees/<int:pk>/edit/", views.MenteeEditView.as_view(), name="mentee-edit"),
    path("mentees/<int:pk>/deficits/", views.DeficitAddView.as_view(), name="deficit-add"),
    path("mentees/<int:pk>/pair/", views.MenteePairView.as_view(), name="mentee-pair"),
    path("deficits/<int:pk>/remove/", views.DeficitRemoveView.as_view(), name="deficit-remove"),
    path("deficits/<int:pk>/restore/", views.DeficitRestoreView.as_view(), name="deficit-restore"),
    path(
        "municipalities/<int:pk>/request-map/",
        views.RequestMapView.as_view(),
        name="request-map",
    ),
    # Programmes and matching.
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeEditView.as_view(), name="programme-edit"),
    path("programmes/<int:pk>/match/", views.ProgrammeMatchView.as_view(), name="programme-match"),
    path(
        "programmes/<int:pk>/review/", views.ProgrammeReviewView.as_view(), name="programme-review"
    ),
    path("programmes/<int:pk>/swap/", views.PairSwapView.as_view(), name="pair-swap"),
    path(
        "programmes/<int:pk>/publish/",
        views.ProgrammePublishView.as_view(),
        name="programme-publish",
    ),
    path(
        "programmes/<int:pk>/order.docx", views.ProgrammeOrderView.as_view(), name="programme-order"
    ),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    # Pairs.
    path("pairs/<int:pk>/", views.PairDetailView.as_view(), name="pair-detail"),
    path("pairs/<int:pk>/accept/", views.PairAcceptView.as_view(), name="pair-accept"),
    path("pairs/<int:pk>/reject/", views.PairRejectView.as_view(), name="pair-reject"),
    path("pairs/<int:pk>/complete/", views.PairCompleteView.as_view(), name="pair-complete"),
    path("pairs/<int:pk>/end/", views.PairEndView.as_view(), name="pair-end"),
    path("pairs/<int:pk>/rematch/", views.PairRematchView.as_view(), name="pair-rematch"),
    path("pairs/<int:pk>/mentees/", views.PairAddMenteeView.as_view(), name="pair-add-mentee"),
    path("pairs/<int:pk>/plan/", views.PlanGoalView.as_view(), name="plan-goal"),
    path("pairs/<int:pk>/plan/fill/", views.PlanFillView.as_view(), name="plan-fill"),
    path("pairs/<int:pk>/plan/items/", views.PlanItemAddView.as_view(), name="plan-item-add"),
    path("pairs/<int:pk>/plan.docx", views.PairPlanDocxView.as_view(), name="pair-plan-docx"),
    path(
        "plan-items/<int:pk>/status/", views.PlanItemStatusView.as_view(), name="plan-item-status"
    ),
    path(
        "plan-items/<int:pk>/delete/", views.PlanItemDeleteView.as_view(), name="plan-item-delete"
    ),
    path(
        "plan-items/<int:pk>/restore/",
        views.PlanItemRestoreView.as_view(),
        name="plan-item-restore",
    ),
    path("pairs/<int:pk>/diary/", views.DiaryAddView.as_view(), name="diary-add"),
    path("diary/<int:pk>/share/", views.DiaryShareView.as_view(), name="diary-share"),
    path("diary/<int:pk>/evidence/", views.DiaryEvidenceView.as_view(), name="diary-evidence"),
    path("pairs/<int:pk>/meetings/", views.MeetingAddView.as_view(), name="meeting-add"),
    path("meetings/<int:pk>/share/", views.MeetingShareView.as_view(), name="meeting-share"),
]
