"""Monitoring: surveys (builder, distribution, responses), competency assessments of
mentees and the stored municipal reports.

Anonymity: a response to an anonymous survey carries no link to its respondent. Who has
answered is kept apart, on the ``Invitation`` (``answered_on``, a date); the response has a
random UUID key and only a date, so neither its key order nor its time can be matched back
to an invitation. Workflows live in ``orbita.monitoring.services``.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from orbita.core.models import BaseModel, ProgressJob

DEFAULT_TARGET = Decimal("0.85")
SCALE_MIN, SCALE_MAX = 1, 5
# Answers 4 and 5 on the scale count as satisfied (case 001).
DEFAULT_SATISFIED_FROM = 4


class SurveyKind(models.TextChoices):
    MENTEE_SATISFACTION = "mentee_satisfaction", _("удовлетворённость наставляемых")
    MENTOR_SATISFACTION = "mentor_satisfaction", _("удовлетворённость наставников")
    PAIR_CLOSING = "pair_closing", _("итоговая анкета пары")
    PULSE = "pulse", _("пульс-опрос пары")
    CUSTOM = "custom", _("другая анкета")


class Audience(models.TextChoices):
    """Whom a distribution reaches (the roles of ``orbita.accounts``)."""

    MENTEE = "mentee", _("наставляемые")
    MENTOR = "mentor", _("наставники")
    SCHOOL_COORDINATOR = "school_coordinator", _("школьные координаторы")


class Survey(BaseModel):
    """A questionnaire of a municipality: its questions, anonymity and satisfaction target.

    The satisfied share is the share of responses whose mean over the scale questions that
    count for satisfaction is at least ``satisfied_from`` (4: answers 4–5 are satisfied).
    """

    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    title = models.CharField(_("название"), max_length=300)
    kind = models.CharField(
        _("вид"), max_length=30, choices=SurveyKind.choices, default=SurveyKind.CUSTOM
    )
    description = models.TextField(_("пояснение для участников"), blank=True)
    is_anonymous = models.BooleanField(_("анонимная"), default=True)
    target_share = models.DecimalField(
        _("целевая доля удовлетворённых"),
        max_digits=4,
        decimal_places=3,
        default=DEFAULT_TARGET,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    satisfied_from = models.PositiveSmallIntegerField(
        _("удовлетворён, если ответ не ниже"),
        default=DEFAULT_SATISFIED_FROM,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    is_archived = models.BooleanField(_("в архиве"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Question(BaseModel):
    class Kind(models.TextChoices):
        SCALE = "scale", _("шкала 1–5")
        SINGLE = "single", _("один вариант")
        MULTIPLE = "multiple", _("несколько вариантов")
        TEXT = "text", _("свободный ответ")

    survey = models.ForeignKey(
        Survey, verbose_name=_("анкета"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("вопрос"), max_length=500)
    kind = models.CharField(_("тип"), max_length=20, choices=Kind.choices, default=Kind.SCALE)
    is_required = models.BooleanField(_("обязательный"), default=True)
    counts_for_satisfaction = models.BooleanField(
        _("входит в удовлетворённость"),
        default=False,
        help_text=_("Только для вопросов со шкалой 1–5."),
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["survey_id", "order", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.counts_for_satisfaction and self.kind != self.Kind.SCALE:
            raise ValidationError(
                {
                    "counts_for_satisfaction": _(
                        "В удовлетворённость входят только вопросы со шкалой."
                    )
                }
            )

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("вопрос"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("вариант"), max_length=300)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("вариант ответа")
        verbose_name_plural = _("варианты ответа")
        ordering = ["question_id", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Distribution(BaseModel):
    """A survey sent to roles in some schools of its municipality (all when ``schools`` is
    empty), or to the people of one pair (the pulse and closing surveys), by a deadline.
    The people reached get an ``Invitation`` each."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("анкета"), on_delete=models.PROTECT, related_name="distributions"
    )
    audiences = models.JSONField(_("кому"), default=list)
    schools = models.ManyToManyField(
        "registry.School", verbose_name=_("школы"), blank=True, related_name="+"
    )
    pair = models.ForeignKey(
        "mentoring.MentoringPair",
        verbose_name=_("пара"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_distributions",
    )
    sequence = models.PositiveSmallIntegerField(
        _("номер пульс-опроса"), default=0, help_text=_("0 — не пульс-опрос.")
    )
    deadline = models.DateField(_("срок ответа"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто разослал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("рассылка анкеты")
        verbose_name_plural = _("рассылки анкет")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "sequence"],
                condition=models.Q(pair__isnull=False, sequence__gt=0),
                name="distribution_pulse_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.deadline:%d.%m.%Y}"

    def clean(self) -> None:
        unknown = [a for a in (self.audiences or []) if a not in Audience.values]
        if unknown:
            raise ValidationError({"audiences": _("Неизвестные роли: %s.") % ", ".join(unknown)})
        if not self.audiences:
            raise ValidationError({"audiences": _("Выберите, кому отправить анкету.")})


class Invitation(BaseModel):
    """One person asked to answer a distribution; ``answered_on`` is the 'has answered'
    marker, the only trace of an anonymous respondent."""

    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("рассылка"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    audience = models.CharField(_("роль"), max_length=30, choices=Audience.choices)
    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_on = models.DateField(_("ответил"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        ordering = ["distribution_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "user"], name="invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.distribution_id}: {self.user}"


class SurveyResponse(models.Model):
    """One filled questionnaire. ``respondent`` is empty for anonymous surveys; the school
    and role are kept (results per school), the time only as a date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("рассылка"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("участник"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(_("роль"), max_length=30, choices=Audience.choices)
    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_on = models.DateField(_("дата ответа"))
    satisfaction = models.FloatField(_("средний балл удовлетворённости"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкеты")
        # Not by id or time: the order must not reveal who answered when.
        ordering = ["distribution_id", "id"]

    def __str__(self) -> str:
        return f"{self.distribution}: {self.submitted_on:%d.%m.%Y}"


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("анкета"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("вопрос"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        _("балл"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    choices = models.ManyToManyField(Choice, verbose_name=_("варианты"), blank=True)
    text = models.TextField(_("текст"), blank=True)

    class Meta:
        verbose_name = _("ответ на вопрос")
        verbose_name_plural = _("ответы на вопросы")
        ordering = ["response_id", "question__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value or self.text[:40]}"


class CompetencyAssessment(BaseModel):
    """The level (1–5) of one competency of a mentee's request map, at the start or the end
    of a pair, by the mentee (self-assessment) or by the mentor."""

    class Stage(models.TextChoices):
        START = "start", _("в начале")
        END = "end", _("в конце")

    class Assessor(models.TextChoices):
        SELF = "self", _("самооценка")
        MENTOR = "mentor", _("оценка наставника")

    pair = models.ForeignKey(
        "mentoring.MentoringPair",
        verbose_name=_("пара"),
        on_delete=models.CASCADE,
        related_name="competency_assessments",
    )
    mentee = models.ForeignKey(
        "mentoring.MenteeProfile",
        verbose_name=_("наставляемый"),
        on_delete=models.PROTECT,
        related_name="competency_assessments",
    )
    competency = models.ForeignKey(
        "registry.Competency",
        verbose_name=_("компетенция"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField(_("когда"), max_length=10, choices=Stage.choices)
    assessor = models.CharField(_("кто оценил"), max_length=10, choices=Assessor.choices)
    level = models.PositiveSmallIntegerField(
        _("уровень"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто внёс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("оценка компетенции")
        verbose_name_plural = _("оценки компетенций")
        ordering = ["pair_id", "mentee_id", "competency_id", "stage", "assessor"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "mentee", "competency", "stage", "assessor"],
                name="competency_assessment_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee}: {self.competency} {self.get_stage_display()} = {self.level}"


def report_path(instance: "MunicipalReport", filename: str) -> str:
    return f"monitoring/reports/{instance.municipality_id}/{filename}"


class MunicipalReport(ProgressJob):
    """A municipal report for a period, built in the background as DOCX and XLSX from the
    dashboard's selectors, stored to be downloaded again."""

    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        on_delete=models.CASCADE,
        related_name="monitoring_reports",
    )
    period_start = models.DateField(_("с"))
    period_end = models.DateField(_("по"))
    docx = models.FileField(_("отчёт DOCX"), upload_to=report_path, blank=True)
    xlsx = models.FileField(_("данные XLSX"), upload_to=report_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто заказал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("отчёт муниципалитета")
        verbose_name_plural = _("отчёты муниципалитетов")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Конец периода раньше начала.")})
