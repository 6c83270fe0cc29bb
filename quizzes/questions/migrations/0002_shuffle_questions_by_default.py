from django.db import migrations, models

# The library's sets (the bank loader's, owned by this user) were made when the default was
# the set's order, which groups their questions by type. A teacher's own set keeps what its
# teacher chose.
BANK_OWNER = "nato-library"


def mix_library_sets(apps, schema_editor):
    QuestionSet = apps.get_model("questions", "QuestionSet")
    QuestionSet.objects.filter(owner__username=BANK_OWNER).update(shuffle_questions=True)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="questionset",
            name="shuffle_questions",
            field=models.BooleanField(
                default=True,
                help_text="Each attempt draws its own order of the questions; "
                "off: always the set's order.",
            ),
        ),
        migrations.RunPython(mix_library_sets, migrations.RunPython.noop),
    ]
