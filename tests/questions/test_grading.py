"""The grading rules, one pure function per type, tested on plain snapshots."""

from decimal import Decimal

import pytest

from quizzes.questions.grading import grade, normalise, parse_number


def choice(cid, text="", correct=False, **extra):
    return {
        "id": cid,
        "text": text or cid,
        "correct": correct,
        "weight": extra.get("weight"),
        "match": extra.get("match", ""),
        "blank": extra.get("blank"),
        "position": extra.get("position", 0),
    }


def snap(kind, choices, **extra):
    return {"type": kind, "prompt": extra.pop("prompt", "?"), "choices": choices, **extra}


SINGLE = snap("single_choice", [choice("a", correct=True), choice("b"), choice("c")])


@pytest.mark.parametrize("chosen, score", [("a", 1.0), ("b", 0.0), ("zzz", 0.0), (None, 0.0)])
def test_single_choice_is_one_or_zero(chosen, score):
    result = grade(SINGLE, {"choice": chosen})
    assert result.score == score
    assert result.correct is (score == 1.0)


def test_true_false_is_one_or_zero():
    tf = snap("true_false", [choice("t", "True", correct=True), choice("f", "False")])
    assert grade(tf, {"choice": "t"}).score == 1.0
    assert grade(tf, {"choice": "f"}).score == 0.0


MULTI = snap(
    "multiple_answer",
    [choice("a", correct=True), choice("b", correct=True), choice("c"), choice("d")],
)


@pytest.mark.parametrize(
    "chosen, score",
    [
        (["a", "b"], 1.0),  # all correct
        (["a"], 0.5),  # each correct option earns 1/k
        (["a", "b", "c"], 0.5),  # each wrong option costs 1/k
        (["a", "c"], 0.0),
        (["c", "d"], 0.0),  # floored at 0, never negative
        ([], 0.0),
    ],
)
def test_multiple_answer_partial_credit(chosen, score):
    assert grade(MULTI, {"choices": chosen}).score == score


def test_multiple_answer_with_three_correct_uses_thirds():
    three = snap("multiple_answer", [choice(c, correct=True) for c in "abc"] + [choice("d")])
    assert grade(three, {"choices": ["a", "b"]}).score == pytest.approx(2 / 3, abs=1e-6)
    assert grade(three, {"choices": ["a", "b", "c", "d"]}).score == pytest.approx(2 / 3, abs=1e-6)


SHORT = snap(
    "short_answer",
    [choice("a", "Washington Treaty", correct=True), choice("b", "Élysée", correct=True)],
    near_miss=True,
)


@pytest.mark.parametrize(
    "text", ["Washington Treaty", "  washington   TREATY ", "Washington-Treaty!", "elysee"]
)
def test_short_answer_ignores_case_spaces_punctuation_and_accents(text):
    result = grade({**SHORT, "near_miss": False}, {"text": text})
    assert result.score == 1.0
    assert result.note == ""


def test_short_answer_near_miss_earns_full_marks_with_a_spelling_note():
    result = grade(SHORT, {"text": "Washingtn Treaty"})
    assert result.score == 1.0
    assert "check your spelling" in result.note.lower()


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ("consensus", "concensus"),  # one letter wrong
        ("consensus", "consenus"),  # one missing
        ("Washington Treaty", "Washingotn Treaty"),  # two swapped
        ("Washington Treaty", "Washingtn Traety"),  # two slips in a long answer
    ],
)
def test_short_answer_near_miss_forgives_typos(key, typed):
    key_snapshot = snap("short_answer", [choice("a", key, correct=True)], near_miss=True)
    result = grade(key_snapshot, {"text": typed})
    assert result.score == 1.0
    assert key in result.note


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        # A long answer with a whole word changed is a different answer, not a typo.
        (
            "Defence Innovation Accelerator for the North Atlantic",
            "Defence Innovation Accelerator for the North America",
        ),
        ("consensus", "cnsenss"),  # two slips in a short answer
        ("Resolution 1244", "Resolution 1243"),  # a digit is never a typo
        ("Article 5 of 1949", "Article 5 of 1994"),
    ],
)
def test_short_answer_near_miss_refuses_what_is_more_than_a_typo(key, typed):
    key_snapshot = snap("short_answer", [choice("a", key, correct=True)], near_miss=True)
    assert grade(key_snapshot, {"text": typed}).score == 0.0


