"""The registry's pages: the scope matrix of every page × every role, search, filters,
pagination, the htmx fragments, staff visibility and query counts."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orbita.accounts.models import Role
from orbita.accounts.tests.factories import UserFactory, grant
from orbita.conftest import ROLES, client_for
from orbita.registry.models import SchoolKind
from orbita.registry.summaries import SchoolTotals
from orbita.registry.templatetags import registry_tags
from orbita.registry.tests.factories import MunicipalityFactory, SchoolFactory, TeacherFactory

pytestmark = pytest.mark.django_db

LEADER, BRANCH, SIBLING, FOREIGN = "5200001", "5200002", "5200100", "4700001"

# Schools each role may open (the same as the selectors' scope, see accounts/tests).
VISIBLE_SCHOOLS = {
    "regional": [BRANCH, LEADER, SIBLING],
    "regional_other": [FOREIGN],
    "municipal": [BRANCH, LEADER],
    "municipal_other": [SIBLING],
    "school": [BRANCH],
    "school_other": [SIBLING],
    "mentor": [LEADER],
    "mentee": [BRANCH],
    "superuser": [FOREIGN, BRANCH, LEADER, SIBLING],
}
VISIBLE_MUNICIPALITIES = {
    "regional": ["52-arz", "52-sech"],
    "regional_other": ["47-tos"],
    "municipal": ["52-sech"],
    "municipal_other": ["52-arz"],
    "school": [],
    "school_other": [],
    "mentor": [],
    "mentee": [],
    "superuser": ["47-tos", "52-arz", "52-sech"],
}
NIKOLAEVA, GUSEVA = "Назарова Анна Сергеевна", "Гаврилова Ирина Павловна"
SKRYPOV, PETROV = "Соколов Павел Игоревич", "Петров Пётр Петрович"
VISIBLE_TEACHERS = {
    "regional": [GUSEVA, NIKOLAEVA, SKRYPOV],
    "regional_other": [PETROV],
    "municipal": [GUSEVA, NIKOLAEVA, SKRYPOV],
    "municipal_other": [],
    "school": [NIKOLAEVA, SKRYPOV],
    "school_other": [],
    "mentor": [GUSEVA],
    "mentee": [NIKOLAEVA],
    "superuser": [GUSEVA, NIKOLAEVA, SKRYPOV, PETROV],
}


def school_codes(response):
    """Codes of the schools in the page's school table, in page order."""
    return re.findall(r'data-school-code="([^"]+)"', response.content.decode())


def listed_codes(response):
    return [row.school.code for row in response.context["rows"]]


def assert_login_redirect(response, url):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def all_schools(world):
    return {
        LEADER: world.mentor_teacher.school,
        BRANCH: world.branch,
        SIBLING: world.sibling_school,
        FOREIGN: world.foreign_school,
    }


