"""Pages of roadmaps (план адресных мер поддержки) and network programmes.

The roadmap of a partnership: its items with overdue ones marked, the form to add one, the
seed templates, the measures of the risk profile, XLSX export and import and the DOCX
annex of the agreement. The coordinators of the municipality manage the items; the school
coordinators of either side change an item's status and add evidence.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from orbita.mentoring.documents import docx_response, xlsx_response
from orbita.partnerships import roadmap, rules, selectors, services
from orbita.partnerships.forms import (
    EvidenceForm,
    NetworkProgrammeForm,
    RoadmapImportForm,
    RoadmapItemForm,
    RoadmapStatusForm,
    RoadmapTemplateForm,
)
from orbita.partnerships.models import NetworkProgramme, Partnership, RoadmapEvidence, RoadmapItem
from orbita.partnerships.views import (
    ActionView,
    CoordinatorPage,
    _manageable,
    _school_year,
    labelled,
)


def _roadmap_url(p: Partnership | int, anchor: str = "") -> str:
    pk = p if isinstance(p, int) else p.pk
    return reverse("partnerships:roadmap", kwargs={"pk": pk}) + (f"#{anchor}" if anchor else "")


def _item_data(form: RoadmapItemForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


class RoadmapView(CoordinatorPage):
    template_name = "partnerships/roadmap.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        p = selectors.partnership_get(user=user, pk=self.kwargs["pk"])
        today = timezone.localdate()
        items = list(
            selectors.roadmap_item_list(user=user, partnership_id=p.pk).prefetch_related(
                "evidence", "events"
            )
        )
        for item in items:
            item.overdue = item.is_overdue(today)  # type: ignore[attr-defined]
            item.due_label = roadmap.due_text(item)  # type: ignore[attr-defined]
        may_manage = rules.may_manage_partnership(user, p)
        context.setdefault("form", RoadmapItemForm(partnership=p))
        context.update(
            nav="partnerships",
            tab="partnerships",
            partnership=p,
            items=items,
            overdue=sum(1 for i in items if getattr(i, "overdue", False)),
            may_manage=may_manage,
            may_work=rules.may_work_on_roadmap(user, p),
            status_choices=RoadmapItem.Status.choices,
            evidence_form=EvidenceForm(),
            template_form=RoadmapTemplateForm(
                initial={"template": "case_002", "year": _school_year()}
            ),
            templates=list(roadmap.TEMPLATES.values()),
            import_form=RoadmapImportForm(),
            profiles=list(selectors.risk_profile_list(user=user, school_id=p.supported_id)),
            removed=list(selectors.roadmap_removed(user=user, partnership_id=p.pk))
            if may_manage
            else [],
            history=labelled(selectors.roadmap_history(partnership=p)),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Add an item."""
        p = _manageable(request.user, pk)
        form = RoadmapItemForm(request.POST, partnership=p)
        if form.is_valid():
            try:
                services.roadmap_item_create(
                    actor=request.user, partnership=p, data=_item_data(form)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Мера добавлена в дорожную карту."))
                return redirect(_roadmap_url(p))
        return self.render_to_response(self.get_context_data(form=form))


class RoadmapItemEditView(CoordinatorPage):
    template_name = "partnerships/roadmap_item_form.html"

    def _item(self) -> RoadmapItem:
        item = selectors.roadmap_item_get(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_manage_partnership(self.request.user, item.partnership):
            raise PermissionDenied
        return item

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = kwargs.get("item") or self._item()
        initial = {name: getattr(item, name) for name in RoadmapItemForm.base_fields}
        context.setdefault("form", RoadmapItemForm(initial=initial, partnership=item.partnership))
        context.update(
            nav="partnerships", tab="partnerships", item=item, partnership=item.partnership
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._item()
        form = RoadmapItemForm(request.POST, partnership=item.partnership)
        if form.is_valid():
            try:
                services.roadmap_item_update(actor=request.user, item=item, data=_item_data(form))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Мера сохранена."))
                return redirect(_roadmap_url(item.partnership_id, f"item-{item.pk}"))
        return self.render_to_response(self.get_context_data(form=form, item=item))


class RoadmapItemStatusView(ActionView):
    success_message = gettext_lazy("Статус меры изменён.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        item = selectors.roadmap_item_get(user=request.user, pk=kwargs["pk"])
        form = RoadmapStatusForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Выберите статус."))
        services.roadmap_item_update(actor=request.user, item=item, data=form.cleaned_data)
        return _roadmap_url(item.partnership_id, f"item-{item.pk}")


class RoadmapItemRestoreView(ActionView):
    success_message = gettext_lazy("Мера возвращена в дорожную карту.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        item = selectors.roadmap_removed_get(user=request.user, pk=kwargs["pk"])
        services.roadmap_item_restore(actor=request.user, item=item)
        return _roadmap_url(item.partnership_id, f"item-{item.pk}")


class RoadmapItemDeleteView(ActionView):
    success_message = gettext_lazy(
        "Мера удалена из дорожной карты; вернуть её можно внизу страницы."
    )

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        item = selectors.roadmap_item_get(user=request.user, pk=kwargs["pk"])
        partnership_id = item.partnership_id
        services.roadmap_item_delete(actor=request.user, item=item)
        return _roadmap_url(partnership_id)


class RoadmapEvidenceAddView(ActionView):
    success_message = gettext_lazy("Подтверждение добавлено.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        item = selectors.roadmap_item_get(user=request.user, pk=kwargs["pk"])
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for errs in form.errors.values() for e in errs))
        services.roadmap_evidence_add(
            actor=request.user,
            item=item,
            upload=form.cleaned_data["file"],
            link=form.cleaned_data["link"],
        )
        return _roadmap_url(item.partnership_id, f"item-{item.pk}")


class RoadmapEvidenceFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        ev = (
            RoadmapEvidence.objects.filter(
                item__in=selectors.roadmap_item_list(user=request.user).values("pk"), pk=pk
            )
            .select_related("item")
            .first()
        )
        if ev is None or not ev.file:
            raise Http404
        return FileResponse(
            ev.file.open("rb"),
            as_attachment=True,
            filename=ev.name or (ev.file.name or "").rsplit("/", 1)[-1],
        )


class RoadmapTemplateView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        p = _manageable(request.user, kwargs["pk"])
        form = RoadmapTemplateForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Выберите шаблон и учебный год."))
        items = services.roadmap_apply_template(
            actor=request.user,
            partnership=p,
            code=form.cleaned_data["template"],
            year=form.cleaned_data["year"],
        )
        messages.success(request, _("Добавлено мер по шаблону: %(n)s.") % {"n": len(items)})
        return _roadmap_url(p)


class RoadmapImportView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        p = _manageable(request.user, kwargs["pk"])
        form = RoadmapImportForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for errs in form.errors.values() for e in errs))
        upload = form.cleaned_data["file"]
        items = services.roadmap_import(
            actor=request.user, partnership=p, data=upload.read(), filename=upload.name or ""
        )
        messages.success(request, _("Из файла добавлено мер: %(n)s.") % {"n": len(items)})
        return _roadmap_url(p)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Every problem of the file on its own line."""
        try:
            target = self.act(request, **kwargs)
        except ValidationError as error:
            messages.error(request, _("Файл не загружен, ничего не изменено:"))
            for message in error.messages:
                messages.error(request, message)
            return redirect(_roadmap_url(kwargs["pk"], "import"))
        return redirect(target)


class RoadmapExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        p = selectors.partnership_get(user=request.user, pk=pk)
        items = selectors.roadmap_item_list(user=request.user, partnership_id=p.pk)
        return xlsx_response(roadmap.roadmap_xlsx(p, items), f"dorozhnaya-karta-{p.pk}.xlsx")


class RoadmapAnnexView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        p = selectors.partnership_get(user=request.user, pk=pk)
        items = list(
            selectors.roadmap_item_list(user=request.user, partnership_id=p.pk).exclude(
                status=RoadmapItem.Status.CANCELLED
            )
        )
        return docx_response(roadmap.roadmap_annex_docx(p, items), f"prilozhenie-{p.pk}.docx")


# --- network programmes -------------------------------------------------------------------


def _programme_form(user: Any, data: Any = None, initial: Any = None) -> NetworkProgrammeForm:
    hosts = selectors.managed_schools(user=user)
    return NetworkProgrammeForm(
        data,
        initial=initial,
        hosts=hosts,
        guests=selectors.leader_choices(user=user) | hosts,
        partnerships=selectors.partnership_list(user=user).exclude(status=Partnership.Status.ENDED),
    )


class ProgrammeListView(CoordinatorPage):
    template_name = "partnerships/programme_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            nav="partnerships",
            tab="programmes",
            programmes=list(selectors.network_programme_list(user=user)),
            may_create=selectors.managed_schools(user=user).exists(),
        )
        return context


class ProgrammeCreateView(CoordinatorPage):
    template_name = "partnerships/programme_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        initial: dict[str, Any] = {"is_active": True}
        raw = self.request.GET.get("partnership", "")
        if raw.isdigit():
            p = selectors.partnership_list(user=self.request.user).filter(pk=int(raw)).first()
            if p is not None:
                initial.update(partnership=p, host_school=p.leader, guest_school=p.supported)
        context.setdefault("form", _programme_form(self.request.user, initial=initial))
        context.update(nav="partnerships", tab="programmes")
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _programme_form(request.user, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            host, guest = data.pop("host_school"), data.pop("guest_school")
            try:
                prog = services.network_programme_create(
                    actor=request.user, host_school=host, guest_school=guest, data=data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Сетевая программа сохранена."))
                return redirect("partnerships:programme-detail", pk=prog.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ProgrammeDetailView(LoginRequiredMixin, TemplateView):
    """Open to everyone who sees the programme: the teachers of both schools too."""

    template_name = "partnerships/programme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        prog = selectors.network_programme_get(user=self.request.user, pk=self.kwargs["pk"])
        context.update(
            nav="partnerships",
            tab="programmes",
            programme=prog,
            may_manage=rules.may_manage_school(self.request.user, prog.host_school),
        )
        return context


class ProgrammeEditView(CoordinatorPage):
    template_name = "partnerships/programme_form.html"

    def _programme(self) -> NetworkProgramme:
        prog = selectors.network_programme_get(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_manage_school(self.request.user, prog.host_school):
            raise PermissionDenied
        return prog

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        prog = kwargs.get("programme") or self._programme()
        initial = {name: getattr(prog, name) for name in NetworkProgrammeForm.base_fields}
        context.setdefault("form", _programme_form(self.request.user, initial=initial))
        context.update(nav="partnerships", tab="programmes", programme=prog)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        prog = self._programme()
        form = _programme_form(request.user, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if (
                data.pop("host_school") != prog.host_school
                or data.pop("guest_school") != prog.guest_school
            ):
                form.add_error(None, _("Школы программы не меняются: создайте новую программу."))
            else:
                services.network_programme_update(actor=request.user, programme=prog, data=data)
                messages.success(request, _("Сетевая программа сохранена."))
                return redirect("partnerships:programme-detail", pk=prog.pk)
        return self.render_to_response(self.get_context_data(form=form, programme=prog))
