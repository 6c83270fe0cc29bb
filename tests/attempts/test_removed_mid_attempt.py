"""A student removed from a class while an attempt at one of its assignments is running can
finish that attempt: the player, answers, hand-in and result stay theirs. They cannot
start another."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import services
from quizzes.attempts.models import Attempt
from quizzes.classes.services import student_attempt_start
from quizzes.questions.models import QuestionSet
from tests.attempts.helpers import answer_post, answer_url, go_url
from tests.factories import AssignmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(student, make_set):
    """An exam assigned to the student's class, visible to them only through it, with an
    attempt under way; returns (attempt, membership)."""
    qs = make_set(
        ["single_choice", "single_choice"],
        mode=QuestionSet.Mode.EXAM,
        visibility=QuestionSet.Visibility.PRIVATE,
        attempts_allowed=None,
    )
    assignment = AssignmentFactory(question_set=qs, classroom__owner=qs.owner)
    membership = MembershipFactory(classroom=assignment.classroom, student=student)
    attempt = student_attempt_start(user=student, question_set=qs, assignment=assignment)
    return attempt, membership


def remove(as_user, membership):
    classroom = membership.classroom
    url = reverse("class_remove_student", args=[classroom.pk, membership.pk])
    assert as_user(classroom.owner).post(url).status_code == 302


def test_a_removed_student_finishes_the_attempt_they_started(as_user, student, running):
    attempt, membership = running
    client = as_user(student)
    assert client.post(answer_url(attempt), answer_post(attempt, 0)).status_code == 302
    remove(as_user, membership)

    client = as_user(student)
    assert client.get(reverse("attempt_play", args=[attempt.pk])).status_code == 200
    data = answer_post(attempt, 1, to="finish")
    assert client.post(go_url(attempt), data).status_code == 302
    response = client.post(reverse("attempt_submit", args=[attempt.pk]))
    assert response.status_code == 302
    result = client.get(response.url)
    assert result.status_code == 200 and "2 of 2" in result.text
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.assignment_id is not None
    # Their teacher can still read it (the gradebook leaves it out while they are not in
    # the class, and shows it again if they rejoin).
    teacher = membership.classroom.owner
    assert as_user(teacher).get(reverse("attempt_result", args=[attempt.pk])).status_code == 200


def test_pressing_continue_after_removal_resumes_the_attempt(as_user, student, running):
    """From a page left open before the removal: the set is public here, so the start
    view finds it; the running attempt is resumed, not refused."""
    attempt, membership = running
    QuestionSet.objects.filter(pk=attempt.question_set_id).update(visibility="public")
    remove(as_user, membership)
    response = as_user(student).post(
        reverse("attempt_start", args=[attempt.question_set.slug]),
        {"assignment": str(attempt.assignment_id)},
    )
    assert response.status_code == 302
    assert response.url == reverse("attempt_play", args=[attempt.pk])


def test_a_removed_student_cannot_start_another_attempt(as_user, student, running):
    attempt, membership = running
    QuestionSet.objects.filter(pk=attempt.question_set_id).update(visibility="public")
    services.attempt_submit(attempt=attempt, user=student)
    remove(as_user, membership)
    response = as_user(student).post(
        reverse("attempt_start", args=[attempt.question_set.slug]),
        {"assignment": str(attempt.assignment_id), "ready": "1"},
    )
    assert response.status_code == 403
    assert "class you are not in" in response.text
    assert Attempt.objects.count() == 1


def test_a_removed_students_attempt_still_falls_due(as_user, student, running):
    """The assignment's due date and late-work rule still apply to it."""
    attempt, membership = running
    remove(as_user, membership)
    assignment = attempt.assignment
    assignment.opens_at = timezone.now() - timedelta(days=2)
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.accept_late = False
    services.attempts_follow_assignment(assignment=assignment)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at == assignment.due_at
    response = as_user(student).get(reverse("attempt_play", args=[attempt.pk]))
    assert response.url == reverse("attempt_result", args=[attempt.pk])
