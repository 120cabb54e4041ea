"""Pages of the registry: schools, municipalities and teachers, each within the reader's scope.

Views parse the query string, call the scoped selectors of ``orbita.registry.selectors`` and
render; an object outside the scope is a 404 (the selectors raise it), an anonymous reader
is sent to the login page. The lists answer htmx requests with their results fragment only,
so live search is an enhancement: without JavaScript the same form submits the whole page.
"""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.generic import TemplateView

from orbita.accounts.access import get_scope
from orbita.core.history import history
from orbita.core.services import audit_view
from orbita.registry.forms import SchoolFilterForm, TeacherFilterForm
from orbita.registry.models import School
from orbita.registry.selectors import (
    linked_municipality_ids,
    municipality_get,
    municipality_list,
    school_choices,
    school_get,
    school_list,
    school_staff_by_subject,
    school_staff_visible,
    subject_list,
    teacher_get,
    teacher_list,
)
from orbita.registry.signs import (
    school_context,
    school_rows,
    signs_beside_kind,
    specialist_summary,
)
from orbita.registry.summaries import school_totals, summary_by_kind

PAGE_SIZE = 25
# Helpers -----------------------------------------------------------------------------------


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def paginate(request: HttpRequest, items: Any) -> tuple[Page, list[Any]]:
    """The requested page (out-of-range numbers give the nearest page) and its links."""
    paginator = Paginator(items, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return page, list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


class FragmentMixin:
    """Serves ``fragment_template_name`` to htmx requests, the whole page otherwise."""

    request: HttpRequest
    template_name: str
    fragment_template_name: str

    def get_template_names(self) -> list[str]:
        return [self.fragment_template_name if is_htmx(self.request) else self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        # A fragment also updates the screen readers' announcement of the result count.
        context["is_fragment"] = is_htmx(self.request)
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)  # type: ignore[misc]
        # The same URL answers with a page or a fragment: caches must keep them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response


# Schools -----------------------------------------------------------------------------------


class SchoolListView(LoginRequiredMixin, FragmentMixin, TemplateView):
    template_name = "registry/school_list.html"
    fragment_template_name = "registry/_school_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = SchoolFilterForm(
            self.request.GET or None, municipalities=municipality_list(user=user)
        )
        filters = form.filters()
        schools = school_list(user=user, **filters)
        page, page_range = paginate(self.request, schools)
        municipality_ids = linked_municipality_ids(user=user)
        context.update(
            nav="schools",
            form=form,
            # A choice of one municipality is no choice: the filter is hidden then.
            show_municipality_filter=len(municipality_ids) > 1,
            show_municipality=len(municipality_ids) != 1,
            is_filtered=any(v not in ("", None) for v in filters.values()),
            page_obj=page,
            page_range=page_range,
            rows=school_rows(
                page.object_list, linked_municipality_ids=municipality_ids, viewer=user
            ),
        )
        return context


class SchoolDetailView(LoginRequiredMixin, TemplateView):
    template_name = "registry/school_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        school = school_get(user=user, pk=self.kwargs["pk"])
        staff_visible = school_staff_visible(user=user, school=school)
        # The head school and the branches, as far as the reader may open them.
        related = {
            s.pk: s
            for s in school_list(user=user).filter(Q(branch_of=school) | Q(pk=school.branch_of_id))
        }
        context.update(
            nav="schools",
            school=school,
            header_signs=signs_beside_kind(school, user),
            head_school_visible=school.branch_of_id in related,
            branches=[s for s in related.values() if s.branch_of_id == school.pk],
            municipality_visible=school.municipality_id in linked_municipality_ids(user=user),
            specialists=specialist_summary(school),
            context_facts=school_context(school, user),
            staff_visible=staff_visible,
            staff_by_subject=school_staff_by_subject(school=school) if staff_visible else [],
            **_school_partnerships(user, school),
            history=history([school]) if get_scope(user).is_coordinator else [],
        )
        return context


def _school_partnerships(user: Any, school: Any) -> dict[str, Any]:
    """The school's partnerships and network programmes (hosted or attended), as far as
    the reader sees them; shown on both schools' pages."""
    from django.db.models import Q as _Q

    from orbita.partnerships.selectors import network_programme_list, partnership_list

    return {
        "school_partnerships": list(
            partnership_list(user=user).filter(_Q(leader=school) | _Q(supported=school))
        ),
        "network_programmes": list(network_programme_list(user=user, school_id=school.pk)),
    }


# Municipalities ----------------------------------------------------------------------------


class MunicipalityDetailView(LoginRequiredMixin, TemplateView):
    template_name = "registry/municipality_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        municipality = municipality_get(user=user, pk=self.kwargs["pk"])
        schools = list(school_list(user=user, municipality_id=municipality.pk))
        context.update(
            nav="schools",
            municipality=municipality,
            rows=school_rows(schools, linked_municipality_ids={municipality.pk}, viewer=user),
            totals=school_totals(schools),
            by_kind=summary_by_kind(schools),
        )
        return context


# Teachers ----------------------------------------------------------------------------------


class TeacherListView(LoginRequiredMixin, FragmentMixin, TemplateView):
    """Coordinators search their schools' staff; a teacher finds their own record here."""

    template_name = "registry/teacher_list.html"
    fragment_template_name = "registry/_teacher_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = get_scope(user)
        form = TeacherFilterForm(
            self.request.GET or None,
            schools=school_choices(user=user) if scope.is_coordinator else School.objects.none(),
            subjects=subject_list(),
        )
        filters = form.filters()
        page, page_range = paginate(self.request, teacher_list(user=user, **filters))
        context.update(
            nav="teachers",
            form=form,
            show_filters=scope.is_coordinator,
            is_filtered=any(v not in ("", None) for v in filters.values()),
            page_obj=page,
            page_range=page_range,
        )
        return context


class TeacherDetailView(LoginRequiredMixin, TemplateView):
    template_name = "registry/teacher_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        teacher = teacher_get(user=user, pk=self.kwargs["pk"])
        audit_view(actor=user, action="registry.teacher.viewed", target=teacher)
        context.update(
            nav="teachers",
            teacher=teacher,
            is_own_record=teacher.pk == get_scope(user).teacher_id,
            school_visible=school_list(user=user).filter(pk=teacher.school_id).exists(),
        )
        return context
