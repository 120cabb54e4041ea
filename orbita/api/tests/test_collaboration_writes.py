"""Collaboration writes over the API: an event planned by the supported school for its
leader, registration from the partner school, attendance and the outcome afterwards; a
brainstorm session from opening to the ranked recommendations; a material uploaded as a
file (type checked) and removed."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orbita.api.tests.conftest import api_client
from orbita.collaboration import services
from orbita.collaboration.models import BrainstormSession, Event, Material, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client(user):
    return api_client(user, auth="token")


def post(user, url, data=None):
    return client(user).post(url, data or {}, content_type="application/json")


def test_event_planned_registered_and_recorded(world, people):
    leader = world.mentor_teacher.school
    starts = timezone.now() + timedelta(days=3)
    created = post(
        people["school"],
        "/api/v1/events/",
        {
            "municipality": world.municipality.pk,
            "title": "Семинар Красновской ОШ для лидера",
            "kind": "seminar",
            "starts_at": starts.isoformat(),
            "organisers": [world.branch.pk],
            "direction": "to_leader",
            "helper_school": world.branch.pk,
            "helped_school": leader.pk,
            "audience_schools": [leader.pk],
            "audience_roles": ["teachers"],
        },
    )
    assert created.status_code == 201, created.content
    event = created.json()
    assert (event["direction"], event["helper_school"], event["organisers"]) == (
        "to_leader",
        world.branch.pk,
        [world.branch.pk],
    )
    url = f"/api/v1/events/{event['id']}/"
    assert post(people["mentor"], url + "register/").status_code == 201
    assert Registration.objects.get().user == people["mentor"]
    # Not before it starts.
    early = post(people["school"], url + "attendance/", {"attendance_count": 12})
    assert early.status_code == 400
    Event.objects.filter(pk=event["id"]).update(starts_at=timezone.now() - timedelta(hours=1))
    done = post(
        people["school"],
        url + "attendance/",
        {"attended": [people["mentor"].pk], "attendance_count": 12, "outcome": "Обсудили приёмы"},
    )
    assert done.status_code == 200, done.content
    assert Event.objects.get().outcome == "Обсудили приёмы"
    assert Registration.objects.get().attended is True
    other = post(people["school_other"], url + "attendance/", {"attendance_count": 1})
    assert other.status_code == 404


def test_event_patch_is_for_its_organisers(world, people):
    event = services.event_create(
        actor=None,
        municipality=world.municipality,
        title="Педсовет",
        kind="council",
        starts_at=timezone.now() + timedelta(days=3),
        organisers=[world.mentor_teacher.school],
    )
    url = f"/api/v1/events/{event.pk}/"
    patch = client(people["municipal"]).patch(
        url, {"title": "Совместный педсовет"}, content_type="application/json"
    )
    assert patch.json()["title"] == "Совместный педсовет"
    denied = client(people["mentor"]).patch(url, {"title": "x"}, content_type="application/json")
    assert denied.status_code == 403


def test_brainstorm_from_ideas_to_recommendations(world, people):
    created = post(
        people["municipal"],
        "/api/v1/brainstorms/",
        {
            "municipality": world.municipality.pk,
            "title": "Как вовлечь родителей",
            "problem": "Родители не приходят на собрания",
        },
    )
    assert created.status_code == 201, created.content
    session = BrainstormSession.objects.get(pk=created.json()["id"])
    services.session_invite(actor=people["municipal"], session=session, users=[people["mentee"]])
    idea = post(people["mentee"], "/api/v1/ideas/", {"session": session.pk, "text": "Квест"})
    assert idea.status_code == 201, idea.content
    advance = f"/api/v1/brainstorms/{session.pk}/advance/"
    for _ in range(2):
        assert (
            post(people["municipal"], f"/api/v1/brainstorms/{session.pk}/advance/").status_code
            == 200
        )
    rated = post(people["mentee"], "/api/v1/idea-ratings/", {"idea": idea.json()["id"], "score": 5})
    assert rated.status_code == 201, rated.content
    closed = post(people["municipal"], advance)
    assert closed.json()["phase"] == "closed"
    session.refresh_from_db()
    assert session.recommendations


def test_material_upload_and_delete(world, people):
    api = client(people["mentor"])
    bad = api.post(
        "/api/v1/materials/",
        {
            "title": "Рабочий лист",
            "kind": "worksheet",
            "school": world.mentor_teacher.school.pk,
            "file": SimpleUploadedFile("лист.pdf", b"MZ not a pdf"),
        },
    )
    assert bad.status_code == 400
    assert Material.objects.count() == 0
    good = api.post(
        "/api/v1/materials/",
        {
            "title": "Рабочий лист к ОГЭ",
            "kind": "worksheet",
            "school": world.mentor_teacher.school.pk,
            "subjects": ["russian"],
            "file": SimpleUploadedFile("лист.pdf", b"%PDF-1.4 sheet"),
        },
    )
    assert good.status_code == 201, good.content
    pk = good.json()["id"]
    assert client(people["mentee"]).delete(f"/api/v1/materials/{pk}/").status_code == 403
    assert client(people["municipal"]).delete(f"/api/v1/materials/{pk}/").status_code == 204
    assert client(people["municipal"]).get(f"/api/v1/materials/{pk}/").status_code == 404
    restore = f"/api/v1/materials/{pk}/restore/"
    assert client(people["mentee"]).post(restore).status_code == 403
    back = client(people["municipal"]).post(restore)
    assert (back.status_code, back.json()["title"]) == (200, "Рабочий лист к ОГЭ")
    assert client(people["municipal"]).post(restore).status_code == 404
