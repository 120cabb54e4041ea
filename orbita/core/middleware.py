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


class DatabaseUnavailableMiddleware:
    """While the database does not answer (a restart, a failover), say so with a 503 and a
    ``Retry-After`` instead of a bare 500: the page tells the person to try again in a
    minute, monitoring sees a temporary outage, and the next request after the database is
    back works again (Django opens a new connection by itself)."""

    RETRY_AFTER = 30

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        import logging

        logging.getLogger("orbita.db").warning("database unavailable: %s", exception)
        message = _("База данных временно недоступна. Повторите попытку через минуту.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(
                f'<!doctype html><html lang="ru"><meta charset="utf-8"><title>Орбита</title>'
                f"<h1>{message}</h1></html>",
                status=503,
                content_type="text/html; charset=utf-8",
            )
        response["Retry-After"] = str(self.RETRY_AFTER)
        return response
