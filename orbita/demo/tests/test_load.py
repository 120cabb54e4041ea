"""``demo_load``: what a newcomer finds in the database, and what each login sees."""

from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from orbita.accounts.models import Role, RoleAssignment, User
from orbita.core.models import AuditEntry
from orbita.demo.services import DemoConflictError, demo_load
from orbita.registry import selectors
from orbita.registry.models import Municipality, Region, School, Teacher

LOGINS = ("region", "municipal", "school", "mentor", "mentee")


def school(name: str) -> School:
    return School.objects.get(name=name)


def test_counts(demo):
    assert Region.objects.count() == 3
    assert Municipality.objects.count() == 5
    assert School.objects.count() == 59
    per_municipality = {m.name: m.schools.count() for m in Municipality.objects.all()}
    assert per_municipality == {
        "Тутаевский муниципальный район": 8,
        "городской округ город Рыбинск": 6,
        "Сеченовский муниципальный район": 6,
        "Тосненский район": 27,
        "Волховский муниципальный район": 12,
    }
    assert Teacher.objects.count() == sum(s.teachers_count for s in School.objects.all())
    assert User.objects.filter(username__in=LOGINS).count() == 5


def test_every_school_keeps_its_staff_count_and_director(demo):
    for s in School.objects.all():
        staff = list(s.staff.all())
        assert len(staff) == s.teachers_count, s
        assert s.director in {t.full_name for t in staff}, s


@pytest.mark.parametrize(
    ("name", "kind", "municipality"),
    [
        ("МОУ Столбищенская основная школа", "oosh", "Тутаевский муниципальный район"),
        ("МОУ Емишевская основная школа", "oosh", "Тутаевский муниципальный район"),
        ("МБОУ Сеченовская средняя школа", "sosh", "Сеченовский муниципальный район"),
        ("МБОУ Болтинская основная школа", "oosh", "Сеченовский муниципальный район"),
        (
            "филиал МБОУ Болтинская ОШ — Красновская ОШ",
            "branch",
            "Сеченовский муниципальный район",
        ),
        ("МОУ СОШ № 6 имени Л.И. Ошанина", "sosh", "городской округ город Рыбинск"),
        ("МОУ СОШ № 20 имени П.И. Батова", "sosh", "городской округ город Рыбинск"),
        ("МБОУ «Гимназия № 1 г. Никольское»", "gymnasium", "Тосненский район"),
        (
            "МБОУ «СОШ № 1 г. Тосно с углублённым изучением отдельных предметов»",
            "advanced",
            "Тосненский район",
        ),
        ("МОБУ «Потанинская ООШ»", "oosh", "Волховский муниципальный район"),
        ("МОБУ «Алексинская СОШ»", "sosh", "Волховский муниципальный район"),
        ("МОБУ «Новоладожская СОШ № 1»", "sosh", "Волховский муниципальный район"),
        ("МОБУ «Волховская СОШ № 5»", "sosh", "Волховский муниципальный район"),
    ],
)
def test_every_school_of_the_seeds(demo, name, kind, municipality):
    s = school(name)
    assert s.kind == kind
    assert s.municipality.name == municipality
    assert s.lat is not None and s.lon is not None


def test_branch_and_resource_centres(demo):
    branch = school("филиал МБОУ Болтинская ОШ — Красновская ОШ")
    assert branch.branch_of == school("МБОУ Болтинская основная школа")
    assert branch.short_name == "Красновская ОШ"
    resource = set(School.objects.filter(is_resource_center=True).values_list("name", flat=True))
    assert resource == {
        "МОУ Емишевская основная школа",
        "МБОУ «Гимназия № 1 г. Никольское»",
        "МБОУ «СОШ № 1 г. Тосно с углублённым изучением отдельных предметов»",
    }


def test_potanino_facts(demo):
    p = school("МОБУ «Потанинская ООШ»")
    assert p.students == 47
    assert p.teachers_count == 8 == p.staff.count()
    assert p.km_to_center == Decimal(70)
    assert p.rural is True
    assert (p.has_psychologist, p.has_speech_therapist, p.has_social_pedagogue) == (
        False,
        False,
        False,
    )
    assert p.missing_specialists == 4
    assert "д. Потанино" in p.address
    subjects = {
        t.position: sorted(t.subjects.values_list("code", flat=True)) for t in p.staff.all()
    }
    assert subjects["учитель математики, физики и информатики"] == [
        "informatics",
        "math",
        "physics",
    ]
    assert subjects["учитель истории, обществознания и музыки"] == ["history", "music", "social"]
    experience = sorted(p.staff.values_list("experience_years", flat=True))
    assert experience[0] == Decimal("1.7") and experience[-1] == Decimal(38)


def test_sechenovo_leader_and_its_mentors(demo):
    leader = school("МБОУ Сеченовская средняя школа")
    assert leader.director == "Наумов Евгений Геннадьевич"
    assert leader.staff.count() == 65
    assert leader.staff.exclude(category="none").count() == 57
    assert leader.missing_specialists == 1  # no defectologist; the other three are there
    russian = demo.teachers["sech-russian"]
    assert russian.school == leader
    assert sorted(russian.subjects.values_list("code", flat=True)) == ["literature", "russian"]
    assert school("МБОУ Болтинская основная школа").director == "Савкин Дмитрий Михайлович"


def test_stolbishchi_has_no_chemistry_or_biology_teacher(demo):
    stolbishchi = school("МОУ Столбищенская основная школа")
    assert not stolbishchi.staff.filter(subjects__code__in=["chemistry", "biology"]).exists()
    emishevo = school("МОУ Емишевская основная школа")
    assert emishevo.staff.filter(subjects__code="chemistry").exists()


