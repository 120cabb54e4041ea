from django.contrib.auth import views as auth_views
from django.urls import path

from orbita.accounts.forms import LoginForm
from orbita.accounts.views import ConsentView, PersonalDataView

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("my-data/", PersonalDataView.as_view(), name="my-data"),
    path("consent/", ConsentView.as_view(), name="consent"),
]
