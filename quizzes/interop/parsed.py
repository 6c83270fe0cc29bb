"""Plain data shared by the GIFT and CSV readers and writers (no database here).

A ParsedQuestion says, in the question model's terms, what one imported question will
be; exporters build the same dataclass from saved questions, so one writer serves both.
"""

from dataclasses import dataclass, field
from decimal import Decimal

GAP = "_____"  # the visible gap of a missing-word choice question
DEFAULT_DIFFICULTY = 2


@dataclass
class Answer:
    """One answer-key row: an option, an accepted text, a pair, an item or a number."""

    text: str
    correct: bool = False
    weight: Decimal | None = None  # share of the mark, −1..1; None = the type's default
    feedback: str = ""
    match: str = ""  # matching: the right-hand side
    blank: int | None = None  # fill_blank: the blank's number
    tolerance: Decimal | None = None  # numeric: margin around Decimal(text)


@dataclass
class ParsedQuestion:
    line: int  # where the question starts in its file (1-based), for messages
    type: str
    prompt: str
    title: str = ""
    explanation: str = ""
    answers: list[Answer] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # topic names
    sources: list[str] = field(default_factory=list)  # verbatim quotes
    numeric_value: Decimal | None = None
    numeric_tolerance: Decimal | None = None
    difficulty: int = DEFAULT_DIFFICULTY
    unit: str = ""
    near_miss: bool = False
    sources_required: bool = False  # CSV: a quote that matches no passage is an error
    source_titles: list[str] = field(default_factory=list)  # export only: cited documents
    key: str = ""  # export only: the question's key (Anki's note id)


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ImportFailed(Exception):
    """The file is not imported at all; every problem found is listed with its line."""

    def __init__(self, errors: list[LineError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def default_multiple_weight(answer: Answer, correct_count: int) -> Decimal:
    """The credit grading gives a multiple-answer option without a weight."""
    share = Decimal(1) / Decimal(max(correct_count, 1))
    return share if answer.correct else -share


def normalise_weights(question: ParsedQuestion) -> None:
    """Drop weights equal to the type's default, so that exports round-trip exactly."""
    kind = question.type
    answers = question.answers
    if kind == "multiple_answer":
        k = sum(1 for a in answers if a.correct)
        if all(
            a.weight is not None and abs(a.weight - default_multiple_weight(a, k)) < Decimal("1e-4")
            for a in answers
        ):
            for a in answers:
                a.weight = None
        return
    for a in answers:
        if a.weight is None:
            continue
        full = a.correct and a.weight == 1
        zero = not a.correct and a.weight == 0 and kind in ("single_choice", "true_false")
        if full or zero:
            a.weight = None
