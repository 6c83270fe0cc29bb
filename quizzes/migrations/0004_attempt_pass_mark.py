"""Attempt.pass_mark: the set's pass mark, pinned when the attempt starts.

Existing attempts take their set's pass mark as it is now (the value they were judged
against is not recorded anywhere). Their stored `passed` is left exactly as it was given,
so no past result changes; only the pass mark the result page quotes comes from here.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def pin_current_pass_marks(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    QuestionSet = apps.get_model("quizzes", "QuestionSet")
    Attempt.objects.update(
        pass_mark=Subquery(
            QuestionSet.objects.filter(pk=OuterRef("question_set_id")).values("pass_mark")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_drop_fk_indexes_led_by_composites"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="pass_mark",
            field=models.PositiveSmallIntegerField(
                default=60,
                help_text="The set's pass mark when the attempt started: pass or fail is "
                "judged against it, so a later change of the set's pass mark leaves this "
                "result as given.",
            ),
        ),
        migrations.RunPython(pin_current_pass_marks, migrations.RunPython.noop, elidable=True),
    ]
