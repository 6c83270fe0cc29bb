"""Signing up and seeing the sets open to a student, then taking one."""

import pytest
from django.urls import reverse

from quizzes.models import QuestionSet, User
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
