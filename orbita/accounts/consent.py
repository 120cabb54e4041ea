"""The consent to the processing of personal data that every teacher account gives
(152-ФЗ, ст. 9), its current wording and the services that record it."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbita.accounts.models import Consent
from orbita.core.services import audit_log

VERSION = "2026-12"
TEXT = _(
    "Я даю согласие оператору системы «Орбита» — органу управления образованием региона — на "
    "обработку моих персональных данных: фамилии, имени, отчества, должности, места работы, "
    "преподаваемых предметов, квалификационной категории, стажа, профессиональных "
    "затруднений, записей дневника успеха и ответов на анкеты — в целях организации сетевого "
    "наставничества и межшкольного партнёрства, мониторинга его результатов и подготовки "
    "отчётности. Обработка включает сбор, запись, систематизацию, хранение, уточнение, "
    "использование, передачу в пределах системы координаторам моей школы, муниципалитета и "
    "региона, обезличивание и удаление. Согласие действует до его отзыва; отозвать его можно "
    "на этой же странице, после чего мои данные будут обезличены."
)


def consent_current(*, user: Any) -> Consent | None:
    """The user's consent in force (accepted, not withdrawn), if any."""
    return (
        Consent.objects.filter(user=user, withdrawn_at__isnull=True)
        .order_by("-accepted_at")
        .first()
    )


def needs_consent(user: Any) -> bool:
    """A teacher's account without a consent in force (coordinators' accounts are service
    accounts of their organisations; the law asks it of the teachers whose data we keep)."""
    if not getattr(user, "is_authenticated", False) or user.teacher_id is None:
        return False
    return consent_current(user=user) is None


@transaction.atomic
def consent_accept(*, actor: Any) -> Consent:
    existing = consent_current(user=actor)
    if existing is not None and existing.version == VERSION:
        return existing
    consent = Consent.objects.create(
        user=actor, version=VERSION, text=str(TEXT), accepted_at=timezone.now()
    )
    audit_log(
        actor=actor, action="accounts.consent.accepted", target=consent, data={"version": VERSION}
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any) -> Consent | None:
    consent = consent_current(user=actor)
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at", "updated_at"])
    audit_log(
        actor=actor,
        action="accounts.consent.withdrawn",
        target=consent,
        data={"version": consent.version},
    )
    return consent


SESSION_KEY = "orbita_needs_consent"


def remember_consent_state(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """On sign-in, note in the session whether the person still has to give consent, so
    the reminder on every page costs no query."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = needs_consent(user)
