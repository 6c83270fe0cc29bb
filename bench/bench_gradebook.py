"""Gradebook with 300 students and 40 assignments (two attempts each): target < 500 ms."""

import _setup  # configures Django first
from _setup import timed
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.questions.models import QuestionSet
from quizzes.reports.selectors import gradebook_for_class

STUDENTS, ASSIGNMENTS, ATTEMPTS = 300, 40, 2


def build() -> Classroom:
    teacher = User.objects.create(username="bench-teacher", role=User.Role.TEACHER)
    students = User.objects.bulk_create(
        User(username=f"bench-student-{i}", first_name="Student", last_name=f"{i:03}")
        for i in range(STUDENTS)
    )
    classroom = Classroom.objects.create(owner=teacher, name="Bench class")
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    sets = QuestionSet.objects.bulk_create(
        QuestionSet(slug=f"bench-{i}", title=f"Bench set {i}", owner=teacher, status="published")
        for i in range(ASSIGNMENTS)
    )
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(
            classroom=classroom,
            question_set=s,
            opens_at=now - timezone.timedelta(days=30),
            due_at=now + timezone.timedelta(days=i - 20),
            grading=["best", "last", "average"][i % 3],
            accept_late=i % 2 == 0,
        )
        for i, s in enumerate(sets)
    )
    attempts = []
    for si, student in enumerate(students):
        for ai, assignment in enumerate(assignments):
            if (si + ai) % 7 == 0:
                continue  # some not started
            for number in range(1, ATTEMPTS + 1):
                attempts.append(
                    Attempt(
                        user=student,
                        question_set_id=assignment.question_set_id,
                        assignment=assignment,
                        number=number,
                        mode="exam",
                        status="submitted",
                        submitted_at=now - timezone.timedelta(hours=number),
                        percent=float((si * 7 + ai * 13 + number * 17) % 101),
                        late=(si + ai) % 11 == 0,
                    )
                )
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    print(f"Built {STUDENTS} students × {ASSIGNMENTS} assignments, {len(attempts)} attempts.")
    return classroom


def main() -> None:
    classroom = build()
    client = Client()
    client.force_login(classroom.owner)
    url = reverse("gradebook", args=[classroom.pk])
    csv_url = reverse("gradebook_csv", args=[classroom.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    print(f"Gradebook page: {len(queries)} queries, {len(response.content) // 1024} KiB")
    timed("gradebook_for_class (selector)", lambda: gradebook_for_class(classroom=classroom))
    page_ms = timed("GET gradebook page (selector + template)", lambda: client.get(url))
    timed("GET gradebook CSV", lambda: client.get(csv_url))
    print("PASS" if page_ms < 500 else "SLOW", "(target: page under 500 ms)")


if __name__ == "__main__":
    try:
        main()
    finally:
        _setup.cleanup()
