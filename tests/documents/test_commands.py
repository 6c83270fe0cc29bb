import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quizzes.documents.models import Draft
from quizzes.sources.models import Document
from tests.documents.files import TREATY, make_docx


def test_ingest_then_draft_as_json(tmp_path, teacher):
    path = tmp_path / "lisbon.docx"
    path.write_bytes(make_docx("The Treaty of Lisbon", TREATY[2:]))
    out = StringIO()
    call_command("ingest_document", str(path), "--owner", teacher.username, stdout=out)
    document = Document.objects.get(owner=teacher)
    assert out.getvalue().startswith(f"created  {document.slug}")
    out = StringIO()
    call_command(
        "draft_questions", document.slug, "--owner", teacher.username, "--json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert len(rows) == Draft.objects.count() > 0
    for row in rows:
        assert {"type", "prompt", "answer", "quote"} <= set(row)
        assert row["quote"] in document.text


def test_commands_refuse_bad_input(tmp_path, teacher, other_teacher):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("ingest_document", str(bad), "--owner", teacher.username)
    with pytest.raises(CommandError, match="No user"):
        call_command("ingest_document", str(bad), "--owner", "nobody")
    good = tmp_path / "good.txt"
    good.write_text("\n".join(TREATY))
    call_command("ingest_document", str(good), "--owner", teacher.username, stdout=StringIO())
    slug = Document.objects.get().slug
    with pytest.raises(CommandError, match="has no document"):
        call_command("draft_questions", slug, "--owner", other_teacher.username)
    assert not Draft.objects.exists()
