"""Calendars as ICS (RFC 5545) with the ``icalendar`` library: a person's feed and a
municipality's feed, readable by any calendar program that subscribes to a URL.

Each event keeps a stable UID (``event-<pk>@<host>``), so a program updates it instead of
adding a copy; a cancelled event is not in the feed (the selectors leave it out) and
disappears on the next refresh.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as IcsEvent

from orbita.collaboration.models import Event

DEFAULT_DURATION = timedelta(hours=2)


def feed_calendar(*, name: str, events: Iterable[Event], host: str, base_url: str) -> bytes:
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
    return bytes(calendar.to_ical())
