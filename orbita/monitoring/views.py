"""Pages of monitoring: the survey list and builder, distribution, the answer form, the
results with their chart and table, competency growth, the assessments of a pair and the
municipal reports (ordered here, built in the background, downloaded as DOCX and XLSX).

Views parse, call one selector or service and render; another scope's object is a 404,
a page the role may not use at all a 403. Service ``ValidationError`` → an error message.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from orbita.mentoring.selectors import pair_get, require_coordinator
from orbita.mentoring.views import ActionView, _errors, _form_errors
from orbita.monitoring import charts, selectors, services
from orbita.monitoring.forms import (
    AnswerForm,
    AssessmentForm,
    DistributionForm,
    QuestionForm,
    ReportForm,
    SurveyCreateForm,
    SurveyEditForm,
)
from orbita.monitoring.models import CompetencyAssessment, Question
from orbita.registry.models import Competency
from orbita.registry.selectors import municipality_list


class CoordinatorMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            require_coordinator(request.user)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class MonitoringHomeView(LoginRequiredMixin, TemplateView):
    """Everyone: their own invitations; coordinators: the surveys of their scope."""

    template_name = "monitoring/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            nav="monitoring",
            invitations=selectors.own_invitations(user=user),
            surveys=selectors.survey_list(user=user),
            can_create=municipality_list(user=user).exists(),
            create_form=SurveyCreateForm(municipalities=municipality_list(user=user)),
        )
        return context


class SurveyCreateView(LoginRequiredMixin, CoordinatorMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SurveyCreateForm(request.POST, municipalities=municipality_list(user=request.user))
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return redirect("monitoring:home")
        data = form.cleaned_data
        if data["kind"] == "custom":
            survey = services.survey_create(
                actor=request.user, municipality=data["municipality"], title=data["title"]
            )
        else:
            survey = services.survey_create_from_template(
                actor=request.user, municipality=data["municipality"], kind=data["kind"]
            )
        messages.success(request, _("Анкета создана."))
        return redirect("monitoring:survey-detail", pk=survey.pk)


class SurveyDetailView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    """The builder: settings, questions, the add-question form, distributions."""

    template_name = "monitoring/survey_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        survey = selectors.survey_get(user=self.request.user, pk=kwargs["pk"])
        distributions = list(selectors.distribution_list(user=self.request.user, survey=survey))
        context.update(
            nav="monitoring",
            survey=survey,
            questions=survey.questions.all(),
            distributions=distributions,
            is_locked=bool(distributions),
            edit_form=SurveyEditForm(instance=survey),
            question_form=QuestionForm(),
            distribution_form=DistributionForm(survey=survey),
        )
        return context


class SurveyEditView(ActionView):
    success_message = _("Анкета сохранена.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        survey = selectors.survey_get(user=request.user, pk=kwargs["pk"])
        form = SurveyEditForm(request.POST, instance=survey)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        survey.refresh_from_db()
        services.survey_update(actor=request.user, survey=survey, data=form.cleaned_data)
        return reverse("monitoring:survey-detail", kwargs={"pk": survey.pk})


class QuestionAddView(ActionView):
    success_message = _("Вопрос добавлен.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        survey = selectors.survey_get(user=request.user, pk=kwargs["pk"])
        form = QuestionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        data = form.cleaned_data
        services.question_add(
            actor=request.user,
            survey=survey,
            text=data["text"],
            kind=data["kind"],
            is_required=data["is_required"],
            counts_for_satisfaction=data["counts_for_satisfaction"],
            choices=form.choice_list(),
        )
        return reverse("monitoring:survey-detail", kwargs={"pk": survey.pk})


class QuestionRemoveView(ActionView):
    success_message = _("Вопрос удалён.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        question = get_object_or_404(
            Question.objects.filter(
                survey__in=selectors.survey_list(user=request.user).values("pk")
            ),
            pk=kwargs["pk"],
        )
        survey_pk = question.survey_id
        services.question_remove(actor=request.user, question=question)
        return reverse("monitoring:survey-detail", kwargs={"pk": survey_pk})


class DistributeView(ActionView):
    success_message = _("Анкета разослана.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        survey = selectors.survey_get(user=request.user, pk=kwargs["pk"])
        form = DistributionForm(request.POST, survey=survey)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        data = form.cleaned_data
        services.distribution_create(
            actor=request.user,
            survey=survey,
            audiences=data["audiences"],
            deadline=data["deadline"],
            schools=list(data["schools"]),
        )
        return reverse("monitoring:survey-detail", kwargs={"pk": survey.pk})


class SurveyResultsView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    template_name = "monitoring/survey_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        survey = selectors.survey_get(user=self.request.user, pk=kwargs["pk"])
        audience = self.request.GET.get("audience", "")
        results = selectors.survey_results(user=self.request.user, survey=survey, audience=audience)
        context.update(
            nav="monitoring",
            survey=survey,
            results=results,
            audience=audience,
            charts={
                r.question.pk: charts.bar_chart(r.counts, title=r.question.text)
                for r in results.questions
                if r.counts
            },
        )
        return context


class AnswerView(LoginRequiredMixin, TemplateView):
    """The invited person's answer form (only their own invitation; anyone else's is 404)."""

    template_name = "monitoring/answer.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        invitation = selectors.invitation_get(user=self.request.user, pk=kwargs["pk"])
        survey = selectors_survey(invitation)
        context.update(
            nav="monitoring",
            invitation=invitation,
            survey=survey,
            form=kwargs.get("form") or AnswerForm(survey=survey),
        )
        return context

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        invitation = selectors.invitation_get(user=request.user, pk=kwargs["pk"])
        survey = selectors_survey(invitation)
        form = AnswerForm(request.POST, survey=survey)
        if form.is_valid():
            try:
                services.response_submit(
                    actor=request.user, invitation=invitation, answers=form.answers()
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errs in error.message_dict.items():
                        form.add_error(name if name in form.fields else None, errs)
                else:
                    messages.error(request, _errors(error))
                    return redirect("monitoring:home")
            else:
                messages.success(request, _("Спасибо! Ответ сохранён."))
                return redirect("monitoring:home")
        return self.render_to_response(self.get_context_data(form=form, **kwargs))


def selectors_survey(invitation: Any) -> Any:
    survey = invitation.distribution.survey
    # Questions with their choices for the form (two queries).
    from django.db.models import Prefetch

    return (
        type(survey)
        .objects.prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
        )
        .get(pk=survey.pk)
    )


class GrowthView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    """Competency growth per pair, school and municipality (mentor's and self-assessment)."""

    template_name = "monitoring/growth.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        by = self.request.GET.get("by", "school")
        if by not in ("pair", "school", "municipality"):
            by = "school"
        assessor = self.request.GET.get("assessor", "mentor")
        if assessor not in ("mentor", "self"):
            assessor = "mentor"
        rows = selectors.competency_growth(user=self.request.user, by=by, assessor=assessor)
        context.update(
            nav="monitoring",
            by=by,
            assessor=assessor,
            rows=rows,
            chart=charts.paired_bar_chart([(r.label, r.start, r.end) for r in rows], maximum=5)
            if rows
            else "",
        )
        return context


class AssessmentView(LoginRequiredMixin, TemplateView):
    """The levels of each competency of the pair's mentees' request maps: start and end,
    self and mentor. Members and coordinators of the pair."""

    template_name = "monitoring/assessments.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pair = pair_get(user=self.request.user, pk=kwargs["pk"])
        existing = {
            (a.mentee_id, a.competency_id, a.stage, a.assessor): a.level
            for a in CompetencyAssessment.objects.filter(pair=pair)
        }
        rows = []
        for mentee in pair.mentees.select_related("teacher").prefetch_related(
            "deficits__competency"
        ):
            for deficit in mentee.deficits.all():
                cells = [
                    (
                        stage,
                        assessor,
                        existing.get((mentee.pk, deficit.competency_id, stage, assessor)),
                    )
                    for stage in ("start", "end")
                    for assessor in ("self", "mentor")
                ]
                rows.append((mentee, deficit.competency, cells))
        context.update(nav="mentoring", pair=pair, rows=rows, form=AssessmentForm())
        return context

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        pair = pair_get(user=request.user, pk=kwargs["pk"])
        form = AssessmentForm(request.POST)
        back = reverse("monitoring:assessments", kwargs={"pk": pair.pk})
        mentee = next(
            (m for m in pair.mentees.all() if str(m.pk) == request.POST.get("mentee")), None
        )
        competency = Competency.objects.filter(pk=request.POST.get("competency") or 0).first()
        stage, assessor = request.POST.get("stage"), request.POST.get("assessor")
        if (
            not form.is_valid()
            or mentee is None
            or competency is None
            or stage not in CompetencyAssessment.Stage.values
            or assessor not in CompetencyAssessment.Assessor.values
        ):
            messages.error(request, _("Укажите уровень от 1 до 5."))
            return HttpResponseRedirect(back)
        try:
            services.assessment_set(
                actor=request.user,
                pair=pair,
                mentee=mentee,
                competency=competency,
                stage=stage,
                assessor=assessor,
                level=form.cleaned_data["level"],
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Оценка сохранена."))
        return HttpResponseRedirect(back)


class ReportListView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    """The municipal reports of the scope with their state, and the form to order one."""

    template_name = "monitoring/reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        municipalities = municipality_list(user=user)
        context.update(
            nav="monitoring",
            reports=selectors.report_list(user=user)[:50],
            can_create=municipalities.exists(),
            form=ReportForm(municipalities=municipalities),
        )
        return context


class ReportCreateView(ActionView):
    success_message = _("Отчёт поставлен в очередь: он появится в списке, когда будет готов.")

    def fallback(self, request: HttpRequest, **kwargs: Any) -> str:
        return reverse("monitoring:reports")

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        require_coordinator(request.user)
        return super().post(request, **kwargs)

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        form = ReportForm(request.POST, municipalities=municipality_list(user=request.user))
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        data = form.cleaned_data
        services.report_request(
            actor=request.user,
            municipality=data["municipality"],
            period_start=data["period_start"],
            period_end=data["period_end"],
        )
        return reverse("monitoring:reports")


class ReportDownloadView(LoginRequiredMixin, View):
    """A built report's DOCX or XLSX; outside the scope, or not built yet: 404."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> FileResponse:
        report = selectors.report_get(user=request.user, pk=pk)
        stored = report.docx if fmt == "docx" else report.xlsx
        if not stored:
            raise Http404
        name = (
            f"otchet-{report.municipality.code}-{report.period_start:%Y%m%d}-"
            f"{report.period_end:%Y%m%d}.{fmt}"
        )
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


class DashboardView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    """The dashboard of one municipality (``?municipality=``, the first in scope by default)
    for a period (the current school year by default), and the region's overview when the
    user coordinates several municipalities."""

    template_name = "monitoring/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from orbita.monitoring.dashboard import region_overview, school_year, shown_sections
        from orbita.monitoring.forms import DashboardForm
        from orbita.monitoring.reports import report_sections

        context = super().get_context_data(**kwargs)
        user = self.request.user
        municipalities = municipality_list(user=user)
        if not municipalities.exists():
            raise PermissionDenied
        start, end = school_year()
        form = DashboardForm(
            self.request.GET or None,
            municipalities=municipalities,
            initial={"municipality": municipalities.first(), "start": start, "end": end},
        )
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        municipality = data.get("municipality") or municipalities.first()
        assert municipality is not None  # municipalities is not empty
        start = data.get("start") or start
        end = data.get("end") or end
        sections = report_sections(
            user=user, municipality=municipality, period_start=start, period_end=end
        )
        all_municipalities = list(municipalities)
        context.update(
            nav="monitoring",
            tab="dashboard",
            form=form,
            municipality=municipality,
            period=(start, end),
            sections=shown_sections(sections, municipality),
            overview=region_overview(user=user, municipalities=all_municipalities)
            if len(all_municipalities) > 1
            else [],
        )
        return context
