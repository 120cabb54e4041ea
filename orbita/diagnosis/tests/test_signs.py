"""The flags and the context indicators in the registry's pages."""

import pytest
from django.urls import reverse

from orbita.conftest import client_for
from orbita.diagnosis.signs import diagnosis_context, diagnosis_signs
from orbita.diagnosis.tests.factories import ResultFactory
from orbita.registry.models import School
from orbita.registry.signs import school_signs

pytestmark = pytest.mark.django_db


def test_signs_of_the_newest_year_in_one_query(world, diagnosed, django_assert_num_queries):
    schools = list(School.objects.filter(municipality=world.municipality).order_by("code"))
    with django_assert_num_queries(1):
        signs = diagnosis_signs(schools)
    assert {school.code: [s.code for s in signs.get(school.pk, [])] for school in schools} == {
        "5200001": ["diagnosis_leader_candidate"],
        "5200002": ["diagnosis_low_results", "diagnosis_adverse_context"],
        "5201100": ["diagnosis_at_risk"],
        "5201101": [],
        "5201102": [],
        "5201103": [],
        "5201104": ["diagnosis_leader_candidate"],
        "5201105": ["diagnosis_leader_candidate"],
    }
    low = signs[world.branch.pk][0]
    assert (str(low.label), low.tone) == ("ШНОР", "danger")
    assert str(low.title).startswith(
        "Низкие образовательные результаты, 2024 год. В 2024 году низкие результаты"
    )


def test_signs_follow_the_registry_signs_on_the_school_list(world, people, diagnosed):
    assert [s.code for s in school_signs([world.branch])[world.branch.pk]] == [
        "branch",
        "diagnosis_low_results",
        "diagnosis_adverse_context",
    ]
    html = client_for(people["municipal"]).get(reverse("registry:school-list")).content.decode()
    assert 'data-sign="diagnosis_low_results"' in html


def test_schools_without_flags_get_no_signs(world):
    ResultFactory(school=world.branch)  # results alone are not flags
    assert diagnosis_signs([world.branch]) == {}
    assert diagnosis_signs([]) == {}


def test_context_facts(world, diagnosed, django_assert_num_queries):
    with django_assert_num_queries(2):
        facts = diagnosis_context(world.branch)
    assert [(f.code, str(f.label), str(f.value)) for f in facts] == [
        ("adversity_index", "Индекс социального неблагополучия (2024)", "0,65"),
        ("context_low_income_share", "Малоимущие семьи (2024)", "60,0\u00a0%"),
        ("context_single_parent_share", "Неполные семьи (2024)", "30,0\u00a0%"),
        (
            "context_parents_no_higher_ed_share",
            "Родители без высшего образования (2024)",
            "60,0\u00a0%",
        ),
        ("context_missing_specialists", "Нет специалистов сопровождения (2024)", "3 из 4"),
    ]
    assert facts[0].tone == "warning"


def test_context_facts_on_the_school_page(world, people, diagnosed):
    url = reverse("registry:school-detail", args=[world.branch.pk])
    html = client_for(people["school"]).get(url).content.decode()
    assert 'data-fact="adversity_index"' in html
    assert 'data-fact="context_missing_specialists"' in html


def test_mentors_and_mentees_see_no_diagnosis_on_school_pages(world, people, diagnosed):
    """The flags and the context indicators are the coordinators' working data: a teacher
    has no diagnosis pages (403) and does not get them through a school's page either."""
    assert world.teacher.school_id == world.branch.pk  # the mentee's own school, a ШНОР
    detail = reverse("registry:school-detail", args=[world.branch.pk])
    own = {"mentee": world.branch, "mentor": world.mentor_teacher.school}  # a leader candidate
    for role, school in own.items():
        client = client_for(people[role])
        mine = reverse("registry:school-detail", args=[school.pk])
        for url in (mine, reverse("registry:school-list")):
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200, (role, url)
            assert "diagnosis_" not in html, (role, url)
            assert 'data-fact="adversity_index"' not in html, (role, url)
            assert 'data-fact="context_' not in html, (role, url)
    html = client_for(people["school"]).get(detail).content.decode()
    assert 'data-sign="diagnosis_low_results"' in html
    assert 'data-fact="adversity_index"' in html


def test_code_outside_a_page_gets_every_sign(world, people, diagnosed):
    codes = [s.code for s in school_signs([world.branch], people["mentee"])[world.branch.pk]]
    assert codes == ["branch"]
    codes = [s.code for s in school_signs([world.branch])[world.branch.pk]]
    assert codes == ["branch", "diagnosis_low_results", "diagnosis_adverse_context"]
