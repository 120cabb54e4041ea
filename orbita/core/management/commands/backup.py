"""``manage.py backup [--output PATH]``: one consistent archive of the database and files."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from orbita.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = _(
        "Создаёт резервную копию: все данные базы (один согласованный снимок) и загруженные "
        "файлы в одном архиве .tar.gz."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help=_("Куда записать архив (по умолчанию orbita-backup-<дата-время>.tar.gz)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["output"] or Path(f"orbita-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            summary = backup_create(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Резервная копия %(path)s: объектов — %(objects)s, файлов — %(files)s.")
            % {"path": summary.path, "objects": summary.objects, "files": summary.files}
        )
