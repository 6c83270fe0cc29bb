from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from quizzes.sources.models import Document, Passage


@dataclass
class Section:
    heading: str
    passages: list[tuple[Passage, SafeString, bool]]


def highlight(text: str, quote: str) -> SafeString:
    start = text.find(quote)
    if not quote or start < 0:
        return conditional_escape(text)
    return format_html(
        '{}<mark id="quote">{}</mark>{}',
        text[:start],
        quote,
        text[start + len(quote) :],
    )


def document_sections(
    *, document: Document, cited_passage_id: int | None = None, quote: str = ""
) -> list[Section]:
    """Passages grouped under their headings, the quote marked in the cited passage."""
    sections: list[Section] = []
    for passage in document.passages.all():
        if not sections or sections[-1].heading != passage.heading:
            sections.append(Section(heading=passage.heading, passages=[]))
        cited = passage.pk == cited_passage_id
        html = highlight(passage.text, quote) if cited else conditional_escape(passage.text)
        sections[-1].passages.append((passage, html, cited))
    return sections
