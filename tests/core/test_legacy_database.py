"""A database made before the concerns became apps: migrate stops with a way out instead
of a traceback (quizzes/core/checks.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.utils import timezone

from quizzes.core.checks import database_made_before_the_apps

pytestmark = pytest.mark.django_db


def test_a_database_of_this_layout_passes():
    assert database_made_before_the_apps(None, databases=["default"]) == []


def test_old_quizzes_tables_stop_migrate_with_how_to_start_over():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE quizzes_attempt (id integer PRIMARY KEY)")

    (error,) = database_made_before_the_apps(None, databases=["default"])
    assert error.id == "quizzes.E001"
    assert "make reset-db" in error.hint
    with pytest.raises(SystemCheckError, match="quizzes_"):
        call_command("migrate", verbosity=0, skip_checks=False)


def test_old_migration_records_alone_are_found_too():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["quizzes", "0008_field_labels", timezone.now()],
        )

    (error,) = database_made_before_the_apps(None, databases=["default"])
    assert "make reset-db" in error.hint


def test_other_checks_leave_the_database_alone():
    """Checks run without a database (runserver, `check`) do not look."""
    assert database_made_before_the_apps(None) == []
