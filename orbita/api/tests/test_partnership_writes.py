"""Partnership writes over the API: each goes through the page's service, answers what a
GET would, writes the audit entry and keeps the scope (another scope's object is a 404, a
role without the right a 403, an unseen reference a 400 «not found»)."""

from datetime import date

import pytest

from orbita.api.tests.conftest import api_client
from orbita.core.models import AuditEntry
from orbita.partnerships import services
from orbita.partnerships.models import (
    Agreement,
    NetworkProgramme,
    Partnership,
    RiskProfile,
    RoadmapItem,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(user, url, data=None):
    return api_client(user, auth="token").post(url, data or {}, content_type="application/json")


def patch(user, url, data):
    return api_client(user, auth="token").patch(url, data, content_type="application/json")


@pytest.fixture
def partnership(world):
    return services.partnership_create(
        actor=None,
        leader=world.mentor_teacher.school,
        supported=world.branch,
        start=date(2021, 9, 1),
        end=date(2022, 8, 31),
    )


def test_create_a_partnership_activate_and_prolong(world, people):
    leader = world.mentor_teacher.school
    response = post(
        people["municipal"],
        "/api/v1/partnerships/",
        {
            "leader": leader.pk,
            "supported": world.branch.pk,
            "start": "2021-09-01",
            "end": "2022-08-31",
            "subject": "Поддержка",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["leader_name"], body["supported_name"], body["status"]) == (
        "Сеченовская СШ",
        "Красновская ОШ",
        "draft",
    )
    pk = body["id"]
    assert post(people["municipal"], f"/api/v1/partnerships/{pk}/activate/").json()["status"] == (
        "active"
    )
    prolonged = post(
        people["municipal"], f"/api/v1/partnerships/{pk}/prolong/", {"end": "2023-08-31"}
    )
    assert [(t["number"], t["end"]) for t in prolonged.json()["terms"]] == [
        (1, "2022-08-31"),
        (2, "2023-08-31"),
    ]
    assert list(
        AuditEntry.objects.filter(action__startswith="partnerships.partnership")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "partnerships.partnership.created",
        "partnerships.partnership.activated",
        "partnerships.partnership.prolonged",
    ]


def test_create_refuses_a_school_outside_the_municipality(world, people):
    response = post(
        people["municipal"],
        "/api/v1/partnerships/",
        {"leader": world.mentor_teacher.school.pk, "supported": world.sibling_school.pk},
    )
    assert response.status_code == 400
    assert response.json()["supported"] == [f"Объект {world.sibling_school.pk} не найден."]
    assert Partnership.objects.count() == 0


def test_school_coordinator_may_not_change_a_partnership(people, partnership):
    url = f"/api/v1/partnerships/{partnership.pk}/"
    assert patch(people["school"], url, {"subject": "x"}).status_code == 403
    assert patch(people["municipal_other"], url, {"subject": "x"}).status_code == 404
    response = patch(people["municipal"], url, {"subject": "Методическая поддержка"})
    assert response.json()["subject"] == "Методическая поддержка"
    assert patch(people["municipal"], url, {"leader": 1}).status_code == 400


def test_generate_an_agreement(people, partnership):
    response = post(
        people["municipal"],
        "/api/v1/agreements/",
        {"partnership": partnership.pk, "number": "4", "directions": []},
    )
    assert response.status_code == 201, response.content
    assert (
        response.json()["number"],
        response.json()["directions"],
        response.json()["has_file"],
    ) == (
        "4",
        [],
        True,
    )
    assert Agreement.objects.get().file
    assert (
        post(people["school"], "/api/v1/agreements/", {"partnership": partnership.pk}).status_code
        == 403
    )


def test_roadmap_items_create_work_and_delete(world, people, partnership):
    response = post(
        people["municipal"],
        "/api/v1/roadmap-items/",
        {
            "partnership": partnership.pk,
            "action": "Семинар",
            "due": "2022-04-10",
            "due_is_month": True,
            "responsible_school": world.branch.pk,
        },
    )
    assert response.status_code == 201, response.content
    item = response.json()
    assert (item["due"], item["responsible_school"], item["status"]) == (
        "2022-04-01",
        world.branch.pk,
        "planned",
    )
    url = f"/api/v1/roadmap-items/{item['id']}/"
    # The school's coordinator changes the status only; other fields are ignored.
    done = patch(people["school"], url, {"status": "done", "action": "Другое"})
    assert (done.json()["status"], done.json()["action"]) == ("done", "Семинар")
    assert api_client(people["school"], auth="token").delete(url).status_code == 403
    assert api_client(people["municipal"], auth="token").delete(url).status_code == 204
    # Soft deletion: gone from the roadmap (and the API), restorable on the page and here.
    assert RoadmapItem.objects.get().deleted_at is not None
    assert api_client(people["municipal"], auth="token").get(url).status_code == 404
    assert post(people["school"], url + "restore/", {}).status_code == 403
    back = post(people["municipal"], url + "restore/", {})
    assert (back.status_code, back.json()["id"]) == (200, item["id"])
    assert RoadmapItem.objects.get().deleted_at is None
    assert AuditEntry.objects.order_by("-id").first().action == "partnerships.roadmap_item.restored"
    # A measure that is not removed cannot be restored: it is not in the bin.
    assert post(people["municipal"], url + "restore/", {}).status_code == 404


def test_roadmap_item_refuses_a_third_school(world, people, partnership):
    response = post(
        people["municipal"],
        "/api/v1/roadmap-items/",
        {
            "partnership": partnership.pk,
            "action": "Семинар",
            "responsible_school": world.sibling_school.pk,
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "responsible_school": ["Ответственная школа — одна из сторон партнёрства."]
    }


def test_risk_profile_create_and_change_a_factor(world, people):
    world.branch.has_psychologist = False
    world.branch.save()
    response = post(
        people["school"], "/api/v1/risk-profiles/", {"school": world.branch.pk, "year": 2021}
    )
    assert response.status_code == 201, response.content
    factors = {f["factor"]: f for f in response.json()["factors"]}
    assert len(factors) == 10
    assert (factors["teacher_shortage"]["level"], factors["teacher_shortage"]["prefilled"]) == (
        "medium",
        True,
    )
    pk = response.json()["id"]
    changed = post(
        people["school"],
        f"/api/v1/risk-profiles/{pk}/factors/",
        {"factor": "parents", "level": "high", "chosen": True},
    )
    parents = next(f for f in changed.json()["factors"] if f["factor"] == "parents")
    assert (parents["level"], parents["chosen"]) == ("high", True)
    assert RiskProfile.objects.get().factors.filter(chosen=True).count() == 2


def test_network_programme_create_and_patch(world, people, partnership):
    leader = world.mentor_teacher.school
    response = post(
        people["municipal"],
        "/api/v1/network-programmes/",
        {
            "host_school": leader.pk,
            "guest_school": world.branch.pk,
            "partnership": partnership.pk,
            "course": "химия",
            "grades": "8–9",
            "weekday": 3,
            "time_start": "10:00",
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    url = f"/api/v1/network-programmes/{pk}/"
    assert patch(people["school"], url, {"grades": "9"}).status_code == 403
    assert patch(people["municipal"], url, {"grades": "9"}).json()["grades"] == "9"
    assert patch(people["municipal"], url, {"host_school": world.branch.pk}).status_code == 400
    assert NetworkProgramme.objects.get().host_school == leader
