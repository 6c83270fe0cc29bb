"""An exam assigned to a student's class is sat as the assignment before any attempt of
their own: an own attempt first would show them the paper and, once handed in, its key."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import services
from quizzes.attempts.models import Attempt
from quizzes.classes.services import student_attempt_start
from quizzes.questions.models import QuestionSet
from tests.factories import AssignmentFactory, MembershipFactory


@pytest.fixture
def assigned_exam(exam_set, student):
    membership = MembershipFactory(student=student, classroom__owner=exam_set.owner)
    assignment = AssignmentFactory(classroom=membership.classroom, question_set=exam_set)
    return assignment


def start_own(client, question_set):
    return client.post(reverse("attempt_start", args=[question_set.slug]), {"ready": "1"})


def test_own_attempt_refused_while_the_assignment_is_to_do(as_user, student, assigned_exam):
    client = as_user(student)
    response = start_own(client, assigned_exam.question_set)
    assert response.status_code == 403
    text = response.content.decode()
    assert "sit it as the assignment" in text
    assert assigned_exam.classroom.name in text
    assert not Attempt.objects.filter(user=student).exists()


def test_the_set_page_explains_instead_of_offering_an_own_start(as_user, student, assigned_exam):
    QuestionSet.objects.filter(pk=assigned_exam.question_set_id).update(attempts_allowed=3)
    page = as_user(student).get(assigned_exam.question_set.get_absolute_url())
    text = page.content.decode()
    assert "sit it as the assignment" in text
    assert "Start exam" not in text
    assert "Start the assignment" in text  # the attempt that counts is offered
    # Nothing beside the refusal suggests an own attempt could be started.
    assert "An attempt started here is your own" not in text
    assert "attempts left" not in text and "attempt left" not in text


def test_own_attempts_open_once_the_assignment_is_handed_in(student, assigned_exam):
    exam = assigned_exam.question_set
    attempt = student_attempt_start(user=student, question_set=exam, assignment=assigned_exam)
    services.attempt_submit(attempt=attempt, user=student)
    own = student_attempt_start(user=student, question_set=exam)
    assert own.assignment is None and own.is_open


def test_a_running_assignment_attempt_does_not_open_them(student, assigned_exam):
    exam = assigned_exam.question_set
    student_attempt_start(user=student, question_set=exam, assignment=assigned_exam)
    with pytest.raises(services.AttemptRefused, match="sit it as the assignment"):
        student_attempt_start(user=student, question_set=exam)


def test_missed_assignment_with_late_work_refused_no_longer_holds_them(student, assigned_exam):
    assigned_exam.due_at = timezone.now() - timedelta(hours=1)
    assigned_exam.save()
    own = student_attempt_start(user=student, question_set=assigned_exam.question_set)
    assert own.assignment is None


def test_late_work_accepted_keeps_the_assignment_first(student, assigned_exam):
    assigned_exam.due_at = timezone.now() - timedelta(hours=1)
    assigned_exam.accept_late = True
    assigned_exam.save()
    with pytest.raises(services.AttemptRefused):
        student_attempt_start(user=student, question_set=assigned_exam.question_set)


def test_upcoming_assignment_holds_them_too(student, assigned_exam):
    assigned_exam.opens_at = timezone.now() + timedelta(days=1)
    assigned_exam.due_at = timezone.now() + timedelta(days=2)
    assigned_exam.save()
    with pytest.raises(services.AttemptRefused):
        student_attempt_start(user=student, question_set=assigned_exam.question_set)


def test_practice_sets_and_other_classes_are_not_held(student, other_student, assigned_exam):
    exam = assigned_exam.question_set
    # Another student, not in the class, sits the exam on their own.
    assert student_attempt_start(user=other_student, question_set=exam).is_open
    # The same set in practice mode: feedback after each answer is the teacher's choice.
    exam.mode = QuestionSet.Mode.PRACTICE
    exam.save()
    assert student_attempt_start(user=student, question_set=exam).is_open


def test_an_own_attempt_started_before_the_assignment_can_be_finished(as_user, student, exam_set):
    own = student_attempt_start(user=student, question_set=exam_set)
    membership = MembershipFactory(student=student, classroom__owner=exam_set.owner)
    AssignmentFactory(classroom=membership.classroom, question_set=exam_set)
    assert student_attempt_start(user=student, question_set=exam_set) == own
    page = as_user(student).get(exam_set.get_absolute_url())
    assert f"Resume attempt {own.number}" in page.content.decode()
