"""``manage.py send_digest [--dry-run] [--user LOGIN]``: e-mail every coordinator the digest
of what needs attention in their scope (``orbita.monitoring.digest``); coordinators with
nothing to report get nothing. Run it from cron once a week (or every morning)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orbita.monitoring.digest import coordinators, digest_render, digests_for, digests_send


class Command(BaseCommand):
    help = "Разослать координаторам сводку: просрочки, пары без активности, анкеты, мероприятия."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Показать сводки здесь, ничего не отправляя.",
        )
        parser.add_argument("--user", default="", help="Только этому пользователю (логин).")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["user"]
        if username and not coordinators(username=username).exists():
            raise CommandError(f"Нет активного координатора с логином «{username}».")
        if not options["dry_run"]:
            sent = digests_send(username=username)
            self.stdout.write(f"Отправлено сводок: {sent}")
            return
        digests = digests_for(coordinators(username=username))
        for digest in digests:
            text, _html = digest_render(digest)
            self.stdout.write(f"=== {digest.user.username} <{digest.user.email or '—'}>")
            self.stdout.write(f"{digest.subject}\n\n{text}")
        self.stdout.write(f"Сводок к отправке: {len(digests)}")
