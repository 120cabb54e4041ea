"""The partnership pages end to end: a coordinator creates, activates and prolongs a
partnership, generates its agreement and uploads the signed scan, edits the template, runs
and decides the recommendation, fills the risk profile and turns it into roadmap measures;
both schools work on the roadmap; exports and imports; network programmes on both schools'
pages."""

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import Workbook, load_workbook

from orbita.conftest import World, client_for
from orbita.diagnosis.models import DiagnosisRun, SchoolFlags
from orbita.partnerships import documents, roadmap, services
from orbita.partnerships.models import (
    Agreement,
    AgreementTemplate,
    NetworkProgramme,
    Partnership,
    Proposal,
    RiskProfile,
    RoadmapItem,
)
from orbita.registry.models import School
from orbita.registry.tests.factories import SchoolFactory
from orbita.tabular import CellError

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
        subject="Консультационная и методическая поддержка",
    )


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- partnerships -------------------------------------------------------------------------


def test_coordinator_creates_activates_and_prolongs_a_partnership(world, people, leader):
    client = client_for(people["municipal"])
    response = client.post(
        reverse("partnerships:create"),
        {
            "leader": leader.pk,
            "supported": world.branch.pk,
            "leader_role": "школа-лидер",
            "supported_role": "школа с низкими результатами",
            "start": "2021-09-01",
            "end": "2022-08-31",
            "subject": "Адресная поддержка",
            "coordinator_name": "Иванова И. И., методист",
        },
    )
    p = Partnership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:detail", args=[p.pk])
    assert (p.status, p.leader, p.supported, p.coordinator_name) == (
        "draft",
        leader,
        world.branch,
        "Иванова И. И., методист",
    )

    client.post(reverse("partnerships:activate", args=[p.pk]))
    client.post(reverse("partnerships:prolong", args=[p.pk]), {"end": "2023-08-31"})
    p.refresh_from_db()
    assert p.status == "prolonged"
    assert [(t.number, t.start, t.end) for t in p.terms.all()] == [
        (1, date(2021, 9, 1), date(2022, 8, 31)),
        (2, date(2022, 9, 1), date(2023, 8, 31)),
    ]

    page = client.get(reverse("partnerships:detail", args=[p.pk]))
    history = [e.label for e in page.context["history"]]
    assert [str(x) for x in history] == [
        "партнёрство продлено",
        "партнёрство вступило в силу",
        "создано партнёрство",
    ]
    assert "Красновская ОШ" in page.content.decode()


def test_create_refuses_a_school_paired_with_itself(world, people):
    client = client_for(people["municipal"])
    response = client.post(
        reverse("partnerships:create"),
        {
            "leader": world.branch.pk,
            "supported": world.branch.pk,
            "leader_role": "a",
            "supported_role": "b",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "supported": ["Школа не может быть партнёром самой себе."]
    }
    assert Partnership.objects.count() == 0


def test_list_filters_by_status_and_counts_overdue_items(world, people, partnership, leader):
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={"action": "Круглый стол", "due": date(2020, 4, 1), "due_is_month": True},
    )
    client = client_for(people["school"])
    page = client.get(reverse("partnerships:list"))
    (row,) = page.context["partnerships"]
    assert (row.pk, row.overdue, row.items_total, row.items_done) == (partnership.pk, 1, 1, 0)
    assert (
        client.get(reverse("partnerships:list"), {"status": "ended"}).context["partnerships"] == []
    )


def test_school_coordinator_sees_but_may_not_end(people, partnership):
    client = client_for(people["school"])
    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 200
    assert client.post(reverse("partnerships:end", args=[partnership.pk])).status_code == 403
    partnership.refresh_from_db()
    assert partnership.status == "draft"


def test_balance_counts_roadmap_items_and_events_by_helping_side(world, leader, partnership):
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={"action": "Семинар", "responsible_school": leader},
    )
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={
            "action": "Семинар для лидера",
            "responsible_school": world.branch,
            "status": "done",
        },
    )
    page = client_for_super(partnership)
    assert page.context["balance"] == {
        "leader": {"roadmap": 1, "done": 0},
        "supported": {"roadmap": 1, "done": 1},
        "two_way": True,
    }
    assert page.context["events_balance"] == {"leader": 0, "supported": 0}


