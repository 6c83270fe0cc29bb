"""A student takes quizzes in a real browser: every widget, practice, timed exam, resume, no JS."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.attempts.models import Attempt
from quizzes.attempts.selectors import needs_start_screen
from quizzes.classes.services import student_attempt_start
from quizzes.questions.models import QuestionSet, QuestionType
from tests.attempts.helpers import snapshot_at
from tests.browser.conftest import RESULTS
from tests.browser.helpers import htmx_settled, wait_until
from tests.factories import QuestionSetFactory, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_TYPES = [t.value for t in QuestionType]


def make_set(teacher, types, **fields):
    questions = [make_question(kind, author=teacher) for kind in types]
    return QuestionSetFactory(owner=teacher, questions=questions, **fields)


def open_set_and_start(page, live_server, question_set, button, *, scripted=True):
    page.goto(live_server.url + question_set.get_absolute_url())
    page.get_by_role("button", name=button).click()
    if needs_start_screen(question_set):  # an exam or a timed set: its start screen first
        expect(page.get_by_text("Pass mark")).to_be_visible()
        page.locator("form:has(input[name=ready]) button[type=submit]").click()
    expect(page.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
    # The scripts are deferred: before they run, a click is the no-JavaScript fallback (a
    # plain POST and a page load), which tests of the scripted player must not race.
    if scripted:
        wait_until(page, "window.htmx !== undefined && window.quizPlayerLoaded === true")
    return Attempt.objects.latest("pk")


def item_texts(page):
    return [t.strip() for t in page.locator("[data-ordering] li .item-text").all_inner_texts()]


def put_in_order(page, wanted):
    """Reorder with the keyboard-friendly "Move up" buttons until the list reads `wanted`."""
    items = page.locator("[data-ordering] li .item-text")
    for target, text in enumerate(wanted):
        while (index := item_texts(page).index(text)) > target:
            page.get_by_role("button", name=f"Move up: {text}").click()
            # Without JavaScript the move reloads the page: wait for the moved list before
            # reading it again (reading mid-reload found no items, now and then).
            expect(items.nth(index - 1)).to_have_text(text)
    assert item_texts(page) == wanted


def fill_answer(page, snapshot, *, correct=True):
    """Answer the question on screen with the mouse and keyboard, as a student would."""
    kind = snapshot["type"]
    choices = snapshot["choices"]
    if kind in {"single_choice", "true_false"}:
        pick = next(c for c in choices if c["correct"] == correct)
        page.get_by_label(pick["text"], exact=True).check()
    elif kind == "multiple_answer":
        for choice in choices:
            if choice["correct"] == correct:
                page.get_by_label(choice["text"], exact=True).check()
    elif kind == "short_answer":
        page.get_by_label("Your answer").fill(choices[0]["text"] if correct else "no idea")
    elif kind == "numeric":
        page.get_by_label("Your answer").fill(snapshot["numeric_value"] if correct else "1")
    elif kind == "ordering":
        wanted = [c["text"] for c in sorted(choices, key=lambda c: c["position"])]
        put_in_order(page, wanted if correct else wanted[::-1])
    elif kind == "matching":
        matches = [c["match"] for c in choices]
        if not correct:
            matches = matches[1:] + matches[:1]
        for choice, match in zip(choices, matches, strict=True):
            page.get_by_label(choice["text"], exact=True).select_option(label=match)
    elif kind == "fill_blank":
        for choice in choices:
            page.get_by_label(f"Blank {choice['blank']}").fill(choice["text"] if correct else "x")


def test_practice_quiz_with_every_type_and_feedback(
    live_server, browser_page, login, student, teacher
):
    page = browser_page
    question_set = make_set(teacher, ALL_TYPES, title="Every type", shuffle_options=True)
    login(page, student.username)
    page.get_by_role("link", name="Every type").click()
    attempt = open_set_and_start(page, live_server, question_set, "Start practice")
    for index in range(len(ALL_TYPES)):
        snapshot = snapshot_at(attempt, index)
        kind = snapshot["type"]
        expect(page.get_by_text(f"Question {index + 1} of 8")).to_be_visible()
        if kind == "ordering":
            # Drag the last item to the top once, then finish with the buttons.
            before = item_texts(page)
            items = page.locator("[data-ordering] li")
            items.nth(2).drag_to(items.nth(0))
            assert item_texts(page) == [before[2], before[0], before[1]]
        page.screenshot_to(f"{index + 1}-{kind}-question")
        fill_answer(page, snapshot)
        page.get_by_role("button", name="Check answer").click()
        feedback = page.get_by_role("heading", name="Correct", exact=True)
        expect(feedback).to_be_visible()
        expect(feedback).to_be_focused()
        # Fully right: the answer is marked right in place, no "Correct answer".
        expect(page.locator(".feedback, .widget").get_by_text("Correct answer")).to_have_count(0)
        expect(page.locator(".mark-right").first).to_be_visible()
        expect(page.get_by_role("link", name="Read in source")).to_be_visible()
        page.screenshot_to(f"{index + 1}-{kind}-feedback")
        if index < len(ALL_TYPES) - 1:
            page.get_by_role("link", name="Next question").click()
    page.get_by_role("button", name="Finish and see my result").click()
    expect(page.get_by_role("heading", name=re.compile("^Result"))).to_be_visible()
    expect(page.get_by_test_id("score")).to_have_text("8 of 8")
    expect(page.get_by_test_id("percent")).to_have_text("100%")
    page.screenshot_to("result")
    # Read in source opens the highlighted passage.
    page.get_by_role("link", name="Read in source").first.click()
    expect(page.locator("mark#quote")).to_have_text("April 4, 1949")


def test_timed_exam_scores_right(live_server, browser_page, login, student, teacher):
    page = browser_page
    question_set = make_set(
        teacher,
        ALL_TYPES,
        title="Timed exam",
        mode=QuestionSet.Mode.EXAM,
        time_limit_minutes=10,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
    )
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start exam")
    expect(page.locator(".countdown .remaining")).to_have_text(
        re.compile(r"Time left: (9|10):\d\d")
    )
    page.screenshot_to("exam-question")
    wrong = {2, 5}
    for index in range(8):
        expect(page.get_by_text(f"Question {index + 1} of 8")).to_be_visible()
        fill_answer(page, snapshot_at(attempt, index), correct=index not in wrong)
        name = "Save and review" if index == 7 else "Save and next"
        page.get_by_role("button", name=name).click()
        # No feedback in an exam, only a saved notice.
        expect(page.get_by_role("status")).to_have_text(f"Answer to question {index + 1} saved.")
        expect(page.get_by_text("Correct answer:")).to_have_count(0)
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(page.get_by_text("You have answered 8 of 8 questions")).to_be_visible()
    page.screenshot_to("exam-finish")
    page.get_by_role("button", name="Submit exam").click()
    page.get_by_role("button", name="Yes, submit my exam").click()
    expect(page.get_by_test_id("score")).to_have_text("6 of 8")
    expect(page.get_by_test_id("percent")).to_have_text("75%")
    expect(page.get_by_text("Passed (pass mark 60%)")).to_be_visible()
    page.screenshot_to("exam-result")


def test_resume_after_reload(live_server, browser_page, login, student, teacher):
    page = browser_page
    question_set = make_set(
        teacher, ["single_choice", "short_answer", "numeric"], mode=QuestionSet.Mode.EXAM
    )
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start exam")
    fill_answer(page, snapshot_at(attempt, 0))
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    page.get_by_label("Your answer").fill("Washington Treaty")
    page.get_by_label("Your answer").press("Enter")  # Enter saves and moves on
    expect(page.get_by_text("Question 3 of 3")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Question 3 of 3")).to_be_visible()
    # Leave, and come back from the set page.
    page.goto(live_server.url + question_set.get_absolute_url())
    page.get_by_role("link", name="Resume attempt 1").click()
    expect(page.get_by_text("Question 3 of 3")).to_be_visible()
    page.get_by_role("button", name="2 (answered)").click()
    expect(page.get_by_label("Your answer")).to_have_value("Washington Treaty")
    page.go_back()
    expect(page.get_by_text("Question 3 of 3")).to_be_visible()
    page.screenshot_to("resumed")


def test_countdown_counts_from_the_servers_time(live_server, browser_page, login, student, teacher):
    """A device whose clock is minutes fast must not see the time run out early (at zero
    the page reloads every few seconds, wiping what is being typed, until the server's
    deadline really passes)."""
    from datetime import UTC, datetime, timedelta

    page = browser_page
    exam = make_set(teacher, ["short_answer"], mode=QuestionSet.Mode.EXAM, time_limit_minutes=2)
    login(page, student.username)
    page.clock.install(time=datetime.now(UTC) + timedelta(minutes=5))
    open_set_and_start(page, live_server, exam, "Start exam")
    page.clock.resume()
    expect(page.locator(".countdown .remaining")).to_have_text(re.compile(r"Time left: [12]:\d\d"))
    expect(page.locator("[data-countdown-alert]")).to_have_text("")


def test_countdown_keeps_counting_after_the_back_button(
    live_server, browser_page, login, student, teacher
):
    """Back brings the previous screen back as a whole page (htmx's history restore), its
    countdown a new element: the countdown must keep ticking there, not update the old,
    detached one and stay frozen."""
    page = browser_page
    exam = make_set(
        teacher, ["single_choice", "numeric"], mode=QuestionSet.Mode.EXAM, time_limit_minutes=10
    )
    login(page, student.username)
    open_set_and_start(page, live_server, exam, "Start exam")
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    htmx_settled(page)
    page.go_back()
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    remaining = page.locator(".countdown .remaining")
    shown = remaining.inner_text()
    expect(remaining).not_to_have_text(shown, timeout=4_000)


def test_back_button_shows_the_saved_answer(live_server, browser_page, login, student, teacher):
    """Back re-reads the screen from the server: a snapshot of it as first drawn showed the
    answer just saved as empty and "not answered"; and the page's script, swapped in again
    with it, must not run twice (each "Move up" then moved an item two places)."""
    page = browser_page
    exam = make_set(teacher, ["short_answer", "ordering"], mode=QuestionSet.Mode.EXAM)
    login(page, student.username)
    open_set_and_start(page, live_server, exam, "Start exam")
    page.get_by_label("Your answer").fill("Washington Treaty")
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    htmx_settled(page)
    page.go_back()
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_value("Washington Treaty")
    expect(page.get_by_role("button", name="1 (answered)")).to_be_visible()
    htmx_settled(page)
    page.go_forward()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    htmx_settled(page)
    before = item_texts(page)
    page.get_by_role("button", name=f"Move up: {before[2]}").click()
    assert item_texts(page) == [before[0], before[2], before[1]]


def test_focus_stays_where_the_student_moved_it_before_the_swap_settled(
    live_server, browser_page, login, student, teacher
):
    """A student who clicks into the next question's field as soon as it appears keeps focus
    there: settling the swap does not pull it back to the heading mid-typing."""
    page = browser_page
    question_set = make_set(teacher, ["short_answer", "short_answer"], mode=QuestionSet.Mode.EXAM)
    login(page, student.username)
    open_set_and_start(page, live_server, question_set, "Start exam")
    # Widen htmx's settle window (20 ms by default) so the quick student is reproducible.
    wait_until(page, "window.htmx !== undefined")  # scripts are deferred
    page.evaluate("htmx.config.defaultSettleDelay = 1000")
    page.get_by_label("Your answer").fill("first")
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    field = page.get_by_label("Your answer")
    field.click()
    page.keyboard.type("Washington")
    htmx_settled(page)
    expect(field).to_be_focused()
    page.keyboard.type(" Treaty")
    expect(field).to_have_value("Washington Treaty")
    page.keyboard.press("Enter")
    # Nobody moved focus this time, so settling lands it on the new screen's heading.
    expect(page.get_by_role("heading", name="Review and submit")).to_be_focused()


def test_quiz_without_javascript(live_server, no_js_page, login, student, teacher):
    page = no_js_page
    types = ["single_choice", "ordering", "matching", "fill_blank"]
    question_set = make_set(teacher, types, title="No script")
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start practice", scripted=False)
    for index, kind in enumerate(types):
        expect(page.get_by_text(f"Question {index + 1} of 4")).to_be_visible()
        fill_answer(page, snapshot_at(attempt, index))  # ordering moves post the form
        page.screenshot_to(f"{index + 1}-{kind}-no-js")
        page.get_by_role("button", name="Check answer").click()
        expect(page.get_by_role("heading", name="Correct", exact=True)).to_be_visible()
        if index < len(types) - 1:
            page.get_by_role("link", name="Next question").click()
    page.get_by_role("button", name="Finish and see my result").click()
    expect(page.get_by_test_id("score")).to_have_text("4 of 4")
    page.screenshot_to("result-no-js")


def test_messages_for_a_missing_answer_and_when_time_is_up(
    live_server, browser_page, login, student, teacher
):
    from datetime import timedelta

    from django.utils import timezone

    page = browser_page
    practice = make_set(teacher, ["single_choice"], title="Practice")
    login(page, student.username)
    open_set_and_start(page, live_server, practice, "Start practice")
    page.get_by_role("button", name="Check answer").click()
    error = page.get_by_role("alert")
    expect(error).to_have_text("Please choose one of the options.")
    expect(error).to_be_focused()
    page.screenshot_to("missing-answer")

    exam = make_set(
        teacher,
        ["single_choice", "single_choice"],
        title="Exam",
        mode=QuestionSet.Mode.EXAM,
        time_limit_minutes=10,
    )
    attempt = open_set_and_start(page, live_server, exam, "Start exam")
    fill_answer(page, snapshot_at(attempt, 0))
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    fill_answer(page, snapshot_at(attempt, 1))
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("alert")).to_contain_text("Time is up")
    expect(page.locator(".countdown")).to_be_hidden()  # nothing left to count down
    page.screenshot_to("time-is-up")
    page.get_by_role("link", name="See your result").click()
    expect(page.get_by_test_id("score")).to_have_text("1 of 2")


def test_an_answer_refused_as_a_whole_page_has_its_error_focused(
    live_server, browser_page, login, student, teacher
):
    """A click before htmx is ready posts the form plainly: the 400 comes back as a page."""
    page = browser_page
    practice = make_set(teacher, ["single_choice"], title="Practice")
    login(page, student.username)
    open_set_and_start(page, live_server, practice, "Start practice")
    with page.expect_navigation():
        page.evaluate("document.getElementById('answer-form').submit()")  # no htmx
    error = page.get_by_role("alert")
    expect(error).to_have_text("Please choose one of the options.")
    expect(error).to_be_focused()


def test_keyboard_only(live_server, browser_page, login, student, teacher):
    """Ordering with the move buttons and a choice, all from the keyboard."""
    page = browser_page
    question_set = make_set(teacher, ["ordering", "single_choice"], title="Keys")
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start practice")
    snapshot = snapshot_at(attempt, 0)
    wanted = [c["text"] for c in sorted(snapshot["choices"], key=lambda c: c["position"])]
    for target, text in enumerate(wanted):
        while item_texts(page).index(text) > target:
            button = page.get_by_role("button", name=f"Move up: {text}")
            button.focus()
            page.keyboard.press("Enter")
            if item_texts(page).index(text) > 0:
                # Focus stays on the moved item's button, so Enter can be pressed again.
                expect(page.get_by_role("button", name=f"Move up: {text}")).to_be_focused()
    assert item_texts(page) == wanted
    page.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Correct", exact=True)).to_be_focused()
    page.keyboard.press("Tab")  # from the feedback heading on to its links
    expect(page.get_by_role("link", name="Read in source")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Next question")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_be_focused()
    right = next(c["text"] for c in snapshot_at(attempt, 1)["choices"] if c["correct"])
    page.get_by_label(right, exact=True).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label(right, exact=True)).to_be_checked()
    page.keyboard.press("Enter")  # submits the form from the radio
    expect(page.get_by_role("heading", name="Correct", exact=True)).to_be_visible()


def test_countdown_hands_in_at_zero(live_server, browser_page, login, student, teacher):
    from datetime import timedelta

    from django.utils import timezone

    page = browser_page
    exam = make_set(
        teacher, ["single_choice", "numeric"], mode=QuestionSet.Mode.EXAM, time_limit_minutes=1
    )
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, exam, "Start exam")
    fill_answer(page, snapshot_at(attempt, 0))
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=2))
    page.reload()
    expect(page.locator(".countdown .remaining")).to_have_text(re.compile(r"Time left: 0:0\d"))
    # At zero the page waits out the server's grace, then the server hands the attempt in.
    expect(page.get_by_text("Time is up: your attempt was submitted")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("score")).to_have_text("1 of 2")
    page.screenshot_to("handed-in-at-zero")


def test_a_due_date_that_caps_the_attempt_is_shown_and_counted_in_days(
    live_server, browser_page, login, student, teacher
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import AssignmentFactory, MembershipFactory

    page = browser_page
    question_set = make_set(teacher, ["single_choice"])
    assignment = AssignmentFactory(
        question_set=question_set,
        classroom__owner=teacher,
        due_at=timezone.now() + timedelta(days=3, minutes=1),
        accept_late=False,
    )
    MembershipFactory(classroom=assignment.classroom, student=student)
    attempt = student_attempt_start(user=student, question_set=question_set, assignment=assignment)
    login(page, student.username)
    page.goto(live_server.url + attempt.get_absolute_url())
    expect(page.locator(".countdown")).to_contain_text("Due: handed in automatically on")
    expect(page.locator(".countdown .remaining")).to_have_text("Time left: 3 days 0 h")


@pytest.mark.parametrize("width", [375, 1280])
def test_an_exam_that_never_reveals_shows_the_total_only(
    live_server, browser_page, login, student, teacher, width
):
    """Reveal "never": the student reads their score and their own answers, and nothing
    that tells which were right (no marks, no near-miss note, no source link)."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    question_set = make_set(
        teacher,
        ["true_false", "single_choice", "short_answer"],
        title="Closed exam",
        mode=QuestionSet.Mode.EXAM,
        reveal=QuestionSet.Reveal.NEVER,
    )
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start exam")
    for index in range(3):
        fill_answer(page, snapshot_at(attempt, index), correct=index != 1)
        name = "Save and review" if index == 2 else "Save and next"
        page.get_by_role("button", name=name).click()
        expect(page.get_by_role("status")).to_have_text(f"Answer to question {index + 1} saved.")
    page.get_by_role("button", name="Submit exam").click()
    page.get_by_role("button", name="Yes, submit my exam").click()
    expect(page.get_by_test_id("score")).to_have_text("2 of 3")
    expect(page.get_by_text("Correct answers are not shown for this set.")).to_be_visible()
    review = page.locator("ol.review")
    expect(review.get_by_text("Your answer:")).to_have_count(3)
    for mark in ("% of the mark", "Wrong", "Correct answer:"):
        expect(review.get_by_text(mark)).to_have_count(0)
    expect(page.get_by_role("link", name="Read in source")).to_have_count(0)
    page.screenshot_to(f"exam-result-never-{width}")