# The scope matrix ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_school_list_matrix(people, role):
    url = reverse("registry:school-list")
    response = client_for(people[role]).get(url)
    if role == "anonymous":
        assert_login_redirect(response, url)
        return
    assert response.status_code == 200
    assert sorted(listed_codes(response)) == sorted(VISIBLE_SCHOOLS[role])
    assert sorted(school_codes(response)) == sorted(VISIBLE_SCHOOLS[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("code", [LEADER, BRANCH, SIBLING, FOREIGN])
def test_school_detail_matrix(people, world, role, code):
    school = all_schools(world)[code]
    url = reverse("registry:school-detail", args=[school.pk])
    response = client_for(people[role]).get(url)
    if role == "anonymous":
        assert_login_redirect(response, url)
    elif code in VISIBLE_SCHOOLS[role]:
        assert response.status_code == 200
        assert response.context["school"] == school
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("code", ["52-sech", "52-arz", "47-tos"])
def test_municipality_detail_matrix(people, world, role, code):
    municipality = {
        m.code: m
        for m in (world.municipality, world.sibling_municipality, world.foreign_municipality)
    }[code]
    url = reverse("registry:municipality-detail", args=[municipality.pk])
    response = client_for(people[role]).get(url)
    if role == "anonymous":
        assert_login_redirect(response, url)
    elif code in VISIBLE_MUNICIPALITIES[role]:
        assert response.status_code == 200
        expected = sorted(
            c for c, s in all_schools(world).items() if s.municipality_id == municipality.pk
        )
        assert sorted(listed_codes(response)) == expected
        assert sorted(school_codes(response)) == expected
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_teacher_list_matrix(people, role):
    url = reverse("registry:teacher-list")
    response = client_for(people[role]).get(url)
    if role == "anonymous":
        assert_login_redirect(response, url)
        return
    assert response.status_code == 200
    names = [t.full_name for t in response.context["page_obj"].object_list]
    assert sorted(names) == sorted(VISIBLE_TEACHERS[role])
    for name in {GUSEVA, NIKOLAEVA, SKRYPOV, PETROV} - set(VISIBLE_TEACHERS[role]):
        assert name not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [GUSEVA, NIKOLAEVA, SKRYPOV, PETROV])
def test_teacher_detail_matrix(people, world, role, name):
    teacher = {
        t.full_name: t
        for t in (world.teacher, world.mentor_teacher, world.other_teacher, world.foreign_teacher)
    }[name]
    url = reverse("registry:teacher-detail", args=[teacher.pk])
    response = client_for(people[role]).get(url)
    if role == "anonymous":
        assert_login_redirect(response, url)
    elif name in VISIBLE_TEACHERS[role]:
        assert response.status_code == 200
        assert response.context["teacher"] == teacher
    else:
        assert response.status_code == 404


def test_missing_objects_are_404(people):
    client = client_for(people["superuser"])
    for name in ("school-detail", "teacher-detail", "municipality-detail"):
        assert client.get(reverse(f"registry:{name}", args=[999999])).status_code == 404


# The school list: search, filters, pagination, htmx --------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("красновская", [BRANCH]),  # lower case finds «Красновская»
        ("КРАСНОВСКАЯ ОШ", [BRANCH]),  # upper case too
        ("болтинская", [BRANCH]),  # the full name
        ("5200001", [LEADER]),  # the code
        ("сош", [SIBLING]),  # the short name
        ("нет такой школы", []),
    ],
)
def test_school_search_is_case_insensitive_in_cyrillic(people, query, expected):
    response = client_for(people["regional"]).get(reverse("registry:school-list"), {"q": query})
    assert sorted(listed_codes(response)) == expected


def test_school_search_by_address_and_director(people, world):
    school = world.sibling_school
    school.address = "г. Арзамас, ул. Ленина, 5"
    school.director = "Смирнова Анна Ильинична"
    school.save()
    client = client_for(people["regional"])
    for query in ("ул. ленина", "смирнова"):
        response = client.get(reverse("registry:school-list"), {"q": query})
        assert listed_codes(response) == [SIBLING]


def test_school_search_never_leaves_the_scope(people):
    response = client_for(people["municipal"]).get(
        reverse("registry:school-list"), {"q": "тосненская"}
    )
    assert listed_codes(response) == []
    assert "Школы не найдены. Измените условия поиска." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": SchoolKind.BRANCH}, [BRANCH]),
        ({"kind": SchoolKind.SOSH}, [LEADER, SIBLING]),
        ({"rural": "yes"}, [BRANCH]),
        ({"rural": "no"}, [LEADER, SIBLING]),
        ({"kind": SchoolKind.SOSH, "rural": "yes"}, []),
        ({"kind": "made-up"}, [LEADER, BRANCH, SIBLING]),  # an invalid value is ignored
    ],
)
def test_school_filters(people, params, expected):
    response = client_for(people["regional"]).get(reverse("registry:school-list"), params)
    assert sorted(listed_codes(response)) == expected


def test_municipality_filter_offers_only_the_scope(people, world):
    client = client_for(people["regional"])
    response = client.get(reverse("registry:school-list"))
    choices = response.context["form"].fields["municipality"].queryset
    assert sorted(m.code for m in choices) == ["52-arz", "52-sech"]
    assert response.context["show_municipality_filter"] is True

    response = client.get(
        reverse("registry:school-list"), {"municipality": world.sibling_municipality.pk}
    )
    assert listed_codes(response) == [SIBLING]

    # Another region's municipality is not a choice: the filter is dropped, the scope stays.
    response = client.get(
        reverse("registry:school-list"), {"municipality": world.foreign_municipality.pk}
    )
    assert sorted(listed_codes(response)) == [LEADER, BRANCH, SIBLING]
    assert response.context["form"].errors["municipality"]
    assert "Тосненский район" not in response.content.decode()


def test_one_municipality_hides_its_filter_and_column(people):
    response = client_for(people["municipal"]).get(reverse("registry:school-list"))
    assert response.context["show_municipality_filter"] is False
    assert response.context["show_municipality"] is False
    assert 'name="municipality"' not in response.content.decode()


