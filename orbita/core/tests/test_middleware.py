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
