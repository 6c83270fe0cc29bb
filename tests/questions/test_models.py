"""Invariants of a question's answer key, per type."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from quizzes.questions.models import Choice, Question, QuestionType, validate_answer_key


def key(kind: str, rows: list[dict], prompt: str = "Q {1}") -> None:
    question = Question(type=kind, prompt=prompt)
    validate_answer_key(question, [Choice(**row) for row in rows])


def options(*correct: bool) -> list[dict]:
    return [{"text": f"Option {i}", "is_correct": c} for i, c in enumerate(correct)]


@pytest.mark.parametrize(
    "kind, rows, message",
    [
        (QuestionType.SINGLE_CHOICE, options(True, True, False), "exactly one correct"),
        (QuestionType.SINGLE_CHOICE, options(False, False), "exactly one correct"),
        (QuestionType.SINGLE_CHOICE, options(True), "at least two options"),
        (QuestionType.MULTIPLE_ANSWER, options(False, False, False), "at least one correct"),
        (QuestionType.TRUE_FALSE, options(True, True), "two options"),
        (QuestionType.SHORT_ANSWER, [], "at least one accepted answer"),
        (QuestionType.ORDERING, options(True, True), "at least three items"),
        (QuestionType.MATCHING, options(True, True), "at least three pairs"),
        (
            QuestionType.MATCHING,
            [
                {"text": f"L{i}", "match_text": "" if i == 0 else "R", "is_correct": True}
                for i in range(3)
            ],
            "both sides",
        ),
        (QuestionType.FILL_BLANK, [{"text": "x", "blank": 2, "is_correct": True}], "Every blank"),
        (
            QuestionType.SINGLE_CHOICE,
            [{"text": " ", "is_correct": True}, {"text": "b"}],
            "Options cannot be empty",
        ),
        (
            QuestionType.SHORT_ANSWER,
            [{"text": "Washington", "is_correct": True}, {"text": " ", "is_correct": True}],
            "Accepted answers cannot be empty",
        ),
        (QuestionType.ORDERING, [{"text": t} for t in ("a", " ", "c")], "Items cannot be empty"),
        (
            QuestionType.SINGLE_CHOICE,
            [{"text": "Brussels", "is_correct": True}, {"text": " brussels "}],
            "Two options have the same text",
        ),
        (QuestionType.ORDERING, [{"text": t} for t in ("x", "x", "y")], "Two items have the same"),
        (
            QuestionType.MATCHING,
            [{"text": left, "match_text": right} for left, right in ("A1", "A2", "C3")],
            "Two pairs have the same text",
        ),
    ],
)
def test_invalid_answer_keys_are_refused_with_a_clear_message(kind, rows, message):
    with pytest.raises(ValidationError, match=message):
        key(kind, rows)


@pytest.mark.parametrize(
    "kind, rows",
    [
        (QuestionType.SINGLE_CHOICE, options(True, False, False)),
        (QuestionType.MULTIPLE_ANSWER, options(True, True, False)),
        (QuestionType.TRUE_FALSE, options(False, True)),
        (QuestionType.SHORT_ANSWER, [{"text": "Washington Treaty", "is_correct": True}]),
        (QuestionType.ORDERING, options(True, True, True)),
        (
            QuestionType.MATCHING,
            [{"text": f"L{i}", "match_text": f"R{i}", "is_correct": True} for i in range(3)],
        ),
        (QuestionType.FILL_BLANK, [{"text": "1949", "blank": 1, "is_correct": True}]),
    ],
)
def test_valid_answer_keys_pass(kind, rows):
    key(kind, rows)


def test_numeric_tolerance_cannot_be_negative():
    question = Question(
        key="q", type=QuestionType.NUMERIC, prompt="Year?", numeric_value=Decimal(1949)
    )
    question.numeric_tolerance = Decimal(-1)
    with pytest.raises(ValidationError, match="cannot be negative"):
        question.clean()
    question.numeric_tolerance = Decimal(0)
    question.clean()


def test_numeric_question_needs_a_value():
    with pytest.raises(ValidationError, match="needs a value"):
        Question(key="q", type=QuestionType.NUMERIC, prompt="Year?").clean()


@pytest.mark.parametrize("prompt", ["No blanks here", "Skips {1} to {3}", "Twice {1} {1}"])
def test_fill_blank_prompt_needs_numbered_blanks(prompt):
    with pytest.raises(ValidationError):
        Question(key="q", type=QuestionType.FILL_BLANK, prompt=prompt).clean()


def test_full_clean_with_answer_key_reads_saved_choices(db):
    from tests.factories import QuestionFactory

    question = QuestionFactory()
    question.full_clean_with_answer_key()
    question.choices.update(is_correct=True)
    with pytest.raises(ValidationError, match="exactly one correct"):
        question.full_clean_with_answer_key()
