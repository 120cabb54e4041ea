"""Building blocks every app uses: the timestamped base model and the audit log."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Abstract base of the project's models: creation and update timestamps."""

    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        abstract = True


class LiveManager(models.Manager[Any]):
    """The default manager of a soft-deleted model: rows with ``deleted_at`` set are left
    out of every ordinary read (related managers and prefetches use it too). The model's
    ``all_objects`` manager sees them, for the bin and for restoring."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("выполняется")
    DONE = "done", _("готово")
    FAILED = "failed", _("ошибка")


class ProgressJob(BaseModel):
    """Abstract base of a background job that a page follows: its state, how far it has
    come (0–100), a message for the progress bar and the result it leaves behind.

    The task that runs it advances ``progress`` and ``message``; pages poll it with htmx.
    """

    Status = JobStatus
    ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)

    status = models.CharField(
        _("состояние"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("выполнено, %"), default=0, validators=[MaxValueValidator(100)]
    )
    message = models.CharField(_("сообщение"), max_length=500, blank=True)
    result = models.JSONField(_("результат"), default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class AuditEntry(models.Model):
    """One state change: who did what to which object, with the data that describes it.

    Written by services inside the same transaction as the change itself (see
    ``orbita.core.services.audit_log``), so an entry exists exactly when the change does.
    ``action`` is a dotted code ``<app>.<entity>.<verb_past>``, e.g. ``registry.school.updated``.
    """

    created_at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(_("идентификатор объекта"), max_length=64, blank=True)
    target_repr = models.CharField(_("объект"), max_length=255, blank=True)
    data = models.JSONField(_("данные"), default=dict, blank=True)

    class Meta:
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал действий")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
