"""Foreign keys that lead a composite index or unique constraint lose their own index.

Each of these single-column indexes is a prefix of another index on the same table, which
serves the same lookups; dropping them saves an index write per answer, rating and attempt.
Only the indexes are dropped: AlterField alone would also drop and re-add (and so
re-validate, under a table lock) each foreign key constraint on PostgreSQL, which on a
school's million answers means seconds of blocked writes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_ordering_without_joins"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "quizzes_attempt_assignment_id_4f0a831a"',
                    reverse_sql='CREATE INDEX "quizzes_attempt_assignment_id_4f0a831a" ON "quizzes_attempt" ("assignment_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "quizzes_attempt_question_set_id_6e19ee3a"',
                    reverse_sql='CREATE INDEX "quizzes_attempt_question_set_id_6e19ee3a" ON "quizzes_attempt" ("question_set_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "quizzes_attempt_user_id_ef81d7e3"',
                    reverse_sql='CREATE INDEX "quizzes_attempt_user_id_ef81d7e3" ON "quizzes_attempt" ("user_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "quizzes_card_user_id_42291c3d"',
                    reverse_sql='CREATE INDEX "quizzes_card_user_id_42291c3d" ON "quizzes_card" ("user_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "quizzes_response_attempt_id_3504bb54"',
                    reverse_sql='CREATE INDEX "quizzes_response_attempt_id_3504bb54" ON "quizzes_response" ("attempt_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "quizzes_response_question_id_883a41b1"',
                    reverse_sql='CREATE INDEX "quizzes_response_question_id_883a41b1" ON "quizzes_response" ("question_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "quizzes_reviewlog_user_id_4b029b55"',
                    reverse_sql='CREATE INDEX "quizzes_reviewlog_user_id_4b029b55" ON "quizzes_reviewlog" ("user_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="attempt",
                    name="assignment",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="attempts",
                        to="quizzes.assignment",
                    ),
                ),
                migrations.AlterField(
                    model_name="attempt",
                    name="question_set",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attempts",
                        to="quizzes.questionset",
                    ),
                ),
                migrations.AlterField(
                    model_name="attempt",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attempts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="card",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cards",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="response",
                    name="attempt",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responses",
                        to="quizzes.attempt",
                    ),
                ),
                migrations.AlterField(
                    model_name="response",
                    name="question",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="responses",
                        to="quizzes.question",
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewlog",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="card_reviews",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
