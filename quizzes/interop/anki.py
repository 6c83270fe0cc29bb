"""A question set as an Anki package (.apkg) built with genanki.

One note per question with Front, Back, Explanation and Source fields. Note GUIDs
come from the question key and the note type and deck ids are fixed numbers, so
importing a re-export into Anki updates the notes instead of adding duplicates.
"""

import hashlib
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import genanki
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from quizzes.flashcards.selectors import front_order
from quizzes.interop.gift import plain_number
from quizzes.interop.parsed import ParsedQuestion

MODEL_ID = 1_733_402_911  # never change: Anki matches the note type by this id
DECK_ID_BASE = 1_733_400_000_000
FIELDS = ["Front", "Back", "Explanation", "Source"]

MODEL = genanki.Model(
    MODEL_ID,
    "NATO Study question",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Question",
            "qfmt": "{{Front}}",
            "afmt": (
                '{{FrontSide}}<hr id="answer">{{Back}}'
                '{{#Explanation}}<p class="explanation">{{Explanation}}</p>{{/Explanation}}'
                '{{#Source}}<p class="source">{{Source}}</p>{{/Source}}'
            ),
        }
    ],
    css=".card { font-family: sans-serif; font-size: 20px; } .source { font-size: 14px; }",
    sort_field_index=0,
)


def deck_id(set_slug: str) -> int:
    digest = hashlib.sha256(set_slug.encode()).hexdigest()
    return DECK_ID_BASE + int(digest[:9], 16)


def _text(value: str) -> SafeString:
    return linebreaksbr(value, autoescape=True)


def _list(items: Iterable[str], ordered: bool = False) -> SafeString:
    tag = "ol" if ordered else "ul"
    return format_html(
        "<{}>{}</{}>", tag, format_html_join("", "<li>{}</li>", ((item,) for item in items)), tag
    )


def _number(question: ParsedQuestion) -> str:
    value = plain_number(question.numeric_value or Decimal(0))
    tolerance = question.numeric_tolerance
    text = value + (f" ± {plain_number(tolerance)}" if tolerance else "")
    return f"{text} {question.unit}".strip()


def front(question: ParsedQuestion) -> SafeString:
    kind, answers = question.type, question.answers
    prompt = question.prompt
    if kind == "fill_blank":
        for number in sorted({a.blank for a in answers if a.blank}):
            prompt = prompt.replace(f"{{{number}}}", f"[{number}: …]")
    html = _text(prompt)
    if kind in ("single_choice", "multiple_answer"):
        html += _list(front_order([a.text for a in answers]))
    elif kind == "ordering":
        html += format_html("<p>Put in order:</p>{}", _list(front_order([a.text for a in answers])))
    elif kind == "matching":
        html += format_html(
            "<p>Match:</p>{}{}",
            _list(a.text for a in answers),
            _list(front_order([a.match for a in answers])),
        )
    elif kind == "numeric" and question.unit:
        html += format_html("<p>(in {})</p>", question.unit)
    return html


def back(question: ParsedQuestion) -> SafeString:
    kind, answers = question.type, question.answers
    correct = [a.text for a in answers if a.correct]
    if kind in ("single_choice", "multiple_answer", "true_false"):
        return _list(correct) if kind == "multiple_answer" else escape(", ".join(correct))
    if kind == "short_answer":
        others = correct[1:]
        also = format_html(" (also accepted: {})", ", ".join(others)) if others else ""
        return format_html("{}{}", correct[0] if correct else "", also)
    if kind == "numeric":
        return escape(_number(question))
    if kind == "ordering":
        return _list((a.text for a in answers), ordered=True)
    if kind == "matching":
        pairs = format_html_join("", "<li>{} → {}</li>", ((a.text, a.match) for a in answers))
        return format_html("<ul>{}</ul>", pairs)
    if kind == "fill_blank":
        filled = question.prompt
        for number in sorted({a.blank for a in answers if a.blank}):
            accepted = [a.text for a in answers if a.blank == number]
            filled = filled.replace(f"{{{number}}}", accepted[0])
        return _text(filled)
    return SafeString()


def source(question: ParsedQuestion) -> SafeString:
    titles = question.source_titles
    return format_html_join(
        mark_safe("<br>"),  # a constant
        "“{}”{}",
        (
            (quote, format_html(" — {}", titles[i]) if i < len(titles) and titles[i] else "")
            for i, quote in enumerate(question.sources)
        ),
    )


def note_for(question: ParsedQuestion) -> genanki.Note:
    return genanki.Note(
        model=MODEL,
        fields=[front(question), back(question), _text(question.explanation), source(question)],
        # The question key: the same note in every export, whatever its title.
        guid=genanki.guid_for(question.key or question.title),
    )


def anki_package(
    *,
    questions: list[ParsedQuestion],
    deck_name: str,
    set_slug: str,
    timestamp: float | None = None,
) -> bytes:
    """The .apkg file's bytes; Anki updates a note when the package's is newer."""
    deck = genanki.Deck(deck_id(set_slug), deck_name)
    for question in questions:
        deck.add_note(note_for(question))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(path, timestamp=timestamp)
        return path.read_bytes()
