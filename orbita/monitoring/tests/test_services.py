from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from orbita.accounts.models import Role
from orbita.accounts.tests.factories import UserFactory, grant
from orbita.core.models import AuditEntry
from orbita.mentoring.tests.conftest import active_pair, competency
from orbita.monitoring import selectors, services
from orbita.monitoring.models import Invitation, Question, SurveyKind, SurveyResponse
from orbita.monitoring.tests.factories import answer_all, distribute, satisfaction_survey
from orbita.registry.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def _mentees(world: Any, n: int) -> list[Any]:
    users = []
    for i in range(n):
        teacher = TeacherFactory.create(school=world.school, full_name=f"Учитель {i}")
        user = UserFactory.create(username=f"mentee{i}", teacher=teacher)
        grant(user, Role.MENTEE)
        users.append(user)
    return users


def test_template_builds_case_001_satisfaction_survey(world: Any) -> None:
    survey = satisfaction_survey(world.municipality)
    assert survey.target_share == Decimal("0.85")
    assert survey.is_anonymous is True
    kinds = list(survey.questions.values_list("kind", flat=True))
    assert kinds == ["scale", "scale", "scale", "multiple", "text"]
    assert survey.questions.filter(counts_for_satisfaction=True).count() == 1


def test_distribution_invites_roles_in_scope_and_mails(
    world: Any, people: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    survey = satisfaction_survey(world.municipality)
    with pytest.raises(PermissionDenied):
        services.distribution_create(
            actor=people["municipal_other"],
            survey=survey,
            audiences=["mentee"],
            deadline=timezone.localdate(),
        )
    with django_capture_on_commit_callbacks(execute=True):
        distribution = services.distribution_create(
            actor=people["municipal"],
            survey=survey,
            audiences=["mentee"],
            deadline=timezone.localdate() + timedelta(days=7),
        )
    assert [i.user for i in distribution.invitations.all()] == [people["mentee"]]
    assert len(mail.outbox) == 1
    assert "анонимная" in mail.outbox[0].body


def test_distribution_refuses_past_deadline_and_nobody(world: Any) -> None:
    survey = satisfaction_survey(world.municipality)
    with pytest.raises(ValidationError):
        distribute(survey, ("mentee",), deadline=date(2020, 1, 1))
    with pytest.raises(ValidationError):
        distribute(survey, ("mentee",))  # nobody holds the role yet


def test_anonymous_response_is_not_linked_to_the_person(world: Any, people: Any) -> None:
    survey = satisfaction_survey(world.municipality)
    distribute(survey, ("mentee",))
    invitation = Invitation.objects.get(user=people["mentee"])
    response = answer_all(invitation, 5, "Больше открытых уроков")
    invitation.refresh_from_db()
    assert invitation.answered_on == timezone.localdate()
    assert response.respondent is None
    assert response.school == world.school
    audit = AuditEntry.objects.get(action="monitoring.invitation.answered")
    assert audit.target_id == str(invitation.pk)
    assert str(response.pk) not in str(audit.data)
    with pytest.raises(ValidationError):
        answer_all(invitation, 4)


def test_named_survey_keeps_the_respondent(world: Any, people: Any) -> None:
    survey = satisfaction_survey(world.municipality, SurveyKind.PAIR_CLOSING)
    distribute(survey, ("mentee",))
    invitation = Invitation.objects.get(user=people["mentee"])
    response = answer_all(invitation, 3)
    assert response.respondent == people["mentee"]


def test_required_and_invalid_answers_report_every_problem(world: Any, people: Any) -> None:
    survey = satisfaction_survey(world.municipality)
    distribute(survey, ("mentee",))
    invitation = Invitation.objects.get(user=people["mentee"])
    scale = list(survey.questions.filter(kind="scale"))
    with pytest.raises(ValidationError) as info:
        services.response_submit(
            actor=people["mentee"], invitation=invitation, answers={scale[0].pk: 9}
        )
    assert set(info.value.message_dict) == {f"q{q.pk}" for q in scale}
    assert SurveyResponse.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.response_submit(actor=people["mentor"], invitation=invitation, answers={})


def test_results_satisfied_share_against_target(
    world: Any, people: Any, django_assert_max_num_queries: Any
) -> None:
    users = _mentees(world, 7)
    survey = satisfaction_survey(world.municipality)
    distribute(survey, ("mentee",))
    values = [5, 5, 4, 4, 4, 4, 3, 2]
    for user, value in zip([people["mentee"], *users], values, strict=True):
        answer_all(Invitation.objects.get(user=user), value, "текст" if value < 4 else "")
    with django_assert_max_num_queries(10):
        results = selectors.survey_results(user=people["municipal"], survey=survey)
    assert (results.responses, results.invited, results.rated, results.satisfied) == (8, 8, 8, 6)
    assert results.satisfied_share == 0.75
    assert results.meets_target is False
    first = results.questions[0]
    assert first.counts == [("1", 0), ("2", 1), ("3", 1), ("4", 4), ("5", 2)]
    assert results.questions[4].texts == ["текст", "текст"]
    summary = selectors.satisfaction_summary(user=people["regional"])
    assert [(r.responses, r.satisfied) for r in summary] == [(8, 6)]
    # Another municipality's coordinator sees no survey; the school coordinator only
    # their school's respondents (here all of them).
    assert selectors.survey_list(user=people["municipal_other"]).count() == 0
    assert selectors.survey_results(user=people["school_other"], survey=survey).responses == 0


def test_builder_adds_choice_question_and_locks_after_distribution(world: Any, people: Any) -> None:
    survey = services.survey_create(
        actor=people["municipal"], municipality=world.municipality, title="Анкета"
    )
    with pytest.raises(ValidationError):
        services.question_add(
            actor=people["municipal"], survey=survey, text="?", kind="single", choices=["да"]
        )
    q = services.question_add(
        actor=people["municipal"],
        survey=survey,
        text="Формат?",
        kind="single",
        choices=["очно", "дистанционно"],
    )
    assert list(q.choices.values_list("text", flat=True)) == ["очно", "дистанционно"]
    distribute(survey, ("mentor",))
    with pytest.raises(ValidationError):
        services.question_add(actor=None, survey=survey, text="Ещё?", kind=Question.Kind.TEXT)


def test_pulse_cadence_30_then_every_60_days(setting: Any, people: Any, mailoutbox: Any) -> None:
    pair = active_pair(setting)
    start = pair.started_on
    assert start is not None
    assert services.pulse_due(pair, start + timedelta(days=29)) == 0
    assert services.pulse_due(pair, start + timedelta(days=30)) == 1
    assert services.pulse_due(pair, start + timedelta(days=89)) == 1
    assert services.pulse_due(pair, start + timedelta(days=90)) == 2
    created = services.pulses_create(today=start + timedelta(days=31))
    assert [(d.pair_id, d.sequence) for d in created] == [(pair.pk, 1)]
    assert sorted(i.audience for i in created[0].invitations.all()) == ["mentee", "mentor"]
    assert services.pulses_create(today=start + timedelta(days=40)) == []
    assert [d.sequence for d in services.pulses_create(today=start + timedelta(days=91))] == [2]


def test_reminders_only_for_unanswered_near_deadline(
    world: Any, people: Any, mailoutbox: Any
) -> None:
    survey = satisfaction_survey(world.municipality, SurveyKind.MENTOR_SATISFACTION)
    distribute(survey, ("mentor", "mentee"), deadline=timezone.localdate() + timedelta(days=2))
    answer_all(Invitation.objects.get(user=people["mentee"]), 5)
    mailoutbox.clear()
    assert services.reminders_send() == 1
    assert mailoutbox[0].to == [people["mentor"].email]
    assert services.reminders_send() == 0


def test_competency_growth_per_pair_school_and_municipality(setting: Any, people: Any) -> None:
    pair = active_pair(setting)
    mentee = setting.mentee
    for code, start, end in (("exam_prep", 2, 4), ("low_achievers", 3, 4)):
        for stage, level in (("start", start), ("end", end)):
            services.assessment_set(
                actor=people["mentor"],
                pair=pair,
                mentee=mentee,
                competency=competency(code),
                stage=stage,
                assessor="mentor",
                level=level,
            )
    with pytest.raises(ValidationError):
        services.assessment_set(
            actor=None,
            pair=pair,
            mentee=mentee,
            competency=competency("digital_tools"),
            stage="start",
            assessor="mentor",
            level=3,
        )
    with pytest.raises(PermissionDenied):
        services.assessment_set(
            actor=people["mentee"],
            pair=pair,
            mentee=mentee,
            competency=competency("exam_prep"),
            stage="start",
            assessor="mentor",
            level=5,
        )
    growth = selectors.competency_growth(user=people["municipal"], by="school")
    assert [(g.label, g.start, g.end, g.count) for g in growth] == [("Красновская ОШ", 2.5, 4.0, 2)]
    assert growth[0].delta == 1.5
    assert selectors.competency_growth(user=people["municipal_other"]) == []


def test_correcting_an_assessment_records_before_and_after(setting: Any, people: Any) -> None:
    from orbita.core.models import AuditEntry

    pair = active_pair(setting)
    kwargs = {
        "pair": pair,
        "mentee": setting.mentee,
        "competency": competency("exam_prep"),
        "stage": "start",
        "assessor": "mentor",
    }
    services.assessment_set(actor=people["mentor"], level=2, **kwargs)
    services.assessment_set(actor=people["mentor"], level=3, **kwargs)
    assert AuditEntry.objects.get(action="monitoring.assessment.updated").data == {"level": [2, 3]}
