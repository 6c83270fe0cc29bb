"""Drafting over the four seed documents (issue 26, "Measured"): drafts per 1,000 words,
the share of drafts whose answer is stated in their quote, recall against the hand-written
bank (the share of its cited sentences that receive at least one draft), duplicate drafts,
and time per document. No database: passages come from sources.ingest.parse_document.

    DEBUG=1 .venv/bin/python bench/drafting_quality.py [--json]
    DEBUG=1 .venv/bin/python bench/drafting_quality.py --audit   # the audited sample

--audit prints the 50 drafts audited by hand in docs/documents.md (a fixed random sample).
"""

import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from quizzes.documents.drafting import PassageText, draft  # noqa: E402
from quizzes.sources.ingest import parse_document  # noqa: E402


def _span(text: str, quote: str) -> tuple[int, int] | None:
    start = text.find(quote)
    return None if start < 0 else (start, start + len(quote))


def measure() -> dict:
    bank = json.loads((ROOT / "fixtures/question_bank.json").read_text())
    bank_quotes: dict[str, list[str]] = {}
    for question in bank["questions"]:
        for source in question.get("sources", []):
            bank_quotes.setdefault(source["document"], []).append(source["quote"])
    rows = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text()
        parsed = parse_document(text)
        passages = [PassageText(key=i, text=p.text) for i, p in enumerate(parsed.passages)]
        started = time.perf_counter()
        drafts = draft(passages, document_text=text)
        seconds = time.perf_counter() - started
        by_passage = {p.key: p.text for p in passages}

        def stated(d, by_passage=by_passage) -> bool:
            parts = [d.answer] if d.kind != "true_false" else []
            if d.kind in ("matching", "ordering"):
                parts = d.answer.split(", ")
            return d.quote in by_passage[d.passage] and all(part in d.quote for part in parts)

        quotes = bank_quotes.get(path.name, [])
        hits = 0
        for quote in quotes:
            found = False
            for d in drafts:
                passage_text = by_passage[d.passage]
                a, b = _span(passage_text, quote), _span(passage_text, d.quote)
                if a and b and a[0] < b[1] and b[0] < a[1]:
                    found = True
                    break
            hits += found
        duplicates = sum(n - 1 for n in Counter((d.kind, d.prompt) for d in drafts).values())
        words = len(text.split())
        rows.append(
            {
                "document": path.name,
                "words": words,
                "drafts": len(drafts),
                "drafts_per_1000_words": round(1000 * len(drafts) / words, 1),
                "answer_in_quote": round(sum(map(stated, drafts)) / max(1, len(drafts)), 3),
                "bank_quotes": len(quotes),
                "bank_quotes_drafted": hits,
                "duplicates": duplicates,
                "seconds": round(seconds, 3),
                "kinds": dict(Counter(d.kind for d in drafts)),
            }
        )
    total_quotes = sum(r["bank_quotes"] for r in rows)
    summary = {
        "drafts_per_1000_words": round(
            1000 * sum(r["drafts"] for r in rows) / sum(r["words"] for r in rows), 1
        ),
        "answer_in_quote": min(r["answer_in_quote"] for r in rows),
        "recall_against_bank": round(
            sum(r["bank_quotes_drafted"] for r in rows) / max(1, total_quotes), 3
        ),
        "duplicates": sum(r["duplicates"] for r in rows),
    }
    return {"documents": rows, "summary": summary}


def audit_sample(size: int = 50) -> list[tuple[str, object]]:
    drafts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text()
        parsed = parse_document(text)
        passages = [PassageText(key=i, text=p.text) for i, p in enumerate(parsed.passages)]
        drafts += [(path.name[:3], d) for d in draft(passages, document_text=text)]
    return random.Random(26).sample(drafts, min(size, len(drafts)))


if __name__ == "__main__" and "--audit" in sys.argv:
    for n, (document, d) in enumerate(audit_sample(), start=1):
        options = (
            "; ".join(c["text"] + ("*" if c.get("is_correct") else "") for c in d.choices)
            if d.kind in ("single_choice", "true_false")
            else ""
        )
        print(f"{n}. [{document} {d.kind}] {d.prompt} | answer {d.answer} | {options}")
elif __name__ == "__main__":
    result = measure()
    if "--json" in sys.argv:
        print(json.dumps(result, indent=2))
    else:
        for row in result["documents"]:
            print(
                f"{row['document']}: {row['words']} words, {row['drafts']} drafts "
                f"({row['drafts_per_1000_words']}/1000 words), answer in quote "
                f"{row['answer_in_quote']:.0%}, bank quotes drafted {row['bank_quotes_drafted']}"
                f"/{row['bank_quotes']}, duplicates {row['duplicates']}, {row['seconds']} s"
            )
        print("summary:", result["summary"])
