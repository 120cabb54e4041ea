"""The batch life cycle: create (store + validate), apply (validate again + write), cancel."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orbita.core.models import AuditEntry
from orbita.imports import services
from orbita.imports.kinds import get_kind
from orbita.imports.models import ImportBatch
from orbita.imports.tests.conftest import GOOD_SCHOOLS, csv_bytes
from orbita.registry.models import School
from orbita.registry.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

SCHOOLS = get_kind("schools")


def test_batch_create_stores_the_file_under_a_random_name(people, media_root):
    batch = services.batch_create(
        user=people["municipal"], kind=SCHOOLS, data=GOOD_SCHOOLS, filename="Школы района.csv"
    )
    assert (batch.kind, batch.original_name) == ("schools", "Школы района.csv")
    assert batch.status == "draft"
    assert batch.uploaded_by == people["municipal"]
    name = batch.file.name
    assert name.startswith("imports/") and name.endswith(".csv")
    stem = name.rsplit("/", 1)[1].removesuffix(".csv")
    assert len(stem) == 32 and int(stem, 16) >= 0  # a uuid4: nothing to guess from the name
    assert (media_root / name).read_bytes() == GOOD_SCHOOLS
    assert batch.report["valid"] is True
    assert batch.report["counts"] == {"create": 1, "update": 1, "unchanged": 0}
    assert School.objects.filter(code="5200300").exists() is False
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_id) == (
        "imports.batch.created",
        people["municipal"],
        str(batch.pk),
    )


def test_batch_create_refuses_a_kind_the_user_may_not_import(people):
    with pytest.raises(PermissionDenied):
        services.batch_create(
            user=people["school"], kind=SCHOOLS, data=GOOD_SCHOOLS, filename="a.csv"
        )
    assert ImportBatch.objects.count() == 0


def test_batch_apply_writes_everything_and_audits(people):
    user = people["municipal"]
    batch = services.batch_create(user=user, kind=SCHOOLS, data=GOOD_SCHOOLS, filename="a.csv")

    batch = services.batch_apply(batch=batch, actor=user)

    assert batch.status == "applied"
    assert batch.applied_at is not None
    assert batch.report["result"] == {"create": 1, "update": 1, "unchanged": 0}
    assert School.objects.get(code="5200300").municipality.code == "52-sech"
    assert School.objects.get(code="5200001").students == 415
    summary = AuditEntry.objects.get(action="imports.batch.applied")
    assert (summary.actor, summary.target_id) == (user, str(batch.pk))
    assert summary.data == {
        "kind": "schools",
        "file": "a.csv",
        "rows": 2,
        "counts": {"create": 1, "update": 1, "unchanged": 0},
        "source": "web",
    }
    with pytest.raises(ValueError, match="not a draft"):
        services.batch_apply(batch=batch, actor=user)
    assert School.objects.filter(code="5200300").count() == 1


def test_batch_apply_validates_again_when_the_database_changed(people, world):
    user = people["municipal"]
    batch = services.batch_create(user=user, kind=SCHOOLS, data=GOOD_SCHOOLS, filename="a.csv")
    assert batch.report["valid"] is True
    # Meanwhile the code was taken by a school of another municipality.
    SchoolFactory(code="5200300", municipality=world.sibling_municipality)
    audit_before = AuditEntry.objects.count()

    batch = services.batch_apply(batch=batch, actor=user)

    assert batch.status == "draft"
    assert batch.report["valid"] is False
    assert [p["params"] for p in batch.report["problems"]] == [{"code": "5200300"}]
    assert School.objects.get(code="5200001").students == 300
    assert AuditEntry.objects.count() == audit_before


def test_batch_apply_checks_the_rights_of_whoever_confirms(people):
    batch = services.batch_create(
        user=people["municipal"], kind=SCHOOLS, data=GOOD_SCHOOLS, filename="a.csv"
    )
    with pytest.raises(PermissionDenied):
        services.batch_apply(batch=batch, actor=people["school"])
    batch.refresh_from_db()
    assert batch.status == "draft"


def test_batch_apply_failure_rolls_back_and_marks_the_batch(people, monkeypatch):
    user = people["regional"]
    batch = services.batch_create(user=user, kind=SCHOOLS, data=GOOD_SCHOOLS, filename="a.csv")

    def broken_apply(plan, *, actor):
        School.objects.filter(code="5200001").update(students=1)
        raise ValidationError("Конфликт при записи.")

    monkeypatch.setattr(SCHOOLS, "apply", broken_apply)
    batch = services.batch_apply(batch=batch, actor=user)

    assert batch.status == "failed"
    assert batch.report["error"]["params"] == {"error": "Конфликт при записи."}
    assert School.objects.get(code="5200001").students == 300  # rolled back
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "imports.batch.created",
        "imports.batch.failed",
    ]


def test_batch_apply_of_an_invalid_batch_writes_nothing(people):
    user = people["regional"]
    data = csv_bytes("Код ОО;Наименование;Муниципалитет", "5200301;Школа;Нет такого")
    batch = services.batch_create(user=user, kind=SCHOOLS, data=data, filename="a.csv")
    assert batch.report["valid"] is False
    batch = services.batch_apply(batch=batch, actor=user)
    assert batch.status == "draft"
    assert School.objects.filter(code="5200301").exists() is False


def test_batch_cancel(people):
    user = people["regional"]
    batch = services.batch_create(user=user, kind=SCHOOLS, data=GOOD_SCHOOLS, filename="a.csv")
    batch = services.batch_cancel(batch=batch, actor=user)
    assert batch.status == "cancelled"
    entry = AuditEntry.objects.get(action="imports.batch.cancelled", actor=user)
    assert entry.data == {"kind": "schools", "file": "a.csv", "status": ["draft", "cancelled"]}
    with pytest.raises(ValueError):
        services.batch_apply(batch=batch, actor=user)
    with pytest.raises(ValueError):
        services.batch_cancel(batch=batch, actor=user)
    assert School.objects.filter(code="5200300").exists() is False
