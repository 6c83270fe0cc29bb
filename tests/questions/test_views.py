import pytest
from django.test import Client
from django.urls import reverse

from quizzes.questions.models import QuestionSet
from tests.factories import (
    AttemptFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
)

ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "staff"]


@pytest.fixture
def sets(db, teacher, student):
    """A public set, a draft, a private set and a class-only set of `teacher`."""
    classroom = ClassroomFactory(owner=teacher)
    MembershipFactory(classroom=classroom, student=student)
    return {
        "public": QuestionSetFactory(owner=teacher, title="Public set"),
        "draft": QuestionSetFactory(
            owner=teacher, title="Draft set", status=QuestionSet.Status.DRAFT
        ),
        "private": QuestionSetFactory(
            owner=teacher, title="Private set", visibility=QuestionSet.Visibility.PRIVATE
        ),
        "classes": QuestionSetFactory(
            owner=teacher, title="Class set", visibility=QuestionSet.Visibility.CLASSES
        ),
    }


VISIBLE = {
    "anonymous": {"public"},
    "student": {"public", "classes"},
    "other_student": {"public"},
    "teacher": {"public", "draft", "private", "classes"},
    "other_teacher": {"public"},
    "staff": {"public", "draft", "private", "classes"},
}


# Staff open every set, but their home page lists what any teacher's would: a list of
# every student's weak-spot set and every teacher's draft would help nobody.
LISTED = VISIBLE | {"staff": {"public"}}


@pytest.mark.parametrize("role", ROLES)
def test_home_and_set_pages_show_each_role_only_what_it_may_see(role, request, as_user, sets):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = as_user(user)
    home = client.get(reverse("home")).text
    for name, question_set in sets.items():
        assert (question_set.title in home) == (name in LISTED[role]), name
        status = client.get(question_set.get_absolute_url()).status_code
        assert status == (200 if name in VISIBLE[role] else 404), name


def test_home_query_budget_does_not_grow_with_sets(client, student, django_assert_max_num_queries):
    client.force_login(student)
    QuestionSetFactory.create_batch(3)
    client.get(reverse("home"))  # the dashboard's mastery sums are cached from here on
    # the user, the sets with their question counts, the unfinished attempts, and the
    # student's dashboard (reports/dashboard.py: six, seven with no card due)
    with django_assert_max_num_queries(10):
        client.get(reverse("home"))
    for question_set in QuestionSetFactory.create_batch(60):
        AttemptFactory(user=student, question_set=question_set)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("home"))
    assert page.status_code == 200 and page.text.count(">Continue ") == 10
    with django_assert_max_num_queries(1):  # anonymous: the sets
        assert Client().get(reverse("home")).status_code == 200


def test_home_offers_to_continue_an_attempt_at_a_set_no_longer_listed(as_user, student):
    """An attempt started through a class the student has left, or at a set since
    archived, can still be finished: the home page links to it."""
    from quizzes.attempts.services import attempt_start

    question_set = QuestionSetFactory(title="Archived quiz", questions=[QuestionFactory()])
    attempt = attempt_start(user=student, question_set=question_set)
    QuestionSet.objects.filter(pk=question_set.pk).update(status=QuestionSet.Status.ARCHIVED)
    client = as_user(student)
    home = client.get(reverse("home")).text
    play = reverse("attempt_play", args=[attempt.pk])
    assert f'<a href="{play}">Continue Archived quiz</a>' in home
    assert client.get(play).status_code == 200


def test_post_to_home_is_refused(client, db):
    assert client.post(reverse("home")).status_code == 405


@pytest.mark.parametrize(("draw", "shown"), [(None, "3 questions"), (2, "2 questions")])
def test_sets_show_how_many_questions_an_attempt_has(client, teacher, draw, shown):
    published = [QuestionFactory(author=teacher) for _ in range(3)]
    draft = QuestionFactory(author=teacher, status="draft")
    question_set = QuestionSetFactory(
        owner=teacher, title="Founding", questions=[*published, draft], draw_count=draw
    )
    assert f"{shown} · " in client.get(reverse("home")).text
    page = client.get(question_set.get_absolute_url()).text
    assert f"<dt>Questions</dt><dd>{shown.split()[0]}</dd>" in page
