"""The entry point, the OpenAPI schema and the documentation page."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from orbita.api.tests.conftest import api_client
from orbita.api.urls import router
from orbita.testing.browser import sign_in_as

pytestmark = pytest.mark.django_db

API_PATHS = {
    "/api/v1/": {"get"},
    "/api/v1/auth/token/": {"post", "delete"},
    "/api/v1/me/": {"get"},
    "/api/v1/regions/": {"get"},
    "/api/v1/regions/{id}/": {"get"},
    "/api/v1/municipalities/": {"get"},
    "/api/v1/municipalities/{id}/": {"get"},
    "/api/v1/schools/": {"get"},
    "/api/v1/schools/{id}/": {"get"},
    "/api/v1/teachers/": {"get"},
    "/api/v1/teachers/{id}/": {"get"},
    "/api/v1/subjects/": {"get"},
    "/api/v1/subjects/{code}/": {"get"},
    "/api/v1/competencies/": {"get"},
    "/api/v1/competencies/{code}/": {"get"},
    "/api/v1/results/": {"get"},
    "/api/v1/results/{id}/": {"get"},
    "/api/v1/flags/": {"get"},
    "/api/v1/flags/{id}/": {"get"},
    "/api/v1/context/": {"get"},
    "/api/v1/context/{id}/": {"get"},
    "/api/v1/mentors/": {"get", "post"},
    "/api/v1/mentors/{id}/": {"get", "patch"},
    "/api/v1/mentees/": {"get", "post"},
    "/api/v1/mentees/{id}/": {"get", "patch"},
    "/api/v1/mentees/{id}/deficits/": {"post"},
    "/api/v1/mentoring-programmes/": {"get", "post"},
    "/api/v1/mentoring-programmes/{id}/": {"get", "patch"},
    "/api/v1/mentoring-pairs/": {"get", "post"},
    "/api/v1/mentoring-pairs/{id}/": {"get"},
    "/api/v1/mentoring-pairs/{id}/accept/": {"post"},
    "/api/v1/mentoring-pairs/{id}/reject/": {"post"},
    "/api/v1/mentoring-pairs/{id}/complete/": {"post"},
    "/api/v1/mentoring-pairs/{id}/end/": {"post"},
    "/api/v1/pair-plans/": {"get"},
    "/api/v1/pair-plans/{id}/": {"get", "patch"},
    "/api/v1/pair-plans/{id}/items/": {"post"},
    "/api/v1/plan-items/": {"get"},
    "/api/v1/plan-items/{id}/": {"get", "patch", "delete"},
    "/api/v1/plan-items/{id}/restore/": {"post"},
    "/api/v1/deficits/": {"get"},
    "/api/v1/deficits/{id}/": {"get", "delete"},
    "/api/v1/deficits/{id}/restore/": {"post"},
    "/api/v1/diary-entries/": {"get", "post"},
    "/api/v1/diary-entries/{id}/": {"get", "patch"},
    "/api/v1/events/": {"get", "post"},
    "/api/v1/events/{id}/": {"get", "patch"},
    "/api/v1/events/{id}/register/": {"post"},
    "/api/v1/events/{id}/unregister/": {"post"},
    "/api/v1/events/{id}/attendance/": {"post"},
    "/api/v1/event-registrations/": {"get"},
    "/api/v1/event-registrations/{id}/": {"get"},
    "/api/v1/brainstorms/": {"get", "post"},
    "/api/v1/brainstorms/{id}/": {"get"},
    "/api/v1/brainstorms/{id}/advance/": {"post"},
    "/api/v1/ideas/": {"get", "post"},
    "/api/v1/ideas/{id}/": {"get"},
    "/api/v1/idea-ratings/": {"get", "post"},
    "/api/v1/idea-ratings/{id}/": {"get"},
    "/api/v1/materials/": {"get", "post"},
    "/api/v1/materials/{id}/": {"get", "delete"},
    "/api/v1/materials/{id}/restore/": {"post"},
    "/api/v1/partnerships/": {"get", "post"},
    "/api/v1/partnerships/{id}/": {"get", "patch"},
    "/api/v1/partnerships/{id}/activate/": {"post"},
    "/api/v1/partnerships/{id}/prolong/": {"post"},
    "/api/v1/partnerships/{id}/end/": {"post"},
    "/api/v1/agreements/": {"get", "post"},
    "/api/v1/agreements/{id}/": {"get"},
    "/api/v1/risk-profiles/": {"get", "post"},
    "/api/v1/risk-profiles/{id}/": {"get"},
    "/api/v1/risk-profiles/{id}/factors/": {"post"},
    "/api/v1/roadmap-items/": {"get", "post"},
    "/api/v1/roadmap-items/{id}/": {"get", "patch", "delete"},
    "/api/v1/roadmap-items/{id}/restore/": {"post"},
    "/api/v1/network-programmes/": {"get", "post"},
    "/api/v1/network-programmes/{id}/": {"get", "patch"},
    "/api/v1/surveys/": {"get", "post"},
    "/api/v1/surveys/{id}/": {"get"},
    "/api/v1/surveys/{id}/results/": {"get"},
    "/api/v1/invitations/": {"get"},
    "/api/v1/invitations/{id}/": {"get"},
    "/api/v1/invitations/{id}/answer/": {"post"},
    "/api/v1/assessments/": {"get", "post"},
    "/api/v1/assessments/{id}/": {"get"},
    "/api/v1/monitoring/dashboard/": {"get"},
}
LISTS = [p for p in API_PATHS if p.count("/") == 4 and p not in ("/api/v1/me/",)]
FILTERS = {
    "/api/v1/municipalities/": {"region"},
    "/api/v1/schools/": {
        "municipality",
        "region",
        "kind",
        "rural",
        "is_resource_center",
        "branch_of",
    },
    "/api/v1/teachers/": {"school", "municipality", "subject", "category", "is_active"},
    "/api/v1/competencies/": {"group"},
    "/api/v1/regions/": set(),
    "/api/v1/subjects/": set(),
    "/api/v1/results/": {"year", "school", "municipality", "kind", "subject", "grade"},
    "/api/v1/flags/": {"year", "school", "municipality", "flag"},
    "/api/v1/context/": {"year", "school", "municipality"},
    "/api/v1/mentors/": {"status", "school", "subject"},
    "/api/v1/mentees/": {"school", "municipality", "competency"},
    "/api/v1/mentoring-programmes/": {"municipality"},
    "/api/v1/mentoring-pairs/": {"programme", "mentor", "status"},
    "/api/v1/pair-plans/": {"pair"},
    "/api/v1/plan-items/": {"plan", "pair", "status"},
    "/api/v1/deficits/": {"mentee", "competency"},
    "/api/v1/diary-entries/": {"pair"},
    "/api/v1/events/": {
        "kind",
        "direction",
        "status",
        "municipality",
        "starts_after",
        "starts_before",
    },
    "/api/v1/event-registrations/": {"event"},
    "/api/v1/brainstorms/": {"phase", "municipality"},
    "/api/v1/ideas/": {"session"},
    "/api/v1/idea-ratings/": {"session", "idea"},
    "/api/v1/materials/": {"q", "kind", "school", "subject", "competency"},
    "/api/v1/partnerships/": {"municipality", "school", "status"},
    "/api/v1/agreements/": {"partnership"},
    "/api/v1/risk-profiles/": {"school", "year"},
    "/api/v1/roadmap-items/": {"partnership", "status", "responsible_school"},
    "/api/v1/network-programmes/": {"host_school", "guest_school", "partnership"},
    "/api/v1/surveys/": {"municipality", "kind"},
    "/api/v1/invitations/": set(),
    "/api/v1/assessments/": {"pair"},
}
PAGING = {"page", "page_size", "search", "ordering"}


@pytest.fixture
def schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_schema_is_public_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Orbita API"
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema


def test_spectacular_validates_without_warnings(tmp_path):
    """``manage.py spectacular --validate --fail-on-warn``: no warning anywhere in the project."""
    out = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", out
    )
    assert json.loads(out.read_text())["paths"].keys() == API_PATHS.keys()


def test_schema_has_every_path_and_method(schema):
    assert {p: set(ops) for p, ops in schema["paths"].items()} == API_PATHS


def test_every_routed_viewset_is_in_the_schema(schema):
    """A module that registers on the router appears in the schema with list and detail."""
    for prefix, viewset, _basename in router.registry:
        lookup = "id" if viewset.lookup_field == "pk" else viewset.lookup_field
        assert f"/api/v1/{prefix}/" in schema["paths"]
        assert f"/api/v1/{prefix}/{{{lookup}}}/" in schema["paths"]


def _params(operation):
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


def test_lists_document_filters_search_ordering_and_paging(schema):
    assert set(FILTERS) == set(LISTS)
    for path, filters in FILTERS.items():
        operation = schema["paths"][path]["get"]
        assert _params(operation) == PAGING | filters, path
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        page = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
        assert set(page["properties"]) == {"count", "next", "previous", "results"}


def test_ordering_parameter_lists_its_fields(schema):
    (ordering,) = [
        p
        for p in schema["paths"]["/api/v1/schools/"]["get"]["parameters"]
        if p["name"] == "ordering"
    ]
    assert {"name", "-name", "staff_count", "-students"} <= set(ordering["schema"]["items"]["enum"])
    assert (ordering["style"], ordering["explode"]) == ("form", False)


def test_errors_and_security_are_documented(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": (
            "Заголовок «Authorization: Token <токен>». Токен выдаёт POST /api/v1/auth/token/."
        ),
    }
    assert (schemes["cookieAuth"]["in"], schemes["cookieAuth"]["name"]) == ("cookie", "sessionid")
    assert set(schemes) == {"tokenAuth", "cookieAuth"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            public = (path, method) in {("/api/v1/", "get"), ("/api/v1/auth/token/", "post")}
            codes = set(operation["responses"])
            assert ("401" in codes) is not public, (path, method)
            assert ("404" in codes) is ("{" in path), (path, method)
            assert "429" in codes
            if not public:
                assert {"tokenAuth": []} in operation["security"]
    assert set(schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]) == {
        "200",
        "400",
        "429",
    }
    assert "403" in schema["paths"]["/api/v1/auth/token/"]["delete"]["responses"]


def test_schema_descriptions_are_russian(schema):
    schools = schema["paths"]["/api/v1/schools/"]["get"]
    assert schools["summary"] == "Школы"
    assert schools["description"].startswith("Школы в области доступа")
    school = schema["components"]["schemas"]["School"]["properties"]
    assert school["missing_specialists"]["description"].startswith("Сколько из четырёх")
    assert set(school) >= {
        "has_psychologist",
        "has_speech_therapist",
        "has_social_pedagogue",
        "has_defectologist",
        "staff_count",
        "branch_of",
        "municipality",
    }
    # Developer docstrings (English) never leak into the schema.
    assert "selector" not in json.dumps(schema)


# --- The entry point -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "mentee"])
def test_root_lists_every_endpoint_with_absolute_links(people, role):
    response = api_client(people[role] if role else None).get(reverse("api:root"))
    assert response.status_code == 200
    base = "http://testserver/api/v1/"
    assert response.json() == {
        "me": f"{base}me/",
        "auth-token": f"{base}auth/token/",
        "regions": f"{base}regions/",
        "municipalities": f"{base}municipalities/",
        "schools": f"{base}schools/",
        "teachers": f"{base}teachers/",
        "subjects": f"{base}subjects/",
        "competencies": f"{base}competencies/",
        "results": f"{base}results/",
        "flags": f"{base}flags/",
        "context": f"{base}context/",
        "mentors": f"{base}mentors/",
        "mentees": f"{base}mentees/",
        "mentoring-programmes": f"{base}mentoring-programmes/",
        "mentoring-pairs": f"{base}mentoring-pairs/",
        "pair-plans": f"{base}pair-plans/",
        "plan-items": f"{base}plan-items/",
        "deficits": f"{base}deficits/",
        "diary-entries": f"{base}diary-entries/",
        "events": f"{base}events/",
        "event-registrations": f"{base}event-registrations/",
        "brainstorms": f"{base}brainstorms/",
        "ideas": f"{base}ideas/",
        "idea-ratings": f"{base}idea-ratings/",
        "materials": f"{base}materials/",
        "partnerships": f"{base}partnerships/",
        "agreements": f"{base}agreements/",
        "risk-profiles": f"{base}risk-profiles/",
        "roadmap-items": f"{base}roadmap-items/",
        "network-programmes": f"{base}network-programmes/",
        "surveys": f"{base}surveys/",
        "invitations": f"{base}invitations/",
        "assessments": f"{base}assessments/",
        "monitoring-dashboard": f"{base}monitoring/dashboard/",
        "schema": f"{base}openapi.json",
        "docs": f"{base}docs/",
    }


def test_root_links_lead_to_the_documented_paths(schema):
    links = Client().get(reverse("api:root")).json()
    documented = set(schema["paths"]) | {"/api/v1/openapi.json", "/api/v1/docs/"}
    assert {url.removeprefix("http://testserver") for url in links.values()} <= documented


# --- The documentation page ----------------------------------------------------------------

SIDECAR = "/static/drf_spectacular_sidecar/swagger-ui-dist/"


def test_docs_page_uses_local_files_and_no_inline_code(db):
    response = Client().get(reverse("api:docs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _body in scripts] == [
        f"{SIDECAR}swagger-ui-bundle.js",
        f"{SIDECAR}swagger-ui-standalone-preset.js",
        "/api/v1/docs/?script=",
    ]
    assert all(body.strip() == "" for _attrs, body in scripts)
    assert "<style" not in html
    assert " style=" not in html
    assert f'href="{SIDECAR}swagger-ui.css"' in html
    assert 'href="/static/api/docs.css"' in html
    assert "//" not in re.sub(r"<!--.*?-->", "", html.split("<body>")[1])  # no external URL
    # The site's policy, unchanged: own-origin scripts and styles only.
    csp = response["Content-Security-Policy"]
    assert re.search(r"script-src 'self'(;| 'nonce-[^']+';)", csp)
    assert "style-src 'self';" in csp
    assert "unsafe" not in csp
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_docs_init_script_is_a_same_origin_file(db):
    response = Client().get(reverse("api:docs"), {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert 'url: "/api/v1/openapi.json",' in response.content.decode()


def test_docs_stylesheet_exists():
    assert finders.find("api/docs.css")


SIDECAR_FILES = [
    "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
    "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
    "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
    "drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png",
]
sidecar_installed = pytest.mark.skipif(
    not finders.find(SIDECAR_FILES[0]),
    reason="drf_spectacular_sidecar is not in INSTALLED_APPS: the docs page has no files",
)


@sidecar_installed
def test_swagger_files_are_served_from_our_static_files():
    for path in SIDECAR_FILES:
        assert Path(finders.find(path)).stat().st_size > 0


@pytest.mark.browser
@sidecar_installed
def test_docs_run_under_the_csp_and_call_the_api(browser_page, live_server, people):
    """Swagger UI renders every path and a signed-in user can try /me/, with no CSP error."""

    page = browser_page
    sign_in_as(page, live_server, people["municipal"])
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock")
    # Past a hundred or so operations Swagger UI renders only the ones in view: scroll
    # through the document and collect the paths as they appear.
    paths: set[str] = set()
    for _ in range(400):
        paths |= set(page.locator(".opblock-summary-path").all_inner_texts())
        if paths >= set(API_PATHS):
            break
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(20)
    assert paths == set(API_PATHS)
    page.goto("/api/v1/docs/")
    me = page.locator("#operations-me-me_retrieve")
    for _ in range(400):
        if me.count() and me.is_visible():
            break
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(20)
    me.locator(".opblock-summary").click()
    me.locator(".try-out__btn").click()
    me.locator(".execute").click()
    body = me.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert '"username": "t-municipal"' in body.inner_text()
