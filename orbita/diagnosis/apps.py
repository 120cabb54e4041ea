from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "orbita.diagnosis"
    label = "diagnosis"
    verbose_name = _("Диагностика")

    def ready(self) -> None:
        # The flags and the context indicators appear wherever the registry shows a school,
        # to coordinators: mentors and mentees have no diagnosis pages, nor its signs.
        from orbita.diagnosis import signs
        from orbita.registry import signs as registry_signs

        registry_signs.register_sign_provider(signs.diagnosis_signs, coordinators_only=True)
        registry_signs.register_context_provider(signs.diagnosis_context, coordinators_only=True)
