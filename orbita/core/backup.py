"""Consistent backups of the whole site — database and uploaded files — and their restore.

A backup is one ``.tar.gz`` archive:

- ``manifest.json`` — format version, when and from which database it was made, the applied
  migrations, the number of objects per model, the number of files and the SHA-256 of the
  data;
- ``data.json`` — every object, as Django's serialisation (``dumpdata`` with natural keys
  for content types and permissions, which every database creates itself), read inside one
  transaction: on PostgreSQL at ``REPEATABLE READ``, on SQLite in one read transaction, so
  the copy is one moment of the database even while people keep working;
- ``media/…`` — the uploaded files (``MEDIA_ROOT``).

The format does not depend on the database: a copy of the embedded SQLite database restores
into PostgreSQL and back. Restoring checks the archive (manifest, checksum, safe paths) and
that the target database has the same migrations, then loads everything in one transaction:
a bad archive changes nothing. A database that already holds data is replaced only when
asked (``replace=True``); the files it had are kept aside, never deleted.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from orbita.core.services import audit_log

FORMAT = 1
# Rows every database makes for itself (migrations) or that must not outlive a login.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    """A backup cannot be made or restored; the message is for the user (Russian)."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    objects: int
    files: int
    created: str


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to milliseconds; a backup keeps the microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _models() -> list[Any]:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e for e in EXCLUDED if "." in e}
    out = []
    for model in apps.get_models():
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        if meta.app_label in excluded_apps or meta.label_lower in excluded_models:
            continue
        out.append(model)
    return out


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# Rows that ``migrate`` itself makes (``post_migrate``), matched by their natural key.
BY_NATURAL_KEY = ("auth.group",)


def _dump() -> tuple[bytes, Counter[str]]:
    counts: Counter[str] = Counter()
    parts = []
    for natural in (True, False):
        models = [m for m in _models() if (m._meta.label_lower in BY_NATURAL_KEY) == natural]
        querysets = [m._base_manager.order_by("pk") for m in models]
        for model, rows in zip(models, querysets, strict=True):
            counts[model._meta.label_lower] = rows.count()

        def every(querysets: list[Any] = querysets) -> Any:
            for rows in querysets:
                yield from rows.iterator(chunk_size=2000)

        stream = io.StringIO()
        serializers.serialize(
            "json",
            every(),
            stream=stream,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=natural,
            cls=_ExactEncoder,
        )
        parts.append(stream.getvalue().strip()[1:-1].strip())  # the objects of the array
    return ("[" + ",\n".join(p for p in parts if p) + "]").encode("utf-8"), counts


def backup_create(*, path: Path, actor: Any = None) -> BackupSummary:
    """Write a backup archive to ``path`` (a new file; written aside and renamed at the end)."""
    path = Path(path)
    if path.exists():
        raise BackupError(_("Файл %(path)s уже существует.") % {"path": path})
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        data, counts = _dump()
        migrations = _applied_migrations()
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
    created = timezone.now().isoformat()
    manifest = {
        "format": FORMAT,
        "created": created,
        "database": connection.vendor,
        "migrations": migrations,
        "objects": dict(sorted(counts.items())),
        "files": len(files),
        "data_sha256": hashlib.sha256(data).hexdigest(),
    }
    part = path.with_name(path.name + ".part")
    try:
        with tarfile.open(part, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            _add_bytes(tar, "data.json", data)
            for file in files:
                tar.add(file, arcname=f"media/{file.relative_to(media).as_posix()}")
        part.rename(path)
    finally:
        part.unlink(missing_ok=True)
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="core.backup.created",
            data={"path": str(path), "objects": sum(counts.values()), "files": len(files)},
        )
    return BackupSummary(path, sum(counts.values()), len(files), created)


def _add_bytes(tar: tarfile.TarFile, name: str, content: str | bytes) -> None:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    info = tarfile.TarInfo(name)
    info.size = len(raw)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(raw))


