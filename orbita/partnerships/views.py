"""Pages of partnerships: the list, a partnership (parties, terms, agreements, the balance of
who helped whom, history), creation and editing, agreements and their template versions,
the leader ↔ school recommendation with its map, and risk profiles.

Views parse, call one selector or service and render. Objects come from the scoped
selectors (another scope's object is a 404); a page or action the role may not use is a 403
(the rules, or the services' ``PermissionDenied``). Writes are POST forms that redirect back
with a message; a service's ``ValidationError`` becomes an error message and changes nothing.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from orbita.accounts.access import get_scope
from orbita.mentoring.documents import docx_response
from orbita.mentoring.views import ActionView as MentoringActionView
from orbita.partnerships import documents, rules, selectors, services
from orbita.partnerships.forms import (
    AgreementForm,
    DecideForm,
    EndForm,
    PartnershipCreateForm,
    PartnershipEditForm,
    PartnershipFilterForm,
    ProlongForm,
    RecommendationForm,
    RiskFactorsForm,
    RiskProfileCreateForm,
    RoadmapFromRiskForm,
    SignedScanForm,
    TemplateUploadForm,
)
from orbita.partnerships.models import AgreementTemplate, Partnership, Proposal, RoadmapItem
from orbita.partnerships.recommendation import proposal_decide, recommendation_run
from orbita.registry.selectors import municipality_list

PAGE_SIZE = 50

ACTIONS = {
    "partnerships.partnership.created": gettext_lazy("создано партнёрство"),
    "partnerships.partnership.updated": gettext_lazy("изменены сведения"),
    "partnerships.partnership.activated": gettext_lazy("партнёрство вступило в силу"),
    "partnerships.partnership.prolonged": gettext_lazy("партнёрство продлено"),
    "partnerships.partnership.ended": gettext_lazy("партнёрство завершено"),
    "partnerships.agreement.created": gettext_lazy("сформировано соглашение"),
    "partnerships.agreement.signed": gettext_lazy("загружен подписанный скан"),
    "partnerships.roadmap_item.created": gettext_lazy("добавлена мера дорожной карты"),
    "partnerships.roadmap_item.updated": gettext_lazy("изменена мера дорожной карты"),
    "partnerships.roadmap_item.deleted": gettext_lazy("удалена мера дорожной карты"),
    "partnerships.roadmap_item.restored": gettext_lazy("возвращена мера дорожной карты"),
    "partnerships.roadmap_evidence.created": gettext_lazy("добавлено подтверждение меры"),
    "partnerships.roadmap.template_applied": gettext_lazy("дорожная карта заполнена по шаблону"),
    "partnerships.roadmap.imported": gettext_lazy("дорожная карта загружена из файла"),
}


def labelled(entries: Sequence[Any]) -> list[Any]:
    """History entries with ``label``: the partnership's own wording of the action."""
    for entry in entries:
        entry.label = ACTIONS.get(entry.action, entry.verb)
    return list(entries)


