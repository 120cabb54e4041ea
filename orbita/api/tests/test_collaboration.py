"""Collaboration over the API: the same scope as the pages, Russian search, exact rows."""

import pytest

from orbita.api.tests.conftest import api_client
from orbita.collaboration import services
from orbita.collaboration.tests.conftest import make_event

pytestmark = pytest.mark.django_db


def test_events_and_registrations(world, people):
    event = make_event(world)
    services.event_register(actor=None, event=event, user=people["mentee"])
    body = api_client(people["mentee"]).get("/api/v1/events/").json()
    assert [(e["id"], e["direction"], e["registration_count"]) for e in body["results"]] == [
        (event.pk, "to_supported", 1)
    ]
    assert api_client(people["school_other"]).get("/api/v1/events/").json()["count"] == 0
    mine = api_client(people["mentee"]).get("/api/v1/event-registrations/").json()
    assert [r["name"] for r in mine["results"]] == ["Назарова Анна Сергеевна"]
    assert api_client(people["mentor"]).get("/api/v1/event-registrations/").json()["count"] == 0


def test_materials_search_in_russian(world, people):
    services.material_create(
        actor=None,
        title="Критерии оценивания",
        kind="methodical",
        school=world.branch,
        link="https://example.org/a",
    )
    services.material_create(
        actor=None,
        title="Видеоурок",
        kind="video_lesson",
        school=world.branch,
        link="https://example.org/b",
    )
    client = api_client(people["mentor"])
    body = client.get("/api/v1/materials/", {"q": "оценивание"}).json()
    assert [m["title"] for m in body["results"]] == ["Критерии оценивания"]
    body = client.get("/api/v1/materials/", {"kind": "video_lesson"}).json()
    assert [m["title"] for m in body["results"]] == ["Видеоурок"]


def test_a_participant_sees_only_their_scores(world, people):
    session = services.session_create(
        actor=people["mentor"],
        municipality=world.municipality,
        title="Штурм",
        problem="Проблема",
        participants=[people["mentee"], people["school"]],
    )
    idea = services.idea_add(actor=people["mentee"], session=session, text="Идея")
    services.session_advance(actor=people["mentor"], session=session)
    services.session_advance(actor=people["mentor"], session=session)
    for role, score in (("mentee", 4), ("school", 2)):
        services.idea_rate(actor=people[role], idea=idea, score=score)
    scores = lambda role: sorted(  # noqa: E731
        r["score"] for r in api_client(people[role]).get("/api/v1/idea-ratings/").json()["results"]
    )
    assert scores("mentee") == [4]
    assert scores("mentor") == [2, 4]  # the facilitator
    assert scores("municipal") == [2, 4]
