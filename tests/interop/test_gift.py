"""The GIFT parser and writer on their own: Moodle's documented examples and our rules."""

from decimal import Decimal

import pytest

from quizzes.interop.gift import escape, parse_gift, write_gift
from quizzes.interop.parsed import GAP, ImportFailed


def one(text: str):
    result = parse_gift(text)
    assert len(result.questions) == 1, result
    return result.questions[0]


def answers(question):
    return [(a.text, a.correct, a.weight) for a in question.answers]


# Examples from Moodle's GIFT documentation (docs.moodle.org/en/GIFT_format).


def test_multiple_choice():
    q = one("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    assert q.type == "single_choice"
    assert q.prompt == "Who's buried in Grant's tomb?"
    assert answers(q) == [
        ("Grant", False, None),
        ("Jefferson", False, None),
        ("no one", True, None),
    ]


def test_multiple_choice_on_several_lines_with_title():
    q = one(
        "::Q2:: What's between orange and green in the spectrum?\n"
        "{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }"
    )
    assert q.title == "Q2"
    assert q.prompt == "What's between orange and green in the spectrum?"
    assert [(a.text, a.feedback) for a in q.answers] == [
        ("yellow", "right; good!"),
        ("red", "wrong, it's yellow"),
        ("blue", "wrong, it's yellow"),
    ]


def test_missing_word_choice_keeps_a_visible_gap():
    q = one("Moodle costs {~lots of money =nothing ~a small amount} to download.")
    assert q.type == "single_choice"
    assert q.prompt == f"Moodle costs {GAP} to download."
    assert [a.text for a in q.answers if a.correct] == ["nothing"]


def test_missing_word_short_answer_becomes_fill_in_the_blank():
    q = one("Two plus {=two =2} equals four.")
    assert q.type == "fill_blank"
    assert q.prompt == "Two plus {1} equals four."
    assert [(a.text, a.blank) for a in q.answers] == [("two", 1), ("2", 1)]


@pytest.mark.parametrize(
    ("block", "truth"),
    [("{T}", True), ("{TRUE}", True), ("{F}", False), ("{FALSE}", False), ("{t}", True)],
)
def test_true_false_spellings(block, truth):
    q = one(f"Grant is buried in Grant's tomb.{block}")
    assert q.type == "true_false"
    assert [(a.text, a.correct) for a in q.answers] == [("True", truth), ("False", not truth)]


def test_true_false_feedback_first_for_a_wrong_answer_then_for_a_right_one():
    q = one("Grant was buried in Grant's tomb.{T#Sorry, wrong#Yes, he was}")
    by_text = {a.text: a.feedback for a in q.answers}
    assert by_text == {"True": "Yes, he was", "False": "Sorry, wrong"}


def test_short_answer_with_several_accepted_answers_and_weights():
    q = one("Who's buried in Grant's tomb?{=Grant =%50%Ulysses S. Grant =nobody}")
    assert q.type == "short_answer"
    assert answers(q) == [
        ("Grant", True, None),
        ("Ulysses S. Grant", True, Decimal("0.5")),
        ("nobody", True, None),
    ]


def test_two_plus_two_short_answer():
    q = one("Two plus two equals {=four =4}")
    assert q.type == "short_answer"
    assert [a.text for a in q.answers] == ["four", "4"]


def test_matching_with_general_feedback():
    q = one(
        "Match the following countries with their corresponding capitals. {\n"
        "    =Canada -> Ottawa\n    =Italy  -> Rome\n    =Japan  -> Tokyo\n"
        "    =India  -> New Delhi\n    ####It's good to know the capitals\n}"
    )
    assert q.type == "matching"
    assert [(a.text, a.match) for a in q.answers] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
        ("Japan", "Tokyo"),
        ("India", "New Delhi"),
    ]
    assert q.explanation == "It's good to know the capitals"


def test_matching_cat_food():
    q = one("Which animal eats which food? { =cat -> cat food =dog -> dog food =cow -> grass }")
    assert [(a.text, a.match) for a in q.answers][0] == ("cat", "cat food")


