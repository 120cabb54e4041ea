"""Background tasks of collaboration (Django's ``django.tasks``).

``send_reminders`` reminds everyone registered for an event that starts within the next
hours, by e-mail and in the interface. It is safe to run again and at the same time (each
registration is claimed with a conditional update before its reminder goes out), so a
scheduler may enqueue it as often as it likes; ``manage.py send_event_reminders`` runs the
same service from cron.
"""

import logging

from django.tasks import task

from orbita.collaboration.services import REMINDER_HOURS, reminders_send

logger = logging.getLogger(__name__)


@task
def send_reminders(hours: int = REMINDER_HOURS) -> int:
    """Send the due reminders; returns how many were sent."""
    sent = reminders_send(hours=hours)
    logger.info("collaboration reminders sent: %s", sent)
    return sent
