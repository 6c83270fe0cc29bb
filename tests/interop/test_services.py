"""Importing parsed questions: bulk, all or nothing, versioned, graded by their weights."""

from decimal import Decimal

import pytest

from quizzes.interop.csv_format import parse_csv
from quizzes.interop.gift import parse_gift, write_gift
from quizzes.interop.parsed import ImportFailed
from quizzes.interop.selectors import set_questions_for_export
from quizzes.interop.services import questions_import
from quizzes.questions.grading import grade
from quizzes.questions.models import (
    Choice,
    Question,
    QuestionSet,
    QuestionType,
    QuestionVersion,
    Topic,
)
from tests.factories import PassageFactory, QuestionFactory, QuestionSetFactory, TopicFactory
from tests.interop.conftest import comparable

pytestmark = pytest.mark.django_db

SAMPLE = """\
// A small bank
$CATEGORY: Founding of NATO

::When founded::When was NATO founded?{#1949:0}

::Founders::Which were founders? {~%50%Belgium ~%50%Canada ~%-100%Sweden}

Which is right?{=Right#Yes ~Wrong#No}
"""


def test_imported_set_named_new_does_not_take_the_new_set_page_slug(teacher, import_gift):
    summary = import_gift(SAMPLE, set_name="New")
    assert summary.question_set.slug not in ("", "new")
    assert summary.question_set.title == "New"


def test_the_same_file_imported_twice_gives_sets_told_apart(teacher, other_teacher, import_gift):
    """The set title defaults to the file name: a second import of nato.gift is "nato (2)",
    while another teacher's own "nato" is theirs to have."""
    QuestionSetFactory(owner=other_teacher, title="nato")
    titles = [import_gift(SAMPLE, set_name="nato").question_set.title for _ in range(3)]
    assert titles == ["nato", "nato (2)", "nato (3)"]


def test_import_creates_published_versioned_questions_in_a_private_set(teacher, import_gift):
    summary = import_gift(SAMPLE, set_name="Imported bank")
    assert [q.key for q in summary.questions] == ["when-founded", "founders", "which-is-right"]
    for question in Question.objects.all():
        assert question.author == teacher
        assert question.status == Question.Status.PUBLISHED
        assert question.current_version.number == 1
        assert question.current_version.snapshot["prompt"] == question.prompt
        assert [t.name for t in question.topics.all()] == ["Founding of NATO"]
    question_set = summary.question_set
    assert (question_set.title, question_set.owner, question_set.visibility) == (
        "Imported bank",
        teacher,
        QuestionSet.Visibility.PRIVATE,
    )
    assert list(question_set.questions.order_by("set_items__position")) == summary.questions


def test_option_feedback_is_kept(import_gift):
    import_gift(SAMPLE)
    question = Question.objects.get(key="which-is-right")
    assert [(c.text, c.feedback) for c in question.choices.all()] == [
        ("Right", "Yes"),
        ("Wrong", "No"),
    ]


def test_keys_are_unique_slugs(import_gift):
    QuestionFactory(key="when-founded")
    import_gift(SAMPLE + "\n::When founded::Again?{T}\n\nNo title here?{F}\n")
    keys = set(Question.objects.values_list("key", flat=True))
    assert {"when-founded-2", "when-founded-3", "no-title-here"} <= keys


def test_existing_topics_are_reused_by_name(import_gift):
    topic = TopicFactory(slug="founding", name="Founding of NATO")
    import_gift(SAMPLE)
    assert Topic.objects.count() == 1
    assert topic.questions.count() == 3


def test_existing_topics_are_reused_whatever_the_case(import_gift):
    """A category spelled in another case files under the topic that exists (its slug
    differs, so only the name can match) instead of making a duplicate."""
    topic = TopicFactory(slug="nato-1949", name="Founding of NATO")
    import_gift(SAMPLE.replace("Founding of NATO", "founding of nato"))
    assert list(Topic.objects.all()) == [topic]
    assert topic.questions.count() == 3


def test_the_exact_spelling_wins_over_another_case(import_gift):
    lower = TopicFactory(slug="nato-a", name="nato")
    upper = TopicFactory(slug="nato-b", name="NATO")
    import_gift("$CATEGORY: NATO\n\nA?{T}\n\n$CATEGORY: Nato\n\nB?{F}\n")
    assert Topic.objects.count() == 2
    assert [q.key for q in upper.questions.all()] == ["a"]
    assert [q.key for q in lower.questions.all()] == ["b"]  # no exact match: the oldest


def test_new_topics_differing_only_in_case_make_one_topic(import_gift):
    summary = import_gift(
        "$CATEGORY: Cold War\n\nA?{T}\n\n$CATEGORY: cold war\n\nB?{F}\n\n"
        '$CATEGORY: COLD WAR\n\n// quizsite: {"topics": ["COLD WAR", "cold war"]}\nC?{T}\n'
    )
    topic = Topic.objects.get()
    assert topic.name == "Cold War"  # as the file first spells it
    assert [list(q.topics.all()) for q in summary.questions] == [[topic]] * 3


