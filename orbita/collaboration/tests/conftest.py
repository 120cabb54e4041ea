"""Collaboration on top of the shared ``world``: the leader (Сеченовская СШ) gives a
seminar to its supported branch (Красновская ОШ), built through the services."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from orbita.collaboration import services
from orbita.collaboration.models import Direction, Event
from orbita.conftest import World


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_event(world: World, *, days: int = 7, **kwargs: Any) -> Event:
    leader = world.mentor_teacher.school
    data: dict[str, Any] = {
        "municipality": world.municipality,
        "title": "Семинар по формирующему оцениванию",
        "kind": "seminar",
        "starts_at": timezone.now() + timedelta(days=days),
        "organisers": [leader],
        "direction": Direction.TO_SUPPORTED,
        "helper_school": leader,
        "helped_school": world.branch,
        "audience_schools": [world.branch],
        "audience_roles": ["teachers"],
        "place": "Сеченовская СШ, каб. 12",
    }
    data.update(kwargs)
    return services.event_create(actor=None, **data)


@pytest.fixture
def event(world: World) -> Event:
    return make_event(world)