def test_school_list_links_municipalities_only_in_scope(people, world):
    # The regional administrator may open both municipalities; a school coordinator neither.
    regional = client_for(people["regional"]).get(reverse("registry:school-list"))
    sech_url = reverse("registry:municipality-detail", args=[world.municipality.pk])
    assert sech_url in regional.content.decode()
    school = client_for(people["school"]).get(reverse("registry:school-list"))
    assert sech_url not in school.content.decode()


@pytest.fixture
def many_schools(world):
    """30 more schools in Сеченовский район, named so that they sort after the world's."""
    return [
        SchoolFactory(
            municipality=world.municipality,
            code=f"59{n:05d}",
            name=f"Школа для пагинации № {n:02d}",
            short_name="",
            rural=True,
        )
        for n in range(30)
    ]


def test_school_list_paginates_by_25_and_keeps_filters(people, many_schools):
    client = client_for(people["municipal"])
    url = reverse("registry:school-list")
    first = client.get(url, {"rural": "yes"})
    assert first.context["page_obj"].paginator.count == 31  # 30 + Красновская ОШ
    assert len(listed_codes(first)) == 25
    html = first.content.decode()
    assert "Найдена 31 школа" in html
    assert 'href="?rural=yes&amp;page=2"' in html

    second = client.get(url, {"rural": "yes", "page": 2})
    assert len(listed_codes(second)) == 6
    assert not set(listed_codes(first)) & set(listed_codes(second))
    assert 'href="?rural=yes&amp;page=1"' in second.content.decode()

    # A page past the end shows the last page instead of an error.
    beyond = client.get(url, {"rural": "yes", "page": 99})
    assert beyond.context["page_obj"].number == 2


def test_school_list_orders_by_the_name_people_read(people, world):
    # «Красновская ОШ» (full name «Филиал МБОУ …») comes before «Сеченовская СШ» («МБОУ …»).
    response = client_for(people["municipal"]).get(reverse("registry:school-list"))
    assert listed_codes(response) == [BRANCH, LEADER]


