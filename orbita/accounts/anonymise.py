"""Deleting a person the way 152-ФЗ asks while the network keeps its history: the person's
account and teacher record lose everything that identifies them, their own texts and files
are erased, and what the monitoring counts stays — the pairs, the events and registrations,
the survey answers (no longer linked to anyone), the roles' history in the audit log.

``person_anonymise`` is for the regional administrator (or the command line:
``manage.py anonymise_person LOGIN``); it is one transaction and is itself audited.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

from orbita.accounts.access import get_scope
from orbita.accounts.models import User
from orbita.core.models import AuditEntry
from orbita.core.services import audit_log

ERASED = "(удалено)"
# Keys of audit entries' before → after data whose values are a person's data or their own
# words: erased in the entries about the person's records (the keys stay: the history still
# says what changed and when).
PERSONAL_KEYS = frozenset(
    {
        "full_name",
        "first_name",
        "last_name",
        "middle_name",
        "display_name",
        "username",
        "email",
        "phone",
        "note",
        "notes",
        "achievement",
        "link",
        "evidence_name",
        "evidence",
    }
)


def _scrub(value: Any, names: list[str], label: str, key: str | None = None) -> Any:
    """``value`` (an entry's data) without the person: values under ``PERSONAL_KEYS``
    erased, every name replaced by ``label`` anywhere else."""
    if isinstance(value, dict):
        return {k: _scrub(v, names, label, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, names, label, key) for v in value]
    if isinstance(value, str):
        if key in PERSONAL_KEYS and value:
            return ERASED
        for name in names:
            value = value.replace(name, label)
    return value


def may_anonymise(actor: Any, user: User) -> bool:
    if actor is None or getattr(actor, "is_superuser", False):
        return True
    scope = get_scope(actor)
    teacher = user.teacher
    return bool(teacher is not None and teacher.school.municipality.region_id in scope.region_ids)


@transaction.atomic
def person_anonymise(*, actor: Any, user: User) -> User:
    from django.contrib.contenttypes.models import ContentType
    from rest_framework.authtoken.models import Token

    from orbita.collaboration.models import CalendarFeed, Notification
    from orbita.mentoring.models import Deficit, Meeting, SuccessDiaryEntry
    from orbita.monitoring.models import SurveyResponse

    if not may_anonymise(actor, user):
        raise PermissionDenied
    if user.is_superuser:
        raise ValidationError(_("Учётную запись администратора обезличить нельзя."))
    if user.username == f"deleted-{user.pk}":
        raise ValidationError(_("Эта учётная запись уже обезличена."))
    label = _("Удалённый пользователь № %(n)s") % {"n": user.pk}
    teacher = user.teacher
    names = {n for n in (user.get_full_name(), user.display_name) if n and n != user.username}
    if teacher is not None and teacher.full_name:
        names.add(teacher.full_name)
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.middle_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    Token.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    user.roles.all().delete()
    SurveyResponse.objects.filter(respondent=user).update(respondent=None)
    targets: list[tuple[type[Any], int]] = [(User, user.pk)]
    if teacher is not None:
        teacher.full_name = _("Педагог № %(n)s (данные удалены)") % {"n": teacher.pk}
        teacher.email = ""
        teacher.phone = ""
        teacher.is_active = False
        teacher.save()
        targets.append((type(teacher), teacher.pk))
        for profile_name in ("mentor_profile", "mentee_profile"):
            profile = getattr(teacher, profile_name, None)
            if profile is not None:
                profile.note = ""
                profile.save(update_fields=["note", "updated_at"])
                targets.append((type(profile), profile.pk))
        mentee = getattr(teacher, "mentee_profile", None)
        if mentee is not None:
            # Removed difficulties too: they are kept for restoring, with their notes.
            Deficit.all_objects.filter(mentee=mentee).update(note="")
            for entry in SuccessDiaryEntry.objects.filter(mentee=mentee):
                if entry.evidence:
                    entry.evidence.delete(save=False)
                entry.achievement = ERASED
                entry.evidence_name = ""
                entry.link = ""
                entry.save()
        mentor = getattr(teacher, "mentor_profile", None)
        if mentor is not None:
            Meeting.objects.filter(pair__mentor=mentor).update(notes="")
    # The entries about the person's records (their account, teacher record and profiles,
    # difficulties, diary entries and meetings) and those whose description quotes their
    # name (a pair, say) keep what happened and when, without the person's data.
    records: dict[type[Any], set[int]] = {}
    for model, pk in targets:
        records.setdefault(model, set()).add(pk)
    if teacher is not None:
        mentee = getattr(teacher, "mentee_profile", None)
        mentor = getattr(teacher, "mentor_profile", None)
        if mentee is not None:
            records[Deficit] = set(
                Deficit.all_objects.filter(mentee=mentee).values_list("pk", flat=True)
            )
            records[SuccessDiaryEntry] = set(
                SuccessDiaryEntry.objects.filter(mentee=mentee).values_list("pk", flat=True)
            )
        if mentor is not None:
            records[Meeting] = set(
                Meeting.objects.filter(pair__mentor=mentor).values_list("pk", flat=True)
            )
    ordered = sorted(names, key=len, reverse=True)
    about = Q(pk__in=[])
    for model, pks in records.items():
        about |= Q(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=[str(pk) for pk in pks],
        )
    for name in ordered:
        about |= Q(target_repr__contains=name)
    for audit in AuditEntry.objects.filter(about).only("pk", "data"):
        scrubbed = _scrub(audit.data, ordered, label)
        if scrubbed != audit.data:
            AuditEntry.objects.filter(pk=audit.pk).update(data=scrubbed)
    # A diary entry's description quotes its achievement, erased above: written again.
    diary_type = ContentType.objects.get_for_model(SuccessDiaryEntry)
    for entry in SuccessDiaryEntry.objects.filter(pk__in=records.get(SuccessDiaryEntry, ())):
        AuditEntry.objects.filter(target_type=diary_type, target_id=str(entry.pk)).update(
            target_repr=str(entry)[:255]
        )
    # The names in the audit log's object descriptions go too; the entries stay.
    for model, pk in targets:
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id=str(pk)
        ).update(target_repr=label)
    # …and so does the name wherever an entry's description quotes it (a pair, a deficit).
    for name in sorted(names, key=len, reverse=True):
        AuditEntry.objects.filter(target_repr__contains=name).update(
            target_repr=Replace("target_repr", Value(name), Value(label))
        )
    audit_log(actor=actor, action="accounts.user.anonymised", target=user, data={"user": user.pk})
    return user
