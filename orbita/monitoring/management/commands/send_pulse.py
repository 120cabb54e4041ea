"""``manage.py send_pulse``: create the due pulse surveys of the active pairs and remind
everyone who has not answered a survey due within three days (what ``pulse_task`` does).
Run it from cron once a day."""

from typing import Any

from django.core.management.base import BaseCommand

from orbita.monitoring.services import pulse_run


class Command(BaseCommand):
    help = "Создать пульс-опросы пар, которым они положены, и напомнить о неотвеченных анкетах."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = pulse_run()
        self.stdout.write(
            f"Создано пульс-опросов: {counts['pulses']}; напоминаний: {counts['reminded']}"
        )
