"""A NUL character in the query string is refused before any view or query runs."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["?search=%00", "?q=a%00b", "?%00=1"])
def test_nul_in_the_query_string_is_a_400(query):
    response = Client().get("/api/v1/schools/" + query)
    assert response.status_code == 400
    assert response.json() == {"detail": ["Недопустимый символ в адресе запроса."]}
    page = Client().get("/collaboration/materials/" + query)
    assert (page.status_code, page.content.decode()) == (
        400,
        "Недопустимый символ в адресе запроса.",
    )


def test_an_ordinary_query_passes():
    assert Client().get("/healthz?x=1").status_code == 200


def test_a_database_outage_is_a_503_with_retry_after():
    from django.db import OperationalError
    from django.test import RequestFactory

    from orbita.core.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    page = middleware.process_exception(RequestFactory().get("/"), OperationalError("down"))
    assert page is not None
    assert (page.status_code, page["Retry-After"]) == (503, "30")
    assert "База данных временно недоступна" in page.content.decode()
    api = middleware.process_exception(RequestFactory().get("/api/v1/"), OperationalError("down"))
    assert api is not None
    assert api.status_code == 503
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None
