from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "orbita.accounts"
    label = "accounts"
    verbose_name = _("Пользователи и роли")

    def ready(self) -> None:
        from django.contrib import admin
        from django.db.models.signals import post_migrate

        from orbita.accounts.groups import sync_coordinators_group

        post_migrate.connect(sync_coordinators_group, dispatch_uid="orbita-coordinators-group")

        from django.contrib.auth.signals import user_logged_in

        from orbita.accounts.consent import remember_consent_state

        user_logged_in.connect(remember_consent_state, dispatch_uid="orbita-consent-state")
        admin.site.site_header = _("Орбита — администрирование")
        admin.site.site_title = _("Орбита")
        admin.site.index_title = _("Данные и права доступа")
