"""Calendars as ICS (RFC 5545) with the ``icalendar`` library: a person's feed and a
municipality's feed, readable by any calendar program that subscribes to a URL.

Each event keeps a stable UID (``event-<pk>@<host>``), so a program updates it instead of
adding a copy; a cancelled event is not in the feed (the selectors leave it out) and
disappears on the next refresh. Network programmes (``partnerships.NetworkProgramme``) with
a weekday and a start time are weekly recurring events (``RRULE:FREQ=WEEKLY``) until the
programme's end, UID ``network-programme-<pk>@<host>``.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as IcsEvent

from orbita.collaboration.models import Event

DEFAULT_DURATION = timedelta(hours=2)


def feed_calendar(
    *,
    name: str,
    events: Iterable[Event],
    host: str,
    base_url: str,
    programmes: Iterable[Any] = (),
) -> bytes:
    """The ICS document of ``events`` named ``name``; ``base_url`` makes the links absolute."""
    calendar = Calendar()
    calendar.add("prodid", "-//Orbita//collaboration//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for event in events:
        item = IcsEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at or event.starts_at + DEFAULT_DURATION)
        item.add("summary", f"{event.get_kind_display()}: {event.title}")
        lines = [event.description] if event.description else []
        organisers = ", ".join(s.display_name for s in event.organisers.all())
        if organisers:
            lines.append(_("Организаторы: %(names)s") % {"names": organisers})
        if event.online_link:
            lines.append(_("Подключение: %(url)s") % {"url": event.online_link})
        url = base_url + reverse("collaboration:event-detail", kwargs={"pk": event.pk})
        lines.append(url)
        item.add("description", "\n".join(lines))
        item.add("location", event.place or event.online_link or "")
        item.add("url", url)
        item.add("last-modified", event.updated_at)
        item.add("status", "CONFIRMED" if event.status != Event.Status.CANCELLED else "CANCELLED")
        calendar.add_component(item)
    for programme in programmes:
        component = programme_component(programme, host=host, base_url=base_url, stamp=stamp)
        if component is not None:
            calendar.add_component(component)
    return bytes(calendar.to_ical())


LESSON = timedelta(minutes=45)
ICS_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def programme_component(
    programme: Any, *, host: str, base_url: str, stamp: datetime
) -> IcsEvent | None:
    """A network programme as a weekly event, or ``None`` without a weekday or a time."""
    if not (programme.weekday and programme.time_start and programme.is_active):
        return None
    tz = timezone.get_current_timezone()
    first: date = programme.start or programme.created_at.date()
    first += timedelta(days=(programme.weekday - 1 - first.weekday()) % 7)
    start = datetime.combine(first, programme.time_start, tzinfo=tz)
    end = (
        datetime.combine(first, programme.time_end, tzinfo=tz)
        if programme.time_end
        else start + LESSON
    )
    item = IcsEvent()
    item.add("uid", f"network-programme-{programme.pk}@{host}")
    item.add("dtstamp", stamp)
    item.add("dtstart", start)
    item.add("dtend", end)
    rule: dict[str, Any] = {"freq": "weekly", "byday": ICS_DAYS[programme.weekday - 1]}
    if programme.end:
        rule["until"] = datetime.combine(programme.end, datetime.max.time(), tzinfo=tz)
    item.add("rrule", rule)
    item.add(
        "summary",
        _("Сетевая программа: %(course)s, %(grades)s кл.")
        % {"course": programme.course, "grades": programme.grades},
    )
    url = base_url + reverse("partnerships:programme-detail", kwargs={"pk": programme.pk})
    lines = [
        _("%(guest)s → %(host)s")
        % {
            "guest": programme.guest_school.display_name,
            "host": programme.host_school.display_name,
        }
    ]
    if programme.teacher_name:
        lines.append(_("Педагог: %(name)s") % {"name": programme.teacher_name})
    if programme.transport:
        lines.append(_("Подвоз: %(text)s") % {"text": programme.transport})
    if programme.accompanying_adult:
        lines.append(_("Сопровождающий: %(text)s") % {"text": programme.accompanying_adult})
    lines.append(url)
    item.add("description", "\n".join(lines))
    item.add("location", programme.host_school.display_name)
    item.add("url", url)
    item.add("last-modified", programme.updated_at)
    return item
