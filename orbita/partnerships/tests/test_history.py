"""The audit entries of partnerships carry before → after, and the pages show them: the
partnership's history, each agreement's own history and the roadmap's history (removed
measures included)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orbita.conftest import World, client_for
from orbita.core.models import AuditEntry
from orbita.partnerships import selectors, services
from orbita.partnerships.models import Partnership
from orbita.registry.models import School

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(world: World) -> School:
    return world.mentor_teacher.school


@pytest.fixture
def partnership(world: World, leader: School) -> Partnership:
    return services.partnership_create(
        actor=None,
        leader=leader,
        supported=world.branch,
        start=date(2021, 9, 1),
        end=date(2022, 8, 31),
        subject="Методическая поддержка",
    )


def _data(action: str) -> dict:
    return AuditEntry.objects.filter(action=action).latest("id").data


def _section(html: str, testid: str, end: str = "</section>") -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split(end, 1)[0]


# --- services record before → after -------------------------------------------------------


def test_partnership_writes_record_before_and_after(people, partnership):
    actor = people["municipal"]
    services.partnership_update(
        actor=actor, partnership=partnership, data={"subject": "Новый предмет"}
    )
    assert _data("partnerships.partnership.updated") == {
        "subject": ["Методическая поддержка", "Новый предмет"]
    }
    services.partnership_activate(actor=actor, partnership=partnership)
    assert _data("partnerships.partnership.activated") == {"status": ["draft", "active"]}
    services.partnership_prolong(actor=actor, partnership=partnership, end=date(2023, 8, 31))
    assert _data("partnerships.partnership.prolonged") == {
        "term": 2,
        "end": ["2022-08-31", "2023-08-31"],
        "status": ["active", "prolonged"],
    }
    services.partnership_end(actor=actor, partnership=partnership, reason="Цели достигнуты")
    assert _data("partnerships.partnership.ended") == {
        "status": ["prolonged", "ended"],
        "reason": "Цели достигнуты",
    }


def test_roadmap_item_update_records_only_what_changed(people, partnership, leader):
    item = services.roadmap_item_create(
        actor=None, partnership=partnership, data={"action": "Семинар", "due": date(2022, 3, 15)}
    )
    services.roadmap_item_update(
        actor=people["municipal"],
        item=item,
        data={"action": "Семинар", "status": "done", "responsible_school": leader},
    )
    assert _data("partnerships.roadmap_item.updated") == {
        "status": ["planned", "done"],
        "responsible_school": [None, leader.pk],
        "done_at": [None, timezone.localdate().isoformat()],
    }
    count = AuditEntry.objects.filter(action="partnerships.roadmap_item.updated").count()
    services.roadmap_item_update(actor=people["municipal"], item=item, data={"status": "done"})
    assert AuditEntry.objects.filter(action="partnerships.roadmap_item.updated").count() == count


def test_risk_factor_and_network_programme_updates_record_before_and_after(
    world, people, partnership, leader
):
    profile = services.risk_profile_create(actor=None, school=world.branch, year=2021)
    factor = profile.factors.get(factor="language")
    services.risk_factor_update(actor=people["municipal"], factor=factor, data={"level": "high"})
    assert _data("partnerships.risk_factor.updated") == {
        "factor": "language",
        "level": ["none", "high"],
    }
    prog = services.network_programme_create(
        actor=None,
        host_school=leader,
        guest_school=world.branch,
        data={"course": "Робототехника", "grades": "5–7"},
    )
    services.network_programme_update(
        actor=people["municipal"], programme=prog, data={"course": "Программирование"}
    )
    assert _data("partnerships.network_programme.updated") == {
        "course": ["Робототехника", "Программирование"]
    }


def test_agreement_scan_records_before_and_after(people, partnership):
    agreement = services.agreement_generate(actor=None, partnership=partnership, data={})
    services.agreement_upload_signed(
        actor=people["municipal"],
        agreement=agreement,
        upload=SimpleUploadedFile("скан.pdf", b"%PDF-1.4 s"),
        signed_at=date(2021, 9, 3),
    )
    assert _data("partnerships.agreement.signed") == {
        "signed_name": ["", "скан.pdf"],
        "signed_at": [None, "2021-09-03"],
    }


# --- the panels ---------------------------------------------------------------------------


def test_partnership_page_shows_changes_and_each_agreements_own_history(people, partnership):
    actor = people["municipal"]
    first = services.agreement_generate(actor=actor, partnership=partnership, data={})
    second = services.agreement_generate(actor=actor, partnership=partnership, data={})
    services.agreement_upload_signed(
        actor=actor,
        agreement=second,
        upload=SimpleUploadedFile("скан.pdf", b"%PDF-1.4 s"),
        signed_at=date(2021, 9, 3),
    )
    services.partnership_update(
        actor=actor, partnership=partnership, data={"subject": "Новый предмет"}
    )
    page = client_for(actor).get(reverse("partnerships:detail", args=[partnership.pk]))
    html = page.content.decode()
    assert "Предмет соглашения: Методическая поддержка → Новый предмет" in _section(html, "history")
    first_panel = _section(html, f"agreement-history-{first.pk}", "</details>")
    second_panel = _section(html, f"agreement-history-{second.pk}", "</details>")
    assert "сформировано соглашение" in first_panel
    assert "загружен подписанный скан" not in first_panel
    assert "загружен подписанный скан" in second_panel
    assert "Дата подписания: — → 03.09.2021" in second_panel
    by_agreement = {a.pk: [e.action for e in a.history] for a in page.context["agreements"]}
    assert by_agreement == {
        first.pk: ["partnerships.agreement.created"],
        second.pk: ["partnerships.agreement.signed", "partnerships.agreement.created"],
    }


def test_roadmap_page_shows_its_history_with_removed_measures(people, partnership):
    actor = people["municipal"]
    kept = services.roadmap_item_create(
        actor=actor, partnership=partnership, data={"action": "Открытый урок"}
    )
    removed = services.roadmap_item_create(
        actor=actor, partnership=partnership, data={"action": "Круглый стол"}
    )
    services.roadmap_item_update(actor=actor, item=kept, data={"status": "in_progress"})
    services.roadmap_item_delete(actor=actor, item=removed)
    services.partnership_update(
        actor=actor, partnership=partnership, data={"subject": "Новый предмет"}
    )
    page = client_for(people["school"]).get(reverse("partnerships:roadmap", args=[partnership.pk]))
    assert [e.action for e in page.context["history"]] == [
        "partnerships.roadmap_item.deleted",
        "partnerships.roadmap_item.updated",
        "partnerships.roadmap_item.created",
        "partnerships.roadmap_item.created",
    ]
    panel = _section(page.content.decode(), "roadmap-history")
    assert "удалена мера дорожной карты: Круглый стол" in panel
    assert "Статус: запланировано → выполняется" in panel
    assert "Новый предмет" not in panel


def test_roadmap_history_lists_template_fills(people, partnership):
    services.roadmap_apply_template(
        actor=people["municipal"], partnership=partnership, code="case_002", year=2021
    )
    entries = selectors.roadmap_history(partnership=partnership)
    assert entries[0].action == "partnerships.roadmap.template_applied"
    assert [e.action for e in entries[1:]] == ["partnerships.roadmap_item.created"] * 6
