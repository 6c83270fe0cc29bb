"""The result page's next steps: "Try again", "Practise my mistakes" (the service
attempt_practise_mistakes and its POST) and the score by topic."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import selectors, services
from quizzes.attempts.models import Attempt
from quizzes.classes.services import student_attempt_start
from quizzes.questions.models import QuestionSet
from quizzes.questions.services import unique_set_slug
from tests.attempts.helpers import snapshot_at
from tests.conftest import HTMX
from tests.factories import AssignmentFactory, MembershipFactory, TopicFactory

pytestmark = pytest.mark.django_db


def choice(attempt, index, *, correct):
    return next(c["id"] for c in snapshot_at(attempt, index)["choices"] if c["correct"] is correct)


def finished(student, question_set, *, right=(), wrong=(), submit=True):
    """An attempt at `question_set` with the positions in `right` and `wrong` answered so
    (the rest left blank), handed in."""
    attempt = services.attempt_start(user=student, question_set=question_set)
    for index in [*right, *wrong]:
        answer = {"choice": choice(attempt, index, correct=index in right)}
        services.attempt_answer(attempt=attempt, user=student, position=index, answer=answer)
    if submit:
        services.attempt_submit(attempt=attempt, user=student)
    return attempt


def result_url(attempt):
    return reverse("attempt_result", args=[attempt.pk])


def mistakes_url(attempt):
    return reverse("attempt_practise_mistakes", args=[attempt.pk])


@pytest.fixture
def exam(make_set):
    return make_set(
        ["single_choice"] * 4,
        mode=QuestionSet.Mode.EXAM,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
    )


# --- The service ---------------------------------------------------------------------------


def test_mistakes_attempt_holds_exactly_the_questions_not_fully_right(student, exam):
    attempt = finished(student, exam, right=(0, 3), wrong=(1,))  # question 3 left blank
    practice = services.attempt_practise_mistakes(user=student, attempt=attempt)
    assert sorted(practice.question_ids) == sorted(attempt.question_ids[1:3])
    assert practice.mode == QuestionSet.Mode.PRACTICE and practice.is_open
    own = practice.question_set
    assert own.owner == student and own.visibility == QuestionSet.Visibility.PRIVATE
    assert (
        own.reveal == QuestionSet.Reveal.IMMEDIATELY and own.title == f"My mistakes: {exam.title}"
    )
    # The original set's attempts are not used up by it.
    assert Attempt.objects.filter(user=student, question_set=exam).count() == 1


def test_partly_right_counts_as_a_mistake(student, make_set):
    question_set = make_set(["multiple_answer", "single_choice"])
    attempt = services.attempt_start(user=student, question_set=question_set)
    belgium = next(c["id"] for c in snapshot_at(attempt, 0)["choices"] if c["text"] == "Belgium")
    services.attempt_answer(
        attempt=attempt, user=student, position=0, answer={"choices": [belgium]}
    )
    services.attempt_answer(
        attempt=attempt,
        user=student,
        position=1,
        answer={"choice": choice(attempt, 1, correct=True)},
    )
    services.attempt_submit(attempt=attempt, user=student)
    practice = services.attempt_practise_mistakes(user=student, attempt=attempt)
    assert practice.question_ids == [attempt.question_ids[0]]


def test_repeated_request_resumes_and_another_result_replaces(student, exam, make_set):
    first = finished(student, exam, wrong=(0,), right=(1, 2, 3))
    practice = services.attempt_practise_mistakes(user=student, attempt=first)
    assert services.attempt_practise_mistakes(user=student, attempt=first).pk == practice.pk
    other = finished(student, make_set(["single_choice"] * 2), wrong=(1,), right=(0,))
    replaced = services.attempt_practise_mistakes(user=student, attempt=other)
    assert replaced.pk != practice.pk and replaced.question_ids == [other.question_ids[1]]
    practice.refresh_from_db()
    assert not practice.is_open  # handed in with its saved answers
    assert Attempt.objects.filter(user=student, status="in_progress").count() == 1


def test_no_mistakes_is_refused_and_not_offered(as_user, student, exam):
    attempt = finished(student, exam, right=(0, 1, 2, 3))
    with pytest.raises(
        services.AttemptRefused, match="every answer in this attempt was fully right"
    ):
        services.attempt_practise_mistakes(user=student, attempt=attempt)
    page = as_user(student).get(result_url(attempt)).text
    assert "Practise my mistakes" not in page and "Try again" in page


def test_refused_while_in_progress_or_kept_back(student, exam, make_set):
    running = finished(student, exam, wrong=(0,), submit=False)
    with pytest.raises(services.AttemptRefused, match="still in progress"):
        services.attempt_practise_mistakes(user=student, attempt=running)
    services.attempt_submit(attempt=running, user=student)
    never = make_set(["single_choice"], reveal=QuestionSet.Reveal.NEVER)
    hidden = finished(student, never, wrong=(0,))
    with pytest.raises(services.AttemptRefused, match="once the answers are shown"):
        services.attempt_practise_mistakes(user=student, attempt=hidden)
    assert not Attempt.objects.filter(question_set__slug=f"mistakes-{student.pk}").exists()


# --- The POST ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("student", 302),
        ("other_student", 404),
        ("teacher", 404),
        ("other_teacher", 404),
        ("staff", 404),
    ],
)
def test_mistakes_post_permissions(request, as_user, role, expected, student, exam):
    attempt = finished(student, exam, wrong=(0,))
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).post(mistakes_url(attempt))
    assert response.status_code == expected
    made = Attempt.objects.filter(question_set__slug=f"mistakes-{student.pk}")
    if role == "student":
        assert response.url == reverse("attempt_play", args=[made.get().pk])
    else:
        assert not made.exists()
        if role == "anonymous":
            assert reverse("login") in response.url


def test_mistakes_post_with_htmx_goes_to_the_player(as_user, student, exam):
    attempt = finished(student, exam, wrong=(0, 1))
    response = as_user(student).post(mistakes_url(attempt), **HTMX)
    practice = Attempt.objects.get(question_set__slug=f"mistakes-{student.pk}")
    assert response["HX-Redirect"] == reverse("attempt_play", args=[practice.pk])


def test_mistakes_post_refusals_are_clear_and_change_nothing(as_user, student, exam):
    client = as_user(student)
    running = finished(student, exam, wrong=(0,), submit=False)
    response = client.post(mistakes_url(running))
    assert response.status_code == 409 and "still in progress" in response.text
    fragment = client.post(mistakes_url(running), **HTMX)
    assert fragment.status_code == 409 and "<html" not in fragment.text
    assert client.get(mistakes_url(running)).status_code == 405
    assert client.post("/attempts/99999999/mistakes/").status_code == 404
    assert Attempt.objects.filter(user=student).count() == 1


@pytest.mark.parametrize("size", [5, 60])
def test_mistakes_post_query_budget(
    as_user, student, make_set, size, django_assert_max_num_queries
):
    question_set = make_set(["single_choice"] * size, reveal=QuestionSet.Reveal.AFTER_SUBMISSION)
    attempt = finished(student, question_set, wrong=range(size))
    client = as_user(student)
    # session user, attempt, responses (as read: none overdue), mistakes, questions; then
    # the transaction: user lock, running, set saved (squatter, get, save, items cleared
    # and inserted), the start (lock, open, limit, draw, versions, number, insert) and
    # the savepoints: a fixed number whatever the size.
    with django_assert_max_num_queries(30):
        assert client.post(mistakes_url(attempt)).status_code == 302
    practice = Attempt.objects.get(question_set__slug=f"mistakes-{student.pk}")
    assert len(practice.question_ids) == size


# --- The result page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected, offered",
    [
        ("anonymous", 302, False),
        ("student", 200, True),
        ("other_student", 404, False),
        ("teacher", 200, False),  # the set's owner reads the result, has nothing to retry
        ("other_teacher", 404, False),
        ("staff", 200, False),
    ],
)
def test_result_page_permissions(request, as_user, role, expected, offered, student, exam):
    attempt = finished(student, exam, wrong=(0,))
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).get(result_url(attempt))
    assert response.status_code == expected
    if expected == 200:
        assert ("Practise my mistakes" in response.text) is offered
        assert ("Try again" in response.text) is offered


def test_result_of_an_attempt_in_progress_goes_back_to_it(as_user, student, teacher, exam):
    attempt = finished(student, exam, wrong=(0,), submit=False)
    response = as_user(student).get(result_url(attempt))
    assert response.status_code == 302 and response.url == reverse(
        "attempt_play", args=[attempt.pk]
    )
    page = as_user(teacher).get(result_url(attempt)).text
    assert "still in progress" in page and "Try again" not in page


def test_try_again_posts_a_new_start_while_attempts_remain(as_user, student, make_set):
    question_set = make_set(["single_choice"], attempts_allowed=2)
    client = as_user(student)
    first = finished(student, question_set, wrong=(0,))
    page = client.get(result_url(first)).text
    start = reverse("attempt_start", args=[question_set.slug])
    assert re.search(
        rf'<form method="post" action="{start}">\s*<input type="hidden" name="csrfmiddlewaretoken"',
        page,
    )
    response = client.post(start)
    second = Attempt.objects.get(user=student, number=2)
    assert response.url == reverse("attempt_play", args=[second.pk])
    services.attempt_submit(attempt=second, user=student)
    assert "Try again" not in client.get(result_url(second)).text  # 2 of 2 used


def test_try_again_for_an_assignment_counts_for_it(as_user, student, teacher, make_set):
    question_set = make_set(["single_choice"])
    assignment = AssignmentFactory(
        classroom__owner=teacher, question_set=question_set, attempts_allowed=2
    )
    MembershipFactory(classroom=assignment.classroom, student=student)
    attempt = student_attempt_start(user=student, question_set=question_set, assignment=assignment)
    services.attempt_submit(attempt=attempt, user=student)
    page = as_user(student).get(result_url(attempt)).text
    assert f'<input type="hidden" name="assignment" value="{assignment.pk}">' in page
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.opens_at = timezone.now() - timedelta(days=2)
    assignment.save()
    assert "Try again" not in as_user(student).get(result_url(attempt)).text  # late refused


def test_kept_back_answers_offer_no_mistakes_nor_topics(as_user, student, make_set):
    question_set = make_set(["single_choice"], reveal=QuestionSet.Reveal.NEVER)
    question_set.items.get().question.topics.add(TopicFactory(name="Enlargement"))
    attempt = finished(student, question_set, wrong=(0,))
    page = as_user(student).get(result_url(attempt)).text
    assert "Try again" in page
    assert (
        "Practise my mistakes" not in page and "By topic" not in page and "Enlargement" not in page
    )


def test_topic_breakdown_counts_right_of_total_with_partial_credit(as_user, student, make_set):
    question_set = make_set(["single_choice", "single_choice", "multiple_answer", "single_choice"])
    questions = [item.question for item in question_set.items.order_by("position")]
    history, missions = TopicFactory(name="History"), TopicFactory(name="Missions")
    for question in questions[:3]:
        question.topics.add(history)
    questions[3].topics.add(missions)
    questions[0].topics.add(missions)
    attempt = services.attempt_start(user=student, question_set=question_set)
    services.attempt_answer(
        attempt=attempt,
        user=student,
        position=0,
        answer={"choice": choice(attempt, 0, correct=True)},
    )
    services.attempt_answer(
        attempt=attempt,
        user=student,
        position=1,
        answer={"choice": choice(attempt, 1, correct=False)},
    )
    belgium = next(c["id"] for c in snapshot_at(attempt, 2)["choices"] if c["text"] == "Belgium")
    services.attempt_answer(
        attempt=attempt, user=student, position=2, answer={"choices": [belgium]}
    )
    services.attempt_submit(attempt=attempt, user=student)  # question 4 unanswered
    assert selectors.topic_breakdown(attempt=attempt) == [
        {"name": "History", "right": 1, "total": 3, "percent": 50},  # (1 + 0 + 0.5) / 3
        {"name": "Missions", "right": 1, "total": 2, "percent": 50},  # (1 + 0) / 2
    ]
    page = as_user(student).get(result_url(attempt)).text
    table = page.split('<table class="topic-breakdown">', 1)[1].split("</table>", 1)[0]
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)
    ]
    assert cells[3:] == ["History", "1 of 3", "50%", "Missions", "1 of 2", "50%"]


@pytest.mark.parametrize("size", [5, 100])
def test_result_page_query_budget(as_user, student, make_set, size, django_assert_max_num_queries):
    question_set = make_set(["single_choice"] * size, reveal=QuestionSet.Reveal.AFTER_SUBMISSION)
    topic = TopicFactory()
    for item in question_set.items.all():
        item.question.topics.add(topic)
    attempt = finished(student, question_set, wrong=range(0, size, 2), right=range(1, size, 2))
    client = as_user(student)
    client.get(result_url(attempt))  # warm the process's version cache, as a server has it
    # session user, attempt, responses, "Try again" (set open, attempts used), topics
    with django_assert_max_num_queries(5):
        page = client.get(result_url(attempt)).text
    assert "Practise my mistakes" in page and f"{size // 2} of {size}" in page


def test_no_title_takes_a_students_mistakes_slug(student, exam):
    assert unique_set_slug(f"Mistakes {student.pk}") != f"mistakes-{student.pk}"
    attempt = finished(student, exam, wrong=(0,))
    practice = services.attempt_practise_mistakes(user=student, attempt=attempt)
    assert practice.question_set.slug == f"mistakes-{student.pk}"
