"""OpenAPI generation: the error answers every operation can give, documented once.

drf-spectacular documents the success answer of each operation; the errors come from the
view's configuration, so they are added here instead of on every endpoint:

* 401 where the view requires authentication (``WWW-Authenticate: Token``);
* 403 for unsafe methods under session authentication (CSRF);
* 404 where the path names one object: absent *or outside the caller's scope*;
* 400 on lists with filters (a malformed filter value);
* 429 where the view is throttled.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny

# Field name → its messages; errors not tied to a field are under "non_field_errors". A list
# or a nested field answers its items' messages by position or by name (``{"0": [...]}``).
_MESSAGES = {"type": "array", "items": {"type": "string"}}
VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            _MESSAGES,
            {"type": "object", "additionalProperties": {"oneOf": [_MESSAGES, {"type": "object"}]}},
        ]
    },
}

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
BODY_METHODS = {"POST", "PUT", "PATCH"}


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of DRF's error answers (401, 403, 404, 405, 429)."""

    detail = serializers.CharField(help_text=_("Сообщение об ошибке."))


PATH_PARAMETERS = {
    "pk": _("Идентификатор объекта."),
    "id": _("Идентификатор объекта."),
    "code": _("Код записи справочника."),
}


class TokenScheme(OpenApiAuthenticationExtension):
    """The token scheme, described in Russian (replaces drf-spectacular's own)."""

    target_class = "rest_framework.authentication.TokenAuthentication"
    name = "tokenAuth"
    match_subclasses = True

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                "Заголовок «Authorization: Token <токен>». Токен выдаёт POST /api/v1/auth/token/."
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    """The site's session, described in Russian (replaces drf-spectacular's own)."""

    target_class = "rest_framework.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": _(
                "Сессия входа на сайт. Для POST, PUT, PATCH и DELETE нужен ещё заголовок "
                "X-CSRFToken."
            ),
        }


class OrbitaAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] in PATH_PARAMETERS:
                parameter["description"] = PATH_PARAMETERS[parameter["name"]]
        return operation

    def get_description(self) -> str:  # type: ignore[override]  # drf-spectacular's signature
        # Docstrings are notes for developers, in English; an operation's description is the
        # Russian text given to ``extend_schema`` (which overrides this method).
        return ""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors: dict[str, Any] = {}
        if self.method in BODY_METHODS or self._has_filters():
            errors["400"] = OpenApiResponse(
                VALIDATION_ERRORS, description=_("Неверные данные запроса.")
            )
        if self._requires_authentication():
            errors["401"] = OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "Нет учётных данных или они неверны (заголовок WWW-Authenticate: Token)."
                ),
            )
        if self.method in UNSAFE_METHODS and self._accepts_session():
            errors["403"] = OpenApiResponse(
                ErrorSerializer,
                description=_("При входе по сессии нужен CSRF-токен (заголовок X-CSRFToken)."),
            )
        if "{" in self.path:
            errors["404"] = OpenApiResponse(
                ErrorSerializer, description=_("Объект не найден или вне вашей области доступа.")
            )
        if self.view.get_throttles():
            errors["429"] = OpenApiResponse(
                ErrorSerializer, description=_("Слишком много запросов; см. заголовок Retry-After.")
            )
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _requires_authentication(self) -> bool:
        return any(not isinstance(p, AllowAny) for p in self.view.get_permissions())

    def _accepts_session(self) -> bool:
        return any(isinstance(a, SessionAuthentication) for a in self.view.get_authenticators())

    def _has_filters(self) -> bool:
        return self.method == "GET" and bool(self.get_filter_backends())
