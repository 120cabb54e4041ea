"""The history panel of an object: the audit entries of it and of the objects that hang off
it, newest first, with the action in words. Pages show it beside schools, partnerships,
pairs and their plans; the entries are what the services wrote (who, when, what)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from orbita.core.models import AuditEntry

# The verb of an action code (``<app>.<entity>.<verb>``) in words; the entity is shown as
# the entry's description.
VERBS: Mapping[str, Any] = {
    "created": _("создано"),
    "updated": _("изменено"),
    "deleted": _("удалено"),
    "restored": _("возвращено"),
    "activated": _("вступило в силу"),
    "prolonged": _("продлено"),
    "ended": _("завершено"),
    "signed": _("подписано"),
    "published": _("опубликовано"),
    "accepted": _("принято"),
    "rejected": _("отклонено"),
    "completed": _("завершено"),
    "shared": _("открыто наставляемым"),
    "viewed": _("просмотрено"),
    "anonymised": _("обезличено"),
}


def history(
    objects: Iterable[Model],
    *,
    extra: Iterable[tuple[type[Model], Iterable[Any]]] = (),
    limit: int = 30,
) -> list[AuditEntry]:
    """Audit entries of ``objects`` and of ``extra`` (model, ids), newest first, each with
    ``verb`` (words) set; views of personal pages are left out (they are not changes)."""
    q = Q(pk__in=[])
    for obj in objects:
        q |= Q(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))
    for model, ids in extra:
        q |= Q(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=[str(i) for i in ids],
        )
    entries = list(
        AuditEntry.objects.filter(q)
        .exclude(action__endswith=".viewed")
        .select_related("actor", "target_type")
        .order_by("-created_at", "-id")[:limit]
    )
    for entry in entries:
        verb = entry.action.rsplit(".", 1)[-1]
        entry.verb = VERBS.get(verb, verb)  # type: ignore[attr-defined]
    return entries
