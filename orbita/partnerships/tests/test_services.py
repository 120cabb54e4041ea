"""Partnerships: lifecycle with terms, roadmap, balance, scoping of the selectors."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from orbita.accounts.models import Role
from orbita.accounts.tests.factories import UserFactory, grant
from orbita.conftest import World
from orbita.core.models import AuditEntry
from orbita.partnerships import selectors, services
from orbita.partnerships.models import Partnership, RiskFactor, RoadmapItem
from orbita.registry.models import School
from orbita.registry.tests.factories import SchoolFactory


@pytest.fixture
def supported(world: World) -> School:
    return SchoolFactory.create(
        municipality=world.municipality, code="5200003", short_name="Красновская ОШ"
    )


@pytest.fixture
def partnership(world: World, supported: School) -> Partnership:
    return services.partnership_create(
        actor=None,
        leader=world.school,
        supported=supported,
        start=date(2025, 9, 1),
        end=date(2026, 8, 31),
    )


def test_create_records_the_first_term_and_an_audit_entry(partnership: Partnership) -> None:
    assert partnership.status == Partnership.Status.DRAFT
    assert [(t.number, t.start, t.end) for t in partnership.terms.all()] == [
        (1, date(2025, 9, 1), date(2026, 8, 31))
    ]
    assert AuditEntry.objects.filter(action="partnerships.partnership.created").count() == 1


def test_a_school_is_not_its_own_partner(world: World, supported: School) -> None:
    with pytest.raises(ValidationError):
        services.partnership_create(actor=None, leader=world.school, supported=world.school)


def test_prolongation_adds_a_term_and_keeps_the_old(partnership: Partnership) -> None:
    services.partnership_activate(actor=None, partnership=partnership)
    term = services.partnership_prolong(actor=None, partnership=partnership, end=date(2027, 8, 31))
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.PROLONGED
    assert partnership.end == date(2027, 8, 31)
    assert (term.number, term.start) == (2, date(2026, 9, 1))
    assert [t.number for t in partnership.terms.all()] == [1, 2]
    with pytest.raises(ValidationError):
        services.partnership_prolong(actor=None, partnership=partnership, end=date(2027, 1, 1))


def test_coordinator_of_another_municipality_may_not_create(
    world: World, supported: School
) -> None:
    user = UserFactory.create()
    grant(user, Role.MUNICIPAL_COORDINATOR, world.sibling_municipality)
    with pytest.raises(PermissionDenied):
        services.partnership_create(actor=user, leader=world.school, supported=supported)


def test_selectors_scope_by_municipality_and_both_schools(
    world: World, supported: School, partnership: Partnership
) -> None:
    coordinator, leader_head, supported_head, outsider = UserFactory.create_batch(4)
    grant(coordinator, Role.MUNICIPAL_COORDINATOR, world.municipality)
    grant(leader_head, Role.SCHOOL_COORDINATOR, world.school)
    grant(supported_head, Role.SCHOOL_COORDINATOR, supported)
    grant(outsider, Role.MUNICIPAL_COORDINATOR, world.foreign_municipality)
    for user in (coordinator, leader_head, supported_head):
        assert list(selectors.partnership_list(user=user)) == [partnership]
    assert list(selectors.partnership_list(user=outsider)) == []
    with pytest.raises(Http404):
        selectors.partnership_get(user=outsider, pk=partnership.pk)


def test_roadmap_overdue_progress_and_balance(
    world: World, supported: School, partnership: Partnership
) -> None:
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={
            "action": "Семинар",
            "due": date(2025, 10, 15),
            "due_is_month": True,
            "responsible_school": supported,
        },
    )
    done = services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={
            "action": "Открытые уроки",
            "due": date(2025, 11, 20),
            "responsible_school": world.school,
        },
    )
    services.roadmap_item_update(actor=None, item=done, data={"status": RoadmapItem.Status.DONE})
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={"action": "Аудит", "due": date(2099, 1, 1), "responsible_school": world.school},
    )
    items = list(partnership.roadmap.all())
    assert items[0].due == date(2025, 10, 1)
    assert items[0].deadline == date(2025, 10, 31)
    assert [i.is_overdue(date(2025, 10, 31)) for i in items] == [False, False, False]
    assert [i.is_overdue(date(2025, 11, 1)) for i in items] == [True, False, False]
    overdue = selectors.overdue_filter(RoadmapItem.objects.all(), date(2025, 11, 1))
    assert [i.action for i in overdue] == ["Семинар"]
    balance = selectors.partnership_balance(partnership=partnership)
    assert balance == {
        "leader": {"roadmap": 2, "done": 1},
        "supported": {"roadmap": 1, "done": 0},
        "two_way": True,
    }
    assert selectors.roadmap_progress(user=None)["total"] == 0  # anonymous sees nothing


def test_responsible_school_is_a_party(world: World, partnership: Partnership) -> None:
    with pytest.raises(ValidationError):
        services.roadmap_item_create(
            actor=None,
            partnership=partnership,
            data={"action": "x", "responsible_school": world.foreign_school},
        )


def test_school_coordinator_changes_only_status(
    world: World, supported: School, partnership: Partnership
) -> None:
    item = services.roadmap_item_create(
        actor=None, partnership=partnership, data={"action": "Семинар"}
    )
    head: Any = UserFactory.create()
    grant(head, Role.SCHOOL_COORDINATOR, supported)
    services.roadmap_item_update(
        actor=head, item=item, data={"status": "in_progress", "action": "Другое"}
    )
    item.refresh_from_db()
    assert (item.status, item.action) == ("in_progress", "Семинар")


def test_risk_profile_has_ten_factors_and_chooses_the_prefilled_high(
    world: World, supported: School
) -> None:
    profile = services.risk_profile_create(
        actor=None,
        school=supported,
        year=2025,
        levels={"teacher_shortage": ("high", "вакансии: 2"), "parents": ("low", "")},
    )
    factors = {f.factor: f for f in profile.factors.all()}
    assert sorted(factors) == sorted(RiskFactor.values)
    assert len(factors) == 10
    assert (factors["teacher_shortage"].chosen, factors["teacher_shortage"].prefilled) == (
        True,
        True,
    )
    assert (factors["parents"].chosen, factors["equipment"].prefilled) == (False, False)


def test_network_programme_is_seen_from_both_schools(world: World, supported: School) -> None:
    prog = services.network_programme_create(
        actor=None,
        host_school=world.school,
        guest_school=supported,
        data={"course": "Химия", "grades": "8–9", "weekday": 3, "teacher_part_time": True},
    )
    guest_head = UserFactory.create()
    grant(guest_head, Role.SCHOOL_COORDINATOR, supported)
    assert list(selectors.network_programme_list(user=guest_head)) == [prog]
    assert list(selectors.network_programme_list(user=guest_head, school_id=world.school.pk)) == [
        prog
    ]


def test_risk_prefill_reads_specialists_vacancies_and_ovz(world: World, supported: School) -> None:
    from orbita.diagnosis.models import SchoolContext

    supported.has_psychologist = False
    supported.save()
    SchoolContext.objects.create(school=supported, year=2025, ovz_share=0.25, vacancy_share=0.1)
    levels = services.risk_prefill(school=supported, year=2025)
    assert levels["teacher_shortage"] == (
        "high",
        "нет специалистов: педагог-психолог; доля вакансий 10%",
    )
    assert levels["disabilities"] == ("high", "доля обучающихся с ОВЗ 25%")
    assert "failure_risk" not in levels
