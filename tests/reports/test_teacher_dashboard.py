"""The teacher's home page: classes, the work open now, what came in, who needs attention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.reports.teacher_dashboard import teacher_dashboard
from tests.conftest import HTMX
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionSetFactory,
    StudentFactory,
    make_question,
)

pytestmark = pytest.mark.django_db


def handed_in(student, assignment, *, percent: float, days_ago: float = 0.1) -> Attempt:
    at = timezone.now() - timedelta(days=days_ago)
    return AttemptFactory(
        user=student,
        question_set=assignment.question_set,
        assignment=assignment,
        number=Attempt.objects.filter(user=student, question_set=assignment.question_set).count()
        + 1,
        status=Attempt.Status.SUBMITTED,
        started_at=at - timedelta(minutes=10),
        submitted_at=at,
        percent=percent,
        score=percent / 100,
        max_score=1,
    )


def teaching(teacher, *, classes: int = 1, students: int = 3):
    """Classes with students; per class an assignment open now, one due in three days that
    opens tomorrow, one due two days ago, one due a month ago, one due in a month."""
    now = timezone.now()
    made = []
    for c in range(classes):
        room = ClassroomFactory(owner=teacher, name=f"Class {c:02}")
        people = [
            StudentFactory(first_name="Pupil", last_name=f"{c:02}-{s}") for s in range(students)
        ]
        for person in people:
            MembershipFactory(classroom=room, student=person)
        question_set = QuestionSetFactory(owner=teacher, title=f"Set {c:02}")
        question_set.items.create(question=make_question("true_false"), position=0)
        open_now = AssignmentFactory(classroom=room, question_set=question_set)
        soon = AssignmentFactory(
            classroom=room,
            question_set=question_set,
            opens_at=now + timedelta(days=1),
            due_at=now + timedelta(days=3),
        )
        past = AssignmentFactory(
            classroom=room,
            question_set=QuestionSetFactory(owner=teacher, title=f"Past set {c:02}", pass_mark=60),
            opens_at=now - timedelta(days=9),
            due_at=now - timedelta(days=2),
        )
        old = AssignmentFactory(
            classroom=room,
            question_set=QuestionSetFactory(owner=teacher, title=f"Old set {c:02}"),
            opens_at=now - timedelta(days=40),
            due_at=now - timedelta(days=30),
        )
        later = AssignmentFactory(
            classroom=room,
            question_set=QuestionSetFactory(owner=teacher, title=f"Later set {c:02}"),
            opens_at=now + timedelta(days=20),
            due_at=now + timedelta(days=30),
        )
        made.append((room, people, open_now, soon, past, old, later))
    return made


def test_the_dashboard_shows_classes_open_work_submissions_and_attention(as_user, teacher):
    [(room, people, open_now, soon, past, old, later)] = teaching(teacher)
    first, second, third = people
    handed_in(first, open_now, percent=90)
    handed_in(first, open_now, percent=40, days_ago=0.05)  # a second attempt: one student
    handed_in(first, past, percent=80, days_ago=3)
    handed_in(second, past, percent=30, days_ago=3)
    handed_in(second, past, percent=50, days_ago=2.5)  # best still under the pass mark
    # third handed nothing in for the past assignment: missed. The old one flags nobody.
    board = teacher_dashboard(user=teacher)
    assert [(c.classroom, c.students) for c in board.classes] == [(room, 3)]
    rows = {row.assignment: (row.submitted, row.total) for row in board.open_assignments}
    assert rows == {open_now: (1, 3), soon: (0, 3)}  # not the past, old or later ones
    assert [a.pk for a in board.recent][:2] == [
        Attempt.objects.filter(user=first, assignment=open_now).order_by("-submitted_at")[0].pk,
        Attempt.objects.filter(user=first, assignment=open_now).order_by("submitted_at")[0].pk,
    ]
    flags = {f.student: f.reasons for f in board.attention}
    assert flags == {
        second: ["50% on Past set 00 (pass mark 60%)"],
        third: ["missed Past set 00"],
    }

    page = as_user(teacher).get("/").text
    assert "Hello," in page and "Class 00" in page and "3 students" in page
    assert "<strong>1/3</strong>" in page and "<strong>0/3</strong>" in page
    assert "Pupil 00-1" in page and "missed Past set 00" in page
    assert "Pupil 00-0</a> · Set 00" in page and "40%" in page
    for href in (
        "/workspace/questions/new/",
        "/workspace/sets/new/",
        "/interop/import/",
        "/classes/",
    ):
        assert f'href="{href}"' in page
    assert "Old set 00" not in page.split('id="sets"')[0]


def test_a_student_who_left_counts_neither_as_submitted_nor_in_the_total(teacher):
    [(room, people, open_now, *_)] = teaching(teacher)
    handed_in(people[0], open_now, percent=90)
    room.memberships.filter(student=people[0]).delete()
    row = next(
        r for r in teacher_dashboard(user=teacher).open_assignments if r.assignment == open_now
    )
    assert (row.submitted, row.total) == (0, 2)


def test_a_new_teacher_sees_how_to_start(as_user, teacher):
    page = as_user(teacher).get("/").text
    assert "Create a class, share its code" in page and "No classes yet" in page
    assert "No submissions in the last 30 days" in page


def test_one_teacher_sees_nothing_of_anothers(as_user, teacher, other_teacher):
    [(room, people, open_now, *_)] = teaching(teacher)
    handed_in(people[0], open_now, percent=90)
    page = as_user(other_teacher).get("/").text
    assert "Class 00" not in page and "Pupil 00-0" not in page and "missed Past" not in page


@pytest.mark.parametrize("who", [None, "student", "other_student", "staff"])
def test_others_get_no_teacher_dashboard(request, as_user, who, teacher):
    teaching(teacher)
    user = request.getfixturevalue(who) if who else None
    response = as_user(user).get("/")
    assert response.status_code == 200
    assert "Open now or due this week" not in response.text and "Class 00" not in response.text


def test_a_teacher_who_studies_still_reaches_their_student_tools(as_user, teacher):
    from quizzes.flashcards.services import deck_add

    library = QuestionSetFactory(title="Library set")
    deck_add(user=teacher, question_set=library)
    page = as_user(teacher).get("/").text
    assert 'id="sets"' in page and "Library set" in page
    assert 'href="/progress/">My progress' in page and 'href="/study/">Flashcards' in page


def test_the_dashboard_answers_get_only(as_user, teacher):
    client = as_user(teacher)
    assert client.post("/").status_code == 405
    assert client.get("/", {"page": "x" * 5000, "class": "'; drop"}).status_code == 200
    assert client.get("/", **HTMX).status_code == 200


@pytest.mark.parametrize("classes", [2, 40])
def test_dashboard_query_budget_is_the_same_at_2_and_40_classes(
    as_user, teacher, classes, django_assert_max_num_queries
):
    for _room, people, open_now, _soon, past, *_ in teaching(teacher, classes=classes, students=3):
        handed_in(people[0], open_now, percent=90)
        handed_in(people[1], past, percent=20, days_ago=3)
    client = as_user(teacher)
    with django_assert_max_num_queries(9):  # the same at 2 and at 40
        page = client.get("/").text
    assert f"Class {classes - 1:02}" in page
