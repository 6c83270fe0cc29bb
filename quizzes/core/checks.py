"""A database made before the concerns became apps (one `quizzes` app, its tables named
`quizzes_*`) cannot be migrated into the new layout: no deployed database exists, so
there is no conversion, only starting over. `migrate` (and so `make run`) runs this check
first and stops with how to do that, instead of failing half-way with a traceback."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections

LEGACY_APP = "quizzes"


@register(Tags.database)
def database_made_before_the_apps(app_configs, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                tables = connection.introspection.table_names(cursor)
                legacy = [name for name in tables if name.startswith(f"{LEGACY_APP}_")]
                if not legacy and "django_migrations" in tables:
                    cursor.execute("SELECT 1 FROM django_migrations WHERE app = %s", [LEGACY_APP])
                    legacy = [row[0] for row in cursor.fetchall()]
        except DatabaseError:
            continue  # a database that cannot be read yet has nothing from before
        if legacy:
            errors.append(
                Error(
                    f"The database {connection.settings_dict['NAME']!r} was made before the "
                    "quizzes concerns became separate Django apps (it has the old "
                    "'quizzes_*' tables or migrations), and cannot be migrated.",
                    hint="Start over with an empty database: `make reset-db` deletes the "
                    "SQLite file db.sqlite3 (then `make run` makes and fills a new one); "
                    "for PostgreSQL, drop and create the database.",
                    id="quizzes.E001",
                )
            )
    return errors
