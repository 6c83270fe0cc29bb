"""Every example of Moodle's GIFT documentation and its examples file that the app supports.

Each example is parsed on its own and checked for the type and the key facts; the whole
collection is also parsed as one file (blank lines between questions, comments around).
"""

from decimal import Decimal

import pytest

from quizzes.interop.gift import parse_gift
from quizzes.interop.parsed import GAP

EXAMPLES = [
    ("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}", "single_choice", ["no one"]),
    ("Grant is {~buried =entombed ~living} in Grant's tomb.", "single_choice", ["entombed"]),
    ("Grant is buried in Grant's tomb.{FALSE}", "true_false", ["False"]),
    ("Who's buried in Grant's tomb?{=no one =nobody}", "short_answer", ["no one", "nobody"]),
    ("When was Ulysses S. Grant born?{#1822:1}", "numeric", []),
    (
        "The American holiday of Thanksgiving is celebrated on the {\n    ~second\n"
        "    ~third\n    =fourth\n} Thursday of November.",
        "single_choice",
        ["fourth"],
    ),
    (
        "Japanese characters originally came from what country? {\n    ~India\n    =China\n"
        "    ~Korea\n    ~Egypt}",
        "single_choice",
        ["China"],
    ),
    ("Two plus two equals {=four =4}.", "fill_blank", ["four", "4"]),
    ("Grant is buried in Grant's tomb.{F}", "true_false", ["False"]),
    ("The sun rises in the east.{T}", "true_false", ["True"]),
    (
        "Matching Question. {\n    =subquestion1 -> subanswer1\n    =subquestion2 -> subanswer2\n"
        "    =subquestion3 -> subanswer3\n    }",
        "matching",
        ["subquestion1", "subquestion2", "subquestion3"],
    ),
    (
        "Match the following countries with their corresponding capitals. {\n"
        "    =Canada -> Ottawa\n    =Italy  -> Rome\n    =Japan  -> Tokyo\n"
        "    =India  -> New Delhi\n    }",
        "matching",
        ["Canada", "Italy", "Japan", "India"],
    ),
    ("When was Ulysses S. Grant born? {#1822}", "numeric", []),
    ("What is the value of pi (to 3 decimal places)? {#3.1415:0.0005}.", "numeric", []),
    ("What is the value of pi (to 3 decimal places)? {#3.141..3.142}.", "numeric", []),
    ("When was Ulysses S. Grant born? {#\n    =1822:0\n    =%50%1822:2}", "numeric", ["1822"]),
    ("// Subheading: Numerical questions below\nWhat's 2 plus 2? {#4}", "numeric", []),
    (
        "::Kanji Origins::Japanese characters originally\ncame from what country? {=China}",
        "short_answer",
        ["China"],
    ),
    (
        "::Thanksgiving Date::The American holiday of Thanksgiving is\n"
        "celebrated on the {~second ~third =fourth} Thursday of November.",
        "single_choice",
        ["fourth"],
    ),
    (
        "What's the answer to this multiple-choice question?{\n"
        "~wrong answer#feedback comment on the wrong answer\n"
        "~another wrong answer#feedback comment on this wrong answer\n"
        "=right answer#Very good!}",
        "single_choice",
        ["right answer"],
    ),
    (
        "Who's buried in Grant's tomb?{\n=no one#excellent answer!\n=nobody#excellent answer!}",
        "short_answer",
        ["no one", "nobody"],
    ),
    (
        "[markdown]Who's buried in **Grant's tomb**?{\n=no one#excellent answer!\n"
        "=nobody#excellent answer!}",
        "short_answer",
        ["no one", "nobody"],
    ),
    (
        "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}",
        "true_false",
        ["False"],
    ),
    (
        "Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}",
        "single_choice",
        ["full credit answer"],
    ),
    (
        "::Jesus' hometown::Jesus Christ was from {\n"
        "    ~Jerusalem#This was an important city, but the wrong answer.\n"
        "    ~%25%Bethlehem#He was born here, but not raised here.\n"
        "    ~%50%Galilee#You need to be more specific.\n"
        "    =Nazareth#Yes! That's right!}.",
        "single_choice",
        ["Nazareth"],
    ),
    (
        "::Jesus' hometown:: Jesus Christ was from {\n    =Nazareth#Yes! That's right!\n"
        "    =%75%Nazereth#Right, but misspelled.\n"
        "    =%25%Bethlehem#He was born here, but not raised here.}",
        "short_answer",
        ["Nazareth", "Nazereth", "Bethlehem"],
    ),
    (
        "What two people are entombed in Grant's tomb? {\n    ~No one\n    ~%50%Grant\n"
        "    ~%50%Grant's wife\n    ~Grant's father }",
        "multiple_answer",
        ["Grant", "Grant's wife"],
    ),
    (
        "What two people are entombed in Grant's tomb? {\n    ~%-50%No one\n    ~%50%Grant\n"
        "    ~%50%Grant's wife\n    ~%-50%Grant's father }",
        "multiple_answer",
        ["Grant", "Grant's wife"],
    ),
    (
        "Which answer equals 5? {\n     ~ \\= 2 + 2\n     = \\= 2 + 3\n     ~ \\= 2 + 4  }",
        "single_choice",
        ["= 2 + 3"],
    ),
    (
        "::GIFT Control Characters::\n"
        "Which of the following is NOT a control character for the GIFT import format? {\n"
        "   ~ \\~     # \\~ is a control character.\n"
        "   ~ \\=     # \\= is a control character.\n"
        "   ~ \\#     # \\# is a control character.\n"
        "   ~ \\{     # \\{ is a control character.\n"
        "   ~ \\}     # \\} is a control character.\n"
        "   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,\n"
        "              it is used to escape the control characters.\n}",
        "single_choice",
        ["\\"],
    ),
    (
        "Match the following countries with their corresponding\n"
        "capitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}",
        "matching",
        ["Canada", "Italy", "Japan"],
    ),
    (
        "::Grant's Tomb::Grant is {\n      ~buried#No one is buried there.\n"
        "      =entombed#Right answer!\n      ~living#We hope not!\n} in Grant's tomb.",
        "single_choice",
        ["entombed"],
    ),
    (
        "//this comment will be ignored by the filter\n::Numerical example::\n"
        "When was Ulysses S. Grant born? {#\n     =1822:0      #Correct! 100% credit\n"
        "     =%50%1822:2  #He was born in 1822.\n"
        "                  You get 50% credit for being close.\n}",
        "numeric",
        ["1822"],
    ),
    ("$CATEGORY: tom/dick/harry\n\nWhat's 2 plus 2? {#4}", "numeric", []),
    ("Grant is buried in Grant's tomb.{T#Wrong, it is empty#Right}", "true_false", ["True"]),
    ("[html]Who's buried in <b>Grant's tomb</b>?{=no one}", "short_answer", ["no one"]),
    ("::Q::[plain]Who's buried in Grant's tomb?{=no one}", "short_answer", ["no one"]),
]


