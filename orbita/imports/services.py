"""Writes of the import machinery: validating files, applying plans, keeping batches.

Two entry points share the same steps (read → validate the whole file → write all rows or
none in one transaction → one summary audit entry ``imports.batch.applied``):

* ``import_file`` for the command line: bytes in, the plan (and the written counts) out;
* ``batch_create`` / ``batch_apply`` / ``batch_cancel`` for the pages: the upload is kept
  as an ``ImportBatch`` with its report, previewed, then confirmed or dropped.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from orbita.accounts.access import Scope, get_scope
from orbita.core.services import audit_log
from orbita.imports.kinds import ImportKind, Plan, get_kind
from orbita.imports.models import ImportBatch
from orbita.tabular import Problem


class PlanNotValidError(ValueError):
    """``import_apply`` was given a plan with problems."""


@dataclass
class ImportOutcome:
    """What ``import_file`` did: the plan, and the counts written (``None`` when nothing
    was written: problems, or a dry run)."""

    plan: Plan
    applied: dict[str, int] | None = None


def import_validate(*, kind: ImportKind, data: bytes, filename: str, scope: Scope) -> Plan:
    """Read and validate a whole file for a user with ``scope``. Writes nothing."""
    return kind.validate(kind.read(data, filename), scope=scope)


def import_apply(
    *,
    kind: ImportKind,
    plan: Plan,
    actor: Any,
    batch: ImportBatch | None = None,
    filename: str = "",
) -> dict[str, int]:
    """Write a valid plan: every row or none.

    One transaction: the kind writes through its app's services (each change audited),
    then one summary entry ``imports.batch.applied`` (target: the batch, if any; data: the
    kind, file name and counts). Raises ``PlanNotValidError`` for a plan with problems and
    lets ``ValidationError`` / ``DatabaseError`` from the writes through (rolled back).
    """
    if not plan.is_valid:
        raise PlanNotValidError(f"plan of {plan.kind} has {len(plan.problems)} problem(s)")
    with transaction.atomic():
        counts = kind.apply(plan, actor=actor)
        audit_log(
            actor=actor,
            action="imports.batch.applied",
            target=batch,
            data={
                "kind": kind.code,
                "file": batch.original_name if batch is not None else filename,
                "rows": plan.total_rows,
                "counts": counts,
                "source": "web" if batch is not None else "command",
            },
        )
    return counts


def import_file(
    *,
    kind: ImportKind,
    data: bytes,
    filename: str,
    scope: Scope,
    actor: Any = None,
    dry_run: bool = False,
) -> ImportOutcome:
    """Validate a whole file and, unless it has problems or ``dry_run``, apply it.

    The command-line path (pass ``COMMAND_LINE_SCOPE``); see ``import_apply`` for writes.
    """
    plan = import_validate(kind=kind, data=data, filename=filename, scope=scope)
    if dry_run or not plan.is_valid:
        return ImportOutcome(plan=plan)
    return ImportOutcome(
        plan=plan, applied=import_apply(kind=kind, plan=plan, actor=actor, filename=filename)
    )


def _check_kind_allowed(kind: ImportKind, user: Any) -> Scope:
    scope = get_scope(user)
    if not kind.allowed_for(scope):
        raise PermissionDenied
    return scope


@transaction.atomic
def batch_create(*, user: Any, kind: ImportKind, data: bytes, filename: str) -> ImportBatch:
    """Keep an uploaded file as a draft batch with its validation report.

    The file is stored under ``MEDIA_ROOT/imports/`` with a random name; the whole file is
    validated against the user's scope (nothing else is written). Raises
    ``PermissionDenied`` when the user may not import this kind. Audit:
    ``imports.batch.created``.
    """
    scope = _check_kind_allowed(kind, user)
    plan = import_validate(kind=kind, data=data, filename=filename, scope=scope)
    batch = ImportBatch(
        kind=kind.code,
        original_name=filename[:255],
        uploaded_by=user,
        report=plan.to_report(),
    )
    batch.file.save(filename, ContentFile(data), save=False)
    batch.full_clean()
    batch.save()
    audit_log(
        actor=user,
        action="imports.batch.created",
        target=batch,
        data={"kind": kind.code, "file": batch.original_name, "valid": plan.is_valid},
    )
    return batch


def batch_apply(*, batch: ImportBatch, actor: Any) -> ImportBatch:
    """Confirm a draft batch: validate its file again and, if still clean, write it.

    The check is repeated because the database (or the user's rights) may have changed
    since the preview. Outcomes, reflected in the returned batch:

    * ``applied`` — every row written in one transaction with ``imports.batch.applied``;
      ``report["result"]`` holds the counts written;
    * still ``draft`` — new problems were found; the report is replaced, nothing written;
    * ``failed`` — writing raised (a concurrent change broke a constraint); everything was
      rolled back, ``report["error"]`` says why, audit ``imports.batch.failed``.

    Raises ``PermissionDenied`` when the actor may not import this kind, ``ValueError`` when
    the batch is not a draft (already applied, cancelled or failed).
    """
    kind = get_kind(batch.kind)
    scope = _check_kind_allowed(kind, actor)
    try:
        with transaction.atomic():
            # Lock the batch: a double click must not apply it twice.
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportBatch.Status.DRAFT:
                raise ValueError(f"batch {batch.pk} is {locked.status}, not a draft")
            with locked.file.open("rb") as handle:
                data = handle.read()
            plan = import_validate(kind=kind, data=data, filename=locked.original_name, scope=scope)
            if not plan.is_valid:
                locked.report = plan.to_report()
                locked.save(update_fields=["report", "updated_at"])
                return locked
            counts = import_apply(kind=kind, plan=plan, actor=actor, batch=locked)
            locked.status = ImportBatch.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.report = {**plan.to_report(), "result": counts}
            locked.save(update_fields=["status", "applied_at", "report", "updated_at"])
            return locked
    except (ValidationError, DatabaseError) as error:
        return _batch_fail(batch=batch, actor=actor, error=error)


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(str(m) for m in error.messages)
    return str(error)


@transaction.atomic
def _batch_fail(*, batch: ImportBatch, actor: Any, error: Exception) -> ImportBatch:
    batch.refresh_from_db()
    before = batch.status
    batch.status = ImportBatch.Status.FAILED
    batch.report = {
        **batch.report,
        "valid": False,
        "error": Problem(
            None,
            "",
            gettext_noop("Загрузка прервана, ничего не сохранено: %(error)s"),
            {"error": _error_text(error)},
        ).to_dict(),
    }
    batch.save(update_fields=["status", "report", "updated_at"])
    audit_log(
        actor=actor,
        action="imports.batch.failed",
        target=batch,
        data={
            "kind": batch.kind,
            "error": _error_text(error),
            "status": [before, ImportBatch.Status.FAILED],
        },
    )
    return batch


@transaction.atomic
def batch_cancel(*, batch: ImportBatch, actor: Any) -> ImportBatch:
    """Drop a draft batch (nothing was written from it). Audit ``imports.batch.cancelled``.

    Raises ``ValueError`` when the batch is not a draft.
    """
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.DRAFT:
        raise ValueError(f"batch {batch.pk} is {locked.status}, not a draft")
    locked.status = ImportBatch.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="imports.batch.cancelled",
        target=locked,
        data={
            "kind": locked.kind,
            "file": locked.original_name,
            "status": [ImportBatch.Status.DRAFT, ImportBatch.Status.CANCELLED],
        },
    )
    return locked
