"""Account pages beyond Django's own login and logout."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.views import View

from orbita.accounts.personal_data import personal_data_download


class PersonalDataView(LoginRequiredMixin, View):
    """``GET``: everything Orbita holds about the signed-in person, as a JSON file."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = personal_data_download(user=request.user)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        name = f"orbita-my-data-{request.user.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
