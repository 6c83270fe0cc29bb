import io
import zipfile

import pytest

from quizzes.documents import extraction
from quizzes.documents.extraction import ExtractionRefused, extract
from tests.documents.files import TREATY, make_docx, make_pdf


def test_a_pdf_gives_its_text_and_title():
    extracted = extract(name="treaty.pdf", data=make_pdf(TREATY, title="Lisbon"))
    assert extracted.title == "Lisbon"
    assert "signed in Lisbon by the leaders of the member states in 2007." in extracted.text


def test_wrapped_pdf_lines_join_into_paragraphs():
    lines = ["Alliance history", "The alliance was founded in 1949 by twelve", "countries."]
    extracted = extract(name="a.pdf", data=make_pdf(lines))
    assert "founded in 1949 by twelve countries." in extracted.text
    assert extracted.text.startswith("Alliance history\n")


def test_a_docx_gives_its_paragraphs_and_title_style():
    extracted = extract(name="t.docx", data=make_docx("The Treaty", TREATY[2:4], "History"))
    assert extracted.title == "The Treaty"
    assert extracted.text.splitlines()[:3] == ["The Treaty", "History", TREATY[2]]


def test_html_drops_the_page_furniture():
    html = (
        "<html><head><title>Treaty page</title></head><body><nav>Home | About | Log in</nav>"
        "<article><h1>The Treaty</h1><p>The treaty was signed in 1949 in Washington by "
        "twelve countries after long talks.</p><p>It has fourteen articles in all, and "
        "article five is the best known.</p></article><footer>Cookie settings</footer>"
        "</body></html>"
    )
    extracted = extract(name="page.html", data=html.encode())
    assert extracted.title == "The Treaty"  # the article's heading before <title>
    assert "signed in 1949 in Washington" in extracted.text
    assert "Log in" not in extracted.text and "Cookie" not in extracted.text


def test_markdown_headings_lose_their_marks():
    extracted = extract(name="notes.md", data=b"# Notes\n\n## History\n\nA sentence here.\n")
    assert extracted.text == "Notes\n\nHistory\n\nA sentence here.\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ", "cannot be read"),
        ("photo.png", b"\x89PNG", "cannot be read"),
        ("fake.pdf", b"hello", "not a PDF"),
        ("fake.docx", b"hello", "not a Word"),
        ("bad.txt", b"caf\xe9 au lait", "not valid UTF-8"),
        ("empty.txt", b"   \n\n", "No text found"),
        ("encrypted.pdf", make_pdf(TREATY, password="secret"), "encrypted"),
        ("scanned.pdf", make_pdf(None, pages=2), "No text found"),
        ("broken.pdf", make_pdf(TREATY)[:200], "damaged"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(ExtractionRefused, match=message):
        extract(name=name, data=data)


def test_a_file_over_10_mb_is_refused():
    with pytest.raises(ExtractionRefused, match="larger than 10 MB"):
        extract(name="big.txt", data=b"a" * (10 * 1024 * 1024 + 1))


def test_too_many_pages_are_refused(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_PDF_PAGES", 2)
    with pytest.raises(ExtractionRefused, match="more than 2 pages"):
        extract(name="long.pdf", data=make_pdf(TREATY, pages=3))
    assert extract(name="ok.pdf", data=make_pdf(TREATY, pages=2)).text


def test_a_docx_that_unpacks_beyond_the_limit_is_refused():
    """A zip bomb: a few kilobytes that would unpack to 60 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ExtractionRefused, match="more than 50 MB"):
        extract(name="bomb.docx", data=buffer.getvalue())


def test_extraction_stops_at_its_time_limit(monkeypatch):
    monkeypatch.setattr(extraction, "EXTRACTION_SECONDS", -1)
    with pytest.raises(ExtractionRefused, match="took too long"):
        extract(name="slow.pdf", data=make_pdf(TREATY))
    with pytest.raises(ExtractionRefused, match="took too long"):
        extract(name="slow.docx", data=make_docx("T", TREATY))
