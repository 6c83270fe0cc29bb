"""Classes, join codes, roster, assignments, the student's list and invitations."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment, Classroom, Invite, Membership
from quizzes.classes.services import student_attempt_start
from tests.conftest import HTMX
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db


def test_teacher_creates_class_with_join_code(as_user, teacher):
    client = as_user(teacher)
    response = client.post(reverse("class_list"), {"name": "Year 10"})
    classroom = Classroom.objects.get(owner=teacher)
    assert response.url == reverse("class_detail", args=[classroom.pk])
    page = client.get(response.url)
    assert classroom.join_code in page.text
    assert client.post(reverse("class_list"), {"name": ""}).status_code == 400
    assert client.post(reverse("class_list"), {"name": "x" * 500}).status_code == 400
    assert Classroom.objects.count() == 1


def test_student_joins_with_code_once(as_user, student):
    classroom = ClassroomFactory()
    client = as_user(student)
    code = classroom.join_code.lower()
    response = client.post(reverse("join_class"), {"code": f" {code[:4]} {code[4:]} "})
    assert response.url == reverse("my_assignments")
    first = client.get(response.url).text
    assert f"You joined {classroom.name}." in first
    again = client.post(reverse("join_class"), {"code": classroom.join_code}, follow=True)
    assert f"You are already in {classroom.name}." in again.text
    assert "You joined" not in again.text
    assert Membership.objects.filter(classroom=classroom, student=student).count() == 1


def test_wrong_or_missing_code_is_refused(as_user, student):
    client = as_user(student)
    wrong = client.post(reverse("join_class"), {"code": "NOPE2345"})
    assert wrong.status_code == 400 and "No class has that code" in wrong.text
    assert client.post(reverse("join_class"), {}).status_code == 400
    assert client.post(reverse("join_class"), {"code": "A" * 50}).status_code == 400
    assert not Membership.objects.exists()


def test_teacher_cannot_join(as_user, teacher):
    classroom = ClassroomFactory()
    response = as_user(teacher).post(reverse("join_class"), {"code": classroom.join_code})
    assert response.status_code == 403


def test_regenerated_code_replaces_old(as_user, teacher, student):
    classroom = ClassroomFactory(owner=teacher)
    old = classroom.join_code
    page = as_user(teacher).get(reverse("class_detail", args=[classroom.pk])).text
    assert "The old code and link stop working" in page  # said before the button is pressed
    response = as_user(teacher).post(reverse("class_regenerate_code", args=[classroom.pk]), **HTMX)
    classroom.refresh_from_db()
    assert classroom.join_code != old
    assert classroom.join_code in response.text and "<html" not in response.text
    assert reverse("join_link", args=[classroom.join_code]) in response.text
    refused = as_user(student).post(reverse("join_class"), {"code": old})
    assert refused.status_code == 400
    old_link = as_user(student).post(reverse("join_link", args=[old]))
    assert old_link.status_code == 404 and "no longer valid" in old_link.text
    assert not Membership.objects.filter(student=student).exists()


def test_teacher_removes_student(as_user, teacher):
    membership = MembershipFactory(classroom=ClassroomFactory(owner=teacher))
    url = reverse("class_remove_student", args=[membership.classroom_id, membership.pk])
    response = as_user(teacher).post(url)
    assert response.status_code == 302
    assert not Membership.objects.exists()


def test_remove_asks_first_and_a_student_who_rejoins_gets_their_results_back(as_user, teacher):
    """The class page's Remove… leads to a page that says what removal does; only its POST
    removes, and what it promises (results come back on rejoining) holds."""
    classroom = ClassroomFactory(owner=teacher, name="Year 10")
    student = StudentFactory(username="ada", first_name="Ada", last_name="Lovelace")
    membership = MembershipFactory(classroom=classroom, student=student)
    assignment = AssignmentFactory(classroom=classroom, question_set__title="Treaty")
    _submitted(student, assignment, percent=75)
    client = as_user(teacher)
    url = reverse("class_remove_student", args=[classroom.pk, membership.pk])
    class_page = client.get(reverse("class_detail", args=[classroom.pk])).text
    assert f'href="{url}"' in class_page
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove Ada Lovelace from Year 10?" in confirm.text
    assert f'action="{url}"' in confirm.text and "their results come back" in confirm.text
    assert Membership.objects.filter(pk=membership.pk).exists()  # asking changed nothing

    client.post(url)
    gradebook = reverse("gradebook", args=[classroom.pk])
    assert "75%" not in client.get(gradebook).text
    as_user(student).post(reverse("join_class"), {"code": classroom.join_code})
    assert "75%" in as_user(teacher).get(gradebook).text


def test_other_teacher_cannot_manage_class(as_user, teacher, other_teacher):
    membership = MembershipFactory(classroom=ClassroomFactory(owner=teacher))
    classroom = membership.classroom
    client = as_user(other_teacher)
    assert client.get(reverse("class_detail", args=[classroom.pk])).status_code == 404
    url = reverse("class_remove_student", args=[classroom.pk, membership.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.post(reverse("class_regenerate_code", args=[classroom.pk])).status_code == 404
    assert Membership.objects.exists()


def _assignment_data(question_set, **extra):
    return {
        "question_set": question_set.pk,
        "opens_at": "2026-01-10T09:00",
        "due_at": "2026-01-17T17:00",
        "attempts_allowed": "2",
        "accept_late": "on",
        "grading": "best",
        **extra,
    }


def test_assignment_created_in_teacher_time_zone(as_user, teacher):
    teacher.time_zone = "Europe/Brussels"
    teacher.save()
    classroom = ClassroomFactory(owner=teacher)
    question_set = QuestionSetFactory(owner=teacher)
    response = as_user(teacher).post(
        reverse("assignment_create", args=[classroom.pk]), _assignment_data(question_set)
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.opens_at.astimezone(timezone.UTC).hour == 8  # 09:00 in Brussels (CET)
    assert assignment.attempts_allowed == 2 and assignment.accept_late


def test_assignment_validation(as_user, teacher, other_teacher):
    classroom = ClassroomFactory(owner=teacher)
    mine = QuestionSetFactory(owner=teacher)
    draft = QuestionSetFactory(owner=teacher, status="draft")
    theirs = QuestionSetFactory(owner=other_teacher, visibility="private")
    client = as_user(teacher)
    url = reverse("assignment_create", args=[classroom.pk])
    backwards = client.post(url, _assignment_data(mine, due_at="2026-01-01T09:00"))
    assert backwards.status_code == 400 and "after the opening time" in backwards.text
    unpublished = client.post(url, _assignment_data(draft))
    assert "Publish the set" in unpublished.text
    assert client.post(url, _assignment_data(theirs)).status_code == 400
    assert client.post(url, _assignment_data(mine, attempts_allowed="0")).status_code == 400
    assert client.post(url, _assignment_data(mine, opens_at="not a date")).status_code == 400
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("zone", "field", "value"),
    [
        ("Europe/Brussels", "opens_at", "0001-01-01T00:00"),
        ("America/New_York", "due_at", "9999-12-31T23:59"),
        ("UTC", "due_at", "9999-12-31T23:59"),  # shown in Tokyo it would be year 10000
    ],
)
def test_assignment_dates_out_of_range_are_refused(as_user, teacher, zone, field, value):
    """A date that does not fit in UTC or in some user's zone (year 1, year 9999) is a form
    error (400), not a server error when saving or when shown in another time zone."""
    teacher.time_zone = zone
    teacher.save()
    classroom = ClassroomFactory(owner=teacher)
    data = _assignment_data(QuestionSetFactory(owner=teacher), **{field: value})
    response = as_user(teacher).post(reverse("assignment_create", args=[classroom.pk]), data)
    assert response.status_code == 400 and "This date is out of range." in response.text
    assert not Assignment.objects.exists()


def test_assignment_edit(as_user, teacher):
    assignment = AssignmentFactory(classroom=ClassroomFactory(owner=teacher))
    url = reverse("assignment_edit", args=[assignment.classroom_id, assignment.pk])
    client = as_user(teacher)
    assert client.get(url).status_code == 200
    page = client.post(url, _assignment_data(assignment.question_set, grading="last"), follow=True)
    assignment.refresh_from_db()
    assert assignment.grading == "last"
    assert f"Your changes to “{assignment.question_set}” are saved." in page.text
    assert "is assigned to" not in page.text


def _submitted(user, assignment, *, late=False, percent=80.0, number=1):
    return AttemptFactory(
        user=user,
        question_set=assignment.question_set,
        assignment=assignment,
        number=number,
        status=Attempt.Status.SUBMITTED,
        submitted_at=timezone.now(),
        late=late,
        percent=percent,
    )


def test_student_assignment_statuses(as_user, student):
    now = timezone.now()
    classroom = ClassroomFactory()
    MembershipFactory(classroom=classroom, student=student)

    def make(title, **kwargs):
        return AssignmentFactory(classroom=classroom, question_set__title=title, **kwargs)

    make("Not started set")
    in_progress = make("In progress set")
    AttemptFactory(user=student, question_set=in_progress.question_set, assignment=in_progress)
    _submitted(student, make("Submitted set"))
    past = {"opens_at": now - timedelta(days=9), "due_at": now - timedelta(days=2)}
    _submitted(student, make("Late set", accept_late=True, **past), late=True)
    make("Missed set", **past)
    make("Overdue set", accept_late=True, **past)
    make("Future set", opens_at=now + timedelta(days=1), due_at=now + timedelta(days=3))
    AssignmentFactory(question_set__title="Not my class")
    page = as_user(student).get(reverse("my_assignments"))
    text = page.text
    assert "Not my class" not in text
    rows = {line.split("</td>")[0].split(">")[-1]: line for line in text.split("<tr>")[2:]}
    assert "Not started" in rows["Not started set"] and "Start" in rows["Not started set"]
    assert "In progress" in rows["In progress set"] and "Continue" in rows["In progress set"]
    assert "Submitted" in rows["Submitted set"] and "best 80%" in rows["Submitted set"]
    assert "Submitted late" in rows["Late set"]
    assert "Missed" in rows["Missed set"] and "/start/" not in rows["Missed set"]
    assert "late work is not accepted" in rows["Missed set"]  # says why it is closed
    assert "Closed" not in rows["Not started set"] + rows["Future set"]
    assert "late work accepted" in rows["Overdue set"] and "/start/" in rows["Overdue set"]
    assert "Not open yet" in rows["Future set"] and "/start/" not in rows["Future set"]
    assert 'name="assignment"' in rows["Not started set"]


def test_an_open_attempt_after_a_submitted_one_is_continued(as_user, student):
    assignment = AssignmentFactory()
    MembershipFactory(classroom=assignment.classroom, student=student)
    _submitted(student, assignment, number=1)
    AttemptFactory(
        user=student, question_set=assignment.question_set, assignment=assignment, number=2
    )
    page = as_user(student).get(reverse("my_assignments")).text
    assert "Continue<span" in page and "Try again" not in page
    assert "Another attempt is under way." in page  # beside "Submitted"


def test_attempt_limit_hides_start(as_user, student):
    assignment = AssignmentFactory(attempts_allowed=1)
    MembershipFactory(classroom=assignment.classroom, student=student)
    _submitted(student, assignment)
    page = as_user(student).get(reverse("my_assignments"))
    assert "1 of 1" in page.text and "/start/" not in page.text
    assert "The one attempt allowed is used." in page.text


@pytest.mark.parametrize("count", [1, 15])
def test_my_assignments_query_budget(as_user, student, count, django_assert_max_num_queries):
    classroom = ClassroomFactory()
    MembershipFactory(classroom=classroom, student=student)
    for _ in range(count):
        _submitted(student, AssignmentFactory(classroom=classroom))
    client = as_user(student)
    with django_assert_max_num_queries(2):  # the user, the assignments with their attempts
        assert client.get(reverse("my_assignments")).status_code == 200


# --- Invitations -------------------------------------------------------------------------


def test_invite_signs_up_a_teacher_once(as_user, client, teacher):
    as_user(teacher).post(reverse("invite_list"), {"email": "colleague@example.org"})
    invite = Invite.objects.get(created_by=teacher)
    client.logout()
    url = invite.get_absolute_url()
    assert client.get(url).status_code == 200
    data = {
        "username": "newteacher",
        "first_name": "Tom",
        "password1": "a-long-pass-phrase-42",
        "password2": "a-long-pass-phrase-42",
    }
    response = client.post(url, data)
    assert response.url == reverse("workspace")
    user = User.objects.get(username="newteacher")
    assert user.is_teacher
    invite.refresh_from_db()
    assert invite.used_by == user
    client.logout()
    again = client.post(url, {**data, "username": "second"})
    assert again.status_code == 410
    assert not User.objects.filter(username="second").exists()


def test_invite_bad_input_and_expiry(client, teacher, student, as_user):
    invite = Invite.objects.create(created_by=teacher)
    url = invite.get_absolute_url()
    mismatch = client.post(url, {"username": "x1", "password1": "abc", "password2": "abd"})
    assert mismatch.status_code == 400
    assert not User.objects.filter(username="x1").exists()
    assert client.get(reverse("invite_accept", args=["nonsense"])).status_code == 404
    signed_in = as_user(student).get(url)
    assert signed_in.status_code == 403
    Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.logout()
    assert client.get(url).status_code == 410


def test_students_cannot_invite(as_user, student):
    assert as_user(student).post(reverse("invite_list"), {"email": ""}).status_code == 403
    assert not Invite.objects.exists()


def test_nav_shows_role_links(as_user, teacher, student):
    teacher_page = as_user(teacher).get(reverse("home")).text
    assert reverse("workspace") in teacher_page and reverse("class_list") in teacher_page
    assert reverse("join_class") not in teacher_page
    student_page = as_user(student).get(reverse("home")).text
    assert reverse("workspace") not in student_page
    assert reverse("my_assignments") in student_page and reverse("join_class") in student_page


def test_removed_student_loses_assignment(as_user):
    student = StudentFactory()
    membership = MembershipFactory(student=student)
    AssignmentFactory(classroom=membership.classroom, question_set__title="Gone set")
    membership.delete()
    assert "Gone set" not in as_user(student).get(reverse("my_assignments")).text


def test_set_attempt_limit_applies_when_assignment_has_none(as_user, student):
    assignment = AssignmentFactory(question_set__attempts_allowed=2)
    MembershipFactory(classroom=assignment.classroom, student=student)
    _submitted(student, assignment)
    _submitted(student, assignment, number=2)
    page = as_user(student).get(reverse("my_assignments"))
    assert "2 of 2" in page.text and "/start/" not in page.text


def test_class_page_shows_the_sets_attempt_limit_when_the_assignment_has_none(as_user, teacher):
    """An empty assignment limit falls back to the set's (attempts_limit): the class page
    must say so, not "Unlimited"."""
    classroom = ClassroomFactory(owner=teacher)
    AssignmentFactory(classroom=classroom, question_set__attempts_allowed=2)
    AssignmentFactory(classroom=classroom, question_set__attempts_allowed=None)
    page = as_user(teacher).get(reverse("class_detail", args=[classroom.pk]))
    cells = [row.split("</td>")[3] for row in page.text.split("<tr>")[2:4]]
    assert [re.sub(r"^<td[^>]*>", "", cell.strip()) for cell in cells] == ["2", "Unlimited"]


def test_assignment_set_cannot_change_once_students_attempted_it(as_user, teacher, student):
    """Attempts belong to the set they were drawn from: switching an attempted assignment to
    another set would show those scores under the new set in the gradebook, and an
    unfinished attempt could no longer be resumed."""
    classroom = ClassroomFactory(owner=teacher)
    first = QuestionSetFactory(owner=teacher)
    other = QuestionSetFactory(owner=teacher)
    assignment = AssignmentFactory(classroom=classroom, question_set=first)
    url = reverse("assignment_edit", args=[classroom.pk, assignment.pk])
    client = as_user(teacher)
    assert client.post(url, _assignment_data(other)).status_code == 302  # nobody started
    assignment.refresh_from_db()
    assert assignment.question_set == other
    _submitted(student, assignment)
    refused = client.post(url, _assignment_data(first))
    assert refused.status_code == 400 and "already attempted" in refused.text
    assignment.refresh_from_db()
    assert assignment.question_set == other
    kept = client.post(url, _assignment_data(other, grading="last"))  # other fields still edit
    assert kept.status_code == 302
    assignment.refresh_from_db()
    assert assignment.grading == "last"


def test_student_sees_the_score_the_gradebook_records(as_user, student):
    """ "My assignments" shows the score by the assignment's grading rule (as the gradebook
    records it), not always the best attempt."""
    classroom = ClassroomFactory()
    MembershipFactory(classroom=classroom, student=student)
    for title, grading in [("Best set", "best"), ("Last set", "last"), ("Avg set", "average")]:
        assignment = AssignmentFactory(
            classroom=classroom, grading=grading, question_set__title=title
        )
        for number, percent in enumerate([40.0, 90.0, 70.0], start=1):
            attempt = _submitted(student, assignment, percent=percent, number=number)
            attempt.submitted_at = timezone.now() - timedelta(minutes=10 - number)
            attempt.save()
    text = as_user(student).get(reverse("my_assignments")).text
    rows = {line.split("</td>")[0].split(">")[-1]: line for line in text.split("<tr>")[2:]}
    assert "best 90%" in rows["Best set"]
    assert "last 70%" in rows["Last set"] and "90%" not in rows["Last set"]
    assert "average 67%" in rows["Avg set"] and "90%" not in rows["Avg set"]


def test_removing_an_assignment_asks_first_and_keeps_the_students_attempts(as_user, teacher):
    """The class page's Remove… says what leaves the gradebook before anything does; the
    POST takes the set off the class, and each student keeps the result they earned."""
    classroom = ClassroomFactory(owner=teacher, name="Year 10")
    student = MembershipFactory(classroom=classroom).student
    assignment = AssignmentFactory(classroom=classroom, question_set__title="Treaty")
    attempt = _submitted(student, assignment, percent=75)
    client = as_user(teacher)
    url = reverse("assignment_remove", args=[classroom.pk, assignment.pk])
    assert f'href="{url}"' in client.get(reverse("class_detail", args=[classroom.pk])).text
    edit = reverse("assignment_edit", args=[classroom.pk, assignment.pk])
    assert f'href="{url}"' in client.get(edit).text

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove “Treaty” from Year 10?" in confirm.text
    assert "1 student made 1 attempt at it" in confirm.text
    assert f'action="{url}"' in confirm.text
    assert Assignment.objects.filter(pk=assignment.pk).exists()  # asking changed nothing

    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse(
        "class_detail", args=[classroom.pk]
    )
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    class_page = client.get(response.url).text
    assert "“Treaty” is no longer assigned to Year 10." in class_page
    assert "Nothing assigned yet." in class_page
    assert "Treaty" not in client.get(reverse("gradebook", args=[classroom.pk])).text
    assert "Treaty" not in as_user(student).get(reverse("my_assignments")).text
    attempt.refresh_from_db()
    assert attempt.assignment is None and attempt.percent == 75
    assert as_user(student).get(reverse("attempt_result", args=[attempt.pk])).status_code == 200
    assert as_user(teacher).post(url).status_code == 404  # a repeated POST finds nothing


def test_an_attempt_running_when_its_assignment_is_removed_can_be_finished(as_user, teacher):
    classroom = ClassroomFactory(owner=teacher)
    student = MembershipFactory(classroom=classroom).student
    question_set = QuestionSetFactory(owner=teacher, questions=[QuestionFactory(author=teacher)])
    assignment = AssignmentFactory(classroom=classroom, question_set=question_set)
    attempt = student_attempt_start(user=student, question_set=question_set, assignment=assignment)
    confirm = as_user(teacher).get(reverse("assignment_remove", args=[classroom.pk, assignment.pk]))
    assert "1 still running" in confirm.text and "can still be finished" in confirm.text
    as_user(teacher).post(reverse("assignment_remove", args=[classroom.pk, assignment.pk]))

    client = as_user(student)
    assert client.get(reverse("attempt_play", args=[attempt.pk])).status_code == 200
    submitted = client.post(reverse("attempt_submit", args=[attempt.pk]))
    assert submitted.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED


def test_assignment_remove_refuses_another_class_assignment_and_answers_htmx(as_user, teacher):
    mine = ClassroomFactory(owner=teacher)
    kept = AssignmentFactory(classroom=mine)
    elsewhere = AssignmentFactory(classroom=ClassroomFactory(owner=teacher))
    client = as_user(teacher)
    wrong_class = reverse("assignment_remove", args=[mine.pk, elsewhere.pk])
    assert client.get(wrong_class).status_code == 404
    assert client.post(wrong_class).status_code == 404
    assert client.get(f"/classes/{mine.pk}/assignments/x/remove/").status_code == 404
    assert Assignment.objects.count() == 2

    response = client.post(reverse("assignment_remove", args=[mine.pk, kept.pk]), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("class_detail", args=[mine.pk])
    assert list(Assignment.objects.all()) == [elsewhere]


def test_deleting_a_class_asks_first_and_keeps_the_students_and_their_attempts(as_user, teacher):
    classroom = ClassroomFactory(owner=teacher, name="Year 11")
    student = MembershipFactory(classroom=classroom).student
    assignment = AssignmentFactory(classroom=classroom, question_set__title="Treaty")
    attempt = _submitted(student, assignment, percent=60)
    client = as_user(teacher)
    url = reverse("class_delete", args=[classroom.pk])
    assert f'href="{url}"' in client.get(reverse("class_detail", args=[classroom.pk])).text
    confirm = client.get(url).text
    assert "Delete Year 11?" in confirm
    assert "1 student will leave it" in confirm
    assert "1 assignment and the gradebook go with it" in confirm
    assert "the 1 attempt made for them stay" in confirm
    assert reverse("gradebook_csv", args=[classroom.pk]) in confirm
    assert Classroom.objects.filter(pk=classroom.pk).exists()  # asking changed nothing

    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("class_list")
    assert "Year 11 was deleted." in client.get(response.url).text
    assert not Classroom.objects.filter(pk=classroom.pk).exists()
    assert not Assignment.objects.exists() and not Membership.objects.exists()
    attempt.refresh_from_db()
    assert attempt.assignment is None and attempt.percent == 60
    assert User.objects.filter(pk=student.pk).exists()
    refused = as_user(student).post(reverse("join_class"), {"code": classroom.join_code})
    assert refused.status_code == 400
    assert as_user(teacher).post(url).status_code == 404  # a repeated POST finds nothing


def test_class_delete_answers_htmx_and_refuses_other_teachers(as_user, teacher, other_teacher):
    classroom = ClassroomFactory(owner=teacher)
    url = reverse("class_delete", args=[classroom.pk])
    assert as_user(other_teacher).post(url).status_code == 404
    assert as_user(teacher).get("/classes/x/delete/").status_code == 404
    assert Classroom.objects.filter(pk=classroom.pk).exists()
    response = as_user(teacher).post(url, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("class_list")
    assert not Classroom.objects.filter(pk=classroom.pk).exists()


def test_teacher_renames_a_class(as_user, teacher):
    classroom = ClassroomFactory(owner=teacher, name="Year 9")
    client = as_user(teacher)
    url = reverse("class_rename", args=[classroom.pk])
    assert f'href="{url}"' in client.get(reverse("class_detail", args=[classroom.pk])).text
    assert 'value="Year 9"' in client.get(url).text
    response = client.post(url, {"name": "Year 10"})
    assert response.status_code == 302 and response.url == reverse(
        "class_detail", args=[classroom.pk]
    )
    page = client.get(response.url).text
    assert "The class is now called Year 10." in page and "<h1>Year 10</h1>" in page
    htmx = client.post(url, {"name": "Year 11"}, **HTMX)
    assert htmx["HX-Redirect"] == reverse("class_detail", args=[classroom.pk])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({}, "This field is required."),
        ({"name": "x" * 121}, "at most 120 characters"),
    ],
    ids=["empty", "missing", "oversized"],
)
def test_class_rename_refuses_bad_input_and_changes_nothing(as_user, teacher, data, message):
    classroom = ClassroomFactory(owner=teacher, name="Year 9")
    response = as_user(teacher).post(reverse("class_rename", args=[classroom.pk]), data)
    assert response.status_code == 400 and message in response.text
    assert "Please correct the problems below." in response.text
    classroom.refresh_from_db()
    assert classroom.name == "Year 9"


def test_a_student_leaves_a_class_and_can_come_back_with_their_results(as_user, student):
    classroom = ClassroomFactory(name="Wrong class")
    MembershipFactory(classroom=classroom, student=student)
    assignment = AssignmentFactory(classroom=classroom, question_set__title="Treaty quiz")
    _submitted(student, assignment, percent=70)
    client = as_user(student)
    url = reverse("class_leave", args=[classroom.pk])
    page = client.get(reverse("join_class")).text
    assert "Classes you are in" in page and f'href="{url}"' in page
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Leave Wrong class?" in confirm.text
    assert Membership.objects.filter(student=student).exists()  # asking changed nothing

    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("join_class")
    assert "You left Wrong class." in client.get(response.url).text
    assert "Treaty quiz" not in client.get(reverse("my_assignments")).text
    assert not Membership.objects.filter(student=student).exists()
    assert client.post(url).status_code == 404  # a repeated POST finds nothing to leave

    client.post(reverse("join_class"), {"code": classroom.join_code})
    assert "70%" in client.get(reverse("my_assignments")).text


def test_leaving_answers_htmx_with_a_whole_page(as_user, student):
    membership = MembershipFactory(student=student)
    url = reverse("class_leave", args=[membership.classroom_id])
    response = as_user(student).post(url, **HTMX)
    assert response["HX-Redirect"] == reverse("join_class")
    assert as_user(student).get("/classes/x/leave/").status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_join_page_query_budget(as_user, student, count, django_assert_max_num_queries):
    for _ in range(count):
        MembershipFactory(student=student)
    client = as_user(student)
    with django_assert_max_num_queries(2):  # the user, the classes with their teachers
        page = client.get(reverse("join_class"))
    assert page.status_code == 200 and page.text.count("Leave…") == count


# --- The set page offers the student's assignments of the set ------------------------------


def test_set_page_offers_the_assignment_and_its_start_counts_for_it(as_user, student):
    question_set = QuestionSetFactory(title="Treaty", questions=[QuestionFactory()])
    assignment = AssignmentFactory(question_set=question_set, classroom__name="Year 10")
    MembershipFactory(classroom=assignment.classroom, student=student)
    AssignmentFactory(question_set=question_set, classroom__name="Not my class")
    client = as_user(student)
    page = client.get(question_set.get_absolute_url()).text
    assert "For your class" in page and "Year 10" in page and "Not my class" not in page
    assert f'name="assignment" value="{assignment.pk}"' in page
    assert "does not count for the assignment" in page
    client.post(reverse("attempt_start", args=[question_set.slug]), {"assignment": assignment.pk})
    attempt = Attempt.objects.get(user=student)
    assert attempt.assignment == assignment
    page = client.get(question_set.get_absolute_url()).text
    assert "In progress" in page and "Continue the assignment" in page


def test_set_page_without_assignments_has_no_class_section(as_user, student, teacher):
    question_set = QuestionSetFactory(questions=[QuestionFactory()])
    AssignmentFactory(question_set=question_set)  # another class's
    for user in (student, teacher):
        page = as_user(user).get(question_set.get_absolute_url()).text
        assert "For your class" not in page and "does not count" not in page


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize(("mode", "budget"), [("practice", 7), ("exam", 8)])
def test_set_page_with_assignments_query_budget(
    as_user, student, count, mode, budget, django_assert_max_num_queries
):
    # An exam asks once more: whether one of its assignments is still to be sat first.
    question_set = QuestionSetFactory(questions=[QuestionFactory()], mode=mode)
    for number in range(1, count + 1):
        assignment = AssignmentFactory(question_set=question_set)
        MembershipFactory(classroom=assignment.classroom, student=student)
        _submitted(student, assignment, number=number)
    client = as_user(student)
    with django_assert_max_num_queries(budget):
        page = client.get(question_set.get_absolute_url())
    assert page.text.count("For your class") == 1


def test_a_student_who_just_joined_is_not_told_to_join_a_class(as_user, student):
    classroom = ClassroomFactory(name="Demo class")
    response = as_user(student).post(
        reverse("join_class"), {"code": classroom.join_code}, follow=True
    )
    page = response.text
    assert "You joined Demo class." in page
    assert "has not set any work yet" in page
    assert "No assignments yet" not in page and "with the code your teacher gives you" not in page