def _errors(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def coordinator_only(user: Any) -> None:
    """Partnership pages are for coordinators (region, municipality, school)."""
    if not get_scope(user).is_coordinator:
        raise PermissionDenied


class CoordinatorPage(LoginRequiredMixin, TemplateView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            coordinator_only(request.user)
        return super().dispatch(request, *args, **kwargs)


class ActionView(MentoringActionView):
    """A POST that calls one service and redirects back with a message (mentoring's), back
    to the partnership list when there is no page to return to."""

    success_message: Any = ""

    def fallback(self, request: HttpRequest, **kwargs: Any) -> str:
        return request.headers.get("Referer") or reverse("partnerships:list")


def _detail_url(p: Partnership, anchor: str = "") -> str:
    return reverse("partnerships:detail", kwargs={"pk": p.pk}) + (f"#{anchor}" if anchor else "")


def _manageable(user: Any, pk: int) -> Partnership:
    p = selectors.partnership_get(user=user, pk=pk)
    if not rules.may_manage_partnership(user, p):
        raise PermissionDenied
    return p


# --- partnerships -------------------------------------------------------------------------


class PartnershipListView(CoordinatorPage):
    template_name = "partnerships/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        municipalities = municipality_list(user=user)
        form = PartnershipFilterForm(self.request.GET or None, municipalities=municipalities)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        municipality = data.get("municipality")
        paginator = Paginator(
            selectors.partnership_list(
                user=user,
                municipality_id=municipality.pk if municipality else None,
                status=data.get("status") or None,
            ),
            PAGE_SIZE,
        )
        page = paginator.get_page(self.request.GET.get("page"))
        partnerships = list(page.object_list)
        overdue = dict(
            selectors.overdue_filter(
                RoadmapItem.objects.filter(
                    partnership__in=[p.pk for p in partnerships], deleted_at__isnull=True
                )
            )
            .values_list("partnership_id")
            .annotate(n=Count("pk"))
        )
        for p in partnerships:
            p.overdue = overdue.get(p.pk, 0)  # type: ignore[attr-defined]
        context.update(
            nav="partnerships",
            tab="partnerships",
            form=form,
            partnerships=partnerships,
            page_obj=page,
            page_range=list(
                paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
            ),
            may_create=municipalities.exists(),
        )
        return context


class PartnershipCreateView(CoordinatorPage):
    template_name = "partnerships/form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not municipality_list(user=request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data: Any = None) -> PartnershipCreateForm:
        user = self.request.user
        initial = {}
        for name in ("leader", "supported"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return PartnershipCreateForm(
            data,
            initial=initial,
            leaders=selectors.leader_choices(user=user),
            supported=selectors.supported_choices(user=user),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context.update(nav="partnerships", tab="partnerships")
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                p = services.partnership_create(actor=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Партнёрство создано (проект)."))
                return redirect("partnerships:detail", pk=p.pk)
        return self.render_to_response(self.get_context_data(form=form))


class PartnershipEditView(CoordinatorPage):
    template_name = "partnerships/form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        p = kwargs.get("partnership") or _manageable(self.request.user, self.kwargs["pk"])
        context.setdefault(
            "form",
            PartnershipEditForm(
                initial={name: getattr(p, name) for name in PartnershipEditForm.base_fields}
            ),
        )
        context.update(nav="partnerships", tab="partnerships", partnership=p)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        p = _manageable(request.user, pk)
        form = PartnershipEditForm(request.POST)
        if form.is_valid():
            try:
                services.partnership_update(
                    actor=request.user, partnership=p, data=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Сведения о партнёрстве сохранены."))
                return redirect("partnerships:detail", pk=p.pk)
        return self.render_to_response(self.get_context_data(form=form, partnership=p))


class PartnershipDetailView(CoordinatorPage):
    template_name = "partnerships/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        p = selectors.partnership_get(user=user, pk=self.kwargs["pk"])
        items = list(selectors.roadmap_item_list(user=user, partnership_id=p.pk))
        today = timezone.localdate()
        history = labelled(selectors.partnership_history(partnership=p))
        agreements = list(selectors.agreement_list(user=user, partnership_id=p.pk))
        histories = selectors.agreement_histories(agreements=agreements)
        for agreement in agreements:
            agreement.history = labelled(histories.get(str(agreement.pk), []))  # type: ignore[attr-defined]
        context.update(
            nav="partnerships",
            tab="partnerships",
            partnership=p,
            terms=list(p.terms.all()),
            agreements=agreements,
            items_total=sum(1 for i in items if i.status != RoadmapItem.Status.CANCELLED),
            items_done=sum(1 for i in items if i.status == RoadmapItem.Status.DONE),
            items_overdue=sum(1 for i in items if i.is_overdue(today)),
            balance=selectors.partnership_balance(partnership=p),
            events_balance=_events_balance(p),
            profiles=list(selectors.risk_profile_list(user=user, school_id=p.supported_id)),
            programmes=[
                g for g in selectors.network_programme_list(user=user) if g.partnership_id == p.pk
            ],
            history=history,
            may_manage=rules.may_manage_partnership(user, p),
            prolong_form=ProlongForm(),
            end_form=EndForm(),
        )
        return context


def _events_balance(p: Partnership) -> dict[str, int]:
    """Events of the partnership counted by the helping side (collaboration records it)."""
    from orbita.collaboration.models import Event

    counts = dict(
        Event.objects.filter(partnership=p)
        .values_list("helper_school_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {"leader": counts.get(p.leader_id, 0), "supported": counts.get(p.supported_id, 0)}


class PartnershipActivateView(ActionView):
    success_message = gettext_lazy("Партнёрство вступило в силу.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        p = selectors.partnership_get(user=request.user, pk=kwargs["pk"])
        services.partnership_activate(actor=request.user, partnership=p)
        return _detail_url(p)


class PartnershipProlongView(ActionView):
    success_message = gettext_lazy("Партнёрство продлено: добавлен новый срок, прежний сохранён.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        p = _manageable(request.user, kwargs["pk"])
        form = ProlongForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Укажите новое окончание."))
        services.partnership_prolong(
            actor=request.user,
            partnership=p,
            end=form.cleaned_data["end"],
            note=form.cleaned_data["note"],
        )
        return _detail_url(p, "terms")


class PartnershipEndView(ActionView):
    success_message = gettext_lazy("Партнёрство завершено.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        p = _manageable(request.user, kwargs["pk"])
        form = EndForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.partnership_end(actor=request.user, partnership=p, reason=reason)
        return _detail_url(p)


# --- agreements ---------------------------------------------------------------------------


class AgreementCreateView(CoordinatorPage):
    template_name = "partnerships/agreement_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        p = kwargs.get("partnership") or _manageable(self.request.user, self.kwargs["pk"])
        context.setdefault(
            "form", AgreementForm(initial={"date": timezone.localdate(), "city": ""})
        )
        context.update(
            nav="partnerships",
            tab="partnerships",
            partnership=p,
            template=AgreementTemplate.objects.filter(is_active=True).order_by("-version").first(),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        p = _manageable(request.user, pk)
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                services.agreement_generate(
                    actor=request.user, partnership=p, data=form.service_data()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Соглашение сформировано: скачайте его DOCX."))
                return redirect(_detail_url(p, "agreements"))
        return self.render_to_response(self.get_context_data(form=form, partnership=p))


class AgreementDocumentView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        agreement = selectors.agreement_get(user=request.user, pk=pk)
        if agreement.file:
            with agreement.file.open("rb") as fh:
                data = fh.read()
        else:
            data = documents.render_agreement(agreement)
        return docx_response(data, f"soglashenie-{agreement.number or agreement.pk}.docx")


class AgreementScanView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        agreement = selectors.agreement_get(user=request.user, pk=pk)
        if not agreement.signed_scan:
            raise Http404
        return FileResponse(
            agreement.signed_scan.open("rb"),
            as_attachment=True,
            filename=agreement.signed_name or (agreement.signed_scan.name or "").rsplit("/")[-1],
        )


class AgreementSignedView(ActionView):
    success_message = gettext_lazy("Подписанный скан загружен.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        agreement = selectors.agreement_get(user=request.user, pk=kwargs["pk"])
        if not rules.may_manage_partnership(request.user, agreement.partnership):
            raise PermissionDenied
        form = SignedScanForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_("Выберите файл скана."))
        services.agreement_upload_signed(
            actor=request.user,
            agreement=agreement,
            upload=form.cleaned_data["signed_scan"],
            signed_at=form.cleaned_data["signed_at"],
        )
        return _detail_url(agreement.partnership, "agreements")


class TemplateListView(CoordinatorPage):
    """Versions of the agreement template, the placeholders it may use, and the upload of
    a new version (regional administrators)."""

    template_name = "partnerships/templates.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TemplateUploadForm())
        context.update(
            nav="partnerships",
            tab="templates",
            versions=list(AgreementTemplate.objects.select_related("created_by")),
            placeholders=[
                *documents.PLACEHOLDERS.items(),
            ],
            may_upload=rules.may_manage_templates(self.request.user),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        if not rules.may_manage_templates(request.user):
            raise PermissionDenied
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                tpl = services.template_upload(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    data=form.cleaned_data["file"].read(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                messages.success(request, _("Загружена версия %(v)s шаблона.") % {"v": tpl.version})
                return redirect("partnerships:templates")
        return self.render_to_response(self.get_context_data(form=form))


class TemplateDownloadView(LoginRequiredMixin, View):
    """A stored version (``pk``) or the shipped template (no ``pk``)."""

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
        coordinator_only(request.user)
        if pk is None:
            return docx_response(documents.default_template_bytes(), "shablon-soglasheniya.docx")
        tpl = AgreementTemplate.objects.filter(pk=pk).first()
        if tpl is None:
            raise Http404
        with tpl.file.open("rb") as fh:
            return docx_response(fh.read(), f"shablon-soglasheniya-v{tpl.version}.docx")


# --- recommendation -----------------------------------------------------------------------


class RecommendationListView(CoordinatorPage):
    template_name = "partnerships/recommendations.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not municipality_list(user=request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.setdefault("form", RecommendationForm(municipalities=municipality_list(user=user)))
        context.update(
            nav="partnerships",
            tab="recommendations",
            runs=list(selectors.recommendation_run_list(user=user)[:30]),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RecommendationForm(request.POST, municipalities=municipality_list(user=request.user))
        if form.is_valid():
            run = recommendation_run(
                actor=request.user,
                municipality=form.cleaned_data["municipality"],
                year=form.cleaned_data["year"],
            )
            return redirect("partnerships:recommendation-detail", pk=run.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RecommendationDetailView(CoordinatorPage):
    template_name = "partnerships/recommendation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.conf import settings

        context = super().get_context_data(**kwargs)
        user = self.request.user
        run = selectors.recommendation_run_get(user=user, pk=self.kwargs["pk"])
        leaders = selectors.leader_choices(user=user)
        proposals = list(run.proposals.select_related("leader__municipality", "supported"))
        for p in proposals:
            p.form = DecideForm(leaders=leaders, prefix=f"p{p.pk}")  # type: ignore[attr-defined]
        data = selectors.proposal_map(run)
        data["tiles"] = getattr(settings, "ORBITA_MAP_TILE_URL", "") or ""
        context.update(
            nav="partnerships",
            tab="recommendations",
            run=run,
            proposals=proposals,
            map_data=data,
            may_decide=run.municipality is not None
            and rules.may_manage_municipality(user, run.municipality),
        )
        return context


class ProposalDecideView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        proposal = selectors.proposal_get(user=request.user, pk=kwargs["pk"])
        form = DecideForm(
            request.POST,
            leaders=selectors.leader_choices(user=request.user),
            prefix=f"p{proposal.pk}",
        )
        if not form.is_valid():
            raise ValidationError(_("Выберите решение."))
        decision = form.cleaned_data["decision"]
        partnership = proposal_decide(
            actor=request.user,
            proposal=proposal,
            decision=decision,
            leader=form.cleaned_data["leader"],
            reason=form.cleaned_data["reason"],
        )
        if partnership is not None:
            messages.success(
                request,
                _("Создан проект партнёрства %(p)s.") % {"p": partnership},
            )
        elif decision == Proposal.Decision.REJECTED:
            messages.success(request, _("Предложение отклонено."))
        return reverse("partnerships:recommendation-detail", kwargs={"pk": proposal.run_id})


# --- risk profiles ------------------------------------------------------------------------


class RiskProfileListView(CoordinatorPage):
    template_name = "partnerships/risk_profiles.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        schools = selectors.managed_schools(user=user)
        context.setdefault("form", RiskProfileCreateForm(initial={"year": _school_year()}))
        context.update(
            nav="partnerships",
            tab="risks",
            profiles=list(selectors.risk_profile_list(user=user)),
            schools=list(schools),
            selected=self.request.GET.get("school", ""),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RiskProfileCreateForm(request.POST)
        raw = str(request.POST.get("school", ""))
        school = (
            selectors.managed_schools(user=request.user).filter(pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if school is None:
            form.add_error(None, _("Выберите школу."))
        if form.is_valid() and school is not None:
            year = form.cleaned_data["year"]
            levels = (
                services.risk_prefill(school=school, year=year)
                if form.cleaned_data["prefill"]
                else None
            )
            try:
                profile = services.risk_profile_create(
                    actor=request.user, school=school, year=year, levels=levels
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Рисковый профиль создан."))
                return redirect("partnerships:risk-profile", pk=profile.pk)
        return self.render_to_response(self.get_context_data(form=form))


def _school_year() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


class RiskProfileDetailView(CoordinatorPage):
    template_name = "partnerships/risk_profile.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        profile = selectors.risk_profile_get(user=user, pk=self.kwargs["pk"])
        context.setdefault("form", RiskFactorsForm(profile=profile))
        partnerships = [
            p
            for p in selectors.partnership_list(user=user).filter(supported=profile.school)
            if rules.may_manage_partnership(user, p) and p.status != Partnership.Status.ENDED
        ]
        context.update(
            nav="partnerships",
            tab="risks",
            profile=profile,
            may_edit=rules.may_manage_school(user, profile.school),
            partnerships=partnerships,
            roadmap_form=RoadmapFromRiskForm(
                initial={"start": timezone.localdate().replace(day=1)}
            ),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = selectors.risk_profile_get(user=request.user, pk=pk)
        if not rules.may_manage_school(request.user, profile.school):
            raise PermissionDenied
        form = RiskFactorsForm(request.POST, profile=profile)
        if form.is_valid():
            for factor, data in form.changes():
                services.risk_factor_update(actor=request.user, factor=factor, data=data)
            messages.success(request, _("Рисковый профиль сохранён."))
            return redirect("partnerships:risk-profile", pk=profile.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RiskToRoadmapView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        profile = selectors.risk_profile_get(user=request.user, pk=kwargs["pk"])
        raw = request.POST.get("partnership", "")
        form = RoadmapFromRiskForm(request.POST)
        if not raw.isdigit() or not form.is_valid():
            raise ValidationError(_("Выберите партнёрство и укажите начало мер."))
        p = _manageable(request.user, int(raw))
        items = services.roadmap_from_risk_profile(
            actor=request.user, partnership=p, profile=profile, start=form.cleaned_data["start"]
        )
        messages.success(request, _("В дорожную карту добавлено мер: %(n)s.") % {"n": len(items)})
        return reverse("partnerships:roadmap", kwargs={"pk": p.pk})


class PartnershipReportView(LoginRequiredMixin, View):
    """The partnership report as DOCX, built on request (one partnership is small)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        from orbita.collaboration.models import Event

        coordinator_only(request.user)
        user = request.user
        p = selectors.partnership_get(user=user, pk=pk)
        data = documents.partnership_report_docx(
            p,
            items=selectors.roadmap_item_list(user=user, partnership_id=p.pk),
            balance=selectors.partnership_balance(partnership=p),
            events=Event.objects.filter(partnership=p)
            .exclude(status=Event.Status.CANCELLED)
            .order_by("starts_at", "id"),
            profiles=selectors.risk_profile_list(user=user, school_id=p.supported_id).order_by(
                "-year"
            ),
            today=timezone.localdate(),
        )
        return docx_response(data, f"otchet-partnerstvo-{p.pk}.docx")
