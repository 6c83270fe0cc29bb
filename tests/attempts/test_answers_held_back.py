"""Exam answers reach a student only when the set's reveal rule says so (issue 22).

Leaving a class does not lift an exam's hold (membership history), and until the answers
are revealed the result page shows the total only: no per-question marks, no source links,
no near-miss note echoing the accepted answer.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import services
from quizzes.attempts.selectors import answers_revealed
from quizzes.classes.models import Membership, PastMembership
from quizzes.classes.selectors import own_attempt_refusal
from quizzes.classes.services import membership_remove, student_attempt_start
from quizzes.questions.models import QuestionSet, QuestionType
from tests.attempts.helpers import answer_url, snapshot_at
from tests.factories import AssignmentFactory, MembershipFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned_exam(exam_set, student):
    membership = MembershipFactory(student=student, classroom__owner=exam_set.owner)
    return AssignmentFactory(classroom=membership.classroom, question_set=exam_set)


def leave(client, classroom):
    return client.post(reverse("class_leave", args=[classroom.pk]))


def test_leaving_the_class_does_not_lift_the_exam_hold(as_user, student, assigned_exam):
    client = as_user(student)
    exam = assigned_exam.question_set
    assert leave(client, assigned_exam.classroom).status_code == 302
    assert not Membership.objects.filter(student=student).exists()
    assert PastMembership.objects.filter(
        student=student, classroom=assigned_exam.classroom
    ).exists()
    response = client.post(reverse("attempt_start", args=[exam.slug]), {"ready": "1"})
    assert response.status_code == 403
    assert "before you left it: rejoin the class to sit it as the assignment" in response.text
    assert not exam.attempts.filter(user=student).exists()


def test_rejoining_changes_nothing_and_the_assignment_can_be_sat(as_user, student, assigned_exam):
    client = as_user(student)
    classroom = assigned_exam.classroom
    leave(client, classroom)
    client.post(reverse("join_class"), {"code": classroom.join_code})
    assert Membership.objects.filter(student=student, classroom=classroom).exists()
    assert PastMembership.objects.filter(student=student, classroom=classroom).count() == 1
    exam = assigned_exam.question_set
    assert own_attempt_refusal(user=student, question_set=exam) is not None
    attempt = student_attempt_start(user=student, question_set=exam, assignment=assigned_exam)
    assert attempt.assignment == assigned_exam


def test_rosters_show_current_members_only(as_user, student, teacher, assigned_exam):
    classroom = assigned_exam.classroom
    leave(as_user(student), classroom)
    page = as_user(classroom.owner).get(reverse("class_detail", args=[classroom.pk]))
    assert student.username not in page.text
    gradebook = as_user(classroom.owner).get(reverse("gradebook", args=[classroom.pk]))
    assert student.username not in gradebook.text
    mine = as_user(student).get(reverse("join_class"))
    assert classroom.name not in mine.text


def test_an_exam_assigned_after_the_student_left_does_not_hold_them(student, exam_set):
    membership = MembershipFactory(student=student, classroom__owner=exam_set.owner)
    membership_remove(membership=membership)
    PastMembership.objects.update(left_at=timezone.now() - timedelta(hours=1))
    AssignmentFactory(classroom=membership.classroom, question_set=exam_set)
    assert own_attempt_refusal(user=student, question_set=exam_set) is None


def test_after_due_reveal_waits_for_assignments_of_a_class_left(student, make_set, teacher):
    exam = make_set(mode=QuestionSet.Mode.EXAM, reveal=QuestionSet.Reveal.AFTER_DUE)
    membership = MembershipFactory(student=student, classroom__owner=teacher)
    assignment = AssignmentFactory(classroom=membership.classroom, question_set=exam)
    # The same exam given again to the class, due later: its key is held until then.
    AssignmentFactory(
        classroom=membership.classroom,
        question_set=exam,
        due_at=timezone.now() + timedelta(days=3),
    )
    attempt = student_attempt_start(user=student, question_set=exam, assignment=assignment)
    services.attempt_submit(attempt=attempt, user=student)
    membership_remove(membership=membership)
    assignment.due_at = timezone.now() - timedelta(hours=1)
    assignment.save()
    attempt.refresh_from_db()
    assert not answers_revealed(attempt=attempt, viewer=student)


# --- the result page before the answers are revealed ----------------------------------


@pytest.fixture
def held_back_result(make_set, student):
    def build(reveal):
        qs = make_set(
            ["single_choice", "true_false", "short_answer"],
            mode=QuestionSet.Mode.EXAM,
            reveal=reveal,
        )
        question = make_question(QuestionType.SHORT_ANSWER, author=qs.owner, near_miss=True)
        qs.items.create(question=question, position=9)
        attempt = student_attempt_start(user=student, question_set=qs)
        for index in range(len(attempt.question_ids)):
            snapshot = snapshot_at(attempt, index)
            if snapshot["type"] == QuestionType.SHORT_ANSWER and snapshot["near_miss"]:
                accepted = next(c["text"] for c in snapshot["choices"] if c["correct"])
                answer = {"text": accepted[:-1] + "x"}
            elif snapshot["type"] == QuestionType.SHORT_ANSWER:
                answer = {"text": "nothing like it"}
            else:
                answer = {"choice": next(c["id"] for c in snapshot["choices"] if c["correct"])}
            services.attempt_answer(attempt=attempt, user=student, position=index, answer=answer)
        services.attempt_submit(attempt=attempt, user=student)
        return attempt

    return build


@pytest.mark.parametrize("reveal", [QuestionSet.Reveal.NEVER, QuestionSet.Reveal.AFTER_DUE])
def test_result_shows_the_total_only_until_answers_are_revealed(
    as_user, student, held_back_result, reveal
):
    attempt = held_back_result(reveal)
    if reveal == QuestionSet.Reveal.AFTER_DUE:
        membership = MembershipFactory(student=student, classroom__owner=attempt.question_set.owner)
        AssignmentFactory(classroom=membership.classroom, question_set=attempt.question_set)
    assert attempt.responses.filter(note__contains="spelling").exists()
    page = as_user(student).get(reverse("attempt_result", args=[attempt.pk])).text
    assert 'data-testid="score"' in page
    review = page.split("<h2>Review</h2>")[1]
    marks = (
        'class="correct"',
        'class="incorrect"',
        'class="partly"',
        "Wrong",
        "Partly right",
        "% of the mark",
    )
    for mark in (*marks, "Check your spelling", "Washington Treaty"):
        assert mark not in review, mark
    assert "Your answer:" in review  # their own answers stay, without a mark
    assert "/citations/" not in page and "?quote=" not in page
    assert "Read in source" not in page


def test_result_shows_marks_once_revealed(as_user, student, held_back_result):
    attempt = held_back_result(QuestionSet.Reveal.AFTER_SUBMISSION)
    page = as_user(student).get(reverse("attempt_result", args=[attempt.pk])).text
    assert "% of the mark" in page and "Read in source" in page
    assert "Check your spelling" in page


def test_teacher_sees_marks_of_a_held_back_result(as_user, teacher, held_back_result):
    attempt = held_back_result(QuestionSet.Reveal.NEVER)
    page = as_user(teacher).get(reverse("attempt_result", args=[attempt.pk])).text
    assert "% of the mark" in page and "Read in source" in page


def test_practice_feedback_keeps_the_key_of_a_held_back_set(as_user, student, make_set):
    """Practice marks each answer as it is given, but a set that keeps its answers back
    shows neither the accepted spelling nor the quote that answers it."""
    qs = make_set(mode=QuestionSet.Mode.PRACTICE, reveal=QuestionSet.Reveal.NEVER)
    question = make_question(QuestionType.SHORT_ANSWER, author=qs.owner, near_miss=True)
    qs.items.all().delete()
    qs.items.create(question=question, position=0)
    attempt = student_attempt_start(user=student, question_set=qs)
    client = as_user(student)
    url = answer_url(attempt)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        attempt.responses.all().delete()
        page = client.post(url, {"q": "1", "text": "Washington Treatx"}, follow=True, **headers)
        assert "Check your spelling" in page.text
        assert "Washington Treaty" not in page.text
        assert "Read in source" not in page.text and "/citations/" not in page.text


@pytest.mark.parametrize(
    ("reveal", "marked"),
    [
        (QuestionSet.Reveal.NEVER, False),
        (QuestionSet.Reveal.AFTER_DUE, False),  # assigned, not yet due
        (QuestionSet.Reveal.AFTER_SUBMISSION, True),
    ],
)
def test_progress_reads_no_marks_of_answers_kept_back(student, held_back_result, reveal, marked):
    """Mastery and weak spots tell right from wrong: they read no answer of a held-back
    exam, whose marks the result page does not show."""
    from quizzes.reports.progress_selectors import responses_marked_for

    attempt = held_back_result(reveal)
    if reveal == QuestionSet.Reveal.AFTER_DUE:
        membership = MembershipFactory(student=student, classroom__owner=attempt.question_set.owner)
        AssignmentFactory(classroom=membership.classroom, question_set=attempt.question_set)
    mine = responses_marked_for(user=student).filter(attempt=attempt)
    assert mine.exists() is marked
