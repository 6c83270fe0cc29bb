"""Concurrent starts and answers, with real threads and connections (PostgreSQL only)."""

import contextlib
import threading

import pytest
from django.db import connection, connections

from quizzes.attempts import services
from quizzes.attempts.models import Attempt, Response
from quizzes.questions.models import QuestionSet
from tests.attempts.test_services import answer_json

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 4


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent transactions are tested on PostgreSQL.")


def run_together(work):
    """Run `work()` in several threads released at the same moment; return errors."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def target():
        try:
            barrier.wait()
            work()
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.parametrize("allowed", [1, None])
def test_concurrent_starts_create_one_attempt(student, make_set, allowed):
    qs = make_set(attempts_allowed=allowed)
    errors = run_together(lambda: services.attempt_start(user=student, question_set=qs))
    assert errors == []
    assert Attempt.objects.filter(user=student).count() == 1


def test_concurrent_answers_store_one_response(student, make_set):
    qs = make_set(["single_choice"], mode=QuestionSet.Mode.EXAM)
    attempt = services.attempt_start(user=student, question_set=qs)
    answer = answer_json(attempt, 0)

    def work():
        mine = Attempt.objects.get(pk=attempt.pk)
        services.attempt_answer(attempt=mine, user=student, position=0, answer=answer)

    assert run_together(work) == []
    assert Response.objects.count() == 1


def test_concurrent_practice_answers_keep_the_first(student, make_set):
    qs = make_set(["single_choice"])
    attempt = services.attempt_start(user=student, question_set=qs)
    answers = iter([answer_json(attempt, 0), answer_json(attempt, 0, correct=False)] * THREADS)
    lock = threading.Lock()

    def work():
        with lock:
            answer = next(answers)
        mine = Attempt.objects.get(pk=attempt.pk)
        with contextlib.suppress(services.AnswerLocked):
            services.attempt_answer(attempt=mine, user=student, position=0, answer=answer)

    assert run_together(work) == []
    assert Response.objects.count() == 1


def test_answers_racing_a_submit_are_either_scored_or_refused(student, make_set):
    """An answer saved after the submit summed the responses would be lost from the score."""
    qs = make_set(["single_choice"] * (THREADS - 1))
    attempt = services.attempt_start(user=student, question_set=qs)
    work_items = iter([("submit", None), *(("answer", i) for i in range(THREADS - 1))])
    lock = threading.Lock()

    def work():
        with lock:
            kind, position = next(work_items)
        mine = Attempt.objects.get(pk=attempt.pk)
        if kind == "submit":
            services.attempt_submit(attempt=mine, user=student)
            return
        answer = answer_json(mine, position)
        with contextlib.suppress(services.AttemptClosed):
            services.attempt_answer(attempt=mine, user=student, position=position, answer=answer)

    assert run_together(work) == []
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.score == sum(r.score for r in Response.objects.filter(attempt=attempt))
