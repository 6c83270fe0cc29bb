"""The home page: a visitor's welcome, a student's dashboard, a teacher's set list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.attempts.services import attempt_start
from quizzes.flashcards.services import deck_add
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    TopicFactory,
    make_question,
)
from tests.reports.test_progress import answer, attempt_at

pytestmark = pytest.mark.django_db


def world(student, *, sets: int = 1):
    classroom = ClassroomFactory()
    MembershipFactory(classroom=classroom, student=student)
    made = []
    for i in range(sets):
        question_set = QuestionSetFactory(
            title=f"Set {i}", questions=[make_question("true_false") for _ in range(2)]
        )
        AssignmentFactory(classroom=classroom, question_set=question_set)
        deck_add(user=student, question_set=question_set)
        made.append(question_set)
    far = AssignmentFactory(classroom=classroom, due_at=timezone.now() + timedelta(days=60))
    attempt_start(user=student, question_set=made[0])
    return made, far


def test_a_visitor_sees_what_the_app_is_and_the_ways_in(client):
    QuestionSetFactory(title="Founding of NATO")
    page = client.get("/").text
    assert "cite their sources" in page
    for href in ['href="/accounts/signup/"', 'href="/join/"', 'href="#sets"']:
        assert href in page
    assert "Founding of NATO" in page and "Due soon" not in page


def test_a_student_sees_their_dashboard(as_user, student, other_student):
    made, far = world(student)
    page = as_user(student).get("/").text
    assert "Pick up where you left off" in page and f"Continue {made[0].title}" in page
    assert "Due soon" in page and made[0].title in page
    assert far.question_set.title not in page.split("Question sets")[0]  # due in 60 days
    assert "2</span> cards to study" in page
    assert "1</span> day in a row" in page
    # Another student sees none of it.
    page = as_user(other_student).get("/").text
    assert "Pick up where you left off" not in page and "Nothing due" in page


def test_a_teacher_gets_the_set_list_without_a_student_dashboard(as_user, teacher):
    QuestionSetFactory(title="Visible set", owner=teacher)
    page = as_user(teacher).get("/").text
    assert "Visible set" in page and "Due soon" not in page and "Flashcards today" not in page


def test_staff_with_the_student_role_get_the_dashboard(as_user, staff):
    assert "Flashcards today" in as_user(staff).get("/").text


def test_a_teacher_sees_study_tools_only_when_they_study(as_user, teacher):
    client = as_user(teacher)
    assert 'href="/study/">Flashcards' not in client.get("/").text
    deck_add(user=teacher, question_set=QuestionSetFactory(owner=teacher))
    assert 'href="/study/">Flashcards' in client.get("/").text


@pytest.mark.parametrize("size", [1, 12])
def test_dashboard_query_budget_holds_at_any_size(
    as_user, student, size, django_assert_max_num_queries
):
    world(student, sets=size)
    client = as_user(student)
    client.get("/")  # the mastery sums are cached from the first visit on
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


def test_home_refuses_other_methods(as_user, student):
    assert as_user(student).post("/").status_code == 405


def test_my_assignments_tells_a_class_member_from_a_student_in_no_class(as_user, student):
    client = as_user(student)
    assert "Join a class</a> with the code" in client.get("/assignments/").text
    MembershipFactory(classroom=ClassroomFactory(), student=student)
    page = client.get("/assignments/").text
    assert "has not set any work yet" in page and "with the code" not in page


def test_the_weakest_topic_is_practised_in_one_click(as_user, student):
    weak, strong = TopicFactory(name="Libya"), TopicFactory(name="Founding")
    now = timezone.now()
    attempt = attempt_at(student, now, 50)
    libya = []
    for topic, score in [(weak, 0), (strong, 1)]:
        for _ in range(3):
            question = QuestionFactory()
            question.topics.add(topic)
            answer(attempt, question, score=score, when=now)
            if topic == weak:
                libya.append(question.pk)
    client = as_user(student)
    page = client.get("/").text
    assert "<strong>Libya</strong>" in page and "Practise Libya" in page
    response = client.post("/progress/weak-spots/", {"topic": weak.slug})
    started = Attempt.objects.get(user=student, status=Attempt.Status.IN_PROGRESS)
    assert response["Location"] == started.get_absolute_url()
    assert sorted(started.question_ids) == sorted(libya)
    # A topic that does not exist is refused with a message, and starts nothing more.
    response = client.post("/progress/weak-spots/", {"topic": "no-such-topic"})
    assert response.status_code == 400 and "no such topic" in response.text
    assert Attempt.objects.filter(user=student).count() == 2
