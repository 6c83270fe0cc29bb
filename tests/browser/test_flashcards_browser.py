"""Studying flashcards in a real browser, with the keyboard only and without JavaScript."""

import re
import zoneinfo

import pytest
from django.utils import timezone

from quizzes.flashcards.models import Deck, ReviewLog
from quizzes.flashcards.services import deck_add
from tests.browser.helpers import htmx_settled, wait_until
from tests.factories import QuestionFactory, QuestionSetFactory


@pytest.fixture
def student(student):
    """The student in a time zone where it is daytime now: a card due again in minutes
    stays "today" (run at 23:55 UTC, the learning steps would fall in tomorrow)."""
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        if 2 <= timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).hour <= 21:
            student.time_zone = zone
            student.save(update_fields=["time_zone"])
            break
    return student


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def counts(page) -> str:
    return page.locator("#queue-counts").inner_text()


def prompt(page) -> str:
    return page.locator("#card-prompt").inner_text()


def flip_and_rate(page, key: str):
    htmx_settled(page)
    before = prompt(page)
    page.keyboard.press("Space")
    page.locator("[data-rating]").first.wait_for()
    page.keyboard.press(key)
    wait_until(
        page,
        "before => !document.querySelector('[data-rating]') &&"
        " (document.querySelector('#card-prompt')?.innerText !== before"
        " || document.querySelector('[data-flip]'))",
        arg=before,
    )


def test_study_five_cards_with_the_keyboard(live_server, browser_page, login, student):
    page = browser_page
    question_set = QuestionSetFactory(questions=[QuestionFactory() for _ in range(5)])
    deck_add(user=student, question_set=question_set)
    login(page, student.username)
    page.goto(f"{live_server.url}/study/")
    assert counts(page) == "Today: 0 due, 5 new"
    # The counts' live region stays on the page (a region swapped in is not announced).
    page.evaluate("document.querySelector('#queue-status').dataset.original = 'yes'")
    page.screenshot_to("front")

    page.keyboard.press("Space")
    buttons = page.locator("[data-rating]")
    buttons.first.wait_for()
    # Each button shows its key (1-4, hidden from screen readers: aria-keyshortcuts says it).
    shown = [re.sub(r"^(\d)\s*", r"\1 ", t) for t in buttons.all_inner_texts()]
    assert shown == ["1 Again · 1m", "2 Hard · 6m", "3 Good · 10m", "4 Easy · 8d"]
    assert page.get_by_role("link", name="Read in source").is_visible()
    page.screenshot_to("back")
    page.keyboard.press("4")
    page.locator("[data-flip]").wait_for()
    assert counts(page) == "Today: 0 due, 4 new"
    assert page.locator("#queue-status[aria-live=polite][data-original=yes]").count() == 1

    for key in ("4", "3", "4", "1"):
        flip_and_rate(page, key)
    # Good and Again put two cards in learning, due again today.
    wait_until(page, "document.querySelector('#queue-counts').innerText.includes('0 new')")
    assert counts(page) == "Today: 2 due, 0 new"

    htmx_settled(page)
    page.keyboard.press("u")  # undo Again: the card is new again and shown
    wait_until(page, "document.querySelector('#queue-counts').innerText.includes('1 new')")
    assert counts(page) == "Today: 1 due, 1 new"
    assert "Last rating undone." in page.locator("#messages").inner_text()
    flip_and_rate(page, "4")
    wait_until(page, "document.querySelector('#queue-counts').innerText.includes('0 new')")
    assert counts(page) == "Today: 1 due, 0 new"
    page.screenshot_to("after")

    page.goto(f"{live_server.url}/study/stats/")
    per_day = page.locator("#reviews-per-day-table td").all_text_contents()
    assert per_day[-1] == "5"
    assert page.locator("#cards-by-state-table td").all_text_contents() == ["0", "1", "4", "0"]
    page.screenshot_to("stats")


def test_study_without_javascript(live_server, no_js_page, login, student):
    page = no_js_page
    question_set = QuestionSetFactory(questions=[QuestionFactory() for _ in range(2)])
    login(page, student.username)
    page.goto(f"{live_server.url}/sets/{question_set.slug}/")
    page.get_by_role("button", name="Study as flashcards").click()
    assert counts(page) == "Today: 0 due, 2 new"
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name=re.compile(r"^Easy · ")).click()
    assert counts(page) == "Today: 0 due, 1 new"
    page.get_by_label("1949").check()
    page.get_by_role("button", name="Check answer").click()
    assert "Correct." in page.locator("#answer-feedback").inner_text()
    page.get_by_role("button", name="Good · 10m").click()
    assert counts(page) == "Today: 1 due, 0 new"


def test_rating_a_card_whose_set_was_removed_in_another_tab(
    live_server, browser_page, login, student
):
    page = browser_page
    question_set = QuestionSetFactory(questions=[QuestionFactory()])
    deck_add(user=student, question_set=question_set)
    login(page, student.username)
    page.goto(f"{live_server.url}/study/")
    page.keyboard.press("Space")
    page.locator("[data-rating]").first.wait_for()
    htmx_settled(page)
    Deck.objects.filter(user=student).delete()  # the other tab's "Stop studying"
    page.keyboard.press("3")
    alert = page.locator("#study [role=alert]")
    alert.wait_for()
    assert "its set may have been removed" in alert.inner_text()
    wait_until(page, "document.activeElement.getAttribute('role') === 'alert'")
    assert not page.locator("[data-rating]").count()
    assert not ReviewLog.objects.exists()
