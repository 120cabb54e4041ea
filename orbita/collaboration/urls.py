from django.urls import path

from orbita.collaboration import views

app_name = "collaboration"
urlpatterns = [
    # Events.
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/month/", views.EventMonthView.as_view(), name="event-month"),
    path("events/new/", views.EventCreateView.as_view(), name="event-create"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<int:pk>/edit/", views.EventEditView.as_view(), name="event-edit"),
    path("events/<int:pk>/register/", views.EventRegisterView.as_view(), name="event-register"),
    path(
        "events/<int:pk>/unregister/", views.EventUnregisterView.as_view(), name="event-unregister"
    ),
    path("events/<int:pk>/cancel/", views.EventCancelView.as_view(), name="event-cancel"),
    path(
        "events/<int:pk>/attendance/", views.EventAttendanceView.as_view(), name="event-attendance"
    ),
    path("events/<int:pk>/outcome/", views.EventOutcomeView.as_view(), name="event-outcome"),
    # Calendars and notifications.
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/issue/", views.FeedIssueView.as_view(), name="feed-issue"),
    path("calendar/revoke/", views.FeedRevokeView.as_view(), name="feed-revoke"),
    path(
        "calendar/municipalities/<int:pk>/issue/",
        views.MunicipalFeedIssueView.as_view(),
        name="municipal-feed-issue",
    ),
    path("ics/<str:token>.ics", views.FeedView.as_view(), name="feed"),
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
    # The bank of materials.
    path("materials/", views.MaterialListView.as_view(), name="material-list"),
    path("materials/new/", views.MaterialCreateView.as_view(), name="material-create"),
    path(
        "materials/collection.docx",
        views.MaterialCollectionView.as_view(),
        name="material-collection",
    ),
    path("materials/<int:pk>/", views.MaterialDetailView.as_view(), name="material-detail"),
    path("materials/<int:pk>/file/", views.MaterialFileView.as_view(), name="material-file"),
    path("materials/<int:pk>/delete/", views.MaterialDeleteView.as_view(), name="material-delete"),
    path("materials/bin/", views.MaterialBinView.as_view(), name="material-bin"),
    path(
        "materials/<int:pk>/restore/", views.MaterialRestoreView.as_view(), name="material-restore"
    ),
    path(
        "mentees/<int:pk>/materials/", views.MenteeMaterialsView.as_view(), name="mentee-materials"
    ),
    # Brainstorm sessions.
    path("brainstorms/", views.SessionListView.as_view(), name="session-list"),
    path("brainstorms/new/", views.SessionCreateView.as_view(), name="session-create"),
    path("brainstorms/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("brainstorms/<int:pk>/ideas/", views.SessionIdeasView.as_view(), name="session-ideas"),
    path(
        "brainstorms/<int:pk>/advance/", views.SessionAdvanceView.as_view(), name="session-advance"
    ),
    path("brainstorms/<int:pk>/invite/", views.SessionInviteView.as_view(), name="session-invite"),
    path(
        "brainstorms/<int:pk>/recommendations.docx",
        views.SessionRecommendationsView.as_view(),
        name="session-recommendations",
    ),
    path("ideas/<int:pk>/merge/", views.IdeaMergeView.as_view(), name="idea-merge"),
    path("ideas/<int:pk>/link/", views.IdeaLinkView.as_view(), name="idea-link"),
    path("ideas/<int:pk>/rate/", views.IdeaRateView.as_view(), name="idea-rate"),
]
