"""Item analysis over 50,000 responses (2,500 attempts × 20 questions): target < 1 s."""

import random

import _setup  # configures Django first
from _setup import timed, without_report_cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt, Response
from quizzes.questions.models import Choice, Question, QuestionSet, SetItem
from quizzes.questions.services import question_version_publish
from quizzes.reports.selectors import item_analysis_for_set

QUESTIONS, STUDENTS, ATTEMPTS_EACH = 20, 500, 5


def build() -> QuestionSet:
    rng = random.Random(7)
    teacher = User.objects.create(username="bench-teacher", role=User.Role.TEACHER)
    questions = []
    for i in range(QUESTIONS):
        kind = "multiple_answer" if i % 4 == 0 else "single_choice"
        question = Question.objects.create(
            key=f"bench-q{i}",
            type=kind,
            prompt=f"Question {i}",
            author=teacher,
            status="published",
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=p,
                text=f"Option {p}",
                is_correct=p in (0, 1) if kind == "multiple_answer" else p == 0,
            )
            for p in range(4)
        )
        question_version_publish(question=question)
        questions.append(question)
    question_set = QuestionSet.objects.create(
        slug="bench-set", title="Bench set", owner=teacher, status="published"
    )
    SetItem.objects.bulk_create(
        SetItem(question_set=question_set, question=q, position=i) for i, q in enumerate(questions)
    )
    students = User.objects.bulk_create(
        User(username=f"bench-student-{i}") for i in range(STUDENTS)
    )
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        (
            Attempt(
                user=s,
                question_set=question_set,
                number=n,
                mode="exam",
                status="submitted",
                submitted_at=now,
                question_ids=[q.pk for q in questions],
            )
            for s in students
            for n in range(1, ATTEMPTS_EACH + 1)
        ),
        batch_size=2000,
    )
    options = {q.pk: [c["id"] for c in q.current_version.snapshot["choices"]] for q in questions}
    responses = []
    for attempt in attempts:
        ability = rng.random()
        for position, question in enumerate(questions):
            ids = options[question.pk]
            correct = rng.random() < ability * (0.5 + position / QUESTIONS)
            if question.type == "multiple_answer":
                answer = {"choices": ids[:2] if correct else rng.sample(ids, 2)}
            else:
                answer = {"choice": ids[0] if correct else rng.choice(ids[1:])}
            responses.append(
                Response(
                    attempt=attempt,
                    question=question,
                    question_version_id=question.current_version_id,
                    position=position,
                    answer=answer,
                    score=1.0 if correct else 0.0,
                    is_correct=correct,
                )
            )
    Response.objects.bulk_create(responses, batch_size=5000)
    print(f"Built {len(attempts)} attempts, {len(responses)} responses, {QUESTIONS} questions.")
    return question_set


def main() -> None:
    question_set = build()
    client = Client()
    client.force_login(question_set.owner)
    url = reverse("item_analysis", args=[question_set.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    print(f"Item analysis page: {len(queries)} queries")
    # Computed: the first visit after a submission. Cached: a repeated visit (the report
    # cache keyed on the set's submitted attempts, reports.caching).
    with without_report_cache():
        timed(
            "item_analysis_for_set (selector, computed)",
            lambda: item_analysis_for_set(question_set=question_set),
            runs=5,
        )
        page_ms = timed("GET item analysis page (computed)", lambda: client.get(url), runs=5)
    timed("GET item analysis page (cached)", lambda: client.get(url), runs=5)
    print("PASS" if page_ms < 1000 else "SLOW", "(target: under 1 s, computed)")


if __name__ == "__main__":
    try:
        main()
    finally:
        _setup.cleanup()