def client_for_super(partnership: Partnership) -> Any:
    from orbita.accounts.tests.factories import UserFactory

    user = UserFactory.create(is_superuser=True, is_staff=True)
    return client_for(user).get(reverse("partnerships:detail", args=[partnership.pk]))


# --- agreements ---------------------------------------------------------------------------


def test_agreement_is_generated_with_the_chosen_directions(people, partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(people["municipal"])
    response = client.post(
        reverse("partnerships:agreement-create", args=[partnership.pk]),
        {
            "number": "7",
            "date": "2021-09-01",
            "city": "с. Сеченово",
            "directions": [documents.DIRECTIONS[0], documents.DIRECTIONS[5]],
            "directions_extra": "сетевая программа по химии",
            "leader_obligations": "консультировать директора\n— проводить семинары",
            "supported_obligations": "провести самодиагностику",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.leader_obligations == ["консультировать директора", "проводить семинары"]
    document = client.get(reverse("partnerships:agreement-document", args=[agreement.pk]))
    text = _text(b"".join(document.streaming_content if document.streaming else [document.content]))
    assert "Соглашение о сетевом взаимодействии № 7" in text
    assert "— консультирование директора по управленческим решениям;" in text
    assert "— совместный банк методических материалов;" in text
    assert "обмен педагогическими практиками" not in text
    assert "сетевая программа по химии" in text
    assert "с 01.09.2021 по 31.08.2022" in text


def test_signed_scan_upload_checks_the_type(people, partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = Agreement.objects.create(partnership=partnership, number="1")
    client = client_for(people["municipal"])
    url = reverse("partnerships:agreement-sign", args=[agreement.pk])
    bad = client.post(
        url, {"signed_scan": SimpleUploadedFile("scan.exe", b"MZ\x90\x00")}, follow=True
    )
    agreement.refresh_from_db()
    assert not agreement.signed_scan
    assert len(_messages(bad)) == 1
    client.post(
        url,
        {"signed_scan": SimpleUploadedFile("скан.pdf", b"%PDF-1.4 x"), "signed_at": "2021-09-03"},
    )
    agreement.refresh_from_db()
    assert (agreement.signed_name, agreement.signed_at) == ("скан.pdf", date(2021, 9, 3))
    scan = client.get(reverse("partnerships:agreement-scan", args=[agreement.pk]))
    assert b"".join(scan.streaming_content) == b"%PDF-1.4 x"


def test_template_upload_lists_unknown_placeholders_and_keeps_versions(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(people["regional"])
    doc = Document()
    doc.add_paragraph("{{ leader_name }} и {{ school_adress }}, {{ boss }}")
    buf = io.BytesIO()
    doc.save(buf)
    response = client.post(
        reverse("partnerships:templates"),
        {"name": "Моё", "file": SimpleUploadedFile("t.docx", buf.getvalue())},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [
            "Неизвестная подстановка {{ boss }}.",
            "Неизвестная подстановка {{ school_adress }}.",
        ]
    }
    assert AgreementTemplate.objects.count() == 0
    for note in ("первая", "вторая"):
        client.post(
            reverse("partnerships:templates"),
            {
                "name": "Соглашение",
                "note": note,
                "file": SimpleUploadedFile("t.docx", documents.default_template_bytes()),
            },
        )
    assert list(AgreementTemplate.objects.values_list("version", "is_active", "note")) == [
        (2, True, "вторая"),
        (1, False, "первая"),
    ]
    page = client.get(reverse("partnerships:templates"))
    assert "{{ leader_director }}" in page.content.decode()
    municipal = client_for(people["municipal"])
    assert municipal.post(reverse("partnerships:templates"), {}).status_code == 403


# --- recommendation -----------------------------------------------------------------------


@pytest.fixture
def flagged(world: World) -> dict[str, School]:
    run = DiagnosisRun.objects.create(
        municipality=world.municipality, year=2025, method="threshold", computed_at=timezone.now()
    )
    weak = SchoolFactory.create(
        municipality=world.municipality, code="5200003", short_name="Слабая ОШ", lat=55.2, lon=45.9
    )
    strong = world.mentor_teacher.school
    strong.lat, strong.lon = 55.21, 45.88
    strong.save()
    SchoolFlags.objects.create(
        run=run, school=weak, year=2025, low_results=True, subject_standings={"math": -1.2}
    )
    SchoolFlags.objects.create(
        run=run,
        school=strong,
        year=2025,
        leader_candidate=True,
        resilient=True,
        subject_standings={"math": 1.0},
    )
    return {"weak": weak, "leader": strong}


def test_recommendation_page_runs_and_accepts(world, people, flagged):
    client = client_for(people["municipal"])
    response = client.post(
        reverse("partnerships:recommendations"), {"municipality": world.municipality.pk}
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse(
        "partnerships:recommendation-detail", args=[proposal.run_id]
    )
    page = client.get(response["Location"])
    assert page.context["map_data"]["links"] == [
        {
            "from": flagged["leader"].pk,
            "to": flagged["weak"].pk,
            "decision": "proposed",
            "label": "Сеченовская СШ → Слабая ОШ",
        }
    ]
    assert "Школа-лидер резильентна" in page.content.decode()
    client.post(
        reverse("partnerships:proposal-decide", args=[proposal.pk]),
        {f"p{proposal.pk}-decision": "accepted"},
    )
    proposal.refresh_from_db()
    p = Partnership.objects.get()
    assert (proposal.decision, p.status, p.leader, p.supported, p.proposal) == (
        "accepted",
        "draft",
        flagged["leader"],
        flagged["weak"],
        proposal,
    )


def test_recommendation_change_and_reject(world, people, flagged, leader):
    client = client_for(people["municipal"])
    client.post(reverse("partnerships:recommendations"), {"municipality": world.municipality.pk})
    proposal = Proposal.objects.get()
    other = SchoolFactory.create(municipality=world.sibling_municipality, code="5200200")
    client.post(
        reverse("partnerships:proposal-decide", args=[proposal.pk]),
        {f"p{proposal.pk}-decision": "changed", f"p{proposal.pk}-leader": other.pk},
    )
    assert Partnership.objects.get().leader == other
    client.post(reverse("partnerships:recommendations"), {"municipality": world.municipality.pk})
    second = Proposal.objects.filter(decision="proposed").get()
    client.post(
        reverse("partnerships:proposal-decide", args=[second.pk]),
        {f"p{second.pk}-decision": "rejected", f"p{second.pk}-reason": "далеко"},
    )
    second.refresh_from_db()
    assert (second.decision, second.reason) == ("rejected", "далеко")
    assert Partnership.objects.count() == 1


# --- risk profiles ------------------------------------------------------------------------


def test_risk_profile_is_prefilled_edited_and_yields_roadmap_measures(world, people, partnership):
    world.branch.has_psychologist = False
    world.branch.save()
    client = client_for(people["municipal"])
    client.post(
        reverse("partnerships:risk-profiles"),
        {"school": world.branch.pk, "year": 2021, "prefill": "on"},
    )
    profile = RiskProfile.objects.get()
    factor = profile.factors.get(factor="teacher_shortage")
    assert (factor.level, factor.note, factor.prefilled, factor.chosen) == (
        "medium",
        "нет специалистов: педагог-психолог",
        True,
        True,
    )
    data = {}
    for f in profile.factors.all():
        data[f"level_{f.factor}"] = f.level
        data[f"note_{f.factor}"] = f.note
        if f.chosen:
            data[f"chosen_{f.factor}"] = "on"
    data["level_parents"] = "high"
    data["chosen_parents"] = "on"
    data["note_parents"] = "родители не приходят на собрания"
    client.post(reverse("partnerships:risk-profile", args=[profile.pk]), data)
    assert set(profile.factors.filter(chosen=True).values_list("factor", flat=True)) == {
        "teacher_shortage",
        "parents",
    }
    url = reverse("partnerships:risk-to-roadmap", args=[profile.pk])
    client.post(url, {"partnership": partnership.pk, "start": "2021-09-01"})
    items = list(partnership.roadmap.order_by("order"))
    assert [(i.risk_factor, i.due, i.due_is_month) for i in items] == [
        ("teacher_shortage", date(2021, 9, 1), True),
        ("parents", date(2021, 11, 1), True),
    ]
    client.post(url, {"partnership": partnership.pk, "start": "2021-09-01"})
    assert partnership.roadmap.count() == 2


# --- roadmap ------------------------------------------------------------------------------


def test_case_002_template_fills_six_measures_by_month(people, partnership, leader, world):
    client = client_for(people["municipal"])
    client.post(
        reverse("partnerships:roadmap-template", args=[partnership.pk]),
        {"template": "case_002", "year": 2022},
    )
    items = list(partnership.roadmap.order_by("order"))
    assert [(roadmap.due_text(i), i.responsible_school) for i in items] == [
        ("апрель 2023", None),
        ("сентябрь 2023", leader),
        ("май 2024", None),
        ("май 2024", leader),
        ("октябрь 2023", leader),
        ("январь 2024", world.branch),
    ]
    assert items[0].action.startswith("«Круглый стол» по обсуждению проблем школы-спутника")


def test_case_001_template_has_three_stages(people, partnership):
    client = client_for(people["municipal"])
    client.post(
        reverse("partnerships:roadmap-template", args=[partnership.pk]),
        {"template": "case_001", "year": 2021},
    )
    stages = list(partnership.roadmap.order_by("order").values_list("stage", flat=True))
    assert sorted(set(stages), key=stages.index) == [
        "подготовительный этап",
        "основной этап",
        "заключительный этап",
    ]
    assert partnership.roadmap.order_by("order").first().due == date(2021, 9, 1)


def test_overdue_items_stand_out_on_the_roadmap(people, partnership):
    services.roadmap_item_create(
        actor=None, partnership=partnership, data={"action": "Старое", "due": date(2020, 1, 10)}
    )
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={"action": "Сделано", "due": date(2020, 1, 10), "status": "done"},
    )
    page = client_for(people["school"]).get(reverse("partnerships:roadmap", args=[partnership.pk]))
    assert page.context["overdue"] == 1
    assert [i.overdue for i in page.context["items"]] == [True, False]
    assert 'class="overdue"' in page.content.decode()


def test_school_coordinator_changes_status_and_adds_evidence_but_not_deletes(
    people, partnership, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = services.roadmap_item_create(
        actor=None, partnership=partnership, data={"action": "Открытый урок"}
    )
    client = client_for(people["school"])
    client.post(reverse("partnerships:item-status", args=[item.pk]), {"status": "done"})
    client.post(
        reverse("partnerships:item-evidence", args=[item.pk]),
        {"file": SimpleUploadedFile("протокол.pdf", b"%PDF-1.4 p")},
    )
    item.refresh_from_db()
    assert (item.status, item.done_at) == ("done", timezone.localdate())
    (ev,) = item.evidence.all()
    assert ev.name == "протокол.pdf"
    download = client.get(reverse("partnerships:evidence-file", args=[ev.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 p"
    assert client.post(reverse("partnerships:item-delete", args=[item.pk])).status_code == 403
    assert RoadmapItem.objects.filter(pk=item.pk).exists()
    edit = client.get(reverse("partnerships:item-edit", args=[item.pk]))
    assert edit.status_code == 403


def test_coordinator_adds_and_edits_an_item(people, partnership, leader):
    client = client_for(people["municipal"])
    client.post(
        reverse("partnerships:roadmap", args=[partnership.pk]),
        {
            "action": "Мастер-класс по рабочему листу",
            "due": "2022-03-15",
            "due_is_month": "on",
            "responsible_school": leader.pk,
            "status": "planned",
        },
    )
    item = partnership.roadmap.get()
    assert (item.due, item.due_is_month, item.responsible_school) == (
        date(2022, 3, 1),
        True,
        leader,
    )
    client.post(
        reverse("partnerships:item-edit", args=[item.pk]),
        {"action": "Мастер-класс", "due": "2022-03-20", "status": "in_progress"},
    )
    item.refresh_from_db()
    assert (item.action, item.due, item.due_is_month, item.status) == (
        "Мастер-класс",
        date(2022, 3, 20),
        False,
        "in_progress",
    )


def test_xlsx_export_reads_back_through_the_import(people, partnership, leader, world):
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={
            "stage": "основной этап",
            "action": "Семинар",
            "form": "семинар",
            "expected_result": "Освоены приёмы",
            "due": date(2022, 4, 1),
            "due_is_month": True,
            "responsible_school": leader,
            "responsible_person": "завуч",
        },
    )
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={
            "action": "Конференция",
            "due": date(2022, 11, 17),
            "responsible_school": world.branch,
        },
    )
    client = client_for(people["municipal"])
    export = client.get(reverse("partnerships:roadmap-export", args=[partnership.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0] == [
        "Этап",
        "Мероприятие",
        "Форма",
        "Ожидаемый результат",
        "Срок",
        "Ответственная школа",
        "Ответственный",
        "Статус",
    ]
    assert rows[1][:5] == ["основной этап", "Семинар", "семинар", "Освоены приёмы", "апрель 2022"]
    partnership.roadmap.all().delete()
    other = partnership
    response = client.post(
        reverse("partnerships:roadmap-import", args=[other.pk]),
        {"file": SimpleUploadedFile("карта.xlsx", export.content)},
    )
    assert response.status_code == 302
    assert [
        (i.action, i.due, i.due_is_month, i.responsible_school)
        for i in other.roadmap.order_by("order")
    ] == [
        ("Семинар", date(2022, 4, 1), True, leader),
        ("Конференция", date(2022, 11, 17), False, world.branch),
    ]


def test_bad_import_lists_every_problem_and_writes_nothing(people, partnership):
    book = Workbook()
    sheet = book.active
    sheet.append(["Мероприятие", "Срок", "Статус", "Ответственная школа"])
    sheet.append(["Семинар", "апрель 2022", "запланировано", "лидер"])
    sheet.append(["", "когда-нибудь", "готово", "Чужая школа"])
    buf = io.BytesIO()
    book.save(buf)
    client = client_for(people["municipal"])
    response = client.post(
        reverse("partnerships:roadmap-import", args=[partnership.pk]),
        {"file": SimpleUploadedFile("карта.xlsx", buf.getvalue())},
        follow=True,
    )
    assert _messages(response) == [
        "Файл не загружен, ничего не изменено:",
        "строка 3, столбец «Мероприятие»: Не заполнено обязательное поле.",
        "строка 3, столбец «Срок»: «когда-нибудь» — не срок: дата ДД.ММ.ГГГГ или месяц, например "
        "«апрель 2024».",
        "строка 3, столбец «Статус»: Статус «готово» не известен: запланировано, выполняется, "
        "выполнено, отменено.",
        "строка 3, столбец «Ответственная школа»: Школа «Чужая школа» — не сторона партнёрства: "
        "«Сеченовская СШ» или «Красновская ОШ».",
    ]
    assert partnership.roadmap.count() == 0


def test_annex_docx_lists_the_items_with_their_stage(people, partnership):
    client = client_for(people["municipal"])
    client.post(
        reverse("partnerships:roadmap-template", args=[partnership.pk]),
        {"template": "case_001", "year": 2021},
    )
    annex = client.get(reverse("partnerships:roadmap-annex", args=[partnership.pk]))
    text = _text(annex.content)
    assert "План адресных мер поддержки" in text
    assert "Подготовительный этап" in text
    assert "1 | Заключение соглашения, назначение координатора и рабочей группы" in text
    assert "сентябрь 2021" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15.04.2024", (date(2024, 4, 15), False)),
        ("2024-04-15", (date(2024, 4, 15), False)),
        ("апрель 2024", (date(2024, 4, 1), True)),
        ("Апреля 2024 г.", (date(2024, 4, 1), True)),
        ("май 2024", (date(2024, 5, 1), True)),
        ("март 2024", (date(2024, 3, 1), True)),
        ("04.2024", (date(2024, 4, 1), True)),
        ("2024-04", (date(2024, 4, 1), True)),
        (date(2024, 4, 2), (date(2024, 4, 2), False)),
    ],
)
def test_parse_due(value, expected):
    assert roadmap.parse_due(value) == expected


def test_parse_due_refuses_nonsense():
    with pytest.raises(CellError):
        roadmap.parse_due("31.02.2024")


# --- network programmes -------------------------------------------------------------------


def test_network_programme_is_shown_on_both_schools_pages(world, people, partnership, leader):
    client = client_for(people["municipal"])
    response = client.post(
        reverse("partnerships:programme-create"),
        {
            "host_school": leader.pk,
            "guest_school": world.branch.pk,
            "partnership": partnership.pk,
            "course": "химия",
            "teacher_name": "Смирнова О. В.",
            "teacher_part_time": "on",
            "grades": "8–9",
            "weekday": "3",
            "time_start": "10:00",
            "time_end": "11:30",
            "transport": "школьный автобус",
            "accompanying_adult": "учитель начальных классов",
            "accompanying_activity": "внеурочное занятие для обучающихся партнёра",
            "is_active": "on",
        },
    )
    prog = NetworkProgramme.objects.get()
    assert response["Location"] == reverse("partnerships:programme-detail", args=[prog.pk])
    assert (prog.weekday, prog.teacher_part_time, prog.partnership) == (3, True, partnership)
    for school in (leader, world.branch):
        page = client.get(reverse("registry:school-detail", args=[school.pk]))
        assert page.context["network_programmes"] == [prog]
    mentee = client_for(people["mentee"])
    assert mentee.get(reverse("partnerships:programme-detail", args=[prog.pk])).status_code == 200


def test_network_programme_refuses_schools_outside_the_partnership(world, people, partnership):
    client = client_for(people["municipal"])
    other = SchoolFactory.create(municipality=world.municipality, code="5200011")
    response = client.post(
        reverse("partnerships:programme-create"),
        {
            "host_school": other.pk,
            "guest_school": world.branch.pk,
            "partnership": partnership.pk,
            "course": "физика",
            "grades": "7",
        },
    )
    assert response.context["form"].errors == {
        "partnership": ["Школы программы — не стороны этого партнёрства."]
    }
    assert NetworkProgramme.objects.count() == 0


def test_partnership_report_lists_the_roadmap_and_the_balance(people, partnership, world, leader):
    services.partnership_activate(actor=None, partnership=partnership)
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={"action": "Круглый стол", "due": date(2021, 10, 1), "responsible_school": leader},
    )
    services.roadmap_item_create(
        actor=None,
        partnership=partnership,
        data={
            "action": "Семинар для лидера",
            "status": "done",
            "responsible_school": world.branch,
        },
    )
    response = client_for(people["school"]).get(
        reverse("partnerships:report", args=[partnership.pk])
    )
    text = _text(response.content)
    assert "Отчёт о партнёрстве" in text
    assert "Срок 1: 01.09.2021 – 31.08.2022 (Заключение соглашения)" in text
    assert "Мер: 2, выполнено: 1, просрочено: 1." in text
    assert "Круглый стол | 01.10.2021 | Сеченовская СШ | запланировано (просрочено)" in text
    assert (
        "Красновская ОШ → Сеченовская СШ: мер дорожной карты 1 (выполнено 1), мероприятий 0."
        in text
    )


def test_a_deleted_item_leaves_the_progress_and_comes_back(people, partnership):
    item = services.roadmap_item_create(
        actor=None, partnership=partnership, data={"action": "Семинар", "status": "done"}
    )
    client = client_for(people["municipal"])
    client.post(reverse("partnerships:item-delete", args=[item.pk]))
    page = client.get(reverse("partnerships:roadmap", args=[partnership.pk]))
    assert page.context["items"] == []
    assert [i.pk for i in page.context["removed"]] == [item.pk]
    assert client.get(reverse("partnerships:list")).context["partnerships"][0].items_total == 0
    client.post(reverse("partnerships:item-restore", args=[item.pk]))
    page = client.get(reverse("partnerships:roadmap", args=[partnership.pk]))
    assert [i.pk for i in page.context["items"]] == [item.pk]
    assert page.context["removed"] == []


def test_the_list_is_paged(people, world, leader, settings):
    from orbita.partnerships import views

    for n in range(3):
        services.partnership_create(
            actor=None,
            leader=leader,
            supported=SchoolFactory.create(municipality=world.municipality, code=f"52999{n}"),
        )
    settings_page = views.PAGE_SIZE
    views.PAGE_SIZE = 2
    try:
        client = client_for(people["municipal"])
        first = client.get(reverse("partnerships:list"))
        second = client.get(reverse("partnerships:list"), {"page": 2})
    finally:
        views.PAGE_SIZE = settings_page
    assert (len(first.context["partnerships"]), len(second.context["partnerships"])) == (2, 1)
    assert 'rel="next"' in first.content.decode()
