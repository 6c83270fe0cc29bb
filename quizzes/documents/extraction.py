"""Plain text from a teacher's file, with maintained libraries: pypdf for PDF,
python-docx for Word, trafilatura for HTML (it drops navigation and other boilerplate).

Every refusal is an `ExtractionRefused` with a message for the teacher; nothing here
touches the database. The text returned is what the document stores and its passages'
offsets point into (sources.ingest.parse_document splits it).
"""

import io
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 300
# A .docx is a zip: what it may unpack to, in all, before python-docx reads it.
MAX_DOCX_EXPANDED_BYTES = 50 * 1024 * 1024
# Extraction stops with a refusal once it has run this long (checked page by page,
# paragraph by paragraph).
EXTRACTION_SECONDS = 15.0
MAX_TEXT_CHARS = 2_000_000

SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
SUFFIXES |= {".pdf": "pdf", ".docx": "docx"}
ACCEPTED = ".txt, .md, .html, .pdf or .docx"

MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
SENTENCE_END = (".", "!", "?", ":", ";", "”", '"')


class ExtractionRefused(ValueError):
    """A file the app cannot take; the message says why, for the teacher."""


@dataclass
class Extracted:
    title: str  # from the file's metadata; empty when it has none
    text: str


class _Clock:
    def __init__(self) -> None:
        self.deadline = time.monotonic() + EXTRACTION_SECONDS

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractionRefused(
                "Reading this file took too long. Try a shorter file, or paste its text."
            )


def kind_of(name: str) -> str:
    kind = SUFFIXES.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ExtractionRefused(f"This type of file cannot be read. Upload a {ACCEPTED} file.")
    return kind


def extract(*, name: str, data: bytes) -> Extracted:
    """The title and text of an uploaded file, or ExtractionRefused."""
    kind = kind_of(name)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ExtractionRefused("The file is larger than 10 MB.")
    clock = _Clock()
    reader = {
        "text": _plain,
        "markdown": _markdown,
        "html": _html,
        "pdf": _pdf,
        "docx": _docx,
    }[kind]
    extracted = reader(data, clock)
    text = _tidy(extracted.text)
    if not any(ch.isalnum() for ch in text):
        raise ExtractionRefused("No text found in this file.")
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionRefused("The file holds more text than a document may (2 million letters).")
    return Extracted(title=extracted.title.strip()[:300], text=text)


def pasted(text: str) -> Extracted:
    text = _tidy(text)
    if not any(ch.isalnum() for ch in text):
        raise ExtractionRefused("No text found: paste the document's text.")
    return Extracted(title="", text=text)


def _tidy(text: str) -> str:
    """Unix line ends, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionRefused(
            f"The file is not valid UTF-8 text (byte {error.start + 1}). "
            "Save it as UTF-8 and upload it again."
        ) from None


def _plain(data: bytes, clock: _Clock) -> Extracted:
    return Extracted(title="", text=_decode(data))


def _markdown(data: bytes, clock: _Clock) -> Extracted:
    """Markdown read as text, its heading marks dropped: a heading is then a short line
    without a full stop, as the passage splitter reads headings."""
    return Extracted(title="", text=MARKDOWN_HEADING.sub("", _decode(data)))


def _html(data: bytes, clock: _Clock) -> Extracted:
    import trafilatura

    try:
        html = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        html = data.decode("latin-1")
    text = trafilatura.extract(
        html, output_format="markdown", include_comments=False, include_tables=False
    )
    clock.check()
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title if metadata else "") or ""
    return Extracted(title=title, text=MARKDOWN_HEADING.sub("", text or ""))


def _pdf(data: bytes, clock: _Clock) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF-"):
        raise ExtractionRefused("This is not a PDF file.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionRefused(
                "This PDF is encrypted. Save a copy without a password and upload that."
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ExtractionRefused(f"This PDF has more than {MAX_PDF_PAGES} pages.")
        pages = []
        for page in reader.pages:
            clock.check()
            pages.append(page.extract_text() or "")
        title = str(reader.metadata.get("/Title") or "") if reader.metadata else ""
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, ExtractionRefused):
            raise
        raise ExtractionRefused("This PDF could not be read: the file is damaged.") from None
    text = "\n\n".join(_unwrap(page) for page in pages)
    if not any(ch.isalnum() for ch in text):
        raise ExtractionRefused(
            "No text found in this PDF: it may be scanned images. "
            "Upload a PDF with selectable text, or paste the text."
        )
    return Extracted(title=title, text=text)


def _unwrap(page: str) -> str:
    """A PDF page's lines joined into paragraphs: a line that ends a sentence ends its
    paragraph; a short line without one, followed by a capital, is a heading."""
    paragraphs: list[str] = []
    current: list[str] = []
    lines = [line.strip() for line in page.splitlines()]
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        following = next((n for n in lines[i + 1 :] if n), "")
        heading = (
            not current
            and len(line) <= 80
            and not line.endswith(SENTENCE_END)
            and following[:1].isupper()
        )
        if heading:
            paragraphs.append(line)
            continue
        current.append(line)
        if line.endswith(SENTENCE_END):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _docx(data: bytes, clock: _Clock) -> Extracted:
    import docx

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise ExtractionRefused("This is not a Word (.docx) file.") from None
    if expanded > MAX_DOCX_EXPANDED_BYTES:
        raise ExtractionRefused("This Word file unpacks to more than 50 MB: it cannot be read.")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a damaged package
        raise ExtractionRefused("This Word file could not be read: the file is damaged.") from None
    lines = []
    title = document.core_properties.title or ""
    for paragraph in document.paragraphs:
        clock.check()
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style == "Title" and not title:
            title = text
        lines.append(text)
    return Extracted(title=title, text="\n".join(lines))
