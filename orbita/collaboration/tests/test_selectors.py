from datetime import date, datetime

import pytest
from django.utils import timezone

from orbita.collaboration import selectors, services
from orbita.collaboration.models import Direction
from orbita.collaboration.tests.conftest import make_event
from orbita.conftest import ROLES
from orbita.mentoring import services as mentoring_services
from orbita.registry.models import Competency

pytestmark = pytest.mark.django_db

# Who sees the leader's seminar for its branch (Сеченовский район).
SEES_EVENT = {
    "regional": True,
    "regional_other": False,
    "municipal": True,
    "municipal_other": False,
    "school": True,  # the branch is the audience and the helped school
    "school_other": False,
    "mentor": True,  # a teacher of the organiser
    "mentee": True,  # a teacher of the branch
    "superuser": True,
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_who_sees_an_event(role, world, people, event):
    assert (event in selectors.event_list(user=people[role])) is SEES_EVENT[role]


def test_a_registered_person_of_another_scope_sees_the_event(world, people, event):
    services.event_register(actor=None, event=event, user=people["school_other"])
    assert list(selectors.event_list(user=people["school_other"])) == [event]


def test_the_event_list_is_a_fixed_number_of_queries(world, people, django_assert_max_num_queries):
    for days in range(1, 8):
        make_event(world, days=days)
    with django_assert_max_num_queries(5):
        events = list(selectors.event_list(user=people["mentee"]))
        names = [[s.name for s in e.organisers.all()] for e in events]
    assert len(names) == 7


def test_event_counts_by_kind_and_direction(world, people):
    make_event(world)
    make_event(world, kind="open_lesson")
    make_event(world, kind="open_lesson")
    make_event(
        world,
        organisers=[world.branch],
        direction=Direction.TO_LEADER,
        helper_school=world.branch,
        helped_school=world.mentor_teacher.school,
    )
    cancelled = make_event(world, kind="webinar", direction=Direction.NETWORK)
    services.event_cancel(actor=None, event=cancelled)
    counts = selectors.event_counts(user=people["municipal"])
    assert counts.total == 4
    assert counts.by_kind == {"seminar": 2, "open_lesson": 2}
    assert counts.by_direction == {"to_supported": 3, "to_leader": 1}
    assert counts.rows() == [
        ("seminar", "семинар", [1, 1, 0], 2),
        ("open_lesson", "открытый урок", [2, 0, 0], 2),
    ]
    assert selectors.event_counts(user=people["municipal_other"]).total == 0


def test_the_month_grid_places_events_on_their_days(world, people):
    starts = datetime(2022, 3, 16, 14, 0, tzinfo=timezone.get_current_timezone())
    make_event(world, starts_at=starts, title="Совместный педсовет")
    weeks = selectors.event_month(user=people["municipal"], year=2022, month=3)
    assert weeks[0][0].day == date(2022, 2, 28)  # Monday first
    days = {d.day: [e.title for e in d.events] for w in weeks for d in w if d.events}
    assert days == {date(2022, 3, 16): ["Совместный педсовет"]}


def test_personal_feed_events(world, people):
    own = make_event(world)
    elsewhere = make_event(
        world,
        municipality=world.sibling_municipality,
        organisers=[world.sibling_school],
        direction=Direction.NETWORK,
        helper_school=None,
        helped_school=None,
        audience_schools=[],
    )
    services.event_register(actor=None, event=elsewhere, user=people["mentee"])
    feed = services.feed_issue(actor=people["mentee"])
    assert list(selectors.personal_feed_events(feed=feed)) == [own, elsewhere]
    feed_other = services.feed_issue(actor=people["school_other"])
    assert list(selectors.personal_feed_events(feed=feed_other)) == [elsewhere]


# --- materials ----------------------------------------------------------------------------


def _material(world, title, description="", **kwargs):
    return services.material_create(
        actor=None,
        title=title,
        description=description,
        kind=kwargs.pop("kind", "methodical"),
        school=kwargs.pop("school", world.mentor_teacher.school),
        link="https://example.org/m",
        **kwargs,
    )


def test_russian_search_finds_other_word_forms(world, people):
    a = _material(world, "Критерии оценивания работ", "Формирующее оценивание на уроке")
    b = _material(world, "Мастер-класс: рабочий лист к ЕГЭ по русскому языку")
    _material(world, "Примеры заданий по истории")
    found = lambda q: sorted(m.pk for m in selectors.material_list(user=people["mentee"], search=q))  # noqa: E731
    assert found("оценивание") == [a.pk]
    assert found("Оцениванию") == [a.pk]
    assert found("рабочие листы") == [b.pk]
    assert found("русский язык") == [b.pk]
    assert found("география") == []


def test_the_bank_is_shared_within_the_region(world, people):
    material = _material(world, "Видеоурок", kind="video_lesson")
    assert list(selectors.material_list(user=people["school"])) == [material]
    assert list(selectors.material_list(user=people["municipal_other"])) == [material]
    assert list(selectors.material_list(user=people["regional_other"])) == []


def test_materials_for_the_mentees_deficits(world, people):
    assessment = Competency.objects.get(code="assessment")
    exam = Competency.objects.get(code="exam_prep")
    both = _material(world, "Оба", competencies=[assessment, exam])
    one = _material(world, "Один", competencies=[exam])
    _material(world, "Ни одного")
    mentee = mentoring_services.mentee_create(actor=None, teacher=world.teacher)
    mentoring_services.deficit_set(actor=None, mentee=mentee, competency=assessment)
    mentoring_services.deficit_set(actor=None, mentee=mentee, competency=exam)
    found = selectors.materials_for_deficits(user=people["mentee"], mentee=mentee)
    assert found == [both, one]


def test_material_filters(world, people):
    worksheet = _material(world, "Лист", kind="worksheet", grades=[9, 11])
    _material(world, "Статья", kind="article", grades=[5])
    assert list(selectors.material_list(user=people["mentee"], kind="worksheet")) == [worksheet]
    assert list(selectors.material_list(user=people["mentee"], grade=11)) == [worksheet]
