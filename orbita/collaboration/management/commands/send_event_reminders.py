"""``manage.py send_event_reminders [--hours 24] [--enqueue]``: remind registered people of
the events that start within the given hours (e-mail and a notification in the interface),
once per registration. Run it from cron every hour or so."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orbita.collaboration.services import REMINDER_HOURS, reminders_send
from orbita.collaboration.tasks import send_reminders


class Command(BaseCommand):
    help = "Напомнить зарегистрированным о мероприятиях, которые скоро начнутся."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=REMINDER_HOURS,
            help="За сколько часов до начала напоминать (по умолчанию 24).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Поставить задачу в очередь django.tasks вместо выполнения здесь.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = send_reminders.enqueue(hours=options["hours"])
            self.stdout.write(f"Задача поставлена в очередь: {result.id}")
            return
        sent = reminders_send(hours=options["hours"])
        self.stdout.write(f"Отправлено напоминаний: {sent}")
