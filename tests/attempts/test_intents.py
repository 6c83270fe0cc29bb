"""The player's five POSTs, one per intent (check, answer, go, clear, reorder): each as
every role, as a full page and with htmx, with bad input, and within its query budget."""

import pytest
from django.db import connection
from django.urls import reverse

from quizzes.attempts import services
from quizzes.attempts.models import Attempt, Response
from quizzes.questions.models import QuestionSet
from tests.attempts.helpers import answer_post
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db

EXAM, PRACTICE = QuestionSet.Mode.EXAM, QuestionSet.Mode.PRACTICE


def _ordering_items(attempt):
    return attempt.option_order[str(attempt.question_ids[0])]["order"]


# Per intent: the mode it serves, and a valid POST on question 1 of a fresh attempt.
INTENTS = {
    "attempt_check": (PRACTICE, lambda a: answer_post(a, 0)),
    "attempt_answer": (EXAM, lambda a: answer_post(a, 0)),
    "attempt_go": (EXAM, lambda a: answer_post(a, 0, to="2")),
    "attempt_clear": (EXAM, lambda a: {"q": "1"}),
    "attempt_reorder": (
        EXAM,
        lambda a: {"q": "1", "order": _ordering_items(a), "move": f"down:{_ordering_items(a)[0]}"},
    ),
}


@pytest.fixture
def attempt_for(student, make_set):
    """A fresh attempt of `student` at a set of the intent's mode (ordering questions for a
    reorder, single choice otherwise); an exam's clear finds an answer saved."""

    def build(intent: str, size: int = 3) -> Attempt:
        mode, _ = INTENTS[intent]
        kind = "ordering" if intent == "attempt_reorder" else "single_choice"
        attempt = services.attempt_start(
            user=student, question_set=make_set([kind] * size, mode=mode)
        )
        if intent == "attempt_clear":
            choice = answer_post(attempt, 0)["choice"]
            services.attempt_answer(
                attempt=attempt, user=student, position=0, answer={"choice": choice}
            )
        return attempt

    return build


def state(attempt: Attempt) -> tuple:
    """What a POST may change: the saved answers and the attempt's own row."""
    responses = sorted(Response.objects.filter(attempt=attempt).values_list("position", "answer"))
    row = Attempt.objects.filter(pk=attempt.pk).values("status", "current_index", "score").get()
    return responses, row


def url_of(intent: str, attempt: Attempt) -> str:
    return reverse(intent, args=[attempt.pk])


ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "staff"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("intent", INTENTS)
def test_only_the_student_posts_on_their_attempt(
    request, as_user, attempt_for, intent, role, headers
):
    attempt = attempt_for(intent)
    before = state(attempt)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).post(url_of(intent, attempt), INTENTS[intent][1](attempt), **headers)
    if role == "anonymous":  # signs in, then back to the page the form was on
        login = response["HX-Redirect"] if headers else response.url
        assert response.status_code == (200 if headers else 302)
        assert login.startswith(reverse("login"))
    elif role == "student":
        assert response.status_code == (200 if headers else 302)
        if headers:
            assert "<html" not in response.text and 'class="screen"' in response.text
        else:
            assert response.url.startswith(reverse("attempt_play", args=[attempt.pk]))
        changed = intent != "attempt_reorder"  # a move without JavaScript saves nothing
        assert (state(attempt) != before) is changed
        return
    else:
        assert response.status_code == 404
    assert state(attempt) == before


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_refuses_a_get(as_user, student, attempt_for, intent):
    attempt = attempt_for(intent)
    assert as_user(student).get(url_of(intent, attempt)).status_code == 405


