"""A teacher imports a GIFT file in a real browser, with htmx and without JavaScript."""

import pytest

from quizzes.questions.models import Question, QuestionSet
from tests.browser.helpers import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GIFT = b"::Founded::When was NATO founded?{#1949:0}\n\nIs NATO an alliance?{T}\n\nEssay {}\n"


def upload_and_confirm(page, live_server, tmp_path):
    path = tmp_path / "nato.gift"
    path.write_bytes(GIFT)
    page.get_by_role("link", name="Import questions").click()
    page.get_by_label("GIFT or CSV file").set_input_files(str(path))
    page.get_by_label("New set title").fill("From Moodle")
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("2 questions will be created").wait_for()
    assert page.get_by_text("essay question skipped").is_visible()
    page.screenshot_to("preview")
    page.get_by_role("button", name="Create 2 questions").click()
    page.get_by_role("heading", name="From Moodle").wait_for()
    page.screenshot_to("imported")


@pytest.mark.parametrize("page_fixture", ["browser_page", "no_js_page"])
def test_teacher_imports_a_gift_file(live_server, login, teacher, tmp_path, page_fixture, request):
    page = request.getfixturevalue(page_fixture)
    login(page, teacher.username)
    upload_and_confirm(page, live_server, tmp_path)
    assert page.get_by_text("Imported 2 questions into “From Moodle”.").is_visible()
    assert QuestionSet.objects.get().questions.count() == 2
    assert Question.objects.get(key="founded").numeric_value == 1949
    assert page.get_by_role("link", name="Moodle GIFT").is_visible()


def test_a_broken_file_lists_its_lines(live_server, browser_page, login, teacher, tmp_path):
    path = tmp_path / "broken.gift"
    path.write_bytes(b"Fine?{T}\n\nBroken {#soon}\n")
    login(browser_page, teacher.username)
    browser_page.goto(f"{live_server.url}/interop/import/")
    browser_page.get_by_label("GIFT or CSV file").set_input_files(str(path))
    browser_page.get_by_role("button", name="Preview").click()
    alert = browser_page.get_by_role("alert")
    alert.get_by_text("Line 3: the numeric answer “soon” is not a number").wait_for()
    # The panel is swapped whole (outerHTML): focus still lands on the refusal.
    wait_until(browser_page, "document.activeElement.getAttribute('role') === 'alert'")
    browser_page.screenshot_to("errors")
    assert not Question.objects.exists()


def test_preview_takes_focus(live_server, browser_page, login, teacher, tmp_path):
    """Keyboard and screen-reader users land on the preview the panel swap brought in."""
    path = tmp_path / "nato.gift"
    path.write_bytes(GIFT)
    login(browser_page, teacher.username)
    browser_page.goto(f"{live_server.url}/interop/import/")
    browser_page.get_by_label("GIFT or CSV file").set_input_files(str(path))
    browser_page.get_by_role("button", name="Preview").click()
    browser_page.get_by_text("2 questions will be created").wait_for()
    wait_until(
        browser_page, "document.activeElement.getAttribute('aria-labelledby') === 'preview-heading'"
    )
