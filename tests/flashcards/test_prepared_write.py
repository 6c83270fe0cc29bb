"""On PostgreSQL the rating's write is prepared once per connection and run with a generic
plan: planning it for every rating cost PostgreSQL more CPU than running it."""

import pytest
from django.db import connection

from quizzes.flashcards.models import Card, ReviewLog
from quizzes.flashcards.services import card_review

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan cache"),
]


def review_write_plans() -> tuple[int, int]:
    """(generic, custom) plans of this connection's prepared review writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(generic_plans), 0), COALESCE(SUM(custom_plans), 0)"
            " FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%INSERT INTO%" + ReviewLog._meta.db_table + "%"],
        )
        return cursor.fetchone()


def test_ratings_reuse_one_generic_plan(student, deck_of):
    deck_of(student, 3)
    generic_before, _ = review_write_plans()
    for card in Card.objects.filter(user=student):
        assert card_review(user=student, card_id=card.pk, rating=3, version=0).review
    generic, custom = review_write_plans()
    assert generic - generic_before == 3  # each rating ran the prepared statement
    assert custom == 0  # and none was planned for its own values
    assert ReviewLog.objects.filter(user=student).count() == 3


def test_django_queries_are_not_prepared(student):
    """Only the review write is: the settings that make it so leave the ORM's cursors
    (client-side binding) alone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_prepared_statements")
        before = cursor.fetchone()[0]
    for _ in range(3):
        list(Card.objects.filter(user=student))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == before
