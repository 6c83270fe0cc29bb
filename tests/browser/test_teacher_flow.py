"""The demo teacher authors a multiple-answer question, builds a set, assigns it to the demo
class, and after a student's attempt reads the score in the gradebook and downloads the CSV.
"""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.classes.management.commands.create_demo_accounts import DEMO_PASSWORD
from quizzes.classes.models import Assignment
from quizzes.questions.models import Question, QuestionSet
from tests.browser.helpers import htmx_settled, wait_until
from tests.factories import PassageFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_authors_assigns_and_grades(live_server, browser_page, login, settings):
    settings.DEBUG = True  # the demo accounts command runs in development only
    call_command("create_demo_accounts", stdout=io.StringIO())
    settings.DEBUG = False
    page = browser_page
    url = live_server.url
    login(page, "teacher", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    TopicFactory(name="Founding members")

    # A multiple-answer question with the editor.
    nav.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name="New question", exact=True).click()
    page.get_by_label("Question type").select_option("multiple_answer")  # applies at once
    page.wait_for_selector("text=Select all that apply.")
    htmx_settled(page)
    page.get_by_label("Prompt").fill("Which countries were founding members of NATO?")
    page.get_by_label("Option 1", exact=True).fill("Belgium")
    page.get_by_label("Option 2", exact=True).fill("Canada")
    page.get_by_role("button", name="Add an option").click()
    # Focus lands in the new row; live preview updates while typing keep it there.
    wait_until(page, "document.activeElement.id === 'id_choices-2-text'")
    page.keyboard.type("Sweden")
    page.locator("#preview li", has_text="Sweden").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_choices-2-text"
    correct = page.locator("input[name$='-is_correct'][type=checkbox]")
    correct.nth(0).check()
    correct.nth(1).check()
    wait_until(page, "!document.querySelector('#preview .problems')")
    page.get_by_label("Founding members").check()
    page.get_by_label("No source document").check()
    page.screenshot_to("question-editor")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"{url}/workspace/questions/*/")
    question = Question.objects.get(author__username="teacher")
    assert question.type == "multiple_answer" and question.status == "published"
    assert question.choices.filter(is_correct=True).count() == 2

    # A new set with that question, published.
    nav.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name="New question set").click()
    page.get_by_label("Title").fill("Founders quiz")
    page.get_by_role("button", name="Create set").click()
    page.screenshot_to("set-editor")
    page.get_by_role("button", name="Add to set: Which countries").click()
    page.locator("#items").get_by_text("Which countries were founding members").wait_for()
    page.locator("#search-results").get_by_text("No other questions match.").wait_for()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Set published.").wait_for()
    question_set = QuestionSet.objects.get(title="Founders quiz")
    assert question_set.status == "published" and question_set.items.count() == 1

    # Assigned to the demo class.
    nav.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="Demo class").click()
    page.get_by_role("link", name="Assign a question set").click()
    page.get_by_label("Question set").select_option(label="Founders quiz")
    now = timezone.now()
    page.get_by_label("Opens at").fill((now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Due at").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("is assigned to Demo class").wait_for()
    assignment = Assignment.objects.get(question_set=question_set)

    # student1 takes it through the quiz player, from their assignment list, and picks
    # one of the two right answers: half the mark.
    student_page = page.context.browser.new_page()
    login(student_page, "student1", DEMO_PASSWORD)
    student_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My assignments"
    ).click()
    student_page.get_by_role("row").filter(has_text="Founders quiz").get_by_role(
        "button", name="Start"
    ).click()
    student_page.get_by_text("Question 1 of 1").wait_for()
    student_page.get_by_label("Belgium", exact=True).check()
    student_page.get_by_role("button", name="Check answer").click()
    student_page.get_by_role("button", name="Finish and see my result").click()
    student_page.get_by_role("heading", name=re.compile("^Result")).wait_for()
    student_page.close()
    attempt = Attempt.objects.get(user__username="student1", assignment=assignment)
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.percent == 50.0

    page.get_by_role("link", name="Gradebook").click()
    row = page.get_by_role("row").filter(has_text="Ana Silva")  # the demo student, by name
    assert "50%" in row.inner_text()
    page.screenshot_to("gradebook")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())  # the byte-order mark Excel needs for UTF-8
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Username" and rows[0][2].startswith("Founders quiz")
    student_row = next(r for r in rows if r[0] == "student1")
    assert student_row[2:4] == ["50.0", "Submitted"]


