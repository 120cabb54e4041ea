"""Working together: events (both ways between partner schools), registrations and
attendance, the bank of methodical materials, brainstorm sessions with their ideas and
ratings, calendar feeds and in-interface notifications.

Data and constraints only: who may see and do what lives in ``orbita.collaboration.rules``,
``selectors`` and ``services``.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbita.core.models import BaseModel

GRADES = tuple(range(1, 12))


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("семинар")
    WEBINAR = "webinar", _("вебинар")
    MASTER_CLASS = "master_class", _("мастер-класс")
    OPEN_LESSON = "open_lesson", _("открытый урок")
    LESSON_VISITS = "lesson_visits", _("взаимопосещение уроков")
    COUNCIL = "council", _("педагогический совет")
    STUDENT_CONFERENCE = "student_conference", _("конференция учащихся")
    TEACHER_CONFERENCE = "teacher_conference", _("конференция педагогов")
    ROUND_TABLE = "round_table", _("круглый стол")
    CONSULTATION = "consultation", _("консультация")
    BUSINESS_GAME = "business_game", _("деловая игра")
    QUEST = "quest", _("квест")
    LOUNGE = "lounge", _("гостиная")
    CONTEST = "contest", _("конкурс")
    BRAINSTORM = "brainstorm", _("мозговой штурм")


class Direction(models.TextChoices):
    """Who helps whom: support runs both ways (case 000: the supported school gave a
    seminar to its leader)."""

    TO_SUPPORTED = "to_supported", _("школа-лидер → поддерживаемая школа")
    TO_LEADER = "to_leader", _("поддерживаемая школа → школа-лидер")
    NETWORK = "network", _("сетевое (для многих школ)")


class AudienceRole(models.TextChoices):
    TEACHERS = "teachers", _("учителя")
    HEADS = "heads", _("руководители")
    DEPUTIES = "deputies", _("заместители руководителей")
    SPECIALISTS = "specialists", _("педагоги-психологи, логопеды, социальные педагоги")
    STUDENTS = "students", _("учащиеся")
    PARENTS = "parents", _("родители")


class Event(BaseModel):
    """One event: what, who organises it and who helps whom, when and where, for whom;
    registrations, attendance, materials and the outcome after it took place."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        HELD = "held", _("проведено")
        CANCELLED = "cancelled", _("отменено")

    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    title = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("форма"), max_length=30, choices=EventKind.choices)
    description = models.TextField(_("описание"), blank=True)
    organisers = models.ManyToManyField(
        "registry.School", verbose_name=_("организаторы"), related_name="organised_events"
    )
    direction = models.CharField(
        _("направление"), max_length=20, choices=Direction.choices, default=Direction.NETWORK
    )
    helper_school = models.ForeignKey(
        "registry.School",
        verbose_name=_("кто помогает"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    helped_school = models.ForeignKey(
        "registry.School",
        verbose_name=_("кому помогают"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme = models.ForeignKey(
        "mentoring.Programme",
        verbose_name=_("программа наставничества"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("партнёрство"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    roadmap_item = models.ForeignKey(
        "partnerships.RoadmapItem",
        verbose_name=_("пункт дорожной карты"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"), null=True, blank=True)
    place = models.CharField(_("место"), max_length=300, blank=True)
    online_link = models.URLField(_("ссылка на трансляцию"), max_length=500, blank=True)
    audience_schools = models.ManyToManyField(
        "registry.School",
        verbose_name=_("школы-участники"),
        blank=True,
        related_name="audience_events",
    )
    audience_roles = models.JSONField(_("для кого"), default=list, blank=True)
    grades = models.JSONField(_("классы"), default=list, blank=True)
    registration_open = models.BooleanField(_("открыта регистрация"), default=True)
    capacity = models.PositiveIntegerField(_("мест"), null=True, blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    outcome = models.TextField(_("итоги"), blank=True)
    attendance_count = models.PositiveIntegerField(
        _("участников всего"),
        null=True,
        blank=True,
        help_text=_("Если пришли и незарегистрированные (например, учащиеся)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["municipality", "starts_at"]),
            # The event list's order: its first page is read off this index.
            models.Index(fields=["starts_at", "id"], name="collab_event_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%d.%m.%Y}: {self.title}"

    @property
    def audience_role_labels(self) -> list[str]:
        """The audience roles in words (unknown codes as they are)."""
        labels = dict(AudienceRole.choices)
        return [str(labels.get(code, code)) for code in self.audience_roles or []]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("Окончание раньше начала.")
        if self.direction != Direction.NETWORK:
            if not self.helper_school_id or not self.helped_school_id:
                errors["helper_school"] = _("Укажите, какая школа помогает и какой.")
            elif self.helper_school_id == self.helped_school_id:
                errors["helped_school"] = _("Школа не помогает сама себе.")
        unknown = [r for r in (self.audience_roles or []) if r not in AudienceRole.values]
        if unknown:
            errors["audience_roles"] = _("Неизвестные роли: %s.") % ", ".join(map(str, unknown))
        bad = [g for g in (self.grades or []) if g not in GRADES]
        if bad:
            errors["grades"] = _("Классы — от 1 до 11.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def is_online(self) -> bool:
        return bool(self.online_link)


class Registration(BaseModel):
    """A person signed up for an event; ``attended`` is recorded afterwards."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("зарегистрирован")
        CANCELLED = "cancelled", _("отменил регистрацию")

    event = models.ForeignKey(
        Event, verbose_name=_("мероприятие"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    attended = models.BooleanField(_("присутствовал"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("регистрация")
        verbose_name_plural = _("регистрации")
        ordering = ["event_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event_id}"


# --- the bank of methodical materials -------------------------------------------------------


class MaterialKind(models.TextChoices):
    METHODICAL = "methodical", _("методическая разработка")
    VIDEO_LESSON = "video_lesson", _("видеоурок")
    ARTICLE = "article", _("статья")
    PRESENTATION = "presentation", _("презентация")
    WORKSHEET = "worksheet", _("рабочий лист")
    COLLECTION = "collection", _("сборник")


def material_path(instance: "Material", filename: str) -> str:
    # The stored name never reuses the uploader's path; the original name is kept apart.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"collaboration/materials/{timezone.now():%Y/%m}/{secrets.token_hex(8)}.{suffix}"


class Material(BaseModel):
    """A methodical material: a file (type and size checked by the service) or a link.

    ``search_document`` is the plain text that full-text search reads (title, description,
    author, subjects, competencies); ``search_stems`` the same reduced to Russian stems
    (``orbita.collaboration.search``) for databases without a Russian text search.
    """

    title = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=30, choices=MaterialKind.choices)
    description = models.TextField(_("описание"), blank=True)
    author_name = models.CharField(_("автор"), max_length=300, blank=True)
    author = models.ForeignKey(
        "registry.Teacher",
        verbose_name=_("автор (педагог)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа"),
        on_delete=models.PROTECT,
        related_name="materials",
    )
    subjects = models.ManyToManyField(
        "registry.Subject", verbose_name=_("предметы"), blank=True, related_name="+"
    )
    competencies = models.ManyToManyField(
        "registry.Competency", verbose_name=_("компетенции"), blank=True, related_name="+"
    )
    grades = models.JSONField(_("классы"), default=list, blank=True)
    file = models.FileField(_("файл"), upload_to=material_path, blank=True)
    file_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    link = models.URLField(_("ссылка"), max_length=500, blank=True)
    event = models.ForeignKey(
        Event,
        verbose_name=_("мероприятие"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    search_document = models.TextField(editable=False, blank=True)
    search_stems = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто добавил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Soft deletion: a removed material leaves the bank but can be put back (with its file).
    deleted_at = models.DateTimeField(_("удалено"), null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто удалил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("методический материал")
        verbose_name_plural = _("банк методических материалов")
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.file and not self.link:
            raise ValidationError({"link": _("Приложите файл или дайте ссылку.")})
        if any(g not in GRADES for g in (self.grades or [])):
            raise ValidationError({"grades": _("Классы — от 1 до 11.")})


# --- brainstorm sessions ---------------------------------------------------------------------


def recommendations_path(instance: "BrainstormSession", filename: str) -> str:
    return f"collaboration/brainstorms/{instance.pk}/{timezone.now():%Y%m%d%H%M%S}.docx"


class BrainstormSession(BaseModel):
    """A remote brainstorm (case 003): the facilitator states the problem and invites the
    participants; phases collect → combine → rate → closed; the ranked ideas become the
    recommendations (``recommendations``: DOCX, attached when the session closes)."""

    class Phase(models.TextChoices):
        COLLECT = "collect", _("сбор идей")
        COMBINE = "combine", _("объединение идей")
        RATE = "rate", _("оценка идей")
        CLOSED = "closed", _("завершена")

    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        related_name="brainstorms",
    )
    event = models.OneToOneField(
        Event,
        verbose_name=_("мероприятие"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brainstorm",
    )
    title = models.CharField(_("тема"), max_length=300)
    problem = models.TextField(_("проблема"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ведущий"),
        on_delete=models.PROTECT,
        related_name="facilitated_brainstorms",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("участники"),
        blank=True,
        related_name="brainstorms",
    )
    phase = models.CharField(_("этап"), max_length=20, choices=Phase.choices, default=Phase.COLLECT)
    scheduled_at = models.DateTimeField(_("когда"), null=True, blank=True)
    roadmap_item = models.ForeignKey(
        "partnerships.RoadmapItem",
        verbose_name=_("пункт дорожной карты"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brainstorms",
        help_text=_("Рекомендации сессии относятся к этому пункту дорожной карты."),
    )
    recommendations = models.FileField(
        _("рекомендации (DOCX)"), upload_to=recommendations_path, blank=True
    )

    class Meta:
        verbose_name = _("мозговой штурм")
        verbose_name_plural = _("мозговые штурмы")
        ordering = ["-scheduled_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Idea(BaseModel):
    """One idea of a session. Combining: ``merged_into`` folds it into another idea (it is
    then rated as part of that one); ``related`` links ideas that belong together."""

    session = models.ForeignKey(
        BrainstormSession, verbose_name=_("сессия"), on_delete=models.CASCADE, related_name="ideas"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("идея"), max_length=1000)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("объединена с"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    related = models.ManyToManyField("self", verbose_name=_("связанные идеи"), blank=True)

    class Meta:
        verbose_name = _("идея")
        verbose_name_plural = _("идеи")
        ordering = ["session_id", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class IdeaRating(BaseModel):
    """One participant's score of one idea, 1 (weak) to 5 (strong)."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("идея"), on_delete=models.CASCADE, related_name="ratings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("оценка"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("оценка идеи")
        verbose_name_plural = _("оценки идей")
        ordering = ["idea_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_rating_unique")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.score}"


# --- calendars and notifications -------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(BaseModel):
    """A secret ICS address: a person's own feed (``user``) or a municipality's
    (``municipality``). Revoking keeps the row (the address stops working); regenerating
    revokes and issues a new one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("владелец"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token = models.CharField(_("ключ"), max_length=64, unique=True, default=new_token)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто выпустил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("календарь (ICS)")
        verbose_name_plural = _("календари (ICS)")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, municipality__isnull=True)
                | models.Q(user__isnull=True, municipality__isnull=False),
                name="calendar_feed_owner",
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality or self.user)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Notification(BaseModel):
    """A message in the interface (the bell): reminders before events and the like."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кому"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(_("текст"), max_length=500)
    link = models.CharField(_("ссылка"), max_length=500, blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:80]
