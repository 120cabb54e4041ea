"""The history panel's wording of audit entries: verbs, and before → after with the field's
label, choice labels, Russian dates, yes/no and related objects by name."""

import pytest

from orbita.core.history import Change, history, history_by_target
from orbita.core.services import audit_log
from orbita.registry.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_changes_are_worded_with_labels_choices_dates_and_names(world):
    school = world.school
    other = SchoolFactory.create(name="Школа-партнёр")
    from orbita.partnerships.models import RoadmapItem
    from orbita.partnerships.services import partnership_create, roadmap_item_create

    p = partnership_create(actor=None, leader=other, supported=school)
    item = roadmap_item_create(actor=None, partnership=p, data={"action": "Семинар"})
    audit_log(
        actor=None,
        action="partnerships.roadmap_item.updated",
        target=item,
        data={
            "status": ["planned", "done"],
            "due": [None, "2022-03-15"],
            "due_is_month": [False, True],
            "responsible_school": [None, other.pk],
            "action": ["Семинар", "С" * 100],
        },
    )
    (entry, _created) = history([item])
    assert str(entry.verb) == "изменено"
    # In the model's field order, whatever order the data came in (jsonb keeps none).
    assert entry.changes == [
        Change(str(RoadmapItem._meta.get_field("action").verbose_name), "Семинар", "С" * 79 + "…"),
        Change("срок", "—", "15.03.2022"),
        Change(str(RoadmapItem._meta.get_field("due_is_month").verbose_name), "нет", "да"),
        Change(
            str(RoadmapItem._meta.get_field("responsible_school").verbose_name), "—", str(other)
        ),
        Change("статус", "запланировано", "выполнено"),
    ]


def test_entries_without_pairs_have_no_changes_and_views_are_left_out():
    school = SchoolFactory.create()
    audit_log(actor=None, action="registry.school.created", target=school, data={"n": 1})
    audit_log(actor=None, action="registry.school.viewed", target=school)
    (entry,) = history([school])
    assert (entry.action, entry.changes) == ("registry.school.created", [])


def test_actions_narrow_the_entries_and_history_by_target_groups_them():
    first, second = SchoolFactory.create(), SchoolFactory.create()
    audit_log(actor=None, action="registry.school.created", target=first)
    audit_log(actor=None, action="registry.school.updated", target=first, data={"x": [1, 2]})
    audit_log(actor=None, action="registry.school.updated", target=second)
    assert [e.action for e in history([first], actions=("registry.school.upd",))] == [
        "registry.school.updated"
    ]
    grouped = history_by_target(type(first), [first.pk, second.pk])
    assert {k: [e.action for e in v] for k, v in grouped.items()} == {
        str(first.pk): ["registry.school.updated", "registry.school.created"],
        str(second.pk): ["registry.school.updated"],
    }
