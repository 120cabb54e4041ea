"""What the pages say about a school at a glance: its «Признаки» and its «Контекст».

Both are built by *providers*, so another app can add its own without touching the pages:

* a **sign provider** takes a batch of schools and returns ``{school id: [Sign, …]}``. It is
  called once per page with all the schools shown, so a provider that needs the database
  (the diagnosis flags ШНОР, ШФНСУ, objectivity risk, resilient school) runs one query for
  the whole table, never one per row;
* a **context provider** takes one school and returns ``[Fact, …]`` for its «Контекст»
  section (e.g. the context indicators behind the adversity index once they are imported).

Register a provider from the app's ``AppConfig.ready``::

    from orbita.registry import signs
    signs.register_sign_provider(diagnosis_signs, coordinators_only=True)

``coordinators_only``: the provider's signs or facts are the coordinators' working data (the
diagnosis flags, the context indicators): the pages pass their reader (``viewer``), and a
mentor or a mentee, who have no diagnosis pages, does not get them on a school's page either.

The providers here use only the registry's own fields, so they need no queries.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orbita.accounts.access import get_scope
from orbita.reference.catalogue import SPECIALISTS
from orbita.registry.models import School, SchoolKind


class Tone(StrEnum):
    """How loud a sign is; templates map a tone to a Bootstrap colour."""

    NEUTRAL = "neutral"
    INFO = "info"
    POSITIVE = "positive"
    WARNING = "warning"
    DANGER = "danger"


@dataclass(frozen=True)
class Sign:
    """One short mark in the «Признаки» column: ``code`` is stable (tests, CSS, the API),
    ``label`` is what the reader sees, ``title`` explains it (shown on hover and to
    screen readers)."""

    code: str
    label: str | Promise
    tone: Tone = Tone.NEUTRAL
    title: str | Promise = ""
    icon: str = ""


@dataclass(frozen=True)
class Fact:
    """One line of a school's «Контекст»: a label, a value and an optional note."""

    code: str
    label: str | Promise
    value: str | Promise
    tone: Tone = Tone.NEUTRAL
    note: str | Promise = ""


@dataclass(frozen=True)
class SpecialistSummary:
    """The four specialists of a school split by what is known about them."""

    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def all_unknown(self) -> bool:
        return not self.present and not self.missing


@dataclass(frozen=True)
class SchoolRow:
    """A school with what a table needs to show it (no queries in the template)."""

    school: School
    signs: list[Sign]
    municipality_linked: bool


SignProvider = Callable[[Sequence[School]], Mapping[int, Iterable[Sign]]]
ContextProvider = Callable[[School], Iterable[Fact]]


def is_branch(school: School) -> bool:
    """A branch (филиал): classed as one, or attached to a head school."""
    return school.kind == SchoolKind.BRANCH or school.branch_of_id is not None


def specialist_summary(school: School) -> SpecialistSummary:
    summary = SpecialistSummary()
    for _code, label, present in school.specialists():
        bucket = (
            summary.unknown if present is None else summary.present if present else summary.missing
        )
        bucket.append(label)
    return summary


def registry_signs(schools: Sequence[School]) -> dict[int, list[Sign]]:
    """Signs from the registry's fields: branch, resource centre, missing specialists."""
    result: dict[int, list[Sign]] = {}
    for school in schools:
        signs: list[Sign] = []
        if school.is_resource_center:
            signs.append(
                Sign(
                    "resource_center",
                    _("ресурсный центр"),
                    Tone.POSITIVE,
                    _("Школа назначена ресурсным центром (ресурсной площадкой)."),
                    "bi-star",
                )
            )
        if is_branch(school):
            signs.append(Sign("branch", _("филиал"), Tone.NEUTRAL, _("Филиал другой школы.")))
        missing = specialist_summary(school).missing
        if missing:
            signs.append(
                Sign(
                    "missing_specialists",
                    ngettext(
                        "нет %(count)s специалиста", "нет %(count)s специалистов", len(missing)
                    )
                    % {"count": len(missing)},
                    Tone.WARNING,
                    _("Нет: %(list)s.") % {"list": ", ".join(s.lower() for s in missing)},
                    "bi-person-x",
                )
            )
        result[school.pk] = signs
    return result