@pytest.mark.parametrize("scripted", [True, False], ids=["htmx", "no-js"])
def test_exam_buttons_each_post_their_own_intent(
    request, live_server, login, student, teacher, scripted
):
    """ "Save and go back", the question list and "Clear my answer" post to their own URLs
    (formaction), with htmx swapping the screen in and as plain forms without JavaScript;
    a look at another question (a GET) does not move where the student resumes."""
    page = request.getfixturevalue("browser_page" if scripted else "no_js_page")
    exam = make_set(teacher, ["single_choice"] * 3, mode=QuestionSet.Mode.EXAM)
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, exam, "Start exam", scripted=scripted)
    fill_answer(page, snapshot_at(attempt, 0))
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    fill_answer(page, snapshot_at(attempt, 1), correct=False)
    page.get_by_role("button", name="Save and go back").click()
    expect(page.get_by_text("Question 1 of 3")).to_be_visible()
    # With htmx the screen says so; without, the message above the page.
    expect(page.get_by_text("Answer to question 2 saved.")).to_be_visible()
    page.get_by_role("button", name="2 (answered)").click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    page.get_by_role("button", name="Clear my answer").click()
    expect(
        page.get_by_text("Your answer to question 2 was cleared: it counts as not answered.")
    ).to_be_visible()
    if scripted:  # the swapped-in screen takes focus, its notice read out
        expect(page.get_by_role("heading", level=2)).to_be_focused()
    expect(page.get_by_role("button", name="2 (not answered)")).to_have_attribute(
        "aria-current", "step"
    )
    assert list(attempt.responses.values_list("position", flat=True)) == [0]
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_text("You have answered 1 of 3 questions")).to_be_visible()
    page.get_by_role("link", name="3 (not answered)").click()  # a look: a GET
    expect(page.get_by_text("Question 3 of 3")).to_be_visible()
    page.goto(live_server.url + exam.get_absolute_url())
    page.get_by_role("link", name="Resume attempt 1").click()
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()