def test_school_list_htmx_gets_the_results_fragment(people):
    client = client_for(people["regional"])
    response = client.get(
        reverse("registry:school-list"), {"q": "красновская"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'role="search"' not in html
    assert school_codes(response) == [BRANCH]
    assert "HX-Request" in response["Vary"]

    # A history restore asks for the whole page.
    restore = client.get(
        reverse("registry:school-list"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def test_school_list_empty_scope_message(db):
    user = UserFactory()
    response = client_for(user).get(reverse("registry:school-list"))
    assert response.status_code == 200
    assert listed_codes(response) == []
    assert "В вашей зоне доступа пока нет школ" in response.content.decode()


def test_school_table_shows_signs(people, world):
    leader = world.mentor_teacher.school
    leader.is_resource_center = True
    leader.has_psychologist = leader.has_speech_therapist = leader.has_social_pedagogue = False
    leader.has_defectologist = True
    leader.save()
    response = client_for(people["municipal"]).get(reverse("registry:school-list"))
    signs = {row.school.code: [s.code for s in row.signs] for row in response.context["rows"]}
    assert signs == {
        LEADER: ["resource_center", "missing_specialists"],
        BRANCH: ["branch"],
    }
    html = response.content.decode()
    assert "нет 3 специалистов" in html
    assert "ресурсный центр" in html


# The school page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "staff_visible"),
    [
        ("regional", True),
        ("municipal", True),
        ("school", True),
        ("superuser", True),
        ("mentee", False),  # a teacher sees the profile, not colleagues' personal data
    ],
)
def test_school_page_staff_visibility(people, world, role, staff_visible):
    response = client_for(people[role]).get(
        reverse("registry:school-detail", args=[world.branch.pk])
    )
    html = response.content.decode()
    assert response.context["staff_visible"] is staff_visible
    # (The mentee is Назарова herself: her name is in the menu, so the colleague tells.)
    assert (SKRYPOV in html) is staff_visible
    if staff_visible:
        groups = {
            (subject.code if subject else None): [t.full_name for t in teachers]
            for subject, teachers in response.context["staff_by_subject"]
        }
        assert groups == {
            "russian": [NIKOLAEVA],
            "literature": [NIKOLAEVA],
            "history": [SKRYPOV],
            "social": [SKRYPOV],
        }
    else:
        assert response.context["staff_by_subject"] == []
        assert "Состав педагогов школы видят координаторы" in html


def test_school_page_profile_specialists_and_context(people, world):
    school = world.branch
    school.has_psychologist = False
    school.has_speech_therapist = False
    school.has_social_pedagogue = None
    school.has_defectologist = True
    school.km_to_center = 70
    school.students = 47
    school.teachers_count = 8
    school.address = "д. Потанино"
    school.save()
    response = client_for(people["municipal"]).get(
        reverse("registry:school-detail", args=[school.pk])
    )
    specialists = response.context["specialists"]
    assert specialists.missing == ["Педагог-психолог", "Учитель-логопед"]
    assert specialists.present == ["Учитель-дефектолог"]
    assert specialists.unknown == ["Социальный педагог"]
    html = response.content.decode()
    assert html.count('data-specialist-state="missing"') == 2
    facts = {f.code: str(f.value) for f in response.context["context_facts"]}
    assert facts == {
        "rural": "сельская школа",
        "km_to_center": "70 км",
        "specialists": "нет 2 из 4",
        "size": "47 обучающихся",
    }
    assert "д. Потанино" in html
    # The municipality is linked for its coordinator.
    assert reverse("registry:municipality-detail", args=[world.municipality.pk]) in html


def test_school_page_links_branch_and_head_within_scope(people, world):
    head = world.mentor_teacher.school
    branch = world.branch
    branch.branch_of = head
    branch.save()
    municipal = client_for(people["municipal"])
    head_page = municipal.get(reverse("registry:school-detail", args=[head.pk]))
    assert head_page.context["branches"] == [branch]
    assert reverse("registry:school-detail", args=[branch.pk]) in head_page.content.decode()
    branch_page = municipal.get(reverse("registry:school-detail", args=[branch.pk]))
    assert branch_page.context["head_school_visible"] is True

    # The branch's coordinator sees the head school's name but may not open it.
    school = client_for(people["school"]).get(reverse("registry:school-detail", args=[branch.pk]))
    assert school.context["head_school_visible"] is False
    html = school.content.decode()
    assert "Сеченовская СШ" in html
    assert reverse("registry:school-detail", args=[head.pk]) not in html
    # …nor the municipality page.
    assert reverse("registry:municipality-detail", args=[world.municipality.pk]) not in html


# The municipality page ---------------------------------------------------------------------


def test_municipality_page_counts_and_kinds(people, world):
    world.branch.students = 31
    world.branch.save()
    response = client_for(people["municipal"]).get(
        reverse("registry:municipality-detail", args=[world.municipality.pk])
    )
    assert response.context["totals"] == SchoolTotals(
        schools=2, branches=1, students=331, staff=3, schools_without_students=0
    )
    by_kind = [(k.label, k.schools, k.students) for k in response.context["by_kind"]]
    assert by_kind == [("Средняя школа (СОШ)", 1, 300), ("Филиал", 1, 31)]


# The teacher pages -------------------------------------------------------------------------


def test_teacher_list_filters(people, world):
    client = client_for(people["municipal"])
    url = reverse("registry:teacher-list")

    def names(**params):
        response = client.get(url, params)
        return sorted(t.full_name for t in response.context["page_obj"].object_list)

    assert names(q="назарова") == [NIKOLAEVA]
    assert names(q="НАЗАРОВА") == [NIKOLAEVA]
    assert names(school=world.branch.pk) == [NIKOLAEVA, SKRYPOV]
    assert names(subject="history") == [SKRYPOV]
    assert names(subject="russian", school=world.branch.pk) == [NIKOLAEVA]
    # A school outside the scope is not a choice: the filter is dropped.
    assert names(school=world.foreign_school.pk) == [GUSEVA, NIKOLAEVA, SKRYPOV]
    response = client.get(url, {"q": "никого нет"})
    assert "Педагоги не найдены. Измените условия поиска." in response.content.decode()


def test_teacher_list_school_choices_are_the_scope(people, world):
    response = client_for(people["municipal"]).get(reverse("registry:teacher-list"))
    choices = response.context["form"].fields["school"].queryset
    assert sorted(s.code for s in choices) == [LEADER, BRANCH]


def test_teacher_list_for_a_teacher_shows_only_their_record_without_filters(people):
    response = client_for(people["mentee"]).get(reverse("registry:teacher-list"))
    assert response.context["show_filters"] is False
    assert 'role="search"' not in response.content.decode()
    assert [t.full_name for t in response.context["page_obj"].object_list] == [NIKOLAEVA]


def test_teacher_list_paginates(people, world):
    for n in range(27):
        TeacherFactory(school=world.branch, full_name=f"Яковлева Анна {n:02d}")
    client = client_for(people["school"])
    first = client.get(reverse("registry:teacher-list"), {"school": world.branch.pk})
    assert first.context["page_obj"].paginator.count == 29
    assert len(first.context["page_obj"].object_list) == 25
    assert f'href="?school={world.branch.pk}&amp;page=2"' in first.content.decode()
    assert "Найдено 29 педагогов" in first.content.decode()


def test_teacher_page_shows_personal_data_in_scope(people, world):
    teacher = world.teacher
    teacher.email = "nikolaeva@example.org"
    teacher.phone = "+7 900 000-00-00"
    teacher.experience_years = 2
    teacher.save()
    response = client_for(people["school"]).get(
        reverse("registry:teacher-detail", args=[teacher.pk])
    )
    html = response.content.decode()
    assert "nikolaeva@example.org" in html
    assert "+7 900 000-00-00" in html
    assert "2 года" in html
    assert "Русский язык" in html and "Литература" in html
    assert response.context["school_visible"] is True
    assert response.context["is_own_record"] is False


def test_teacher_sees_own_record(people, world):
    response = client_for(people["mentee"]).get(
        reverse("registry:teacher-detail", args=[world.teacher.pk])
    )
    assert response.context["is_own_record"] is True
    assert response.context["school_visible"] is True
    assert "это вы" in response.content.decode()


# Query counts ------------------------------------------------------------------------------


def grow(world, n):
    """``n`` more schools, each with two teachers, in Сеченовский район."""
    for i in range(n):
        school = SchoolFactory(municipality=world.municipality, code=f"58{i:05d}")
        TeacherFactory(school=school, subjects=["math"])
        TeacherFactory(school=school, subjects=["physics", "informatics"])


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("registry:school-list", 12),
        ("registry:teacher-list", 12),
    ],
)
def test_list_queries_do_not_grow_with_data(people, world, name, limit):
    client = client_for(people["municipal"])
    url = reverse(name)
    before = count_queries(client, url)
    grow(world, 20)
    after = count_queries(client, url)
    assert after == before
    assert before <= limit


def test_municipality_page_queries_do_not_grow_with_data(
    people, world, django_assert_max_num_queries
):
    client = client_for(people["municipal"])
    url = reverse("registry:municipality-detail", args=[world.municipality.pk])
    before = count_queries(client, url)
    grow(world, 20)
    with django_assert_max_num_queries(before):
        assert client.get(url).status_code == 200


def test_school_page_queries_do_not_grow_with_staff(people, world, django_assert_max_num_queries):
    client = client_for(people["municipal"])
    url = reverse("registry:school-detail", args=[world.branch.pk])
    before = count_queries(client, url)
    for n in range(15):
        TeacherFactory(school=world.branch, subjects=["math", "physics"], full_name=f"Т {n}")
    with django_assert_max_num_queries(before):
        assert client.get(url).status_code == 200


def test_a_coordinator_of_two_municipalities_sees_both(db, world):
    user = UserFactory()
    grant(user, Role.MUNICIPAL_COORDINATOR, world.municipality)
    grant(user, Role.MUNICIPAL_COORDINATOR, MunicipalityFactory(region=world.region))
    response = client_for(user).get(reverse("registry:school-list"))
    assert response.context["show_municipality_filter"] is True
    assert sorted(listed_codes(response)) == [LEADER, BRANCH]


# Formatting helpers of the templates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1"), "1 год"),
        (Decimal("2.0"), "2 года"),
        (Decimal("5"), "5 лет"),
        (Decimal("11"), "11 лет"),
        (Decimal("21"), "21 год"),
        (Decimal("12.5"), "12,5 года"),
        (None, ""),
    ],
)
def test_years_in_russian(value, text):
    assert registry_tags.years(value) == text


def test_numbers_and_coordinates():
    assert registry_tags.number(12345) == "12\xa0345"
    assert registry_tags.number(Decimal("24.0")) == "24"
    assert registry_tags.number(Decimal("18.50")) == "18,5"
    assert registry_tags.number(None) == ""
    assert registry_tags.coordinate(Decimal("55.225100")) == "55.2251"
    assert registry_tags.coordinate(None) == ""


def test_school_history_panel_shows_before_and_after(people, world):
    from orbita.registry.services import school_update

    school_update(actor=people["municipal"], school=world.school, data={"students": 12})
    page = client_for(people["municipal"]).get(
        reverse("registry:school-detail", args=[world.school.pk])
    )
    panel = page.content.decode().split('data-testid="history-panel"', 1)[1].split("</section>")[0]
    assert "Численность обучающихся: 300 → 12" in panel
    (entry, *_rest) = page.context["history"]
    assert (entry.action, entry.actor) == ("registry.school.updated", people["municipal"])
