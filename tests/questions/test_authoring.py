"""Teacher authoring: workspace search, the question editor, versioning, sets."""

import html
import re

import pytest
from django.urls import reverse

from quizzes.attempts.models import Attempt, Response
from quizzes.attempts.services import attempt_start
from quizzes.questions.models import Question, QuestionSet, QuestionType, SetItem, Topic
from quizzes.questions.services import question_version_publish
from tests.attempts.helpers import answer_post, answer_url
from tests.conftest import HTMX
from tests.factories import (
    AssignmentFactory,
    PassageFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    TopicFactory,
    make_question,
)

pytestmark = pytest.mark.django_db


def publishable() -> dict:
    """What publishing needs besides the question: a topic, and a citation or "no source"."""
    topic, _ = Topic.objects.get_or_create(slug="editor-tests", defaults={"name": "Editor tests"})
    return {"topics": str(topic.pk), "no_source": "on"}


def editor_data(kind="multiple_answer", rows=None, op="publish", **extra):
    rows = rows or [
        {"text": "Belgium", "is_correct": True},
        {"text": "Canada", "is_correct": True},
        {"text": "Sweden"},
    ]
    data = {
        "type": kind,
        "prompt": "Which were founding members of NATO?",
        "explanation": "Both signed in 1949.",
        "difficulty": "2",
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        "op": op,
        **publishable(),
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                data[f"choices-{i}-{name}"] = "on"
            elif value not in (None, False):
                data[f"choices-{i}-{name}"] = str(value)
    data.update(extra)
    return data


# --- Workspace ---------------------------------------------------------------------------


def test_workspace_lists_only_own_questions_and_filters(as_user, teacher, other_teacher):
    topic = TopicFactory(slug="history", name="History")
    mine = QuestionFactory(author=teacher, prompt="When was NATO founded?")
    mine.topics.add(topic)
    QuestionFactory(author=teacher, prompt="Which city hosts the HQ?", type="single_choice")
    QuestionFactory(author=other_teacher, prompt="When was NATO founded? (theirs)")
    client = as_user(teacher)
    page = client.get(reverse("workspace"))
    assert page.status_code == 200
    assert "When was NATO founded?" in page.text
    assert "(theirs)" not in page.text
    filtered = client.get(reverse("workspace"), {"q": "founded", "topic": "history"}, **HTMX)
    assert filtered.status_code == 200
    assert "When was NATO founded?" in filtered.text
    assert "HQ" not in filtered.text
    assert "<html" not in filtered.text  # only the results fragment


def test_staff_workspace_lists_their_own_sets_and_still_opens_any(as_user, teacher, staff):
    theirs = QuestionSetFactory(owner=teacher, title="Teacher set", visibility="private")
    QuestionSetFactory(owner=staff, title="Staff own set")
    page = as_user(staff).get(reverse("workspace")).text
    assert "Staff own set" in page and "Teacher set" not in page
    assert as_user(staff).get(reverse("set_edit", args=[theirs.slug])).status_code == 200


def test_workspace_filters_by_document_type_and_status(as_user, teacher):
    passage = PassageFactory()
    cited = QuestionFactory(author=teacher, prompt="Cited one", citation=passage)
    QuestionFactory(author=teacher, prompt="Other one")
    draft = make_question(QuestionType.NUMERIC, author=teacher, status="draft", prompt="Numeric")
    client = as_user(teacher)
    by_doc = client.get(reverse("workspace"), {"document": passage.document.slug})
    assert cited.prompt in by_doc.text and "Other one" not in by_doc.text
    by_type = client.get(reverse("workspace"), {"type": "numeric", "status": "draft"})
    assert draft.prompt in by_type.text and "Cited one" not in by_type.text


def test_workspace_filters_by_the_teachers_own_documents_not_anothers(
    as_user, teacher, other_teacher, staff
):
    """The "Source document" filter offers the shipped documents and the teacher's own
    uploads; another teacher's private document is neither offered nor accepted."""
    shipped = PassageFactory(document__title="Shipped treaty")
    mine = PassageFactory(document__title="My uploaded chapter", document__owner=teacher)
    theirs = PassageFactory(document__title="Their private notes", document__owner=other_teacher)
    QuestionFactory(author=teacher, prompt="From my chapter", citation=mine)
    QuestionFactory(author=teacher, prompt="From the treaty", citation=shipped)
    client = as_user(teacher)
    page = client.get(reverse("workspace")).text
    assert "My uploaded chapter" in page and "Shipped treaty" in page
    assert "Their private notes" not in page
    by_mine = client.get(reverse("workspace"), {"document": mine.document.slug})
    assert "From my chapter" in by_mine.text and "From the treaty" not in by_mine.text
    refused = client.get(reverse("workspace"), {"document": theirs.document.slug})
    assert refused.status_code == 400
    staff_page = as_user(staff).get(reverse("workspace")).text
    assert "My uploaded chapter" not in staff_page and "Shipped treaty" in staff_page


def test_workspace_rejects_unknown_filter_values(as_user, teacher):
    response = as_user(teacher).get(reverse("workspace"), {"type": "essay"})
    assert response.status_code == 400
    assert "not valid" in response.text


@pytest.mark.parametrize("count", [2, 30])
def test_workspace_query_budget(as_user, teacher, count, django_assert_max_num_queries):
    topic = TopicFactory()
    for _ in range(count):
        QuestionFactory(author=teacher).topics.add(topic)
    client = as_user(teacher)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("workspace"), {"q": "NATO"}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("workspace"), {"q": "NATO"}, **HTMX).status_code == 200


def test_workspace_paginates(as_user, teacher):
    for _ in range(25):
        QuestionFactory(author=teacher)
    client = as_user(teacher)
    first = client.get(reverse("workspace"))
    assert "Page 1 of 2" in first.text
    second = client.get(reverse("workspace"), {"page": 2})
    assert "Page 2 of 2" in second.text


# --- Question editor ---------------------------------------------------------------------


