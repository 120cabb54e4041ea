"""The history panel of an object: the audit entries of it and of the objects that hang off
it, newest first, with the action and the changes in words. Pages show it beside schools,
partnerships and their agreements and roadmaps, pairs and their plans; the entries are what
the services wrote (who, when, what, before → after).

A service records a change of fields as ``{field: [before, after]}`` in the entry's data
(``model_update`` returns exactly that); ``describe`` turns such pairs into
``Change(label, before, after)`` with the field's verbose name, choice labels, dates in
Russian notation and related objects by name (one query per related model)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbita.core.models import AuditEntry

# The verb of an action code (``<app>.<entity>.<verb>``) in words; the entity is shown as
# the entry's description.
VERBS: Mapping[str, Any] = {
    "created": _("создано"),
    "updated": _("изменено"),
    "deleted": _("удалено"),
    "removed": _("удалено"),
    "restored": _("возвращено"),
    "activated": _("вступило в силу"),
    "prolonged": _("продлено"),
    "ended": _("завершено"),
    "ended_early": _("завершено досрочно"),
    "signed": _("подписано"),
    "published": _("опубликовано"),
    "accepted": _("принято"),
    "unaccepted": _("принятие отменено"),
    "rejected": _("отклонено"),
    "completed": _("завершено"),
    "shared": _("открыто наставляемым"),
    "viewed": _("просмотрено"),
    "anonymised": _("обезличено"),
    "mentee_added": _("добавлен наставляемый"),
    "swapped": _("наставляемые обменены"),
    "template_applied": _("заполнено по шаблону"),
    "imported": _("загружено из файла"),
}

# Longer values (a measure's wording, a reason) are cut in the panel; the entry keeps all.
VALUE_CHARS = 80


@dataclass(frozen=True)
class Change:
    """One field of an entry: its label and the values before and after, in words."""

    label: str
    before: str
    after: str


def _field(model: type[Model] | None, name: str) -> Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, Field) else None


def _pairs(data: Any) -> list[tuple[str, Any, Any]]:
    """The ``field: [before, after]`` pairs of an entry's data (also under ``changes``)."""
    if not isinstance(data, Mapping):
        return []
    source: Mapping[str, Any] = data
    if isinstance(data.get("changes"), Mapping):
        source = {**data, **data["changes"]}
    return [
        (str(key), value[0], value[1])
        for key, value in source.items()
        if isinstance(value, list | tuple) and len(value) == 2 and key != "changes"
    ]


def _related(field: Field[Any, Any] | None) -> type[Model] | None:
    if field is None or not (field.many_to_one or field.one_to_one or field.many_to_many):
        return None
    model = field.related_model
    return model if isinstance(model, type) and issubclass(model, Model) else None


def _text(value: Any, field: Field[Any, Any] | None, names: Mapping[Any, str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v, field, names) for v in value)
    if isinstance(value, bool):
        return str(_("да") if value else _("нет"))
    if _related(field) is not None:
        return names.get(value, f"№ {value}")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and field is not None:
        internal = field.get_internal_type()
        try:
            if internal == "DateTimeField":
                moment = timezone.localtime(datetime.fromisoformat(value))
                return moment.strftime("%d.%m.%Y %H:%M")
            if internal == "DateField":
                return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            pass
    text = str(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def describe(entries: Sequence[AuditEntry]) -> list[AuditEntry]:
    """Set ``verb`` (words) and ``changes`` (a list of ``Change``) on each entry."""
    wanted: dict[type[Model], set[Any]] = defaultdict(set)
    parsed = []
    for entry in entries:
        model = entry.target_type.model_class() if entry.target_type is not None else None
        rows = []
        for name, before, after in _pairs(entry.data):
            field = _field(model, name)
            related = _related(field)
            if related is not None:
                for value in (before, after):
                    wanted[related].update(value if isinstance(value, list) else [value])
            rows.append((name, field, before, after))
        # In the model's field order: PostgreSQL's jsonb keeps no key order of its own.
        order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
        rows.sort(key=lambda row: (order.get(row[0], len(order)), row[0]))
        parsed.append(rows)
    names: dict[type[Model], dict[Any, str]] = {}
    for related, pks in wanted.items():
        pks.discard(None)
        found = related._default_manager.filter(pk__in=pks) if pks else []
        names[related] = {obj.pk: str(obj)[:VALUE_CHARS] for obj in found}
    for entry, rows in zip(entries, parsed, strict=True):
        verb = entry.action.rsplit(".", 1)[-1]
        entry.verb = VERBS.get(verb, verb)  # type: ignore[attr-defined]
        changes = []
        for name, field, before, after in rows:
            own = names.get(_related(field) or Model, {})
            label = str(field.verbose_name) if field is not None else name
            changes.append(Change(label, _text(before, field, own), _text(after, field, own)))
        entry.changes = changes  # type: ignore[attr-defined]
    return list(entries)


def _of(model: type[Model] | Model, ids: Iterable[Any]) -> Q:
    return Q(
        target_type=ContentType.objects.get_for_model(model),
        target_id__in=[str(i) for i in ids],
    )


def history(
    objects: Iterable[Model],
    *,
    extra: Iterable[tuple[type[Model], Iterable[Any]]] = (),
    actions: Sequence[str] = (),
    limit: int = 30,
) -> list[AuditEntry]:
    """Audit entries of ``objects`` and of ``extra`` (model, ids), newest first, described
    (``verb``, ``changes``); with ``actions`` only the codes starting with one of those
    prefixes. Views of personal pages are left out (they are not changes)."""
    q = Q(pk__in=[])
    for obj in objects:
        q |= _of(obj, [obj.pk])
    for model, ids in extra:
        q |= _of(model, ids)
    if actions:
        prefixes = Q(pk__in=[])
        for prefix in actions:
            prefixes |= Q(action__startswith=prefix)
        q &= prefixes
    return describe(
        list(
            AuditEntry.objects.filter(q)
            .exclude(action__endswith=".viewed")
            .select_related("actor", "target_type")
            .order_by("-created_at", "-id")[:limit]
        )
    )


def history_by_target(
    model: type[Model], ids: Iterable[Any], *, limit: int = 200
) -> dict[str, list[AuditEntry]]:
    """The described entries of several objects of one model in one query, by
    ``str(pk)``, each list newest first (per-object panels in a list, e.g. agreements)."""
    entries = describe(
        list(
            AuditEntry.objects.filter(_of(model, ids))
            .select_related("actor", "target_type")
            .order_by("-created_at", "-id")[:limit]
        )
    )
    found: dict[str, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        found[entry.target_id].append(entry)
    return dict(found)
