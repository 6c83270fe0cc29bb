"""The schema as migrated: the models and migrations agree, and the tables written on every
answer, rating and attempt carry no index that another index already covers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from quizzes.attempts.models import Attempt, Response
from quizzes.flashcards.models import Card, ReviewLog


def test_models_and_migrations_agree(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize("model", [Attempt, Response, Card, ReviewLog])
def test_no_index_is_a_prefix_of_another(db, model):
    """Each index is written with every row: one whose columns lead another index serves
    no lookup that the longer one does not, and only slows the hot writes."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexes = {
        name: tuple(c["columns"])
        for name, c in constraints.items()
        if (c["index"] or c["unique"]) and not c["primary_key"] and c["columns"]
    }
    redundant = [
        (name, columns, other)
        for name, columns in indexes.items()
        for other_name, other in indexes.items()
        if other_name != name and len(other) > len(columns) and other[: len(columns)] == columns
    ]
    assert redundant == []
