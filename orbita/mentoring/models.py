"""Mentoring: mentors and mentees (with the request map), programmes, pairs, pair plans,
success diaries and meetings, never-match rules and matching runs.

Data and constraints only: every workflow (capacity, lifecycle, privacy) lives in
``orbita.mentoring.services`` and ``orbita.mentoring.selectors``; the matching rules live in
the pure engine ``orbita.matching``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbita.core.models import BaseModel, LiveManager, ProgressJob

# Without a coordinator's decision a mentor guides at most this many mentees at once.
CAPACITY_LIMIT = 3
DEFAULT_CAPACITY = 2


class WantedFormat(models.TextChoices):
    """The format a mentee asks for (the engine's ``in_person`` / ``remote`` / ``any``)."""

    IN_PERSON = "in_person", _("очно")
    REMOTE = "remote", _("дистанционно")
    ANY = "any", _("любой")


class WorkFormat(models.TextChoices):
    """How a pair works (формат): очный, дистанционный, смешанный."""

    IN_PERSON = "in_person", _("очный")
    REMOTE = "remote", _("дистанционный")
    BLENDED = "blended", _("смешанный")


class PairForm(models.TextChoices):
    """Форма наставничества."""

    INDIVIDUAL = "individual", _("индивидуальная")
    GROUP = "group", _("групповая")
    VIRTUAL = "virtual", _("виртуальная")
    REVERSE = "reverse", _("реверсивная")
    SITUATIONAL = "situational", _("ситуационная")
    SPEED = "speed", _("скоростная")
    TRADITIONAL = "traditional", _("традиционная")


class RolePair(models.TextChoices):
    TEACHER_TEACHER = "teacher_teacher", _("учитель – учитель")
    HEAD_HEAD = "head_head", _("руководитель – руководитель")
    PSYCHOLOGIST_TEACHER = "psychologist_teacher", _("педагог-психолог – учитель")


# --- mentors ------------------------------------------------------------------------------


class MentorProfile(BaseModel):
    """A teacher in the mentor base: status, capacity, strengths, subjects and the scored
    selection criteria of case 001 (``criteria``: item code → 0/1/2; ``quality`` in [0, 1]
    is computed from them by the services)."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("кандидат")
        SELECTED = "selected", _("отобран")
        TRAINED = "trained", _("обучен наставничеству")
        ACTIVE = "active", _("действующий")
        PAUSED = "paused", _("приостановлен")

    teacher = models.OneToOneField(
        "registry.Teacher",
        verbose_name=_("педагог"),
        on_delete=models.PROTECT,
        related_name="mentor_profile",
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.CANDIDATE
    )
    capacity = models.PositiveSmallIntegerField(
        _("сколько наставляемых одновременно"),
        default=DEFAULT_CAPACITY,
        validators=[MaxValueValidator(20)],
    )
    capacity_raised = models.BooleanField(
        _("лимит повышен координатором"),
        default=False,
        help_text=_("Больше трёх наставляемых — только по решению координатора."),
    )
    strengths = models.ManyToManyField(
        "registry.Competency",
        verbose_name=_("сильные стороны"),
        blank=True,
        related_name="+",
    )
    subjects = models.ManyToManyField(
        "registry.Subject", verbose_name=_("предметы"), blank=True, related_name="+"
    )
    criteria = models.JSONField(_("критерии отбора"), default=dict, blank=True)
    quality = models.DecimalField(
        _("качество"),
        max_digits=5,
        decimal_places=4,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    note = models.TextField(_("примечание"), blank=True)

    class Meta:
        verbose_name = _("наставник")
        verbose_name_plural = _("наставники")
        ordering = ["teacher__full_name", "id"]

    def __str__(self) -> str:
        return self.teacher.full_name

    def clean(self) -> None:
        if self.capacity > CAPACITY_LIMIT and not self.capacity_raised:
            raise ValidationError(
                {
                    "capacity": _(
                        "Больше %(limit)d наставляемых одновременно — только по решению "
                        "координатора."
                    )
                    % {"limit": CAPACITY_LIMIT}
                }
            )

    @property
    def is_available(self) -> bool:
        """Takes part in matching (selected, trained or active; not a candidate, not paused)."""
        return self.status in AVAILABLE_STATUSES


AVAILABLE_STATUSES = (
    MentorProfile.Status.SELECTED,
    MentorProfile.Status.TRAINED,
    MentorProfile.Status.ACTIVE,
)


# --- mentees and the request map ----------------------------------------------------------


class MenteeProfile(BaseModel):
    """A teacher who asks for a mentor: the format wanted and, through ``deficits``, their
    part of the request map (карта запросов)."""

    teacher = models.OneToOneField(
        "registry.Teacher",
        verbose_name=_("педагог"),
        on_delete=models.PROTECT,
        related_name="mentee_profile",
    )
    format = models.CharField(
        _("желаемый формат"), max_length=20, choices=WantedFormat.choices, default=WantedFormat.ANY
    )
    note = models.TextField(_("примечание"), blank=True)

    class Meta:
        verbose_name = _("наставляемый")
        verbose_name_plural = _("наставляемые")
        ordering = ["teacher__full_name", "id"]

    def __str__(self) -> str:
        return self.teacher.full_name


class Deficit(BaseModel):
    """One professional difficulty of a mentee: a competency and their own words about it."""

    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name=_("наставляемый"),
        on_delete=models.CASCADE,
        related_name="deficits",
    )
    competency = models.ForeignKey(
        "registry.Competency",
        verbose_name=_("компетенция"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("в чём затруднение"), max_length=500, blank=True)
    # Soft deletion: a removed difficulty leaves the request map (matching, plans, counts,
    # exports, the API) but can be put back, with its note, from the mentee's page.
    deleted_at = models.DateTimeField(_("удалено"), null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто удалил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("дефицит")
        verbose_name_plural = _("карта запросов")
        ordering = ["competency__order", "competency__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "competency"], name="deficit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mentee}: {self.competency}"


# --- programmes ---------------------------------------------------------------------------


class Programme(BaseModel):
    """A municipality's mentoring programme: period, scope, weights, forms offered.

    ``scope``: the whole network of leader schools (mentors from any school of the region,
    as in case 004) or the listed partner schools only. ``mentee_schools`` lists the
    supported schools whose mentees take part (all schools of the municipality when
    empty). ``weights`` override the engine's defaults (``MentorWeights``).
    """

    class Scope(models.TextChoices):
        NETWORK = "network", _("вся сеть школ-лидеров региона")
        PARTNERS = "partners", _("только школы-партнёры")

    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        related_name="mentoring_programmes",
    )
    name = models.CharField(_("название"), max_length=300)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    scope = models.CharField(
        _("откуда наставники"), max_length=20, choices=Scope.choices, default=Scope.NETWORK
    )
    mentee_schools = models.ManyToManyField(
        "registry.School",
        verbose_name=_("школы наставляемых"),
        blank=True,
        related_name="+",
    )
    partner_schools = models.ManyToManyField(
        "registry.School",
        verbose_name=_("школы-партнёры (наставников)"),
        blank=True,
        related_name="+",
    )
    weights = models.JSONField(_("веса подбора"), default=dict, blank=True)
    forms = models.JSONField(_("формы наставничества"), default=list, blank=True)
    goal = models.TextField(_("цель"), blank=True)

    class Meta:
        verbose_name = _("программа наставничества")
        verbose_name_plural = _("программы наставничества")
        ordering = ["-starts_on", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})
        unknown = [f for f in (self.forms or []) if f not in PairForm.values]
        if unknown:
            raise ValidationError({"forms": _("Неизвестные формы: %s.") % ", ".join(unknown)})


# --- pairs --------------------------------------------------------------------------------


class MentoringPair(BaseModel):
    """A mentor and one mentee, or a group of mentees (group mentoring).

    Lifecycle: ``draft`` (proposed by a matching run or made by hand; ``accepted_at`` once
    the coordinator confirms it) → ``active`` (published) → ``completed`` or
    ``ended_early`` (with ``end_reason``). ``rematch_of`` links a pair made to replace one
    that ended early. Active pairs and accepted drafts use the mentor's capacity.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        ACTIVE = "active", _("работает")
        COMPLETED = "completed", _("завершена")
        ENDED_EARLY = "ended_early", _("завершена досрочно")

    class Source(models.TextChoices):
        MATCHING = "matching", _("подбор")
        MANUAL = "manual", _("вручную")

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.PROTECT, related_name="pairs"
    )
    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("наставник"), on_delete=models.PROTECT, related_name="pairs"
    )
    mentees = models.ManyToManyField(
        MenteeProfile,
        verbose_name=_("наставляемые"),
        through="PairMentee",
        related_name="pairs",
    )
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField(
        _("откуда"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    role_pair = models.CharField(
        _("ролевая модель"),
        max_length=30,
        choices=RolePair.choices,
        default=RolePair.TEACHER_TEACHER,
    )
    form = models.CharField(
        _("форма"), max_length=20, choices=PairForm.choices, default=PairForm.INDIVIDUAL
    )
    format = models.CharField(
        _("формат"), max_length=20, choices=WorkFormat.choices, default=WorkFormat.BLENDED
    )
    score = models.FloatField(_("оценка подбора"), null=True, blank=True)
    explanation = models.JSONField(_("объяснение подбора"), default=dict, blank=True)
    accepted_at = models.DateTimeField(_("принята координатором"), null=True, blank=True)
    started_on = models.DateField(_("начало работы"), null=True, blank=True)
    ended_on = models.DateField(_("окончание работы"), null=True, blank=True)
    end_reason = models.TextField(_("причина досрочного завершения"), blank=True)
    rematch_of = models.ForeignKey(
        "self",
        verbose_name=_("замена пары"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rematches",
    )

    class Meta:
        verbose_name = _("наставническая пара")
        verbose_name_plural = _("наставнические пары")
        ordering = ["programme_id", "mentor__teacher__full_name", "id"]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor} → {', '.join(str(m) for m in self.mentees.all())}"

    @property
    def is_live(self) -> bool:
        """Uses the mentor's capacity: active, or a draft the coordinator accepted."""
        return self.status == self.Status.ACTIVE or (
            self.status == self.Status.DRAFT and self.accepted_at is not None
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.ENDED_EARLY)


class PairMentee(models.Model):
    """A mentee's place in a pair (one row per mentee; several for group mentoring)."""

    pair = models.ForeignKey(
        MentoringPair, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="memberships"
    )
    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name=_("наставляемый"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("участник пары")
        verbose_name_plural = _("участники пар")
        ordering = ["pair_id", "mentee__teacher__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "mentee"], name="pair_mentee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.mentee}"


class NeverMatch(BaseModel):
    """A coordinator's veto, or an earlier pair that ended badly: never propose these two."""

    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("наставник"), on_delete=models.CASCADE, related_name="vetoes"
    )
    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name=_("наставляемый"),
        on_delete=models.CASCADE,
        related_name="vetoes",
    )
    reason = models.CharField(_("причина"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запретил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("запрет подбора")
        verbose_name_plural = _("запреты подбора")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="never_match_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ≠ {self.mentee}"


# --- the pair's work ----------------------------------------------------------------------


class PairPlan(BaseModel):
    """План работы наставнической пары (template of case 001): the goal and its rows."""

    pair = models.OneToOneField(
        MentoringPair, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="plan"
    )
    goal = models.TextField(_("цель"), blank=True)

    class Meta:
        verbose_name = _("план работы пары")
        verbose_name_plural = _("планы работы пар")

    def __str__(self) -> str:
        return str(_("План пары %(pk)s") % {"pk": self.pair_id})


class PairPlanItem(BaseModel):
    """One row of the plan: competency, content, deadline, format, result, status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        IN_PROGRESS = "in_progress", _("в работе")
        DONE = "done", _("выполнено")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("очный")
        REMOTE = "remote", _("дистанционный")

    plan = models.ForeignKey(
        PairPlan, verbose_name=_("план"), on_delete=models.CASCADE, related_name="items"
    )
    competency = models.ForeignKey(
        "registry.Competency",
        verbose_name=_("компетенция"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("содержание деятельности"))
    deadline = models.DateField(_("срок"))
    format = models.CharField(
        _("формат"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    result = models.TextField(_("результат"), blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    # Soft deletion: a removed row leaves the plan (and every count, export and API answer)
    # but can be put back from the plan's «Удалённые пункты».
    deleted_at = models.DateTimeField(_("удалено"), null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто удалил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("пункт плана")
        verbose_name_plural = _("пункты плана")
        ordering = ["plan_id", "order", "deadline", "id"]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.deadline < timezone.localdate()


def evidence_path(instance: "SuccessDiaryEntry", filename: str) -> str:
    # The stored name never reuses the uploader's path; the original name is kept apart.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"mentoring/evidence/{instance.pair_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


class SuccessDiaryEntry(BaseModel):
    """Дневник успеха наставляемого: one professional achievement, with its evidence.

    Private to the pair (the mentee who wrote it and the mentor) unless the mentee shares
    it (``is_shared``); coordinators otherwise see that it exists, not what it says.
    """

    pair = models.ForeignKey(
        MentoringPair, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="diary"
    )
    mentee = models.ForeignKey(
        MenteeProfile, verbose_name=_("наставляемый"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("дата"))
    achievement = models.TextField(_("достижение"))
    competency = models.ForeignKey(
        "registry.Competency",
        verbose_name=_("компетенция"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.FileField(_("подтверждение (файл)"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    link = models.URLField(_("ссылка"), max_length=500, blank=True)
    is_shared = models.BooleanField(_("видно координаторам"), default=False)

    class Meta:
        verbose_name = _("запись дневника успеха")
        verbose_name_plural = _("дневник успеха")
        ordering = ["pair_id", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.achievement[:60]}"


class Meeting(BaseModel):
    """One entry of the pair's meeting log; notes are private unless a mentee shares them."""

    pair = models.ForeignKey(
        MentoringPair, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("дата"))
    format = models.CharField(
        _("формат"),
        max_length=20,
        choices=PairPlanItem.Format.choices,
        default=PairPlanItem.Format.IN_PERSON,
    )
    topic = models.CharField(_("тема"), max_length=300)
    notes = models.TextField(_("заметки"), blank=True)
    is_shared = models.BooleanField(_("видно координаторам"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто записал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("журнал встреч")
        ordering = ["pair_id", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.topic}"


# --- matching runs ------------------------------------------------------------------------


class MatchingRun(ProgressJob):
    """One run of the matching engine over a programme, and how far it has come.

    The service creates it; the task (``orbita.mentoring.tasks``) advances ``progress``,
    stores the engine's summary in ``result`` (matched, total score, optimality, every
    unmatched mentee with its reason, the coverage report) and writes the drafts.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запустил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("подбор пар")
        verbose_name_plural = _("подборы пар")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.created_at:%d.%m.%Y %H:%M}"
