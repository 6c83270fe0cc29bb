"""What the study screen and the statistics show (issue 24, "Flashcards, charts and
reports"): coloured rating buttons with their key and interval, the card's place among
today's, the canonical short answer with the other forms folded, retention that says why
it has no figure, reviews per day as columns on a dated axis."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.flashcards.models import Card
from quizzes.flashcards.services import card_review
from quizzes.questions.models import QuestionType
from tests.conftest import HTMX
from tests.factories import CardFactory, QuestionSetFactory, make_question

pytestmark = pytest.mark.django_db

STUDY = "/study/"
STATS = "/study/stats/"


def rate(client, card, rating=3):
    return client.post(f"/study/cards/{card.pk}/rate/", {"rating": rating, "version": 0})


def buttons(body: str) -> list[str]:
    return re.findall(r'<button type="submit" name="rating".*?</button>', body, re.S)


def test_rating_buttons_are_coloured_and_show_their_key_and_interval(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    client = as_user(student)
    for extra in ({}, HTMX):
        back = client.get(STUDY, {"flip": card.pk}, **extra).content.decode()
        shown = buttons(back)
        assert len(shown) == 4
        labels = ("Again", "Hard", "Good", "Easy")
        for value, label, button in zip((1, 2, 3, 4), labels, shown, strict=True):
            assert f'class="rating rating-{value}' in button  # its colour (app.css)
            assert f'<kbd aria-hidden="true">{value}</kbd>' in button
            assert f'aria-keyshortcuts="{value}"' in button
            # "Good · 10m": the label and the interval the rating would give
            assert re.search(rf"{label} · \d+(\.\d)?(m|h|d|mo|y)</button>", button), button
    # A new card rated Again comes back in minutes, Easy in days.
    again, *_, easy = buttons(back)
    assert re.search(r"Again · \d+m<", again) and re.search(r"Easy · \d+d<", easy)


def test_the_card_on_screen_says_its_place_among_todays(as_user, student, deck_of):
    deck_of(student, 14)
    client = as_user(student)
    cards = list(Card.objects.filter(user=student).order_by("pk"))
    front = client.get(STUDY).content.decode()
    assert "Card 1 of 14</strong> · 13 left today" in front
    for card in cards[:2]:
        rate(client, card, 4)  # Easy: out of today's queue
    for extra in ({}, HTMX):
        front = client.get(STUDY, **extra).content.decode()
        assert "Card 3 of 14</strong> · 11 left today" in front


def test_a_card_rated_again_comes_back_and_the_count_grows(as_user, student, deck_of):
    deck_of(student, 2)
    client = as_user(student)
    first = Card.objects.filter(user=student).order_by("pk").first()
    rate(client, first, 1)  # Again: due again today
    front = client.get(STUDY).content.decode()
    assert "Card 2 of 3</strong> · 1 left today" in front


def test_nothing_to_study_shows_no_card_position(as_user, student, deck_of):
    deck_of(student, 1)
    client = as_user(student)
    rate(client, Card.objects.get(user=student), 4)
    page = client.get(STUDY).content.decode()
    assert "Nothing to study right now" in page and "Card 1 of" not in page


def test_check_answer_and_show_answer_are_set_apart(as_user, student):
    question = make_question(QuestionType.SINGLE_CHOICE)
    QuestionSetFactory(questions=[question])
    CardFactory(user=student, question=question)
    front = as_user(student).get(STUDY).content.decode()
    check = front.index('<button type="submit" class="check-answer">Check answer</button>')
    divider = front.index('<p class="or-divider" aria-hidden="true"><span>or</span></p>')
    show = front.index("Show answer</button>")
    assert check < divider < show
    assert 'class="secondary outline">Show answer' in front  # not a second primary button


def test_a_short_answer_card_shows_the_canonical_answer_and_folds_the_others(as_user, student):
    question = make_question(QuestionType.SHORT_ANSWER)
    QuestionSetFactory(questions=[question])
    card = CardFactory(user=student, question=question)
    back = as_user(student).get(STUDY, {"flip": card.pk}).content.decode()
    assert '<p class="answer canonical"><strong>Washington Treaty</strong></p>' in back
    folded = re.search(r'<details class="also-accepted">.*?</details>', back, re.S)[0]
    assert "<summary>also accepted: 1 form</summary>" in folded
    assert "<li>North Atlantic Treaty</li>" in folded


def test_true_retention_without_review_cards_says_why(as_user, student):
    now = timezone.now()
    cards = [CardFactory(user=student, due=now) for _ in range(8)]
    for card in cards:  # eight ratings of new cards: none is in review yet
        card_review(user=student, card_id=card.pk, rating=1, version=0, now=now)
    page = as_user(student).get(STATS).content.decode()
    assert "no reviews" not in page
    assert "Last 7 days: 8 reviews, none of a card in review yet." in page
    assert "true retention counts only cards in review" in page


def test_true_retention_with_no_reviews_at_all_says_so(as_user, student):
    page = as_user(student).get(STATS).content.decode()
    assert "Last 7 days: no reviews." in page
    assert "true retention counts only cards in review" not in page


def test_reviews_per_day_are_columns_on_a_dated_axis(as_user, student):
    now = timezone.now()
    card = CardFactory(user=student, due=now - timedelta(days=3))
    card_review(user=student, card_id=card.pk, rating=1, version=0, now=now - timedelta(days=3))
    card_review(user=student, card_id=card.pk, rating=3, version=1, now=now)
    page = as_user(student).get(STATS).content.decode()
    chart = re.search(r'<svg class="column-chart" id="reviews-per-day".*?</svg>', page, re.S)[0]
    assert len(re.findall(r"<rect ", chart)) == 2  # one column per day with reviews
    weeks = re.findall(r'<g class="weeks">(.*?)</g>', chart, re.S)[0]
    labels = re.findall(r"<text [^>]*>(\d{1,2} \w{3})</text>", weeks)
    assert 4 <= len(labels) <= 5  # every Monday of the 30 days, labelled with its date
    assert "2 in all, on 2 days" in page
    table = re.search(r'id="reviews-per-day-table".*?</table>', page, re.S)[0]
    assert len(re.findall(r"<tr><th scope=\"row\">", table)) == 30


def test_reviews_per_day_without_reviews_draws_no_empty_chart(as_user, student):
    page = as_user(student).get(STATS).content.decode()
    assert "No reviews in these days yet." in page and 'class="column-chart"' not in page
