"""``manage.py restore PATH [--replace]``: the database and files from a backup archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from orbita.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = _(
        "Восстанавливает базу и файлы из резервной копии в одной транзакции: при любой "
        "ошибке ничего не меняется."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("Архив, созданный командой backup."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Заменить данные, которые уже есть в базе (прежние файлы сохраняются рядом)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(path=options["path"], replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Восстановлено из %(path)s (копия от %(created)s): объектов — %(objects)s, "
                "файлов — %(files)s."
            )
            % {
                "path": summary.path,
                "created": summary.created,
                "objects": summary.objects,
                "files": summary.files,
            }
        )
