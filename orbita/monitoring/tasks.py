"""Background tasks of monitoring (Django's ``django.tasks``): the pulse cadence with its
reminders, the alerts digest and the municipal reports. Each is safe to run again."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def pulse_task() -> dict[str, int]:
    """Create the due pulse distributions and remind those who have not answered."""
    from orbita.monitoring.services import pulse_run

    return pulse_run()


@task
def digest_task(username: str = "") -> int:
    """E-mail the coordinators' digests (one coordinator with ``username``); returns how many."""
    from orbita.monitoring.digest import digests_send

    sent = digests_send(username=username)
    logger.info("monitoring digests sent: %s", sent)
    return sent


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