def test_csv_topics_are_matched_whatever_the_case(teacher):
    topic = TopicFactory(slug="nato-1949", name="Founding of NATO")
    csv = (
        "type,prompt,options,correct,explanation,topic,source quote\n"
        "true_false,Founded in 1949.,,true,,founding of nato | FOUNDING OF NATO,\n"
    )
    summary = questions_import(parsed=parse_csv(csv), owner=teacher)
    assert list(Topic.objects.all()) == [topic]
    assert list(summary.questions[0].topics.all()) == [topic]


def test_weights_are_honoured_by_grading(import_gift):
    import_gift(SAMPLE)
    snapshot = Question.objects.get(key="founders").current_version.snapshot
    ids = {c["text"]: c["id"] for c in snapshot["choices"]}
    assert grade(snapshot, {"choices": [ids["Belgium"]]}).score == 0.5
    assert grade(snapshot, {"choices": [ids["Belgium"], ids["Canada"]]}).correct
    assert grade(snapshot, {"choices": [ids["Belgium"], ids["Sweden"]]}).score == 0


def test_numeric_ranges_and_several_answers_are_graded(import_gift):
    import_gift("Sweden?{#2023..2024}\n\nGrant?{#=1822:0 =%50%1822:2}")
    sweden = Question.objects.get(key="sweden").current_version.snapshot
    assert grade(sweden, {"value": "2024"}).correct
    assert grade(sweden, {"value": "2025"}).score == 0
    grant = Question.objects.get(key="grant").current_version.snapshot
    assert grade(grant, {"value": "1822"}).score == 1
    assert grade(grant, {"value": "1823"}).score == 0.5
    assert grade(grant, {"value": "1825"}).score == 0


def test_a_malformed_question_saves_nothing(import_gift):
    with pytest.raises(ImportFailed) as failure:
        import_gift(SAMPLE + "\nBroken {#x}\n", set_name="Never")
    assert str(failure.value.errors[0]).startswith("Line 10:")
    assert not Question.objects.exists() and not QuestionSet.objects.exists()


def test_model_rules_fail_the_whole_file_with_the_line(import_gift):
    text = "Fine?{T}\n\nToo few pairs {=a -> 1 =b -> 2}\n"
    with pytest.raises(ImportFailed) as failure:
        import_gift(text)
    assert [str(e) for e in failure.value.errors] == [
        "Line 3: A matching question needs at least three pairs."
    ]
    assert not Question.objects.exists()


def test_unknown_gift_source_is_a_warning_and_a_known_one_a_citation(import_gift):
    passage = PassageFactory(text="NATO was established on April 4, 1949.")
    summary = import_gift(
        "// source: April 4, 1949\nFounded?{#1949}\n\n// source: not a real quote\nOther?{T}"
    )
    first, second = summary.questions
    assert [(c.passage, c.quote) for c in first.citations.all()] == [(passage, "April 4, 1949")]
    assert not second.citations.exists()
    assert summary.warnings == [
        "Line 5: source “not a real quote” not found in the sources; imported without a citation."
    ]


def test_query_count_does_not_grow_with_the_file(teacher, django_assert_max_num_queries):
    def gift(n):
        return "\n\n".join(
            f"$CATEGORY: Topic {i % 3}\n\n::Q{i}::Question {i}?{{=a{i} ~b ~%50%c}}"
            for i in range(n)
        )

    with django_assert_max_num_queries(20):
        questions_import(parsed=parse_gift(gift(5)), owner=teacher, set_name="Small")
    with django_assert_max_num_queries(20):
        questions_import(parsed=parse_gift(gift(300)), owner=teacher, set_name="Large")
    assert Choice.objects.count() == 3 * 305
    assert QuestionVersion.objects.count() == 305


def test_round_trip_over_every_type(every_kind, teacher):
    """Export to GIFT, import the file, and get the same questions back."""
    originals = list(every_kind.questions.order_by("set_items__position"))
    text = write_gift(set_questions_for_export(question_set=every_kind, user=None))
    summary = questions_import(parsed=parse_gift(text), owner=teacher, set_name="Again")
    assert {q.type for q in originals} == set(QuestionType.values)
    assert len(summary.questions) == len(originals)
    imported_questions = summary.question_set.questions.order_by("set_items__position")
    for original, imported in zip(originals, imported_questions, strict=True):
        assert comparable(imported) == comparable(original)


def test_grades_of_imported_questions_match_the_originals(every_kind, teacher):
    text = write_gift(set_questions_for_export(question_set=every_kind, user=None))
    summary = questions_import(parsed=parse_gift(text), owner=teacher, set_name="Again")
    numeric = summary.questions[-5]
    assert numeric.type == QuestionType.NUMERIC
    snapshot = numeric.current_version.snapshot
    assert [grade(snapshot, {"value": v}).score for v in ("1822", "1824", "1830")] == [1, 0.5, 0]
    assert Decimal(snapshot["numeric_value"]) == 1822


def test_numeric_grading_of_snapshots_recorded_before_numeric_choices():
    old = {"type": "numeric", "numeric_value": "1949", "numeric_tolerance": "0", "choices": []}
    assert grade(old, {"value": "1949"}).correct
    assert grade(old, {"value": "1950"}).score == 0
