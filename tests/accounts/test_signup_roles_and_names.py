"""Sign-up: everyone gives a name, anyone may choose "I teach"; names show where people are
listed (rosters, gradebook, reviews, CSVs), the username only for accounts without one."""

import csv
import io

import pytest
from django.urls import reverse

from quizzes.accounts.models import User
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    MembershipFactory,
    StudentFactory,
    make_question,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase"


def signup(client, **fields):
    data = {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD} | fields
    return client.post(reverse("signup"), data)


def test_the_form_asks_for_a_name_and_offers_i_teach(client):
    page = client.get(reverse("signup")).text
    assert 'name="first_name"' in page and 'name="last_name"' in page
    assert 'value="teacher"' in page and "I teach" in page
    assert 'value="student" id="id_role_0" checked' in page  # a student unless changed


def test_a_visitor_signs_up_as_a_teacher_and_lands_on_the_teacher_dashboard(client):
    response = signup(client, first_name=" Grace ", last_name="Hopper", role="teacher")
    assert response.status_code == 302 and response.url == "/"
    user = User.objects.get(username="newbie")
    assert user.is_teacher and (user.first_name, user.last_name) == ("Grace", "Hopper")
    page = client.get("/").text
    assert "Hello, Grace" in page and "Open now or due this week" in page
    assert 'href="/workspace/questions/new/"' in page


def test_a_student_by_default(client):
    assert signup(client, first_name="Nia").status_code == 302
    assert User.objects.get(username="newbie").role == User.Role.STUDENT


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "This field is required"),
        ({"first_name": "   "}, "This field is required"),
        ({"first_name": "x" * 200}, "at most 150 characters"),
        ({"first_name": "Nia", "role": "staff"}, "Choose student or teacher"),
        ({"first_name": "Nia", "role": ["teacher", "student"]}, None),
    ],
)
def test_bad_sign_up_is_a_400_and_makes_no_account(client, fields, message):
    response = signup(client, **fields)
    if message is None:  # a repeated field: the last one counts, nothing breaks
        assert response.status_code in (302, 400)
        return
    assert response.status_code == 400 and message in response.text
    assert not User.objects.filter(username="newbie").exists()


def test_a_self_made_teacher_cannot_become_staff_through_the_form(client):
    signup(client, first_name="Eve", role="teacher", is_staff="on", is_superuser="on")
    user = User.objects.get(username="newbie")
    assert user.is_teacher and not user.is_staff and not user.is_superuser


def test_the_profile_edits_the_name_and_refuses_an_empty_one(as_user, student):
    client = as_user(student)
    data = {"first_name": "Ana", "last_name": "Silva", "email": "", "time_zone": "UTC"}
    assert client.post(reverse("profile"), data).status_code == 302
    student.refresh_from_db()
    assert student.display_name == "Ana Silva"
    refused = client.post(reverse("profile"), data | {"first_name": ""})
    assert refused.status_code == 400
    student.refresh_from_db()
    assert student.first_name == "Ana"


def test_display_name_falls_back_to_the_username():
    assert User(username="old-account").display_name == "old-account"
    assert User(username="x", first_name="Ana").display_name == "Ana"
    assert User(username="x", first_name="Ana", last_name="Silva").display_name == "Ana Silva"


def test_names_on_roster_gradebook_review_and_csvs(as_user, teacher):
    classroom = ClassroomFactory(owner=teacher)
    named = StudentFactory(username="asilva", first_name="Ana", last_name="Silva")
    unnamed = StudentFactory(username="newbie")
    for student in (named, unnamed):
        MembershipFactory(classroom=classroom, student=student)
    assignment = AssignmentFactory(classroom=classroom)
    assignment.question_set.items.create(question=make_question("true_false"), position=0)
    attempt = AttemptFactory(
        user=named, question_set=assignment.question_set, assignment=assignment, number=1
    )
    client = as_user(teacher)
    roster = client.get(reverse("class_detail", args=[classroom.pk])).text
    assert "Ana Silva" in roster and "(asilva, joined" in roster
    assert "newbie (newbie" not in roster and "newbie <span" in roster
    assert "Ana Silva" in client.get(reverse("gradebook", args=[classroom.pk])).text
    review = client.get(reverse("attempt_review_teacher", args=[attempt.pk])).text
    assert "by Ana Silva" in review
    book = client.get(reverse("gradebook_csv", args=[classroom.pk])).content.decode("utf-8-sig")
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(book))}
    assert rows["asilva"] == "Ana Silva" and rows["newbie"] == "newbie"
    attempts = client.get(reverse("class_attempts_csv", args=[classroom.pk]))
    lines = list(csv.reader(io.StringIO(attempts.content.decode("utf-8-sig"))))
    assert lines[1][:2] == ["asilva", "Ana Silva"]


def test_an_invitation_still_makes_a_teacher_without_the_role_choice(client, teacher):
    from quizzes.classes.services import invite_create

    invite = invite_create(created_by=teacher)
    page = client.get(invite.get_absolute_url()).text
    assert 'name="role"' not in page and 'name="first_name"' in page
    data = {
        "username": "colleague",
        "first_name": "Cy",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "student",  # ignored: the invitation makes a teacher
    }
    assert client.post(invite.get_absolute_url(), data).status_code == 302
    assert User.objects.get(username="colleague").is_teacher