@pytest.mark.parametrize("login", LOGINS)
def test_logins_authenticate_with_the_demo_password(demo, login):
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": login, "password": settings.ORBITA_DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(User.objects.get(username=login).pk)


def test_passwords_are_hashed(demo):
    for user in User.objects.filter(username__in=LOGINS):
        assert user.password != settings.ORBITA_DEMO_PASSWORD
        assert user.check_password(settings.ORBITA_DEMO_PASSWORD)
        assert user.is_active and not user.is_superuser
        # Coordinators get the scoped Django admin; teachers do not.
        coordinator = user.username in {"region", "municipal", "school"}
        assert user.is_staff is coordinator
        groups = [g.name for g in user.groups.all()]
        assert groups == (["Координаторы"] if coordinator else [])


def test_roles(demo):
    logins = ("region", "municipal", "school", "mentor", "mentee")
    assignments = RoleAssignment.objects.select_related("user", "region", "municipality", "school")
    roles = {
        (a.user.username, a.role, str(a.region or a.municipality or a.school))
        for a in assignments.filter(user__username__in=logins)
    }
    # Case 001's survey respondents (accounts without passwords): 15 mentees of the
    # supported schools, 6 mentors of the leader school.
    others = Counter(
        (a.role, a.school.short_name) for a in assignments.exclude(user__username__in=logins)
    )
    assert sum(n for (role, _s), n in others.items() if role == Role.MENTEE) == 15
    assert {s for (role, s) in others if role == Role.MENTEE} <= {"Красновская ОШ", "Болтинская ОШ"}
    assert others[(Role.MENTOR, "Сеченовская СШ")] == 6
    assert roles == {
        ("region", Role.REGIONAL_ADMIN, "Ярославская область"),
        ("region", Role.REGIONAL_ADMIN, "Нижегородская область"),
        ("region", Role.REGIONAL_ADMIN, "Ленинградская область"),
        ("municipal", Role.MUNICIPAL_COORDINATOR, "Сеченовский муниципальный район"),
        ("school", Role.SCHOOL_COORDINATOR, "Красновская ОШ"),
        ("mentor", Role.MENTOR, "Сеченовская СШ"),
        ("mentee", Role.MENTEE, "Красновская ОШ"),
    }
    mentor = User.objects.get(username="mentor")
    assert mentor.teacher == demo.teachers["sech-russian"]
    assert (mentor.last_name, mentor.first_name) == tuple(mentor.teacher.full_name.split()[:2])
    assert User.objects.get(username="mentee").teacher == demo.teachers["krasnoe-russian"]
    assert User.objects.get(username="municipal").get_full_name()


def sees_schools(login: str) -> set[str]:
    user = User.objects.get(username=login)
    return {s.short_name for s in selectors.school_list(user=user)}


def sees_teachers(login: str) -> list[Teacher]:
    return list(selectors.teacher_list(user=User.objects.get(username=login)))


def test_region_sees_everything(demo):
    assert len(sees_schools("region")) == School.objects.count()
    assert len(sees_teachers("region")) == Teacher.objects.count()


def test_municipal_sees_sechenovsky_only(demo):
    sechenovsky = set(
        School.objects.filter(municipality__code="52-sechenovo").values_list(
            "short_name", flat=True
        )
    )
    assert sees_schools("municipal") == sechenovsky
    assert {"Сеченовская СШ", "Болтинская ОШ", "Красновская ОШ"} <= sechenovsky
    assert not sees_schools("municipal") & set(
        School.objects.filter(municipality__code="47-tosno").values_list("short_name", flat=True)
    )
    teachers = sees_teachers("municipal")
    assert {t.school.municipality.code for t in teachers} == {"52-sechenovo"}
    assert (
        len(teachers) == Teacher.objects.filter(school__municipality__code="52-sechenovo").count()
    )


def test_school_sees_krasnovskaya_only(demo):
    assert sees_schools("school") == {"Красновская ОШ"}
    teachers = sees_teachers("school")
    assert {t.school.short_name for t in teachers} == {"Красновская ОШ"}
    assert len(teachers) == 9


def test_mentor_and_mentee_see_their_own_record(demo):
    assert sees_schools("mentor") == {"Сеченовская СШ"}
    assert sees_teachers("mentor") == [demo.teachers["sech-russian"]]
    assert sees_schools("mentee") == {"Красновская ОШ"}
    assert sees_teachers("mentee") == [demo.teachers["krasnoe-russian"]]


def test_writes_are_audited(demo):
    assert AuditEntry.objects.filter(action="registry.school.created").count() == 59
    assert AuditEntry.objects.filter(action="registry.teacher.created").count() == (
        Teacher.objects.count()
    )
    assert AuditEntry.objects.filter(action="accounts.user.created").count() == User.objects.count()


def test_a_second_load_is_refused_and_duplicates_nothing(demo):
    before = (School.objects.count(), Teacher.objects.count(), User.objects.count())
    with pytest.raises(DemoConflictError) as error:
        demo_load()
    assert error.value.demo_present
    assert "уже загружены" in str(error.value)
    assert (School.objects.count(), Teacher.objects.count(), User.objects.count()) == before


def test_query_budget(loaded_demo, demo):
    # Linear in the objects written, a handful of statements each (each service validates,
    # saves and audits in its own savepoint): no query per pair of objects.
    ctx = loaded_demo.ctx
    objects = sum(ctx.created.values())
    assert objects > 1500
    assert loaded_demo.queries <= 10 * objects + 200