# --- Issue 24: tiles and keys, a phone-wide matching question -------------------------------


def test_options_are_tiles_chosen_by_a_tap_anywhere_or_by_their_key(
    live_server, browser_page, login, student, teacher
):
    """The whole row is the target; keys 1-9 choose (toggle a checkbox), Enter checks."""
    page = browser_page
    question_set = make_set(
        teacher, ["single_choice", "multiple_answer"], title="Tiles", shuffle_options=True
    )
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start practice")
    expect(page.get_by_text("Keys: 1–3 to choose, Enter to check.")).to_be_visible()
    snapshot = snapshot_at(attempt, 0)
    texts = [t.strip() for t in page.locator("label.option .option-text").all_inner_texts()]
    right = texts.index(next(c["text"] for c in snapshot["choices"] if c["correct"]))
    wrong = next(i for i in range(len(texts)) if i != right)
    # A tap at the far end of a row, away from its radio button and its words.
    tile = page.locator("label.option").nth(wrong).bounding_box()
    assert tile["width"] > 600 and tile["height"] >= 44
    page.mouse.click(tile["x"] + tile["width"] - 8, tile["y"] + tile["height"] / 2)
    expect(page.get_by_label(texts[wrong], exact=True)).to_be_checked()
    page.keyboard.press(str(right + 1))
    expect(page.get_by_label(texts[right], exact=True)).to_be_checked()
    expect(page.get_by_label(texts[wrong], exact=True)).not_to_be_checked()
    page.keyboard.press("9")  # no ninth option: nothing changes
    expect(page.get_by_label(texts[right], exact=True)).to_be_checked()
    page.screenshot_to("tiles-single-choice")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Correct", exact=True)).to_be_focused()
    page.keyboard.press(str(wrong + 1))  # the answer stands: its tiles are disabled
    # (Its label now ends with its mark, "✓ Correct".)
    expect(page.locator("label.option input").nth(right)).to_be_checked()
    page.get_by_role("link", name="Next question").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_be_focused()
    htmx_settled(page)

    snapshot = snapshot_at(attempt, 1)
    texts = [t.strip() for t in page.locator("label.option .option-text").all_inner_texts()]
    rights = {c["text"] for c in snapshot["choices"] if c["correct"]}
    for number, text in enumerate(texts, 1):
        if text in rights:
            page.keyboard.press(str(number))
    first_wrong = next(n for n, t in enumerate(texts, 1) if t not in rights)
    page.keyboard.press(str(first_wrong))
    page.keyboard.press(str(first_wrong))  # a second press unticks it
    for text in texts:
        expect(page.get_by_label(text, exact=True)).to_be_checked(checked=text in rights)
    page.screenshot_to("tiles-multiple-answer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Correct", exact=True)).to_be_visible()
    assert attempt.responses.count() == 2