def test_create_multiple_answer_question(as_user, teacher):
    passage = PassageFactory(text="Belgium and Canada signed the treaty in 1949.")
    topic = TopicFactory()
    data = editor_data(
        **{"cite-passage": passage.pk, "cite-quote": "Belgium and Canada", "topics": topic.pk}
    )
    response = as_user(teacher).post(reverse("question_create"), data)
    question = Question.objects.get(author=teacher)
    assert response.status_code == 302
    assert response.url == reverse("question_edit", args=[question.pk])
    assert question.status == Question.Status.PUBLISHED
    assert question.type == QuestionType.MULTIPLE_ANSWER
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Belgium", True),
        ("Canada", True),
        ("Sweden", False),
    ]
    assert question.citations.get().quote == "Belgium and Canada"
    assert list(question.topics.all()) == [topic]
    assert question.current_version.number == 1


def test_every_type_can_be_created(as_user, teacher):
    client = as_user(teacher)
    cases = {
        "single_choice": [{"text": "1949", "is_correct": True}, {"text": "1955"}],
        "true_false": [{"text": "True", "is_correct": True}, {"text": "False"}],
        "short_answer": [{"text": "Washington"}],
        "ordering": [{"text": "a"}, {"text": "b"}, {"text": "c"}],
        "matching": [
            {"text": "KFOR", "match_text": "1999"},
            {"text": "ISAF", "match_text": "2001"},
            {"text": "OUP", "match_text": "2011"},
        ],
    }
    for kind, rows in cases.items():
        response = client.post(reverse("question_create"), editor_data(kind, rows))
        assert response.status_code == 302, (kind, response.text[:2000])
    blank = editor_data("fill_blank", [{"text": "1949", "blank": 1}], prompt="Founded in {1}.")
    assert client.post(reverse("question_create"), blank).status_code == 302
    numeric = editor_data("numeric", [], numeric_value="1949", numeric_tolerance="0")
    assert client.post(reverse("question_create"), numeric).status_code == 302
    assert Question.objects.filter(author=teacher).count() == 7
    assert all(q.current_version_id for q in Question.objects.filter(author=teacher))


def test_single_choice_with_two_correct_options_shows_inline_message(as_user, teacher):
    rows = [{"text": "1949", "is_correct": True}, {"text": "1955", "is_correct": True}]
    response = as_user(teacher).post(reverse("question_create"), editor_data("single_choice", rows))
    assert response.status_code == 400
    assert "needs exactly one correct option" in response.text
    assert not Question.objects.exists()


def test_bad_editor_input_is_refused(as_user, teacher):
    client = as_user(teacher)
    too_long = client.post(reverse("question_create"), editor_data(prompt="x" * 6000))
    assert too_long.status_code == 400
    assert "too long" in too_long.text
    wrong_type = client.post(reverse("question_create"), editor_data(type="essay"))
    assert wrong_type.status_code == 400
    missing = client.post(reverse("question_create"), {"op": "publish"})
    assert missing.status_code == 400
    bad_quote = client.post(
        reverse("question_create"),
        editor_data(**{"cite-passage": PassageFactory().pk, "cite-quote": "not in the text"}),
    )
    assert "word for word" in bad_quote.text
    for op in ["up-²", "remove-²", f"pick-{'9' * 30}", "pick-²"]:  # not a 500
        assert client.post(reverse("question_create"), editor_data(op=op)).status_code < 500
    assert not Question.objects.exists()


def test_editor_buttons_add_remove_and_reorder_rows_without_saving(as_user, teacher):
    client = as_user(teacher)
    added = client.post(reverse("question_create"), editor_data(op="add"), **HTMX)
    assert added.status_code == 200
    assert 'name="choices-TOTAL_FORMS" value="4"' in added.text
    assert "<html" not in added.text
    moved = client.post(reverse("question_create"), editor_data(op="down-0"))
    text = moved.text
    assert text.index('value="Canada"') < text.index('value="Belgium"')
    removed = client.post(reverse("question_create"), editor_data(op="remove-2"))
    assert 'value="Sweden"' not in removed.text
    switched = client.post(
        reverse("question_create"), editor_data(type="true_false", op="type", rows=[{}])
    )
    assert 'value="True"' in switched.text and 'value="False"' in switched.text
    assert not Question.objects.exists()


def test_passage_picker_searches_and_shows_the_passage(as_user, teacher):
    passage = PassageFactory(text="The Alliance's headquarters are in Brussels.")
    client = as_user(teacher)
    found = client.post(
        reverse("question_create"), editor_data(op="find", **{"cite-passage_query": "Brussels"})
    )
    assert "headquarters are in Brussels" in found.text
    assert f'value="pick-{passage.pk}"' in found.text
    picked = client.post(reverse("question_create"), editor_data(op=f"pick-{passage.pk}"), **HTMX)
    assert 'id="chosen-passage"' in picked.text


def _editor_form_fields(page: str) -> dict:
    """What a browser would submit from the editor as rendered (text, hidden and checked
    inputs, textareas, selected options), without pressing any button."""
    form = page.split('id="question-editor"')[1].split("</form>")[0]
    data = {}
    for attrs in re.findall(r"<input([^>]*)>", form):
        name = re.search(r'name="([^"]+)"', attrs)
        value = re.search(r'value="([^"]*)"', attrs)
        if name is None or ('type="checkbox"' in attrs and "checked" not in attrs):
            continue
        default = "on" if 'type="checkbox"' in attrs else ""
        data[name.group(1)] = html.unescape(value.group(1)) if value else default
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = html.unescape(text).strip()
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = selected.group(1) if selected else ""
    return data


def _switch_type(client, page: str, kind: str, **extra) -> str:
    """Press "Change type" on the editor as rendered, with `kind` chosen in the select."""
    data = _editor_form_fields(page) | {"type": kind, "op": "type"}
    response = client.post(reverse("question_create"), data, **extra)
    assert response.status_code == 200
    return response.text


def _option_rows(page: str) -> list[tuple[str, bool]]:
    """The answer-key rows the editor shows: (text, ticked correct)."""
    fields = _editor_form_fields(page)
    total = int(fields["choices-TOTAL_FORMS"])
    return [
        (
            fields.get(f"choices-{i}-text", ""),
            fields.get(f"choices-{i}-is_correct", "") in ("on", "True"),
        )
        for i in range(total)
    ]


