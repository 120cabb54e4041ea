"""Background tasks of monitoring (Django's ``django.tasks``): the pulse cadence with its
reminders, the alerts digest and the municipal reports. Each is safe to run again."""

import logging
from typing import Any

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def pulse_task() -> dict[str, Any]:
    """Create the due pulse distributions and remind those who have not answered."""
    from orbita.monitoring.services import pulses_create, reminders_send

    created = pulses_create()
    return {"pulses": len(created), "reminded": reminders_send()}


@task
def report_build_task(report_id: int) -> int | None:
    """Build the DOCX and XLSX of a queued municipal report, reporting progress."""
    from orbita.monitoring.reports import report_build

    try:
        report = report_build(report_id=report_id)
    except Exception:
        logger.exception("monitoring report %s failed", report_id)
        raise
    return report.pk if report is not None else None
