"""What Orbita holds about a person, as one file they can download (152-ФЗ, ст. 14).

``personal_data_export(user=…)`` gathers the account, its roles, the teacher record it is
linked to and everything that points at either of them — mentor and mentee profiles,
registrations, notifications, survey answers, … — and one step further from the profiles
(their deficits, pairs). The walk follows the models' own
relations, so a model added later is included without touching this module. Secrets are
never exported: password hashes, API tokens, calendar-feed keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from orbita.core.models import AuditEntry
from orbita.core.services import audit_log

SECRET_FIELDS = {"password", "key", "token", "secret", "secret_key", "feed_token"}
DEPTH = 2  # the person, what points at them, and what points at that
PER_RELATION = 5000  # a relation that large is a catalogue, not one person's data


def _secret(name: str) -> bool:
    return name in SECRET_FIELDS or name.endswith(("_token", "_secret", "_key_hash"))


def _serialize(objects: Iterable[models.Model]) -> list[dict[str, Any]]:
    rows = serializers.serialize("python", objects, use_natural_foreign_keys=False)
    for row in rows:
        row["fields"] = {name: value for name, value in row["fields"].items() if not _secret(name)}
    return rows


def _related(obj: models.Model) -> Iterable[tuple[models.Model, bool]]:
    """The rows of other models that point at ``obj`` (reverse FKs and one-to-ones), each
    with whether it is one of ``obj``'s one-to-one extensions (a profile)."""
    for rel in obj._meta.related_objects:
        if rel.many_to_many or rel.related_model is AuditEntry:
            continue
        field = rel.field
        if not isinstance(field, models.ForeignKey):  # OneToOneField is one too
            continue
        related = rel.related_model
        if related._meta.app_label in {"sessions", "admin", "authtoken"}:
            continue
        profile = isinstance(field, models.OneToOneField)
        for row in related._base_manager.filter(**{field.name: obj.pk})[:PER_RELATION]:
            yield row, profile


def personal_data_export(*, user: Any) -> dict[str, Any]:
    """Everything about ``user`` (and their teacher record), as JSON-able data.

    The account and the teacher record; every row that points at them; and, for their
    profiles (one-to-one extensions such as the mentor or mentee profile), every row that
    points at those. Rows that merely point at a row of theirs — another teacher's
    registration for an event the person created — are other people's data and stay out.
    """
    seen: set[tuple[str, Any]] = set()
    found: list[models.Model] = []
    frontier: list[tuple[models.Model, bool]] = [(user, True)]
    teacher = getattr(user, "teacher", None)
    if teacher is not None:
        frontier.append((teacher, True))
    for depth in range(DEPTH + 1):
        following: list[tuple[models.Model, bool]] = []
        for obj, expand in frontier:
            key = (obj._meta.label_lower, obj.pk)
            if key in seen:
                continue
            seen.add(key)
            found.append(obj)
            if expand and depth < DEPTH:
                following.extend(_related(obj))
        frontier = following
    by_model: dict[str, list[models.Model]] = {}
    for obj in found:
        by_model.setdefault(obj._meta.label_lower, []).append(obj)
    actions = AuditEntry.objects.filter(actor=user).order_by("created_at", "pk")
    return {
        "exported_at": timezone.now().isoformat(),
        "user": user.get_username(),
        "objects": {
            label: _serialize(sorted(objs, key=lambda o: o.pk))
            for label, objs in sorted(by_model.items())
        },
        "actions": [
            {
                "at": entry.created_at.isoformat(),
                "action": entry.action,
                "object": entry.target_repr,
            }
            for entry in actions[:PER_RELATION]
        ],
    }


def personal_data_download(*, user: Any) -> bytes:
    """The export as a UTF-8 JSON file; the download itself is audited."""
    data = personal_data_export(user=user)
    with transaction.atomic():
        audit_log(
            actor=user,
            action="accounts.personal_data.exported",
            target=user,
            data={"objects": sum(len(rows) for rows in data["objects"].values())},
        )
    return json.dumps(data, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder).encode("utf-8")
