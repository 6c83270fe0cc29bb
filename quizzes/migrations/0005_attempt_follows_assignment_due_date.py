"""Running attempts follow their assignment's due date.

Until now `deadline` was only the end of the time limit: it becomes `time_limit_ends` as
well, every attempt of an assignment records the assignment's due date (`due_at`), and a
running attempt of an assignment that refuses late work gets the due date as its deadline
when that is sooner (handed in at it, with what was saved, on the student's next request
or a teacher's report). Submitted attempts keep their deadline, score and late mark.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def follow_due_dates(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    Assignment = apps.get_model("quizzes", "Assignment")
    Attempt.objects.update(time_limit_ends=models.F("deadline"))
    Attempt.objects.filter(assignment__isnull=False).update(
        due_at=Subquery(Assignment.objects.filter(pk=OuterRef("assignment_id")).values("due_at"))
    )
    running = Attempt.objects.filter(
        status="in_progress", assignment__isnull=False, assignment__accept_late=False
    )
    for attempt in running.only("pk", "deadline", "due_at").iterator():
        if attempt.deadline is None or attempt.due_at < attempt.deadline:
            Attempt.objects.filter(pk=attempt.pk).update(deadline=attempt.due_at)


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0004_attempt_pass_mark"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="due_at",
            field=models.DateTimeField(
                blank=True,
                help_text="The assignment's due date, kept in step with it while the attempt runs: answers and hand-ins after it are late.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="time_limit_ends",
            field=models.DateTimeField(
                blank=True,
                help_text="Start plus the set's time limit (fixed at the start).",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="attempt",
            name="deadline",
            field=models.DateTimeField(
                blank=True,
                help_text="When the attempt is handed in automatically: the end of its time limit or, if its assignment refuses late work, the assignment's due date if sooner.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="attempt",
            name="late",
            field=models.BooleanField(
                default=False,
                help_text="Started, answered or handed in after the assignment's due date.",
            ),
        ),
        migrations.RunPython(follow_due_dates, migrations.RunPython.noop, elidable=True),
    ]
