"""The building blocks every API module uses: authentication, paging, filtering, viewsets,
and the write mixins (create, update, soft delete and restore through the page's services).

A module of the API (``orbita/api/registry.py``, later ``mentoring.py`` …) defines its
serializers and filter sets and subclasses ``ApiReadOnlyViewSet``, whose ``get_queryset``
calls one selector with the requesting user. The base class refuses a class-level
``queryset``: an API handler never reads unscoped data.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter, SearchFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from orbita.api.schema import OrbitaAutoSchema
from orbita.core.db import text_search


class TooManyRequests(Throttled):
    """429 in Russian (DRF leaves the «Expected available in N seconds» part untranslated)."""

    default_detail = _("Слишком много запросов.")
    extra_detail_singular = _("Повторите через {wait} с.")  # type: ignore[assignment]
    extra_detail_plural = _("Повторите через {wait} с.")  # type: ignore[assignment]


class ApiView(APIView):
    """What every API view shares: who may call, how answers are rendered, throttled and
    documented. ``APIView`` subclasses and, through ``ApiReadOnlyViewSet``, viewsets use it."""

    # Token first: an anonymous request then gets 401 with ``WWW-Authenticate: Token``
    # (DRF answers 401 only when the first authenticator names a scheme; Session alone
    # would give 403). Session authentication enforces CSRF on unsafe methods.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    # JSON only: the interactive documentation is /api/v1/docs/; DRF's browsable API would
    # add an HTML surface with forms and inline code that the site's CSP forbids.
    renderer_classes = [JSONRenderer]
    # Rates: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon" / "user"].
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    schema = OrbitaAutoSchema()

    def throttled(self, request: Request, wait: float | None) -> NoReturn:
        raise TooManyRequests(wait)


class ApiPagination(PageNumberPagination):
    """Pages of 50 (``PAGE_SIZE``); ``page_size`` up to 200 for integrations."""

    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = _("Номер страницы (с 1).")  # type: ignore[assignment]
    page_size_query_description = _(  # type: ignore[assignment]
        "Сколько записей на странице (по умолчанию 50, не более 200)."
    )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": _("Всего записей.")},
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": _("Ссылка на следующую страницу; null на последней."),
                },
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": _("Ссылка на предыдущую страницу; null на первой."),
                },
                "results": schema,
            },
        }


class UnicodeSearchFilter(SearchFilter):
    """``?search=`` over the view's ``search_fields``, case-insensitive in any alphabet.

    DRF's ``SearchFilter`` uses ``icontains``, which on SQLite folds ASCII only, so «сош»
    would not find «СОШ». Every whitespace-separated word must occur in one of the fields,
    as in DRF; the matching itself is ``orbita.core.db.text_search``, shared with the pages.
    """

    search_title = _("Поиск")  # type: ignore[assignment]

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        fields = self.get_search_fields(view, request)
        terms = self.get_search_terms(request)
        if not fields or not terms:
            return queryset
        for term in terms:
            queryset = text_search(queryset, term, *fields)
        # A field across a to-many relation would repeat rows.
        return queryset.distinct() if self.must_call_distinct(queryset, fields) else queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        fields = ", ".join(getattr(view, "search_fields", ()) or ())
        description = _(
            "Поиск без учёта регистра: каждое слово должно встречаться в одном из полей (%s)."
        ) % (fields,)
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": force_str(description),
                "schema": {"type": "string"},
            }
        ]


class StableOrderingFilter(OrderingFilter):
    """``?ordering=name,-students`` over ``ordering_fields``, always ending with ``pk``.

    The extra ``pk`` makes the order total, so paging through equal values neither repeats
    nor skips rows. Without the parameter the selector's own order stands.
    """

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        params = request.query_params.get(self.ordering_param)
        if not params:
            return None
        ordering = self.remove_invalid_fields(
            queryset, [p.strip() for p in params.split(",")], view, request
        )
        if not ordering:
            return None
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("pk")
        return ordering

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        fields = [f if isinstance(f, str) else f[0] for f in view.ordering_fields]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": force_str(
                    _("Порядок: поля через запятую, «-» перед полем — по убыванию.")
                ),
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [v for f in fields for v in (f, f"-{f}")],
                    },
                },
                "style": "form",
                "explode": False,
            }
        ]


class IdFilter(filters.NumberFilter):
    """Narrows by a foreign-key id without looking the target up.

    A ``ModelChoiceFilter`` would answer «no such choice» for an id outside the caller's
    scope and a plain 200 for an existing one, disclosing what exists; this filter only
    narrows the already scoped queryset.
    """

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Ids are 64-bit: a larger number is a 400, never an overflow in the database.
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
        # drf-spectacular cannot tell the type from an ``…_id`` path; say it, with the label.
        extend_schema_field({"type": "integer", "description": self.label})(self)


MAX_ID = 2**63 - 1


class IntFilter(filters.NumberFilter):
    """A whole number within ``min_value``..``max_value`` (a year, a grade); anything else is
    a 400 with the field's message."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, min_value: int = 0, max_value: int = 9999, **kwargs: Any):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class _BooleanField(forms.Field):
    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(_("Ожидается true или false."), code="invalid")


