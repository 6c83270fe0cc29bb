"""Issue 25's question editor: a type applies as it is chosen, "Insert blank", no problem
list on a form just opened, and publishing that needs a topic and a citation (or "no
source"), with the "no source" badge in the lists."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizzes.questions.models import Question
from quizzes.questions.services import question_save
from tests.conftest import HTMX
from tests.factories import (
    PassageFactory,
    QuestionFactory,
    QuestionSetFactory,
    StaffFactory,
    StudentFactory,
    TeacherFactory,
    TopicFactory,
)
from tests.questions.test_authoring import _editor_form_fields, _option_rows, editor_data

pytestmark = pytest.mark.django_db

CREATE = reverse("question_create")


def _prompt(page: str) -> str:
    return _editor_form_fields(page)["prompt"]


def _autofocused(page: str) -> list[str]:
    """The ids of the elements the page asks to focus."""
    return re.findall(r'<[^>]*\bid="([^"]+)"[^>]*\bdata-autofocus', page) + re.findall(
        r'<[^>]*\bdata-autofocus[^>]*\bid="([^"]+)"', page
    )


# --- The type applies as it is chosen ---------------------------------------------------


def test_the_type_select_posts_its_choice_and_change_type_is_the_no_js_path(as_user, teacher):
    page = as_user(teacher).get(CREATE).text
    select = re.search(r'<select name="type"[^>]*>', page).group(0)
    assert 'hx-post="/workspace/questions/new/"' in select
    assert 'hx-trigger="change consume"' in select  # not also the form's preview request
    assert "type-select" in select and 'hx-target="#editor-region"' in select
    # Without JavaScript the button applies the type; with it, <noscript> hides it.
    assert re.search(r'<noscript><button[^>]*name="op" value="type"[^>]*>Change type', page)


@pytest.mark.parametrize("htmx", [True, False])
def test_choosing_a_type_applies_it_at_once_keeping_what_was_typed(as_user, teacher, htmx):
    client = as_user(teacher)
    rows = [{"text": "Brussels", "is_correct": True}, {"text": "Paris"}]
    data = editor_data("single_choice", rows, op="type-select", prompt="Where is NATO's HQ?")
    response = client.post(CREATE, data | {"type": "multiple_answer"}, **(HTMX if htmx else {}))
    assert response.status_code == 200
    page = response.text
    assert ("<html" in page) is not htmx  # htmx gets the editor only
    assert _prompt(page) == "Where is NATO's HQ?"
    assert _option_rows(page) == [("Brussels", True), ("Paris", False)]
    assert _editor_form_fields(page)["type"] == "multiple_answer"
    assert "Select all that apply." in page  # the preview is the new type's
    # Focus stays on the select: arrow keys stepping through the types go on working.
    assert _autofocused(page) == ["id_type"]
    # Through true/false (its own pair) and back, the typed options return.
    page = client.post(
        CREATE, _editor_form_fields(page) | {"type": "true_false", "op": "type-select"}, **HTMX
    ).text
    assert _option_rows(page) == [("True", True), ("False", False)]
    page = client.post(
        CREATE, _editor_form_fields(page) | {"type": "single_choice", "op": "type-select"}, **HTMX
    ).text
    assert _option_rows(page) == [("Brussels", True), ("Paris", False)]
    assert not Question.objects.exists()


def test_an_unknown_type_chosen_changes_nothing(as_user, teacher):
    rows = [{"text": "Brussels", "is_correct": True}, {"text": "Paris"}]
    data = editor_data("single_choice", rows, op="type-select") | {"type": "essay"}
    response = as_user(teacher).post(CREATE, data, **HTMX)
    assert response.status_code == 200
    assert _option_rows(response.text) == [("Brussels", True), ("Paris", False)]
    assert _editor_form_fields(response.text)["type"] == "single_choice"
    assert not Question.objects.exists()


# --- Insert blank -------------------------------------------------------------------------


def test_insert_blank_is_offered_for_fill_in_the_blanks_only(as_user, teacher):
    client = as_user(teacher)
    assert "Insert blank" not in client.get(CREATE).text
    page = client.get(CREATE, {"type": "fill_blank"}).text
    assert re.search(r'<button[^>]*value="blank"[^>]*data-insert-blank[^>]*>', page)
    assert "questions/editor.js" in page


def test_insert_blank_without_javascript_appends_the_next_blank_and_its_answer(as_user, teacher):
    client = as_user(teacher)
    data = editor_data("fill_blank", [{}], op="blank", prompt="NATO was founded in")
    page = client.post(CREATE, data).text
    assert _prompt(page) == "NATO was founded in {1}"
    fields = _editor_form_fields(page)
    assert fields["choices-TOTAL_FORMS"] == "1" and fields["choices-0-blank"] == "1"
    assert _autofocused(page) == ["id_choices-0-text"]  # type its accepted answer next
    page = client.post(
        CREATE,
        _editor_form_fields(page)
        | {"choices-0-text": "1949", "prompt": "NATO was founded in {1} in", "op": "blank"},
    ).text
    assert _prompt(page) == "NATO was founded in {1} in {2}"
    fields = _editor_form_fields(page)
    assert (fields["choices-0-text"], fields["choices-0-blank"]) == ("1949", "1")
    assert (fields.get("choices-1-text", ""), fields["choices-1-blank"]) == ("", "2")
    assert _autofocused(page) == ["id_choices-1-text"]
    assert not Question.objects.exists()


def test_insert_blank_placed_by_the_script_adds_only_the_missing_answer_field(as_user, teacher):
    """The script puts {n} at the cursor and sends "blank-placed": the prompt is kept as
    sent, and each blank without an answer field gets one."""
    client = as_user(teacher)
    prompt = "The treaty was signed in {2} in {1}."
    data = editor_data(
        "fill_blank", [{"text": "1949", "blank": 1}], op="blank-placed", prompt=prompt
    )
    response = client.post(CREATE, data, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert _prompt(response.text) == prompt
    fields = _editor_form_fields(response.text)
    assert fields["choices-TOTAL_FORMS"] == "2"
    assert (fields["choices-1-blank"], fields.get("choices-1-text", "")) == ("2", "")
    # Every blank has its field: pressing again adds none and goes back to the prompt.
    again = client.post(CREATE, _editor_form_fields(response.text) | {"op": "blank-placed"}, **HTMX)
    assert _editor_form_fields(again.text)["choices-TOTAL_FORMS"] == "2"
    assert _autofocused(again.text) == ["id_prompt"]


def test_a_question_written_with_insert_blank_publishes(as_user, teacher):
    client = as_user(teacher)
    page = client.post(
        CREATE, editor_data("fill_blank", [{}], op="blank", prompt="Founded in")
    ).text
    data = _editor_form_fields(page) | editor_data("fill_blank", [{"text": "1949", "blank": 1}])
    data["prompt"] = _prompt(page)
    assert client.post(CREATE, data).status_code == 302
    question = Question.objects.get()
    assert question.prompt == "Founded in {1}" and question.status == "published"
    assert list(question.choices.values_list("text", "blank")) == [("1949", 1)]


@pytest.mark.parametrize("op", ["blank-²", "blank-" + "9" * 40, "type-select-x", "blank"])
def test_bad_editing_ops_are_not_errors_and_save_nothing(as_user, teacher, op):
    data = editor_data("fill_blank", [{"text": "a", "blank": "x"}], op=op, prompt="x" * 5000)
    response = as_user(teacher).post(CREATE, data)
    assert response.status_code == 200
    assert len(_prompt(response.text)) <= 5000  # no blank past the prompt's limit
    assert not Question.objects.exists()


# --- No error list on a form just opened --------------------------------------------------


@pytest.mark.parametrize("kind", ["single_choice", "fill_blank", "matching", "numeric"])
def test_a_new_form_shows_no_errors_until_something_is_done(as_user, teacher, kind):
    client = as_user(teacher)
    page = client.get(CREATE, {"type": kind}).text
    assert "Before this can be saved" not in page
    assert "errorlist" not in page and "Please correct" not in page
    # The live preview (a POST, once the teacher types) lists the answer key's problems.
    if kind != "numeric":
        preview = client.post(reverse("question_preview"), _editor_form_fields(page))
        assert "Before this can be saved" in preview.text


def test_an_existing_question_opens_without_errors(as_user, teacher):
    question = QuestionFactory(author=teacher, status="draft", choices=[{"text": "only"}])
    page = as_user(teacher).get(reverse("question_edit", args=[question.pk])).text
    assert "Before this can be saved" not in page and "errorlist" not in page


# --- Publishing needs a topic and a citation, or "no source" ------------------------------


def test_publishing_without_a_topic_is_refused_next_to_the_topics(as_user, teacher):
    data = editor_data()
    del data["topics"]
    response = as_user(teacher).post(CREATE, data)
    assert response.status_code == 400
    topics = response.text.split("<legend>Topics")[1].split("</fieldset>")[0]
    assert "Choose at least one topic before publishing." in topics
    assert not Question.objects.exists()


def test_publishing_without_a_citation_or_no_source_is_refused(as_user, teacher):
    data = editor_data()
    del data["no_source"]
    response = as_user(teacher).post(CREATE, data)
    assert response.status_code == 400
    citation = response.text.split("<legend>Source passage</legend>")[1].split("</fieldset>")[0]
    assert "Cite the passage that supports the question, or mark it as having no source" in citation
    assert not Question.objects.exists()


def test_a_draft_needs_neither_topic_nor_citation(as_user, teacher):
    data = editor_data(op="save_draft")
    del data["no_source"], data["topics"]
    assert as_user(teacher).post(CREATE, data).status_code == 302
    question = Question.objects.get()
    assert question.status == "draft" and not question.no_source


def test_a_question_marked_no_source_publishes_and_is_shown_so(as_user, teacher):
    client = as_user(teacher)
    assert client.post(CREATE, editor_data()).status_code == 302
    question = Question.objects.get()
    assert question.status == "published" and question.no_source
    assert not question.citations.exists()
    edit = client.get(reverse("question_edit", args=[question.pk])).text
    assert re.search(r'<input[^>]*name="no_source"[^>]*checked', edit)
    workspace = client.get(reverse("workspace")).text
    assert '<span class="badge no-source">No source</span>' in workspace
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    set_page = client.get(reverse("set_edit", args=[question_set.slug])).text
    assert set_page.count('<span class="badge no-source">No source</span>') == 1


def test_a_cited_question_is_never_marked_no_source(as_user, teacher):
    passage = PassageFactory(text="NATO was established on April 4, 1949.")
    data = editor_data(**{"cite-passage": str(passage.pk), "cite-quote": "April 4, 1949"})
    client = as_user(teacher)
    assert client.post(CREATE, data).status_code == 302  # "no_source" is sent too
    question = Question.objects.get()
    assert question.citations.get().quote == "April 4, 1949" and not question.no_source
    assert "No source" not in client.get(reverse("workspace")).text
    # Once a passage is chosen, the editor no longer offers "no source".
    edit = client.get(reverse("question_edit", args=[question.pk])).text
    assert 'name="no_source"' not in edit


def test_the_service_refuses_to_publish_an_unfiled_uncited_question(teacher):
    with pytest.raises(ValidationError) as refused:
        question_save(
            question=Question(type="short_answer", prompt="Capital?"),
            author=teacher,
            fields={"type": "short_answer", "prompt": "Capital?"},
            topics=[],
            choices=[],
            citation=None,
            publish=True,
        )
    assert set(refused.value.message_dict) == {"topics", "citation"}
    assert not Question.objects.exists()


# --- Who may use the editing ops ------------------------------------------------------------

EXPECTED = {
    "anonymous": 200,  # HX-Redirect to sign in
    "student": 403,
    "other_student": 403,
    "owner": 200,
    "other_teacher": 404,
    "staff": 200,
}


@pytest.mark.parametrize("op", ["type-select", "blank", "blank-placed"])
@pytest.mark.parametrize("role", list(EXPECTED))
def test_editing_ops_permission_matrix(client, role, op):
    owner = TeacherFactory()
    question = QuestionFactory(author=owner, status="draft")
    users = {
        "anonymous": None,
        "student": StudentFactory(),
        "other_student": StudentFactory(),
        "owner": owner,
        "other_teacher": TeacherFactory(),
        "staff": StaffFactory(),
    }
    if users[role] is not None:
        client.force_login(users[role])
    data = editor_data("fill_blank", [{}], op=op, prompt="In {1}")
    url = reverse("question_edit", args=[question.pk])
    response = client.post(url, data, **HTMX)
    if role == "anonymous":  # htmx is told to go to the sign-in page
        assert response["HX-Redirect"].startswith(reverse("login"))
    else:
        assert response.status_code == EXPECTED[role]
    question.refresh_from_db()
    assert question.type == "single_choice" and question.current_version.number == 1


# --- Query budgets --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 30])
def test_editor_ops_query_budget(as_user, teacher, size, django_assert_max_num_queries):
    for _ in range(size):
        TopicFactory()
    question = QuestionFactory(
        author=teacher, choices=[{"text": f"o{i}", "is_correct": i == 0} for i in range(size)]
    )
    client = as_user(teacher)
    url = reverse("question_edit", args=[question.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url).text
    rows = [{"text": f"o{i}", "blank": ""} for i in range(size)]
    for op, kind in [("type-select", "multiple_answer"), ("blank", "fill_blank")]:
        data = _editor_form_fields(page) | editor_data(kind, rows, op=op, prompt="In")
        with django_assert_max_num_queries(10):
            assert client.post(url, data, **HTMX).status_code == 200
