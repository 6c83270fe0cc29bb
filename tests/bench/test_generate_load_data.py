"""The load-data generator at a tiny size: counts, consistency, and the pages still render."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.urls import reverse

from bench.load_data import (
    PROGRESS_STUDENT,
    Command,
    add_progress_student,
    sample_answer,
)
from quizzes.accounts.models import User
from quizzes.attempts.answers import validate_answer
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.flashcards.models import Card, Deck, ReviewLog
from quizzes.questions.grading import grade
from quizzes.questions.models import QuestionType
from tests.factories import QuestionSetFactory, make_question

pytestmark = pytest.mark.django_db

KINDS = [kind for kind, _ in QuestionType.choices]


@pytest.fixture
def bank():
    questions = [make_question(kind) for kind in KINDS]
    return [
        QuestionSetFactory(questions=questions[:4]),
        QuestionSetFactory(questions=questions[4:]),
        QuestionSetFactory(questions=questions, shuffle_questions=True),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_sample_answers_grade_as_intended(kind):
    snapshot = make_question(kind).current_version.snapshot
    right = grade(snapshot, validate_answer(snapshot, sample_answer(snapshot, correct=True)))
    wrong = grade(snapshot, validate_answer(snapshot, sample_answer(snapshot, correct=False)))
    assert right.correct and right.score == 1
    assert not wrong.correct


def test_generates_the_requested_sizes_consistently(bank, client):
    call_command(Command(), students=50, responses=2000, reviews=300, seed=3)

    students = User.objects.filter(username__startswith="load-student-")
    assert students.count() == 50
    assert Classroom.objects.count() == 2  # classes of ~30
    assert Membership.objects.count() == 50
    assert Assignment.objects.count() > 0
    assert Response.objects.count() == 2000
    assert ReviewLog.objects.count() >= 300
    assert Card.objects.filter(user__in=students).count() > 0
    assert Deck.objects.count() > 0

    for attempt in Attempt.objects.annotate(n=Count("responses"), total=Sum("responses__score")):
        assert attempt.status == Attempt.Status.SUBMITTED
        assert set(attempt.versions) == {str(q) for q in attempt.question_ids}
        assert set(attempt.option_order) == {str(q) for q in attempt.question_ids}
        assert 0 < attempt.n <= len(attempt.question_ids)
        assert attempt.score == pytest.approx(attempt.total)
    for response in Response.objects.select_related("attempt", "question_version")[:200]:
        assert response.question_version.question_id == response.question_id
        assert response.attempt.question_ids[response.position] == response.question_id
        assert response.attempt.versions[str(response.question_id)] == response.question_version_id

    student = students.first()
    client.force_login(student)
    attempt = Attempt.objects.filter(user=student).first()
    assert client.get(reverse("attempt_result", args=[attempt.pk])).status_code == 200
    assert client.get(reverse("flashcards_study")).status_code == 200
    assert client.get(reverse("my_assignments")).status_code == 200
    classroom = Classroom.objects.first()
    client.force_login(classroom.owner)
    assert client.get(reverse("gradebook", args=[classroom.pk])).status_code == 200
    slug = bank[2].slug
    bank[2].owner = classroom.owner
    bank[2].save()
    assert client.get(reverse("item_analysis", args=[slug])).status_code == 200

    with pytest.raises(CommandError, match="already exists"):
        call_command(Command(), students=5, responses=10)


def test_refuses_without_published_sets(db):
    with pytest.raises(CommandError, match="No published question sets"):
        call_command(Command(), students=5, responses=10)


def test_progress_student_has_the_responses_asked_for_once(bank, client):
    student = add_progress_student(responses=300)
    assert student.username == PROGRESS_STUDENT
    responses = Response.objects.filter(attempt__user=student)
    assert responses.count() == 300
    attempts = Attempt.objects.filter(user=student)
    assert attempts.filter(status=Attempt.Status.SUBMITTED).count() == attempts.count() > 1
    assert len({a.started_at.date() for a in attempts}) > 1  # spread over the year
    for attempt in attempts.annotate(n=Count("responses"), total=Sum("responses__score")):
        assert attempt.assignment_id is None and attempt.mode == "practice"
        assert 0 < attempt.n <= len(attempt.question_ids)
        assert attempt.score == pytest.approx(attempt.total)
    assert ReviewLog.objects.filter(user=student).exists()
    assert add_progress_student(responses=300) == student  # found again, nothing added
    assert responses.count() == 300
    client.force_login(student)
    assert client.get(reverse("my_progress")).status_code == 200


def test_the_script_runs_under_the_benchmark_settings():
    """run_load.py runs it as a script, with DJANGO_SETTINGS_MODULE=bench.bench_settings."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.bench_settings", DEBUG="1")
    done = subprocess.run(
        [sys.executable, "bench/load_data.py", "--help"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "--students" in done.stdout
