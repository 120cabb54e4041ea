"""``manage.py load_demo [--if-empty]`` on an empty and on a filled database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from orbita.accounts.models import User
from orbita.demo.data.collaboration import FACILITATORS, PARTICIPANT_SCHOOLS
from orbita.demo.data.monitoring import MENTEE_ANSWERS, MENTOR_ANSWERS
from orbita.demo.services import DemoConflictError, demo_load
from orbita.registry.models import Region, School, Teacher
from orbita.registry.services import region_create

pytestmark = pytest.mark.django_db

LOGINS = ("region", "municipal", "school", "mentor", "mentee")


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return School.objects.count(), Teacher.objects.count(), User.objects.count()


def assert_logins_printed(output: str) -> None:
    assert "orbita-demo" in output
    for login in LOGINS:
        assert f"  {login} " in output
    for role in ("Региональный администратор", "Наставник", "Наставляемый"):
        assert role in output


def test_load_then_rerun_then_if_empty():
    # What `make run` does on a fresh clone: --if-empty on an empty database loads.
    output = run("--if-empty")
    assert "Демонстрационные данные загружены" in output
    assert "школ — 59" in output
    assert_logins_printed(output)
    loaded = counts()
    # The five logins, the accounts (without passwords) of Тосненский район's brainstorm
    # facilitators and participants, and of case 001's survey respondents.
    respondents = MENTEE_ANSWERS[0] + MENTOR_ANSWERS[0]
    assert loaded[0] == 59
    assert loaded[2] == 5 + len(FACILITATORS) + len(PARTICIPANT_SCHOOLS) + respondents
    assert User.objects.filter(username__in=LOGINS).count() == 5

    # A second run without --if-empty refuses in Russian and duplicates nothing; the
    # logins are still shown.
    out = StringIO()
    with pytest.raises(CommandError, match="уже загружены"):
        call_command("load_demo", stdout=out)
    assert_logins_printed(out.getvalue())
    assert counts() == loaded

    # --if-empty on the filled database does nothing and prints the logins.
    output = run("--if-empty")
    assert "уже есть школы" in output
    assert "загружены:" not in output
    assert_logins_printed(output)
    assert counts() == loaded


def test_if_empty_on_a_database_with_other_schools():
    region = region_create(actor=None, code="99", name="Другой регион")
    municipality = region.municipalities.create(code="99-x", name="Другой район")
    School.objects.create(municipality=municipality, code="9900001", name="Другая школа")
    output = run("--if-empty")
    assert "уже есть школы" in output
    assert "входов в этой базе нет" in output  # no demo logins to show
    assert School.objects.count() == 1


def test_foreign_objects_with_demo_identifiers_block_the_load():
    region_create(actor=None, code="76", name="Ярославская область")
    with pytest.raises(DemoConflictError) as error:
        demo_load()
    assert not error.value.demo_present
    assert "Ярославская область" in str(error.value)
    assert not School.objects.exists()
    assert Region.objects.count() == 1
    with pytest.raises(CommandError, match="не загружены"):
        run()
