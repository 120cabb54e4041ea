"""A programme's alerts, counted in SQL (``quiet_q``, ``overdue_count``), against the rule
every pair page applies in Python (``PairActivity.is_quiet``), case by case."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from orbita.mentoring import selectors, services
from orbita.mentoring.models import (
    Meeting,
    MentoringPair,
    MentorProfile,
    PairPlanItem,
    SuccessDiaryEntry,
)
from orbita.mentoring.tests.conftest import another_teacher, make_mentee, make_mentor

pytestmark = pytest.mark.django_db

DONE = PairPlanItem.Status.DONE
PLANNED = PairPlanItem.Status.PLANNED


def _pair(setting, n, *, started_days_ago):
    world = setting.world
    mentor = make_mentor(another_teacher(world.mentor_teacher.school, f"Наставник {n}", ("ru",)))
    mentee = make_mentee(another_teacher(world.teacher.school, f"Наставляемый {n:02d}", ("ru",)))
    pair = services.pair_create(
        actor=None, programme=setting.programme, mentor=mentor, mentees=[mentee]
    )
    started = (
        None if started_days_ago is None else timezone.localdate() - timedelta(started_days_ago)
    )
    MentoringPair.objects.filter(pk=pair.pk).update(
        status=MentoringPair.Status.ACTIVE, started_on=started
    )
    pair.refresh_from_db()
    return pair


def _diary(pair, days_ago):
    SuccessDiaryEntry.objects.create(
        pair=pair,
        mentee=pair.mentees.get(),
        date=timezone.localdate() - timedelta(days_ago),
        achievement="Открытый урок",
    )


def _meeting(pair, days_ago):
    Meeting.objects.create(
        pair=pair, date=timezone.localdate() - timedelta(days_ago), topic="Встреча"
    )


def _item(pair, *, status, updated_days_ago, deadline_days=10):
    item = services.plan_item_create(
        actor=None,
        pair=pair,
        content="Пункт",
        deadline=timezone.localdate() + timedelta(deadline_days),
    )
    # The first minute of the day, local time: the edge of the SQL comparison.
    day = timezone.localdate() - timedelta(updated_days_ago)
    PairPlanItem.objects.filter(pk=item.pk).update(
        status=status, updated_at=timezone.make_aware(datetime.combine(day, time(0, 1)))
    )


# name → (days since the start, what the pair did, quiet?)
CASES = {
    "nothing, started 30 days ago": (30, [], True),
    "nothing, started 21 days ago": (21, [], False),
    "nothing, started 22 days ago": (22, [], True),
    "nothing, never started": (None, [], True),
    "diary 21 days ago": (60, [("diary", 21)], False),
    "diary 22 days ago": (60, [("diary", 22)], True),
    "meeting 20 days ago": (60, [("meeting", 20)], False),
    "meeting 22 days ago, diary 30": (60, [("meeting", 22), ("diary", 30)], True),
    "old diary, started just now": (3, [("diary", 40)], True),
    "row done 5 days ago": (60, [("done", 5)], False),
    "row done 40 days ago, started just now": (3, [("done", 40)], True),
    "row planned 5 days ago, nothing done": (60, [("planned", 5)], True),
    "row done long ago, another changed 5 days ago": (60, [("done", 50), ("planned", 5)], False),
    "row planned 5 days ago, started just now": (3, [("planned", 5)], False),
}


def test_quiet_in_sql_is_the_rule_of_the_pair_page(setting):
    pairs = {}
    for n, (name, (started, acts, _)) in enumerate(CASES.items()):
        pair = pairs[name] = _pair(setting, n, started_days_ago=started)
        for kind, days in acts:
            if kind == "diary":
                _diary(pair, days)
            elif kind == "meeting":
                _meeting(pair, days)
            else:
                _item(pair, status=DONE if kind == "done" else PLANNED, updated_days_ago=days)
    expected = {name for name, (_, _, quiet) in CASES.items() if quiet}
    by_pk = {pair.pk: name for name, pair in pairs.items()}

    in_sql = {by_pk[p.pk] for p in MentoringPair.objects.filter(selectors.quiet_q())}
    activity = selectors.pair_activities(pairs.values())
    in_python = {name for name, pair in pairs.items() if activity[pair.pk].is_quiet}

    assert in_sql == expected
    assert in_python == expected


def test_overdue_count_counts_rows_past_their_deadline_and_not_done(setting):
    pair = _pair(setting, 1, started_days_ago=5)
    _item(pair, status=PLANNED, updated_days_ago=1, deadline_days=-1)
    _item(pair, status=PLANNED, updated_days_ago=1, deadline_days=-9)
    _item(pair, status=DONE, updated_days_ago=1, deadline_days=-3)  # done: not overdue
    _item(pair, status=PLANNED, updated_days_ago=1, deadline_days=0)  # due today: not yet
    other = _pair(setting, 2, started_days_ago=5)

    counts = dict(
        MentoringPair.objects.annotate(n=selectors.overdue_count()).values_list("pk", "n")
    )

    assert counts == {pair.pk: 2, other.pk: 0}


def test_programme_alerts_count_everything_and_list_the_first_of_each_kind(setting, people):
    quiet = [_pair(setting, n, started_days_ago=30) for n in range(4)]
    late = _pair(setting, 9, started_days_ago=1)
    _item(late, status=PLANNED, updated_days_ago=1, deadline_days=-2)
    MentorProfile.objects.filter(pk=late.mentor_id).update(capacity=0)
    user = people["municipal"]

    alerts = selectors.programme_alerts(user=user, programme=setting.programme, limit=2)

    assert alerts.counts == {"quiet": 4, "overdue": 1, "over_capacity": 1}
    assert [(a.kind, a.pair and a.pair.pk, a.count) for a in alerts] == [
        ("quiet", quiet[0].pk, 0),
        ("quiet", quiet[1].pk, 0),
        ("overdue", late.pk, 1),
        ("over_capacity", None, 1),
    ]
    everything = selectors.programme_alerts(user=user, programme=setting.programme)
    assert [a.kind for a in everything] == ["quiet"] * 4 + ["overdue", "over_capacity"]
    outside = selectors.programme_alerts(
        user=people["municipal_other"], programme=setting.programme
    )
    assert outside.counts == {"quiet": 0, "overdue": 0, "over_capacity": 0}
    assert not outside


def test_programme_page_lists_the_first_alerts_and_filters_the_pairs_by_kind(
    setting, people, client
):
    from orbita.mentoring import views

    quiet = [_pair(setting, n, started_days_ago=30) for n in range(views.ALERTS_SHOWN + 2)]
    busy = _pair(setting, 50, started_days_ago=2)
    client.force_login(people["municipal"])
    url = f"/mentoring/programmes/{setting.programme.pk}/"

    page = client.get(url).content.decode()
    assert f"Нет активности больше 21 дня: {len(quiet)}" in page
    assert 'href="?attention=quiet#pairs-title"' in page
    assert page.count("bi-hourglass-split") == views.ALERTS_SHOWN

    page = client.get(url + "?attention=quiet").content.decode()
    assert "Наставнические пары: нет активности больше 21 дня" in page
    for pair in quiet:
        assert f'href="/mentoring/pairs/{pair.pk}/"' in page
    assert f'href="/mentoring/pairs/{busy.pk}/"' not in page

    page = client.get(url + "?attention=overdue").content.decode()
    assert "Таких пар нет." in page
    # An unknown filter shows every pair.
    page = client.get(url + "?attention=x").content.decode()
    assert f'href="/mentoring/pairs/{busy.pk}/"' in page
