"""The authentication backend (quizzes/accounts/backends.py): ModelBackend with a user load
compiled once. The user is read on every request: changes show on the next one."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse

from quizzes.accounts.backends import UserBackend
from quizzes.accounts.models import User
from quizzes.classes.models import Invite
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

BACKEND = "quizzes.accounts.backends.UserBackend"
PASSWORD = "pass-word-123"  # the factories' password


def signed_in_as(client) -> str | None:
    """The username the next request is signed in as (None: anonymous)."""
    response = client.get(reverse("my_assignments"))
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
        return None
    assert response.status_code == 200
    return response.wsgi_request.user.username


def test_it_is_the_only_backend_after_the_throttle():
    """Axes only refuses locked-out sign-ins (it never signs anyone in): every user is
    loaded by this backend."""
    assert settings.AUTHENTICATION_BACKENDS == ["axes.backends.AxesStandaloneBackend", BACKEND]


def test_it_reads_the_same_user_as_model_backend(student, django_assert_num_queries):
    User.objects.filter(pk=student.pk).update(role=User.Role.TEACHER, time_zone="Europe/Oslo")
    expected = ModelBackend().get_user(student.pk)
    with django_assert_num_queries(1):
        user = UserBackend().get_user(student.pk)
    assert type(user) is User and user.pk == student.pk
    assert user._state.db == "default" and not user._state.adding
    for field in User._meta.concrete_fields:
        mine, theirs = getattr(user, field.attname), getattr(expected, field.attname)
        assert (mine, type(mine)) == (theirs, type(theirs)), field.name
    assert user.last_login is None and user.date_joined.tzinfo is not None
    assert user.is_teacher and user.is_active is True


def test_unknown_inactive_and_out_of_range_ids_give_no_user(student):
    backend = UserBackend()
    assert backend.get_user(student.pk + 1000) is None
    assert backend.get_user(2**70) is None  # as the ORM: matches no row
    User.objects.filter(pk=student.pk).update(is_active=False)
    assert backend.get_user(student.pk) is None


def test_log_in_with_a_password_and_log_out(client, student):
    response = client.post(reverse("login"), {"username": student.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    assert signed_in_as(client) == student.username
    client.post(reverse("logout"))
    assert signed_in_as(client) is None


def test_a_wrong_password_or_an_inactive_user_cannot_log_in(client, student):
    response = client.post(reverse("login"), {"username": student.username, "password": "no"})
    assert response.status_code == 200 and SESSION_KEY not in client.session
    User.objects.filter(pk=student.pk).update(is_active=False)
    response = client.post(reverse("login"), {"username": student.username, "password": PASSWORD})
    assert response.status_code == 200 and SESSION_KEY not in client.session


def test_a_deactivated_user_is_signed_out_on_the_next_request(as_user, student):
    client = as_user(student)
    assert signed_in_as(client) == student.username
    User.objects.filter(pk=student.pk).update(is_active=False)  # no signal, no save()
    assert signed_in_as(client) is None


def test_a_password_change_signs_the_other_sessions_out(client, student):
    client.post(reverse("login"), {"username": student.username, "password": PASSWORD})
    assert signed_in_as(client) == student.username
    student.set_password("another-pass-phrase-7")
    student.save()
    assert signed_in_as(client) is None


def test_role_and_staff_changes_show_on_the_next_request(as_user, student):
    client = as_user(student)
    page = client.get(reverse("home")).text
    assert "(teacher)" not in page and reverse("admin:index") not in page
    User.objects.filter(pk=student.pk).update(role=User.Role.TEACHER, is_staff=True)
    page = client.get(reverse("home")).text
    assert "(teacher)" in page and reverse("admin:index") in page


def test_signup_and_an_accepted_invite_sign_the_new_user_in(client, teacher):
    data = {
        "first_name": "Nia",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    client.post(reverse("signup"), {**data, "username": "newbie"})
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    assert signed_in_as(client) == "newbie"
    client.logout()
    invite = Invite.objects.create(created_by=teacher)
    client.post(invite.get_absolute_url(), {**data, "username": "colleague"})
    assert client.get(reverse("workspace")).wsgi_request.user.username == "colleague"


def test_each_request_reads_the_user_again(as_user, django_assert_num_queries):
    client = as_user(StudentFactory())
    client.get(reverse("login"))
    with django_assert_num_queries(2):  # the user, once per request (the session is cached)
        client.get(reverse("login"))
        client.get(reverse("login"))