def test_keys_leave_typing_alone_and_enter_saves_an_exam_answer(
    live_server, browser_page, login, student, teacher
):
    page = browser_page
    question_set = make_set(
        teacher, ["numeric", "true_false"], title="Keys exam", mode=QuestionSet.Mode.EXAM
    )
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start exam")
    field = page.get_by_label("Your answer")
    field.click()
    page.keyboard.type("1949")  # digits typed in a box are the answer, not option keys
    expect(field).to_have_value("1949")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    expect(page.get_by_text("Keys: 1–2 to choose, Enter to save.")).to_be_visible()
    htmx_settled(page)
    page.keyboard.press("1")
    expect(page.get_by_label("True", exact=True)).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    assert sorted(attempt.responses.values_list("position", flat=True)) == [0, 1]


PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}

# The widest element, and the buttons another element covers at their centre.
MEASURE_SCREEN = """() => {
  const covered = [];
  for (const button of document.querySelectorAll("main button, main a.button")) {
    const r = button.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    button.scrollIntoView({block: "center"});
    const box = button.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    if (!button.contains(hit)) covered.push(button.textContent.trim());
  }
  const selects = [...document.querySelectorAll("select")]
    .map((s) => s.getBoundingClientRect().right);
  return {width: document.documentElement.scrollWidth, covered, selects};
}"""


