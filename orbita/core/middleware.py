"""Request checks every page and endpoint shares."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """A query string with a NUL character (``%00``) is a 400 before any view runs.

    PostgreSQL cannot store or compare text with NUL, so such a value reaching a query would
    be a server error there (SQLite would quietly accept it): no person types one, a fuzzer
    or an attacker does. Form and API fields reject NUL themselves (Django's and DRF's
    validators); this covers the raw parameters (search, filters) before they reach SQL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "").replace("%00", "\x00") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("Недопустимый символ в адресе запроса.")
            if request.path.startswith("/api/"):
                # Shaped like a validation error (field → messages), as the schema documents.
                return JsonResponse({"detail": [message]}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