def registry_context(school: School) -> list[Fact]:
    """What the registry itself knows about the conditions a school works in."""
    facts: list[Fact] = []
    if school.rural is not None:
        facts.append(
            Fact(
                "rural",
                _("Местность"),
                _("сельская школа") if school.rural else _("городская школа"),
            )
        )
    if school.km_to_center is not None:
        facts.append(
            Fact(
                "km_to_center",
                _("До районного центра"),
                _("%(km)s км") % {"km": _number(school.km_to_center)},
                Tone.WARNING if school.km_to_center >= FAR_FROM_CENTER_KM else Tone.NEUTRAL,
            )
        )
    specialists = specialist_summary(school)
    if not specialists.all_unknown:
        total = len(SPECIALISTS)
        facts.append(
            Fact(
                "specialists",
                _("Специалисты сопровождения"),
                _("нет %(missing)s из %(total)s")
                % {"missing": len(specialists.missing), "total": total}
                if specialists.missing
                else _("нехватки не выявлено")
                if specialists.unknown
                else _("есть все"),
                Tone.WARNING if specialists.missing else Tone.POSITIVE,
                _("Нет данных: %(list)s.") % {"list": ", ".join(specialists.unknown).lower()}
                if specialists.unknown
                else "",
            )
        )
    if school.students is not None:
        ratio = ""
        if school.teachers_count:
            ratio = _("%(ratio)s обучающихся на одного педагога") % {
                "ratio": _number(Decimal(school.students) / school.teachers_count, 1)
            }
        facts.append(
            Fact(
                "size",
                _("Размер школы"),
                ngettext("%(count)s обучающийся", "%(count)s обучающихся", school.students)
                % {"count": _number(school.students)},
                note=ratio,
            )
        )
    return facts


# Distance from which a school counts as remote in the «Контекст» highlight; only a visual
# cue: the adversity index of methodology.md weighs distance its own way.
FAR_FROM_CENTER_KM = 30

_sign_providers: list[SignProvider] = [registry_signs]
_context_providers: list[ContextProvider] = [registry_context]
# Providers whose signs or facts only coordinators read (see the module's docstring).
_coordinators_only: list[Any] = []


def register_sign_provider(
    provider: SignProvider, *, coordinators_only: bool = False
) -> SignProvider:
    """Add a provider of «Признаки» (usable as a decorator); its signs follow the registry's."""
    if provider not in _sign_providers:
        _sign_providers.append(provider)
    if coordinators_only and provider not in _coordinators_only:
        _coordinators_only.append(provider)
    return provider


def register_context_provider(
    provider: ContextProvider, *, coordinators_only: bool = False
) -> ContextProvider:
    """Add a provider of «Контекст» facts (usable as a decorator)."""
    if provider not in _context_providers:
        _context_providers.append(provider)
    if coordinators_only and provider not in _coordinators_only:
        _coordinators_only.append(provider)
    return provider


def _for[P](providers: list[P], viewer: Any) -> list[P]:
    """The providers whose output ``viewer`` may read (``None``: code outside a page)."""
    if viewer is None or get_scope(viewer).is_coordinator:
        return providers
    return [p for p in providers if p not in _coordinators_only]


def school_signs(schools: Sequence[School], viewer: Any = None) -> dict[int, list[Sign]]:
    """``{school id: signs}`` from every provider ``viewer`` may read, one call per provider
    for the batch."""
    result: dict[int, list[Sign]] = {s.pk: [] for s in schools}
    for provider in _for(_sign_providers, viewer):
        for pk, signs in provider(schools).items():
            result.setdefault(pk, []).extend(signs)
    return result


def signs_beside_kind(school: School, viewer: Any = None) -> list[Sign]:
    """The school's signs for a place that already shows its kind: «филиал» is left out
    when the kind itself is «Филиал»."""
    return [
        sign
        for sign in school_signs([school], viewer)[school.pk]
        if not (sign.code == "branch" and school.kind == SchoolKind.BRANCH)
    ]


def school_context(school: School, viewer: Any = None) -> list[Fact]:
    return [fact for provider in _for(_context_providers, viewer) for fact in provider(school)]


def school_rows(
    schools: Iterable[School], *, linked_municipality_ids: Any, viewer: Any = None
) -> list[SchoolRow]:
    """Rows for a school table: each school with its signs and whether its municipality's
    page may be linked (``linked_municipality_ids``: ids the reader may open)."""
    batch = list(schools)
    signs = school_signs(batch, viewer)
    return [
        SchoolRow(
            school=s,
            signs=signs.get(s.pk, []),
            municipality_linked=s.municipality_id in linked_municipality_ids,
        )
        for s in batch
    ]


def _number(value: Decimal | int, decimals: int | None = None) -> str:
    """Russian number formatting; ``decimals`` rounds (Django's ``number_format`` would
    truncate), ``None`` keeps a decimal's own digits without trailing zeros."""
    if isinstance(value, Decimal):
        if decimals is None:
            value = value.normalize()
            decimals = max(0, -int(value.as_tuple().exponent))
        else:
            value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