BAD_QUESTIONS = {"missing": None, "beyond": "4", "text": "one"}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("question", BAD_QUESTIONS)
@pytest.mark.parametrize("intent", INTENTS)
def test_a_question_the_attempt_does_not_have_is_a_400(
    as_user, student, attempt_for, intent, question, headers
):
    attempt = attempt_for(intent)
    before = state(attempt)
    data = {**INTENTS[intent][1](attempt)}
    data.pop("q")
    if BAD_QUESTIONS[question] is not None:
        data["q"] = BAD_QUESTIONS[question]
    response = as_user(student).post(url_of(intent, attempt), data, **headers)
    assert response.status_code == 400
    assert ("no such question" in response.text) or ("too large" in response.text)
    assert ("<html" in response.text) is not bool(headers)
    assert state(attempt) == before


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize(
    "intent, message",
    [
        ("attempt_check", "This is an exam: its answers get no feedback"),
        ("attempt_answer", "This is a practice quiz"),
        ("attempt_go", "This is a practice quiz"),
    ],
)
def test_an_intent_of_the_other_mode_is_a_400(as_user, student, make_set, intent, message, headers):
    other = PRACTICE if INTENTS[intent][0] == EXAM else EXAM
    attempt = services.attempt_start(
        user=student, question_set=make_set(["single_choice"] * 2, mode=other)
    )
    before = state(attempt)
    response = as_user(student).post(
        url_of(intent, attempt), answer_post(attempt, 0, to="2"), **headers
    )
    assert response.status_code == 400 and message in response.text
    assert state(attempt) == before


def test_practice_answers_cannot_be_cleared(as_user, student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set(["single_choice"]))
    client = as_user(student)
    client.post(url_of("attempt_check", attempt), answer_post(attempt, 0))
    before = state(attempt)
    response = client.post(url_of("attempt_clear", attempt), {"q": "1"}, **HTMX)
    assert response.status_code == 409 and "your first answer stands" in response.text
    assert state(attempt) == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"move": "sideways:x"}, ""),
        ({"move": ""}, ""),
        ({"order": ["not-an-item", "x", "y"]}, ""),
    ],
)
def test_a_bad_move_is_a_400_and_saves_nothing(as_user, student, attempt_for, data, message):
    attempt = attempt_for("attempt_reorder")
    items = _ordering_items(attempt)
    post = {"q": "1", "order": items, "move": f"down:{items[0]}", **data}
    response = as_user(student).post(url_of("attempt_reorder", attempt), post, **HTMX)
    assert response.status_code == 400 and 'role="alert"' in response.text
    assert not Response.objects.exists()


def test_a_move_on_a_question_that_is_not_an_ordering_is_a_400(as_user, student, attempt_for):
    attempt = attempt_for("attempt_answer")
    post = {"q": "1", "order": ["a", "b"], "move": "down:a"}
    response = as_user(student).post(url_of("attempt_reorder", attempt), post)
    assert response.status_code == 400 and "Only the items of an ordering question" in response.text


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_on_a_submitted_attempt_is_a_409(as_user, student, attempt_for, intent):
    attempt = attempt_for(intent)
    services.attempt_submit(attempt=attempt, user=student)
    before = state(attempt)
    response = as_user(student).post(url_of(intent, attempt), INTENTS[intent][1](attempt), **HTMX)
    assert response.status_code == 409 and "answers can no longer change" in response.text
    assert state(attempt) == before


# --- Query budgets -----------------------------------------------------------------------
# The same at 5 and 100 questions: user, attempt, the versions (read once per process),
# the write under its lock (+ the test transaction's savepoint pair), the next screen.
# On PostgreSQL a first answer is one statement (services.FIRST_ANSWER_SQL).


def _first_answer(general: int) -> int:
    return general - 4 if connection.vendor == "postgresql" else general


BUDGETS = {
    # intent: (full page, htmx)
    "attempt_check": (_first_answer(8), _first_answer(8)),
    "attempt_answer": (_first_answer(9), _first_answer(10)),
    "attempt_go": (_first_answer(9), _first_answer(10)),
    "attempt_clear": (6, 7),
    "attempt_reorder": (3, 4),  # no write
}


@pytest.mark.parametrize("size", [5, 100])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("intent", INTENTS)
def test_query_budget_of_each_intent(
    as_user, attempt_for, student, intent, size, headers, django_assert_max_num_queries
):
    attempt = attempt_for(intent, size=size)
    client = as_user(student)
    data = INTENTS[intent][1](attempt)
    budget = BUDGETS[intent][1 if headers else 0]
    with django_assert_max_num_queries(budget):
        response = client.post(url_of(intent, attempt), data, **headers)
    assert response.status_code == (200 if headers else 302)
