"""``manage.py anonymise_person LOGIN``: delete a person by anonymising them (152-ФЗ) while
the aggregate history stays; see ``orbita.accounts.anonymise``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from orbita.accounts.anonymise import person_anonymise
from orbita.accounts.models import User


class Command(BaseCommand):
    help = "Обезличить пользователя и связанного педагога, сохранив сводную историю."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("login", help="логин пользователя")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["login"]).first()
        if user is None:
            raise CommandError(f"Пользователь «{options['login']}» не найден.")
        try:
            person_anonymise(actor=None, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Обезличен: {user.username}")
