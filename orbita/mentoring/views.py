"""Pages of mentoring: the mentor and mentee bases, the request map, programmes, matching
review, pairs (plan, diary, meetings), the members' own page and the documents.

Views parse, call one selector or service and render. Objects come from the scoped
selectors (another scope's object is a 404); a page or action that the role may not use at
all is a 403 (``require_coordinator``, ``*_manageable``, the services' ``PermissionDenied``).
Writes are POST forms that redirect back with a message; a service's ``ValidationError``
becomes an error message and changes nothing.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from orbita.accounts.access import get_scope
from orbita.core.history import history
from orbita.core.services import audit_view
from orbita.mentoring import documents, rules, selectors, services
from orbita.mentoring.criteria import criteria_group_scores
from orbita.mentoring.forms import (
    AddMenteeForm,
    DeficitForm,
    DiaryEntryForm,
    EndEarlyForm,
    ManualPairForm,
    MeetingForm,
    MenteeCreateForm,
    MenteeEditForm,
    MenteeFilterForm,
    MentorCreateForm,
    MentorCriteriaForm,
    MentorEditForm,
    MentorFilterForm,
    PlanGoalForm,
    PlanItemForm,
    PlanItemStatusForm,
    ProgrammeForm,
    RejectForm,
    RematchForm,
    ShareForm,
    SwapForm,
)
from orbita.mentoring.matching import reason_text, run_unmatched
from orbita.mentoring.models import (
    MatchingRun,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairPlanItem,
    Programme,
)
from orbita.registry.models import School, Teacher
from orbita.registry.selectors import municipality_get, municipality_list, teacher_list

PAGE_SIZE = 25
SWAP_LIST_LIMIT = 30


def _errors(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _form_errors(form: Any) -> str:
    return " ".join(
        f"{form[name].label or ''}: {' '.join(errs)}".strip(": ")
        for name, errs in form.errors.items()
    )


def _paginate(request: HttpRequest, items: Any) -> tuple[Any, list[Any]]:
    paginator = Paginator(items, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return page, list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


# Alerts of each kind listed on a programme's page; the rest are one link away.
ALERTS_SHOWN = 5
manageable_programmes = selectors.manageable_programmes
pairing_mentors = selectors.pairing_mentors


class CoordinatorMixin:
    """Pages for coordinators only: mentors and mentees get 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            selectors.require_coordinator(request.user)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ActionView(LoginRequiredMixin, View):
    """A POST that calls one service and redirects back with a message."""

    http_method_names = ["post"]
    success_message = ""

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        """Do the work; return the URL to go back to. Raise ``ValidationError`` to refuse."""
        raise NotImplementedError

    def fallback(self, request: HttpRequest, **kwargs: Any) -> str:
        return request.headers.get("Referer") or reverse("mentoring:home")

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            target = self.act(request, **kwargs)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return HttpResponseRedirect(self.fallback(request, **kwargs))
        if self.success_message:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(target)


# --- home ---------------------------------------------------------------------------------


