"""Query budgets of the teaching pages do not grow with the data (small and large)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts.models import Attempt
from tests.conftest import HTMX
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[1, 12], ids=["small", "large"])
def world(request, teacher):
    size = request.param
    topics = [TopicFactory() for _ in range(size)]
    questions = [QuestionFactory(author=teacher) for _ in range(size)]
    for question in questions:
        question.topics.set(topics)
    question_set = QuestionSetFactory(owner=teacher, questions=questions)
    classroom = ClassroomFactory(owner=teacher)
    students = [MembershipFactory(classroom=classroom).student for _ in range(size)]
    assignments = [
        AssignmentFactory(classroom=classroom, question_set=question_set) for _ in range(size)
    ]
    attempt = None
    for number, assignment in enumerate(assignments, start=1):
        attempt = AttemptFactory(
            user=students[0],
            question_set=question_set,
            assignment=assignment,
            number=number,
            status=Attempt.Status.SUBMITTED,
            submitted_at=timezone.now(),
            percent=50,
        )
    for position, question in enumerate(questions):
        ResponseFactory(attempt=attempt, question=question, position=position)
    return {
        "question": questions[0],
        "set": question_set,
        "classroom": classroom,
        "student": students[0],
        "membership": classroom.memberships.get(student=students[0]),
        "attempt": attempt,
        "assignment": assignments[-1],
    }


@pytest.mark.parametrize(
    ("name", "args", "budget"),
    [
        ("question_edit", lambda w: [w["question"].pk], 10),
        ("set_edit", lambda w: [w["set"].slug], 10),
        ("question_delete", lambda w: [w["question"].pk], 8),
        ("set_delete", lambda w: [w["set"].slug], 6),
        ("class_remove_student", lambda w: [w["classroom"].pk, w["membership"].pk], 5),
        ("assignment_remove", lambda w: [w["classroom"].pk, w["assignment"].pk], 5),
        ("class_list", lambda w: [], 6),
        ("class_delete", lambda w: [w["classroom"].pk], 5),
        ("class_rename", lambda w: [w["classroom"].pk], 4),
        ("class_detail", lambda w: [w["classroom"].pk], 7),
        ("class_join_card", lambda w: [w["classroom"].pk], 4),
        ("assignment_create", lambda w: [w["classroom"].pk], 6),
        ("student_results", lambda w: [w["classroom"].pk, w["student"].pk], 7),
        ("attempt_review_teacher", lambda w: [w["attempt"].pk], 6),
        ("invite_list", lambda w: [], 5),
    ],
)
def test_page_query_budget(
    as_user, teacher, world, name, args, budget, django_assert_max_num_queries
):
    client = as_user(teacher)
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name, args=args(world))).status_code == 200


def test_editor_htmx_op_budget(as_user, teacher, world, django_assert_max_num_queries):
    client = as_user(teacher)
    url = reverse("question_edit", args=[world["question"].pk])
    data = {"type": "single_choice", "prompt": "P", "difficulty": "2", "op": "add"}
    data |= {"choices-TOTAL_FORMS": "1", "choices-INITIAL_FORMS": "0", "choices-0-text": "a"}
    with django_assert_max_num_queries(8):
        assert client.post(url, data, **HTMX).status_code == 200
