"""«Мои данные»: a person downloads what Orbita holds about them — and nothing of others."""

import json

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from orbita.accounts.personal_data import personal_data_export
from orbita.conftest import client_for
from orbita.core.models import AuditEntry
from orbita.mentoring.tests.matrix import mentoring_objects
from orbita.registry.models import Competency

pytestmark = pytest.mark.django_db


def test_the_mentee_gets_their_records_and_no_one_elses(world, people):
    mentoring_objects(world, people)
    mentee = people["mentee"]
    Token.objects.create(user=mentee)
    data = personal_data_export(user=mentee)
    objects = data["objects"]
    assert data["user"] == "t-mentee"
    assert [row["pk"] for row in objects["accounts.user"]] == [mentee.pk]
    assert [row["pk"] for row in objects["registry.teacher"]] == [world.teacher.pk]
    assert [r["fields"]["role"] for r in objects["accounts.roleassignment"]] == ["mentee"]
    profile = objects["mentoring.menteeprofile"]
    assert [row["fields"]["teacher"] for row in profile] == [world.teacher.pk]
    exam_prep = Competency.objects.get(code="exam_prep").pk
    low = Competency.objects.get(code="low_achievers").pk
    # A removed (restorable) difficulty is still held, so it is exported too.
    deficits = {
        row["fields"]["competency"]: row["fields"]["deleted_at"] is not None
        for row in objects["mentoring.deficit"]
    }
    assert deficits == {exam_prep: False, low: True}
    # secrets never leave: the password hash, the API token
    assert "password" not in objects["accounts.user"][0]["fields"]
    assert "authtoken.token" not in objects
    # the colleague's mentee profile (never-match rule) is not theirs
    teachers = {row["fields"]["teacher"] for row in profile}
    assert world.other_teacher.pk not in teachers


def test_the_mentor_does_not_get_the_mentees_request_map(world, people):
    mentoring_objects(world, people)
    objects = personal_data_export(user=people["mentor"])["objects"]
    assert [row["fields"]["teacher"] for row in objects["mentoring.mentorprofile"]] == [
        world.mentor_teacher.pk
    ]
    assert "mentoring.deficit" not in objects
    assert "mentoring.menteeprofile" not in objects


def test_the_download_is_a_json_file_and_is_audited(world, people):
    user = people["municipal"]
    response = client_for(user).get(reverse("accounts:my-data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="orbita-my-data-{user.pk}.json"'
    )
    assert response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    assert body["user"] == "t-municipal"
    assert [r["fields"]["role"] for r in body["objects"]["accounts.roleassignment"]] == [
        "municipal_coordinator"
    ]
    entry = AuditEntry.objects.get(action="accounts.personal_data.exported")
    assert entry.actor == user


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:my-data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