def _read(path: Path) -> tuple[dict[str, Any], bytes, list[tarfile.TarInfo], tarfile.TarFile]:
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the caller (``with tar``)
        members = tar.getmembers()
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("Файл %(path)s — не архив резервной копии Orbita.") % {"path": path}
        ) from exc
    names = {m.name: m for m in members}
    if "manifest.json" not in names or "data.json" not in names:
        tar.close()
        raise BackupError(_("В архиве нет manifest.json или data.json."))
    try:
        manifest = json.loads(_member_bytes(tar, names["manifest.json"]))
        data = _member_bytes(tar, names["data.json"])
    except (ValueError, tarfile.TarError) as exc:
        tar.close()
        raise BackupError(_("Описание копии (manifest.json) повреждено.")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        tar.close()
        raise BackupError(
            _("Неизвестный формат копии: %(format)s.") % {"format": manifest.get("format")}
        )
    if hashlib.sha256(data).hexdigest() != manifest.get("data_sha256"):
        tar.close()
        raise BackupError(_("Данные копии повреждены: контрольная сумма не совпадает."))
    media = []
    for m in members:
        if m.name in ("manifest.json", "data.json"):
            continue
        parts = Path(m.name).parts
        if not m.name.startswith("media/") or m.name.startswith("/") or ".." in parts:
            tar.close()
            raise BackupError(_("Недопустимый путь в архиве: %(name)s.") % {"name": m.name})
        if not (m.isfile() or m.isdir()):
            tar.close()
            raise BackupError(_("Недопустимый элемент архива: %(name)s.") % {"name": m.name})
        if m.isfile():
            media.append(m)
    return manifest, data, media, tar


def _member_bytes(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    if handle is None:
        raise tarfile.TarError(member.name)
    with handle:
        return handle.read()


def _holds_data() -> bool:
    return any(
        model._base_manager.exists()
        for model in _models()
        if model._meta.label_lower not in BY_NATURAL_KEY
    )


def backup_restore(*, path: Path, replace: bool = False, actor: Any = None) -> BackupSummary:
    """Restore the archive at ``path`` into this database and ``MEDIA_ROOT``.

    Raises ``BackupError`` (nothing changed) on a damaged archive, on a database whose
    migrations differ from the copy's, or on a database that holds data unless ``replace``.
    """
    path = Path(path)
    manifest, data, media_members, tar = _read(path)
    with tar:
        here = set(_applied_migrations())
        there = set(manifest.get("migrations", []))
        if here != there:
            missing = sorted(there - here)[:5]
            extra = sorted(here - there)[:5]
            raise BackupError(
                _(
                    "Схема базы данных не совпадает с копией (нет в базе: %(missing)s; нет в "
                    "копии: %(extra)s). Приведите миграции к версии копии и повторите."
                )
                % {"missing": ", ".join(missing) or "—", "extra": ", ".join(extra) or "—"}
            )
        if not replace and _holds_data():
            raise BackupError(
                _("В базе уже есть данные. Чтобы заменить их копией, укажите --replace.")
            )
        media = Path(settings.MEDIA_ROOT)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
        try:
            for member in media_members:
                target = staging / Path(member.name).relative_to("media")
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    out.write(_member_bytes(tar, member))
            with tempfile.NamedTemporaryFile(suffix=".json", dir=staging.parent) as fixture:
                fixture.write(data)
                fixture.flush()
                with transaction.atomic():
                    if replace:
                        _flush()
                    call_command("loaddata", fixture.name, verbosity=0)
                    _swap_media(media, staging, replace=replace)
                    audit_log(
                        actor=actor,
                        action="core.backup.restored",
                        data={
                            "path": str(path),
                            "created": manifest.get("created"),
                            "objects": sum(manifest.get("objects", {}).values()),
                            "files": len(media_members),
                            "replaced": replace,
                        },
                    )
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BackupSummary(
        path, sum(manifest.get("objects", {}).values()), len(media_members), manifest["created"]
    )


def _flush() -> None:
    """Empty every table (in the restore's transaction)."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # rows may refer forwards while they load
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _swap_media(media: Path, staging: Path, *, replace: bool) -> None:
    """Put the restored files in place; with ``replace``, the old ones are moved aside."""
    if replace and media.exists() and any(media.iterdir()):
        aside = media.with_name(f"{media.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}")
        media.rename(aside)
    media.mkdir(parents=True, exist_ok=True)
    for file in staging.rglob("*"):
        if file.is_file():
            target = media / file.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)