def test_short_answer_near_miss_only_when_the_question_allows_it():
    assert grade({**SHORT, "near_miss": False}, {"text": "Washingtn Treaty"}).score == 0.0


def test_short_answer_near_miss_needs_five_characters():
    short_key = snap("short_answer", [choice("a", "Oslo", correct=True)], near_miss=True)
    assert grade(short_key, {"text": "Olso"}).score == 0.0
    assert grade(SHORT, {"text": "Wash"}).score == 0.0


def test_short_answer_far_miss_and_empty_score_zero():
    assert grade(SHORT, {"text": "Treaty of Rome"}).score == 0.0
    assert grade(SHORT, {"text": "   "}).score == 0.0


def short(*accepted):
    return snap(
        "short_answer",
        [choice(str(i), text, correct=True) for i, text in enumerate(accepted)],
        near_miss=False,
    )


def test_short_answer_ignores_a_leading_article():
    assert grade(short("Soviet Union"), {"text": "The Soviet Union"}).correct
    assert grade(short("The Soviet Union"), {"text": "soviet union"}).correct
    assert grade(short("Strategic Concept"), {"text": "an Strategic Concept"}).correct
    assert not grade(short("Soviet Union"), {"text": "Those Soviet Union"}).correct


def test_short_answer_ignores_a_trailing_possessive():
    assert grade(short("Russia"), {"text": "Russia's"}).correct
    assert grade(short("Russia"), {"text": "Russia’s"}).correct
    assert not grade(short("Russia"), {"text": "Russians"}).correct


def test_short_answer_ignores_a_parenthesised_acronym():
    question = short("Partnership for Peace")
    assert grade(question, {"text": "Partnership for Peace (PfP)"}).correct
    assert grade(short("Partnership for Peace (PfP)"), {"text": "Partnership for Peace"}).correct
    assert not grade(question, {"text": "Partnership (for) Peace"}).correct


def test_short_answer_ignores_an_optional_nato_prefix():
    assert grade(short("Partnership for Peace"), {"text": "NATO Partnership for Peace"}).correct
    assert grade(short("Strategic Concept"), {"text": "The NATO Strategic Concept"}).correct
    assert grade(short("Strategic Concept"), {"text": "NATO's Strategic Concept"}).correct
    assert grade(short("NATO Innovation Fund"), {"text": "Innovation Fund"}).correct
    # NATO alone is an answer, not a prefix
    assert grade(short("NATO"), {"text": "NATO"}).correct
    assert not grade(short("Strategic Concept"), {"text": "EU Strategic Concept"}).correct


@pytest.mark.parametrize(
    "accepted, typed",
    [
        ("Partnership for Peace programme", "Partnership for Peace program"),
        ("Defence Innovation Accelerator", "Defense Innovation Accelerator"),
        ("defense", "defence"),
        ("organisation", "organization"),
    ],
)
def test_short_answer_accepts_british_and_american_spellings(accepted, typed):
    assert grade(short(accepted), {"text": typed}).correct
    assert grade(short(typed), {"text": accepted}).correct


def test_short_answer_normalisations_combine_with_a_near_miss_note():
    result = grade(
        {**short("Partnership for Peace"), "near_miss": True},
        {"text": "The NATO Partnership for Paece programme (PfP)"},
    )
    assert not result.correct  # "programme" is a word more, not a spelling
    result = grade(
        {**short("Partnership for Peace"), "near_miss": True},
        {"text": "The NATO Partnership for Paece (PfP)"},
    )
    assert result.correct and "spelling" in result.note


def test_fill_blank_accepts_the_other_spelling():
    question = snap("fill_blank", [choice("a", "Defence", correct=True, blank=1)])
    assert grade(question, {"blanks": {"1": "defense"}}).correct


def test_normalise():
    assert normalise("  Ça  va—BIEN! ") == "ca va bien"


NUMERIC = snap("numeric", [], numeric_value="3.5", numeric_tolerance="0.5")


@pytest.mark.parametrize(
    "value, score",
    [("3.5", 1.0), ("4", 1.0), ("3.0", 1.0), ("4.01", 0.0), ("2.9", 0.0), ("x", 0.0), ("", 0.0)],
)
def test_numeric_within_tolerance(value, score):
    assert grade(NUMERIC, {"value": value}).score == score


