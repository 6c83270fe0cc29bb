"""An exam in a real browser: the start screen, the sticky timer, drafts saved as typed
(graded when the time runs out) and the confirm step, at 375 px with mobile emulation."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quizzes.attempts.models import Attempt, Response
from quizzes.attempts.services import attempts_expire_overdue as expire_overdue
from quizzes.questions.models import QuestionSet
from tests.attempts.helpers import snapshot_at
from tests.browser.conftest import RESULTS
from tests.browser.helpers import wait_until
from tests.browser.test_quiz_player import MEASURE_SCREEN, PHONE, make_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_page(request, browser, login, user):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    login(page, user.username)
    folder = RESULTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return page, folder


def fits(page, folder, name):
    """No sideways scroll and no covered button on this screen; a full-page screenshot."""
    found = page.evaluate(MEASURE_SCREEN)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=folder / f"{name}.png", full_page=True)
    assert found["width"] <= 375, found
    assert found["covered"] == [], found


def test_an_exam_that_times_out_grades_the_answer_typed_on_screen(
    live_server, browser_page, login, student, teacher
):
    """Typed into the box, never saved with a button: the draft is saved as it is typed,
    and when the clock reaches zero the server hands the attempt in with it."""
    page = browser_page
    exam = make_set(
        teacher,
        ["short_answer", "short_answer"],
        title="Typed exam",
        mode=QuestionSet.Mode.EXAM,
        time_limit_minutes=1,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
    )
    login(page, student.username)
    page.goto(live_server.url + exam.get_absolute_url())
    page.get_by_role("button", name="Start exam").click()
    expect(page.get_by_text("The clock cannot be paused.")).to_be_visible()
    assert not Attempt.objects.exists()  # the start screen starts nothing
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    wait_until(page, "window.htmx !== undefined && window.quizPlayerLoaded === true")
    attempt = Attempt.objects.get()
    # The clock nearly out: the page is drawn again with the new deadline.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.reload()
    wait_until(page, "window.htmx !== undefined && window.quizPlayerLoaded === true")
    expect(page.locator(".countdown .remaining")).to_have_text(re.compile(r"Time left: 0:0\d"))
    accepted = snapshot_at(attempt, 0)["choices"][0]["text"]
    page.get_by_label("Your answer").type(accepted)  # key by key, as a student types
    expect(page.locator("#draft-status")).to_contain_text("Saved as typed")
    assert Response.objects.get(attempt=attempt).answer == {"text": accepted}
    # Neither "Save and next" nor "Submit": the clock runs out and the page reloads.
    expect(page.get_by_text("Time is up: your attempt was submitted")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("score")).to_have_text("1 of 2")
    page.screenshot_to("typed-answer-graded-at-time-out")
    # The page read it as handed in (a GET writes nothing); the next POST or the cron job
    # (expire_attempts) writes the same.
    assert expire_overdue(attempts=Attempt.objects.all()) == 1
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == (Attempt.Status.SUBMITTED, 1)


def test_start_screen_timer_and_confirm_fit_a_phone(
    request, live_server, browser, login, student, teacher
):
    exam = make_set(
        teacher,
        ["single_choice", "short_answer", "numeric", "multiple_answer"],
        title="Founding treaty exam with a rather long title for a phone",
        mode=QuestionSet.Mode.EXAM,
        time_limit_minutes=20,
        attempts_allowed=2,
    )
    page, folder = phone_page(request, browser, login, student)
    page.goto(live_server.url + exam.get_absolute_url())
    page.get_by_role("button", name="Start exam").click()
    expect(page.get_by_text("The clock cannot be paused.")).to_be_visible()
    for fact, value in [("Time limit", "20 minutes"), ("Questions", "4"), ("Attempts left", "2")]:
        expect(page.locator(".start-facts div", has_text=fact).locator("dd")).to_have_text(value)
    fits(page, folder, "start-screen-375")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_text("Question 1 of 4")).to_be_visible()
    wait_until(page, "window.htmx !== undefined && window.quizPlayerLoaded === true")
    fits(page, folder, "exam-question-375")

    # The timer stays in view while the page scrolls (a short screen, so that it does).
    page.set_viewport_size({"width": 375, "height": 480})
    assert page.evaluate("document.documentElement.scrollHeight > window.innerHeight + 200")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(200)
    box = page.locator(".timer-bar").bounding_box()
    assert box is not None and -1 <= box["y"] <= 1, box
    expect(page.locator(".countdown .remaining")).to_be_in_viewport()
    page.screenshot(path=folder / "exam-scrolled-timer-375.png")
    page.set_viewport_size({"width": 375, "height": 812})
    page.evaluate("window.scrollTo(0, 0)")

    # One answer, then "Review and submit" and "Submit exam": it asks first.
    page.locator("label.option").first.click()
    expect(page.locator("#draft-status")).to_contain_text("Saved as typed")
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    page.get_by_role("button", name="Submit exam").click()
    expect(page.get_by_role("heading", name="Submit your exam?")).to_be_focused()
    expect(page.locator(".confirm-warning")).to_contain_text(
        "3 of 4 questions are not answered (2, 3, 4)"
    )
    fits(page, folder, "confirm-submit-375")
    page.get_by_role("button", name="No, go back to my answers").click()
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    assert Attempt.objects.get().is_open
    page.get_by_role("button", name="Submit exam").click()
    page.get_by_role("button", name="Yes, submit my exam").click()
    expect(page.get_by_test_id("score")).to_be_visible()
    assert not Attempt.objects.get().is_open


def test_confirm_without_javascript(live_server, no_js_page, login, student, teacher):
    page = no_js_page
    practice = make_set(teacher, ["single_choice", "short_answer"], mode=QuestionSet.Mode.PRACTICE)
    login(page, student.username)
    page.goto(live_server.url + practice.get_absolute_url())
    page.get_by_role("button", name="Start practice").click()  # untimed: no start screen
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    page.get_by_role("link", name="End now and see my result").click()
    expect(page.get_by_role("heading", name="End now?")).to_be_visible()
    expect(page.locator(".confirm-warning")).to_contain_text("2 of 2 questions are not answered")
    page.get_by_role("button", name="Yes, end now and see my result").click()
    expect(page.get_by_test_id("score")).to_have_text("0 of 2")
