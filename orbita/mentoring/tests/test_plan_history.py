"""Removing a row of a pair's plan is soft: the row leaves every read (the page, the
progress, the DOCX, the API) and comes back with «Вернуть»; the plan's own history lists the
goal and every row, removed ones too, with before → after."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from orbita.conftest import client_for
from orbita.core.models import AuditEntry
from orbita.mentoring import selectors, services
from orbita.mentoring.models import MentoringPair, PairPlanItem
from orbita.mentoring.tests.conftest import active_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(setting) -> MentoringPair:
    return active_pair(setting)


@pytest.fixture
def rows(pair) -> tuple[PairPlanItem, PairPlanItem]:
    kept = services.plan_item_create(
        actor=None, pair=pair, content="Открытый урок", deadline=date(2021, 3, 1), status="done"
    )
    removed = services.plan_item_create(
        actor=None, pair=pair, content="Разбор ОГЭ", deadline=date(2021, 4, 1), status="done"
    )
    return kept, removed


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_a_removed_row_is_hidden_everywhere_and_restore_brings_it_back(pair, rows, people):
    kept, removed = rows
    mentor = people["mentor"]
    services.plan_item_delete(actor=mentor, item=removed)
    removed.refresh_from_db()
    assert removed.deleted_by == mentor
    assert removed.deleted_at is not None
    assert [i.pk for i in selectors.plan_items(pair)] == [kept.pk]
    assert list(pair.plan.items.values_list("pk", flat=True)) == [kept.pk]
    assert [i.pk for i in selectors.plan_items_removed(pair)] == [removed.pk]
    activity = selectors.pair_activities([pair])[pair.pk]
    assert (activity.items_total, activity.items_done) == (1, 1)
    client = client_for(mentor)
    plan = client.get(f"/api/v1/pair-plans/{pair.plan.pk}/").json()
    assert [i["id"] for i in plan["items"]] == [kept.pk]
    docx = client.get(reverse("mentoring:pair-plan-docx", args=[pair.pk])).content
    assert "Открытый урок" in _docx_text(docx)
    assert "Разбор ОГЭ" not in _docx_text(docx)
    status = client.post(reverse("mentoring:plan-item-status", args=[removed.pk]), {"status": "1"})
    assert status.status_code == 404

    services.plan_item_restore(actor=mentor, item=removed)
    removed.refresh_from_db()
    assert (removed.deleted_at, removed.deleted_by) == (None, None)
    assert [i.pk for i in selectors.plan_items(pair)] == [kept.pk, removed.pk]
    assert selectors.plan_items_removed(pair) == []
    activity = selectors.pair_activities([pair])[pair.pk]
    assert (activity.items_total, activity.items_done) == (2, 2)
    plan = client.get(f"/api/v1/pair-plans/{pair.plan.pk}/").json()
    assert [i["id"] for i in plan["items"]] == [kept.pk, removed.pk]


def test_remove_and_restore_write_audit_entries_on_the_row(pair, rows, people):
    _kept, removed = rows
    services.plan_item_delete(actor=people["municipal"], item=removed)
    services.plan_item_restore(actor=people["municipal"], item=removed)
    entries = AuditEntry.objects.filter(
        action__in=["mentoring.plan_item.deleted", "mentoring.plan_item.restored"]
    ).order_by("id")
    assert [(e.action, e.target_id, e.actor, e.data) for e in entries] == [
        (
            "mentoring.plan_item.deleted",
            str(removed.pk),
            people["municipal"],
            {"pair": pair.pk, "content": "Разбор ОГЭ"},
        ),
        (
            "mentoring.plan_item.restored",
            str(removed.pk),
            people["municipal"],
            {"pair": pair.pk, "content": "Разбор ОГЭ"},
        ),
    ]


def test_removing_twice_or_restoring_a_live_row_is_refused(rows):
    kept, removed = rows
    services.plan_item_delete(actor=None, item=removed)
    with pytest.raises(ValidationError):
        services.plan_item_delete(actor=None, item=removed)
    with pytest.raises(ValidationError):
        services.plan_item_restore(actor=None, item=kept)


def test_someone_outside_the_pair_may_neither_remove_nor_restore(rows, people):
    kept, removed = rows
    services.plan_item_delete(actor=None, item=removed)
    with pytest.raises(PermissionDenied):
        services.plan_item_delete(actor=people["school_other"], item=kept)
    with pytest.raises(PermissionDenied):
        services.plan_item_restore(actor=people["school_other"], item=removed)
    client = client_for(people["school_other"])
    assert client.post(reverse("mentoring:plan-item-delete", args=[kept.pk])).status_code == 404
    assert client.post(reverse("mentoring:plan-item-restore", args=[removed.pk])).status_code == 404
    assert set(PairPlanItem.objects.values_list("pk", flat=True)) == {kept.pk}


def test_the_mentor_removes_and_restores_a_row_on_the_pair_page(pair, rows, people):
    kept, removed = rows
    client = client_for(people["mentor"])
    url = reverse("mentoring:pair-detail", args=[pair.pk])
    answer = client.post(reverse("mentoring:plan-item-delete", args=[removed.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == f"{url}#plan"
    page = client.get(url)
    assert [i.pk for i in page.context["items"]] == [kept.pk]
    assert [i.pk for i in page.context["removed_items"]] == [removed.pk]
    html = page.content.decode()
    assert reverse("mentoring:plan-item-restore", args=[removed.pk]) in html
    answer = client.post(reverse("mentoring:plan-item-restore", args=[removed.pk]))
    assert answer["Location"] == f"{url}#plan-item-{removed.pk}"
    page = client.get(url)
    assert [i.pk for i in page.context["items"]] == [kept.pk, removed.pk]
    assert page.context["removed_items"] == []


def test_who_may_not_edit_the_plan_sees_no_bin(pair, rows, people):
    _kept, removed = rows
    services.plan_item_delete(actor=None, item=removed)
    page = client_for(people["regional_other"]).get(
        reverse("mentoring:pair-detail", args=[pair.pk])
    )
    assert page.status_code == 404
    # The regional administrator sees the pair and may edit its plan: the bin is there.
    page = client_for(people["regional"]).get(reverse("mentoring:pair-detail", args=[pair.pk]))
    assert [i.pk for i in page.context["removed_items"]] == [removed.pk]


def test_the_plan_history_lists_the_goal_and_every_row_with_changes(pair, rows, people):
    kept, removed = rows
    mentor = people["mentor"]
    services.plan_update(actor=mentor, pair=pair, goal="Подготовка к ОГЭ")
    services.plan_item_update(actor=mentor, item=kept, data={"status": "in_progress"})
    services.plan_item_delete(actor=mentor, item=removed)
    page = client_for(mentor).get(reverse("mentoring:pair-detail", args=[pair.pk]))
    assert [e.action for e in page.context["plan_history"]] == [
        "mentoring.plan_item.deleted",
        "mentoring.plan_item.updated",
        "mentoring.plan.updated",
        "mentoring.plan_item.created",
        "mentoring.plan_item.created",
    ]
    panel = page.content.decode().split('data-testid="plan-history"', 1)[1].split("</details>")[0]
    assert "пункт плана «Разбор ОГЭ»: удалено" in panel
    assert "Состояние: выполнено → в работе" in panel
    assert "Цель: — → Подготовка к ОГЭ" in panel
    # The pair's own panel keeps to the pair.
    pair_actions = {e.action for e in page.context["history"]}
    assert pair_actions == {"mentoring.pair.created", "mentoring.pair.published"}
