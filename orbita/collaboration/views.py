"""Pages of collaboration: events (list, month, detail, forms, registration, attendance,
outcome), calendars (ICS feeds) and notifications, the bank of materials (search, upload,
the collection builder), brainstorm sessions (live ideas, combining, rating, the
recommendations).

Views parse, call one selector or service and render. Objects come from the scoped
selectors (another scope's object is a 404); an action the role may not take is a 403 from
the services' ``PermissionDenied``. Writes are POST forms that redirect back with a message;
a service's ``ValidationError`` becomes an error message and changes nothing.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from orbita.accounts.access import get_scope
from orbita.collaboration import documents, ics, rules, selectors, services
from orbita.collaboration.forms import (
    AttendanceForm,
    CollectionForm,
    EventFilter,
    EventForm,
    IdeaForm,
    IdeaTargetForm,
    InviteForm,
    MaterialFilter,
    MaterialForm,
    OutcomeForm,
    RateForm,
    SessionForm,
)
from orbita.collaboration.models import BrainstormSession, Direction, Idea, Registration
from orbita.registry.selectors import school_choices

PAGE_SIZE = 25
MONTHS = (
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def _errors(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _paginate(request: HttpRequest, items: Any) -> tuple[Any, list[Any]]:
    paginator = Paginator(items, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return page, list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


class ActionView(LoginRequiredMixin, View):
    """A POST that calls one service and redirects back with a message."""

    http_method_names = ["post"]
    success_message = ""

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        """Do the work; return the URL to go back to. Raise ``ValidationError`` to refuse."""
        raise NotImplementedError

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            target = self.act(request, **kwargs)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return HttpResponseRedirect(
                request.headers.get("Referer") or reverse("collaboration:event-list")
            )
        if self.success_message:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(target)


# --- events -------------------------------------------------------------------------------


class EventListView(LoginRequiredMixin, TemplateView):
    """Events in scope with filters; for coordinators the count by kind and direction."""

    template_name = "collaboration/event_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        qs = selectors.event_list(user=user)
        filterset = EventFilter(
            self.request.GET or None, queryset=qs, schools=school_choices(user=user)
        )
        events = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        page, pages = _paginate(self.request, events)
        scope = get_scope(user)
        context.update(
            nav="events",
            filter=filterset,
            page_obj=page,
            page_range=pages,
            counts=selectors.event_counts(user=user) if scope.is_coordinator else None,
            directions=Direction.choices,
            may_create=rules.may_create_event(user),
            today=timezone.localdate(),
        )
        return context


class EventMonthView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/event_month.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year", today.year))
            month = int(self.request.GET.get("month", today.month))
            date(year, month, 1)
        except ValueError as error:
            raise Http404 from error
        kind = self.request.GET.get("kind", "")
        weeks = selectors.event_month(user=self.request.user, year=year, month=month, kind=kind)
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        context.update(
            nav="events",
            weeks=weeks,
            year=year,
            month=month,
            month_name=_(MONTHS[month]),
            previous=previous,
            following=following,
            kind=kind,
            today=today,
        )
        return context


def _event_form(user: Any, data: Any = None, initial: Any = None) -> EventForm:
    from orbita.partnerships.models import Partnership
    from orbita.partnerships.selectors import partnership_list, roadmap_item_list

    return EventForm(
        data,
        initial=initial,
        municipalities=selectors.event_municipalities(user=user),
        schools=selectors.region_schools(user=user),
        partnerships=partnership_list(user=user).exclude(status=Partnership.Status.ENDED),
        roadmap_items=roadmap_item_list(user=user)
        .exclude(status__in=("done", "cancelled"))
        .select_related("partnership__supported"),
    )


def _event_data(form: EventForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if data["direction"] == Direction.NETWORK:
        data["helper_school"] = data["helped_school"] = None
    return data


class EventCreateView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/event_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not rules.may_create_event(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", _event_form(self.request.user))
        context["nav"] = "events"
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _event_form(request.user, request.POST)
        if form.is_valid():
            data = _event_data(form)
            try:
                event = services.event_create(actor=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Мероприятие создано."))
                return redirect("collaboration:event-detail", pk=event.pk)
        return self.render_to_response(self.get_context_data(form=form))


class EventEditView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/event_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = kwargs.get("event") or selectors.event_manageable(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        context.setdefault(
            "form", _event_form(self.request.user, initial=EventForm.initial_from(event))
        )
        context.update(nav="events", event=event)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = selectors.event_manageable(user=request.user, pk=pk)
        form = _event_form(request.user, request.POST)
        if form.is_valid():
            data = _event_data(form)
            data.pop("municipality")
            try:
                services.event_update(actor=request.user, event=event, data=data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Мероприятие сохранено."))
                return redirect("collaboration:event-detail", pk=event.pk)
        return self.render_to_response(self.get_context_data(form=form, event=event))


class EventDetailView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        event = selectors.event_get(user=user, pk=self.kwargs["pk"])
        may_manage = rules.may_manage_event(user, event)
        registrations = list(selectors.registration_list(user=user, event=event))
        active = [r for r in registrations if r.status == Registration.Status.REGISTERED]
        context.update(
            nav="events",
            event=event,
            may_manage=may_manage,
            registrations=active,
            materials=list(selectors.material_list(user=user, event_id=event.pk)),
            attendance_form=AttendanceForm(
                registrations=active,
                initial={
                    "attended": [str(r.user_id) for r in active if r.attended],
                    "attendance_count": event.attendance_count,
                },
            )
            if may_manage
            else None,
            outcome_form=OutcomeForm(initial={"outcome": event.outcome}) if may_manage else None,
            has_started=event.starts_at <= timezone.now(),
        )
        return context


class EventRegisterView(ActionView):
    success_message = ""

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        event = selectors.event_get(user=request.user, pk=kwargs["pk"])
        services.event_register(actor=request.user, event=event)
        messages.success(request, _("Вы зарегистрированы."))
        return reverse("collaboration:event-detail", kwargs={"pk": event.pk})


class EventUnregisterView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        event = selectors.event_get(user=request.user, pk=kwargs["pk"])
        services.registration_cancel(actor=request.user, event=event)
        messages.success(request, _("Регистрация отменена."))
        return reverse("collaboration:event-detail", kwargs={"pk": event.pk})


class EventCancelView(ActionView):
    success_message = ""

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        event = selectors.event_manageable(user=request.user, pk=kwargs["pk"])
        services.event_cancel(actor=request.user, event=event)
        messages.success(request, _("Мероприятие отменено."))
        return reverse("collaboration:event-detail", kwargs={"pk": event.pk})


class EventAttendanceView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        event = selectors.event_manageable(user=request.user, pk=kwargs["pk"])
        registrations = list(selectors.registration_list(user=request.user, event=event))
        form = AttendanceForm(request.POST, registrations=registrations)
        if not form.is_valid():
            raise ValidationError(_("Проверьте отметки посещаемости."))
        services.attendance_record(
            actor=request.user,
            event=event,
            attended_user_ids=[int(v) for v in form.cleaned_data["attended"]],
            attendance_count=form.cleaned_data["attendance_count"],
        )
        messages.success(request, _("Посещаемость записана."))
        return reverse("collaboration:event-detail", kwargs={"pk": event.pk})


class EventOutcomeView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        event = selectors.event_manageable(user=request.user, pk=kwargs["pk"])
        form = OutcomeForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Опишите итоги."))
        services.event_outcome_record(
            actor=request.user, event=event, outcome=form.cleaned_data["outcome"]
        )
        messages.success(request, _("Итоги записаны."))
        return reverse("collaboration:event-detail", kwargs={"pk": event.pk})


# --- calendars and notifications ----------------------------------------------------------


class CalendarView(LoginRequiredMixin, TemplateView):
    """The user's secret ICS address (issue, regenerate, revoke) and their municipalities'."""

    template_name = "collaboration/calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        feed = selectors.own_feed(user=user)
        municipal = list(selectors.municipal_feeds(user=user))
        manageable = [
            m
            for m in selectors.event_municipalities(user=user)
            if rules.may_issue_municipal_feed(user, m)
        ]
        context.update(
            nav="events",
            feed=feed,
            feed_url=self._url(feed.token) if feed else "",
            municipal=[(f, self._url(f.token)) for f in municipal],
            manageable=manageable,
        )
        return context

    def _url(self, token: str) -> str:
        return self.request.build_absolute_uri(
            reverse("collaboration:feed", kwargs={"token": token})
        )


class FeedIssueView(ActionView):
    success_message = ""

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        services.feed_issue(actor=request.user)
        messages.success(request, _("Новый адрес календаря выпущен; прежний больше не работает."))
        return reverse("collaboration:calendar")


class FeedRevokeView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        feed = selectors.own_feed(user=request.user)
        if feed is not None:
            services.feed_revoke(actor=request.user, feed=feed)
        messages.success(request, _("Адрес календаря отозван."))
        return reverse("collaboration:calendar")


class MunicipalFeedIssueView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        municipality = selectors.event_municipality_get(user=request.user, pk=kwargs["pk"])
        services.feed_issue(actor=request.user, municipality=municipality)
        messages.success(request, _("Календарь муниципалитета выпущен."))
        return reverse("collaboration:calendar")


class FeedView(View):
    """The ICS document behind a secret address (no sign-in: the address is the key)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        feed = selectors.feed_by_token(token=token.removesuffix(".ics"))
        if feed.municipality_id is not None:
            events = selectors.municipal_feed_events(feed=feed)
            programmes = selectors.municipal_feed_programmes(feed=feed)
            name = _("Мероприятия: %(name)s") % {"name": feed.municipality.name}  # type: ignore[union-attr]
        else:
            if feed.user is None or not feed.user.is_active:
                raise Http404
            events = selectors.personal_feed_events(feed=feed)
            programmes = selectors.personal_feed_programmes(feed=feed)
            name = _("Орбита: мои мероприятия")
        body = ics.feed_calendar(
            name=name,
            events=events,
            programmes=programmes,
            host=request.get_host().split(":")[0],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="orbita.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/notification_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, pages = _paginate(self.request, selectors.notification_list(user=self.request.user))
        context.update(nav="events", page_obj=page, page_range=pages)
        return context


class NotificationReadView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        notification = selectors.notification_get(user=request.user, pk=kwargs["pk"])
        services.notification_read(actor=request.user, notification=notification)
        return notification.link or reverse("collaboration:notification-list")


class NotificationReadAllView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        services.notifications_read_all(actor=request.user)
        return reverse("collaboration:notification-list")


# --- materials ----------------------------------------------------------------------------


class MaterialListView(LoginRequiredMixin, TemplateView):
    """The bank: Russian full-text search, filters, and the collection builder (tick the
    materials, download «сборник лучших практик»)."""

    template_name = "collaboration/material_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        qs = selectors.material_list(user=self.request.user)
        filterset = MaterialFilter(self.request.GET or None, queryset=qs)
        materials = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        page, pages = _paginate(self.request, materials)
        context.update(
            nav="materials",
            filter=filterset,
            page_obj=page,
            page_range=pages,
            may_add=selectors.material_schools(user=self.request.user).exists(),
        )
        return context


class MaterialCreateView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/material_form.html"

    def _form(self, data: Any = None, files: Any = None) -> MaterialForm:
        user = self.request.user
        initial: dict[str, Any] = {}
        if event_id := self.request.GET.get("event", ""):
            initial["event"] = event_id if event_id.isdigit() else None
        schools = selectors.material_schools(user=user)
        if schools.count() == 1:
            initial["school"] = schools.first()
        return MaterialForm(
            data,
            files,
            initial=initial,
            schools=schools,
            events=selectors.event_list(user=user).order_by("-starts_at"),
        )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if (
            request.user.is_authenticated
            and not selectors.material_schools(user=request.user).exists()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["nav"] = "materials"
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                material = services.material_create(actor=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Материал добавлен в банк."))
                return redirect("collaboration:material-detail", pk=material.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MaterialDetailView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/material_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        material = selectors.material_get(user=self.request.user, pk=self.kwargs["pk"])
        context.update(
            nav="materials",
            material=material,
            may_manage=rules.may_manage_material(self.request.user, material),
        )
        return context


class MaterialFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        material = selectors.material_get(user=request.user, pk=pk)
        if not material.file:
            raise Http404
        return FileResponse(
            material.file.open("rb"),
            as_attachment=True,
            filename=material.file_name or (material.file.name or "").rsplit("/", 1)[-1],
        )


class MaterialDeleteView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        material = selectors.material_get(user=request.user, pk=kwargs["pk"])
        services.material_delete(actor=request.user, material=material)
        messages.success(
            request, _("Материал удалён из банка. Вернуть его можно в корзине материалов.")
        )
        return reverse("collaboration:material-list")


class MaterialBinView(LoginRequiredMixin, TemplateView):
    """Removed materials the user may put back."""

    template_name = "collaboration/material_bin.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(nav="materials", materials=selectors.material_bin(user=self.request.user))
        return context


class MaterialRestoreView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        material = selectors.material_removed_get(user=request.user, pk=kwargs["pk"])
        services.material_restore(actor=request.user, material=material)
        messages.success(request, _("Материал возвращён в банк."))
        return reverse("collaboration:material-detail", kwargs={"pk": material.pk})


class MaterialCollectionView(LoginRequiredMixin, View):
    """POST the ticked materials → «сборник лучших практик» as DOCX."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CollectionForm(request.POST, materials=selectors.material_list(user=request.user))
        if not form.is_valid():
            messages.error(request, _("Отметьте материалы для сборника."))
            return redirect("collaboration:material-list")
        chosen = sorted(form.cleaned_data["materials"], key=lambda m: m.title)
        data = documents.collection_docx(title=form.cleaned_data["title"], materials=chosen)
        response = HttpResponse(data, content_type=documents.DOCX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="collection.docx"'
        return response


class MenteeMaterialsView(LoginRequiredMixin, TemplateView):
    """«Материалы по вашим дефицитам» for a mentee's page (an htmx fragment)."""

    template_name = "collaboration/_deficit_materials.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from orbita.mentoring.selectors import mentee_get

        context = super().get_context_data(**kwargs)
        mentee = mentee_get(user=self.request.user, pk=self.kwargs["pk"])
        context.update(
            mentee=mentee,
            materials=selectors.materials_for_deficits(user=self.request.user, mentee=mentee),
        )
        return context


# --- brainstorm sessions ------------------------------------------------------------------


class SessionListView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/session_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, pages = _paginate(self.request, selectors.session_list(user=self.request.user))
        context.update(
            nav="brainstorms",
            page_obj=page,
            page_range=pages,
            may_create=rules.may_create_session(self.request.user),
        )
        return context


class SessionCreateView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/session_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not rules.may_create_session(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data: Any = None) -> SessionForm:
        municipalities = selectors.event_municipalities(user=self.request.user)
        initial = {"municipality": municipalities.first()} if municipalities.count() == 1 else {}
        from orbita.partnerships.selectors import roadmap_item_list

        items = (
            roadmap_item_list(user=self.request.user)
            .exclude(status__in=("done", "cancelled"))
            .select_related("partnership__supported")
        )
        return SessionForm(
            data,
            initial=initial,
            municipalities=municipalities,
            roadmap_items=items if get_scope(self.request.user).is_coordinator else None,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["nav"] = "brainstorms"
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                session = services.session_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Сессия создана: пригласите участников."))
                return redirect("collaboration:session-detail", pk=session.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SessionDetailView(LoginRequiredMixin, TemplateView):
    """The session's page for its phase: collect (ideas appear live), combine (merge and
    link), rate (score each idea), closed (ranked recommendations, DOCX)."""

    template_name = "collaboration/session_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        session = selectors.session_get(user=user, pk=self.kwargs["pk"])
        ideas = selectors.session_ideas(session=session)
        facilitator = rules.is_facilitator(user, session)
        context.update(
            nav="brainstorms",
            session=session,
            ideas=ideas,
            standing=[i for i in ideas if i.merged_into_id is None],
            last_id=ideas[-1].pk if ideas else 0,
            state=selectors.session_last_change(session=session),
            is_facilitator=facilitator,
            is_participant=rules.is_participant(user, session),
            idea_form=IdeaForm(),
            ranking=selectors.session_ranking(session=session)
            if session.phase in (BrainstormSession.Phase.RATE, BrainstormSession.Phase.CLOSED)
            else [],
            own_ratings=selectors.own_ratings(user=user, session=session),
            invite_form=InviteForm(candidates=selectors.users_to_invite(session=session))
            if facilitator and session.phase != BrainstormSession.Phase.CLOSED
            else None,
            scores=range(1, 6),
        )
        return context


class SessionIdeasView(LoginRequiredMixin, View):
    """GET (htmx, every 3 s): the ideas newer than ``after`` as out-of-band additions and a
    fresh poller; when the phase, a merge or a link changed, the page reloads instead.
    POST: a participant adds an idea (the poll picks it up at once)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from django.template.response import TemplateResponse

        session = selectors.session_get(user=request.user, pk=pk)
        try:
            after = max(0, int(request.GET.get("after", "0")))
        except ValueError:
            after = 0
        state = selectors.session_last_change(session=session)
        if request.GET.get("state", state) != state:
            response = HttpResponse("")
            response["HX-Refresh"] = "true"
            return response
        ideas = selectors.session_ideas(session=session, after=after)
        return TemplateResponse(
            request,
            "collaboration/_ideas_poll.html",
            {
                "session": session,
                "ideas": ideas,
                "last_id": ideas[-1].pk if ideas else after,
                "state": state,
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = selectors.session_get(user=request.user, pk=pk)
        form = IdeaForm(request.POST)
        htmx = request.headers.get("HX-Request") == "true"
        try:
            if not form.is_valid():
                raise ValidationError(_("Напишите идею (до 1000 знаков)."))
            services.idea_add(actor=request.user, session=session, text=form.cleaned_data["text"])
        except ValidationError as error:
            if htmx:
                return HttpResponse(_errors(error), status=422)
            messages.error(request, _errors(error))
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Trigger"] = "ideas-changed"
            return response
        return redirect("collaboration:session-detail", pk=session.pk)


class SessionAdvanceView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        session = selectors.session_get(user=request.user, pk=kwargs["pk"])
        session = services.session_advance(actor=request.user, session=session)
        messages.success(request, _("Этап: %(phase)s.") % {"phase": session.get_phase_display()})
        return reverse("collaboration:session-detail", kwargs={"pk": session.pk})


class SessionInviteView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        session = selectors.session_get(user=request.user, pk=kwargs["pk"])
        if not rules.is_facilitator(request.user, session):
            raise PermissionDenied
        candidates = selectors.users_to_invite(session=session)
        form = InviteForm(request.POST, candidates=candidates)
        if not form.is_valid():
            raise ValidationError(_("Отметьте, кого пригласить."))
        chosen = {int(v) for v in form.cleaned_data["users"]}
        services.session_invite(
            actor=request.user, session=session, users=[u for u in candidates if u.pk in chosen]
        )
        messages.success(request, _("Участники приглашены."))
        return reverse("collaboration:session-detail", kwargs={"pk": session.pk})


def _idea(request: HttpRequest, pk: int) -> Idea:
    ideas = selectors.idea_list(user=request.user).select_related("session")
    try:
        return ideas.get(pk=pk)
    except Idea.DoesNotExist as error:
        raise Http404 from error


def _other(request: HttpRequest, idea: Idea) -> Idea:
    form = IdeaTargetForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Выберите идею."))
    try:
        return Idea.objects.get(session_id=idea.session_id, pk=form.cleaned_data["other"])
    except Idea.DoesNotExist as error:
        raise ValidationError(_("Выберите идею этой сессии.")) from error


class IdeaMergeView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        idea = _idea(request, kwargs["pk"])
        if not rules.is_facilitator(request.user, idea.session):
            raise PermissionDenied
        if request.POST.get("other") == "":
            services.idea_unmerge(actor=request.user, idea=idea)
        else:
            services.idea_merge(actor=request.user, idea=idea, into=_other(request, idea))
        return reverse("collaboration:session-detail", kwargs={"pk": idea.session_id})


class IdeaLinkView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        idea = _idea(request, kwargs["pk"])
        if not rules.is_facilitator(request.user, idea.session):
            raise PermissionDenied
        services.idea_link(actor=request.user, idea=idea, other=_other(request, idea))
        return reverse("collaboration:session-detail", kwargs={"pk": idea.session_id})


class IdeaRateView(ActionView):
    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return super().post(request, **kwargs)
        idea = _idea(request, kwargs["pk"])
        if not rules.is_participant(request.user, idea.session):
            raise PermissionDenied
        if request.headers.get("HX-Request") == "true":
            form = RateForm(request.POST)
            try:
                if not form.is_valid():
                    raise ValidationError(_("Оценка — от 1 до 5."))
                services.idea_rate(actor=request.user, idea=idea, score=form.cleaned_data["score"])
            except ValidationError as error:
                return HttpResponse(_errors(error), status=422)
            return HttpResponse(
                _("Оценка %(score)d сохранена.") % {"score": form.cleaned_data["score"]}
            )
        return super().post(request, **kwargs)

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        idea = _idea(request, kwargs["pk"])
        form = RateForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Оценка — от 1 до 5."))
        services.idea_rate(actor=request.user, idea=idea, score=form.cleaned_data["score"])
        return reverse("collaboration:session-detail", kwargs={"pk": idea.session_id})


class SessionRecommendationsView(LoginRequiredMixin, View):
    """The recommendations DOCX attached when the session closed."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        session = selectors.session_get(user=request.user, pk=pk)
        if not session.recommendations:
            raise Http404
        return FileResponse(
            session.recommendations.open("rb"),
            as_attachment=True,
            filename="recommendations.docx",
            content_type=documents.DOCX_TYPE,
        )
