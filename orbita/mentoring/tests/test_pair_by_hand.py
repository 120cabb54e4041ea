"""Pairing by hand among thousands: the mentor's page offers the first mentees that match
its search (unpaired first), the hint says how many more there are, and the choice is still
validated against everyone in scope."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orbita.core.widgets import LIMIT
from orbita.mentoring.models import MentoringPair
from orbita.mentoring.tests.conftest import another_teacher, make_mentee

pytestmark = pytest.mark.django_db


def options(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select name="\w+"[^>]* id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


@pytest.fixture
def crowd(setting):
    """``LIMIT + 5`` more mentees at the fixture's school, named so that they sort after
    the fixture's mentee."""
    return [
        make_mentee(another_teacher(setting.world.school, f"Яковлева Мария {i:03d}", ("math",)))
        for i in range(LIMIT + 5)
    ]


def coordinator(people) -> Client:
    c = Client()
    c.force_login(people["municipal"])
    return c


def test_the_mentor_page_offers_the_first_mentees_and_says_how_many(setting, crowd, people):
    url = reverse("mentoring:mentor-detail", kwargs={"pk": setting.mentor.pk})
    html = coordinator(people).get(url).content.decode()
    names = options(html, "id_other")
    assert len(names) == 1 + LIMIT  # «— выберите —» and the first LIMIT
    assert names[0] == "— выберите —"
    assert names[1].startswith(setting.mentee.teacher.full_name + " — ")
    assert f"Показаны первые {LIMIT} из {LIMIT + 6} — уточните поиск." in html
    assert 'form="pair-search"' in html and '<form id="pair-search" method="get"' in html


def test_the_search_narrows_the_options(setting, crowd, people):
    url = reverse("mentoring:mentor-detail", kwargs={"pk": setting.mentor.pk})
    html = coordinator(people).get(url, {"other_q": "мария 054"}).content.decode()
    assert options(html, "id_other") == [
        "— выберите —",
        f"Яковлева Мария 054 — {setting.world.school.display_name}",
    ]
    assert "уточните поиск" not in html
    html = coordinator(people).get(url, {"other_q": "никого такого"}).content.decode()
    assert options(html, "id_other") == ["— выберите —"]
    assert "Никого не нашлось — измените поиск." in html


def test_a_mentee_not_on_the_first_page_can_still_be_paired(setting, crowd, people):
    last = crowd[-1]
    response = coordinator(people).post(
        reverse("mentoring:mentor-pair", kwargs={"pk": setting.mentor.pk}),
        {
            "programme": setting.programme.pk,
            "other": last.pk,
            "role_pair": "teacher_teacher",
            "pair_form": "",
            "format": "blended",
        },
    )
    assert response.status_code == 302
    pair = MentoringPair.objects.get(mentor=setting.mentor)
    assert list(pair.mentees.all()) == [last]


def test_a_mentee_out_of_scope_is_refused(setting, people, world):
    foreign = make_mentee(another_teacher(world.foreign_school, "Чужая Ольга", ("math",)))
    response = coordinator(people).post(
        reverse("mentoring:mentor-pair", kwargs={"pk": setting.mentor.pk}),
        {
            "programme": setting.programme.pk,
            "other": foreign.pk,
            "role_pair": "teacher_teacher",
            "format": "blended",
        },
    )
    assert response.status_code == 302
    assert not MentoringPair.objects.filter(mentor=setting.mentor).exists()


def test_page_queries_do_not_grow_with_the_crowd(setting, people):
    url = reverse("mentoring:mentor-detail", kwargs={"pk": setting.mentor.pk})
    c = coordinator(people)
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    for i in range(LIMIT + 5):
        make_mentee(another_teacher(setting.world.school, f"Яковлева Анна {i:03d}", ("math",)))
    with CaptureQueriesContext(connection) as many:
        c.get(url)
    assert len(many) == len(few) + 1  # the count behind «из N», once the list is cut


def test_the_programme_page_pages_its_pairs(setting, people, monkeypatch):
    from orbita.mentoring import services, views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    second = make_mentee(another_teacher(setting.world.school, "Андреева Анна", ("math",)))
    services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[setting.mentee]
    )
    services.pair_create(
        actor=None, programme=setting.programme, mentor=setting.mentor, mentees=[second]
    )
    services.programme_publish(actor=None, programme=setting.programme)
    url = reverse("mentoring:programme-detail", kwargs={"pk": setting.programme.pk})
    first = coordinator(people).get(url).content.decode()
    last = coordinator(people).get(url, {"page": 2}).content.decode()
    # Same mentor: the pairs come in the order they were made.
    assert setting.mentee.teacher.full_name in first and "Андреева Анна" not in first
    assert "Андреева Анна" in last and setting.mentee.teacher.full_name not in last
    assert 'href="?page=2"' in first