def test_changing_type_keeps_typed_options_through_true_false_and_numeric(as_user, teacher):
    client = as_user(teacher)
    rows = [{"text": "Brussels", "is_correct": True}, {"text": "Paris"}]
    page = client.post(reverse("question_create"), editor_data("single_choice", rows, op="type"))
    page = page.text
    typed = [("Brussels", True), ("Paris", False)]
    assert _option_rows(page) == typed
    page = _switch_type(client, page, "multiple_answer")
    assert _option_rows(page) == typed
    page = _switch_type(client, page, "true_false")
    assert _option_rows(page) == [("True", True), ("False", False)]
    page = _switch_type(client, page, "short_answer")
    assert [text for text, _ in _option_rows(page)] == ["Brussels", "Paris"]
    assert '<label for="id_near_miss">Accept near misses:</label>' in page
    page = _switch_type(client, page, "single_choice", **HTMX)
    assert "<html" not in page
    assert _option_rows(page) == typed
    # Focus goes to the options the new type shows.
    assert re.search(r'<fieldset id="options"[^>]*data-autofocus', page)

    page = _switch_type(client, page, "numeric", **HTMX)
    assert _option_rows(page) == []
    assert "data-autofocus" in re.search(r'<input[^>]*id="id_numeric_value"[^>]*>', page).group(0)
    page = _switch_type(client, page, "true_false")
    page = _switch_type(client, page, "multiple_answer")
    assert _option_rows(page) == typed
    assert not Question.objects.exists()


def test_true_false_options_edited_are_kept_when_the_type_changes(as_user, teacher):
    """Rows typed in the true/false editor are the teacher's own: changing the type keeps
    them rather than bringing back options kept from before."""
    client = as_user(teacher)
    rows = [{"text": "Brussels", "is_correct": True}, {"text": "Paris"}]
    page = client.post(reverse("question_create"), editor_data("single_choice", rows, op="add"))
    page = _switch_type(client, page.text, "true_false")
    fields = _editor_form_fields(page) | {"choices-0-text": "Yes", "choices-1-text": "No"}
    page = client.post(reverse("question_create"), fields | {"type": "single_choice", "op": "type"})
    assert [text for text, _ in _option_rows(page.text)] == ["Yes", "No"]


def test_saving_with_a_type_chosen_but_not_applied_shows_that_type_first(as_user, teacher):
    """With the select no longer swapping the editor, a teacher may pick "True or false"
    and press Publish: the options on the page were written for another type, so the
    editor shows the new type's answer key instead of saving Brussels/Paris as true/false."""
    client = as_user(teacher)
    rows = [{"text": "Brussels", "is_correct": True}, {"text": "Paris"}]
    page = client.post(reverse("question_create"), editor_data("single_choice", rows, op="type"))
    data = _editor_form_fields(page.text) | {"type": "true_false", "op": "publish"} | publishable()
    response = client.post(reverse("question_create"), data)
    assert response.status_code == 400
    assert "Not saved yet: the question type is now “True or false”" in response.text
    assert _option_rows(response.text) == [("True", True), ("False", False)]
    assert not Question.objects.exists()
    data = _editor_form_fields(response.text) | {"op": "publish"} | publishable()
    assert client.post(reverse("question_create"), data).status_code == 302
    question = Question.objects.get()
    assert question.type == "true_false"
    assert list(question.choices.values_list("text", flat=True)) == ["True", "False"]


def test_numeric_question_saves_from_the_editor_as_rendered(as_user, teacher):
    """The numeric editor shows no answer rows, but the formset's management form must still
    be in the page: without it every save failed with "ManagementForm data is missing"."""
    client = as_user(teacher)
    page = client.get(reverse("question_create"), {"type": "numeric"}).text
    data = (
        _editor_form_fields(page)
        | publishable()
        | {
            "prompt": "In which year was NATO founded?",
            "numeric_value": "1949",
            "numeric_tolerance": "0",
            "op": "publish",
        }
    )
    response = client.post(reverse("question_create"), data)
    assert response.status_code == 302, response.text
    question = Question.objects.get()
    assert question.type == QuestionType.NUMERIC and question.status == "published"
    edit = client.get(reverse("question_edit", args=[question.pk])).text
    data = (
        _editor_form_fields(edit)
        | {"prompt": "When was NATO founded?", "op": "publish"}
        | publishable()
    )
    assert client.post(reverse("question_edit", args=[question.pk]), data).status_code == 302
    question.refresh_from_db()
    assert question.prompt == "When was NATO founded?" and question.current_version.number == 2


def test_the_editor_shows_and_keeps_a_questions_other_citations(as_user, teacher):
    """Bank questions may cite several passages; the editor edits the first and lists the
    others, which a save keeps."""
    from quizzes.questions.models import Citation

    question = QuestionFactory(author=teacher)
    second = PassageFactory(text="The Treaty was signed in Washington.")
    Citation.objects.create(question=question, passage=second, quote="signed in Washington")
    client = as_user(teacher)
    edit_url = reverse("question_edit", args=[question.pk])
    page = client.get(edit_url).text
    assert "Also cited (kept as they are when you save):" in page
    assert f"{second.document.title}: “signed in Washington”" in page
    data = (
        _editor_form_fields(page)
        | {"prompt": "When was NATO established?", "op": "publish"}
        | publishable()
    )
    assert client.post(edit_url, data).status_code == 302
    assert list(question.citations.values_list("quote", flat=True)) == [
        "April 4, 1949",
        "signed in Washington",
    ]


