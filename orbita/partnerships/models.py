"""Partnerships: a leader school supports a supported school under an agreement, with a
risk profile of the supported school, a roadmap of support measures and network
programmes; plus the runs of the leader ↔ school recommendation and their proposals.

Data and constraints only: every workflow (terms, prolongation, documents, prefill) lives in
``orbita.partnerships.services`` and ``orbita.partnerships.selectors``; the recommendation
rules live in the pure engine ``orbita.matching``.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbita.core.models import BaseModel, ProgressJob


def _stored_name(prefix: str, owner_id: object, filename: str) -> str:
    # The stored name never reuses the uploader's path; the original name is kept apart.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"partnerships/{prefix}/{owner_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


def template_path(instance: "AgreementTemplate", filename: str) -> str:
    return _stored_name("templates", instance.version, filename)


def agreement_path(instance: "Agreement", filename: str) -> str:
    return _stored_name("agreements", instance.partnership_id, filename)


def signed_path(instance: "Agreement", filename: str) -> str:
    return _stored_name("signed", instance.partnership_id, filename)


def evidence_path(instance: "RoadmapEvidence", filename: str) -> str:
    return _stored_name("evidence", instance.item_id, filename)


# --- partnerships -------------------------------------------------------------------------


class Partnership(BaseModel):
    """A leader school and a supported school working together (сетевое партнёрство).

    Support runs both ways: the roles name who usually leads, but every roadmap item (and,
    later, every event) records which school helped; see ``selectors.partnership_balance``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("проект")
        ACTIVE = "active", _("действует")
        PROLONGED = "prolonged", _("продлено")
        ENDED = "ended", _("завершено")

    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    leader = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа-лидер"),
        on_delete=models.PROTECT,
        related_name="partnerships_led",
    )
    leader_role = models.CharField(
        _("роль школы-лидера"), max_length=200, default="школа-лидер (куратор)"
    )
    supported = models.ForeignKey(
        "registry.School",
        verbose_name=_("поддерживаемая школа"),
        on_delete=models.PROTECT,
        related_name="partnerships_supported",
    )
    supported_role = models.CharField(
        _("роль поддерживаемой школы"), max_length=200, default="школа с низкими результатами"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("координатор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    coordinator_name = models.CharField(
        _("муниципальный координатор (ФИО, должность)"), max_length=300, blank=True
    )
    working_group = models.TextField(_("рабочая группа"), blank=True)
    start = models.DateField(_("начало"), null=True, blank=True)
    end = models.DateField(_("окончание"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    subject = models.TextField(_("предмет соглашения"), blank=True)
    note = models.TextField(_("примечание"), blank=True)
    proposal = models.ForeignKey(
        "partnerships.Proposal",
        verbose_name=_("предложение подбора"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships",
    )

    class Meta:
        verbose_name = _("партнёрство")
        verbose_name_plural = _("партнёрства")
        ordering = ["municipality__name", "supported__name", "id"]

    def __str__(self) -> str:
        return f"{self.leader} → {self.supported}"

    def clean(self) -> None:
        if self.leader_id and self.leader_id == self.supported_id:
            raise ValidationError({"supported": _("Школа не может быть партнёром самой себе.")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Окончание раньше начала.")})


class PartnershipTerm(BaseModel):
    """One term (срок) of a partnership; a prolongation adds a term and keeps the old one."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("партнёрство"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("номер срока"), default=1)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    note = models.CharField(_("основание"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("срок партнёрства")
        verbose_name_plural = _("сроки партнёрства")
        ordering = ["partnership_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="term_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Окончание раньше начала.")})


# --- agreements ---------------------------------------------------------------------------


class AgreementTemplate(BaseModel):
    """A version of the agreement template: a .docx with docxtpl placeholders that a
    coordinator edits in a word processor and uploads again as the next version."""

    name = models.CharField(_("название"), max_length=200)
    version = models.PositiveIntegerField(_("версия"))
    file = models.FileField(_("файл шаблона (.docx)"), upload_to=template_path)
    is_active = models.BooleanField(_("используется"), default=True)
    note = models.TextField(_("что изменено"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто загрузил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("шаблон соглашения")
        verbose_name_plural = _("шаблоны соглашений")
        ordering = ["-version", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["version"], name="agreement_template_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name}, v{self.version}"


class Agreement(BaseModel):
    """The agreement (соглашение о сетевом взаимодействии) for one term of a partnership:
    the content entered by the coordinator, the generated DOCX and the signed scan."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("партнёрство"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    term = models.ForeignKey(
        PartnershipTerm,
        verbose_name=_("срок"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    template = models.ForeignKey(
        AgreementTemplate,
        verbose_name=_("шаблон"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    number = models.CharField(_("номер"), max_length=60, blank=True)
    date = models.DateField(_("дата"), null=True, blank=True)
    city = models.CharField(_("место заключения"), max_length=120, blank=True)
    directions = models.JSONField(_("направления сотрудничества"), default=list, blank=True)
    directions_extra = models.TextField(_("другие направления"), blank=True)
    leader_obligations = models.JSONField(_("обязательства школы-лидера"), default=list, blank=True)
    supported_obligations = models.JSONField(
        _("обязательства поддерживаемой школы"), default=list, blank=True
    )
    file = models.FileField(_("сформированный документ"), upload_to=agreement_path, blank=True)
    signed_scan = models.FileField(_("подписанный скан"), upload_to=signed_path, blank=True)
    signed_name = models.CharField(_("имя файла скана"), max_length=255, blank=True)
    signed_at = models.DateField(_("дата подписания"), null=True, blank=True)

    class Meta:
        verbose_name = _("соглашение")
        verbose_name_plural = _("соглашения")
        ordering = ["partnership_id", "-date", "-id"]

    def __str__(self) -> str:
        return _("Соглашение № %(number)s") % {"number": self.number or self.pk}


# --- risk profiles ------------------------------------------------------------------------


class RiskFactor(models.TextChoices):
    """The ten risk factors of the «500+» project."""

    EQUIPMENT = "equipment", _("Низкое оснащение школы")
    TEACHER_SHORTAGE = "teacher_shortage", _("Дефицит педагогических кадров")
    COMPETENCE = (
        "competence",
        _("Недостаточная предметная и методическая компетентность педагогических работников"),
    )
    ADAPTIVITY = "adaptivity", _("Низкий уровень адаптивности учебного процесса")
    PROF_DEVELOPMENT = (
        "prof_development",
        _("Отсутствие внутришкольной системы повышения квалификации"),
    )
    FAILURE_RISK = "failure_risk", _("Высокая доля обучающихся с рисками учебной неуспешности")
    LANGUAGE = "language", _("Языковые и культурные барьеры")
    ENVIRONMENT = "environment", _("Низкое качество учебной и воспитательной среды")
    DISABILITIES = "disabilities", _("Высокая доля обучающихся с ОВЗ")
    PARENTS = "parents", _("Низкая вовлечённость родителей")


class RiskLevel(models.TextChoices):
    NONE = "none", _("не выражен")
    LOW = "low", _("низкий")
    MEDIUM = "medium", _("средний")
    HIGH = "high", _("высокий")


class RiskProfile(BaseModel):
    """The risk profile (рисковый профиль) of a supported school, optionally for one
    partnership; ``year`` is the school year it describes (its start year)."""

    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа"),
        on_delete=models.CASCADE,
        related_name="risk_profiles",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("партнёрство"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_profiles",
    )
    year = models.PositiveSmallIntegerField(_("учебный год (начало)"))
    note = models.TextField(_("примечание"), blank=True)

    class Meta:
        verbose_name = _("рисковый профиль")
        verbose_name_plural = _("рисковые профили")
        ordering = ["school__name", "-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="risk_profile_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.school}, {self.year}"


class RiskProfileFactor(BaseModel):
    """One of the ten factors in a profile: its level, a note, whether data suggested it,
    and whether it is chosen (a chosen factor yields roadmap measures)."""

    profile = models.ForeignKey(
        RiskProfile, verbose_name=_("профиль"), on_delete=models.CASCADE, related_name="factors"
    )
    factor = models.CharField(_("фактор"), max_length=30, choices=RiskFactor.choices)
    level = models.CharField(
        _("уровень"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.NONE
    )
    note = models.TextField(_("примечание"), blank=True)
    prefilled = models.BooleanField(_("заполнено по данным"), default=False)
    chosen = models.BooleanField(_("в работу"), default=False)

    class Meta:
        verbose_name = _("фактор риска")
        verbose_name_plural = _("факторы риска")
        ordering = ["profile_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "factor"], name="risk_factor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {self.get_level_display()}"


# --- roadmap ------------------------------------------------------------------------------


class RoadmapItem(BaseModel):
    """One measure of the roadmap (план адресных мер поддержки / дорожная карта).

    The deadline is a date or, with ``due_is_month``, a whole month (``due`` is then its
    first day). ``responsible_school`` is the side that helps in this item.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        CANCELLED = "cancelled", _("отменено")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("партнёрство"),
        on_delete=models.CASCADE,
        related_name="roadmap",
    )
    order = models.PositiveIntegerField(_("№"), default=0)
    stage = models.CharField(_("этап"), max_length=200, blank=True)
    risk_factor = models.CharField(
        _("фактор риска"), max_length=30, choices=RiskFactor.choices, blank=True
    )
    action = models.TextField(_("мероприятие"))
    form = models.CharField(_("форма"), max_length=300, blank=True)
    expected_result = models.TextField(_("ожидаемый результат"), blank=True)
    due = models.DateField(_("срок"), null=True, blank=True)
    due_is_month = models.BooleanField(_("срок — месяц"), default=False)
    responsible_school = models.ForeignKey(
        "registry.School",
        verbose_name=_("ответственная школа"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadmap_items",
    )
    responsible_person = models.CharField(_("ответственный"), max_length=300, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    link = models.URLField(_("ссылка на подтверждение"), max_length=500, blank=True)
    done_at = models.DateField(_("выполнено"), null=True, blank=True)

    # Soft deletion: a removed measure leaves the roadmap but can be put back.
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
        verbose_name = _("мера дорожной карты")
        verbose_name_plural = _("дорожная карта")
        ordering = ["partnership_id", "order", "due", "id"]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def deadline(self) -> datetime.date | None:
        """The last day the item may be done on (the month's last day for a month)."""
        if self.due is None:
            return None
        if not self.due_is_month:
            return self.due
        last = calendar.monthrange(self.due.year, self.due.month)[1]
        return self.due.replace(day=last)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        deadline = self.deadline
        if deadline is None or self.status in (self.Status.DONE, self.Status.CANCELLED):
            return False
        return deadline < (today or timezone.localdate())


class RoadmapEvidence(BaseModel):
    """A file or a link that shows a roadmap item was done."""

    item = models.ForeignKey(
        RoadmapItem, verbose_name=_("мера"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("файл"), upload_to=evidence_path, blank=True)
    name = models.CharField(_("имя файла"), max_length=255, blank=True)
    link = models.URLField(_("ссылка"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("подтверждение")
        verbose_name_plural = _("подтверждения")
        ordering = ["item_id", "id"]

    def __str__(self) -> str:
        return self.name or self.link


# --- network programmes -------------------------------------------------------------------


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("понедельник")
    TUESDAY = 2, _("вторник")
    WEDNESDAY = 3, _("среда")
    THURSDAY = 4, _("четверг")
    FRIDAY = 5, _("пятница")
    SATURDAY = 6, _("суббота")


class NetworkProgramme(BaseModel):
    """A network programme (сетевая форма реализации, case 000): the host school teaches
    the students of another school."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("партнёрство"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_programmes",
    )
    host_school = models.ForeignKey(
        "registry.School",
        verbose_name=_("базовая школа"),
        on_delete=models.PROTECT,
        related_name="network_programmes_hosted",
    )
    guest_school = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа обучающихся"),
        on_delete=models.PROTECT,
        related_name="network_programmes_attended",
    )
    subject = models.ForeignKey(
        "registry.Subject",
        verbose_name=_("предмет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    course = models.CharField(_("предмет или курс"), max_length=300)
    teacher = models.ForeignKey(
        "registry.Teacher",
        verbose_name=_("педагог"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_programmes",
    )
    teacher_name = models.CharField(_("педагог (ФИО)"), max_length=200, blank=True)
    teacher_part_time = models.BooleanField(_("принят по совместительству"), default=False)
    grades = models.CharField(_("классы"), max_length=60)
    weekday = models.PositiveSmallIntegerField(
        _("день недели"), choices=Weekday.choices, null=True, blank=True
    )
    time_start = models.TimeField(_("начало"), null=True, blank=True)
    time_end = models.TimeField(_("окончание"), null=True, blank=True)
    transport = models.CharField(_("подвоз"), max_length=300, blank=True)
    accompanying_adult = models.CharField(_("сопровождающий"), max_length=300, blank=True)
    accompanying_activity = models.TextField(_("чем занят сопровождающий педагог"), blank=True)
    start = models.DateField(_("начало периода"), null=True, blank=True)
    end = models.DateField(_("окончание периода"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("сетевая программа")
        verbose_name_plural = _("сетевые программы")
        ordering = ["host_school__name", "weekday", "time_start", "id"]

    def __str__(self) -> str:
        return f"{self.course}: {self.host_school} ← {self.guest_school}"

    def clean(self) -> None:
        if self.host_school_id and self.host_school_id == self.guest_school_id:
            raise ValidationError(
                {"guest_school": _("Базовая школа и школа обучающихся совпадают.")}
            )
        if self.time_start and self.time_end and self.time_end <= self.time_start:
            raise ValidationError({"time_end": _("Окончание не позже начала.")})


# --- recommendation -----------------------------------------------------------------------


class RecommendationRun(ProgressJob):
    """One run of the leader ↔ school recommendation over a municipality (or a region)."""

    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendation_runs",
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendation_runs",
    )
    year = models.PositiveSmallIntegerField(_("год диагностики"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запустил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("подбор партнёров")
        verbose_name_plural = _("подборы партнёров")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.municipality or self.region}: {self.created_at:%d.%m.%Y %H:%M}"


class Proposal(BaseModel):
    """One proposed link of a run: a leader for a supported school, with its score and the
    engine's explanation; the coordinator accepts, changes (another leader) or rejects it."""

    class Decision(models.TextChoices):
        PROPOSED = "proposed", _("предложено")
        ACCEPTED = "accepted", _("принято")
        CHANGED = "changed", _("изменено")
        REJECTED = "rejected", _("отклонено")

    run = models.ForeignKey(
        RecommendationRun,
        verbose_name=_("подбор"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    supported = models.ForeignKey(
        "registry.School",
        verbose_name=_("поддерживаемая школа"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    leader = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа-лидер"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.FloatField(_("оценка"), null=True, blank=True)
    explanation = models.JSONField(_("объяснение"), default=dict, blank=True)
    decision = models.CharField(
        _("решение"), max_length=20, choices=Decision.choices, default=Decision.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("причина"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("предложение партнёра")
        verbose_name_plural = _("предложения партнёров")
        ordering = ["run_id", "supported__name", "id"]

    def __str__(self) -> str:
        return f"{self.leader} → {self.supported}"
