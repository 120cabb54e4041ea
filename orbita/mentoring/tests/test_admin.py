"""Mentoring in the Django admin: scoped like the selectors, pairs read-only, and the pair's
private content (diary, meetings) not in the admin at all."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from orbita.accounts.models import Role
from orbita.accounts.tests.factories import UserFactory, grant
from orbita.conftest import client_for
from orbita.mentoring.models import Meeting, MentorProfile, SuccessDiaryEntry
from orbita.mentoring.tests.conftest import active_pair, another_teacher, make_mentor

pytestmark = pytest.mark.django_db


def staff(world, target):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="mentoring"))
    grant(user, Role.MUNICIPAL_COORDINATOR, target)
    return user


def test_mentors_and_pairs_in_the_admin_follow_the_scope(setting, world):
    pair = active_pair(setting)
    sibling = make_mentor(another_teacher(world.sibling_school, "Котов Пётр Ильич", ("math",)))
    own = client_for(staff(world, world.municipality))
    other = client_for(staff(world, world.sibling_municipality))

    response = own.get(reverse("admin:mentoring_mentorprofile_changelist"))
    assert [m.pk for m in response.context["cl"].result_list] == [setting.mentor.pk]
    response = other.get(reverse("admin:mentoring_mentorprofile_changelist"))
    assert [m.pk for m in response.context["cl"].result_list] == [sibling.pk]
    url = reverse("admin:mentoring_mentorprofile_change", args=[setting.mentor.pk])
    assert other.get(url).status_code == 302  # «not found» for another scope
    assert own.get(url).status_code == 200

    pair_url = reverse("admin:mentoring_mentoringpair_change", args=[pair.pk])
    response = own.get(pair_url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert own.post(pair_url, {"status": "completed"}).status_code == 403
    pair.refresh_from_db()
    assert pair.status == "active"
    assert other.get(pair_url).status_code == 302


def test_diary_and_meetings_are_not_in_the_admin():
    assert not admin.site.is_registered(SuccessDiaryEntry)
    assert not admin.site.is_registered(Meeting)
    assert admin.site.is_registered(MentorProfile)