def test_editing_an_imported_numeric_question_keeps_its_partial_credit(as_user, teacher, student):
    """A GIFT numeric question may accept other values for part of the mark; the editor
    edits the main value only, shows the others, and a save keeps them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from quizzes.interop.views import PENDING

    client = as_user(teacher)
    gift = b"::Year::Which year was NATO founded?{#=1949:0 =%50%1950:0}\n"
    client.post(reverse("interop_import"), {"file": SimpleUploadedFile("q.gift", gift)})
    client.post(reverse("interop_import_confirm"), {"token": client.session[PENDING]["token"]})
    question = Question.objects.get(key="year")
    edit_url = reverse("question_edit", args=[question.pk])
    page = client.get(edit_url).text
    assert "Also accepted, from the import" in page and "1950: 50% of the mark" in page
    data = _editor_form_fields(page) | {"prompt": "In which year was NATO founded?"}
    assert client.post(edit_url, data | publishable() | {"op": "publish"}).status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert list(question.choices.values_list("text", flat=True)) == ["1950"]  # 1949: the main value

    attempt = attempt_start(user=student, question_set=QuestionSetFactory(questions=[question]))
    response = as_user(student).post(answer_url(attempt), {"q": "1", "value": "1950"})
    assert response.status_code in (200, 302)
    assert Response.objects.get(attempt=attempt).score == 0.5


def test_changing_a_question_to_numeric_drops_its_old_options(as_user, teacher):
    question = make_question("single_choice", author=teacher)
    client = as_user(teacher)
    edit_url = reverse("question_edit", args=[question.pk])
    data = editor_data("numeric", [], numeric_value="1949", numeric_tolerance="0")
    assert client.post(edit_url, data).status_code == 302
    question.refresh_from_db()
    assert question.type == "numeric" and not question.choices.exists()


def test_editing_buttons_skip_the_browsers_required_check(as_user, teacher):
    """Without JavaScript the editing buttons are plain submits: the browser's check of the
    required prompt must not block "Change type", "Add an option" or the passage search on
    a question whose prompt is not written yet. Only Save / Publish validate."""
    passage = PassageFactory(text="The Alliance's headquarters are in Brussels.")
    client = as_user(teacher)
    pages = [
        client.get(reverse("question_create")).text,
        client.post(
            reverse("question_create"),
            editor_data(op="find", prompt="", **{"cite-passage_query": "Brussels"}),
        ).text,
        client.post(reverse("question_create"), editor_data(op=f"pick-{passage.pk}")).text,
    ]
    buttons = [b for page in pages for b in re.findall(r"<button[^>]*name=\"op\"[^>]*>", page)]
    editing = [b for b in buttons if 'value="publish"' not in b and 'value="save_draft"' not in b]
    assert {re.search(r'value="([a-z]+)', b).group(1) for b in editing} == {
        "type",
        "up",
        "down",
        "remove",
        "add",
        "find",
        "pick",
        "unpick",
    }
    assert [b for b in editing if "formnovalidate" not in b] == []
    assert all("formnovalidate" not in b for b in buttons if b not in editing)


def test_preview_shows_student_view_and_problems(as_user, teacher):
    response = as_user(teacher).post(
        reverse("question_preview"),
        editor_data("single_choice", [{"text": "1949"}, {"text": "1955"}]),
        **HTMX,
    )
    assert response.status_code == 200
    assert 'type="radio"' in response.text and "1955" in response.text
    assert "needs exactly one correct option" in response.text
    assert "correct" not in response.text.split("Before")[0].lower().replace("correct option", "")


def test_a_picked_but_unapplied_type_changes_neither_preview_nor_rows(as_user, teacher):
    """Picking "Matching" in the select changes nothing until "Change type": the preview
    and the editing buttons go on with the type the options were written for."""
    client = as_user(teacher)
    rows = [{"text": "1949", "is_correct": True}, {"text": "1955"}]
    picked = editor_data("single_choice", rows, type="matching", shown_type="single_choice")
    preview = client.post(reverse("question_preview"), picked, **HTMX).text
    assert 'type="radio"' in preview and "<select" not in preview
    added = client.post(reverse("question_create"), picked | {"op": "add"}, **HTMX).text
    assert 'name="shown_type" value="single_choice"' in added
    assert "Add an option" in added and "Add a pair" not in added
    applied = client.post(reverse("question_create"), picked | {"op": "type"}, **HTMX).text
    assert 'name="shown_type" value="matching"' in applied and "Add a pair" in applied


def test_edit_keeps_public_ids_and_records_new_version(as_user, teacher):
    question = QuestionFactory(author=teacher)
    ids = [str(c.public_id) for c in question.choices.all()]
    rows = [
        {"public_id": ids[0], "text": "1949", "is_correct": True},
        {"public_id": ids[1], "text": "1956"},
    ]
    response = as_user(teacher).post(
        reverse("question_edit", args=[question.pk]), editor_data("single_choice", rows)
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert [str(c.public_id) for c in question.choices.all()] == ids[:2]
    assert question.current_version.number == 2


def test_editing_answer_key_after_a_response_keeps_its_score_and_review(as_user, teacher):
    question = QuestionFactory(author=teacher)
    first_version = question.current_version
    right = question.choices.get(is_correct=True)
    wrong = question.choices.filter(is_correct=False).first()
    old = ResponseFactory(question=question, answer={"choice": str(right.public_id)}, score=1.0)
    # The teacher now says the other option is correct.
    rows = [
        {"public_id": str(right.public_id), "text": right.text},
        {"public_id": str(wrong.public_id), "text": wrong.text, "is_correct": True},
    ]
    response = as_user(teacher).post(
        reverse("question_edit", args=[question.pk]), editor_data("single_choice", rows)
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.score == 1.0
    assert old.question_version_id == first_version.pk
    snapshot = old.question_version.snapshot
    assert [c["correct"] for c in snapshot["choices"]][:2] == [True, False]
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.snapshot["choices"][1]["correct"] is True


def test_delete_without_responses_deletes(as_user, teacher):
    question = QuestionFactory(author=teacher)
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    response = as_user(teacher).post(reverse("question_delete", args=[question.pk]))
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not question_set.items.exists()


def test_delete_with_responses_archives(as_user, teacher):
    question = QuestionFactory(author=teacher)
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    ResponseFactory(question=question, score=0.5)
    as_user(teacher).post(reverse("question_delete", args=[question.pk]), **HTMX)
    question.refresh_from_db()
    assert question.status == Question.Status.ARCHIVED
    assert Response.objects.get().score == 0.5
    assert not question_set.items.exists()
    listed = as_user(teacher).get(reverse("workspace"))
    assert question.prompt not in listed.text


def test_delete_asks_first_naming_the_sets_and_classes_it_leaves(as_user, teacher):
    question = QuestionFactory(author=teacher, prompt="When was the treaty signed?")
    assigned = QuestionSetFactory(owner=teacher, title="Treaty basics", questions=[question])
    AssignmentFactory(question_set=assigned, classroom__name="Year 10")
    QuestionSetFactory(owner=teacher, title="Revision", questions=[question])
    client = as_user(teacher)
    url = reverse("question_delete", args=[question.pk])
    assert f'href="{url}"' in client.get(reverse("question_edit", args=[question.pk])).text
    page = client.get(url)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Delete this question?" in text and "When was the treaty signed?" in text
    assert "deleted for good" in text and "these 2 sets" in text
    assert "Treaty basics" in text and "assigned to Year 10" in text and "Revision" in text
    assert f'action="{url}"' in text
    assert Question.objects.filter(pk=question.pk).exists()  # asking changed nothing
    assert SetItem.objects.filter(question=question).count() == 2


def test_deleting_a_question_a_running_attempt_drew_archives_it(as_user, teacher, student):
    """A student mid-attempt has not answered it yet: deleting it for good would break
    their screen and result. It is archived instead, and the attempt goes on."""
    first, second = QuestionFactory(author=teacher), QuestionFactory(author=teacher)
    question_set = QuestionSetFactory(owner=teacher, questions=[first, second])
    attempt = attempt_start(user=student, question_set=question_set)
    client = as_user(teacher)
    url = reverse("question_delete", args=[first.pk])
    assert "Archive this question?" in client.get(url).text
    client.post(url)
    first.refresh_from_db()
    assert first.status == Question.Status.ARCHIVED
    assert not question_set.items.filter(question=first).exists()
    player = as_user(student)
    play = reverse("attempt_play", args=[attempt.pk])
    for index in (0, 1):
        assert player.get(f"{play}?q={index + 1}").status_code == 200
        answered = player.post(answer_url(attempt), answer_post(attempt, index))
        assert answered.status_code == 302
    player.post(reverse("attempt_submit", args=[attempt.pk]))
    result = player.get(reverse("attempt_result", args=[attempt.pk]))
    assert result.status_code == 200 and "2 of 2" in result.text
    assert html.escape(first.prompt) in result.text


def test_duplicate_makes_a_draft_copy(as_user, teacher):
    question = QuestionFactory(author=teacher)
    response = as_user(teacher).post(reverse("question_duplicate", args=[question.pk]))
    copy = Question.objects.exclude(pk=question.pk).get()
    assert response.url == reverse("question_edit", args=[copy.pk])
    assert copy.status == Question.Status.DRAFT and copy.prompt == question.prompt
    assert copy.choices.count() == 3 and copy.citations.count() == 1
    assert not set(copy.choices.values_list("public_id", flat=True)) & set(
        question.choices.values_list("public_id", flat=True)
    )


def test_duplicate_keeps_every_answer_key_field(as_user, teacher):
    question = QuestionFactory(
        author=teacher,
        choices=[
            {"text": "1949", "is_correct": True, "feedback": "Right: 4 April 1949."},
            {"text": "1955", "weight": "-0.5", "feedback": "That is when West Germany joined."},
        ],
    )
    as_user(teacher).post(reverse("question_duplicate", args=[question.pk]))
    copy = Question.objects.exclude(pk=question.pk).get()
    fields = ["text", "is_correct", "weight", "feedback", "tolerance", "position"]
    assert list(copy.choices.values_list(*fields)) == list(question.choices.values_list(*fields))


def test_other_teacher_cannot_edit_or_delete(as_user, teacher, other_teacher):
    question = QuestionFactory(author=teacher)
    client = as_user(other_teacher)
    assert client.get(reverse("question_edit", args=[question.pk])).status_code == 404
    assert client.get(reverse("question_delete", args=[question.pk])).status_code == 404
    assert client.post(reverse("question_delete", args=[question.pk])).status_code == 404
    assert client.post(reverse("question_duplicate", args=[question.pk])).status_code == 404
    assert Question.objects.count() == 1


def test_version_unchanged_when_nothing_changed(teacher):
    question = QuestionFactory(author=teacher)
    assert question_version_publish(question=question).number == 1


# --- Sets --------------------------------------------------------------------------------


def test_set_titled_new_gets_an_editable_slug(as_user, teacher):
    """/workspace/sets/new/ is the "New question set" page: a set slugged "new" could never
    be edited (its editor link showed the creation form again)."""
    client = as_user(teacher)
    data = {"title": "New", "visibility": "private", "mode": "practice", "pass_mark": "60"}
    response = client.post(reverse("set_create"), data | {"reveal": "immediately"})
    question_set = QuestionSet.objects.get(owner=teacher)
    assert question_set.slug != "new"
    assert response.url == reverse("set_edit", args=[question_set.slug])
    page = client.get(response.url)
    assert page.status_code == 200 and "<h1>New</h1>" in page.text


def test_create_set_add_reorder_remove_publish(as_user, teacher):
    client = as_user(teacher)
    response = client.post(
        reverse("set_create"),
        {
            "title": "Founding",
            "visibility": "classes",
            "mode": "exam",
            "pass_mark": "50",
            "reveal": "after_submission",
        },
    )
    question_set = QuestionSet.objects.get(owner=teacher)
    assert response.url == reverse("set_edit", args=[question_set.slug])
    assert question_set.status == QuestionSet.Status.DRAFT
    refused = client.post(reverse("set_publish", args=[question_set.slug]), {"publish": "1"})
    assert refused.status_code == 302
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.DRAFT
    a, b = QuestionFactory(author=teacher), QuestionFactory(author=teacher)
    for question in (a, b):
        added = client.post(
            reverse("set_item_add", args=[question_set.slug]), {"question": question.pk}, **HTMX
        )
        assert added.status_code == 200
        assert added["HX-Trigger"] == '{"setItemsChanged": {}}'
    client.post(reverse("set_item_add", args=[question_set.slug]), {"question": a.pk})
    assert list(question_set.items.values_list("question_id", flat=True)) == [a.pk, b.pk]
    item_b = question_set.items.get(question=b)
    moved = client.post(
        reverse("set_item_move", args=[question_set.slug, item_b.pk]), {"direction": "up"}, **HTMX
    )
    # Focus follows the moved question's button (a separate attribute, not run into the label).
    assert 'aria-label="Move question 1 up" data-autofocus>' in moved.text
    assert list(question_set.items.values_list("question_id", flat=True)) == [b.pk, a.pk]
    client.post(reverse("set_item_remove", args=[question_set.slug, item_b.pk]))
    assert list(question_set.items.values_list("question_id", flat=True)) == [a.pk]
    client.post(reverse("set_publish", args=[question_set.slug]), {"publish": "1"})
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.PUBLISHED


def test_set_settings_are_validated(as_user, teacher):
    question_set = QuestionSetFactory(owner=teacher)
    client = as_user(teacher)
    response = client.post(
        reverse("set_edit", args=[question_set.slug]),
        {
            "title": "New title",
            "visibility": "secret",
            "mode": "exam",
            "pass_mark": "500",
            "reveal": "never",
        },
    )
    assert response.status_code == 400
    question_set.refresh_from_db()
    assert question_set.title != "New title"
    ok = client.post(
        reverse("set_edit", args=[question_set.slug]),
        {
            "title": "New title",
            "visibility": "private",
            "mode": "exam",
            "pass_mark": "70",
            "reveal": "never",
            "time_limit_minutes": "20",
            "attempts_allowed": "2",
            "draw_count": "5",
        },
    )
    assert ok.status_code == 302
    question_set.refresh_from_db()
    assert (question_set.title, question_set.time_limit_minutes, question_set.draw_count) == (
        "New title",
        20,
        5,
    )


SET_SETTINGS = {
    "title": "Founders",
    "visibility": "private",
    "mode": "practice",
    "pass_mark": "60",
    "reveal": "immediately",
}


def test_set_settings_inputs_allow_what_the_server_accepts(as_user, teacher):
    """The limits were min="0" in the page while the server refused 0 ("greater than or
    equal to 1"): the inputs now carry the model's bounds, and blank still means none."""
    question_set = QuestionSetFactory(owner=teacher)
    client = as_user(teacher)
    url = reverse("set_edit", args=[question_set.slug])
    page = client.get(url).text
    inputs = {
        name: re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        for name in ("time_limit_minutes", "attempts_allowed", "draw_count", "pass_mark")
    }
    for name in ("time_limit_minutes", "attempts_allowed", "draw_count"):
        assert 'min="1"' in inputs[name], inputs[name]
        assert "required" not in inputs[name]
    assert 'max="600"' in inputs["time_limit_minutes"]
    assert 'min="0"' in inputs["pass_mark"] and 'max="100"' in inputs["pass_mark"]
    assert "Empty: no time limit." in page
    assert '<label for="id_time_limit_minutes">Time limit (minutes):</label>' in page

    for name in ("time_limit_minutes", "attempts_allowed", "draw_count"):
        refused = client.post(url, SET_SETTINGS | {name: "0"})
        assert refused.status_code == 400
        assert "Ensure this value is greater than or equal to 1." in refused.text
    limits = ("time_limit_minutes", "attempts_allowed", "draw_count")
    assert client.post(url, SET_SETTINGS | dict.fromkeys(limits, "")).status_code == 302
    question_set.refresh_from_db()
    assert (
        question_set.time_limit_minutes,
        question_set.attempts_allowed,
        question_set.draw_count,
    ) == (None, None, None)


@pytest.mark.parametrize(
    ("name", "limit", "message"),
    [
        ("attempts_allowed", 100, "Ensure this value is less than or equal to 100."),
        ("draw_count", 500, "Ensure this value is less than or equal to 500."),
    ],
)
def test_attempts_allowed_and_draw_count_have_a_maximum(as_user, teacher, name, limit, message):
    """The inputs had no max (the column takes up to 32,767): the page now stops the user
    at the limit, and the server refuses more on create and on edit, saving nothing."""
    question_set = QuestionSetFactory(owner=teacher, attempts_allowed=3, draw_count=4)
    client = as_user(teacher)
    url = reverse("set_edit", args=[question_set.slug])
    for page in (client.get(url).text, client.get(reverse("set_create")).text):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'max="{limit}"' in field and 'min="1"' in field, field

    refused = client.post(url, SET_SETTINGS | {name: str(limit + 1)})
    assert refused.status_code == 400
    assert message in refused.text
    question_set.refresh_from_db()
    assert question_set.title != SET_SETTINGS["title"]
    assert (question_set.attempts_allowed, question_set.draw_count) == (3, 4)
    sets_before = QuestionSet.objects.count()
    created = client.post(reverse("set_create"), SET_SETTINGS | {name: str(limit + 1)})
    assert created.status_code == 400 and message in created.text
    assert QuestionSet.objects.count() == sets_before

    assert client.post(url, SET_SETTINGS | {name: str(limit)}).status_code == 302
    question_set.refresh_from_db()
    assert getattr(question_set, name) == limit


def test_a_draw_count_above_the_sets_questions_is_saved_with_a_note(as_user, teacher, student):
    """A set grows later, so a draw count larger than its questions is kept; the teacher is
    told that until then every attempt gets all of them."""
    draft = QuestionFactory(author=teacher, status=Question.Status.DRAFT)
    questions = [QuestionFactory(author=teacher), QuestionFactory(author=teacher), draft]
    question_set = QuestionSetFactory(owner=teacher, questions=questions)
    client = as_user(teacher)
    url = reverse("set_edit", args=[question_set.slug])
    response = client.post(url, SET_SETTINGS | {"draw_count": "5"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert (
        "Settings saved. The draw count is 5, but this set has 2 published questions: "
        "each attempt gets all of them until it has more."
    ) in response.text
    question_set.refresh_from_db()
    assert question_set.draw_count == 5
    attempt = attempt_start(user=student, question_set=question_set)
    assert set(attempt.versions) == {str(q.pk) for q in questions[:2]}

    within = client.post(url, SET_SETTINGS | {"draw_count": "2"}, follow=True)
    assert "Settings saved." in within.text and "The draw count is" not in within.text

    created = client.post(reverse("set_create"), SET_SETTINGS | {"draw_count": "3"}, follow=True)
    assert "Set created. Add questions below. The draw count is 3, but this set has 0" in (
        created.text
    )


def test_switching_the_mode_says_attempts_under_way_keep_theirs(
    as_user, teacher, student, other_student
):
    """A practice attempt turned exam would let its student change answers whose feedback
    they have seen: attempts keep the mode they started in, and the teacher is told."""
    question_set = QuestionSetFactory(owner=teacher, questions=[QuestionFactory(author=teacher)])
    running = attempt_start(user=student, question_set=question_set)
    finished = attempt_start(user=other_student, question_set=question_set)
    finished.status = Attempt.Status.SUBMITTED
    finished.save()
    client = as_user(teacher)
    url = reverse("set_edit", args=[question_set.slug])
    response = client.post(url, SET_SETTINGS | {"mode": "exam"}, follow=True)
    assert (
        "Settings saved. The attempt under way keeps the practice mode it started in; "
        "new attempts start in exam mode."
    ) in response.text
    running.refresh_from_db()
    question_set.refresh_from_db()
    assert running.mode == "practice"
    assert attempt_start(user=other_student, question_set=question_set).mode == "exam"
    again = client.post(url, SET_SETTINGS | {"mode": "exam"}, follow=True)
    assert "The 2 attempts under way" not in again.text and "under way" in again.text


def test_set_editor_search_htmx_and_bad_input(as_user, teacher):
    question_set = QuestionSetFactory(owner=teacher)
    QuestionFactory(author=teacher, prompt="Searchable prompt")
    client = as_user(teacher)
    found = client.get(reverse("set_edit", args=[question_set.slug]), {"q": "Searchable"}, **HTMX)
    assert "Searchable prompt" in found.text and "<html" not in found.text
    for not_an_id in ["x", "²", "9" * 30, ""]:
        bad = client.post(
            reverse("set_item_add", args=[question_set.slug]), {"question": not_an_id}, **HTMX
        )
        assert bad.status_code == 400
        # An integer beyond 64 bits is refused at the input boundary (quizsite/boundary.py).
        message = "too large" if not_an_id == "9" * 30 else "Choose a question to add."
        assert 'role="alert"' in bad.text and message in bad.text
    assert not question_set.items.exists()
    item = SetItem.objects.create(
        question_set=question_set, question=QuestionFactory(author=teacher)
    )
    wrong = client.post(
        reverse("set_item_move", args=[question_set.slug, item.pk]), {"direction": "sideways"}
    )
    assert wrong.status_code == 400
    publish = client.post(reverse("set_publish", args=[question_set.slug]), {"publish": "yes"})
    assert publish.status_code == 400


def test_cannot_add_another_teachers_question(as_user, teacher, other_teacher):
    question_set = QuestionSetFactory(owner=teacher)
    theirs = QuestionFactory(author=other_teacher)
    response = as_user(teacher).post(
        reverse("set_item_add", args=[question_set.slug]), {"question": theirs.pk}
    )
    assert response.status_code == 404
    assert not question_set.items.exists()


def test_copy_public_set_into_workspace(as_user, teacher, other_teacher):
    original = QuestionSetFactory(
        owner=other_teacher, questions=[QuestionFactory(author=other_teacher)]
    )
    client = as_user(teacher)
    assert client.get(reverse("set_edit", args=[original.slug])).status_code == 404
    form = client.get(reverse("set_copy", args=[original.slug]))
    assert f'value="{original.title}"' in form.text  # the original's title, to change
    response = client.post(reverse("set_copy", args=[original.slug]), {"title": "  My  NATO "})
    copy = QuestionSet.objects.get(owner=teacher)
    assert response.url == reverse("set_edit", args=[copy.slug])
    assert copy.title == "My NATO"
    assert copy.visibility == QuestionSet.Visibility.PRIVATE
    assert copy.status == QuestionSet.Status.DRAFT
    copied_question = copy.items.get().question
    assert copied_question.author == teacher
    assert copied_question.status == Question.Status.PUBLISHED
    assert copied_question.pk != original.items.get().question_id


def test_another_teachers_drafts_are_not_copied(as_user, teacher, other_teacher):
    draft = QuestionFactory(author=other_teacher, prompt="Unfinished idea", status="draft")
    original = QuestionSetFactory(
        owner=other_teacher, questions=[QuestionFactory(author=other_teacher), draft]
    )
    as_user(teacher).post(reverse("set_copy", args=[original.slug]), {"title": original.title})
    copy = QuestionSet.objects.get(owner=teacher)
    assert copy.title == original.title  # as named: no "(copy)"
    assert copy.items.count() == 1
    assert not Question.objects.filter(author=teacher, prompt="Unfinished idea").exists()


def test_private_set_cannot_be_copied(as_user, teacher, other_teacher):
    private = QuestionSetFactory(owner=other_teacher, visibility="private")
    assert as_user(teacher).post(reverse("set_copy", args=[private.slug])).status_code == 404
    assert as_user(teacher).get(reverse("set_copy", args=[private.slug])).status_code == 404


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_copy_needs_a_title(as_user, teacher, other_teacher, title):
    original = QuestionSetFactory(owner=other_teacher)
    response = as_user(teacher).post(reverse("set_copy", args=[original.slug]), {"title": title})
    assert response.status_code == 400
    assert "Give your copy a title" in response.text or "at most 200" in response.text
    assert not QuestionSet.objects.filter(owner=teacher).exists()


def test_archived_question_cannot_be_added(as_user, teacher):
    question_set = QuestionSetFactory(owner=teacher)
    archived = QuestionFactory(author=teacher, status="archived")
    response = as_user(teacher).post(
        reverse("set_item_add", args=[question_set.slug]), {"question": archived.pk}
    )
    assert response.status_code == 400
    assert not question_set.items.exists()


def test_refused_add_keeps_the_items_list_and_says_why(as_user, teacher):
    """The Add buttons swap the items list: a refusal must come back as that list with the
    reason, not as a bare line of text that takes the list's place."""
    kept = QuestionFactory(author=teacher, prompt="Already in the set")
    question_set = QuestionSetFactory(owner=teacher, questions=[kept])
    archived = QuestionFactory(author=teacher, status="archived")
    client = as_user(teacher)
    url = reverse("set_item_add", args=[question_set.slug])
    fragment = client.post(url, {"question": archived.pk}, **HTMX)
    assert fragment.status_code == 400
    assert "Already in the set" in fragment.text
    assert 'role="alert"' in fragment.text and "archived question cannot" in fragment.text
    page = client.post(url, {"question": archived.pk})
    assert page.status_code == 400
    assert "<h1>" in page.text and "Already in the set" in page.text
    assert "archived question cannot" in page.text
    assert list(question_set.items.values_list("question_id", flat=True)) == [kept.pk]


def test_set_with_draft_question_cannot_be_published(as_user, teacher):
    draft = QuestionFactory(author=teacher, status="draft")
    question_set = QuestionSetFactory(owner=teacher, status="draft", questions=[draft])
    response = as_user(teacher).post(
        reverse("set_publish", args=[question_set.slug]), {"publish": "1"}, follow=True
    )
    assert "Publish or remove the draft questions first" in response.text
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.DRAFT


def test_an_assigned_set_cannot_be_unpublished(as_user, teacher):
    question_set = QuestionSetFactory(owner=teacher, questions=[QuestionFactory()])
    AssignmentFactory(question_set=question_set, classroom__name="Year 9")
    response = as_user(teacher).post(
        reverse("set_publish", args=[question_set.slug]), {"publish": "0"}, follow=True
    )
    assert "This set is assigned to Year 9" in response.text
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.PUBLISHED


def test_workspace_history_restore_gets_full_page(as_user, teacher):
    client = as_user(teacher)
    restore = client.get(
        reverse("workspace"), {"q": "x"}, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.text
    assert "HX-Request" in restore["Vary"]


def test_saving_a_published_question_keeps_it_published(as_user, teacher):
    question = QuestionFactory(author=teacher)
    page = as_user(teacher).get(reverse("question_edit", args=[question.pk]))
    assert "Save changes" in page.text and "Save as draft" not in page.text
    ids = [str(c.public_id) for c in question.choices.all()]
    rows = [{"public_id": ids[0], "text": "1949", "is_correct": True}, {"text": "1950"}]
    as_user(teacher).post(
        reverse("question_edit", args=[question.pk]),
        editor_data("single_choice", rows, op="save_draft"),
    )
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    assert question.choices.count() == 2


def test_deleting_a_set_no_student_attempted_asks_first_then_deletes_it(as_user, teacher):
    question = QuestionFactory(author=teacher)
    question_set = QuestionSetFactory(owner=teacher, title="Unused set", questions=[question])
    client = as_user(teacher)
    url = reverse("set_delete", args=[question_set.slug])
    assert f'href="{url}"' in client.get(reverse("set_edit", args=[question_set.slug])).text
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Delete “Unused set”?" in confirm.text and "deleted for good" in confirm.text
    assert f'action="{url}"' in confirm.text
    assert QuestionSet.objects.filter(pk=question_set.pk).exists()  # asking changed nothing

    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("workspace")
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()
    assert Question.objects.filter(pk=question.pk).exists()  # the bank keeps its questions
    workspace = client.get(response.url).text
    assert "“Unused set” was deleted." in workspace
    assert client.post(url).status_code == 404  # a repeated POST finds nothing


def test_deleting_a_set_students_attempted_archives_it_and_keeps_their_results(
    as_user, teacher, student
):
    question_set = QuestionSetFactory(
        owner=teacher, title="Past quiz", questions=[QuestionFactory(author=teacher)]
    )
    attempt = attempt_start(user=student, question_set=question_set)
    client = as_user(teacher)
    url = reverse("set_delete", args=[question_set.slug])
    confirm = client.get(url).text
    assert "1 student made 1 attempt at this set" in confirm and "archived" in confirm

    client.post(url)
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.ARCHIVED
    assert "“Past quiz” was archived" in client.get(reverse("workspace")).text
    workspace = client.get(reverse("workspace")).text
    assert f'href="{reverse("set_edit", args=[question_set.slug])}"' not in workspace
    assert "Archived sets (1)" in workspace  # where it can be restored from
    assert client.get(reverse("set_edit", args=[question_set.slug])).status_code == 404
    assert client.post(url).status_code == 404

    client = as_user(student)
    home = client.get(reverse("home")).text
    assert question_set.get_absolute_url() not in home  # not among the sets
    assert f'<a href="{reverse("attempt_play", args=[attempt.pk])}">Continue Past quiz</a>' in home
    assert client.get(question_set.get_absolute_url()).status_code == 404
    start = reverse("attempt_start", args=[question_set.slug])
    assert client.post(start).status_code == 404
    # the running attempt can be finished, and its result stays readable
    client.post(reverse("attempt_submit", args=[attempt.pk]))
    result = client.get(reverse("attempt_result", args=[attempt.pk]))
    assert result.status_code == 200 and "Past quiz" in result.text


def test_an_archived_set_can_be_restored_from_the_workspace(as_user, teacher, other_teacher):
    question_set = QuestionSetFactory(owner=teacher, title="Old quiz", status="archived")
    client = as_user(teacher)
    workspace = client.get(reverse("workspace")).text
    url = reverse("set_restore", args=[question_set.slug])
    assert "Archived sets (1)" in workspace and f'action="{url}"' in workspace
    assert as_user(other_teacher).post(url).status_code == 404
    assert client.get(url).status_code == 405

    client = as_user(teacher)
    response = client.post(url, **HTMX)
    assert response["HX-Redirect"] == reverse("set_edit", args=[question_set.slug])
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.DRAFT
    page = client.get(reverse("set_edit", args=[question_set.slug])).text
    assert "“Old quiz” is back in your workspace, unpublished." in page
    assert "Archived sets" not in client.get(reverse("workspace")).text
    assert client.post(url).status_code == 404  # no longer archived: nothing to restore


def test_an_assigned_set_cannot_be_deleted_and_the_page_says_where(as_user, teacher):
    assignment = AssignmentFactory(classroom__owner=teacher, classroom__name="Year 9")
    question_set = assignment.question_set
    client = as_user(teacher)
    url = reverse("set_delete", args=[question_set.slug])
    confirm = client.get(url).text
    assert "Remove those assignments first" in confirm
    assert reverse("class_detail", args=[assignment.classroom_id]) in confirm
    assert f'action="{url}"' not in confirm

    refused = client.post(url, **HTMX)
    assert refused["HX-Redirect"] == url
    assert "assigned to Year 9" in client.get(url).text
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.PUBLISHED


def test_set_delete_answers_htmx_with_a_whole_page(as_user, teacher):
    question_set = QuestionSetFactory(owner=teacher)
    response = as_user(teacher).post(reverse("set_delete", args=[question_set.slug]), **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("workspace")
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()
