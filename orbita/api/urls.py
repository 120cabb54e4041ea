"""``/api/v1/``: the API's own endpoints and one router that every API module fills.

A module of the API (``orbita/api/<app>.py``) defines its viewsets and a ``register(router)``
function; adding it here is all it takes to appear in the root, the schema and the docs.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from orbita.api import collaboration, diagnosis, mentoring, monitoring, partnerships, registry
from orbita.api.accounts import MeView, TokenView
from orbita.api.views import ApiDocsView, ApiRootView, ApiSchemaView

app_name = "api"

router = SimpleRouter()
registry.register(router)
diagnosis.register(router)
mentoring.register(router)
collaboration.register(router)
partnerships.register(router)
monitoring.register(router)

ROOT_LINKS = (
    ("me", "me"),
    ("auth-token", "auth-token"),
    *((prefix, f"{basename}-list") for prefix, _viewset, basename in router.registry),
    ("monitoring-dashboard", "monitoring-dashboard"),
    ("schema", "schema"),
    ("docs", "docs"),
)

urlpatterns = [
    path("", ApiRootView.as_view(links=ROOT_LINKS), name="root"),
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path(
        "monitoring/dashboard/",
        monitoring.DashboardView.as_view(),
        name="monitoring-dashboard",
    ),
    path("openapi.json", ApiSchemaView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    *router.urls,
]
