"""The shipped bank's balance (issue 27), measured on fixtures/question_bank.json.

Each figure has a test that the measure itself catches a regression, on a small bank that
breaks the rule, so a passing figure is not a measure that cannot fail.
"""

import copy
import json

import pytest
from django.conf import settings

from quizzes.questions import bank_audit as audit
from quizzes.questions.grading import grade

BANK_PATH = settings.BASE_DIR / "fixtures" / "question_bank.json"
FORMAT_DOC = settings.BASE_DIR / "docs" / "question-bank-format.md"


@pytest.fixture(scope="module")
def bank():
    return json.loads(BANK_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def documents():
    return audit.document_passages(settings.SEEDS_DIR)


def by_key(bank, key):
    return next(q for q in bank["questions"] if q["key"] == key)


def test_the_bank_has_at_least_180_questions(bank):
    assert len(bank["questions"]) >= 180


def test_at_least_40_percent_of_true_false_statements_are_false(bank):
    assert audit.false_share(bank) >= 0.4


def test_no_position_holds_more_than_40_percent_of_single_choice_keys(bank):
    positions = audit.correct_positions(bank, "single_choice")
    assert max(positions.values()) / sum(positions.values()) <= 0.4
    assert len(positions) >= 3


def test_multiple_answer_keys_are_spread_over_positions(bank):
    positions = audit.correct_positions(bank, "multiple_answer")
    assert max(positions.values()) / sum(positions.values()) <= 0.4


def test_the_longest_option_does_not_give_single_choice_away(bank):
    assert audit.longest_is_correct_share(bank, "single_choice") <= 0.4


def test_selecting_every_option_never_scores_on_a_multiple_answer_question(bank):
    for q in (q for q in bank["questions"] if q["type"] == "multiple_answer"):
        choices = [
            {"id": str(i), "text": o["text"], "correct": o["correct"], "weight": None}
            for i, o in enumerate(q["options"])
        ]
        everything = grade(
            {"type": "multiple_answer", "choices": choices}, {"choices": [c["id"] for c in choices]}
        )
        assert everything.score == 0, q["key"]


def test_no_sentence_is_cited_by_more_than_six_questions(bank, documents):
    assert max(audit.questions_per_sentence(bank, documents).values()) <= 6


def test_no_set_tests_one_sentence_more_than_three_times(bank, documents):
    for slug, uses in audit.sentence_uses_per_set(bank, documents).items():
        assert max(uses.values()) <= 3, slug


def test_every_question_is_in_a_topical_set(bank):
    assert audit.orphans(bank) == []


def test_the_review_set_holds_every_question(bank):
    review = next(s for s in bank["sets"] if s["slug"] in audit.REVIEW_SETS)
    assert sorted(review["questions"]) == sorted(q["key"] for q in bank["questions"])


def test_each_topical_set_has_at_least_two_hard_questions(bank):
    assert {slug: n for slug, n in audit.hard_questions_per_set(bank).items() if n < 2} == {}


def test_no_question_gives_away_a_recall_answer_in_its_set(bank):
    assert audit.giveaways(bank) == []


def test_no_accepted_answer_is_one_grading_already_accepts(bank):
    assert audit.redundant_accepted_answers(bank) == []


def test_every_passage_is_cited_or_left_out_on_purpose(bank, documents):
    left_out = audit.left_out_passages(FORMAT_DOC.read_text(encoding="utf-8"))
    assert audit.uncovered_passages(bank, documents, left_out) == []


def test_no_passage_listed_as_left_out_is_cited(bank, documents):
    """The left-out list says why a passage has no question; a cited one does not belong."""
    left_out = audit.left_out_passages(FORMAT_DOC.read_text(encoding="utf-8"))
    cited = audit.uncovered_passages(bank, documents, [])
    for document, opening in left_out:
        assert any(d == document and text.startswith(opening[:60]) for d, text in cited), opening


def test_replaced_keys_are_gone(bank):
    keys = {q["key"] for q in bank["questions"]}
    assert all(q["replaces"] not in keys for q in bank["questions"] if q.get("replaces"))


def short_answer_snapshot(question):
    choices = [
        {"id": str(i), "text": text, "correct": True, "weight": None}
        for i, text in enumerate(question["accepted"])
    ]
    return {"type": "short_answer", "choices": choices, "near_miss": question.get("near_miss")}


@pytest.mark.parametrize(
    "key, typed",
    [
        ("sa-invasion-prompted", "Russia's"),
        ("sa-invasion-prompted", "Russian"),
        ("sa-soviet-union", "Soviets"),
        ("sa-soviet-union", "the Soviets"),
        ("sa-partnership-for-peace", "Partnership for Peace programme"),
        ("sa-partnership-for-peace", "Partnership for Peace program"),
        ("sa-partnership-for-peace", "NATO Partnership for Peace"),
        ("sa-partnership-for-peace", "Partnership for Peace (PfP)"),
        ("sa-strategic-concept", "The NATO Strategic Concept"),
        ("sa-rsm-name", "NATO Resolute Support Mission"),
        ("sa-diana", "Defense Innovation Accelerator for the North Atlantic"),
    ],
)
def test_answers_students_type_are_accepted(bank, key, typed):
    assert grade(short_answer_snapshot(by_key(bank, key)), {"text": typed}).correct


def test_unanimity_is_wrong_and_the_feedback_says_why(bank):
    for key in ("sa-consensus", "fb-consensus"):
        question = by_key(bank, key)
        assert "vote" in question["explanation"]
        assert "unanimity" in question["explanation"].casefold()
    assert not grade(
        short_answer_snapshot(by_key(bank, "sa-consensus")), {"text": "Unanimity"}
    ).correct


# The measures catch what they are meant to catch ---------------------------------------------


def tiny_bank(*questions, sets=None):
    keys = [q["key"] for q in questions]
    return {"questions": list(questions), "sets": sets or [{"slug": "topic", "questions": keys}]}


def question(key, kind="single_choice", prompt="?", **fields):
    return {"key": key, "type": kind, "prompt": prompt, "difficulty": 2, "sources": [], **fields}


def test_a_recall_answer_shown_by_another_question_of_its_set_is_found():
    recall = question("sa-year", "numeric", "When was NATO founded?", value=1949)
    showing = question("tf-date", "true_false", "NATO was founded on 4 April 1949.", answer=True)
    named = question("sa-name", "short_answer", "Name it.", accepted=["The Washington Treaty"])
    option = question("sc", options=[{"text": "Washington Treaty", "correct": True}])
    found = audit.giveaways(tiny_bank(recall, showing, named, option))
    assert {(key, other) for _, key, _, other in found} == {
        ("sa-year", "tf-date"),
        ("sa-name", "sc"),
    }
    apart = tiny_bank(
        recall,
        showing,
        sets=[{"slug": "a", "questions": ["sa-year"]}, {"slug": "b", "questions": ["tf-date"]}],
    )
    assert audit.giveaways(apart) == []


def test_a_blank_marker_or_a_neighbouring_figure_is_not_a_giveaway():
    recall = question("num", "numeric", "How many billion?", value=1)
    blank = question("fb", "fill_blank", "NATO has {1} members and 2.1 ships.", blanks=[["x"]])
    assert audit.giveaways(tiny_bank(recall, blank)) == []


def test_true_false_balance_and_positions_are_measured(bank):
    skewed = copy.deepcopy(bank)
    for q in skewed["questions"]:
        if q["type"] == "true_false":
            q["answer"] = True
        if q["type"] == "single_choice":
            q["options"].sort(key=lambda o: not o["correct"])
    assert audit.false_share(skewed) == 0
    assert audit.correct_positions(skewed, "single_choice").keys() == {1}


def test_orphans_and_missing_hard_questions_are_found(bank):
    broken = copy.deepcopy(bank)
    broken["sets"][0]["questions"] = broken["sets"][0]["questions"][:1]
    for q in broken["questions"]:
        q["difficulty"] = 2
    assert audit.orphans(broken)
    assert set(audit.hard_questions_per_set(broken).values()) == {0}


def test_repeated_sentences_are_counted(bank, documents):
    repeated = copy.deepcopy(bank)
    template = by_key(repeated, "num-finland-year")
    for n in range(7):
        repeated["questions"].append({**template, "key": f"copy-{n}"})
    repeated["sets"][0]["questions"] += [f"copy-{n}" for n in range(4)]
    assert max(audit.questions_per_sentence(repeated, documents).values()) > 6
    first = repeated["sets"][0]["slug"]
    assert max(audit.sentence_uses_per_set(repeated, documents)[first].values()) > 3


def test_a_passage_neither_cited_nor_listed_is_reported(bank, documents):
    left_out = audit.left_out_passages(FORMAT_DOC.read_text(encoding="utf-8"))
    assert len(left_out) > 50
    assert audit.uncovered_passages(bank, documents, left_out[1:]) == [
        (
            left_out[0][0],
            next(t for t in documents[left_out[0][0]] if t.startswith(left_out[0][1]))[:80],
        )
    ]


def test_redundant_accepted_answers_are_found():
    q = question("sa", "short_answer", accepted=["Strategic Concept", "The NATO Strategic Concept"])
    assert audit.redundant_accepted_answers(tiny_bank(q)) == [("sa", "The NATO Strategic Concept")]
