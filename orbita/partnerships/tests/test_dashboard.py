"""The municipal dashboard shows the roadmaps' progress and the overdue items."""

from datetime import date

from django.test import Client
from django.urls import reverse

from orbita.accounts.models import Role
from orbita.accounts.tests.factories import UserFactory, grant
from orbita.conftest import World
from orbita.partnerships import services
from orbita.registry.tests.factories import SchoolFactory


def test_dashboard_shows_progress_and_overdue(world: World, client: Client) -> None:
    supported = SchoolFactory.create(municipality=world.municipality, code="5200003")
    p = services.partnership_create(actor=None, leader=world.school, supported=supported)
    services.roadmap_item_create(
        actor=None,
        partnership=p,
        data={"action": "Просроченный семинар", "due": date(2020, 3, 1), "due_is_month": True},
    )
    done = services.roadmap_item_create(actor=None, partnership=p, data={"action": "Готово"})
    services.roadmap_item_update(actor=None, item=done, data={"status": "done"})
    user = UserFactory.create()
    grant(user, Role.MUNICIPAL_COORDINATOR, world.municipality)
    client.force_login(user)
    html = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="roadmap-progress"' in html
    assert "Выполнено мер: 1 из 2, выполняется: 0." in html
    assert "Просроченный семинар" in html
    assert 'data-testid="roadmap-overdue"' in html
