"""The question editor at 375 px and 1280 px (issue 25): the preview beside the form on a
wide screen and below the answers on a phone, a type applied as it is chosen keeping the
typed text, and "Insert blank" at the cursor with its answer field."""

import pytest

from quizzes.questions.models import Question
from tests.browser.helpers import htmx_settled, wait_until
from tests.factories import TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("screen", list(WIDTHS))
def test_type_switch_and_insert_blank(live_server, browser, request, login, teacher, screen):
    TopicFactory(name="Founding")
    context = browser.new_context(viewport=WIDTHS[screen])
    context.set_default_timeout(10_000)
    page = context.new_page()
    shots = request.config.rootpath / "test-results" / request.node.name
    shots.mkdir(parents=True, exist_ok=True)
    login(page, teacher.username)
    page.goto(f"{live_server.url}/workspace/questions/new/")
    # A form just opened lists no problems.
    assert page.locator("#preview .problems").count() == 0
    assert page.locator(".errorlist, [role=alert]").count() == 0

    prompt = page.get_by_label("Prompt")
    prompt.fill("NATO was founded in  by twelve countries.")
    page.get_by_label("Option 1", exact=True).fill("1949")
    htmx_settled(page)

    # The type applies as it is chosen; what was typed stays.
    page.get_by_label("Question type").select_option("fill_blank")
    page.get_by_role("button", name="Insert blank").wait_for()
    htmx_settled(page)
    assert page.evaluate("document.activeElement.id") == "id_type"
    assert prompt.input_value() == "NATO was founded in  by twelve countries."
    assert page.get_by_label("Answer 1", exact=True).input_value() == "1949"

    # Insert blank at the cursor (after "in "): {1}, and an answer field for it (the
    # empty second row: the first holds the answer typed for the old type).
    prompt.click()
    cursor = len("NATO was founded in ")
    page.evaluate(f"document.getElementById('id_prompt').setSelectionRange({cursor}, {cursor})")
    page.get_by_role("button", name="Insert blank").click()
    wait_until(page, "document.getElementById('id_prompt').value.includes('{1}')")
    htmx_settled(page)
    assert prompt.input_value() == "NATO was founded in {1} by twelve countries."
    focused = page.evaluate("document.activeElement.name")
    assert focused.startswith("choices-") and focused.endswith("-text")
    row = focused.split("-")[1]
    assert page.locator(f"[name='choices-{row}-blank']").input_value() == "1"
    assert row == "1"
    page.keyboard.type("1949")
    page.get_by_role("button", name="Remove 1").click()  # the old type's answer
    htmx_settled(page)
    page.locator("#preview input[aria-label='Blank 1']").wait_for()

    # Layout: beside the form on a wide screen, stacked on a phone; never sideways scroll.
    preview, form_prompt = _box(page, "#preview"), _box(page, "#id_prompt")
    if screen == "desktop":
        assert preview["x"] > form_prompt["x"] + form_prompt["width"]
        assert preview["y"] < _box(page, "fieldset.citation")["y"]
    else:
        assert preview["y"] > form_prompt["y"] + form_prompt["height"]
        assert abs(preview["x"] - form_prompt["x"]) < 40
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=shots / f"editor-{screen}.png", full_page=True)

    page.get_by_label("Founding").check()
    page.get_by_label("No source document").check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Question published.").wait_for()
    question = Question.objects.get(author=teacher)
    assert question.type == "fill_blank" and question.prompt == (
        "NATO was founded in {1} by twelve countries."
    )
    assert list(question.choices.values_list("text", "blank")) == [("1949", 1)]
    context.close()
