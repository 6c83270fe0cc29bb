"""Citations get a random public id for their addresses (/citations/<uuid>/ and
?quote=<uuid>), and the question versions that quote them carry it (their "public_id")."""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    Citation = apps.get_model("quizzes", "Citation")
    citations = list(Citation.objects.only("pk"))
    for citation in citations:
        citation.public_id = uuid.uuid4()
    Citation.objects.bulk_update(citations, ["public_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0009_past_membership")]

    # Filled here, made unique in 0011: PostgreSQL refuses to alter a table with the
    # updates' trigger events pending in the same transaction.
    operations = [
        migrations.AddField(
            model_name="citation",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
    ]
