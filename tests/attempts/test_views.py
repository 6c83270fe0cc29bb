"""The player's views: roles, htmx and plain flows, bad input, integrity, query budgets."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import services
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.services import student_attempt_start
from quizzes.questions.models import QuestionSet
from tests.attempts.helpers import (
    answer_post,
    answer_url,
    clear_url,
    go_url,
    reorder_url,
    snapshot_at,
)
from tests.conftest import HTMX
from tests.factories import AssignmentFactory, MembershipFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db


def play_url(attempt, q=None):
    url = reverse("attempt_play", args=[attempt.pk])
    return url if q is None else f"{url}?q={q}"


def start(user, question_set):
    return services.attempt_start(user=user, question_set=question_set)


# --- Permission matrix -------------------------------------------------------------------

ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "staff"]


def user_for(role, request):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("student", 200),
        ("other_student", 404),
        ("teacher", 404),
        ("other_teacher", 404),
        ("staff", 404),
    ],
)
def test_play_permissions(request, as_user, role, expected, student, make_set):
    attempt = start(student, make_set())
    response = as_user(user_for(role, request)).get(play_url(attempt))
    assert response.status_code == expected
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


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
def test_answer_permissions(request, as_user, role, expected, student, make_set):
    attempt = start(student, make_set())
    response = as_user(user_for(role, request)).post(answer_url(attempt), answer_post(attempt, 0))
    assert response.status_code == expected
    assert Response.objects.count() == (1 if role == "student" else 0)


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
def test_submit_permissions(request, as_user, role, expected, student, make_set):
    attempt = start(student, make_set())
    response = as_user(user_for(role, request)).post(reverse("attempt_submit", args=[attempt.pk]))
    assert response.status_code == expected
    attempt.refresh_from_db()
    assert attempt.is_open is (role != "student")


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("student", 200),
        ("other_student", 404),
        ("teacher", 200),  # owns the set
        ("other_teacher", 404),
        ("staff", 200),
    ],
)
def test_result_permissions(request, as_user, role, expected, student, make_set):
    attempt = start(student, make_set())
    services.attempt_submit(attempt=attempt, user=student)
    response = as_user(user_for(role, request)).get(reverse("attempt_result", args=[attempt.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert "Score" in response.text


def test_result_visible_to_the_teacher_of_the_assignment_class(as_user, student, make_set):
    qs = make_set()
    assignment = AssignmentFactory(question_set=qs)
    MembershipFactory(classroom=assignment.classroom, student=student)
    attempt = student_attempt_start(user=student, question_set=qs, assignment=assignment)
    services.attempt_submit(attempt=attempt, user=student)
    response = as_user(assignment.classroom.owner).get(reverse("attempt_result", args=[attempt.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("student", 302),
        ("other_student", 302),
        ("teacher", 302),  # a teacher may try their own set
        ("other_teacher", 302),
        ("staff", 302),
    ],
)
def test_start_permissions_on_a_public_set(request, as_user, role, expected, make_set):
    qs = make_set()
    response = as_user(user_for(role, request)).post(reverse("attempt_start", args=[qs.slug]))
    assert response.status_code == expected
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
        assert not Attempt.objects.exists()
    else:
        assert response.url == play_url(Attempt.objects.get())


@pytest.mark.parametrize(
    "role, expected",
    [("student", 404), ("other_teacher", 404), ("teacher", 302), ("staff", 302)],
)
def test_start_on_a_private_set(request, as_user, role, expected, make_set):
    qs = make_set(visibility=QuestionSet.Visibility.PRIVATE)
    response = as_user(user_for(role, request)).post(reverse("attempt_start", args=[qs.slug]))
    assert response.status_code == expected


def test_a_signed_out_student_logs_in_back_to_the_quiz(client, student, make_set):
    """A session that ran out mid-quiz: logging in leads back to the page the form was on
    (not to a GET of the POST's URL, a 405), and htmx loads the login page whole, not
    inside the player."""
    qs = make_set()
    attempt = start(student, qs)
    login = reverse("login")
    on_screen = play_url(attempt, 2)
    back_to_quiz = f"{login}?next={play_url(attempt)}%3Fq%3D2"
    from_screen = {"HTTP_REFERER": f"http://testserver{on_screen}"}
    response = client.post(answer_url(attempt), answer_post(attempt, 0), **from_screen)
    assert response.status_code == 302 and response.url == back_to_quiz
    response = client.post(answer_url(attempt), answer_post(attempt, 0), **from_screen, **HTMX)
    assert response["HX-Redirect"] == back_to_quiz
    response = client.post(reverse("attempt_submit", args=[attempt.pk]), **from_screen, **HTMX)
    assert response["HX-Redirect"] == back_to_quiz
    on_set = {"HTTP_REFERER": f"http://testserver{qs.get_absolute_url()}"}
    response = client.post(reverse("attempt_start", args=[qs.slug]), **on_set)
    assert response.url == f"{login}?next={qs.get_absolute_url()}"
    # Without a Referer from this site, home.
    for referer in ({}, {"HTTP_REFERER": f"https://elsewhere.example{on_screen}"}):
        response = client.post(answer_url(attempt), answer_post(attempt, 0), **referer)
        assert response.url == f"{login}?next=/"
    response = client.get(on_screen, **HTMX)
    assert response["HX-Redirect"] == back_to_quiz
    # Back (an htmx history restore) swaps in what it gets: it is given the login page.
    response = client.get(on_screen, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert response.status_code == 302
    assert response.url == back_to_quiz
    assert not Response.objects.exists()
    assert Attempt.objects.get().is_open


def test_views_refuse_wrong_methods(as_user, student, make_set):
    qs = make_set()
    attempt = start(student, qs)
    client = as_user(student)
    assert client.get(reverse("attempt_start", args=[qs.slug])).status_code == 405
    assert client.get(answer_url(attempt)).status_code == 405
    assert client.get(reverse("attempt_submit", args=[attempt.pk])).status_code == 405
    assert client.post(play_url(attempt)).status_code == 405


def test_csrf_is_required_on_every_post(student, make_set):
    qs = make_set()
    attempt = start(student, qs)
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    for url, data in [
        (reverse("attempt_start", args=[qs.slug]), {}),
        (answer_url(attempt), answer_post(attempt, 0)),
        (reverse("attempt_submit", args=[attempt.pk]), {}),
    ]:
        assert client.post(url, data, **HTMX).status_code == 403
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.is_open


def test_the_page_carries_the_csrf_header_for_htmx(as_user, student, make_set):
    attempt = start(student, make_set())
    page = as_user(student).get(play_url(attempt)).text
    assert 'hx-headers=\'{"X-CSRFToken"' in page


# --- Starting from the set page ----------------------------------------------------------


def test_set_page_offers_start_then_resume_and_lists_attempts(as_user, student, make_set):
    qs = make_set(attempts_allowed=2)
    client = as_user(student)
    page = client.get(qs.get_absolute_url()).text
    assert "Start practice" in page and "2 attempts left" in page
    client.post(reverse("attempt_start", args=[qs.slug]))
    page = client.get(qs.get_absolute_url()).text
    assert "Resume attempt 1" in page
    attempt = Attempt.objects.get()
    client.post(answer_url(attempt), answer_post(attempt, 0))
    client.post(reverse("attempt_submit", args=[attempt.pk]))
    page = client.get(qs.get_absolute_url()).text
    assert "Attempt 1" in page and "(100%)" in page and "Passed" in page
    assert "1 attempt left" in page


def test_start_refused_when_attempts_are_used_up(as_user, student, make_set):
    qs = make_set(attempts_allowed=1)
    services.attempt_submit(attempt=start(student, qs), user=student)
    response = as_user(student).post(reverse("attempt_start", args=[qs.slug]))
    assert response.status_code == 403
    assert "You have used the one attempt allowed." in response.text
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize("value", ["abc", "-1", "9" * 30, "999999"])
def test_start_with_a_bad_assignment_is_a_400(as_user, student, make_set, value):
    qs = make_set()
    response = as_user(student).post(
        reverse("attempt_start", args=[qs.slug]), {"assignment": value}
    )
    assert response.status_code == 400
    assert not Attempt.objects.exists()


def test_start_for_an_assignment(as_user, student, make_set):
    qs = make_set()
    assignment = AssignmentFactory(question_set=qs)
    MembershipFactory(classroom=assignment.classroom, student=student)
    response = as_user(student).post(
        reverse("attempt_start", args=[qs.slug]), {"assignment": str(assignment.pk)}
    )
    assert response.status_code == 302
    assert Attempt.objects.get().assignment == assignment


def test_start_for_an_assignment_of_another_set_is_a_400(as_user, student, make_set):
    assignment = AssignmentFactory(question_set=make_set())
    MembershipFactory(classroom=assignment.classroom, student=student)
    other = make_set()
    response = as_user(student).post(
        reverse("attempt_start", args=[other.slug]), {"assignment": str(assignment.pk)}
    )
    assert response.status_code == 400


# --- Practice flow -------------------------------------------------------------------------


def test_practice_every_type_with_htmx_shows_feedback(as_user, student, practice_set):
    client = as_user(student)
    attempt = start(student, practice_set)
    for index in range(8):
        screen = client.get(play_url(attempt, index + 1), **HTMX)
        assert screen.status_code == 200
        assert "<html" not in screen.text
        assert f"Question {index + 1} of 8" in screen.text
        response = client.post(answer_url(attempt), answer_post(attempt, index), **HTMX)
        assert response.status_code == 200
        assert "<html" not in response.text
        assert "Correct" in response.text
        # Fully right: no "Correct answer" (the answer given is the correct one).
        assert "Correct answer" not in response.text
        assert "Read in source" in response.text
        assert "The treaty was signed in Washington" in response.text
        # The feedback replaces the question in the history: "Back" leaves the question.
        assert response["HX-Replace-Url"] == play_url(attempt, index + 1)
        assert "HX-Push-Url" not in response
    assert "Finish and see my result" in response.text
    response = client.post(reverse("attempt_submit", args=[attempt.pk]), **HTMX)
    assert response["HX-Redirect"] == reverse("attempt_result", args=[attempt.pk])
    result = client.get(reverse("attempt_result", args=[attempt.pk])).text
    assert "8 of 8" in result and "100%" in result and "Passed" in result


def test_practice_wrong_answer_feedback(as_user, student, make_set):
    attempt = start(student, make_set(["multiple_answer"]))
    post = answer_post(attempt, 0, correct=False)
    response = as_user(student).post(answer_url(attempt), post, **HTMX)
    assert "Not quite" in response.text
    assert "Correct answer</span>" in response.text  # marked on the option missed


def test_practice_without_javascript_redirects_and_shows_feedback(as_user, student, make_set):
    client = as_user(student)
    attempt = start(student, make_set(["single_choice", "numeric"]))
    response = client.post(answer_url(attempt), answer_post(attempt, 0))
    assert response.status_code == 302 and response.url == play_url(attempt, 1)
    page = client.get(response.url).text
    assert "<html" in page and "Correct" in page and "Next question" in page


def test_practice_cannot_skip_ahead(as_user, student, make_set):
    attempt = start(student, make_set(["single_choice"] * 3))
    response = as_user(student).get(play_url(attempt, 3))
    assert response.status_code == 302 and response.url == play_url(attempt, 1)


def test_practice_first_answer_stands(as_user, student, make_set):
    client = as_user(student)
    attempt = start(student, make_set())
    assert client.post(answer_url(attempt), answer_post(attempt, 0), **HTMX).status_code == 200
    again = client.post(answer_url(attempt), answer_post(attempt, 0), **HTMX)
    assert again.status_code == 200
    changed = client.post(answer_url(attempt), answer_post(attempt, 0, correct=False), **HTMX)
    assert changed.status_code == 409
    assert "your first answer stands" in changed.text
    assert Response.objects.get().score == 1.0


def test_practice_with_late_reveal_hides_the_correct_answer(as_user, student, make_set):
    qs = make_set(reveal=QuestionSet.Reveal.AFTER_SUBMISSION)
    attempt = start(student, qs)
    response = as_user(student).post(
        answer_url(attempt), answer_post(attempt, 0, correct=False), **HTMX
    )
    assert "Not quite" in response.text
    assert "Correct answer" not in response.text


# --- Exam flow -----------------------------------------------------------------------------


def test_exam_gives_no_feedback_and_moves_back_and_forth(as_user, student, exam_set):
    client = as_user(student)
    attempt = start(student, exam_set)
    response = client.post(answer_url(attempt), answer_post(attempt, 0), **HTMX)
    assert "Question 2 of 8" in response.text
    assert "Answer to question 1 saved." in response.text
    assert "Correct" not in response.text
    # Back to question 1: the saved answer is shown, and can be changed.
    response = client.post(
        go_url(attempt), answer_post(attempt, 1, correct=False, to="prev"), **HTMX
    )
    assert "Question 1 of 8" in response.text
    chosen = answer_post(attempt, 0)["choice"]
    assert re.search(rf'value="{chosen}"\s+checked', response.text)
    client.post(answer_url(attempt), answer_post(attempt, 0, correct=False), **HTMX)
    assert Response.objects.get(position=0).score == 0.0
    client.post(answer_url(attempt), answer_post(attempt, 0), **HTMX)
    assert Response.objects.count() == 2


def test_exam_with_immediate_reveal_still_shows_nothing_before_submission(
    as_user, student, make_set
):
    qs = make_set(["single_choice"] * 2, mode=QuestionSet.Mode.EXAM)
    assert qs.reveal == QuestionSet.Reveal.IMMEDIATELY
    attempt = start(student, qs)
    client = as_user(student)
    client.post(answer_url(attempt), answer_post(attempt, 0))
    page = client.get(play_url(attempt, 1)).text
    assert "correct" not in page.lower() and "explanation" not in page.lower()


def test_exam_blank_answer_skips_without_saving(as_user, student, exam_set):
    attempt = start(student, exam_set)
    response = as_user(student).post(answer_url(attempt), {"q": "1"}, follow=True)
    assert response.redirect_chain == [(play_url(attempt, 2), 302)]
    assert "saved" not in response.text
    assert not Response.objects.exists()


def test_exam_answer_can_be_cleared_and_then_counts_as_not_answered(as_user, student, exam_set):
    """Radio buttons cannot be unticked: "Clear my answer" withdraws a saved answer (worth
    doing where a wrong answer costs marks). With htmx and without, and only in an exam."""
    client = as_user(student)
    attempt = start(student, exam_set)
    assert "Clear my answer" not in client.get(play_url(attempt, 1)).text  # nothing saved
    client.post(go_url(attempt), answer_post(attempt, 0, correct=False, to="1"))
    client.post(go_url(attempt), answer_post(attempt, 1, to="2"))
    page = client.get(play_url(attempt, 1)).text
    assert f'formaction="{clear_url(attempt)}"' in page and "Clear my answer" in page

    cleared = client.post(clear_url(attempt), {"q": "1"}, **HTMX)
    assert cleared.status_code == 200 and "<html" not in cleared.text
    assert "Your answer to question 1 was cleared" in cleared.text
    assert "Question 1 of 8" in cleared.text and "Clear my answer" not in cleared.text
    assert list(Response.objects.values_list("position", flat=True)) == [1]

    again = client.post(clear_url(attempt), {"q": "1"}, follow=True)
    assert again.redirect_chain == [(play_url(attempt, 1), 302)]
    assert "Question 1 has no saved answer to clear." in again.text
    assert "You have answered 1 of 8" in client.get(play_url(attempt, "finish")).text

    client.post(reverse("attempt_submit", args=[attempt.pk]))
    late = client.post(clear_url(attempt), {"q": "2"})
    assert late.status_code == 409
    assert Response.objects.filter(position=1).exists()  # the hand-in kept it
    attempt.refresh_from_db()
    assert attempt.score == 1


def test_practice_answer_cannot_be_cleared(as_user, student, practice_set):
    attempt = start(student, practice_set)
    client = as_user(student)
    client.post(answer_url(attempt), answer_post(attempt, 0))
    assert "Clear my answer" not in client.get(play_url(attempt, 1)).text
    with pytest.raises(services.AnswerLocked):
        services.attempt_answer_clear(attempt=attempt, user=student, position=0)
    assert Response.objects.filter(attempt=attempt, position=0).exists()


def test_exam_without_javascript_says_the_answer_was_saved(as_user, student, exam_set):
    attempt = start(student, exam_set)
    response = as_user(student).post(answer_url(attempt), answer_post(attempt, 0), follow=True)
    assert "Question 2 of 8" in response.text
    assert "Answer to question 1 saved." in response.text


def test_exam_finish_screen_and_submit(as_user, student, exam_set):
    client = as_user(student)
    attempt = start(student, exam_set)
    for index in range(8):
        client.post(answer_url(attempt), answer_post(attempt, index, correct=index < 6))
    page = client.get(play_url(attempt, "finish")).text
    assert "You have answered 8 of 8 questions" in page
    response = client.post(reverse("attempt_submit", args=[attempt.pk]))
    assert response.url == reverse("attempt_result", args=[attempt.pk])
    result = client.get(response.url).text
    assert "6 of 8" in result and "75%" in result and "Passed" in result
    assert "Correct answer:" in result  # reveal after submission
    attempt.refresh_from_db()
    assert attempt.score == 6 and attempt.percent == 75.0 and attempt.passed


def test_exam_time_is_up(as_user, student, make_set):
    qs = make_set(["single_choice"] * 2, mode=QuestionSet.Mode.EXAM, time_limit_minutes=5)
    attempt = services.attempt_start(
        user=student, question_set=qs, now=timezone.now() - timedelta(minutes=3)
    )
    client = as_user(student)
    page = client.get(play_url(attempt)).text
    assert "data-deadline" in page and "Time limit" in page
    client.post(answer_url(attempt), answer_post(attempt, 0))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    response = client.post(answer_url(attempt), answer_post(attempt, 1), **HTMX)
    assert response.status_code == 409
    assert "Time is up" in response.text
    assert Response.objects.count() == 1
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.score == 1
    # Later answers change nothing either.
    response = client.post(answer_url(attempt), answer_post(attempt, 1))
    assert response.status_code == 409 and Response.objects.count() == 1
    assert client.get(play_url(attempt)).url == reverse("attempt_result", args=[attempt.pk])


def test_htmx_navigation_in_a_closed_attempt_loads_the_result_page(as_user, student, make_set):
    attempt = start(student, make_set(mode=QuestionSet.Mode.EXAM))
    services.attempt_submit(attempt=attempt, user=student)
    response = as_user(student).get(play_url(attempt, 1), **HTMX)
    assert response["HX-Redirect"] == reverse("attempt_result", args=[attempt.pk])


def test_expired_attempt_reads_as_submitted_and_the_next_post_hands_it_in(
    as_user, student, make_set
):
    """Coming back after the time ran out shows the result as handed in at the deadline,
    and saves nothing (a GET); a new start, a POST, hands it in and counts it as used."""
    qs = make_set(
        ["single_choice"] * 2, mode=QuestionSet.Mode.EXAM, time_limit_minutes=1, attempts_allowed=2
    )
    began = timezone.now() - timedelta(minutes=5)
    attempt = services.attempt_start(user=student, question_set=qs, now=began)
    services.attempt_answer(
        attempt=attempt,
        user=student,
        position=0,
        answer={"choice": answer_post(attempt, 0)["choice"]},
        now=began + timedelta(seconds=30),
    )
    client = as_user(student)
    response = client.get(play_url(attempt), follow=True)
    assert response.redirect_chain == [(reverse("attempt_result", args=[attempt.pk]), 302)]
    assert "Time is up: your attempt was submitted with your saved answers." in response.text
    assert re.search(r'data-testid="score">1 of 2<', response.text)
    assert "1 min 0 s" in response.text  # handed in at its deadline
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS  # read so; nothing written yet
    set_page = client.get(qs.get_absolute_url()).text
    assert "Resume attempt" not in set_page and "50%" in set_page
    assert "Continue" not in client.get(reverse("home")).text

    client.post(reverse("attempt_start", args=[qs.slug]))
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.submitted_at) == (
        Attempt.Status.SUBMITTED,
        1,
        attempt.deadline,
    )
    assert Attempt.objects.filter(user=student, question_set=qs).count() == 2
    assert client.post(reverse("attempt_start", args=[qs.slug])).status_code == 302  # resumes
    handed_in = client.post(reverse("attempt_submit", args=[attempt.pk + 1]))
    assert handed_in.status_code == 302
    ready = {"ready": "1"}  # from the start screen
    assert (
        client.post(reverse("attempt_start", args=[qs.slug]), ready).status_code == 403
    )  # used up


def test_resume_lands_on_the_same_question_with_answers_kept(as_user, student, exam_set):
    client = as_user(student)
    attempt = start(student, exam_set)
    client.post(answer_url(attempt), answer_post(attempt, 0))
    client.post(answer_url(attempt), answer_post(attempt, 1))
    client.get(play_url(attempt, 1))  # looking at a question does not move the student
    assert "Question 3 of 8" in client.get(play_url(attempt)).text
    client.post(go_url(attempt), {"q": "3", "to": "2"})  # going back does
    page = client.get(play_url(attempt)).text  # come back without ?q
    assert "Question 2 of 8" in page
    assert "checked" in page or "selected" in page or 'value="' in page
    assert client.post(reverse("attempt_start", args=[exam_set.slug])).url == play_url(attempt)


def test_ordering_move_without_javascript_saves_nothing(as_user, student, make_set):
    attempt = start(student, make_set(["ordering"]))
    order = attempt.option_order[str(attempt.question_ids[0])]["order"]
    data = {"q": "1", "order": order, "move": f"down:{order[0]}"}
    client = as_user(student)
    response = client.post(reorder_url(attempt), data)
    # Post/redirect/get: the address is the question's again, so a reload redraws the
    # order instead of asking to post the move a second time.
    assert response.status_code == 302
    assert response.url.startswith(f"{play_url(attempt, 1)}&order=")
    page = client.get(response.url)
    ids = re.findall(r'name="order" value="([^"]+)"', page.text)
    assert ids == [order[1], order[0], order[2]]
    assert not Response.objects.exists()
    # With htmx the list is redrawn in place (player.js moves items without a request;
    # this is the fallback when it has not loaded).
    fragment = client.post(reorder_url(attempt), data, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert re.findall(r'name="order" value="([^"]+)"', fragment.text) == ids


@pytest.mark.parametrize(
    "order",
    ["unknown ids", "first two only", "one twice"],
)
def test_a_draft_order_in_the_address_must_list_the_items(as_user, student, make_set, order):
    attempt = start(student, make_set(["ordering"]))
    items = attempt.option_order[str(attempt.question_ids[0])]["order"]
    order = {
        "unknown ids": ["not-an-item", "x", "y"],
        "first two only": items[:2],
        "one twice": [items[0], *items[:-1]],
    }[order]
    response = as_user(student).get(play_url(attempt, 1), {"order": order})
    assert response.status_code == 400
    assert "That order does not list this question" in response.text
    assert not Response.objects.exists()


def test_a_draft_order_is_only_for_an_ordering_question(as_user, student, make_set):
    attempt = start(student, make_set(["single_choice"]))
    response = as_user(student).get(play_url(attempt, 1), {"order": ["a", "b"]})
    assert response.status_code == 400


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(choice="not-an-option"), "choose one of the options"),
        (lambda d: d.pop("choice"), "choose one of the options"),
        (lambda d: d.update(q="abc"), "no such question"),
        (lambda d: d.update(q="99"), "no such question"),
        (lambda d: d.update(q="0"), "no such question"),
        (lambda d: d.pop("q"), "no such question"),
    ],
)
def test_bad_single_choice_input_is_a_400(as_user, student, make_set, mutate, message):
    attempt = start(student, make_set(["single_choice", "single_choice"]))
    data = answer_post(attempt, 0)
    mutate(data)
    for headers in ({}, HTMX):
        response = as_user(student).post(answer_url(attempt), data, **headers)
        assert response.status_code == 400
        assert message in response.text.lower()
    assert not Response.objects.exists()


def test_a_refused_answer_is_shown_back_as_given(as_user, student, make_set):
    """A half-done matching or a mistyped number comes back with its error and what the
    student had given, not with emptied controls to fill in all over again."""
    attempt = start(student, make_set(["matching", "numeric"], mode=QuestionSet.Mode.EXAM))
    client = as_user(student)
    data = answer_post(attempt, 0)
    kept, *emptied = [key for key in data if key.startswith("match-")]
    data.update(dict.fromkeys(emptied, ""))
    response = client.post(answer_url(attempt), data, **HTMX)
    assert response.status_code == 400
    assert f'<option value="{data[kept]}" selected>' in response.text
    assert response.text.count(" selected>") == 1
    response = client.post(answer_url(attempt), {"q": "2", "value": "nineteen"}, **HTMX)
    assert response.status_code == 400
    assert 'value="nineteen"' in response.text
    assert not Response.objects.exists()


def test_an_option_of_another_question_is_refused(as_user, student, make_set):
    attempt = start(student, make_set(["single_choice", "single_choice"]))
    data = answer_post(attempt, 0)
    data["choice"] = answer_post(attempt, 1)["choice"]
    assert as_user(student).post(answer_url(attempt), data).status_code == 400
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "kind, fields",
    [
        ("short_answer", {"text": "x" * 501}),
        ("short_answer", {"text": "   "}),
        ("numeric", {"value": "nineteen"}),
        ("numeric", {"value": "1" * 41}),
        ("numeric", {"value": "inf"}),
        ("multiple_answer", {"choices": ["zzz"]}),
        ("fill_blank", {"blank-1": ""}),
        ("fill_blank", {"blank-1": "y" * 201}),
        ("ordering", {"order": ["a", "b", "c"]}),
        ("matching", {}),
    ],
)
def test_bad_input_per_type_is_a_400(as_user, student, make_set, kind, fields):
    attempt = start(student, make_set([kind]))
    data = {"q": "1", **fields}
    if kind == "matching":
        data = {k: v for k, v in answer_post(attempt, 0).items()}
        first = next(k for k in data if k.startswith("match-"))
        data[first] = "forged-token"
    response = as_user(student).post(answer_url(attempt), data, **HTMX)
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert not Response.objects.exists()


def test_a_decimal_comma_is_refused_with_a_reason_and_kept_in_the_box(as_user, student, make_set):
    attempt = start(student, make_set(["numeric"]))
    response = as_user(student).post(answer_url(attempt), {"q": "1", "value": "1,43"}, **HTMX)
    assert response.status_code == 400
    assert "with a point, not a comma" in response.text
    assert 'value="1,43"' in response.text  # to correct, not to type again
    box = re.search(r'<input[^>]*id="answer-value"[^>]*>', response.text)[0]
    assert 'aria-invalid="true"' in box
    assert re.search(r'aria-describedby="[^"]*\banswer-error\b', box)
    assert not Response.objects.exists()


@pytest.mark.parametrize("to", ["sideways", "99", "0", "x", "", "q5", "next"])
def test_unknown_navigation_is_a_400(as_user, student, exam_set, to):
    attempt = start(student, exam_set)
    data = answer_post(attempt, 0, to=to)
    response = as_user(student).post(go_url(attempt), data)
    assert response.status_code == 400 and "Unknown navigation button." in response.text
    assert not Response.objects.exists()


def test_exam_question_list_saves_then_jumps(as_user, student, exam_set):
    attempt = start(student, exam_set)
    client = as_user(student)
    response = client.post(go_url(attempt), answer_post(attempt, 0, to="5"), **HTMX)
    assert "Question 5 of 8" in response.text
    assert Response.objects.get().position == 0
    response = client.post(go_url(attempt), {"q": "5", "to": "finish"})
    assert response.url == play_url(attempt, "finish")


def test_a_submitted_attempt_refuses_answers(as_user, student, make_set):
    attempt = start(student, make_set())
    services.attempt_submit(attempt=attempt, user=student)
    response = as_user(student).post(answer_url(attempt), answer_post(attempt, 0), **HTMX)
    assert response.status_code == 409
    assert "answers can no longer change" in response.text
    assert not Response.objects.exists()


def test_bad_question_number_in_play_is_a_400(as_user, student, exam_set):
    attempt = start(student, exam_set)
    client = as_user(student)
    for q in ["x", "0", "9"]:
        response = client.get(play_url(attempt, q))
        assert response.status_code == 400
        # The way on is back to the quiz, not to the list of sets.
        assert f'<a href="{play_url(attempt)}">Back to the quiz</a>' in response.text
    # Beyond 64 bits the input boundary refuses it (quizsite/boundary.py), with the same way on.
    response = client.get(play_url(attempt, "1" * 50))
    assert response.status_code == 400 and "too large" in response.text
    assert f'<a href="{play_url(attempt)}">Open the page without them</a>' in response.text
    response = client.post(answer_url(attempt), answer_post(attempt, 0, q="9"), **HTMX)
    assert response.status_code == 400
    assert f'<a href="{play_url(attempt)}">Back to the quiz</a>' in response.text


def test_unicode_digits_are_a_400_not_a_crash(as_user, student, exam_set):
    """A "²" passes str.isdigit() but not int(): a question number, jump or assignment
    written with it is refused like any other bad number."""
    attempt = start(student, exam_set)
    client = as_user(student)
    assert client.get(play_url(attempt, "²")).status_code == 400
    assert client.post(answer_url(attempt), answer_post(attempt, 0, q="²")).status_code == 400
    assert client.post(go_url(attempt), answer_post(attempt, 0, to="²")).status_code == 400
    response = client.post(reverse("attempt_start", args=[exam_set.slug]), {"assignment": "²"})
    assert response.status_code == 400
    assert not Response.objects.exists()


# --- Integrity -----------------------------------------------------------------------------


def test_question_screens_never_leak_the_answer(as_user, student, exam_set):
    client = as_user(student)
    attempt = start(student, exam_set)
    for index in range(8):
        html = client.get(play_url(attempt, index + 1), **HTMX).text
        assert "correct" not in html.lower()
        snapshot = snapshot_at(attempt, index)
        assert "position" not in html and "weight" not in html
        if snapshot["type"] == "matching":
            values = re.findall(r'<option value="([^"]+)"', html)
            assert values and not {c["id"] for c in snapshot["choices"]} & set(values)
        if snapshot["type"] == "ordering":
            shown = re.findall(r'name="order" value="([^"]+)"', html)
            right = [c["id"] for c in sorted(snapshot["choices"], key=lambda c: c["position"])]
            assert shown != right


def test_option_ids_are_opaque(as_user, student, make_set):
    attempt = start(student, make_set())
    html = as_user(student).get(play_url(attempt)).text
    values = re.findall(r'name="choice" id="[^"]+" value="([^"]+)"', html)
    assert len(values) == 3
    assert all(re.fullmatch(r"[0-9a-f-]{36}", v) for v in values)


def test_the_same_answer_posted_twice_stores_one_response(as_user, student, exam_set):
    client = as_user(student)
    attempt = start(student, exam_set)
    for _ in range(2):
        client.post(answer_url(attempt), answer_post(attempt, 0), **HTMX)
    assert Response.objects.count() == 1


# --- Query budgets -------------------------------------------------------------------------


@pytest.fixture(params=[5, 100])
def sized_exam(request, make_set):
    return make_set(["single_choice"] * request.param, mode=QuestionSet.Mode.EXAM)


@pytest.fixture(params=[5, 100])
def sized_practice(request, make_set):
    return make_set(["single_choice"] * request.param)


# Budgets count the savepoint pair the test's transaction adds around each write, and a
# question version read once per process (cold here, cached in a running server). On
# PostgreSQL a first answer is one statement (services.FIRST_ANSWER_SQL); SQLite takes
# the general path: savepoint, lock, saved response?, insert, release.


def first_answer_budget(general: int) -> int:
    return general - 4 if connection.vendor == "postgresql" else general


def test_query_budgets(as_user, student, sized_exam, django_assert_max_num_queries):
    client = as_user(student)
    attempt = start(student, sized_exam)
    for index in range(3):
        client.post(answer_url(attempt), answer_post(attempt, index))
    # user, attempt, answered positions, the saved answer (question 3 was answered);
    # question 4 has none to read. Looking at a question writes nothing.
    with django_assert_max_num_queries(4):
        assert client.get(play_url(attempt, 3)).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(play_url(attempt, 4), **HTMX).status_code == 200
    third, fourth = answer_post(attempt, 3), answer_post(attempt, 4)
    with django_assert_max_num_queries(first_answer_budget(10)):
        assert client.post(answer_url(attempt), third, **HTMX).status_code == 200
    with django_assert_max_num_queries(first_answer_budget(9)):
        assert client.post(answer_url(attempt), fourth).status_code == 302
    services.attempt_submit(attempt=attempt, user=student)
    # user, attempt, responses, versions not yet read, "Try again" (set open, attempts
    # used), the topics
    with django_assert_max_num_queries(6):
        assert client.get(reverse("attempt_result", args=[attempt.pk])).status_code == 200


def test_practice_query_budgets(as_user, student, sized_practice, django_assert_max_num_queries):
    client = as_user(student)
    attempt = start(student, sized_practice)
    with django_assert_max_num_queries(4):
        assert client.get(play_url(attempt, 1)).status_code == 200
    first, second = answer_post(attempt, 0), answer_post(attempt, 1)
    # user, attempt, lock, saved response?, insert (+ savepoint pair): the feedback is
    # rendered from the saved response, the version read for the screen above.
    with django_assert_max_num_queries(first_answer_budget(7)):
        assert client.post(answer_url(attempt), first, **HTMX).status_code == 200
    with django_assert_max_num_queries(4):  # user, attempt, answered, the saved answer
        assert client.get(play_url(attempt, 2), **HTMX).status_code == 200
    with django_assert_max_num_queries(first_answer_budget(8)):
        assert client.post(answer_url(attempt), second).status_code == 302


def test_set_page_with_many_attempts_is_one_query_for_the_list(
    as_user, student, make_set, django_assert_max_num_queries
):
    qs = make_set()
    for _ in range(5):
        services.attempt_submit(attempt=start(student, qs), user=student)
    client = as_user(student)
    with django_assert_max_num_queries(6):
        assert client.get(qs.get_absolute_url()).status_code == 200


def test_home_still_lists_sets(as_user, student):
    QuestionSetFactory(title="Founding of NATO")
    assert "Founding of NATO" in as_user(student).get(reverse("home")).text


# --- Result page and reveal rules -----------------------------------------------------------


def submitted_attempt(student, qs, assignment=None):
    attempt = student_attempt_start(user=student, question_set=qs, assignment=assignment)
    services.attempt_answer(
        attempt=attempt,
        user=student,
        position=0,
        answer={"choice": answer_post(attempt, 0, correct=False)["choice"]},
    )
    services.attempt_submit(attempt=attempt, user=student)
    return attempt


@pytest.mark.parametrize(
    "reveal, shown",
    [
        (QuestionSet.Reveal.IMMEDIATELY, True),
        (QuestionSet.Reveal.AFTER_SUBMISSION, True),
        (QuestionSet.Reveal.AFTER_DUE, True),  # no assignment: as after submission
        (QuestionSet.Reveal.NEVER, False),
    ],
)
def test_result_reveal_rules(as_user, student, make_set, reveal, shown):
    attempt = submitted_attempt(student, make_set(reveal=reveal, mode=QuestionSet.Mode.EXAM))
    page = as_user(student).get(reverse("attempt_result", args=[attempt.pk])).text
    assert "Your answer:" in page and "1955" in page
    assert ("Correct answer:" in page) is shown
    assert ("The treaty was signed in Washington" in page) is shown
    assert ("Read in source" in page) is shown  # its quote answers the question
    assert ("% of the mark" in page) is shown
    if not shown:
        assert "Correct answers are not shown for this set." in page


def test_after_due_date_reveal_waits_for_the_assignment(as_user, student, teacher, make_set):
    qs = make_set(reveal=QuestionSet.Reveal.AFTER_DUE, mode=QuestionSet.Mode.EXAM)
    assignment = AssignmentFactory(question_set=qs, classroom__owner=teacher)
    MembershipFactory(classroom=assignment.classroom, student=student)
    attempt = submitted_attempt(student, qs, assignment)
    url = reverse("attempt_result", args=[attempt.pk])
    page = as_user(student).get(url).text
    assert "Correct answer:" not in page
    assert "Correct answers will be shown after the due date." in page
    # The class's teacher sees them at once.
    assert "Correct answer:" in as_user(teacher).get(url).text
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.save()
    assert "Correct answer:" in as_user(student).get(url).text


def test_a_practice_attempt_at_an_assigned_set_keeps_the_answers_until_it_is_due(
    as_user, student, teacher, make_set
):
    """Otherwise a student could take the set outside the assignment, read the key on its
    result, and then hand in the assignment."""
    qs = make_set(reveal=QuestionSet.Reveal.AFTER_DUE, mode=QuestionSet.Mode.PRACTICE)
    assignment = AssignmentFactory(question_set=qs, classroom__owner=teacher)
    MembershipFactory(classroom=assignment.classroom, student=student)
    practice = submitted_attempt(student, qs)  # not through the assignment
    url = reverse("attempt_result", args=[practice.pk])
    page = as_user(student).get(url).text
    assert "Correct answer:" not in page and "signed in Washington" not in page
    assert "Correct answers will be shown after the due date." in page
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.save()
    assert "Correct answer:" in as_user(student).get(url).text


def test_result_shows_score_percent_pass_and_time(as_user, student, make_set):
    qs = make_set(["single_choice", "single_choice"], pass_mark=60)
    attempt = services.attempt_start(
        user=student, question_set=qs, now=timezone.now() - timedelta(minutes=3, seconds=7)
    )
    services.attempt_answer(
        attempt=attempt,
        user=student,
        position=0,
        answer={"choice": answer_post(attempt, 0)["choice"]},
    )
    services.attempt_submit(attempt=attempt, user=student)
    page = as_user(student).get(reverse("attempt_result", args=[attempt.pk])).text
    assert "1 of 2" in page and "50%" in page and "Not passed (pass mark 60%)" in page
    assert re.search(r"3 min [789] s", page)
    assert "Not answered" in page


def test_result_of_an_open_attempt_sends_the_student_back_to_it(as_user, student, make_set):
    attempt = start(student, make_set())
    response = as_user(student).get(reverse("attempt_result", args=[attempt.pk]))
    assert response.url == play_url(attempt)


def test_fill_blank_review_shows_gaps(as_user, student, make_set):
    attempt = submitted_attempt(student, make_set(["single_choice", "fill_blank"]))
    page = as_user(student).get(reverse("attempt_result", args=[attempt.pk])).text
    assert "NATO was established in ____ (1)." in page


def test_each_blank_is_labelled_with_where_it_is_in_the_sentence(as_user, student, make_set):
    """Tabbing into a blank, a screen reader says which it is and the words before it."""
    attempt = start(student, make_set(["fill_blank"]))
    page = as_user(student).get(play_url(attempt)).text
    assert '<label class="visually-hidden" for="blank-1">' in page
    assert "Blank 1 of 1, after “NATO was established in”</label>" in page


def snapshot_for(attempt, index):
    from quizzes.questions.models import Question

    return Question.objects.get(pk=attempt.question_ids[index]).current_version.snapshot


def test_attempts_from_the_factory_play_and_review(as_user, student, make_set):
    """Attempts made elsewhere (factories, other services) work with the player too."""
    from tests.factories import AttemptFactory

    qs = make_set(["single_choice", "numeric", "ordering"], mode=QuestionSet.Mode.EXAM)
    attempt = AttemptFactory(user=student, question_set=qs, versions={})
    client = as_user(student)
    assert client.get(play_url(attempt, 2)).status_code == 200
    ordering = client.get(play_url(attempt, 3)).text
    shown = re.findall(r'name="order" value="([^"]+)"', ordering)
    right = [
        c["id"] for c in sorted(snapshot_for(attempt, 2)["choices"], key=lambda c: c["position"])
    ]
    assert shown and shown != right
    again = re.findall(r'name="order" value="([^"]+)"', client.get(play_url(attempt, 3)).text)
    assert again == shown  # a reload shows the same order
    assert client.post(answer_url(attempt), {"q": "2", "value": "1949"}).status_code == 302
    services.attempt_submit(attempt=attempt, user=student)
    page = client.get(reverse("attempt_result", args=[attempt.pk])).text
    assert "1 of 3" in page and "Question 2" in page and "1949" in page
