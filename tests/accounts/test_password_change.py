"""Every signed-in user changes their own password; other browsers are signed out, this one
stays signed in. Wrong input changes nothing and says why."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import StaffFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

URL = reverse("password_change")
OLD = "pass-word-123"  # the factories' password
NEW = "a-much-longer-pass-phrase-42"


def change(old=OLD, new=NEW, again=None):
    return {"old_password": old, "new_password1": new, "new_password2": again or new}


def signed_in(client) -> bool:
    return client.get(reverse("my_assignments")).status_code == 200


@pytest.mark.parametrize("factory", [StudentFactory, TeacherFactory, StaffFactory])
def test_a_user_changes_their_password_and_other_browsers_are_signed_out(factory):
    user = factory()
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post(reverse("login"), {"username": user.username, "password": OLD}).url
    page = here.get(reverse("home")).text
    assert f'href="{URL}"' in page  # linked from every page's header
    assert here.get(URL).status_code == 200

    response = here.post(URL, change())
    assert response.status_code == 302 and response.url == URL
    assert "Your password was changed." in here.get(URL).text
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(OLD)
    assert signed_in(here) and not signed_in(elsewhere)


def test_anonymous_is_sent_to_log_in(client):
    for response in (client.get(URL), client.post(URL, change())):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (change(old="wrong"), "Your old password was entered incorrectly"),
        (change(again="something-else-entirely-9"), "The two password fields"),
        (change(new="123"), "This password is too short"),
        ({}, "This field is required"),
        (change(new="x" * 5000), "at most 128 characters"),
    ],
    ids=["wrong-old", "mismatch", "too-short", "missing", "oversized"],
)
def test_bad_input_is_refused_and_changes_nothing(as_user, student, data, message):
    client = as_user(student)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Please correct the problems below." in response.text
    assert message in response.text
    student.refresh_from_db()
    assert student.check_password(OLD)


def test_query_budget(as_user, student, django_assert_max_num_queries):
    client = as_user(student)
    with django_assert_max_num_queries(3):
        assert client.get(URL).status_code == 200


def test_signup_refuses_an_oversized_password(client):
    data = {
        "username": "newcomer",
        "first_name": "Ned",
        "password1": "y" * 5000,
        "password2": "y" * 5000,
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 400 and "at most 128 characters" in response.text
    assert not client.session.get("_auth_user_id")
