from django.contrib import admin
from django.urls import include, path

from orbita.core.views import favicon, healthz

urlpatterns = [
    path("", include("orbita.dashboard.urls")),
    path("", include("orbita.registry.urls")),
    path("accounts/", include("orbita.accounts.urls")),
    path("imports/", include("orbita.imports.urls")),
    path("diagnosis/", include("orbita.diagnosis.urls")),
    path("mentoring/", include("orbita.mentoring.urls")),
    path("partnerships/", include("orbita.partnerships.urls")),
    path("monitoring/", include("orbita.monitoring.urls")),
    path("collaboration/", include("orbita.collaboration.urls")),
    path("api/v1/", include("orbita.api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
]

handler404 = "orbita.core.views.page_not_found"
handler403 = "orbita.core.views.permission_denied"
