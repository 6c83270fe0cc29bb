import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from quizzes.questions.models import Citation
from quizzes.questions.services import source_file_ingest
from quizzes.sources.ingest import IngestReport, ingest_directory, ingest_file, parse_document
from quizzes.sources.models import Document, Passage
from tests.factories import QuestionFactory

SCRAPED = """Understanding NATO
\u26a0\ufe0f Please note: AI tools were used in crafting this content. Verify.

The Genesis of NATO
NATO was established on April 4, 1949, as a collective defense alliance[4]. It grew[1][3].
Specific adaptations include:
  1. Establishing cyber defense centers to coordinate responses.
  2. Conducting joint cybersecurity drills.
See also  Understanding Military Alliances and Treaties
Kosovo Force (KFOR)
The Kosovo Force (KFOR) is a NATO-led mission established in 1999.
Similar Posts
"""


def test_parse_strips_noise_and_citation_markers():
    parsed = parse_document(SCRAPED)
    assert parsed.title == "Understanding NATO"
    texts = [p.text for p in parsed.passages]
    assert (
        texts[0]
        == "NATO was established on April 4, 1949, as a collective defense alliance. It grew."
    )
    joined = "\n".join(texts)
    for noise in ("AI tools", "See also", "Similar Posts", "[4]", "[1]"):
        assert noise not in joined


def test_parse_keeps_headings_offsets_and_lists():
    parsed = parse_document(SCRAPED)
    first, second, third = parsed.passages
    assert first.heading == "The Genesis of NATO"
    assert SCRAPED[first.start : first.end].startswith("NATO was established")
    assert second.text.splitlines() == [
        "Specific adaptations include:",
        "1. Establishing cyber defense centers to coordinate responses.",
        "2. Conducting joint cybersecurity drills.",
    ]
    assert SCRAPED[second.start : second.end].endswith("joint cybersecurity drills.")
    assert third.heading == "Kosovo Force (KFOR)"


def test_document_without_title_line_gets_title_from_first_sentence():
    parsed = parse_document("NATO is an alliance of states. It was founded in 1949.\n")
    assert parsed.title == "NATO is an alliance of states"
    assert len(parsed.passages) == 1


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(settings.SEEDS_DIR, folder)
    return folder


def test_ingesting_the_seeds_is_idempotent(db, seeds):
    first = ingest_directory(seeds)
    assert len(first.created) == 4
    passages = Passage.objects.count()
    second = ingest_directory(seeds)
    assert (len(second.created), len(second.updated), len(second.unchanged)) == (0, 0, 4)
    assert Document.objects.count() == 4
    assert Passage.objects.count() == passages


def test_seed_documents_are_stored_unchanged_and_cleaned_for_display(db, seeds):
    ingest_directory(seeds)
    document = Document.objects.get(file_name="000_4da43201eee2884f.txt")
    original = (seeds / document.file_name).read_text(encoding="utf-8")
    assert document.text == original
    assert "[4]" in document.text
    shown = "\n".join(document.passages.values_list("text", flat=True))
    assert "[4]" not in shown and "[1][3]" not in shown
    assert "Western Hemisphere." in shown
    ai_doc = Document.objects.get(file_name="001_ebfa9cfaf3d83150.txt")
    shown = "\n".join(ai_doc.passages.values_list("text", flat=True))
    assert "AI tools" not in shown and "See also" not in shown


def test_changed_file_creates_a_version_and_reports_lost_quotes(db, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Title\nHistory\nNATO was established on April 4, 1949.\nKFOR began in 1999.\n")
    report = IngestReport()
    document = ingest_file(path=path, report=report)
    kept_passage, lost_passage = document.passages.all()
    kept = QuestionFactory(citation=kept_passage).citations.get()
    lost = QuestionFactory(citation=lost_passage).citations.get()
    lost.quote = "KFOR began in 1999"
    lost.save()

    path.write_text("Title\nHistory\nNATO was established on April 4, 1949.\nKFOR is a force.\n")
    report = IngestReport()
    broken = source_file_ingest(path=path, report=report)

    (new,) = report.updated
    assert new.version == 2 and new.is_current
    document.refresh_from_db()
    assert not document.is_current
    assert Citation.objects.get(pk=kept.pk).passage.document == new
    assert [c.pk for c in broken] == [lost.pk]
    assert Citation.objects.get(pk=lost.pk).passage.document == document


def test_ingest_command_reports_what_it_did(db, seeds, capsys):
    call_command("ingest_documents", str(seeds))
    assert "4 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    call_command("ingest_documents", str(seeds))
    assert "0 created, 0 updated, 4 unchanged." in capsys.readouterr().out


def test_every_seed_document_has_a_whole_title(db, seeds):
    """The Sources page lists documents by title: none is a cut-off first sentence, and a
    document without a title line takes the one seeds/titles.json gives it."""
    ingest_directory(seeds)
    titles = dict(Document.objects.values_list("file_name", "title"))
    assert titles["003_e72fe737e446cd66.txt"] == (
        "NATO: Collective Defence, Crisis Management and Burden Sharing"
    )
    assert titles["000_4da43201eee2884f.txt"] == "What role are NATO and allies playing?"
    for title in titles.values():
        assert not title.endswith("…") and len(title) <= 90


def test_a_title_given_later_renames_an_unchanged_document(db, seeds):
    (seeds / "titles.json").unlink()
    ingest_directory(seeds)
    untitled = Document.objects.get(file_name="003_e72fe737e446cd66.txt")
    assert untitled.title.endswith("…")  # what the Sources page showed before
    (seeds / "titles.json").write_text('{"003_e72fe737e446cd66.txt": "Named"}')
    report = ingest_directory(seeds)
    assert len(report.unchanged) == 4 and Document.objects.count() == 4
    untitled.refresh_from_db()
    assert untitled.title == "Named" and untitled.version == 1
