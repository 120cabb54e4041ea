"""Shared write helpers: ``model_update`` and ``audit_log``."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from orbita.core.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    return str(value)


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record one state change. Call it inside the service's transaction.

    ``actor`` is a user or ``None`` (a command or a system job); ``action`` a dotted code
    ``<app>.<entity>.<verb_past>``; ``data`` anything JSON-able after conversion (dates,
    decimals and model instances are turned into strings or primary keys).
    """
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=_jsonable(dict(data or {})),
    )


def model_update[M: models.Model](
    *, instance: M, fields: Iterable[str], data: Mapping[str, Any]
) -> tuple[M, dict[str, tuple[Any, Any]]]:
    """Set those of ``fields`` present in ``data`` on ``instance``, validate and save.

    Returns the instance and the changes as ``{field: (before, after)}``, empty when nothing
    changed (then nothing is saved). Saves with ``update_fields`` so concurrent edits of
    other fields are not overwritten; ``updated_at`` is saved along when the model has it.
    Raises ``django.core.exceptions.ValidationError`` from ``full_clean``.
    """
    changes: dict[str, tuple[Any, Any]] = {}
    m2m: dict[str, Any] = {}
    for name in fields:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        new = data[name]
        if field.many_to_many:
            before = sorted(o.pk for o in getattr(instance, name).all())
            after = sorted(o.pk for o in new)
            if before != after:
                m2m[name] = new
                changes[name] = (before, after)
            continue
        attname = getattr(field, "attname", name)
        before_value = getattr(instance, attname)
        new_value = new.pk if isinstance(new, models.Model) and attname != name else new
        if before_value != new_value:
            changes[name] = (before_value, new_value)
            setattr(instance, attname, new_value)

    simple = [n for n in changes if n not in m2m]
    if simple:
        instance.full_clean()
        update_fields = [instance._meta.get_field(n).name for n in simple]
        if any(f.name == "updated_at" for f in instance._meta.get_fields()):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    return instance, {k: (_jsonable(v[0]), _jsonable(v[1])) for k, v in changes.items()}


def audit_view(*, actor: Any, action: str, target: models.Model) -> None:
    """Record that ``actor`` opened a page with someone's personal data (152-ФЗ: who viewed
    what), at most once per person, page and day so a reload does not flood the log."""
    from django.utils import timezone

    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    content_type = ContentType.objects.get_for_model(target)
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    seen = AuditEntry.objects.filter(
        actor=actor,
        action=action,
        target_type=content_type,
        target_id=str(target.pk),
        created_at__gte=start,
    ).exists()
    if not seen:
        AuditEntry.objects.create(
            actor=actor,
            action=action,
            target_type=content_type,
            target_id=str(target.pk),
            target_repr=str(target)[:255],
        )


def soft_delete[M: models.Model](instance: M, *, actor: Any) -> M:
    """Mark ``instance`` deleted (``deleted_at``, ``deleted_by``: the actor when a signed-in
    user) without removing it; the caller checks the right and writes the audit entry."""
    from django.utils import timezone

    instance.deleted_at = timezone.now()  # type: ignore[attr-defined]
    user = actor if getattr(actor, "is_authenticated", False) else None
    instance.deleted_by = user  # type: ignore[attr-defined]
    instance.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    return instance


def soft_restore[M: models.Model](instance: M) -> M:
    """Undo ``soft_delete``."""
    instance.deleted_at = None  # type: ignore[attr-defined]
    instance.deleted_by = None  # type: ignore[attr-defined]
    instance.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    return instance
