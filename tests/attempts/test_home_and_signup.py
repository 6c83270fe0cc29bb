"""Signing up and seeing the sets open to a student, then taking one."""

import pytest
from django.urls import reverse

from quizzes.accounts.models import User
from quizzes.questions.models import QuestionSet
from tests.factories import QuestionSetFactory

pytestmark = pytest.mark.django_db


def test_signup_logs_in_and_shows_open_sets(client, teacher):
    QuestionSetFactory(title="Open set", owner=teacher)
    QuestionSetFactory(title="Draft set", owner=teacher, status=QuestionSet.Status.DRAFT)
    QuestionSetFactory(
        title="Private set", owner=teacher, visibility=QuestionSet.Visibility.PRIVATE
    )
    response = client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "first_name": "Nia",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert User.objects.get(username="newbie").role == User.Role.STUDENT
    assert "Open set" in response.text
    assert "Draft set" not in response.text and "Private set" not in response.text


def test_set_page_asks_anonymous_visitors_to_log_in(client, teacher):
    question_set = QuestionSetFactory(owner=teacher)
    page = client.get(question_set.get_absolute_url()).text
    assert "to take this quiz" in page and "Start practice" not in page


PASSWORD = "a-long-pass-phrase"
SIGNUP = {"username": "newbie", "first_name": "Nia", "password1": PASSWORD, "password2": PASSWORD}


def test_signup_from_the_login_page_goes_on_to_the_quiz_the_visitor_clicked(client, teacher):
    question_set = QuestionSetFactory(owner=teacher)
    wanted = question_set.get_absolute_url()
    login_page = client.get(f"{reverse('login')}?next={wanted}").text
    signup_url = f"{reverse('signup')}?next={wanted}"
    assert signup_url in login_page
    form = client.get(signup_url).text
    assert f'name="next" value="{wanted}"' in form
    response = client.post(signup_url, {**SIGNUP, "next": wanted})
    assert response.status_code == 302 and response["Location"] == wanted
    assert User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_signup_does_not_send_anyone_off_site(client, next_url):
    response = client.post(reverse("signup"), {**SIGNUP, "next": next_url})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_failed_login_says_so_once(client, student):
    page = client.post(reverse("login"), {"username": student.username, "password": "wrong"})
    assert page.status_code == 200
    assert page.text.count('role="alert"') == 1
    assert page.text.count("Please enter a correct username and password") == 1
    assert 'for="id_username"' in page.text and 'for="id_password"' in page.text
