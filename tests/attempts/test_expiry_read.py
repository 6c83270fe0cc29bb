"""An attempt whose time is up is read as handed in (a GET writes nothing) exactly as the
hand-in writes it: on the next POST that touches it, or by `manage.py expire_attempts`."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from quizzes.attempts import selectors, services
from quizzes.attempts.models import Attempt
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db

READ = ["read_status", "read_percent", "read_late", "read_submitted_at"]


def overdue_attempt(*, scores, questions=3, due_before_deadline=False, late=False):
    """An open attempt whose deadline passed an hour ago, with responses scoring `scores`."""
    items = [QuestionFactory() for _ in range(questions)]
    question_set = QuestionSetFactory(questions=items, pass_mark=50)
    deadline = timezone.now() - timedelta(hours=1)
    assignment = AssignmentFactory(question_set=question_set)
    attempt = AttemptFactory(
        question_set=question_set,
        assignment=assignment,
        deadline=deadline,
        due_at=deadline - timedelta(minutes=10) if due_before_deadline else None,
        late=late,
    )
    for position, score in enumerate(scores):
        ResponseFactory(attempt=attempt, question=items[position], position=position, score=score)
    return attempt


def read_in_sql(attempt: Attempt) -> dict:
    row = Attempt.objects.as_read().filter(pk=attempt.pk).values(**{f"{n}_": F(n) for n in READ})
    return {name.removesuffix("_"): value for name, value in row.get().items()}


def written(attempt: Attempt) -> dict:
    attempt.refresh_from_db()
    return {
        "read_status": attempt.status,
        "read_percent": attempt.percent,
        "read_late": attempt.late,
        "read_submitted_at": attempt.submitted_at,
    }


@pytest.mark.parametrize(
    "scores, due_before_deadline, late",
    [
        ([], False, False),
        ([1.0], False, False),
        ([1.0, 0.5], True, False),
        ([1.0, 1.0, 1.0], False, True),
        ([0.25, 0.0, 1.0], True, True),
    ],
)
def test_read_in_sql_and_in_python_is_what_the_hand_in_writes(scores, due_before_deadline, late):
    attempt = overdue_attempt(scores=scores, due_before_deadline=due_before_deadline, late=late)
    in_sql = read_in_sql(attempt)
    in_python = selectors.attempt_as_read(Attempt.objects.get(pk=attempt.pk))
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS  # read only
    assert services.attempt_expire_if_due(attempt=Attempt.objects.get(pk=attempt.pk))
    after = written(attempt)
    assert in_sql == after
    assert after == {
        "read_status": in_python.status,
        "read_percent": in_python.percent,
        "read_late": in_python.late,
        "read_submitted_at": in_python.submitted_at,
    }
    attempt.refresh_from_db()
    assert (in_python.score, in_python.max_score, in_python.passed) == (
        attempt.score,
        attempt.max_score,
        attempt.passed,
    )
    assert read_in_sql(attempt) == after  # and once written, read as it is


def test_attempts_within_their_time_or_without_one_read_as_they_are():
    running = AttemptFactory(deadline=timezone.now() + timedelta(minutes=5))
    untimed = AttemptFactory()
    in_grace = AttemptFactory(deadline=timezone.now() - timedelta(seconds=2))
    for attempt in (running, untimed, in_grace):
        assert read_in_sql(attempt)["read_status"] == Attempt.Status.IN_PROGRESS
        assert selectors.attempt_as_read(attempt).is_open
    assert list(Attempt.objects.handed_in()) == []


def test_expire_attempts_hands_in_the_overdue_ones_once():
    overdue = overdue_attempt(scores=[1.0])
    running = AttemptFactory(deadline=timezone.now() + timedelta(minutes=5))
    out = io.StringIO()
    call_command("expire_attempts", stdout=out)
    assert out.getvalue().strip() == "Handed in 1 attempt."
    overdue.refresh_from_db()
    assert (overdue.status, overdue.percent, overdue.submitted_at) == (
        Attempt.Status.SUBMITTED,
        33.3,
        overdue.deadline,
    )
    first = Attempt.objects.values().get(pk=overdue.pk)
    out = io.StringIO()
    call_command("expire_attempts", stdout=out)  # idempotent: nothing left to do
    assert out.getvalue().strip() == "Handed in 0 attempts."
    assert Attempt.objects.values().get(pk=overdue.pk) == first
    running.refresh_from_db()
    assert running.is_open


def test_an_answer_after_the_deadline_hands_in_and_is_refused():
    attempt = overdue_attempt(scores=[1.0])
    with pytest.raises(services.AttemptClosed, match="Time is up"):
        services.attempt_refuse_if_closed(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    with pytest.raises(services.AttemptClosed, match="can no longer change"):
        services.attempt_refuse_if_closed(attempt=attempt)