@pytest.mark.parametrize(
    "typed, number",
    [
        ("1949", "1949"),
        (" -2.5 ", "-2.5"),
        ("1,000", "1000"),
        ("1,000,000.25", "1000000.25"),
        ("2.02%", "2.02"),
        ("2.02 %", "2.02"),
        ("1,43", None),  # a decimal comma: not 143
        ("2,02%", None),
        ("12,34,567", None),
        ("1,0000", None),
        (",5", None),
        ("%", None),
        ("inf", None),
    ],
)
def test_parse_number_reads_thousands_commas_and_refuses_decimal_commas(typed, number):
    assert parse_number(typed) == (None if number is None else Decimal(number))


def test_a_decimal_comma_is_not_graded_as_another_number():
    spending = snap("numeric", [], numeric_value="1.43", numeric_tolerance="0.02", unit="%")
    assert grade(spending, {"value": "1.43"}).score == 1.0
    assert grade(spending, {"value": "1.43%"}).score == 1.0
    assert grade(spending, {"value": "143"}).score == 0.0
    assert grade(spending, {"value": "1,43"}).score == 0.0


def test_numeric_without_tolerance_is_exact():
    year = snap("numeric", [], numeric_value="1949", numeric_tolerance=None)
    assert grade(year, {"value": "1949"}).score == 1.0
    assert grade(year, {"value": "1,949"}).score == 1.0
    assert grade(year, {"value": "1950"}).score == 0.0
    assert grade(year, {"value": "NaN"}).score == 0.0


ORDERING = snap("ordering", [choice(c, position=i) for i, c in enumerate("abcd")])


@pytest.mark.parametrize(
    "order, score",
    [
        (list("abcd"), 1.0),
        (list("dcba"), 0.0),
        (list("bacd"), 2 / 3),  # (b,a) wrong, (a,c) and (c,d) right
        (list("acbd"), 2 / 3),
        (list("abc"), 0.0),  # missing an item
        (list("abcc"), 0.0),  # repeated item
    ],
)
def test_ordering_counts_neighbouring_pairs_in_order(order, score):
    assert grade(ORDERING, {"order": order}).score == pytest.approx(score, abs=1e-6)


MATCHING = snap(
    "matching",
    [choice("k", match="1999"), choice("i", match="2001"), choice("u", match="2011")],
)


def test_matching_is_the_fraction_of_pairs_right():
    assert grade(MATCHING, {"pairs": {"k": "k", "i": "i", "u": "u"}}).score == 1.0
    assert grade(MATCHING, {"pairs": {"k": "k", "i": "u", "u": "i"}}).score == pytest.approx(
        1 / 3, abs=1e-6
    )
    assert grade(MATCHING, {"pairs": {"k": "i", "i": "u", "u": "k"}}).score == 0.0
    assert grade(MATCHING, {"pairs": {"k": "nope"}}).score == 0.0


def test_matching_pairs_sharing_a_right_side_are_both_right():
    shared = snap(
        "matching",
        [choice("a", match="1949"), choice("b", match="1949"), choice("c", match="1952")],
    )
    assert grade(shared, {"pairs": {"a": "a", "b": "a", "c": "c"}}).score == 1.0


FILL = snap(
    "fill_blank",
    [
        choice("x", "Washington", correct=True, blank=1),
        choice("y", "1949", correct=True, blank=2),
        choice("z", "Washington, D.C.", correct=True, blank=1),
    ],
    prompt="Signed in {1} in {2}.",
)


def test_fill_blank_is_the_fraction_of_blanks_right():
    assert grade(FILL, {"blanks": {"1": "washington", "2": "1949"}}).score == 1.0
    assert grade(FILL, {"blanks": {"1": "washington d.c.", "2": "1950"}}).score == 0.5
    assert grade(FILL, {"blanks": {"2": "1949"}}).score == 0.5
    assert grade(FILL, {"blanks": {}}).score == 0.0


def test_weights_override_default_credit():
    weighted = snap(
        "single_choice", [choice("a", correct=True), choice("b", weight="0.5"), choice("c")]
    )
    assert grade(weighted, {"choice": "b"}).score == 0.5
    assert grade(weighted, {"choice": "b"}).correct is False
