"""Users, their roles and the scope each role grants."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from orbita.core.models import BaseModel


class User(AbstractUser):
    """A person who signs in. Linked to a ``Teacher`` record when the person teaches."""

    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    teacher = models.OneToOneField(
        "registry.Teacher",
        verbose_name=_("педагог"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    @property
    def display_name(self) -> str:
        parts = [self.last_name, self.first_name, self.middle_name]
        name = " ".join(p for p in parts if p)
        if name:
            return name
        if self.teacher_id is not None and self.teacher is not None:
            return self.teacher.full_name
        return self.username


class Role(models.TextChoices):
    REGIONAL_ADMIN = "regional_admin", _("Региональный администратор")
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Муниципальный координатор")
    SCHOOL_COORDINATOR = "school_coordinator", _("Школьный координатор / директор")
    MENTOR = "mentor", _("Наставник")
    MENTEE = "mentee", _("Наставляемый")


# The scope level each role is tied to: the one foreign key a role assignment must carry.
ROLE_LEVEL: dict[str, str] = {
    Role.REGIONAL_ADMIN: "region",
    Role.MUNICIPAL_COORDINATOR: "municipality",
    Role.SCHOOL_COORDINATOR: "school",
    Role.MENTOR: "school",
    Role.MENTEE: "school",
}


class RoleAssignment(BaseModel):
    """One role of a user over one region, municipality or school. A user may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("пользователь"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("роль"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("школа"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        ordering = ["user_id", "role"]
        constraints = [
            # One constraint per level: NULLs never compare equal, so each level's key
            # is checked only where that level is set.
            *(
                models.UniqueConstraint(
                    fields=["user", "role", level],
                    condition=models.Q(**{f"{level}__isnull": False}),
                    name=f"role_assignment_unique_{level}",
                )
                for level in ("region", "municipality", "school")
            ),
            models.CheckConstraint(
                name="role_assignment_level",
                condition=(
                    models.Q(
                        role="regional_admin",
                        region__isnull=False,
                        municipality__isnull=True,
                        school__isnull=True,
                    )
                    | models.Q(
                        role="municipal_coordinator",
                        region__isnull=True,
                        municipality__isnull=False,
                        school__isnull=True,
                    )
                    | models.Q(
                        role__in=["school_coordinator", "mentor", "mentee"],
                        region__isnull=True,
                        municipality__isnull=True,
                        school__isnull=False,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        target = self.region or self.municipality or self.school
        return f"{self.get_role_display()}: {target}"

    def clean(self) -> None:
        level = ROLE_LEVEL.get(self.role)
        values = {
            "region": self.region_id,
            "municipality": self.municipality_id,
            "school": self.school_id,
        }
        if level is None:
            return
        if values[level] is None or any(v is not None for k, v in values.items() if k != level):
            raise ValidationError(
                _("Роль «%(role)s» назначается на уровне: %(level)s.")
                % {"role": self.get_role_display(), "level": LEVEL_LABELS[level]}
            )
        if self.role in (Role.MENTOR, Role.MENTEE):
            teacher = getattr(self.user, "teacher", None)
            if teacher is None or teacher.school_id != self.school_id:
                raise ValidationError(
                    _(
                        "Наставник и наставляемый — педагоги: пользователь должен быть связан "
                        "с педагогом этой школы."
                    )
                )


LEVEL_LABELS = {"region": _("регион"), "municipality": _("муниципалитет"), "school": _("школа")}


class Consent(BaseModel):
    """A person's consent to the processing of their personal data (152-ФЗ, ст. 9): the
    text they accepted (its version and wording, kept as shown) and when; withdrawing it
    keeps the record and dates the withdrawal."""

    user = models.ForeignKey(
        User, verbose_name=_("пользователь"), on_delete=models.CASCADE, related_name="consents"
    )
    version = models.CharField(_("редакция"), max_length=20)
    text = models.TextField(_("текст согласия"))
    accepted_at = models.DateTimeField(_("дано"))
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)

    class Meta:
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        ordering = ["user_id", "-accepted_at"]

    def __str__(self) -> str:
        return f"{self.user}: {self.version}"
