"""Removing a difficulty from a mentee's request map is soft: it leaves the request map,
the mentee lists and filters, the API, matching and plan filling, and comes back with its
note («Вернуть», or by adding the same competency again)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from orbita.accounts.anonymise import person_anonymise
from orbita.conftest import client_for
from orbita.core.models import AuditEntry
from orbita.mentoring import selectors, services
from orbita.mentoring.matching import engine_mentee
from orbita.mentoring.models import Deficit
from orbita.mentoring.tests.conftest import active_pair, competency

pytestmark = pytest.mark.django_db


@pytest.fixture
def removed(setting, people) -> Deficit:
    deficit = services.deficit_set(
        actor=None,
        mentee=setting.mentee,
        competency=competency("low_achievers"),
        note="Слабые классы",
    )
    return services.deficit_remove(actor=people["mentee"], deficit=deficit)


def _codes(mentee) -> list[str]:
    return [d.competency.code for d in mentee.deficits.all()]


def test_a_removed_difficulty_is_hidden_everywhere(setting, people, removed):
    mentee, world = setting.mentee, setting.world
    assert (removed.deleted_by, removed.note) == (people["mentee"], "Слабые классы")
    assert _codes(mentee) == ["exam_prep"]
    user = people["municipal"]
    assert list(selectors.mentee_list(user=user, competency="low_achievers")) == []
    assert [m.pk for m in selectors.mentee_list(user=user, competency="exam_prep")] == [mentee.pk]
    rows = selectors.request_map(user=user, municipality=world.municipality)
    assert [(r.code, r.teachers) for r in rows] == [("exam_prep", 1)]
    assert engine_mentee(mentee).deficits == ("exam_prep",)
    client = client_for(user)
    api = client.get(f"/api/v1/mentees/{mentee.pk}/").json()
    assert [d["code"] for d in api["deficits"]] == ["exam_prep"]
    filtered = client.get("/api/v1/mentees/", {"competency": "low_achievers"}).json()
    assert filtered["count"] == 0
    pair = active_pair(setting)
    items = services.plan_fill_from_deficits(actor=None, pair=pair)
    assert [i.competency.code for i in items] == ["exam_prep"]


def test_restore_brings_it_back_with_its_note_and_writes_entries(setting, people, removed):
    restored = services.deficit_restore(actor=people["mentee"], deficit=removed)
    assert (restored.deleted_at, restored.deleted_by, restored.note) == (
        None,
        None,
        "Слабые классы",
    )
    assert _codes(setting.mentee) == ["exam_prep", "low_achievers"]
    entries = AuditEntry.objects.filter(
        action__in=["mentoring.deficit.removed", "mentoring.deficit.restored"]
    ).order_by("id")
    expected = {"mentee": setting.mentee.pk, "competency": "low_achievers"}
    assert [(e.action, e.target_id, e.actor, e.data) for e in entries] == [
        ("mentoring.deficit.removed", str(removed.pk), people["mentee"], expected),
        ("mentoring.deficit.restored", str(removed.pk), people["mentee"], expected),
    ]


def test_adding_the_same_competency_again_restores_the_row(setting, removed):
    again = services.deficit_set(
        actor=None, mentee=setting.mentee, competency=competency("low_achievers")
    )
    assert (again.pk, again.deleted_at, again.note) == (removed.pk, None, "Слабые классы")
    services.deficit_remove(actor=None, deficit=again)
    renewed = services.deficit_set(
        actor=None, mentee=setting.mentee, competency=competency("low_achievers"), note="Новое"
    )
    assert (renewed.pk, renewed.deleted_at, renewed.note) == (removed.pk, None, "Новое")
    assert Deficit.all_objects.filter(mentee=setting.mentee).count() == 2


def test_removing_twice_restoring_a_live_row_and_strangers_are_refused(setting, people, removed):
    live = Deficit.objects.get(mentee=setting.mentee)
    with pytest.raises(ValidationError):
        services.deficit_remove(actor=None, deficit=removed)
    with pytest.raises(ValidationError):
        services.deficit_restore(actor=None, deficit=live)
    with pytest.raises(PermissionDenied):
        services.deficit_restore(actor=people["school_other"], deficit=removed)
    client = client_for(people["school_other"])
    assert client.post(reverse("mentoring:deficit-restore", args=[removed.pk])).status_code == 404
    assert client.post(reverse("mentoring:deficit-remove", args=[live.pk])).status_code == 404
    assert _codes(setting.mentee) == ["exam_prep"]


def test_the_mentee_page_lists_removed_difficulties_to_restore(setting, people, removed):
    client = client_for(people["mentee"])
    url = reverse("mentoring:mentee-detail", args=[setting.mentee.pk])
    page = client.get(url)
    assert [d.pk for d in page.context["removed_deficits"]] == [removed.pk]
    assert reverse("mentoring:deficit-restore", args=[removed.pk]) in page.content.decode()
    answer = client.post(reverse("mentoring:deficit-restore", args=[removed.pk]))
    assert answer["Location"] == url
    page = client.get(url)
    assert page.context["removed_deficits"] == []
    assert [d.pk for d in page.context["mentee"].deficits.all()][-1] == removed.pk
    # The regional administrator may edit the mentee too: the bin is there for them.
    removed.refresh_from_db()
    services.deficit_remove(actor=None, deficit=removed)
    other = client_for(people["regional"]).get(url)
    assert [d.pk for d in other.context["removed_deficits"]] == [removed.pk]


def test_anonymising_clears_the_notes_of_removed_difficulties_too(setting, people, removed):
    person_anonymise(actor=people["superuser"], user=people["mentee"])
    assert set(
        Deficit.all_objects.filter(mentee=setting.mentee).values_list("note", flat=True)
    ) == {""}