@pytest.mark.parametrize(("text", "kind", "correct"), EXAMPLES)
def test_documented_example(text, kind, correct):
    (question,) = parse_gift(text).questions
    assert question.type == kind
    if kind == "matching":
        assert [a.text for a in question.answers] == correct
    elif correct:
        assert [a.text for a in question.answers if a.correct] == correct
    assert question.prompt and "{" not in question.prompt.replace("{1}", "")


def test_all_examples_as_one_file_with_an_essay():
    text = "\n\n".join(t for t, _, _ in EXAMPLES) + "\n\nWrite a short biography of Grant.{}\n"
    result = parse_gift(text)
    assert len(result.questions) == len(EXAMPLES)
    assert len(result.warnings) == 1 and "essay question skipped" in result.warnings[0]


def test_details_of_the_documented_examples():
    by_prompt = {q.prompt: q for q in parse_gift("\n\n".join(t for t, _, _ in EXAMPLES)).questions}
    gap = by_prompt[f"Grant is {GAP} in Grant's tomb."]
    assert [a.feedback for a in gap.answers] == [
        "No one is buried there.",
        "Right answer!",
        "We hope not!",
    ]
    jesus = by_prompt[f"Jesus Christ was from {GAP}."]
    assert [a.weight for a in jesus.answers] == [None, Decimal("0.25"), Decimal("0.5"), None]
    short = by_prompt["Jesus Christ was from"]
    assert [a.weight for a in short.answers] == [None, Decimal("0.75"), Decimal("0.25")]
    control = by_prompt[
        "Which of the following is NOT a control character for the GIFT import format?"
    ]
    assert [a.text for a in control.answers] == ["~", "=", "#", "{", "}", "\\"]
    assert control.answers[0].feedback == "~ is a control character."
    numeric = by_prompt["When was Ulysses S. Grant born?"]
    assert numeric.answers[1].feedback.startswith("He was born in 1822.\n")
    pi = by_prompt[f"What is the value of pi (to 3 decimal places)? {GAP}."]
    assert (pi.numeric_value, pi.numeric_tolerance) == (Decimal("3.1415"), Decimal("0.0005"))


def test_weighted_missing_word_short_answer_stays_short_answer_with_a_gap():
    """fill_blank does not grade partial credit, so this keeps its weights as short answer."""
    (question,) = parse_gift(
        "::Jesus' hometown (Short answer ex.):: Jesus Christ was from {\n"
        "     =Nazareth#Yes! That's right!\n     =%75%Nazereth#Right, but misspelled.\n"
        "     =%25%Bethlehem#He was born here, but not raised here.\n}."
    ).questions
    assert question.type == "short_answer"
    assert question.prompt == f"Jesus Christ was from {GAP}."
    assert [a.weight for a in question.answers] == [None, Decimal("0.75"), Decimal("0.25")]
