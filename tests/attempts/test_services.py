"""attempt_start / attempt_answer / attempt_submit / attempt_expire_if_due rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.attempts import services
from quizzes.attempts.answers import validate_answer
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.services import student_attempt_start
from quizzes.questions.models import QuestionSet
from tests.attempts.helpers import answer_post, snapshot_at
from tests.factories import AssignmentFactory, MembershipFactory, make_question

pytestmark = pytest.mark.django_db


def answer_json(attempt, index, correct=True):
    """The grading JSON of a right (or wrong) answer, via the same fields a browser posts."""
    from django.http import QueryDict

    from quizzes.attempts.answers import parse_answer

    data = QueryDict(mutable=True)
    for key, value in answer_post(attempt, index, correct=correct).items():
        data.setlist(key, value if isinstance(value, list) else [value])
    question_id = str(attempt.question_ids[index])
    return parse_answer(
        snapshot_at(attempt, index),
        data,
        order=attempt.option_order[question_id],
        attempt_id=attempt.pk,
    )


def test_start_draws_all_questions_in_set_order_and_pins_versions(student, make_set):
    qs = make_set(["single_choice", "numeric", "ordering"])
    attempt = services.attempt_start(user=student, question_set=qs)
    assert attempt.number == 1
    assert attempt.mode == qs.mode
    assert attempt.question_ids == list(
        qs.items.order_by("position").values_list("question_id", flat=True)
    )
    for qid in attempt.question_ids:
        assert attempt.versions[str(qid)] is not None


def test_start_resumes_the_open_attempt(student, make_set):
    qs = make_set()
    first = services.attempt_start(user=student, question_set=qs)
    assert services.attempt_start(user=student, question_set=qs).pk == first.pk
    assert Attempt.objects.count() == 1


def test_resuming_is_one_read_without_a_lock(student, make_set, django_assert_num_queries):
    """Pressing "Start" on a quiz under way reads the open attempt; locking the row
    would cost a transaction and its commit for nothing."""
    qs = make_set()
    first = services.attempt_start(user=student, question_set=qs)
    with django_assert_num_queries(1) as queries:
        again = services.attempt_start(user=student, question_set=qs)
    assert again.pk == first.pk
    assert again.question_set.pk == qs.pk  # with its set, as the player needs it
    assert "FOR UPDATE" not in queries.captured_queries[0]["sql"]


def test_start_after_the_time_limit_submits_the_open_attempt_and_starts_anew(student, make_set):
    qs = make_set(time_limit_minutes=5)
    now = timezone.now()
    first = services.attempt_start(user=student, question_set=qs, now=now)
    later = now + timedelta(minutes=6)
    second = services.attempt_start(user=student, question_set=qs, now=later)
    first.refresh_from_db()
    assert first.status == Attempt.Status.SUBMITTED
    assert first.submitted_at == first.deadline
    assert second.pk != first.pk and second.number == 2 and second.is_open


def test_draw_count_and_shuffle_are_stored_with_the_attempt(student, make_set):
    qs = make_set(["single_choice"] * 6, draw_count=3, shuffle_questions=True)
    attempt = services.attempt_start(user=student, question_set=qs)
    assert len(attempt.question_ids) == 3
    assert set(attempt.question_ids) <= set(qs.items.values_list("question_id", flat=True))
    attempt.refresh_from_db()
    assert len(attempt.question_ids) == 3 and len(attempt.versions) == 3


def test_ordering_items_are_never_shown_in_the_right_order(student, make_set):
    qs = make_set(["ordering"] * 5)
    attempt = services.attempt_start(user=student, question_set=qs)
    for index, qid in enumerate(attempt.question_ids):
        snapshot = snapshot_at(attempt, index)
        right = [c["id"] for c in sorted(snapshot["choices"], key=lambda c: c["position"])]
        assert attempt.option_order[str(qid)]["order"] != right


def test_drafts_and_unversioned_questions_are_not_drawn(student, make_set):
    qs = make_set(["single_choice", "single_choice"])
    draft = make_question("single_choice")
    draft.status = draft.Status.DRAFT
    draft.save()
    qs.items.create(question=draft, position=9)
    attempt = services.attempt_start(user=student, question_set=qs)
    assert draft.pk not in attempt.question_ids
    assert len(attempt.question_ids) == 2


def test_empty_set_is_refused(student, make_set):
    with pytest.raises(services.AttemptRefused, match="no published questions"):
        services.attempt_start(user=student, question_set=make_set([]))


def test_attempts_allowed_is_enforced(student, make_set):
    qs = make_set(attempts_allowed=1)
    attempt = services.attempt_start(user=student, question_set=qs)
    services.attempt_submit(attempt=attempt, user=student)
    with pytest.raises(services.AttemptRefused, match="the one attempt allowed"):
        services.attempt_start(user=student, question_set=qs)


def test_time_limit_sets_a_deadline(student, make_set):
    qs = make_set(time_limit_minutes=10)
    now = timezone.now()
    attempt = services.attempt_start(user=student, question_set=qs, now=now)
    assert attempt.deadline == now + timedelta(minutes=10)


class TestAssignment:
    def assignment(self, student, qs, **fields):
        assignment = AssignmentFactory(question_set=qs, classroom__owner=qs.owner, **fields)
        MembershipFactory(classroom=assignment.classroom, student=student)
        return assignment

    def test_refused_before_it_opens(self, student, make_set):
        qs = make_set()
        a = self.assignment(student, qs, opens_at=timezone.now() + timedelta(hours=1))
        with pytest.raises(services.AttemptRefused, match="opens on"):
            student_attempt_start(user=student, question_set=qs, assignment=a)

    def test_refused_after_due_unless_late_accepted(self, student, make_set):
        qs = make_set()
        past = timezone.now() - timedelta(hours=1)
        a = self.assignment(student, qs, due_at=past)
        with pytest.raises(services.AttemptRefused, match="late attempts are not accepted"):
            student_attempt_start(user=student, question_set=qs, assignment=a)
        a.accept_late = True
        a.save()
        attempt = student_attempt_start(user=student, question_set=qs, assignment=a)
        assert attempt.late is True
        assert attempt.assignment == a

    def test_refused_for_a_student_outside_the_class(self, other_student, student, make_set):
        qs = make_set()
        a = self.assignment(student, qs)
        with pytest.raises(services.AttemptRefused, match="class you are not in"):
            student_attempt_start(user=other_student, question_set=qs, assignment=a)

    def test_refused_for_another_set(self, student, make_set):
        a = self.assignment(student, make_set())
        with pytest.raises(services.AttemptRefused, match="another question set"):
            student_attempt_start(user=student, question_set=make_set(), assignment=a)

    def test_its_limit_overrides_the_set_and_counts_per_assignment(self, student, make_set):
        qs = make_set(attempts_allowed=1)
        # An attempt outside the assignment does not use up the assignment's attempts.
        services.attempt_submit(
            attempt=services.attempt_start(user=student, question_set=qs), user=student
        )
        a = self.assignment(student, qs, attempts_allowed=2)
        for _ in range(2):
            attempt = student_attempt_start(user=student, question_set=qs, assignment=a)
            services.attempt_submit(attempt=attempt, user=student)
        with pytest.raises(services.AttemptRefused, match="all 2 attempts"):
            student_attempt_start(user=student, question_set=qs, assignment=a)
        assert Attempt.objects.filter(user=student).count() == 3


def test_answer_is_graded_and_stored_with_its_version(student, practice_set):
    attempt = services.attempt_start(user=student, question_set=practice_set)
    for index in range(len(attempt.question_ids)):
        response = services.attempt_answer(
            attempt=attempt, user=student, position=index, answer=answer_json(attempt, index)
        )
        assert response.score == 1.0 and response.is_correct
        assert response.question_version_id == attempt.versions[str(response.question_id)]
    services.attempt_submit(attempt=attempt, user=student)
    attempt.refresh_from_db()
    assert attempt.score == 8 and attempt.max_score == 8 and attempt.percent == 100
    assert attempt.passed is True


def test_wrong_answers_score_zero_and_fail(student, practice_set):
    attempt = services.attempt_start(user=student, question_set=practice_set)
    for index in range(len(attempt.question_ids)):
        services.attempt_answer(
            attempt=attempt,
            user=student,
            position=index,
            answer=answer_json(attempt, index, correct=False),
        )
    services.attempt_submit(attempt=attempt, user=student)
    assert attempt.score == 0 and attempt.percent == 0 and attempt.passed is False


def test_practice_first_answer_stands_and_repeat_is_idempotent(student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set())
    right, wrong = answer_json(attempt, 0), answer_json(attempt, 0, correct=False)
    first = services.attempt_answer(attempt=attempt, user=student, position=0, answer=right)
    again = services.attempt_answer(attempt=attempt, user=student, position=0, answer=right)
    assert again.pk == first.pk
    with pytest.raises(services.AnswerLocked):
        services.attempt_answer(attempt=attempt, user=student, position=0, answer=wrong)
    assert Response.objects.get().score == 1.0


def test_exam_answer_can_change_until_submitted(student, make_set):
    qs = make_set(mode=QuestionSet.Mode.EXAM)
    attempt = services.attempt_start(user=student, question_set=qs)
    wrong, right = answer_json(attempt, 0, correct=False), answer_json(attempt, 0)
    services.attempt_answer(attempt=attempt, user=student, position=0, answer=wrong)
    services.attempt_answer(attempt=attempt, user=student, position=0, answer=right)
    assert Response.objects.get().score == 1.0
    services.attempt_submit(attempt=attempt, user=student)
    with pytest.raises(services.AttemptClosed, match="submitted"):
        services.attempt_answer(attempt=attempt, user=student, position=0, answer=wrong)
    assert Response.objects.get().score == 1.0


def test_answer_after_the_deadline_submits_and_is_refused(student, make_set):
    qs = make_set(["single_choice", "single_choice"], time_limit_minutes=5)
    start = timezone.now() - timedelta(minutes=10)
    attempt = services.attempt_start(user=student, question_set=qs, now=start)
    services.attempt_answer(
        attempt=attempt,
        user=student,
        position=0,
        answer=answer_json(attempt, 0),
        now=start + timedelta(minutes=1),
    )
    with pytest.raises(services.AttemptClosed, match="Time is up"):
        services.attempt_answer(
            attempt=attempt, user=student, position=1, answer=answer_json(attempt, 1)
        )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.score == 1 and attempt.max_score == 2
    assert attempt.submitted_at == attempt.deadline
    assert Response.objects.count() == 1


def test_expire_if_due(student, make_set):
    qs = make_set(time_limit_minutes=1)
    attempt = services.attempt_start(user=student, question_set=qs)
    assert services.attempt_expire_if_due(attempt=attempt) is False
    later = timezone.now() + timedelta(minutes=2)
    assert services.attempt_expire_if_due(attempt=attempt, now=later) is True
    assert attempt.status == Attempt.Status.SUBMITTED
    assert services.attempt_expire_if_due(attempt=attempt, now=later) is False


def test_submit_twice_changes_nothing(student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set())
    services.attempt_submit(attempt=attempt, user=student)
    submitted_at = attempt.submitted_at
    services.attempt_submit(attempt=attempt, user=student)
    attempt.refresh_from_db()
    assert attempt.submitted_at == submitted_at


def test_service_refuses_foreign_attempts_and_malformed_answers(student, other_student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set())
    with pytest.raises(services.AttemptClosed, match="not yours"):
        services.attempt_answer(
            attempt=attempt, user=other_student, position=0, answer=answer_json(attempt, 0)
        )
    from quizzes.attempts.answers import AnswerInvalid

    with pytest.raises(AnswerInvalid):
        services.attempt_answer(attempt=attempt, user=student, position=0, answer={"choice": "x"})
    with pytest.raises(services.AttemptClosed):
        services.attempt_answer(attempt=attempt, user=student, position=5, answer={})
    assert not Response.objects.exists()


def test_validate_answer_rejects_foreign_ids(student, practice_set):
    attempt = services.attempt_start(user=student, question_set=practice_set)
    from quizzes.attempts.answers import AnswerInvalid

    for index in range(len(attempt.question_ids)):
        snapshot = snapshot_at(attempt, index)
        assert validate_answer(snapshot, answer_json(attempt, index))
        with pytest.raises(AnswerInvalid):
            validate_answer(snapshot, {"choice": "nope", "order": ["nope"], "pairs": {}})