def test_numerical_with_tolerance():
    q = one("When was Ulysses S. Grant born?{#1822:5}")
    assert q.type == "numeric"
    assert (q.numeric_value, q.numeric_tolerance, q.answers) == (Decimal(1822), Decimal(5), [])


def test_numerical_exact_and_range():
    assert one("What year?{#1949:0}").numeric_tolerance == 0
    q = one("What is the value of pi (to 3 decimal places)? {#3.141..3.142}")
    assert (q.numeric_value, q.numeric_tolerance) == (Decimal("3.1415"), Decimal("0.0005"))
    q = one("When did Sweden join?{#2023..2024}")
    assert (q.numeric_value, q.numeric_tolerance) == (Decimal("2023.5"), Decimal("0.5"))


def test_numerical_with_several_answers_and_partial_credit():
    q = one(
        "When was Ulysses S. Grant born? {#\n"
        "    =1822:0      # Correct! Full credit.\n"
        "    =%50%1822:2  # He was born in 1822. Half credit for being close.\n}"
    )
    assert q.numeric_value == 1822 and q.numeric_tolerance == 0
    assert [(a.text, a.tolerance, a.weight, a.correct) for a in q.answers] == [
        ("1822", Decimal(0), None, True),
        ("1822", Decimal(2), Decimal("0.5"), False),
    ]
    assert q.answers[1].feedback == "He was born in 1822. Half credit for being close."


def test_multiple_answers_with_negative_weights():
    q = one(
        "What two people are entombed in Grant's tomb? {\n"
        "   ~%-100%No one\n   ~%50%Grant\n   ~%50%Grant's wife\n   ~%-100%Grant's father\n}"
    )
    assert q.type == "multiple_answer"
    assert answers(q) == [
        ("No one", False, Decimal(-1)),
        ("Grant", True, Decimal("0.5")),
        ("Grant's wife", True, Decimal("0.5")),
        ("Grant's father", False, Decimal(-1)),
    ]


def test_multiple_choice_with_partial_weights():
    q = one("Which is best?{=%100%right ~%50%half ~wrong}")
    assert answers(q) == [
        ("right", True, None),
        ("half", False, Decimal("0.5")),
        ("wrong", False, None),
    ]


def test_comments_are_ignored_and_categories_become_topics():
    result = parse_gift(
        "// question: 1 name: Grant\n// a comment\n::Grant::Who's buried?{=no one}\n\n"
        "$CATEGORY: $course$/tom/dick/harry\n\nTwo plus two?{=four}\n"
    )
    first, second = result.questions
    assert first.title == "Grant" and first.topics == []
    assert second.topics == ["tom/dick/harry"]
    assert second.line == 7


def test_escaped_control_characters():
    q = one("Which answer equals 5? {\n   ~ \\= 2 + 2\n   = \\= 2 + 3\n   ~ \\= 2 + 4\n}")
    assert [a.text for a in q.answers] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    q = one("Escapes\\: \\~ \\= \\# \\{ \\} in text{=a\\:b \\#1}")
    assert q.prompt == "Escapes: ~ = # { } in text"
    assert q.answers[0].text == "a:b #1"


def test_html_is_sanitised_and_flattened():
    q = one("[html]<p>Who is <b>buried</b> here?<script>alert(1)</script></p>{=Grant}")
    assert q.prompt == "Who is buried here?"
    assert "<" not in q.prompt and "alert" not in q.prompt


