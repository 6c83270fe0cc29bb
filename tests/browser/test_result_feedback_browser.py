"""Practice feedback marked in place and the result page's next steps, in Chromium at
375 px (mobile emulation) and 1280 px: no sideways scroll, no covered button, the
feedback heading focused after the swap, then "Practise my mistakes" from the result."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.attempts.models import Attempt
from tests.attempts.helpers import snapshot_at
from tests.browser.conftest import RESULTS
from tests.browser.test_quiz_player import (
    MEASURE_SCREEN,
    PHONE,
    fill_answer,
    make_set,
    open_set_and_start,
)
from tests.factories import TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPES = ["single_choice", "multiple_answer", "ordering", "matching", "fill_blank", "short_answer"]


@pytest.mark.parametrize("width", [375, 1280])
def test_feedback_in_place_then_practise_my_mistakes(
    request, live_server, browser, login, student, teacher, width
):
    options = PHONE if width == 375 else {"viewport": {"width": 1280, "height": 800}}
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    folder = RESULTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    question_set = make_set(teacher, TYPES, title="Marked in place")
    topic = TopicFactory(name="Operations")
    for item in question_set.items.all():
        item.question.topics.add(topic)
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start practice")
    for index, kind in enumerate(TYPES):
        expect(page.get_by_text(f"Question {index + 1} of {len(TYPES)}")).to_be_visible()
        fill_answer(page, snapshot_at(attempt, index), correct=index == 0)
        page.get_by_role("button", name="Check answer").click()
        heading = page.get_by_role("heading", name="Correct" if index == 0 else "Not quite")
        expect(heading).to_be_focused()
        if index:
            expect(page.locator(".mark-wrong").first).to_be_visible()
            expect(page.get_by_text("Correct answer").first).to_be_visible()
        found = page.evaluate(MEASURE_SCREEN)
        page.screenshot(path=folder / f"{index + 1}-{kind}-feedback.png", full_page=True)
        assert found["width"] <= width, (kind, found)
        assert not found["covered"], (kind, found)
        if index < len(TYPES) - 1:
            page.get_by_role("link", name="Next question").click()
    if width == 375:
        page.emulate_media(color_scheme="dark")
        page.screenshot(path=folder / "feedback-dark.png", full_page=True)
        page.emulate_media(color_scheme="light")
    page.get_by_role("button", name="Finish and see my result").click()
    expect(page.get_by_role("heading", name=re.compile("^Result"))).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    table = page.get_by_role("region", name="By topic")
    expect(table.get_by_role("row", name=re.compile("Operations 1 of 6"))).to_be_visible()
    found = page.evaluate(MEASURE_SCREEN)
    page.screenshot(path=folder / "result.png", full_page=True)
    assert found["width"] <= width and not found["covered"], found
    page.get_by_role("button", name="Practise my mistakes").click()
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    expect(page.get_by_role("heading", name="My mistakes: Marked in place")).to_be_visible()
    practice = Attempt.objects.latest("pk")
    assert sorted(practice.question_ids) == sorted(attempt.question_ids[1:])
    context.close()
