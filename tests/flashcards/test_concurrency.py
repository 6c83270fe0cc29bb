"""Two simultaneous POSTs of the same rating are applied once (needs row locks: PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from quizzes.flashcards.forms import schedule_token, shown_card
from quizzes.flashcards.models import Card, ReviewLog
from quizzes.flashcards.services import card_review
from tests.factories import CardFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks"),
]


def rate_together(student, card, ratings, **extra):
    """Rate `card` once per rating, in threads released together; (outcomes, errors)."""
    barrier = threading.Barrier(len(ratings))
    outcomes, errors = [], []

    def rate(rating):
        try:
            barrier.wait()
            result = card_review(user=student, card_id=card.pk, rating=rating, version=0, **extra)
            outcomes.append(result.outcome)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=rate, args=(rating,)) for rating in ratings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


def test_concurrent_identical_ratings_are_applied_once(student):
    card = CardFactory(user=student)
    _, errors = rate_together(student, card, [3] * 4)
    assert errors == []
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert Card.objects.get(pk=card.pk).version == 1


def test_concurrent_different_ratings_of_one_version_apply_one_from_the_state_read(student):
    card = CardFactory(user=student)
    before = Card.objects.get(pk=card.pk).to_fsrs().to_dict()
    outcomes, errors = rate_together(student, card, [1, 2, 3, 4])
    assert errors == []
    assert sorted(o.value for o in outcomes) == ["already_applied"] * 3 + ["applied"]
    (log,) = ReviewLog.objects.filter(card=card)
    saved = Card.objects.get(pk=card.pk)
    assert log.state_before == before
    assert saved.to_fsrs().to_dict() == log.state_after and saved.version == 1


def test_concurrent_ratings_of_the_card_as_shown_are_applied_once(student):
    card = CardFactory(user=student)
    shown = shown_card(schedule_token(Card.objects.get(pk=card.pk), retention=0.9))
    _, errors = rate_together(student, card, [3] * 4, shown=shown)
    assert errors == []
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert Card.objects.get(pk=card.pk).version == 1
