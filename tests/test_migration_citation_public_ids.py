"""0010/0011 give existing citations a public id and write it into the question versions
that quote them, so their "Read in source" links keep working."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("quizzes", "0009_past_membership")]
AFTER = [("quizzes", "0011_snapshots_carry_citation_public_ids")]


@pytest.mark.django_db(transaction=True)
def test_existing_citations_and_snapshots_get_public_ids():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("quizzes", "User")
    author = User.objects.create(username="author", role="teacher")
    document = old.get_model("quizzes", "Document").objects.create(
        slug="d", title="D", file_name="d.txt", version=1, text="NATO was founded in 1949."
    )
    passage = old.get_model("quizzes", "Passage").objects.create(
        document=document,
        position=1,
        heading="H",
        text="NATO was founded in 1949.",
        start=0,
        end=25,
    )
    question = old.get_model("quizzes", "Question").objects.create(
        key="q", type="true_false", prompt="P", author=author
    )
    citation = old.get_model("quizzes", "Citation").objects.create(
        question=question, passage=passage, quote="1949"
    )
    Version = old.get_model("quizzes", "QuestionVersion")
    cited = {"citations": [{"id": citation.pk, "quote": "1949", "passage_id": passage.pk}]}
    gone = {"citations": [{"id": citation.pk + 1000, "quote": "x", "passage_id": passage.pk}]}
    version = Version.objects.create(question=question, number=1, snapshot=cited)
    deleted = Version.objects.create(question=question, number=2, snapshot=gone)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    public_id = new.get_model("quizzes", "Citation").objects.get(pk=citation.pk).public_id
    assert public_id is not None
    Version = new.get_model("quizzes", "QuestionVersion")
    entry = Version.objects.get(pk=version.pk).snapshot["citations"][0]
    assert entry["public_id"] == str(public_id) and entry["id"] == citation.pk
    assert "public_id" not in Version.objects.get(pk=deleted.pk).snapshot["citations"][0]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