def test_a_matching_question_fits_a_phone(request, live_server, browser, login, student, teacher):
    """Selects size to their longest option on a phone (is_mobile): 722 px on the shipped
    "core roles" question, which made the page 875 px wide. No sideways scroll now, on the
    question and its feedback, and no button covered."""
    question = make_question(
        "matching",
        author=teacher,
        prompt="Match each of NATO's core tasks with what it means.",
        choices=[
            {
                "text": "Collective defence",
                "match_text": "An armed attack against one or more Allies is considered an "
                "attack against them all, under Article 5 of the Washington Treaty",
                "is_correct": True,
            },
            {
                "text": "Crisis management",
                "match_text": "Using political and military tools to manage emerging crises "
                "before, during and after conflicts, beyond the Allies' territory",
                "is_correct": True,
            },
            {
                "text": "Cooperative security",
                "match_text": "Working with partner countries and international organisations "
                "to contribute to international security and arms control",
                "is_correct": True,
            },
        ],
    )
    question_set = QuestionSetFactory(owner=teacher, title="Core tasks", questions=[question])
    context = browser.new_context(**PHONE)
    page = context.new_page()
    folder = RESULTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start practice")
    found = page.evaluate(MEASURE_SCREEN)
    page.screenshot(path=folder / "matching-375.png", full_page=True)
    assert found["width"] <= 375, found
    assert len(found["selects"]) == 3 and max(found["selects"]) <= 375, found
    assert not found["covered"], found
    fill_answer(page, snapshot_at(attempt, 0))
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", name="Correct", exact=True)).to_be_visible()
    found = page.evaluate(MEASURE_SCREEN)
    page.screenshot(path=folder / "matching-feedback-375.png", full_page=True)
    assert found["width"] <= 375, found
    assert not found["covered"], found
    context.close()
