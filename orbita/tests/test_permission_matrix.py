"""Every URL of the project × every role: the one table that says who gets what.

Each app tests its own pages and endpoints in depth (exact lists, filters, side effects);
this table is the project-wide guarantee that nothing was left out: a URL that is added
without a row here fails ``test_every_url_is_in_the_matrix``. Statuses: 200 shown, 302 sent
to the login page (pages) or onwards, 401 not authenticated (API), 403 the role may not use
the page at all, 404 the object is outside the role's scope, 405 wrong method.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from orbita.collaboration.tests.matrix import ROWS as COLLABORATION_ROWS
from orbita.conftest import ROLES, World
from orbita.diagnosis.models import Job
from orbita.diagnosis.tests.factories import ResultFactory, SchoolContextFactory
from orbita.imports.kinds import get_kind
from orbita.imports.models import ImportBatch
from orbita.imports.services import batch_create
from orbita.imports.tests.conftest import GOOD_SCHOOLS
from orbita.mentoring.tests.matrix import ROWS as MENTORING_ROWS
from orbita.monitoring.tests.matrix import ROWS as MONITORING_ROWS
from orbita.partnerships.tests.matrix import ROWS as PARTNERSHIP_PAGE_ROWS
from orbita.partnerships.tests.matrix_api import ROWS as PARTNERSHIP_API_ROWS
from orbita.partnerships.tests.matrix_roadmap import ROWS as PARTNERSHIP_ROADMAP_ROWS

pytestmark = pytest.mark.django_db

R = ROLES  # anonymous, regional, regional_other, municipal, municipal_other, school,
#            school_other, mentor, mentee, superuser


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(R)
    return dict(zip(R, statuses, strict=True))


def same(status: int, anonymous: int) -> dict[str, int]:
    return {role: (anonymous if role == "anonymous" else status) for role in R}


@dataclass
class Case:
    expected: dict[str, int]
    kwargs: Callable[[World, dict[str, Any]], dict[str, Any]] = lambda w, p: {}
    method: str = "get"
    # The request's data, or a function of the world and the people that gives it.
    data: dict[str, Any] | Callable[[World, dict[str, Any]], dict[str, Any]] | None = None


def _batch(world: World, people: dict[str, Any]) -> dict[str, Any]:
    batch = batch_create(
        user=people["municipal"], kind=get_kind("schools"), data=GOOD_SCHOOLS, filename="s.csv"
    )
    return {"pk": batch.pk}


def _diagnosed(world: World, people: dict[str, Any]) -> dict[str, Any]:
    """A result, a context row and the flags of the mentee's school (Сеченовский район)."""
    from orbita.diagnosis.services import flags_recompute

    result = ResultFactory.create(school=world.school)
    SchoolContextFactory.create(school=world.school)
    flags_recompute(year=2024, municipality=world.municipality)
    return {"result": result.pk, "flags": world.school.flags.get().pk}


def _job(world: World, people: dict[str, Any]) -> dict[str, Any]:
    job = Job.objects.create(
        kind=Job.Kind.FLAGS_RECOMPUTE, municipality=world.municipality, user=people["municipal"]
    )
    return {"pk": job.pk}


#                        anon regional r_other munic m_other school s_other mentor mentee super
SCHOOL_OF_THE_MENTEE = row(302, 200, 404, 200, 404, 200, 404, 404, 200, 200)
TEACHER_THE_MENTEE = row(302, 200, 404, 200, 404, 200, 404, 404, 200, 200)
MUNICIPALITY_PAGE = row(302, 200, 404, 200, 404, 404, 404, 404, 404, 200)
COORDINATORS_ONLY = row(302, 200, 200, 200, 200, 200, 200, 403, 403, 200)
OWN_BATCH = row(302, 404, 404, 200, 404, 404, 404, 403, 403, 200)
OWN_BATCH_POST = row(302, 404, 404, 302, 404, 404, 404, 403, 403, 302)
SCHOOL_TEMPLATE = row(302, 200, 200, 200, 200, 404, 404, 403, 403, 200)
API_SCHOOL = row(401, 200, 404, 200, 404, 200, 404, 404, 200, 200)
API_TEACHER = row(401, 200, 404, 200, 404, 200, 404, 404, 200, 200)
API_MUNICIPALITY = row(401, 200, 404, 200, 404, 404, 404, 404, 404, 200)
API_REGION = row(401, 200, 404, 200, 200, 404, 404, 404, 404, 200)
# The diagnosis: coordinators of the scope; mentors and mentees have no diagnosis pages (403)
# and see no diagnosis data in the API (404).
DIAGNOSIS_INDEX = row(302, 200, 200, 302, 302, 302, 302, 403, 403, 200)  # one place: straight to it
MUNICIPAL_DIAGNOSIS = row(302, 200, 404, 200, 404, 404, 404, 403, 403, 200)
MUNICIPAL_DIAGNOSIS_POST = row(302, 302, 404, 302, 404, 404, 404, 403, 403, 302)
REGION_SETTINGS = row(302, 200, 404, 403, 403, 404, 404, 403, 403, 200)
SCHOOL_RESULTS = row(302, 200, 404, 200, 404, 200, 404, 403, 403, 200)
MUNICIPAL_JOB = row(302, 200, 404, 200, 404, 404, 404, 403, 403, 200)
API_SCHOOL_DIAGNOSIS = row(401, 200, 404, 200, 404, 200, 404, 404, 404, 200)

