"""The .apkg opens in Anki's own library; a re-export updates notes instead of adding."""

import time

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from quizzes.interop.anki import anki_package, back, deck_id, front, source
from quizzes.interop.parsed import Answer, ParsedQuestion
from quizzes.interop.selectors import set_questions_for_export
from quizzes.questions.models import QuestionType
from tests.factories import QuestionSetFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(tmp_path):
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def import_into(collection, question_set, tmp_path, timestamp=None):
    path = tmp_path / f"{question_set.slug}.apkg"
    path.write_bytes(
        anki_package(
            questions=set_questions_for_export(question_set=question_set, user=None),
            deck_name=question_set.title,
            set_slug=question_set.slug,
            timestamp=timestamp,
        )
    )
    collection.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    )


def notes(collection):
    return {
        collection.get_note(nid).guid: dict(collection.get_note(nid).items())
        for nid in collection.find_notes("")
    }


def test_one_note_per_question_with_front_back_explanation_source(collection, tmp_path, teacher):
    questions = [make_question(kind, author=teacher) for kind in QuestionType.values]
    question_set = QuestionSetFactory(title="Founding", questions=questions)
    import_into(collection, question_set, tmp_path)
    found = notes(collection)
    assert collection.note_count() == len(QuestionType.values)
    single = next(n for n in found.values() if "when was NATO established" in n["Front"])
    assert set(single) == {"Front", "Back", "Explanation", "Source"}
    assert "<li>1955</li>" in single["Front"]
    assert single["Back"] == "1949"
    assert single["Explanation"] == "The treaty was signed in Washington on 4 April 1949."
    assert single["Source"].startswith("“April 4, 1949” — Document")
    fill = next(n for n in found.values() if "established in" in n["Front"])
    assert "[1: …]" in fill["Front"] and "1949" in fill["Back"]
    assert collection.find_cards('deck:"Founding"')


def test_options_on_the_front_are_not_in_the_authored_order(collection, tmp_path, teacher):
    # Authors (and the demo bank) often list the correct option first.
    choices = [
        {"text": "Washington", "is_correct": True},
        {"text": "Berlin", "is_correct": False},
        {"text": "paris", "is_correct": False},
    ]
    question = make_question(QuestionType.SINGLE_CHOICE, author=teacher, choices=choices)
    import_into(collection, QuestionSetFactory(questions=[question]), tmp_path)
    (note,) = notes(collection).values()
    assert "<ul><li>Berlin</li><li>paris</li><li>Washington</li></ul>" in note["Front"]
    assert note["Back"] == "Washington"


def test_ordering_front_is_never_already_in_the_right_order(collection, tmp_path, teacher):
    choices = [{"text": text, "is_correct": True} for text in ("Alpha", "Bravo", "Charlie")]
    question = make_question(QuestionType.ORDERING, author=teacher, choices=choices)
    import_into(collection, QuestionSetFactory(questions=[question]), tmp_path)
    (note,) = notes(collection).values()
    assert "<ul><li>Alpha</li><li>Bravo</li><li>Charlie</li></ul>" not in note["Front"]
    assert note["Back"] == "<ol><li>Alpha</li><li>Bravo</li><li>Charlie</li></ol>"


def test_matching_front_does_not_list_the_matches_in_pair_order(collection, tmp_path, teacher):
    choices = [
        {"text": text, "match_text": year, "is_correct": True}
        for text, year in (("Founding", "1949"), ("KFOR", "1999"), ("Article 5", "2001"))
    ]
    question = make_question(QuestionType.MATCHING, author=teacher, choices=choices)
    import_into(collection, QuestionSetFactory(questions=[question]), tmp_path)
    (note,) = notes(collection).values()
    assert "<ul><li>1949</li><li>1999</li><li>2001</li></ul>" not in note["Front"]
    assert "<li>Founding → 1949</li>" in note["Back"]


def test_deck_ids_are_stable_per_set():
    assert deck_id("founding") == deck_id("founding") != deck_id("article-5")


def test_re_export_updates_instead_of_duplicating(collection, tmp_path, teacher):
    question = make_question(QuestionType.TRUE_FALSE, author=teacher, prompt="Old prompt")
    question_set = QuestionSetFactory(questions=[question])
    import_into(collection, question_set, tmp_path)
    question.prompt = "New prompt"
    question.save()
    import_into(collection, question_set, tmp_path, timestamp=time.time() + 60)  # a later export
    (note,) = notes(collection).values()
    assert collection.note_count() == 1
    assert note["Front"] == "New prompt"


def test_card_faces_escape_the_text_and_keep_their_markup():
    """Front, back and source are HTML built with format_html: a question's own text shows
    as text in Anki, the lists and line breaks around it as markup."""
    question = ParsedQuestion(
        line=1,
        type="short_answer",
        prompt="Which <b> tag?\nSecond line",
        answers=[Answer("<b>", correct=True), Answer("B & b", correct=True)],
        sources=['He said "<i>"', "Plain"],
        source_titles=["Doc <1>", ""],
    )
    assert front(question) == "Which &lt;b&gt; tag?<br>Second line"
    assert back(question) == "&lt;b&gt; (also accepted: B &amp; b)"
    assert source(question) == ("“He said &quot;&lt;i&gt;&quot;” — Doc &lt;1&gt;<br>“Plain”")
    ordering = ParsedQuestion(
        line=1, type="ordering", prompt="Order", answers=[Answer("a<"), Answer("b&")]
    )
    assert back(ordering) == "<ol><li>a&lt;</li><li>b&amp;</li></ol>"
