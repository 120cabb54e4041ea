"""The coordinators' alerts digest: one e-mail per coordinator with what needs their attention
in their scope, gathered by the apps' own scoped selectors (so it shows exactly what the
coordinator would find on the pages):

* overdue roadmap items of the partnerships (``partnerships.selectors.overdue_filter``);
* active pairs with overdue plan rows and stalled pairs (no activity for
  ``mentoring.selectors.QUIET_DAYS`` days), from ``needing_attention``;
* mentors whose live load exceeds their capacity (``mentor_list``'s ``load``);
* surveys whose satisfied share is below their target (``satisfaction_summary``);
* events of the next ``EVENT_DAYS`` days (``collaboration.selectors.event_list``).

Coordinators are the users holding a regional, municipal or school role; a user with
nothing to report gets no e-mail. ``manage.py send_digest`` and ``digest_task`` send it.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from orbita.accounts.models import Role, User
from orbita.collaboration.models import Event
from orbita.collaboration.selectors import event_list
from orbita.mentoring.models import MentoringPair, MentorProfile
from orbita.mentoring.selectors import QUIET_DAYS, mentor_list, needing_attention, pair_list
from orbita.monitoring.selectors import SatisfactionRow, satisfaction_summary
from orbita.partnerships.models import RoadmapItem
from orbita.partnerships.selectors import overdue_filter, roadmap_item_list

logger = logging.getLogger(__name__)

EVENT_DAYS = 7
COORDINATOR_ROLES = (Role.REGIONAL_ADMIN, Role.MUNICIPAL_COORDINATOR, Role.SCHOOL_COORDINATOR)


@dataclass
class PairLine:
    pair: MentoringPair
    overdue: int = 0


@dataclass
class Digest:
    """What one coordinator is told on ``today``."""

    user: Any
    today: date
    roadmap_overdue: list[RoadmapItem] = field(default_factory=list)
    plans_overdue: list[PairLine] = field(default_factory=list)
    stalled_pairs: list[MentoringPair] = field(default_factory=list)
    overloaded_mentors: list[MentorProfile] = field(default_factory=list)
    low_surveys: list[SatisfactionRow] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.roadmap_overdue
            or self.plans_overdue
            or self.stalled_pairs
            or self.overloaded_mentors
            or self.low_surveys
            or self.events
        )

    @property
    def subject(self) -> str:
        return _("Орбита: сводка на %(date)s") % {"date": f"{self.today:%d.%m.%Y}"}


def coordinators(*, username: str = "") -> QuerySet[User]:
    """Active users holding a coordinator role (regional, municipal, school), by login."""
    qs = User.objects.filter(is_active=True, roles__role__in=COORDINATOR_ROLES).distinct()
    if username:
        qs = qs.filter(username=username)
    return qs.order_by("username", "id")


def digest_build(*, user: Any, today: date | None = None) -> Digest:
    """The digest of ``user``, read through the selectors of their scope."""
    today = today or timezone.localdate()
    digest = Digest(user=user, today=today)
    digest.roadmap_overdue = list(
        overdue_filter(roadmap_item_list(user=user), today).order_by(
            "due", "partnership_id", "order", "id"
        )
    )
    # Counted in SQL (the programme page's alerts): a region's thousands of active pairs
    # are not loaded, only those to report.
    active = pair_list(user=user, status=MentoringPair.Status.ACTIVE)
    digest.plans_overdue = [
        PairLine(pair, pair.overdue)  # type: ignore[attr-defined]
        for pair in needing_attention(active, "overdue", today)
    ]
    digest.stalled_pairs = list(needing_attention(active, "quiet", today))
    digest.overloaded_mentors = list(
        mentor_list(user=user).filter(load__gt=F("capacity"))  # type: ignore[misc]
    )
    digest.low_surveys = [
        row
        for row in satisfaction_summary(user=user)
        if row.meets_target is False  # a survey without answers is not below its target
    ]
    digest.low_surveys.sort(key=lambda r: (r.municipality, r.title, r.survey_id))
    digest.events = list(
        event_list(user=user, date_from=today, date_to=today + timedelta(days=EVENT_DAYS))
        .exclude(status=Event.Status.CANCELLED)
        .filter(starts_at__gte=timezone.now())
    )
    return digest


def digest_render(digest: Digest) -> tuple[str, str]:
    """The plain-text and HTML bodies of ``digest``."""
    context = {"digest": digest, "event_days": EVENT_DAYS, "quiet_days": QUIET_DAYS}
    text = render_to_string("monitoring/email/digest.txt", context)
    html = render_to_string("monitoring/email/digest.html", context)
    # The text template keeps one blank line between sections, none elsewhere.
    lines = [line.rstrip() for line in text.splitlines()]
    cleaned: list[str] = []
    for line in lines:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return "\n".join(cleaned).strip() + "\n", html


def digests_for(users: Iterable[Any], *, today: date | None = None) -> list[Digest]:
    """The non-empty digests of ``users``."""
    built = (digest_build(user=u, today=today) for u in users)
    return [d for d in built if not d.is_empty]


def digests_send(*, username: str = "", today: date | None = None) -> int:
    """E-mail every coordinator (or the one ``username``) with something to report and an
    address; returns how many e-mails went out."""
    sent = 0
    for digest in digests_for(coordinators(username=username), today=today):
        if not digest.user.email:
            continue
        text, html = digest_render(digest)
        try:
            send_mail(
                digest.subject,
                text,
                settings.DEFAULT_FROM_EMAIL,
                [digest.user.email],
                html_message=html,
            )
        except Exception:  # one refused address must not stop the others' digests
            logger.exception("monitoring digest to user %s failed", digest.user.pk)
            continue
        sent += 1
    return sent
