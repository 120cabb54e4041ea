"""Survey templates: the satisfaction questionnaires of case 001 (target 85 % each, answers
4–5 counted as satisfied), the closing survey of a pair and the pulse survey. A coordinator
makes a survey of their municipality from a template and then edits it in the builder.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from orbita.monitoring.models import Question, SurveyKind

SCALE, SINGLE, MULTIPLE, TEXT = (
    Question.Kind.SCALE,
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.TEXT,
)


@dataclass(frozen=True)
class QuestionTemplate:
    text: str | Promise
    kind: str
    is_required: bool = True
    counts_for_satisfaction: bool = False
    choices: tuple[str | Promise, ...] = ()


@dataclass(frozen=True)
class SurveyTemplate:
    kind: str
    title: str | Promise
    description: str | Promise
    audiences: tuple[str, ...]
    is_anonymous: bool = True
    questions: tuple[QuestionTemplate, ...] = field(default=())


FORMATS = (
    _("очные встречи"),
    _("дистанционные встречи"),
    _("открытые уроки"),
    _("мастер-классы"),
    _("консультации"),
    _("взаимопосещение уроков"),
)

SURVEY_TEMPLATES: dict[str, SurveyTemplate] = {
    SurveyKind.MENTEE_SATISFACTION: SurveyTemplate(
        SurveyKind.MENTEE_SATISFACTION,
        _("Удовлетворённость наставляемых участием в программе наставничества"),
        _("Анкета анонимная. Оцените по шкале от 1 (совсем нет) до 5 (полностью)."),
        ("mentee",),
        questions=(
            QuestionTemplate(
                _("Насколько вы удовлетворены участием в программе наставничества?"),
                SCALE,
                counts_for_satisfaction=True,
            ),
            QuestionTemplate(_("Насколько полезной была работа с наставником?"), SCALE),
            QuestionTemplate(
                _("Насколько вы продвинулись в преодолении своих затруднений?"), SCALE
            ),
            QuestionTemplate(
                _("Какие формы работы были для вас самыми полезными?"),
                MULTIPLE,
                is_required=False,
                choices=FORMATS,
            ),
            QuestionTemplate(_("Что стоит изменить в программе?"), TEXT, is_required=False),
        ),
    ),
    SurveyKind.MENTOR_SATISFACTION: SurveyTemplate(
        SurveyKind.MENTOR_SATISFACTION,
        _("Удовлетворённость наставников участием в программе наставничества"),
        _("Анкета анонимная. Оцените по шкале от 1 (совсем нет) до 5 (полностью)."),
        ("mentor",),
        questions=(
            QuestionTemplate(
                _("Насколько вы удовлетворены участием в программе наставничества?"),
                SCALE,
                counts_for_satisfaction=True,
            ),
            QuestionTemplate(_("Насколько вам хватало времени на работу с парой?"), SCALE),
            QuestionTemplate(_("Насколько наставляемый продвинулся в своих затруднениях?"), SCALE),
            QuestionTemplate(
                _("Готовы ли вы продолжить наставничество в следующем году?"),
                SINGLE,
                choices=(_("да"), _("нет"), _("пока не знаю")),
            ),
            QuestionTemplate(_("Что вам мешало?"), TEXT, is_required=False),
        ),
    ),
    SurveyKind.PAIR_CLOSING: SurveyTemplate(
        SurveyKind.PAIR_CLOSING,
        _("Итоговая анкета наставнической пары"),
        _("Заполняется наставником и наставляемым при завершении работы пары."),
        ("mentor", "mentee"),
        is_anonymous=False,
        questions=(
            QuestionTemplate(
                _("Насколько достигнута цель плана работы пары?"),
                SCALE,
                counts_for_satisfaction=True,
            ),
            QuestionTemplate(_("Какие затруднения удалось преодолеть?"), TEXT, is_required=False),
            QuestionTemplate(
                _("Нужна ли дальнейшая поддержка?"),
                SINGLE,
                choices=(_("нет"), _("да, по той же компетенции"), _("да, по другой")),
            ),
        ),
    ),
    SurveyKind.PULSE: SurveyTemplate(
        SurveyKind.PULSE,
        _("Пульс-опрос наставнической пары"),
        _("Короткий опрос: как идёт работа пары."),
        ("mentor", "mentee"),
        questions=(
            QuestionTemplate(
                _("Как вы оцениваете работу пары за последние недели?"),
                SCALE,
                counts_for_satisfaction=True,
            ),
            QuestionTemplate(_("Что мешает?"), TEXT, is_required=False),
        ),
    ),
}
