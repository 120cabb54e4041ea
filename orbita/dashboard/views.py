from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import TemplateView

from orbita.accounts.access import get_scope
from orbita.accounts.models import Role
from orbita.dashboard.selectors import municipality_overview, scope_summary
from orbita.partnerships.selectors import roadmap_item_list, roadmap_progress
from orbita.registry.selectors import linked_municipality_ids, school_list, teacher_get
from orbita.registry.signs import school_rows, signs_beside_kind

# The dashboard lists at most one page of schools; the school list has the rest.
DASHBOARD_SCHOOL_LIMIT = 25
DASHBOARD_OVERDUE_LIMIT = 10


class DashboardView(LoginRequiredMixin, TemplateView):
    """The overview of the reader's scope: counts, municipalities, schools, own record."""

    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = get_scope(user)
        context["nav"] = "dashboard"
        context["is_superuser"] = user.is_superuser
        context["is_mentor"] = Role.MENTOR in scope.roles
        context["is_mentee"] = Role.MENTEE in scope.roles
        context["own_teacher"] = teacher = self._own_teacher(scope.teacher_id)
        if teacher is not None:
            own_school = school_list(user=user).filter(pk=teacher.school_id).first()
            context["own_school"] = own_school
            context["own_school_signs"] = signs_beside_kind(own_school) if own_school else []
        if scope.is_coordinator:
            schools = list(school_list(user=user)[: DASHBOARD_SCHOOL_LIMIT + 1])
            context["summary"] = summary = scope_summary(user=user)
            context["school_rows"] = school_rows(
                schools[:DASHBOARD_SCHOOL_LIMIT],
                linked_municipality_ids=linked_municipality_ids(user=user),
            )
            context["show_municipality"] = len({s.municipality_id for s in schools}) > 1
            context["schools_truncated"] = len(schools) > DASHBOARD_SCHOOL_LIMIT
            context["school_total"] = summary.schools
            # One school needs no «Школы: 1» card: its row below says more.
            context["show_school_counts"] = (
                summary.municipalities is not None or summary.schools > 1
            )
            if summary.municipalities is not None:
                context["municipalities"] = list(municipality_overview(user=user))
            context["roadmap"] = roadmap = roadmap_progress(user=user)
            if roadmap["overdue"]:
                context["overdue_items"] = list(
                    roadmap_item_list(user=user, overdue=True)[:DASHBOARD_OVERDUE_LIMIT]
                )
        return context

    def _own_teacher(self, teacher_id: int | None) -> Any:
        if teacher_id is None:
            return None
        try:
            return teacher_get(user=self.request.user, pk=teacher_id)
        except Http404:  # a record the user may no longer see: show nothing, not an error
            return None
