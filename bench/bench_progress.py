"""Progress pages: "My progress" for a student with 2,000 attempts and 50,000 responses
(target < 300 ms, at most 10 queries) and a class of 300 students (target < 500 ms)."""

import random
from datetime import timedelta

import _setup  # configures Django first
from _setup import timed, without_report_cache
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.flashcards.models import Card, ReviewLog
from quizzes.questions.models import Choice, Question, QuestionSet, SetItem, Topic
from quizzes.questions.services import question_version_publish

QUESTIONS, TOPICS, SETS, PER_SET = 100, 10, 4, 25
STUDENT_ATTEMPTS = 2000  # × 25 questions = 50,000 responses
CLASS_STUDENTS, ASSIGNMENTS, CLASS_QUESTIONS = 300, 10, 10


def build_bank(teacher: User) -> tuple[list[Question], list[QuestionSet]]:
    topics = Topic.objects.bulk_create(
        Topic(slug=f"bench-topic-{i}", name=f"Topic {i}") for i in range(TOPICS)
    )
    questions = []
    for i in range(QUESTIONS):
        question = Question.objects.create(
            key=f"bench-q{i}", prompt=f"Question {i}", author=teacher, status="published"
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=p, text=f"Option {p}", is_correct=p == 0)
            for p in range(3)
        )
        question.topics.add(topics[i % TOPICS])
        question_version_publish(question=question)
        questions.append(question)
    sets = QuestionSet.objects.bulk_create(
        QuestionSet(slug=f"bench-{i}", title=f"Bench set {i}", owner=teacher, status="published")
        for i in range(SETS)
    )
    SetItem.objects.bulk_create(
        SetItem(question_set=s, question=questions[(si * PER_SET + p) % QUESTIONS], position=p)
        for si, s in enumerate(sets)
        for p in range(PER_SET)
    )
    return questions, sets


def add_responses(attempts: list[Attempt], questions_for, rng: random.Random) -> int:
    responses = [
        Response(
            attempt=a,
            question=q,
            question_version_id=q.current_version_id,
            position=p,
            answer={},
            score=1.0 if (ok := rng.random() < 0.7) else 0.0,
            is_correct=ok,
        )
        for a in attempts
        for p, q in enumerate(questions_for(a))
    ]
    Response.objects.bulk_create(responses, batch_size=5000)
    return len(responses)


def spread_answer_times() -> None:
    """bulk_create stamps answered_at with now; give each response its attempt's time."""
    Response.objects.update(
        answered_at=Subquery(
            Attempt.objects.filter(pk=OuterRef("attempt_id")).values("submitted_at")[:1]
        )
    )


def build_student(questions, sets, rng) -> User:
    student = User.objects.create(username="bench-student", time_zone="Europe/Brussels")
    now = timezone.now()
    by_set = {
        s.pk: [questions[(i * PER_SET + p) % QUESTIONS] for p in range(PER_SET)]
        for i, s in enumerate(sets)
    }
    attempts = Attempt.objects.bulk_create(
        (
            Attempt(
                user=student,
                question_set=sets[n % SETS],
                number=n // SETS + 1,
                mode="practice",
                status="submitted",
                started_at=now - timedelta(hours=4 * n + 1),
                submitted_at=now - timedelta(hours=4 * n),
                percent=float(rng.randint(20, 100)),
            )
            for n in range(STUDENT_ATTEMPTS)
        ),
        batch_size=2000,
    )
    count = add_responses(attempts, lambda a: by_set[a.question_set_id], rng)
    cards = Card.objects.bulk_create(Card(user=student, question=q, due=now) for q in questions)
    ReviewLog.objects.bulk_create(
        ReviewLog(
            card=cards[i % len(cards)],
            user=student,
            rating=3,
            kind=2,
            reviewed_at=now - timedelta(hours=7 * i),
            state_before={},
            state_after={},
        )
        for i in range(3000)
    )
    print(f"Student: {len(attempts)} attempts, {count} responses, 3000 flashcard reviews.")
    return student


def build_class(teacher, questions, sets, rng) -> Classroom:
    students = User.objects.bulk_create(
        User(username=f"bench-pupil-{i}", last_name=f"{i:03}") for i in range(CLASS_STUDENTS)
    )
    classroom = Classroom.objects.create(owner=teacher, name="Bench class")
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(
            classroom=classroom,
            question_set=sets[i % SETS],
            opens_at=now - timedelta(days=90),
            due_at=now - timedelta(days=80 - 9 * i),
            grading=["best", "last", "average"][i % 3],
        )
        for i in range(ASSIGNMENTS)
    )
    numbers: dict[tuple[int, int], int] = {}
    attempts = []
    for si, student in enumerate(students):
        for ai, assignment in enumerate(assignments):
            if (si + ai) % 9 == 0:
                continue  # some missed
            for k in range(2):
                key = (student.pk, assignment.question_set_id)
                numbers[key] = numbers.get(key, 0) + 1
                attempts.append(
                    Attempt(
                        user=student,
                        question_set_id=assignment.question_set_id,
                        assignment=assignment,
                        number=numbers[key],
                        mode="exam",
                        status="submitted",
                        started_at=assignment.due_at - timedelta(days=2 + k, hours=1),
                        submitted_at=assignment.due_at - timedelta(days=2 + k),
                        percent=float(rng.randint(20, 100)),
                    )
                )
    attempts = Attempt.objects.bulk_create(attempts, batch_size=2000)
    count = add_responses(attempts, lambda a: questions[:CLASS_QUESTIONS], rng)
    print(f"Class: {CLASS_STUDENTS} students, {len(attempts)} attempts, {count} responses.")
    return classroom


def main() -> None:
    rng = random.Random(6)
    teacher = User.objects.create(username="bench-teacher", role=User.Role.TEACHER)
    questions, sets = build_bank(teacher)
    student = build_student(questions, sets, rng)
    classroom = build_class(teacher, questions, sets, rng)
    spread_answer_times()
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum (PostgreSQL) or `ANALYZE` would leave them.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    client = Client()
    client.force_login(student)
    url = reverse("my_progress")
    results = []
    for query in ({"period": "all"}, {"period": "90"}, {"period": "all", "set": "bench-1"}):
        client.get(url, query)  # session and user cached like any later request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert response.status_code == 200, response.status_code
        label = "&".join(f"{k}={v}" for k, v in query.items())
        print(f"My progress ?{label}: {len(queries)} queries (the logged-in user lookup included)")
        # Computed: the first visit after a submission (or on a new day); cached: a repeated
        # visit, mastery's sums from the report cache (reports.caching).
        with without_report_cache():
            results.append(
                timed(f"GET My progress ?{label} (computed)", lambda q=query: client.get(url, q))
            )
        timed(f"GET My progress ?{label} (cached)", lambda q=query: client.get(url, q))
    student_ms = max(results)

    client.force_login(teacher)
    class_url = reverse("class_progress", args=[classroom.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(class_url)
    assert response.status_code == 200
    print(f"Class progress page: {len(queries)} queries, {len(response.content) // 1024} KiB")
    class_ms = timed("GET class progress (300 students)", lambda: client.get(class_url))
    timed(
        "GET class attempts CSV",
        lambda: client.get(reverse("class_attempts_csv", args=[classroom.pk])),
        runs=3,
    )
    print("PASS" if student_ms < 300 else "SLOW", "(target: My progress under 300 ms, computed)")
    print("PASS" if class_ms < 500 else "SLOW", "(target: class page under 500 ms)")


if __name__ == "__main__":
    try:
        main()
    finally:
        _setup.cleanup()
