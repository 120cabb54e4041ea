"""Background tasks through the database queue, as a region runs them (docs/deployment.md):
``TASKS_BACKEND=django_tasks_db.DatabaseBackend`` and ``manage.py db_worker`` beside
gunicorn. The request only queues the task; the worker runs it and the job is done."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from orbita.diagnosis.models import Job, SchoolFlags
from orbita.diagnosis.services import Target, recompute_request

# The worker closes its database connections between tasks, as a long-running process
# should: the test commits for real (a transactional test) instead of running in a rollback.
pytestmark = pytest.mark.django_db(transaction=True)

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def catalogue():
    """The catalogues the migrations filled, back after an earlier transactional test's
    flush (as before each browser test, orbita/testing/browser.py); before ``world``."""
    from orbita.registry.services import catalogue_sync

    catalogue_sync()


def test_a_recompute_waits_in_the_queue_until_the_worker_runs_it(
    catalogue, settings, world, people, diagnosed
):
    settings.TASKS = DB_QUEUE
    SchoolFlags.objects.filter(school__municipality=world.municipality).delete()
    job = recompute_request(
        actor=people["municipal"],
        targets=[Target(2024, municipality_id=world.municipality.pk)],
        municipality=world.municipality,
        reason="test",
    )
    job.refresh_from_db()
    (queued,) = DBTaskResult.objects.all()
    assert (job.status, queued.status, queued.task_path) == (
        "queued",
        "READY",
        "orbita.diagnosis.tasks.recompute_flags",
    )
    assert job.task_id == str(queued.id)
    assert not SchoolFlags.objects.filter(school__municipality=world.municipality).exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())

    job.refresh_from_db()
    queued.refresh_from_db()
    assert (job.status, job.progress, queued.status) == ("done", 100, "SUCCESSFUL")
    assert SchoolFlags.objects.filter(school__municipality=world.municipality).count() == 8
    assert Job.objects.count() == 1
