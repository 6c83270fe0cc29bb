"""An exam's start screen, drafts saved as typed (graded when the time runs out) and the
confirm step before handing in: services, views for every role, bad input and budgets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import services
from quizzes.attempts.models import Attempt, Response
from quizzes.questions.models import QuestionSet
from tests.attempts.helpers import answer_post
from tests.conftest import HTMX
from tests.factories import AssignmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

EXAM, PRACTICE = QuestionSet.Mode.EXAM, QuestionSet.Mode.PRACTICE
ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "staff"]


@pytest.fixture
def exam(make_set):
    """A timed exam of short-answer questions (typed answers are what drafts are for)."""

    def build(size: int = 3, **fields):
        defaults = {"mode": EXAM, "time_limit_minutes": 10, "attempts_allowed": 2}
        return make_set(["short_answer"] * size, **{**defaults, **fields})

    return build


def state(attempt: Attempt) -> tuple:
    responses = sorted(
        Response.objects.filter(attempt=attempt).values_list("position", "answer", "score")
    )
    row = Attempt.objects.filter(pk=attempt.pk).values("status", "current_index", "score").get()
    return responses, row


def draft_url(attempt: Attempt) -> str:
    return reverse("attempt_draft", args=[attempt.pk])


def confirm_url(attempt: Attempt) -> str:
    return reverse("attempt_confirm_submit", args=[attempt.pk])


# --- Drafts: services ------------------------------------------------------------------


def test_a_draft_is_saved_without_moving_the_student(student, exam):
    attempt = services.attempt_start(user=student, question_set=exam())
    services.attempt_move(attempt=attempt, index=2)
    text = answer_post(attempt, 0)["text"]
    services.attempt_answer(
        attempt=attempt, user=student, position=0, answer={"text": text}, keep_place=True
    )
    attempt.refresh_from_db()
    assert attempt.current_index == 2  # a late draft of question 1 does not pull them back
    assert Response.objects.get(attempt=attempt).answer == {"text": text}


def test_a_draft_is_graded_when_the_time_runs_out_and_counted_once(student, exam):
    began = timezone.now() - timedelta(minutes=9)
    attempt = services.attempt_start(user=student, question_set=exam(), now=began)
    text = answer_post(attempt, 0)["text"]
    for _ in range(3):  # typed, paused, typed the same again: one answer
        services.attempt_answer(
            attempt=attempt, user=student, position=0, answer={"text": text}, keep_place=True
        )
    assert Response.objects.filter(attempt=attempt).count() == 1
    later = attempt.deadline + timedelta(minutes=1)
    assert services.attempts_expire_overdue(attempts=Attempt.objects.all(), now=later) == 1
    assert services.attempts_expire_overdue(attempts=Attempt.objects.all(), now=later) == 0
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.submitted_at) == (
        Attempt.Status.SUBMITTED,
        1,
        attempt.deadline,
    )


# --- Drafts: the view ------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_student_saves_a_draft(request, as_user, student, exam, role, headers):
    attempt = services.attempt_start(user=student, question_set=exam())
    before = state(attempt)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).post(draft_url(attempt), answer_post(attempt, 0), **headers)
    if role == "anonymous":
        assert response.status_code == (200 if headers else 302)
        login = response["HX-Redirect"] if headers else response.url
        assert login.startswith(reverse("login"))
    elif role == "student":
        assert response.status_code == 200
        assert "Saved as typed" in response.text and "<html" not in response.text
        assert state(attempt) != before
        return
    else:
        assert response.status_code == 404
    assert state(attempt) == before


def test_a_draft_then_save_and_next_is_one_answer_worth_one_mark(as_user, student, exam):
    attempt = services.attempt_start(user=student, question_set=exam())
    client = as_user(student)
    data = answer_post(attempt, 0)
    assert client.post(draft_url(attempt), data, **HTMX).status_code == 200
    assert client.post(draft_url(attempt), data, **HTMX).status_code == 200
    assert client.post(reverse("attempt_answer", args=[attempt.pk]), data).status_code == 302
    client.post(reverse("attempt_submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert Response.objects.filter(attempt=attempt).count() == 1
    assert (attempt.score, attempt.current_index) == (1, 1)


def test_a_changed_draft_replaces_the_saved_answer(as_user, student, exam):
    attempt = services.attempt_start(user=student, question_set=exam())
    client = as_user(student)
    client.post(draft_url(attempt), answer_post(attempt, 0), **HTMX)
    client.post(draft_url(attempt), answer_post(attempt, 0, correct=False), **HTMX)
    response = Response.objects.get(attempt=attempt)
    assert (response.answer, response.score) == ({"text": "nothing like it"}, 0)


def test_an_emptied_screen_clears_the_answer(as_user, student, exam):
    attempt = services.attempt_start(user=student, question_set=exam())
    client = as_user(student)
    client.post(draft_url(attempt), answer_post(attempt, 0), **HTMX)
    response = client.post(draft_url(attempt), {"q": "1", "text": "  "}, **HTMX)
    assert response.status_code == 200 and "counts as not answered" in response.text
    assert not Response.objects.filter(attempt=attempt).exists()


def test_a_draft_after_the_time_is_up_hands_in_what_was_saved(as_user, student, exam):
    began = timezone.now() - timedelta(minutes=9)
    attempt = services.attempt_start(user=student, question_set=exam(), now=began)
    client = as_user(student)
    client.post(draft_url(attempt), answer_post(attempt, 0), **HTMX)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=30))
    response = client.post(draft_url(attempt), answer_post(attempt, 1), **HTMX)
    assert response.status_code == 409 and "Time is up" in response.text
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.score == 1


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({"q": "9", "text": "x"}, 400, "no such question"),
        ({"text": "x"}, 400, "no such question"),
        ({"q": "1", "text": "x" * 5000}, 422, "Not saved yet"),
    ],
    ids=["beyond", "missing", "oversized"],
)
def test_a_bad_draft_changes_nothing(as_user, student, exam, data, status, message):
    attempt = services.attempt_start(user=student, question_set=exam())
    before = state(attempt)
    response = as_user(student).post(draft_url(attempt), data, **HTMX)
    assert response.status_code == status and message in response.text
    assert state(attempt) == before


def test_a_half_typed_number_is_not_saved_and_says_why(as_user, student, make_set):
    qs = make_set(["numeric"], mode=EXAM, time_limit_minutes=5)
    attempt = services.attempt_start(user=student, question_set=qs)
    response = as_user(student).post(draft_url(attempt), {"q": "1", "value": "1,43"}, **HTMX)
    assert response.status_code == 422 and "Not saved yet" in response.text
    assert not Response.objects.exists()


def test_practice_has_no_drafts(as_user, student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set(["short_answer"]))
    response = as_user(student).post(draft_url(attempt), answer_post(attempt, 0), **HTMX)
    assert response.status_code == 400 and "practice" in response.text
    assert not Response.objects.exists()


def test_a_draft_refuses_a_get(as_user, student, exam):
    attempt = services.attempt_start(user=student, question_set=exam())
    assert as_user(student).get(draft_url(attempt)).status_code == 405


@pytest.mark.parametrize("size", [5, 100])
def test_query_budget_of_a_draft(as_user, student, exam, size, django_assert_max_num_queries):
    attempt = services.attempt_start(user=student, question_set=exam(size))
    client = as_user(student)
    right, wrong = answer_post(attempt, 0), answer_post(attempt, 0, correct=False)
    # user, attempt, version, then the write: one statement on PostgreSQL
    # (FIRST_ANSWER_SQL), lock + read + insert in a savepoint pair on SQLite.
    budget = 4 if connection.vendor == "postgresql" else 8
    with django_assert_max_num_queries(budget):
        first = client.post(draft_url(attempt), right, **HTMX)
    with django_assert_max_num_queries(8):  # a changed draft: the general path
        again = client.post(draft_url(attempt), wrong, **HTMX)
    assert first.status_code == again.status_code == 200


def test_the_exam_screen_asks_for_drafts_and_practice_does_not(as_user, student, exam, make_set):
    client = as_user(student)
    attempt = services.attempt_start(user=student, question_set=exam())
    page = client.get(reverse("attempt_play", args=[attempt.pk])).text
    assert f'hx-post="{draft_url(attempt)}"' in page and 'class="timer-bar"' in page
    practice = services.attempt_start(user=student, question_set=make_set(["short_answer"]))
    page = client.get(reverse("attempt_play", args=[practice.pk])).text
    assert "attempt_draft" not in page and draft_url(practice) not in page


# --- Confirm before handing in ---------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_student_sees_the_confirm_step(request, as_user, student, exam, role, headers):
    attempt = services.attempt_start(user=student, question_set=exam())
    services.attempt_answer(
        attempt=attempt, user=student, position=1, answer={"text": "x"}, move_to=1
    )
    before = state(attempt)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).get(confirm_url(attempt), **headers)
    if role == "anonymous":
        assert response.status_code == (200 if headers else 302)
    elif role == "student":
        assert response.status_code == 200
        text = " ".join(response.text.split())
        assert "Submit your exam?" in text
        assert "2 of 3 questions are not answered</strong> (1, 3)" in text
        assert f'action="{reverse("attempt_submit", args=[attempt.pk])}"' in text
        assert ("<html" in text) is not bool(headers)
    else:
        assert response.status_code == 404
    assert state(attempt) == before  # a GET writes nothing


def test_practice_end_now_asks_first(as_user, student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set(["short_answer"] * 2))
    client = as_user(student)
    page = client.get(reverse("attempt_play", args=[attempt.pk])).text
    assert f'href="{confirm_url(attempt)}"' in page and "End now and see my result" in page
    text = " ".join(client.get(confirm_url(attempt)).text.split())
    assert "End now?" in text and "2 of 2 questions are not answered" in text
    assert Attempt.objects.get(pk=attempt.pk).is_open


def test_the_review_screen_submits_through_the_confirm_step(as_user, student, exam):
    attempt = services.attempt_start(user=student, question_set=exam())
    page = as_user(student).get(reverse("attempt_play", args=[attempt.pk]) + "?q=finish").text
    assert f'href="{confirm_url(attempt)}"' in page


def test_confirm_after_the_time_is_up_shows_the_result(as_user, student, exam):
    began = timezone.now() - timedelta(minutes=30)
    attempt = services.attempt_start(user=student, question_set=exam(), now=began)
    response = as_user(student).get(confirm_url(attempt))
    assert response.status_code == 302
    assert response.url == reverse("attempt_result", args=[attempt.pk])


def test_confirm_of_a_submitted_attempt_goes_to_its_result(as_user, student, exam):
    attempt = services.attempt_start(user=student, question_set=exam())
    services.attempt_submit(attempt=attempt, user=student)
    response = as_user(student).get(confirm_url(attempt))
    assert response.url == reverse("attempt_result", args=[attempt.pk])


@pytest.mark.parametrize("size", [5, 100])
def test_query_budget_of_the_confirm_step(
    as_user, student, exam, size, django_assert_max_num_queries
):
    attempt = services.attempt_start(user=student, question_set=exam(size))
    client = as_user(student)
    with django_assert_max_num_queries(4):
        assert client.get(confirm_url(attempt), **HTMX).status_code == 200


# --- The start screen ------------------------------------------------------------------


def begin_url(question_set, assignment=None) -> str:
    url = reverse("attempt_begin", args=[question_set.slug])
    return f"{url}?assignment={assignment.pk}" if assignment else url


@pytest.mark.parametrize("role", ROLES)
def test_the_start_screen_for_each_role(request, as_user, exam, role):
    qs = exam(visibility=QuestionSet.Visibility.PRIVATE)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).get(begin_url(qs))
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif role in ("teacher", "staff"):  # the owner, and staff, may try their exam
        assert response.status_code == 200
    else:  # a private set is not theirs to see
        assert response.status_code == 404
    assert not Attempt.objects.exists()


def test_the_start_screen_says_what_is_to_come_and_starts_nothing(as_user, student, exam):
    qs = exam(size=4, pass_mark=70)
    response = as_user(student).get(begin_url(qs))
    text = " ".join(response.text.split())
    assert "<dt>Time limit</dt><dd>10 minutes</dd>" in text
    assert "<dt>Questions</dt><dd>4</dd>" in text
    assert "<dt>Attempts left</dt><dd>2</dd>" in text
    assert "<dt>Pass mark</dt><dd>70%</dd>" in text
    assert "The clock cannot be paused." in text
    assert 'name="ready"' in text
    assert not Attempt.objects.exists()  # the clock starts at the POST, not here


def test_start_goes_to_the_start_screen_first(as_user, student, exam):
    qs = exam()
    client = as_user(student)
    response = client.post(reverse("attempt_start", args=[qs.slug]))
    assert response.status_code == 302 and response.url == begin_url(qs)
    assert not Attempt.objects.exists()
    response = client.post(reverse("attempt_start", args=[qs.slug]), {"ready": "1"})
    attempt = Attempt.objects.get()
    assert response.url == reverse("attempt_play", args=[attempt.pk])
    # Once under way, Start (and the start screen) continue it: the clock is running.
    assert client.post(reverse("attempt_start", args=[qs.slug])).url == response.url
    assert client.get(begin_url(qs)).url == response.url


def test_start_from_htmx_goes_to_the_start_screen(as_user, student, exam):
    qs = exam()
    response = as_user(student).post(reverse("attempt_start", args=[qs.slug]), **HTMX)
    assert response["HX-Redirect"] == begin_url(qs)


def test_untimed_practice_starts_at_once_and_timed_practice_shows_the_screen(
    as_user, student, make_set
):
    client = as_user(student)
    untimed = make_set(["short_answer"])
    response = client.post(reverse("attempt_start", args=[untimed.slug]))
    assert response.url.startswith("/attempts/")
    timed = make_set(["short_answer"], time_limit_minutes=3)
    response = client.post(reverse("attempt_start", args=[timed.slug]))
    assert response.url == begin_url(timed)
    text = " ".join(client.get(begin_url(timed)).text.split())
    assert "Timed practice" in text and "The clock cannot be paused." in text


def test_the_start_screen_of_an_assignment(as_user, student, exam):
    qs = exam(attempts_allowed=None)
    membership = MembershipFactory(student=student)
    assignment = AssignmentFactory(
        classroom=membership.classroom, question_set=qs, attempts_allowed=3, accept_late=False
    )
    client = as_user(student)
    response = client.post(
        reverse("attempt_start", args=[qs.slug]), {"assignment": str(assignment.pk)}
    )
    assert response.url == begin_url(qs, assignment)
    text = " ".join(client.get(begin_url(qs, assignment)).text.split())
    assert "<dt>Attempts left</dt><dd>3</dd>" in text and "handed in automatically" in text
    assert f'name="assignment" value="{assignment.pk}"' in text


def test_the_start_screen_says_when_no_attempt_is_left(as_user, student, exam):
    qs = exam(attempts_allowed=1)
    attempt = services.attempt_start(user=student, question_set=qs)
    services.attempt_submit(attempt=attempt, user=student)
    text = as_user(student).get(begin_url(qs)).text
    assert "You have used all the attempts allowed" in text and 'name="ready"' not in text


@pytest.mark.parametrize(
    "raw, message",
    [("abc", "must be given by its number"), ("999999", "no such assignment")],
)
def test_a_bad_assignment_on_the_start_screen_is_a_400(as_user, student, exam, raw, message):
    qs = exam()
    response = as_user(student).get(reverse("attempt_begin", args=[qs.slug]), {"assignment": raw})
    assert response.status_code == 400 and message in response.text


def test_the_start_screen_refuses_a_post(as_user, student, exam):
    assert as_user(student).post(begin_url(exam())).status_code == 405


@pytest.mark.parametrize("size", [5, 100])
def test_query_budget_of_the_start_screen(
    as_user, student, exam, size, django_assert_max_num_queries
):
    qs = exam(size)
    client = as_user(student)
    with django_assert_max_num_queries(8):
        assert client.get(begin_url(qs)).status_code == 200
