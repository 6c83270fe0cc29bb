"""Flashcards, charts and item analysis in Chromium at 375 px (mobile emulation) and
1280 px (issue 24): the study screen's coloured ratings, the statistics' columns, the score
history and heat map, item analysis's wrapping questions; no sideways scroll, rating
buttons in reach, axe clean in light and dark. Screenshots in test-results/<test>/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.flashcards.models import Card
from quizzes.flashcards.services import card_review, deck_add
from tests.browser.test_accessibility import Audit
from tests.factories import (
    AttemptFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    make_question,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def studied(student):
    """A student with a deck of short answers and a week of reviews behind them."""
    questions = [make_question("short_answer") for _ in range(6)]
    question_set = QuestionSetFactory(title="Founding of NATO", questions=questions)
    deck_add(user=student, question_set=question_set)
    now = timezone.now()
    for days_ago, card in zip((9, 6, 6, 3, 1), Card.objects.filter(user=student), strict=False):
        when = now - timedelta(days=days_ago)
        card_review(user=student, card_id=card.pk, rating=3, version=0, now=when)
    return question_set


@pytest.fixture
def analysed(teacher, student):
    """A set of a long question, a fill-in blank and a choice question with ten attempts."""
    long = QuestionFactory(
        author=teacher,
        prompt="Which statement about the North Atlantic Treaty, signed in Washington on "
        "4 April 1949 by twelve founding members, describes its collective defence clause?",
    )
    blank = make_question("fill_blank", author=teacher, prompt="NATO was founded in {1}.")
    choice = QuestionFactory(author=teacher, prompt="Where is NATO's headquarters?")
    question_set = QuestionSetFactory(owner=teacher, questions=[long, blank, choice])
    for i in range(10):
        attempt = AttemptFactory(
            user=student,
            question_set=question_set,
            status=Attempt.Status.SUBMITTED,
            submitted_at=timezone.now() - timedelta(days=10 - i),
            question_ids=[long.pk, blank.pk, choice.pk],
            score=0,
            percent=30 + 6 * i,
        )
        for position, question in enumerate((long, blank, choice)):
            ResponseFactory(
                attempt=attempt, question=question, position=position, score=float(i % 2)
            )
    return question_set


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_study_and_statistics_fit_and_read(live_server, browser, login, student, studied, size):
    context = browser.new_context(**(PHONE if size == "phone" else DESKTOP))
    page = context.new_page()
    login(page, student.username)
    page.goto(f"{live_server.url}/study/")
    position = page.locator("#card-position")
    assert position.inner_text().startswith("Card ") and "left today" in position.inner_text()
    assert page.evaluate(WIDTH) <= (375 if size == "phone" else 1280)
    page.screenshot(path=_shot(f"study-front-{size}"), full_page=True)
    page.get_by_role("button", name="Show answer").click()
    ratings = page.locator("[data-rating]")
    ratings.first.wait_for()
    assert ratings.count() == 4
    colours = set()
    for i in range(4):
        box = ratings.nth(i).bounding_box()
        assert box["height"] >= 43.5 and box["x"] >= 0 and box["x"] + box["width"] <= 1280
        if size == "phone":
            assert box["x"] + box["width"] <= 375
        colours.add(ratings.nth(i).evaluate("e => getComputedStyle(e).backgroundColor"))
    assert len(colours) == 4  # Again, Hard, Good, Easy each in its own colour
    assert page.locator("details.also-accepted summary").inner_text() == "also accepted: 1 form"
    assert page.evaluate(WIDTH) <= (375 if size == "phone" else 1280)
    page.screenshot(path=_shot(f"study-back-{size}"), full_page=True)

    page.goto(f"{live_server.url}/study/stats/")
    chart = page.locator("svg#reviews-per-day").bounding_box()
    assert chart["width"] <= (375 if size == "phone" else 1280)
    label = page.locator("svg#reviews-per-day .weeks text").first.bounding_box()
    assert label["height"] >= 8  # week labels legible once the chart has shrunk
    assert page.evaluate(WIDTH) <= (375 if size == "phone" else 1280)
    page.screenshot(path=_shot(f"stats-{size}"), full_page=True)
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_item_analysis_and_progress_fit_and_read(
    live_server, browser, login, student, teacher, analysed, size
):
    context = browser.new_context(**(PHONE if size == "phone" else DESKTOP))
    page = context.new_page()
    login(page, teacher.username)
    page.goto(f"{live_server.url}/workspace/sets/{analysed.slug}/analysis/")
    assert page.locator("#few-responses").is_visible()
    cell = page.locator("td.question-cell").first
    assert "collective defence clause?" in cell.inner_text()  # whole, wrapped
    assert cell.bounding_box()["height"] > 40  # more than one line: it wraps
    assert "____ (1)" in page.locator("td.question-cell").nth(1).inner_text()
    assert page.evaluate(WIDTH) <= (375 if size == "phone" else 1280)
    page.screenshot(path=_shot(f"item-analysis-{size}"), full_page=True)
    context.close()

    context = browser.new_context(**(PHONE if size == "phone" else DESKTOP))
    page = context.new_page()
    login(page, student.username)
    page.goto(f"{live_server.url}/progress/")
    assert page.locator("svg.score-chart polyline.line").count() == 1
    date_label = page.locator("svg.score-chart .dates text").first.bounding_box()
    assert date_label["height"] >= 9  # readable at phone width
    assert page.evaluate(WIDTH) <= (375 if size == "phone" else 1280)
    page.screenshot(path=_shot(f"progress-{size}"), full_page=True)
    context.close()


def test_cards_and_charts_pass_axe_in_light_and_dark(
    live_server, browser, login, student, teacher, studied, analysed
):
    audit = Audit("cards-charts")
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, **PHONE)
        page = context.new_page()
        login(page, student.username)
        for path in ("/study/", "/study/stats/", "/progress/"):
            page.goto(f"{live_server.url}{path}")
            audit(page, f"{scheme}-{path.strip('/').replace('/', '-')}")
        page.goto(f"{live_server.url}/study/")
        page.get_by_role("button", name="Show answer").click()
        page.locator("[data-rating]").first.wait_for()
        audit(page, f"{scheme}-study-back")
        context.close()
        context = browser.new_context(color_scheme=scheme, **PHONE)
        page = context.new_page()
        login(page, teacher.username)
        page.goto(f"{live_server.url}/workspace/sets/{analysed.slug}/analysis/")
        audit(page, f"{scheme}-item-analysis")
        context.close()
    audit.assert_clean()


def _shot(name: str):
    from tests.browser.conftest import RESULTS

    folder = RESULTS / "cards24"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"
