"""Turn a scraped document into headed, noise-free passages, and keep versions.

The file's text is stored unchanged; only what is displayed and quoted is cleaned.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from quizzes.sources.models import Document, Passage

CITATION_MARKERS = re.compile(r"(?:\[\d+\])+")
NOISE_LINES = [
    re.compile(r"^See also\b", re.IGNORECASE),
    re.compile(r"^Similar Posts$", re.IGNORECASE),
    re.compile(r"\bAI[- ](tools?|generated|assistance)\b", re.IGNORECASE),
]
LIST_ITEM = re.compile(r"^\s+(\d+\.|[•\-*])\s+")
SENTENCE_END = (".", "!", "?", ":", ";", "”", '"')
MAX_HEADING_LENGTH = 120


def clean_text(text: str) -> str:
    """Remove citation markers like [1][3] from displayed text."""
    return CITATION_MARKERS.sub("", text).strip()


def is_noise(line: str) -> bool:
    return any(pattern.search(line.strip()) for pattern in NOISE_LINES)


def is_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and not LIST_ITEM.match(line)
        and len(stripped) <= MAX_HEADING_LENGTH
        and not stripped.endswith(SENTENCE_END)
    )


@dataclass
class ParsedPassage:
    heading: str
    text: str
    start: int
    end: int


@dataclass
class ParsedDocument:
    title: str
    passages: list[ParsedPassage] = field(default_factory=list)


def parse_document(text: str) -> ParsedDocument:
    """Split text into passages: each paragraph under the latest heading.

    List items join the paragraph that introduces them (one ending with a colon).
    """
    lines = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        lines.append((offset, line))
        offset += len(raw)

    title = ""
    heading = ""
    passages: list[ParsedPassage] = []
    for start, line in lines:
        stripped = line.strip()
        if not stripped or is_noise(stripped):
            continue
        end = start + len(line)
        if LIST_ITEM.match(line) and passages:
            previous = passages[-1]
            previous.text += "\n" + clean_text(line)
            previous.end = end
            continue
        if not title and len(stripped) <= MAX_HEADING_LENGTH and not stripped.endswith("."):
            title = stripped
            continue
        if is_heading(line):
            heading = stripped
            continue
        passages.append(ParsedPassage(heading=heading, text=clean_text(line), start=start, end=end))

    if not title and passages:
        first_sentence = passages[0].text.split(". ")[0]
        title = (
            first_sentence
            if len(first_sentence) <= 90
            else first_sentence[:87].rsplit(" ", 1)[0] + "…"
        )
    return ParsedDocument(title=title, passages=passages)


@dataclass
class IngestReport:
    created: list[Document] = field(default_factory=list)
    updated: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    # Each new version with the one it replaced: what the questions app moves citations from
    # (questions.services.sources_ingest).
    replaced: list[tuple[Document, Document]] = field(default_factory=list)


TITLES_FILE = "titles.json"


def given_titles(directory: Path) -> dict[str, str]:
    """The titles `directory`'s titles.json gives, by file name (none without the file)."""
    path = directory / TITLES_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def ingest_directory(directory: Path) -> IngestReport:
    """Ingest every .txt file of `directory`. A `titles.json` beside them ({file name:
    title}) names the documents whose text has no title line, which would otherwise be
    called by their first sentence, cut off."""
    report = IngestReport()
    titles = given_titles(directory)
    for path in sorted(directory.glob("*.txt")):
        ingest_file(path=path, report=report, title=titles.get(path.name))
    return report


@transaction.atomic
def ingest_file(*, path: Path, report: IngestReport, title: str | None = None) -> Document:
    """Store a file as a document, or as a new version of it when its content changed.

    The previous version stays, no longer current, for what cites it; the report lists it
    in `replaced` with its successor.
    """
    raw = path.read_bytes()
    content_hash = hashlib.sha256(raw).hexdigest()
    text = raw.decode("utf-8")
    current = Document.objects.shipped().filter(file_name=path.name, is_current=True).first()
    if current and current.content_hash == content_hash:
        if title and current.title != title:  # a title given since it was ingested
            current.title = title
            current.save(update_fields=["title"])
        report.unchanged.append(current)
        return current

    parsed = parse_document(text)
    document = document_version_create(
        text=text,
        content_hash=content_hash,
        title=title or parsed.title or path.stem,
        file_name=path.name,
        previous=current,
        parsed=parsed,
    )
    if current:
        report.updated.append(document)
        report.replaced.append((current, document))
    else:
        report.created.append(document)
    return document


def document_version_create(
    *,
    text: str,
    content_hash: str,
    title: str,
    file_name: str,
    previous: Document | None,
    owner=None,
    parsed: ParsedDocument | None = None,
) -> Document:
    """Store text as a document with its passages: version 1 under a new slug, or the
    version after `previous` (which stops being current) under its slug. The caller holds
    the transaction; moving citations is the questions app's (citations_follow)."""
    parsed = parsed or parse_document(text)
    if previous:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    document = Document.objects.create(
        slug=previous.slug if previous else unique_slug(title),
        title=title,
        file_name=file_name,
        version=previous.version + 1 if previous else 1,
        content_hash=content_hash,
        text=text,
        owner=previous.owner if previous else owner,
    )
    Passage.objects.bulk_create(
        Passage(
            document=document, position=i, heading=p.heading, text=p.text, start=p.start, end=p.end
        )
        for i, p in enumerate(parsed.passages, start=1)
    )
    return document


def unique_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "document"
    slug, n = base, 2
    while Document.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