def test_question_editor_works_without_javascript(live_server, no_js_page, login, teacher):
    page = no_js_page
    TopicFactory(name="Members")
    login(page, teacher.username)
    page.goto(f"{live_server.url}/workspace/questions/new/")
    page.get_by_label("Question type").select_option("multiple_answer")
    page.get_by_role("button", name="Change type").click()
    page.get_by_label("Prompt").fill("Which are NATO members?")
    page.get_by_label("Option 1", exact=True).fill("Norway")
    page.get_by_label("Option 2", exact=True).fill("Austria")
    page.get_by_role("button", name="Add an option").click()
    assert page.get_by_label("Option 2", exact=True).input_value() == "Austria"
    page.get_by_label("Option 3", exact=True).fill("Iceland")
    page.get_by_role("button", name="Move 3 up").click()
    assert page.get_by_label("Option 2", exact=True).input_value() == "Iceland"
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("needs at least one correct option").first.wait_for()
    page.get_by_text("Choose at least one topic before publishing.").wait_for()
    correct = page.locator("input[name$='-is_correct'][type=checkbox]")
    correct.nth(0).check()
    correct.nth(1).check()
    page.get_by_label("Members").check()
    page.get_by_label("No source document").check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Question published.").wait_for()
    page.screenshot_to("saved-without-js")
    question = Question.objects.get(author=teacher)
    assert [c.text for c in question.choices.filter(is_correct=True)] == ["Norway", "Iceland"]


def test_enter_in_the_question_editor_searches_or_does_nothing(
    live_server, browser_page, login, teacher
):
    """Enter used to press the editor's first button, "Change type", and reload the page."""
    passage = PassageFactory(text="The treaty was signed in Washington in April 1949.")
    page = browser_page
    login(page, teacher.username)
    page.goto(f"{live_server.url}/workspace/questions/new/")
    page.get_by_label("Question type").select_option("multiple_answer")
    page.wait_for_selector("text=Select all that apply.")
    htmx_settled(page)
    prompt = page.get_by_label("Prompt")
    prompt.fill("When was the treaty signed?")
    option = page.get_by_label("Option 1", exact=True)
    option.fill("1949")
    option.press("Enter")  # nothing: no reload, no type change, focus stays
    assert page.evaluate("document.activeElement.id") == "id_choices-0-text"
    search = page.get_by_label("Find a passage in the source documents")
    search.fill("April 1949")
    search.press("Enter")
    page.locator("#passage-results", has_text=passage.text[:30]).wait_for()
    assert page.get_by_label("Question type").input_value() == "multiple_answer"
    assert prompt.input_value() == "When was the treaty signed?"


def test_arrow_keys_on_the_question_type_apply_each_type_and_keep_the_typed_options(
    live_server, browser_page, login, teacher
):
    """In Chromium each arrow key on a closed select fires `change`: each type reached is
    applied at once (issue 25), focus stays on the select so the next key goes on, and the
    options typed before passing over "True or false" (its own pair) come back."""
    TopicFactory(name="Headquarters")
    page = browser_page
    login(page, teacher.username)
    page.goto(f"{live_server.url}/workspace/questions/new/")
    page.get_by_label("Prompt").fill("Where is NATO's headquarters?")
    page.get_by_label("Option 1", exact=True).fill("Brussels")
    page.locator("input[name='choices-0-is_correct']").check()
    page.get_by_label("Option 2", exact=True).fill("Paris")
    htmx_settled(page)
    assert not page.get_by_role("button", name="Change type").is_visible()  # no-JS only

    # Keyboard only: back to the select, then down over types and up again.
    page.get_by_label("Prompt").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "id_type"

    def step(key: str, expected: str) -> None:
        page.keyboard.press(key)
        shown = "(kind) => document.querySelector('input[name=shown_type]').value === kind"
        wait_until(page, shown, expected)
        htmx_settled(page)
        wait_until(page, "document.activeElement.id === 'id_type'")

    step("ArrowDown", "multiple_answer")
    page.get_by_text("Select all that apply.").wait_for()
    step("ArrowDown", "true_false")
    assert page.get_by_label("Option 1", exact=True).input_value() == "True"
    step("ArrowDown", "short_answer")
    assert page.get_by_label("Answer 1", exact=True).input_value() == "Brussels"
    page.screenshot_to("type-select-arrows")
    for expected in ("true_false", "multiple_answer", "single_choice"):
        step("ArrowUp", expected)
    assert page.get_by_label("Prompt").input_value() == "Where is NATO's headquarters?"
    assert page.get_by_label("Option 1", exact=True).input_value() == "Brussels"
    assert page.get_by_label("Option 2", exact=True).input_value() == "Paris"
    assert page.locator("input[name='choices-0-is_correct']").is_checked()
    page.get_by_label("Headquarters").check()
    page.get_by_label("No source document").check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Question published.").wait_for()
    question = Question.objects.get(author=teacher)
    assert question.type == "single_choice" and question.no_source
    assert list(question.choices.values_list("text", "is_correct")) == [
        ("Brussels", True),
        ("Paris", False),
    ]