MATRIX: dict[str, Case] = {
    "dashboard:home": Case(same(200, 302)),
    "registry:school-list": Case(same(200, 302)),
    "registry:school-detail": Case(SCHOOL_OF_THE_MENTEE, lambda w, p: {"pk": w.school.pk}),
    "registry:teacher-list": Case(same(200, 302)),
    "registry:teacher-detail": Case(TEACHER_THE_MENTEE, lambda w, p: {"pk": w.teacher.pk}),
    "registry:municipality-detail": Case(MUNICIPALITY_PAGE, lambda w, p: {"pk": w.municipality.pk}),
    "accounts:login": Case(same(302, 200)),  # signed-in users go on to the dashboard
    "accounts:logout": Case(same(302, 302), method="post"),
    "accounts:my-data": Case(same(200, 302)),
    "accounts:consent": Case(same(200, 302)),
    "accounts:consent#post": Case(same(302, 302), method="post"),
    "accounts:password-reset": Case(same(200, 200)),
    "accounts:password-reset-done": Case(same(200, 200)),
    "accounts:password-reset-confirm": Case(
        same(200, 200), lambda w, p: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "accounts:password-reset-complete": Case(same(200, 200)),
    "imports:upload": Case(COORDINATORS_ONLY),
    "imports:batch-list": Case(COORDINATORS_ONLY),
    "imports:batch-detail": Case(OWN_BATCH, _batch),
    "imports:batch-apply": Case(OWN_BATCH_POST, _batch, method="post"),
    "imports:batch-cancel": Case(OWN_BATCH_POST, _batch, method="post"),
    "imports:template": Case(SCHOOL_TEMPLATE, lambda w, p: {"kind": "schools", "fmt": "xlsx"}),
    "api:root": Case(same(200, 200)),
    "api:schema": Case(same(200, 200)),
    "api:docs": Case(same(200, 200)),
    "api:auth-token": Case(
        same(400, 400), method="post", data={"username": "t-municipal", "password": "wrong"}
    ),
    "api:me": Case(same(200, 401)),
    "api:region-list": Case(same(200, 401)),
    "api:region-detail": Case(API_REGION, lambda w, p: {"pk": w.region.pk}),
    "api:municipality-list": Case(same(200, 401)),
    "api:municipality-detail": Case(API_MUNICIPALITY, lambda w, p: {"pk": w.municipality.pk}),
    "api:school-list": Case(same(200, 401)),
    "api:school-detail": Case(API_SCHOOL, lambda w, p: {"pk": w.school.pk}),
    "api:teacher-list": Case(same(200, 401)),
    "api:teacher-detail": Case(API_TEACHER, lambda w, p: {"pk": w.teacher.pk}),
    "api:subject-list": Case(same(200, 401)),
    "api:subject-detail": Case(same(200, 401), lambda w, p: {"code": "math"}),
    "api:competency-list": Case(same(200, 401)),
    "api:competency-detail": Case(same(200, 401), lambda w, p: {"code": "assessment"}),
    "healthz": Case(same(200, 200)),
    "diagnosis:index": Case(DIAGNOSIS_INDEX),
    "diagnosis:municipality-detail": Case(
        MUNICIPAL_DIAGNOSIS, lambda w, p: {"pk": w.municipality.pk}
    ),
    "diagnosis:municipality-export": Case(
        MUNICIPAL_DIAGNOSIS, lambda w, p: {"pk": w.municipality.pk}
    ),
    "diagnosis:municipality-recompute": Case(
        MUNICIPAL_DIAGNOSIS_POST, lambda w, p: {"pk": w.municipality.pk}, method="post"
    ),
    "diagnosis:municipality-settings": Case(
        MUNICIPAL_DIAGNOSIS, lambda w, p: {"pk": w.municipality.pk}
    ),
    "diagnosis:region-settings": Case(REGION_SETTINGS, lambda w, p: {"pk": w.region.pk}),
    "diagnosis:school-detail": Case(SCHOOL_RESULTS, lambda w, p: {"pk": w.school.pk}),
    "diagnosis:job-detail": Case(MUNICIPAL_JOB, _job),
    "diagnosis:job-progress": Case(MUNICIPAL_JOB, _job),
    "api:result-list": Case(same(200, 401)),
    "api:result-detail": Case(
        API_SCHOOL_DIAGNOSIS, lambda w, p: {"pk": _diagnosed(w, p)["result"]}
    ),
    "api:flag-list": Case(same(200, 401)),
    "api:flag-detail": Case(API_SCHOOL_DIAGNOSIS, lambda w, p: {"pk": _diagnosed(w, p)["flags"]}),
    "api:context-list": Case(same(200, 401)),
    "api:context-detail": Case(
        API_SCHOOL_DIAGNOSIS,
        lambda w, p: {"pk": SchoolContextFactory.create(school=w.school).pk},
    ),
}
# Mentoring: its rows live beside its fixtures (orbita/mentoring/tests/matrix.py).
MATRIX.update(
    {
        name: Case(row(*statuses), kwargs or (lambda w, p: {}), method, *extra)
        for name, (statuses, kwargs, method, *extra) in MENTORING_ROWS.items()
    }
)
# Collaboration: its rows live beside its fixtures (orbita/collaboration/tests/matrix.py).
MATRIX.update(
    {
        name: Case(row(*statuses), kwargs or (lambda w, p: {}), method)
        for name, (statuses, kwargs, method) in COLLABORATION_ROWS.items()
    }
)
# Partnerships' API: its rows live beside its fixtures (orbita/partnerships/tests/matrix_api.py).
MATRIX.update(
    {
        name: Case(row(*statuses), kwargs or (lambda w, p: {}), method, *extra)
        for name, (statuses, kwargs, method, *extra) in PARTNERSHIP_API_ROWS.items()
    }
)
# Partnerships' pages (orbita/partnerships/tests/matrix.py and matrix_roadmap.py).
MATRIX.update(
    {
        name: Case(row(*statuses), kwargs or (lambda w, p: {}), method)
        for rows in (PARTNERSHIP_PAGE_ROWS, PARTNERSHIP_ROADMAP_ROWS)
        for name, (statuses, kwargs, method) in rows.items()
    }
)
# Monitoring: its rows live beside its fixtures (orbita/monitoring/tests/matrix.py).
MATRIX.update(
    {
        name: Case(row(*statuses), kwargs or (lambda w, p: {}), method, *extra)
        for name, (statuses, kwargs, method, *extra) in MONITORING_ROWS.items()
    }
)
# A key ``name#method`` is a second method on the same URL (an API list's POST, a detail's
# PATCH); ``name`` is the URL's name.


def url_name(key: str) -> str:
    return key.split("#", 1)[0]


UNNAMED = {"favicon.ico"}  # a redirect to a static file, the same for everyone


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns != "admin":  # Django's admin: see registry/tests/test_admin.py
                    walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    assert str(pattern.pattern) in UNNAMED, pattern
                else:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_matrix():
    assert url_names() == {url_name(key) for key in MATRIX}


def _client(role: str, people: dict[str, Any], name: str) -> Client:
    client = Client()
    user = people[role]
    if user is not None:
        if name.startswith("api:"):
            token, _ = Token.objects.get_or_create(user=user)
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        else:
            client.force_login(user)
    return client


@pytest.mark.parametrize("role", R)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name, role, world, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = MATRIX[name]
    url = reverse(url_name(name), kwargs=case.kwargs(world, people))
    batches_before = list(ImportBatch.objects.values_list("pk", "status"))
    client = _client(role, people, name)
    data = case.data(world, people) if callable(case.data) else case.data
    if case.method == "patch":
        response = client.patch(url, data=data or {}, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, data=data)
    assert response.status_code == case.expected[role], (name, role, response.status_code)
    if response.status_code == 302 and role == "anonymous" and not name.startswith("api:"):
        assert response["Location"].startswith(reverse("accounts:login"))
    if case.method == "post" and response.status_code in (403, 404):
        # A denied write changes nothing.
        assert list(ImportBatch.objects.values_list("pk", "status")) == batches_before
