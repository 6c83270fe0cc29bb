"""Guessing class join codes: wrong codes are limited per student (quizzes/classes/views.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from quizzes.classes.models import Membership
from quizzes.classes.views import WRONG_JOIN_CODES
from tests.factories import ClassroomFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many wrong codes. Try again in 15 minutes"


def join(client, code):
    return client.post(reverse("join_class"), {"code": code})


def test_wrong_codes_are_limited_per_student(as_user, student, other_student):
    assert WRONG_JOIN_CODES.limit == 10 and WRONG_JOIN_CODES.window == timedelta(minutes=15)
    classroom = ClassroomFactory()
    client = as_user(student)
    for n in range(WRONG_JOIN_CODES.limit):
        response = join(client, f"WRONG{n:03d}")
        assert response.status_code == 400 and "No class has that code" in response.text

    response = join(client, classroom.join_code)  # even the right code, while locked
    assert response.status_code == 429 and TOO_MANY in response.text
    assert not Membership.objects.filter(student=student).exists()

    client = as_user(other_student)
    assert join(client, classroom.join_code).status_code == 302
    assert Membership.objects.filter(student=other_student, classroom=classroom).exists()


def test_right_codes_do_not_count(as_user, student):
    classrooms = ClassroomFactory.create_batch(3)
    client = as_user(student)
    for _ in range(WRONG_JOIN_CODES.limit + 2):
        for classroom in classrooms:
            assert join(client, classroom.join_code).status_code == 302
    for _ in range(WRONG_JOIN_CODES.limit - 1):
        join(client, "NOTACODE")
    assert join(client, classrooms[0].join_code).status_code == 302