def test_html_is_cleaned_in_every_text_of_the_question_not_only_the_prompt():
    q = one(
        "[html]<p>Pick one</p>{"
        "=<b>Grant</b><img src\\=x onerror\\=alert(1)>#<i>Right</i><script>alert(2)</script> "
        "~<a href\\='javascript:alert(3)'>Lee</a>#<u>No</u> "
        "####<p>He is <em>buried</em> there.</p><style>p \\{\\}</style>}"
    )
    texts = [q.explanation] + [t for a in q.answers for t in (a.text, a.feedback)]
    assert texts == ["He is buried there.", "Grant", "Right", "Lee", "No"]
    pairs = one("[html]Match{=<b>A</b> -> <i>1</i> =B -> 2<script>x</script> =C -> 3}")
    assert [(a.text, a.match) for a in pairs.answers] == [("A", "1"), ("B", "2"), ("C", "3")]
    numeric = one("[html]How many?{#12#<b>Twelve</b><script>x</script>}")
    assert numeric.numeric_value == 12


def test_an_html_answer_with_no_text_once_cleaned_is_refused():
    with pytest.raises(ImportFailed, match="no text once its HTML is cleaned"):
        parse_gift("[html]Which?{=<script>alert(1)</script> ~Lee}")


def test_plain_texts_keep_their_angle_brackets():
    q = one("Which tag?{=<b>#<i>yes</i> ~<p>}")
    assert [(a.text, a.feedback) for a in q.answers] == [("<b>", "<i>yes</i>"), ("<p>", "")]


def test_markdown_is_rendered_to_text():
    q = one("[markdown]Who's **buried** in *Grant's* tomb?{=no one}")
    assert q.prompt == "Who's buried in Grant's tomb?"


def test_plain_format_tag_and_title_before_it():
    q = one("::T::[plain]Is <b> a tag?{T}")
    assert (q.title, q.prompt) == ("T", "Is <b> a tag?")


def test_essay_is_skipped_with_a_warning_naming_its_line():
    result = parse_gift("Q one?{T}\n\n\nWrite about NATO.{}\n\nQ two?{F}")
    assert len(result.questions) == 2
    assert result.warnings == [
        "Line 4: essay question skipped (the app has no hand-marked questions)."
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Good?{T}\n\nNo answers here.", "Line 3: no answer block"),
        ("Good?{T}\n\nUnclosed {=a ~b", "Line 3: the answer block is not closed"),
        ("Good?{T}\n\n::Title no end {T}", "Line 3: the title is not closed"),
        ("Year?{#nineteen}", "Line 1: the numeric answer “nineteen” is not a number"),
        ("Which?{a b c}", "Line 1: answers must start with = (right) or ~ (wrong)"),
        ("Which?{~%150%a =b}", "Line 1: the weight %150% must be between -100 and 100"),
        ("Match?{=a -> 1 =b}", "Line 1: every matching pair needs the form"),
        ("Two {=a} blocks {=b}", "Line 1: more than one answer block"),
        ("Range?{#5..1}", "Line 1: the range 5..1 ends before it starts"),
    ],
)
def test_malformed_questions_are_named_by_line(text, message):
    with pytest.raises(ImportFailed) as failure:
        parse_gift(text)
    assert any(str(e).startswith(message) for e in failure.value.errors), failure.value.errors


def test_every_malformed_question_is_reported_at_once():
    with pytest.raises(ImportFailed) as failure:
        parse_gift("Bad one {a}\n\nGood?{T}\n\nBad two {#x}")
    assert [e.line for e in failure.value.errors] == [1, 5]


def test_escape_writes_every_control_character():
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


def test_written_gift_reads_back_the_same():
    source = (
        "$CATEGORY: Founding\n\n"
        "::key-1::Pick one\\: {=%100%a#yes ~%50%b#half ~c ####Because.}\n\n"
        "Gap {~x =y} here.\n\n"
        "Several {~%50%a ~%50%b ~%-100%c}\n\n"
        "Near {#=1822:0#Right ~%50%1822:2#Close}\n\n"
        "Pairs {=a -> 1 =b -> 2 =c -> 3}\n\n"
        "Is it? {F#No#Yes}\n\n"
        "Line one\\nline two {=%50%half =full}\n\n"
        "Fill {=in =out} the blank\n"
    )
    first = parse_gift(source).questions
    again = parse_gift(write_gift(first)).questions
    for q in first + again:
        q.line = 0
    assert again == first
