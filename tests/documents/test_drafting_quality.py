"""The issue's measured figures, held by bench/drafting_quality.py's own measurement."""

import importlib.util
import time
from pathlib import Path

from quizzes.documents.drafting import PassageText, draft
from quizzes.sources.ingest import parse_document

BENCH = Path(__file__).resolve().parents[2] / "bench" / "drafting_quality.py"


def _bench():
    spec = importlib.util.spec_from_file_location("drafting_quality", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_drafts_over_the_seeds_state_their_answer_and_recall_the_bank():
    """Every answer is in its quote, and at least 70% of the bank's cited sentences get a
    draft (the issue's target; docs/documents.md, "Measured")."""
    summary = _bench().measure()["summary"]
    assert summary["answer_in_quote"] == 1.0
    assert summary["recall_against_bank"] >= 0.70
    assert summary["duplicates"] == 0


def test_a_10000_word_document_drafts_in_under_5_seconds():
    seeds = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
    text = "\n".join(path.read_text() for path in seeds)
    while len(text.split()) < 10_000:
        text += "\n" + seeds[0].read_text()
    parsed = parse_document(text)
    passages = [PassageText(key=i, text=p.text) for i, p in enumerate(parsed.passages)]
    started = time.perf_counter()
    proposals = draft(passages, document_text=text)
    assert time.perf_counter() - started < 5
    assert proposals
