"""The stored card schedules exactly like py-fsrs's in-memory card."""

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating

from quizzes.flashcards.models import Card, StudySettings
from quizzes.flashcards.scheduling import format_interval, preview_intervals, scheduler_for
from quizzes.flashcards.services import card_review
from tests.factories import CardFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
RATINGS = [Rating.Good, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy, Rating.Good]


def test_database_round_trip_schedules_like_the_in_memory_card(student):
    card = CardFactory(user=student, due=START)
    scheduler = scheduler_for(retention=0.9)
    memory = FsrsCard(card_id=card.pk, due=START)
    when = START
    for rating in RATINGS:
        memory, _ = scheduler.review_card(memory, rating, review_datetime=when)
        stored = Card.objects.get(pk=card.pk)
        stored_next, _ = scheduler.review_card(stored.to_fsrs(), rating, review_datetime=when)
        stored.set_from_fsrs(stored_next)
        stored.save()
        reloaded = Card.objects.get(pk=card.pk)
        assert reloaded.to_fsrs().to_dict() == memory.to_dict()
        when = memory.due + timedelta(hours=1)


def test_service_reviews_match_py_fsrs_step_by_step(student):
    card = CardFactory(user=student, due=START)
    scheduler = scheduler_for(retention=0.9)
    memory = FsrsCard(card_id=card.pk, due=START)
    when = START
    for rating in RATINGS:
        version = Card.objects.get(pk=card.pk).version
        card_review(user=student, card_id=card.pk, rating=rating, version=version, now=when)
        memory, _ = scheduler.review_card(memory, rating, review_datetime=when)
        assert Card.objects.get(pk=card.pk).to_fsrs().to_dict() == memory.to_dict()
        when = memory.due


def test_preview_is_the_interval_the_rating_gives(student):
    card = CardFactory(user=student, due=START)
    previews = preview_intervals(retention=0.9, card=card, now=START)
    assert previews == {1: "1m", 2: "6m", 3: "10m", 4: previews[4]}
    card_review(user=student, card_id=card.pk, rating=4, version=0, now=START)
    card.refresh_from_db()
    assert format_interval(card.due - START) == previews[4]
    assert card.state == Card.State.REVIEW


def test_desired_retention_changes_intervals(student, other_student):
    card = CardFactory(user=student, due=START)
    card_review(user=student, card_id=card.pk, rating=4, version=0, now=START)
    card.refresh_from_db()
    relaxed = preview_intervals(retention=0.9, card=card, now=card.due)[3]
    strict = preview_intervals(retention=0.97, card=card, now=card.due)[3]
    assert relaxed != strict
    # Ratings use each student's saved setting (the default 0.90 without one).
    StudySettings.objects.create(user=other_student, desired_retention=0.97)
    other = CardFactory(user=other_student, due=START, question=card.question)
    card_review(user=other_student, card_id=other.pk, rating=4, version=0, now=START)
    other.refresh_from_db()
    assert other.due - START < card.due - START
    assert format_interval(other.due - START) != format_interval(card.due - START)


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=90), "3.0mo"),
        (timedelta(days=730), "2.0y"),
    ],
)
def test_format_interval(interval, text):
    assert format_interval(interval) == text