class MentoringHomeView(LoginRequiredMixin, TemplateView):
    """Coordinators: the overview of their programmes and bases. Mentors and mentees: their
    own pairs with the plan's progress and the diary («мой план», «дневник успеха»)."""

    def get_template_names(self) -> list[str]:
        if get_scope(self.request.user).is_coordinator:
            return ["mentoring/home.html"]
        return ["mentoring/my.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = get_scope(user)
        own = selectors.own_pairs(user=user)
        all_own = own["as_mentor"] + own["as_mentee"]
        activity = selectors.pair_activities(all_own)
        context.update(
            nav="mentoring",
            own=own,
            activity=activity,
            mentor_profile=(
                selectors.mentor_of_teacher(user=user, teacher_id=scope.teacher_id)
                if scope.teacher_id
                else None
            ),
            mentee_profile=(
                selectors.mentee_of_teacher(user=user, teacher_id=scope.teacher_id)
                if scope.teacher_id
                else None
            ),
        )
        if scope.is_coordinator:
            programmes = list(selectors.programme_list(user=user)[:20])
            mentees = selectors.mentee_list(user=user)
            context.update(
                programmes=programmes,
                mentor_count=selectors.mentor_list(user=user).count(),
                mentee_count=mentees.count(),
                unpaired_count=mentees.filter(in_pair=0).count(),  # type: ignore[misc]
                municipalities=list(municipality_list(user=user)),
                may_create_programme=manageable_programmes(user).exists()
                or municipality_list(user=user).exists(),
            )
        else:
            context["own_items"] = {
                pair.pk: selectors.plan_items(pair) for pair in own["as_mentee"]
            }
            context["own_diary"] = {
                pair.pk: selectors.diary_list(user=user, pair=pair) for pair in own["as_mentee"]
            }
        return context


# --- mentors ------------------------------------------------------------------------------


class MentorListView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    template_name = "mentoring/mentor_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = MentorFilterForm(self.request.GET or None)
        filters = form.filters()
        page, page_range = _paginate(
            self.request, selectors.mentor_list(user=self.request.user, **filters)
        )
        context.update(
            nav="mentoring",
            form=form,
            is_filtered=any(filters.values()),
            page_obj=page,
            page_range=page_range,
            query=self.request.GET.urlencode(),
        )
        return context


class MentorCreateView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    template_name = "mentoring/mentor_create.html"

    def teachers(self) -> QuerySet[Teacher]:
        return teacher_list(user=self.request.user).filter(
            mentor_profile__isnull=True, is_active=True
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MentorCreateForm(teachers=self.teachers()))
        context["nav"] = "mentoring"
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MentorCreateForm(request.POST, teachers=self.teachers())
        if form.is_valid():
            try:
                mentor = services.mentor_create(
                    actor=request.user,
                    teacher=form.cleaned_data["teacher"],
                    status=form.cleaned_data["status"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Педагог добавлен в базу наставников."))
                return redirect("mentoring:mentor-detail", pk=mentor.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MentorDetailView(LoginRequiredMixin, TemplateView):
    template_name = "mentoring/mentor_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mentor = selectors.mentor_get(user=user, pk=self.kwargs["pk"])
        audit_view(actor=user, action="mentoring.mentor.viewed", target=mentor)
        pairs = list(selectors.pair_list(user=user, mentor_id=mentor.pk))
        programmes = manageable_programmes(user)
        pair_form = None
        if programmes.exists():
            pair_form = ManualPairForm(
                programmes=programmes,
                others=MentorPairView().others(user, mentor),
                search=self.request.GET.get("other_q", ""),
                other_label=_("Наставляемый (сначала без пары)"),
            )
        context.update(
            nav="mentoring",
            mentor=mentor,
            pairs=pairs,
            activity=selectors.pair_activities(pairs),
            groups=criteria_group_scores(mentor.criteria or {}),
            may_manage=rules.may_manage_mentor(user, mentor),
            pair_form=pair_form,
            vetoes=list(mentor.vetoes.select_related("mentee__teacher")),
            flags=selectors.school_flags(user=user, school_ids=[mentor.teacher.school_id]),
        )
        return context


class MentorEditView(LoginRequiredMixin, TemplateView):
    template_name = "mentoring/mentor_edit.html"

    def mentor(self) -> MentorProfile:
        mentor = selectors.mentor_get(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_manage_mentor(self.request.user, mentor):
            raise PermissionDenied
        return mentor

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mentor = kwargs.get("mentor") or self.mentor()
        context.setdefault(
            "form",
            MentorEditForm(
                initial={
                    "status": mentor.status,
                    "capacity": mentor.capacity,
                    "subjects": list(mentor.subjects.all()),
                    "strengths": list(mentor.strengths.all()),
                    "note": mentor.note,
                }
            ),
        )
        context.update(nav="mentoring", mentor=mentor)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mentor = self.mentor()
        form = MentorEditForm(request.POST)
        if form.is_valid():
            try:
                services.mentor_update(actor=request.user, mentor=mentor, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Профиль наставника сохранён."))
                return redirect("mentoring:mentor-detail", pk=mentor.pk)
        return self.render_to_response(self.get_context_data(form=form, mentor=mentor))


class MentorCriteriaView(MentorEditView):
    template_name = "mentoring/mentor_criteria.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        mentor = kwargs.get("mentor") or self.mentor()
        kwargs.setdefault("form", MentorCriteriaForm(initial=mentor.criteria or {}))
        kwargs["mentor"] = mentor
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mentor = self.mentor()
        form = MentorCriteriaForm(request.POST)
        if form.is_valid():
            try:
                services.mentor_rate(actor=request.user, mentor=mentor, scores=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Оценка по критериям отбора сохранена."))
                return redirect("mentoring:mentor-detail", pk=mentor.pk)
        return self.render_to_response(self.get_context_data(form=form, mentor=mentor))


class ManualPairView(ActionView):
    """Pair by hand from a mentor's or a mentee's page: the page fixes one side, the form
    (``ManualPairForm``) chooses the other side, the programme, the roles, form and format."""

    success_message = _("Пара создана и принята. Опубликуйте её на странице программы.")

    def side(self, user: Any, pk: int) -> Any:
        raise NotImplementedError

    def others(self, user: Any, side: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def sides(self, side: Any, other: Any) -> tuple[MentorProfile, list[MenteeProfile]]:
        raise NotImplementedError

    def back(self, side: Any) -> str:
        raise NotImplementedError

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        user = request.user
        side = self.side(user, kwargs["pk"])
        if not manageable_programmes(user).exists():
            raise PermissionDenied
        form = ManualPairForm(
            request.POST,
            programmes=manageable_programmes(user),
            others=self.others(user, side),
            other_label="",
        )
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        data = form.cleaned_data
        mentor, mentees = self.sides(side, data["other"])
        services.pair_create(
            actor=user,
            programme=data["programme"],
            mentor=mentor,
            mentees=mentees,
            role_pair=data["role_pair"],
            form=data["pair_form"] or None,
            format=data["format"],
        )
        return self.back(side)


class MentorPairView(ManualPairView):
    """From the mentor's page: choose a mentee (unpaired first)."""

    def side(self, user: Any, pk: int) -> MentorProfile:
        return selectors.mentor_get(user=user, pk=pk)

    def others(self, user: Any, side: MentorProfile) -> QuerySet[MenteeProfile]:
        return selectors.mentee_list(user=user).exclude(teacher_id=side.teacher_id)

    def sides(self, side: Any, other: Any) -> tuple[MentorProfile, list[MenteeProfile]]:
        return side, [other]

    def back(self, side: MentorProfile) -> str:
        return reverse("mentoring:mentor-detail", kwargs={"pk": side.pk})


class NeverMatchListView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    """The never-match rules of the coordinator's mentors, with a button to lift each."""

    template_name = "mentoring/never_match_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, page_range = _paginate(
            self.request, selectors.never_match_list(user=self.request.user)
        )
        context.update(nav="mentoring", page_obj=page, page_range=page_range, query="")
        return context


class NeverMatchDeleteView(ActionView):
    success_message = _("Запрет снят: эту пару снова можно предлагать.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        rule = selectors.never_match_get(user=request.user, pk=kwargs["pk"])
        services.never_match_delete(actor=request.user, rule=rule)
        return reverse("mentoring:never-match-list")


class MentorExportView(LoginRequiredMixin, CoordinatorMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        mentors = selectors.mentor_list(user=request.user)
        return documents.xlsx_response(documents.mentor_list_xlsx(mentors), "mentors.xlsx")


# --- mentees ------------------------------------------------------------------------------


class MenteeListView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    template_name = "mentoring/mentee_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = MenteeFilterForm(self.request.GET or None)
        filters = form.filters()
        page, page_range = _paginate(
            self.request, selectors.mentee_list(user=self.request.user, **filters)
        )
        context.update(
            nav="mentoring",
            form=form,
            is_filtered=any(v not in ("", None) for v in filters.values()),
            page_obj=page,
            page_range=page_range,
            municipalities=list(municipality_list(user=self.request.user)),
            flags=selectors.school_flags(
                user=self.request.user, school_ids=[m.teacher.school_id for m in page]
            ),
        )
        return context


class MenteeCreateView(LoginRequiredMixin, TemplateView):
    """Coordinators add a teacher of their schools; a teacher adds themself."""

    template_name = "mentoring/mentee_create.html"

    def teachers(self) -> QuerySet[Teacher]:
        return teacher_list(user=self.request.user).filter(
            mentee_profile__isnull=True, is_active=True
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MenteeCreateForm(teachers=self.teachers()))
        context["nav"] = "mentoring"
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scope = get_scope(request.user)
        if not scope.is_coordinator:
            if scope.teacher_id is None:
                raise PermissionDenied
            own = selectors.mentee_of_teacher(user=request.user, teacher_id=scope.teacher_id)
            if own is not None:
                return redirect("mentoring:mentee-detail", pk=own.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        scope = get_scope(request.user)
        if not scope.is_coordinator and scope.teacher_id is None:
            raise PermissionDenied
        form = MenteeCreateForm(request.POST, teachers=self.teachers())
        if form.is_valid():
            try:
                mentee = services.mentee_create(
                    actor=request.user,
                    teacher=form.cleaned_data["teacher"],
                    format=form.cleaned_data["format"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Добавлено в базу наставляемых. Заполните карту запросов.")
                )
                return redirect("mentoring:mentee-detail", pk=mentee.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MenteeDetailView(LoginRequiredMixin, TemplateView):
    template_name = "mentoring/mentee_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mentee = selectors.mentee_get(user=user, pk=self.kwargs["pk"])
        audit_view(actor=user, action="mentoring.mentee.viewed", target=mentee)
        pairs = list(selectors.pair_list(user=user, mentee_id=mentee.pk))
        programmes = manageable_programmes(user)
        pair_form = None
        if programmes.exists():
            pair_form = ManualPairForm(
                programmes=programmes,
                others=MenteePairView().others(user, mentee),
                search=self.request.GET.get("other_q", ""),
                other_label=_("Наставник (сначала со свободными местами)"),
            )
        may_edit = rules.may_edit_mentee(user, mentee)
        context.update(
            nav="mentoring",
            mentee=mentee,
            pairs=pairs,
            may_edit=may_edit,
            deficit_form=DeficitForm() if may_edit else None,
            removed_deficits=selectors.deficits_removed(mentee) if may_edit else [],
            edit_form=MenteeEditForm(initial={"format": mentee.format, "note": mentee.note})
            if may_edit
            else None,
            pair_form=pair_form,
            flags=selectors.school_flags(user=user, school_ids=[mentee.teacher.school_id]),
        )
        return context


class MenteeEditView(ActionView):
    success_message = _("Сохранено.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        mentee = selectors.mentee_get(user=request.user, pk=kwargs["pk"])
        form = MenteeEditForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.mentee_update(actor=request.user, mentee=mentee, data=form.cleaned_data)
        return reverse("mentoring:mentee-detail", kwargs={"pk": mentee.pk})


class DeficitAddView(ActionView):
    success_message = _("Карта запросов обновлена.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        mentee = selectors.mentee_get(user=request.user, pk=kwargs["pk"])
        form = DeficitForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.deficit_set(actor=request.user, mentee=mentee, **form.cleaned_data)
        return reverse("mentoring:mentee-detail", kwargs={"pk": mentee.pk})


class DeficitRemoveView(ActionView):
    success_message = _("Затруднение убрано из карты запросов.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        deficit = selectors.deficit_get(user=request.user, pk=kwargs["pk"])
        services.deficit_remove(actor=request.user, deficit=deficit)
        return reverse("mentoring:mentee-detail", kwargs={"pk": deficit.mentee_id})


class DeficitRestoreView(ActionView):
    success_message = _("Затруднение возвращено в карту запросов.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        deficit = selectors.deficit_get(user=request.user, pk=kwargs["pk"], removed=True)
        services.deficit_restore(actor=request.user, deficit=deficit)
        return reverse("mentoring:mentee-detail", kwargs={"pk": deficit.mentee_id})


class MenteePairView(ManualPairView):
    """From the mentee's page: choose a mentor (free places first)."""

    def side(self, user: Any, pk: int) -> MenteeProfile:
        return selectors.mentee_get(user=user, pk=pk)

    def others(self, user: Any, side: MenteeProfile) -> QuerySet[MentorProfile]:
        return pairing_mentors(user).exclude(teacher_id=side.teacher_id)

    def sides(self, side: Any, other: Any) -> tuple[MentorProfile, list[MenteeProfile]]:
        return other, [side]

    def back(self, side: MenteeProfile) -> str:
        return reverse("mentoring:mentee-detail", kwargs={"pk": side.pk})


class MenteeExportView(LoginRequiredMixin, CoordinatorMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        mentees = selectors.mentee_list(user=request.user)
        return documents.xlsx_response(documents.mentee_list_xlsx(mentees), "mentees.xlsx")


class RequestMapView(LoginRequiredMixin, TemplateView):
    """The municipality's request map: a table and a chart of the deficits asked for."""

    template_name = "mentoring/request_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipality = municipality_get(user=self.request.user, pk=self.kwargs["pk"])
        rows = selectors.request_map(user=self.request.user, municipality=municipality)
        context.update(
            nav="mentoring",
            municipality=municipality,
            rows=rows,
            teachers=selectors.mentee_list(
                user=self.request.user, municipality_id=municipality.pk
            ).count(),
            chart={
                "labels": [r.name for r in rows],
                "teachers": [r.teachers for r in rows],
                "mentors": [r.mentors for r in rows],
                "text": {
                    "teachers": _("Педагогов с затруднением"),
                    "mentors": _("Наставников, кто может помочь"),
                },
            },
        )
        return context


# --- programmes ---------------------------------------------------------------------------


class ProgrammeListView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    template_name = "mentoring/programme_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            nav="mentoring",
            programmes=list(selectors.programme_list(user=self.request.user)),
            may_create=municipality_list(user=self.request.user).exists(),
        )
        return context


def _programme_form(
    user: Any, data: Any = None, programme: Programme | None = None
) -> ProgrammeForm:
    municipalities = municipality_list(user=user)
    if programme is not None:
        municipalities = municipalities.filter(pk=programme.municipality_id)
    region_ids = set(municipalities.values_list("region_id", flat=True))
    schools = School.objects.filter(municipality__in=municipalities).select_related("municipality")
    region_schools = School.objects.filter(municipality__region_id__in=region_ids).select_related(
        "municipality"
    )
    initial = None
    if programme is not None:
        initial = {
            "municipality": programme.municipality,
            "name": programme.name,
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "scope": programme.scope,
            "mentee_schools": list(programme.mentee_schools.all()),
            "partner_schools": list(programme.partner_schools.all()),
            "pair_forms": programme.forms,
            "goal": programme.goal,
            **{f"w_{k}": v for k, v in (programme.weights or {}).items()},
        }
    return ProgrammeForm(
        data,
        initial=initial,
        municipalities=municipalities,
        schools=schools.order_by("name"),
        region_schools=region_schools.order_by("municipality__name", "name"),
    )


class ProgrammeCreateView(LoginRequiredMixin, CoordinatorMixin, TemplateView):
    template_name = "mentoring/programme_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not municipality_list(user=request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", _programme_form(self.request.user))
        context["nav"] = "mentoring"
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _programme_form(request.user, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme = services.programme_create(
                    actor=request.user,
                    municipality=data["municipality"],
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    scope=data["scope"],
                    mentee_schools=data["mentee_schools"],
                    partner_schools=data["partner_schools"],
                    weights=form.weights(),
                    forms=data["pair_forms"],
                    goal=data["goal"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Программа создана."))
                return redirect("mentoring:programme-detail", pk=programme.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ProgrammeEditView(LoginRequiredMixin, TemplateView):
    template_name = "mentoring/programme_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        programme = kwargs.get("programme") or selectors.programme_manageable(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        context.setdefault("form", _programme_form(self.request.user, programme=programme))
        context.update(nav="mentoring", programme=programme)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = selectors.programme_manageable(user=request.user, pk=pk)
        form = _programme_form(request.user, request.POST, programme=programme)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["weights"] = form.weights()
            data["forms"] = data.pop("pair_forms")
            try:
                services.programme_update(actor=request.user, programme=programme, data=data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Программа сохранена."))
                return redirect("mentoring:programme-detail", pk=programme.pk)
        return self.render_to_response(self.get_context_data(form=form, programme=programme))


class ProgrammeDetailView(LoginRequiredMixin, TemplateView):
    template_name = "mentoring/programme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        programme = selectors.programme_get(user=user, pk=self.kwargs["pk"])
        pairs = selectors.pair_list(user=user, programme_id=programme.pk)
        drafts = pairs.filter(status=MentoringPair.Status.DRAFT).aggregate(
            n=Count("id"), accepted=Count("id", filter=Q(accepted_at__isnull=False))
        )
        attention = self.request.GET.get("attention", "")
        if attention in selectors.ATTENTION_KINDS:
            shown = selectors.attention_pairs(user=user, programme=programme, kind=attention)
        else:
            attention, shown = "", pairs.exclude(status=MentoringPair.Status.DRAFT)
        page, page_range = _paginate(self.request, shown)
        live = list(page.object_list)
        last_run = programme.runs.first()
        context.update(
            nav="mentoring",
            programme=programme,
            pairs=live,
            page_obj=page,
            page_range=page_range,
            draft_count=drafts["n"],
            accepted_count=drafts["accepted"],
            activity=selectors.pair_activities(live),
            alerts=selectors.programme_alerts(user=user, programme=programme, limit=ALERTS_SHOWN),
            attention=attention,
            last_run=last_run,
            may_manage=rules.may_manage_programme(user, programme),
            mentee_schools=list(programme.mentee_schools.all()),
            partner_schools=list(programme.partner_schools.all()),
            form_labels=[
                label
                for code, label in MentoringPair._meta.get_field("form").choices  # type: ignore[union-attr]
                if code in (programme.forms or [])
            ],
        )
        return context


class ProgrammeMatchView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        from orbita.mentoring.matching import matching_run_create

        programme = selectors.programme_manageable(user=request.user, pk=kwargs["pk"])
        run = matching_run_create(actor=request.user, programme=programme)
        return reverse("mentoring:run-detail", kwargs={"pk": run.pk})


class RunDetailView(LoginRequiredMixin, TemplateView):
    """A run's progress; htmx asks again every second while it is queued or running."""

    def get_template_names(self) -> list[str]:
        if self.request.headers.get("HX-Request") == "true":
            return ["mentoring/_run_progress.html"]
        return ["mentoring/run_detail.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = selectors.run_get(user=self.request.user, pk=self.kwargs["pk"])
        context.update(nav="mentoring", run=run, programme=run.programme)
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        response["Vary"] = "HX-Request"
        return response


class ProgrammeReviewView(LoginRequiredMixin, TemplateView):
    """The drafts with their explanations, the unmatched with reasons, the coverage."""

    template_name = "mentoring/programme_review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        programme = selectors.programme_manageable(user=user, pk=self.kwargs["pk"])
        drafts = list(
            selectors.pair_list(
                user=user, programme_id=programme.pk, status=MentoringPair.Status.DRAFT
            )
        )
        individual = [p for p in drafts if len(p.mentees.all()) == 1]
        run = programme.runs.filter(status=MatchingRun.Status.DONE).first()
        context.update(
            nav="mentoring",
            programme=programme,
            drafts=drafts,
            # A list of partners for small reviews; a large one asks for the pair's number
            # (a select per draft listing every other draft would grow quadratically).
            swap_choices=(
                {
                    p.pk: [
                        (o.pk, f"№ {o.pk}: {o.mentor} → {o.mentees.all()[0]}")
                        for o in individual
                        if o.pk != p.pk
                    ]
                    for p in individual
                }
                if len(individual) <= SWAP_LIST_LIMIT
                else {p.pk: [] for p in individual}
            ),
            swap_by_number=len(individual) > SWAP_LIST_LIMIT,
            accepted_count=sum(1 for p in drafts if p.accepted_at),
            run=run,
            unmatched=run_unmatched(run) if run else [],
            coverage=(run.result or {}).get("coverage", []) if run else [],
            reject_form=RejectForm(),
            last_run=programme.runs.first(),
        )
        return context


class PairAcceptView(ActionView):
    success_message = _("Пара принята.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = selectors.pair_manageable(user=request.user, pk=kwargs["pk"])
        if request.POST.get("undo"):
            services.pair_unaccept(actor=request.user, pair=pair)
        else:
            services.pair_accept(actor=request.user, pair=pair)
        return (
            reverse("mentoring:programme-review", kwargs={"pk": pair.programme_id})
            + f"#pair-{pair.pk}"
        )


class PairRejectView(ActionView):
    success_message = _("Черновик пары отклонён.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = selectors.pair_manageable(user=request.user, pk=kwargs["pk"])
        form = RejectForm(request.POST)
        form.is_valid()
        services.pair_reject(
            actor=request.user,
            pair=pair,
            never_again=form.cleaned_data.get("never_again", False),
            reason=form.cleaned_data.get("reason", ""),
        )
        return reverse("mentoring:programme-review", kwargs={"pk": pair.programme_id})


class PairSwapView(ActionView):
    success_message = _("Наставляемые обменяны; подтвердите новые пары.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        programme = selectors.programme_manageable(user=request.user, pk=kwargs["pk"])
        drafts = selectors.pair_list(user=request.user, programme_id=programme.pk)
        form = SwapForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        first = drafts.filter(pk=form.cleaned_data["first"]).first()
        second = drafts.filter(pk=form.cleaned_data["second"]).first()
        if first is None or second is None:
            raise ValidationError(_("Нет такого черновика в этой программе."))
        services.pair_swap(actor=request.user, first=first, second=second)
        return reverse("mentoring:programme-review", kwargs={"pk": programme.pk})


class ProgrammePublishView(ActionView):
    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        programme = selectors.programme_manageable(user=request.user, pk=kwargs["pk"])
        published = services.programme_publish(actor=request.user, programme=programme)
        messages.success(
            request,
            _("Опубликовано пар: %(count)d. Наставникам и наставляемым отправлены письма.")
            % {"count": len(published)},
        )
        return reverse("mentoring:programme-detail", kwargs={"pk": programme.pk})


class ProgrammeOrderView(LoginRequiredMixin, View):
    """The order fixing the programme's active pairs (приказ о закреплении пар), DOCX."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = selectors.programme_manageable(user=request.user, pk=pk)
        pairs = selectors.pair_list(
            user=request.user, programme_id=programme.pk, status=MentoringPair.Status.ACTIVE
        )
        return documents.docx_response(
            documents.pairs_order_docx(programme, list(pairs)), f"prikaz-{programme.pk}.docx"
        )


# --- pairs --------------------------------------------------------------------------------


class PairDetailView(LoginRequiredMixin, TemplateView):
    template_name = "mentoring/pair_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pair = selectors.pair_get(user=user, pk=self.kwargs["pk"])
        mentees = list(pair.mentees.all())
        plan = getattr(pair, "plan", None)
        items = selectors.plan_items(pair)
        activity = selectors.pair_activities([pair])[pair.pk]
        diary = selectors.diary_list(user=user, pair=pair)
        meetings = selectors.meeting_list(user=user, pair=pair)
        own_mentee = rules.pair_mentee_of(user, pair)
        is_member = rules.is_pair_member(user, pair)
        may_manage = rules.may_manage_programme(user, pair.programme)
        may_edit_plan = rules.may_edit_plan(user, pair)
        working = pair.status in (MentoringPair.Status.ACTIVE, MentoringPair.Status.COMPLETED)
        context.update(
            nav="mentoring",
            pair=pair,
            mentees=mentees,
            flags=selectors.school_flags(
                user=user,
                school_ids=[pair.mentor.teacher.school_id, *(m.teacher.school_id for m in mentees)],
            ),
            plan=plan,
            items=items,
            activity=activity,
            diary=diary,
            hidden_diary=activity.diary_count - len(diary),
            meetings=meetings,
            hidden_meetings=activity.meeting_count - len(meetings),
            own_mentee=own_mentee,
            is_member=is_member,
            is_mentor=rules.is_pair_mentor(user, pair),
            may_manage=may_manage,
            may_edit_plan=may_edit_plan,
            history=history([pair]),
            plan_history=selectors.plan_history(pair),
            removed_items=selectors.plan_items_removed(pair) if may_edit_plan else [],
            goal_form=PlanGoalForm(initial={"goal": plan.goal if plan else ""}),
            item_form=PlanItemForm(),
            status_choices=PairPlanItem.Status.choices,
            diary_form=DiaryEntryForm() if own_mentee is not None and working else None,
            meeting_form=MeetingForm() if is_member and working else None,
            end_form=EndEarlyForm() if may_manage and pair.status == "active" else None,
            rematch_form=(
                RematchForm(
                    mentors=pairing_mentors(user).exclude(pk=pair.mentor_id),
                    search=self.request.GET.get("mentor_q", ""),
                )
                if may_manage and pair.status == MentoringPair.Status.ENDED_EARLY
                else None
            ),
            add_form=(
                AddMenteeForm(
                    mentees=selectors.mentee_list(user=user, unpaired=True).exclude(
                        pk__in=[m.pk for m in mentees]
                    ),
                    search=self.request.GET.get("mentee_q", ""),
                )
                if may_manage and not pair.is_finished
                else None
            ),
        )
        return context


def _pair_url(pair: MentoringPair, anchor: str = "") -> str:
    return reverse("mentoring:pair-detail", kwargs={"pk": pair.pk}) + (
        f"#{anchor}" if anchor else ""
    )


class PairActionView(ActionView):
    """An action on a pair the user sees; the service decides whether they may."""

    manage = False
    service: Callable[..., Any]
    anchor = ""

    def pair(self, request: HttpRequest, pk: int) -> MentoringPair:
        if self.manage:
            return selectors.pair_manageable(user=request.user, pk=pk)
        return selectors.pair_get(user=request.user, pk=pk)

    def fallback(self, request: HttpRequest, **kwargs: Any) -> str:
        return reverse("mentoring:pair-detail", kwargs={"pk": kwargs["pk"]}) + (
            f"#{self.anchor}" if self.anchor else ""
        )


class PairCompleteView(PairActionView):
    manage = True
    success_message = _("Пара завершила работу.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        services.pair_complete(actor=request.user, pair=pair)
        return _pair_url(pair)


class PairEndView(PairActionView):
    manage = True
    success_message = _("Пара завершена досрочно.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        form = EndEarlyForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.pair_end_early(actor=request.user, pair=pair, **form.cleaned_data)
        return _pair_url(pair)


class PairRematchView(PairActionView):
    manage = True
    success_message = _("Подобран новый наставник; опубликуйте пару на странице программы.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        form = RematchForm(request.POST, mentors=pairing_mentors(request.user))
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        new = services.pair_rematch(
            actor=request.user, pair=pair, mentor=form.cleaned_data["mentor"]
        )
        return _pair_url(new)


class PairAddMenteeView(PairActionView):
    manage = True
    success_message = _("Наставляемый добавлен в группу.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        form = AddMenteeForm(request.POST, mentees=selectors.mentee_list(user=request.user))
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.pair_add_mentee(actor=request.user, pair=pair, mentee=form.cleaned_data["mentee"])
        return _pair_url(pair)


class PlanGoalView(PairActionView):
    anchor = "plan"
    success_message = _("Цель сохранена.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        form = PlanGoalForm(request.POST)
        form.is_valid()
        services.plan_update(actor=request.user, pair=pair, goal=form.cleaned_data.get("goal", ""))
        return _pair_url(pair, "plan")


class PlanFillView(PairActionView):
    anchor = "plan"

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        created = services.plan_fill_from_deficits(actor=request.user, pair=pair)
        messages.success(
            request, _("Добавлено пунктов плана: %(count)d.") % {"count": len(created)}
        )
        return _pair_url(pair, "plan")


class PlanItemAddView(PairActionView):
    anchor = "plan"
    success_message = _("Пункт плана добавлен.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        form = PlanItemForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.plan_item_create(actor=request.user, pair=pair, **form.cleaned_data)
        return _pair_url(pair, "plan")


class PlanItemStatusView(ActionView):
    success_message = _("Состояние пункта плана изменено.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        item = (
            PairPlanItem.objects.select_related("plan")
            .filter(
                pk=kwargs["pk"], plan__pair__in=selectors.pair_list(user=request.user).values("pk")
            )
            .first()
        )
        if item is None:
            raise Http404
        form = PlanItemStatusForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.plan_item_update(actor=request.user, item=item, data=form.cleaned_data)
        return reverse("mentoring:pair-detail", kwargs={"pk": item.plan.pair_id}) + "#plan"


class PlanItemDeleteView(ActionView):
    success_message = _("Пункт удалён из плана; вернуть его можно в «Удалённых пунктах».")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        item = selectors.plan_item_get(user=request.user, pk=kwargs["pk"])
        services.plan_item_delete(actor=request.user, item=item)
        return _pair_url(item.plan.pair, "plan")


class PlanItemRestoreView(ActionView):
    success_message = _("Пункт возвращён в план.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        item = selectors.plan_item_get(user=request.user, pk=kwargs["pk"], removed=True)
        services.plan_item_restore(actor=request.user, item=item)
        return _pair_url(item.plan.pair, f"plan-item-{item.pk}")


class PairPlanDocxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pair = selectors.pair_get(user=request.user, pk=pk)
        return documents.docx_response(
            documents.pair_plan_docx(pair, selectors.plan_items(pair)), f"plan-{pair.pk}.docx"
        )


class DiaryAddView(PairActionView):
    anchor = "diary"
    success_message = _("Запись добавлена в дневник успеха.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        if rules.pair_mentee_of(request.user, pair) is None:
            raise PermissionDenied  # the diary is the mentee's own
        form = DiaryEntryForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.diary_entry_create(actor=request.user, pair=pair, **form.cleaned_data)
        return _pair_url(pair, "diary")


class ShareView(ActionView):
    """A mentee shares a diary entry or a meeting's notes with the coordinators, or stops."""

    anchor = ""
    shared_message = ""
    private_message = ""

    def target(self, user: Any, pk: int) -> Any:
        raise NotImplementedError

    def share(self, user: Any, obj: Any, is_shared: bool) -> None:
        raise NotImplementedError

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        obj = self.target(request.user, kwargs["pk"])
        form = ShareForm(request.POST)
        form.is_valid()
        shared = bool(form.cleaned_data.get("is_shared"))
        self.share(request.user, obj, shared)
        messages.success(request, self.shared_message if shared else self.private_message)
        return reverse("mentoring:pair-detail", kwargs={"pk": obj.pair_id}) + f"#{self.anchor}"


class DiaryShareView(ShareView):
    anchor = "diary"
    shared_message = _("Запись видна координаторам.")
    private_message = _("Запись видна только паре.")

    def target(self, user: Any, pk: int) -> Any:
        return selectors.diary_entry_get(user=user, pk=pk)

    def share(self, user: Any, obj: Any, is_shared: bool) -> None:
        services.diary_entry_share(actor=user, entry=obj, is_shared=is_shared)


class DiaryEvidenceView(LoginRequiredMixin, View):
    """The evidence file of a diary entry, to those who may read the entry."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        entry = selectors.diary_entry_get(user=request.user, pk=pk)
        if not entry.evidence:
            raise Http404
        return FileResponse(
            entry.evidence.open("rb"),
            as_attachment=True,
            filename=entry.evidence_name or (entry.evidence.name or "").rsplit("/", 1)[-1],
        )


class MeetingAddView(PairActionView):
    anchor = "meetings"
    success_message = _("Встреча записана.")

    def act(self, request: HttpRequest, **kwargs: Any) -> str:
        pair = self.pair(request, kwargs["pk"])
        if not rules.is_pair_member(request.user, pair):
            raise PermissionDenied  # the meeting log is the pair's own
        form = MeetingForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.meeting_create(actor=request.user, pair=pair, **form.cleaned_data)
        return _pair_url(pair, "meetings")


class MeetingShareView(ShareView):
    anchor = "meetings"
    shared_message = _("Заметки видны координаторам.")
    private_message = _("Заметки видны только паре.")

    def target(self, user: Any, pk: int) -> Any:
        return selectors.meeting_get(user=user, pk=pk)

    def share(self, user: Any, obj: Any, is_shared: bool) -> None:
        services.meeting_share(actor=user, meeting=obj, is_shared=is_shared)


__all__ = ["MenteeProfile", "reason_text"]