class BooleanFilter(filters.BooleanFilter):
    """``true``/``false`` (or ``1``/``0``); anything else is a 400.

    django-filter's own boolean filter drops a value it does not understand, so a typo
    would silently return the unfiltered list.
    """

    field_class = _BooleanField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class ApiReadOnlyViewSet[M: Model](
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[M]
):
    """List and detail of one kind of object, in the caller's scope, for signed-in users.

    Subclasses implement ``get_queryset`` as one selector call with ``self.request.user``
    (catalogues, which everyone may read, call theirs without it);
    an object outside the scope is absent from it, so its detail answers 404. Filters
    (``filterset_class``), ``search_fields`` and ``ordering_fields`` only narrow or order that
    queryset. Only GET, HEAD and OPTIONS are routed; other methods answer 405.
    """

    pagination_class = ApiPagination
    filter_backends: Sequence[type[BaseFilterBackend]] = (
        filters.DjangoFilterBackend,
        UnicodeSearchFilter,
        StableOrderingFilter,
    )
    http_method_names = ["get", "head", "options"]
    search_fields: Sequence[str] = ()
    ordering_fields: Sequence[str] = ("id",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("queryset") is not None:
            raise TypeError(
                f"{cls.__name__}: a scoped viewset reads through a selector in get_queryset, "
                "never through a class-level queryset."
            )

    def get_queryset(self) -> QuerySet[M]:
        raise NotImplementedError(f"{type(self).__name__} must call its selector")

    def get_object(self) -> M:
        try:
            return super().get_object()
        except Http404:
            # Django's message names the model in English; the API answers alike for a
            # missing object and for one outside the scope.
            raise NotFound(_("Объект не найден.")) from None


class RefSerializer(serializers.Serializer[Any]):
    """A reference to a related object: its id and its name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


# --- Writes: the input check, the service call, the answer read back ---------------------


@extend_schema_field({"type": "integer"})
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """An id among the objects a selector gives the requesting user; any other id — one
    that does not exist or one outside the scope — is the same «not found»."""

    default_error_messages = {
        "does_not_exist": _("Объект {pk_value} не найден."),
        "incorrect_type": _("Ожидается целое число (id)."),
    }

    def __init__(self, source_of: Callable[[Any], QuerySet[Any]], **kwargs: Any) -> None:
        self.source_of = source_of
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.source_of(self.context["request"].user)


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ``ValidationError`` as a 400 with its (Russian) messages by field;
    ``PermissionDenied`` and ``Http404`` become 403 and 404 in DRF's own handler."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(error.message_dict) from None
        raise ValidationError({"detail": error.messages}) from None


class WriteBase:
    """What the write mixins share: the input check and the answer read back through the
    selector, so a write answers exactly what a ``GET`` of the object would."""

    write_serializer_class: type[serializers.Serializer[Any]]
    request: Any  # the DRF request of the viewset

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "partial_update"):  # type: ignore[attr-defined]
            return self.write_serializer_class
        return super().get_serializer_class()  # type: ignore[misc]

    def validated(self, serializer_class: Any = None, *, partial: bool = False) -> dict[str, Any]:
        serializer = (serializer_class or self.write_serializer_class)(
            data=self.request.data, partial=partial, context={"request": self.request}
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, obj: Any, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)  # type: ignore[attr-defined]
        serializer = self.serializer_class(fresh, context={"request": self.request})  # type: ignore[attr-defined]
        return Response(serializer.data, status=code)


class CreateMixin(WriteBase):
    """``POST`` on the list: ``create_object`` calls the service."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated()
        with service_errors():
            obj = self.create_object(data)
        return self.answer(obj, status.HTTP_201_CREATED)

    def create_object(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError


class UpdateMixin(WriteBase):
    """``PATCH`` on the detail of an object in scope: ``update_object`` calls the service."""

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        data = self.validated(partial=True)
        with service_errors():
            obj = self.update_object(obj, data)
        return self.answer(obj)

    def update_object(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError


class BinMixin(WriteBase):
    """Soft deletion: ``DELETE`` moves an object in scope to its bin (204, kept with who
    removed it and when); ``POST {id}/restore/`` brings a removed one back. The viewset gives
    the three service calls and the selector of removed objects (404 outside the scope)."""

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        with service_errors():
            self.remove_object(obj)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=_("Вернуть из корзины"),
        description=_("Удалённый объект в области доступа; права — те же, что на удаление."),
        request=None,
    )
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        try:
            obj = self.removed_object(int(pk or ""))
        except (Http404, ValueError):
            raise NotFound(_("Объект не найден.")) from None
        with service_errors():
            obj = self.restore_object(obj)
        return self.answer(obj)

    def remove_object(self, obj: Any) -> Any:
        raise NotImplementedError

    def removed_object(self, pk: int) -> Any:
        raise NotImplementedError

    def restore_object(self, obj: Any) -> Any:
        raise NotImplementedError


def given(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """The optional fields the caller sent (the service's defaults stand for the others)."""
    return {name: data[name] for name in names if name in data}
