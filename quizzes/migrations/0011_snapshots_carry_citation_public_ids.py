"""Citations' public ids unique; the question versions that quote them carry them."""

import uuid

from django.db import migrations, models


def snapshots_carry_public_ids(apps, schema_editor):
    """A version's snapshot lists its citations by pk; the link needs the public id (a
    citation deleted since keeps none, and gets no link)."""
    Citation = apps.get_model("quizzes", "Citation")
    QuestionVersion = apps.get_model("quizzes", "QuestionVersion")
    public = {
        pk: str(public_id) for pk, public_id in Citation.objects.values_list("pk", "public_id")
    }
    changed = []
    for version in list(QuestionVersion.objects.only("snapshot")):
        cited = version.snapshot.get("citations") or []
        if not cited:
            continue
        for entry in cited:
            if entry.get("id") in public:
                entry["public_id"] = public[entry["id"]]
        changed.append(version)
        if len(changed) >= 500:
            QuestionVersion.objects.bulk_update(changed, ["snapshot"])
            changed = []
    QuestionVersion.objects.bulk_update(changed, ["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0010_citation_public_id")]

    operations = [
        migrations.AlterField(
            model_name="citation",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RunPython(snapshots_carry_public_ids, migrations.RunPython.noop),
    ]
