"""The pure helpers between POST data and grading: parsing, widgets, descriptions."""

import random

import pytest
from django.http import QueryDict

from quizzes.attempts import answers


def snap(kind, choices, **extra):
    return {"type": kind, "prompt": extra.pop("prompt", "?"), "choices": choices, **extra}


def choice(cid, text, correct=False, **extra):
    return {
        "id": cid,
        "text": text,
        "correct": correct,
        "weight": None,
        "match": "",
        "blank": None,
        "position": 0,
        **extra,
    }


def post(**fields):
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def test_true_false_shows_true_first_whatever_the_authored_order():
    tf = snap("true_false", [choice("f", "False"), choice("t", "True", correct=True)])
    order = answers.option_order_for(tf, shuffle=True, rng=random.Random(1))
    assert order == {"order": ["t", "f"]}


def test_matching_right_sides_are_distinct_texts_and_tokens_are_opaque():
    m = snap(
        "matching",
        [
            choice("a", "Rome", match="1957"),
            choice("b", "Paris", match="1957"),
            choice("c", "Lisbon", match="2007"),
        ],
    )
    order = answers.option_order_for(m, shuffle=False, rng=random.Random(2))
    assert sorted(order["right"]) == ["a", "c"]
    widget = answers.widget(m, order=order, attempt_id=7, answer=None)
    tokens = [r["token"] for r in widget["rights"]]
    assert not set(tokens) & {"a", "b", "c"}
    assert answers.right_token(8, "a") != answers.right_token(7, "a")
    token_1957 = next(r["token"] for r in widget["rights"] if r["text"] == "1957")
    token_2007 = next(r["token"] for r in widget["rights"] if r["text"] == "2007")
    parsed = answers.parse_answer(
        m,
        post(**{"match-a": token_1957, "match-b": token_1957, "match-c": token_2007}),
        order=order,
        attempt_id=7,
    )
    from quizzes.questions.grading import grade

    assert grade(m, parsed).score == 1.0


def test_fill_blank_widget_splits_the_prompt_around_inputs():
    fb = snap("fill_blank", [choice("x", "1949", blank=1)], prompt="Signed in {1}, in DC.")
    widget = answers.widget(fb, order={}, attempt_id=1, answer={"blanks": {"1": "1950"}})
    assert widget["segments"] == [
        {"text": "Signed in "},
        {"blank": 1, "value": "1950", "before": "Signed in", "of": 1},
        {"text": ", in DC."},
    ]


def test_messages_name_a_missing_blank_plainly():
    fb = snap(
        "fill_blank",
        [choice("x", "4", blank=1), choice("y", "1949", blank=2)],
        prompt="Signed on {1} April {2}.",
    )
    with pytest.raises(answers.AnswerInvalid, match=r"^Please fill in blank 2\.$"):
        answers.validate_answer(fb, {"blanks": {"1": "4", "2": " "}})
    with pytest.raises(answers.AnswerInvalid, match=r"^Blank 1 is too long "):
        answers.validate_answer(fb, {"blanks": {"1": "4" * 201, "2": "1949"}})
    sa = snap("short_answer", [choice("a", "Washington Treaty", correct=True)])
    with pytest.raises(answers.AnswerInvalid, match=r"^Please fill in the answer\.$"):
        answers.validate_answer(sa, {"text": ""})


def test_move_item():
    assert answers.move_item(["a", "b", "c"], "down:a") == ["b", "a", "c"]
    assert answers.move_item(["a", "b", "c"], "up:a") == ["a", "b", "c"]
    with pytest.raises(answers.AnswerInvalid):
        answers.move_item(["a", "b"], "left:a")
    with pytest.raises(answers.AnswerInvalid):
        answers.move_item(["a", "b"], "up:z")


def test_is_blank():
    single = snap("single_choice", [choice("a", "A", correct=True), choice("b", "B")])
    assert answers.is_blank(single, post())
    assert not answers.is_blank(single, post(choice="a"))


def test_short_answer_correct_shows_the_canonical_answer_first():
    sa = snap(
        "short_answer",
        [choice("a", "North Atlantic Treaty", True), choice("b", "Washington Treaty", True)],
    )
    assert answers.describe_correct(sa) == [
        "North Atlantic Treaty",
        "Also accepted: Washington Treaty",
    ]


def test_numeric_description_shows_tolerance_and_unit():
    n = snap("numeric", [], numeric_value="2", numeric_tolerance="0.5", unit="%")
    assert answers.describe_correct(n) == ["2 % (± 0.5)"]
    assert answers.describe_answer(n, {"value": "2.1"}) == ["2.1 %"]


@pytest.mark.parametrize(
    ("typed", "unit", "kept"),
    [
        ("2.02%", "%", "2.02"),  # the unit typed too: kept once, shown as "2.02 %"
        ("2.02 %", "%", "2.02"),
        ("2.02", "%", "2.02"),
        ("1.5 Billion €", "billion €", "1.5"),
        ("1949", "", "1949"),
    ],
)
def test_a_number_is_kept_without_the_unit_the_question_gives(typed, unit, kept):
    numeric = snap("numeric", [], unit=unit)
    cleaned = answers.validate_answer(numeric, {"value": typed})
    assert cleaned == {"value": kept}
    shown = answers.describe_answer(numeric, cleaned)[0]
    assert shown.count("%") == (1 if unit == "%" else 0)


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("1949%", ""), ("1,43", "%"), ("%", "%"), ("2 %%", "%"), ("1.5 million", "billion €")],
)
def test_a_number_that_cannot_be_read_in_the_question_unit_is_refused(typed, unit):
    with pytest.raises(answers.AnswerInvalid, match="with a point, not a comma"):
        answers.validate_answer(snap("numeric", [], unit=unit), {"value": typed})
