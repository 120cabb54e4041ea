"""The API against its own OpenAPI schema with schemathesis: every operation gets a few
generated requests (valid and invalid data) from a signed-in superuser; no request may end
in a server error, and every documented response must match its schema.

The schema is rendered in-process (drf-spectacular) and the calls go to the WSGI handler, so
nothing listens on a port; the number of examples is bounded and derandomized so CI runs are
repeatable (``SCHEMATHESIS_EXAMPLES`` raises it for a deeper local run).
"""

import json
import os
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))


def _raw_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_raw_schema())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Any:
    """The WSGI handler closes the database connection after each request (as a server
    should); inside a test's transaction that would drop it. Django's test client switches
    this off for its requests; do the same for the handler schemathesis calls."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(world: Any, people: Any) -> str:
    # The shared world gives every list and scope something to show.
    return Token.objects.get_or_create(user=people["superuser"])[0].key


@pytest.mark.django_db
@schema.exclude(path="/api/v1/auth/token/").parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_follows_its_schema(case: Any, token: str, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
