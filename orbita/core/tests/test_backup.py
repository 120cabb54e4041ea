"""``backup`` / ``restore``: the demo and its files round-trip; a bad archive changes nothing."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from orbita.core.backup import (
    BY_NATURAL_KEY,
    BackupError,
    _flush,
    _models,
    backup_create,
    backup_restore,
)
from orbita.core.models import AuditEntry
from orbita.demo.services import demo_load
from orbita.registry.models import School

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "diary").mkdir(parents=True)
    (root / "diary" / "урок.pdf").write_bytes(b"%PDF-1.4 evidence")
    settings.MEDIA_ROOT = root
    return root


def snapshot() -> list[dict]:
    """Every object of the site (what a backup holds), but the backups' own audit entries."""
    rows = []
    for model in _models():
        qs = model._base_manager.order_by("pk")
        if model is AuditEntry:
            qs = qs.exclude(action__startswith="core.backup.")
        natural = model._meta.label_lower in BY_NATURAL_KEY  # made again by migrate
        rows += serializers.serialize(
            "python", qs, use_natural_foreign_keys=True, use_natural_primary_keys=natural
        )
    return rows


def test_the_demo_and_its_files_round_trip(media, tmp_path):
    demo_load()
    before = snapshot()
    assert len(before) > 1000
    files = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert len(files) > 1  # ours and the demo's evidence files
    archive = tmp_path / "copy.tar.gz"
    summary = backup_create(path=archive)
    assert summary.files == len(files)
    assert summary.objects == len(before)
    # the people keep working after the copy was made…
    School.objects.filter(pk=School.objects.order_by("pk").first().pk).update(name="Переименована")
    (media / "diary" / "урок.pdf").write_bytes(b"changed")
    (media / "new.txt").write_text("after the copy")
    # …and the copy brings back the moment it was made
    restored = backup_restore(path=archive, replace=True)
    assert restored.objects == len(before)
    assert snapshot() == before
    assert {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()} == files
    aside = [p for p in media.parent.iterdir() if p.name.startswith("media.before-restore-")]
    assert len(aside) == 1 and (aside[0] / "new.txt").read_text() == "after the copy"
    assert list(
        AuditEntry.objects.filter(action__startswith="core.backup.").values_list(
            "action", flat=True
        )
    ) == ["core.backup.restored"]


def test_a_database_with_data_is_replaced_only_when_asked(media, tmp_path):
    School.objects.create(name="Школа", code="S-1", municipality=_municipality())
    archive = tmp_path / "copy.tar.gz"
    backup_create(path=archive)
    with pytest.raises(BackupError, match="В базе уже есть данные"):
        backup_restore(path=archive)
    _flush()  # as a new, migrated database
    backup_restore(path=archive)  # an empty database needs no --replace
    assert list(School.objects.values_list("code", flat=True)) == ["S-1"]


def _rewrite(archive: Path, out: Path, change) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: _content(tar, m) for m in tar.getmembers() if m.isfile()}
    change(members)
    with tarfile.open(out, "w:gz") as tar:
        for name, raw in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))


def _content(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    assert handle is not None
    return handle.read()


def _manifest(members, **changes):
    manifest = json.loads(members["manifest.json"])
    manifest.update(changes)
    members["manifest.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update({"data.json": m["data.json"][:-10]}), "контрольная сумма"),
        (lambda m: _manifest(m, format=99), "Неизвестный формат копии: 99"),
        (lambda m: _manifest(m, migrations=["registry.9999_future"]), "Схема базы данных"),
        (lambda m: m.update({"media/../../etc/x": b"x"}), "Недопустимый путь"),
        (lambda m: m.pop("manifest.json"), "нет manifest.json"),
    ],
)
def test_a_bad_archive_is_refused_and_nothing_changes(media, tmp_path, change, message):
    School.objects.create(name="Школа", code="S-1", municipality=_municipality())
    archive = tmp_path / "copy.tar.gz"
    backup_create(path=archive)
    bad = tmp_path / "bad.tar.gz"
    _rewrite(archive, bad, change)
    School.objects.update(name="После копии")
    with pytest.raises(BackupError, match=message):
        backup_restore(path=bad, replace=True)
    assert list(School.objects.values_list("name", flat=True)) == ["После копии"]
    assert (media / "diary" / "урок.pdf").read_bytes() == b"%PDF-1.4 evidence"


def _municipality():
    from orbita.registry.tests.factories import MunicipalityFactory

    return MunicipalityFactory.create()


def test_not_an_archive(tmp_path):
    path = tmp_path / "x.tar.gz"
    path.write_text("no")
    with pytest.raises(BackupError, match="не архив резервной копии"):
        backup_restore(path=path)


def test_the_commands(media, tmp_path, capsys):
    School.objects.create(name="Школа", code="S-1", municipality=_municipality())
    archive = tmp_path / "c.tar.gz"
    call_command("backup", "--output", str(archive))
    assert "объектов —" in capsys.readouterr().out
    with pytest.raises(CommandError, match="уже существует"):
        call_command("backup", "--output", str(archive))
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--replace")
    assert "Восстановлено из" in capsys.readouterr().out
    assert School.objects.get().name == "Школа"
