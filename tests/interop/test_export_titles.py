"""Issue 25's import and export: the import lands on the set's editor, export links sit on
the teacher's pages, and GIFT question titles are readable, unique and stable."""

import genanki
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.interop.anki import note_for
from quizzes.interop.gift import parse_gift
from quizzes.interop.selectors import readable_title, set_questions_for_export
from quizzes.interop.views import PENDING
from quizzes.questions.models import Question, QuestionSet, SetItem
from tests.factories import QuestionFactory, QuestionSetFactory, make_question

pytestmark = pytest.mark.django_db

IMPORT = reverse("interop_import")
CONFIRM = reverse("interop_import_confirm")
CITED = "// source: April 4, 1949\n::Founded::When was NATO founded?{#1949:0}\n\n"
UNCITED = "::Mine::Is this my own question?{T}\n"


def _import(client, name: str, content: str):
    client.post(IMPORT, {"file": SimpleUploadedFile(name, content.encode())})
    return client.post(CONFIRM, {"token": client.session[PENDING]["token"]}, follow=True)


def _export_links(question_set) -> list[str]:
    return [reverse("interop_export", args=[question_set.slug, f]) for f in ("gift", "csv", "anki")]


def _gift(client, question_set) -> str:
    url = reverse("interop_export", args=[question_set.slug, "gift"])
    return client.get(url).content.decode()


def test_after_an_import_the_teacher_is_on_the_sets_editor_with_its_exports(as_user, teacher):
    from tests.factories import PassageFactory

    PassageFactory(text="NATO was established on April 4, 1949.")
    response = _import(as_user(teacher), "nato-quiz.gift", CITED + UNCITED)
    question_set = QuestionSet.objects.get()
    assert question_set.title == "Nato quiz"
    assert response.redirect_chain == [(reverse("set_edit", args=[question_set.slug]), 302)]
    page = response.content.decode()
    assert "Imported 2 questions into “Nato quiz”." in page
    assert "<h1>Nato quiz</h1>" in page
    for link in _export_links(question_set):
        assert f'href="{link}"' in page
    # A question the file cites no passage for is the teacher's own: marked and shown so.
    cited, uncited = Question.objects.order_by("pk")
    assert (cited.no_source, uncited.no_source) == (False, True)
    assert page.count('<span class="badge no-source">No source</span>') == 1


def test_export_links_on_the_workspace_and_the_set_editor_for_teachers_only(
    as_user, teacher, student
):
    question_set = QuestionSetFactory(owner=teacher, questions=[make_question("true_false")])
    client = as_user(teacher)
    for page in (
        client.get(reverse("workspace")).content.decode(),
        client.get(reverse("set_edit", args=[question_set.slug])).content.decode(),
    ):
        for link in _export_links(question_set):
            assert f'href="{link}"' in page
    assert as_user(student).get(reverse("workspace")).status_code == 403


def test_readable_titles_are_the_prompts_first_words():
    assert readable_title("When was NATO founded?") == "When was NATO founded?"
    assert (
        readable_title("In which year did the North Atlantic Treaty enter into force, and where?")
        == "In which year did the North Atlantic Treaty…"
    )
    assert readable_title("NATO was founded in {1}.") == "NATO was founded in ___."
    assert readable_title("  \n ") == "Question"
    assert len(readable_title("x" * 500)) <= 61


def test_gift_titles_are_readable_unique_and_the_same_in_every_export(as_user, teacher):
    twins = [
        QuestionFactory(author=teacher, prompt=f"Which of these NATO members joined first? ({n})")
        for n in ("a", "b")
    ]
    founded = QuestionFactory(author=teacher, prompt="When was NATO founded?")
    question_set = QuestionSetFactory(owner=teacher, questions=[*twins, founded])
    client = as_user(teacher)
    first = parse_gift(_gift(client, question_set)).questions
    titles = {q.prompt: q.title for q in first}
    assert titles["When was NATO founded?"] == "When was NATO founded?"
    twin_titles = [titles[q.prompt] for q in twins]
    assert len(set(twin_titles)) == 2
    assert all(t.startswith("Which of these NATO members joined first?") for t in twin_titles)
    assert len({q.title for q in first}) == len(first)
    # Another export, in another order: each question keeps its title.
    SetItem.objects.filter(question=founded).update(position=0)
    SetItem.objects.exclude(question=founded).update(position=5)
    again = parse_gift(_gift(client, question_set)).questions
    assert [q.prompt for q in again][0] == "When was NATO founded?"
    assert {q.prompt: q.title for q in again} == titles


def test_reimported_questions_get_keys_from_their_titles(as_user, teacher):
    question = QuestionFactory(author=teacher, prompt="When was NATO founded?", key="q-0123abcd")
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    client = as_user(teacher)
    _import(client, "again.gift", _gift(client, question_set))
    assert Question.objects.exclude(pk=question.pk).get().key == "when-was-nato-founded"


def test_anki_notes_keep_the_key_as_their_id(teacher):
    question = QuestionFactory(author=teacher, prompt="When was NATO founded?")
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    (parsed,) = set_questions_for_export(question_set=question_set, user=teacher)
    assert parsed.title == "When was NATO founded?"
    assert note_for(parsed).guid == genanki.guid_for(question.key)
