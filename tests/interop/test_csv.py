"""CSV in and out: documented columns, line-numbered errors, quotes matched to passages."""

import pytest

from quizzes.interop.csv_format import COLUMNS, parse_csv, write_csv
from quizzes.interop.parsed import ImportFailed
from quizzes.interop.selectors import set_questions_for_export
from quizzes.interop.services import questions_import
from quizzes.questions.models import Question
from tests.factories import PassageFactory
from tests.interop.conftest import comparable

HEADER = ",".join(COLUMNS) + "\n"


def test_every_type_reads():
    text = HEADER + (
        "single_choice,When?,1949 | 1955 | %50%1950,1949,Signed in 1949.,Founding,\n"
        "multiple_answer,Founders?,%50%Belgium | %50%Canada | %-100%Sweden,Belgium | Canada,,,\n"
        "true_false,Founded in 1949.,,TRUE,,,\n"
        "short_answer,Treaty?,,Washington Treaty | %50%Washington,,,\n"
        "numeric,Year?,,1949:0 | %50%1950:1,,,\n"
        "numeric,Sweden?,,2023..2024,,,\n"
        "ordering,Order these,first | second | third,,,,\n"
        'matching,Match,"KFOR -> 1999 | ISAF -> 2001 | a \\| b -> c",,,,\n'
        'fill_blank,"Founded {1}, {2}.",,April 4 | 4 April || 1949,,Founding | Law,\n'
    )
    q = parse_csv(text).questions
    assert [x.type for x in q] == [
        "single_choice",
        "multiple_answer",
        "true_false",
        "short_answer",
        "numeric",
        "numeric",
        "ordering",
        "matching",
        "fill_blank",
    ]
    assert [(a.text, a.correct, a.weight) for a in q[0].answers][2] == ("1950", False, 0.5)
    assert [a.correct for a in q[1].answers] == [True, True, False]
    assert [a.correct for a in q[2].answers] == [True, False]
    assert (q[4].numeric_value, len(q[4].answers)) == (1949, 2)
    assert (q[5].numeric_value, q[5].numeric_tolerance, q[5].answers) == (2023.5, 0.5, [])
    assert [a.text for a in q[6].answers] == ["first", "second", "third"]
    assert (q[7].answers[2].text, q[7].answers[2].match) == ("a | b", "c")
    assert [(a.text, a.blank) for a in q[8].answers] == [
        ("April 4", 1),
        ("4 April", 1),
        ("1949", 2),
    ]
    assert q[8].topics == ["Founding", "Law"]
    assert [x.line for x in q] == [2, 3, 4, 5, 6, 7, 8, 9, 10]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("essay,Write,,,,,\n", "Line 2: unknown type “essay”"),
        (
            "single_choice,Q,a | b,c,,,\n",
            "Line 2: the correct answer “c” is not one of the options",
        ),
        ("true_false,Q,,maybe,,,\n", "Line 2: a true/false answer is true or false"),
        ("numeric,Q,,soon,,,\n", "Line 2: the numeric answer “soon” is not a number"),
        ("matching,Q,a = b,,,,\n", "Line 2: the pair “a = b” needs the form left -> right"),
        ("true_false,Q,,true\n", "Line 2: 4 cells where the header has 7"),
        ('true_false,"multi\nline",,true,,,\nnumeric,Q,,x,,,\n', "Line 4: the numeric answer"),
    ],
)
def test_malformed_rows_are_named_by_line(rows, message):
    with pytest.raises(ImportFailed) as failure:
        parse_csv(HEADER + rows)
    assert any(str(e).startswith(message) for e in failure.value.errors), failure.value.errors


def test_wrong_header_is_explained():
    with pytest.raises(ImportFailed) as failure:
        parse_csv("kind,question\nx,y\n")
    assert str(failure.value.errors[0]).startswith(
        "Line 1: missing column(s) type, prompt; unknown column(s) kind, question"
    )


@pytest.mark.django_db
def test_source_quote_becomes_a_citation_or_an_error(teacher):
    passage = PassageFactory(text="NATO was established on April 4, 1949.")
    ok = HEADER + 'true_false,Founded in 1949.,,true,,,"April 4, 1949"\n'
    summary = questions_import(parsed=parse_csv(ok), owner=teacher)
    assert summary.questions[0].citations.get().passage == passage
    bad = HEADER + "true_false,Founded in 1949.,,true,,,\ntrue_false,Q,,false,,,Not quoted\n"
    with pytest.raises(ImportFailed) as failure:
        questions_import(parsed=parse_csv(bad), owner=teacher)
    assert [str(e) for e in failure.value.errors] == [
        "Line 3: the source quote “Not quoted” is not in any current passage"
    ]
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_round_trip_over_every_type_without_feedback(every_kind, teacher):
    originals = list(every_kind.questions.order_by("set_items__position"))
    text = write_csv(set_questions_for_export(question_set=every_kind, user=None))
    summary = questions_import(parsed=parse_csv(text), owner=teacher, set_name="Again")
    imported = summary.question_set.questions.order_by("set_items__position")
    for original, new in zip(originals, imported, strict=True):
        expected = comparable(original)
        for choice in expected["choices"]:
            choice["feedback"] = ""  # CSV has no column for option feedback
        assert comparable(new) == expected


@pytest.mark.django_db
def test_export_defuses_spreadsheet_formulas_and_import_reads_them_back(teacher):
    """Cells that a spreadsheet would run as a formula (CSV injection) are exported with a
    leading apostrophe, and importing the file gives the original text back."""
    text = HEADER + (
        'single_choice,"=HYPERLINK(""http://x"",""Hi"")",-1 | +1 | @sum,-1,'
        "''-quoted,,\n"
        "numeric,How cold?,,-40:0,,,\n"
        "short_answer,'Tis the season?,,'Tis,,,\n"
    )
    parsed = parse_csv(text)
    exported = write_csv(parsed.questions)
    lines = exported.splitlines()
    assert lines[1].startswith("single_choice,\"'=HYPERLINK(")
    assert ",'-1 | +1 | @sum,'-1,''-quoted," in lines[1]
    assert lines[2] == "numeric,How cold?,,'-40:0,,,,,,"
    assert lines[3] == "short_answer,'Tis the season?,,'Tis,,,,,,"
    again = parse_csv(exported).questions
    assert [(q.prompt, [a.text for a in q.answers], q.explanation) for q in again] == [
        (q.prompt, [a.text for a in q.answers], q.explanation) for q in parsed.questions
    ]
    assert again[0].prompt.startswith("=HYPERLINK") and again[0].explanation == "'-quoted"
