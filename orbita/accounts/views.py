"""Account pages beyond Django's own login and logout."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from orbita.accounts.personal_data import personal_data_download


class PersonalDataView(LoginRequiredMixin, View):
    """``GET``: everything Orbita holds about the signed-in person, as a JSON file."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = personal_data_download(user=request.user)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        name = f"orbita-my-data-{request.user.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class ConsentView(LoginRequiredMixin, TemplateView):
    """The consent to the processing of personal data: its text, whether it is in force,
    and the buttons to give or withdraw it."""

    template_name = "accounts/consent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from orbita.accounts import consent

        context = super().get_context_data(**kwargs)
        context.update(
            text=consent.TEXT,
            version=consent.VERSION,
            current=consent.consent_current(user=self.request.user),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        from orbita.accounts import consent

        if request.POST.get("action") == "withdraw":
            consent.consent_withdraw(actor=request.user)
            messages.success(
                request,
                _(
                    "Согласие отозвано. Чтобы удалить (обезличить) ваши данные, обратитесь к "
                    "региональному администратору."
                ),
            )
        else:
            consent.consent_accept(actor=request.user)
            messages.success(request, _("Спасибо: согласие записано."))
        request.session[consent.SESSION_KEY] = consent.needs_consent(request.user)
        return redirect("accounts:consent")
