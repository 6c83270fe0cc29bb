"""The import (upload → preview → confirm) and export pages, for every role."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.interop.views import PENDING
from quizzes.questions.models import Question, QuestionSet, Topic
from tests.conftest import HTMX
from tests.factories import QuestionFactory, QuestionSetFactory, TopicFactory, make_question

pytestmark = pytest.mark.django_db

IMPORT = reverse("interop_import")
CONFIRM = reverse("interop_import_confirm")
GIFT = "::One::Is it?{T}\n\nWrite an essay.{}\n\n::Two::Year?{#1949:0}\n"


def upload(name="bank.gift", content=GIFT, **data):
    body = content.encode() if isinstance(content, str) else content
    return {"file": SimpleUploadedFile(name, body), **data}


def gift_of(n):
    return "\n\n".join(f"::Q{i}::Question {i}?{{=a ~b ~c}}" for i in range(n))


def export_url(question_set, fmt="gift"):
    return reverse("interop_export", args=[question_set.slug, fmt])


# The import page


def test_anonymous_is_sent_to_log_in(as_user):
    client = as_user(None)
    for response in (client.get(IMPORT), client.post(IMPORT, upload()), client.post(CONFIRM)):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_students_may_not_import(as_user, student):
    client = as_user(student)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, upload()).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert not Question.objects.exists()


@pytest.mark.parametrize("role", ["teacher", "staff"])
def test_teachers_and_staff_see_the_form(as_user, role, request):
    response = as_user(request.getfixturevalue(role)).get(IMPORT)
    assert response.status_code == 200
    assert b'<label for="id_file">GIFT or CSV file:</label>' in response.content
    assert b"<html" in response.content


def test_htmx_gets_only_the_panel(as_user, teacher):
    response = as_user(teacher).get(IMPORT, **HTMX)
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<div id="import-panel">')
    assert b"<html" not in response.content


def test_preview_lists_what_will_be_created_and_saves_nothing(as_user, teacher):
    client = as_user(teacher)
    response = client.post(IMPORT, upload(set_name="Moodle bank"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 questions will be created" in html
    assert "in a new private set “Moodle bank”" in html
    assert "Line 3: essay question skipped" in html
    assert "<strong>One</strong>: Is it?" in html and "Numeric" in html
    assert not Question.objects.exists()
    assert client.session[PENDING]["text"] == GIFT


def test_preview_names_the_existing_topic_a_category_files_under(as_user, teacher):
    TopicFactory(slug="founding", name="Founding of NATO")
    gift = (
        "$CATEGORY: $course$/Founding\n\n::Q::Year?{#1949:0}\n\n"
        "$CATEGORY: Brand new\n\n::R::Y?{T}\n"
    )
    html = as_user(teacher).post(IMPORT, upload(content=gift)).content.decode()
    rows = html.split("<tbody>")[1]
    assert "<td>Founding of NATO</td>" in rows and "<td>Founding</td>" not in rows
    assert "<td>Brand new</td>" in rows and "New topics: Brand new." in html


def test_preview_and_import_match_a_topic_in_another_case(as_user, teacher):
    topic = TopicFactory(slug="nato-1949", name="Founding of NATO")
    client = as_user(teacher)
    gift = "$CATEGORY: founding of nato\n\n::Q::Year?{#1949:0}\n"
    html = client.post(IMPORT, upload(content=gift)).content.decode()
    rows = html.split("<tbody>")[1]
    assert "<td>Founding of NATO</td>" in rows and "founding of nato" not in rows
    assert "New topics" not in html
    client.post(CONFIRM, {"token": client.session[PENDING]["token"]})
    assert list(Question.objects.get().topics.all()) == [topic]
    assert Topic.objects.count() == 1


def test_confirm_creates_the_questions_once(as_user, teacher):
    client = as_user(teacher)
    client.post(IMPORT, upload(set_name="Moodle bank"))
    token = client.session[PENDING]["token"]
    response = client.post(CONFIRM, {"token": token})
    question_set = QuestionSet.objects.get()
    # The teacher lands on the set's editor, where it can be edited, published and exported.
    edit_url = reverse("set_edit", args=[question_set.slug])
    assert response.status_code == 302 and response.url == edit_url
    assert (question_set.title, question_set.owner) == ("Moodle bank", teacher)
    assert sorted(question_set.questions.values_list("key", flat=True)) == ["one", "two"]
    page = client.get(response.url).content.decode()
    assert "Imported 2 questions into “Moodle bank”." in page
    again = client.post(CONFIRM, {"token": token}, follow=True)
    assert "already imported or expired" in again.content.decode()
    assert Question.objects.count() == 2


def test_confirm_needs_the_previewed_token(as_user, teacher, other_teacher):
    client = as_user(teacher)
    client.post(IMPORT, upload())
    assert client.post(CONFIRM, {"token": "forged"}).status_code == 302
    assert not Question.objects.exists()
    other = as_user(other_teacher)
    other.post(CONFIRM, {"token": "anything"})
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("nato_quiz.gift", "Nato quiz"),
        ("nato-quiz.gift", "Nato quiz"),
        ("NATO--summits_2024.txt", "NATO summits 2024"),
        ("-_.gift", "Imported"),
    ],
)
def test_set_title_defaults_to_the_file_name_in_words(as_user, teacher, name, title):
    client = as_user(teacher)
    preview = client.post(IMPORT, upload(name=name)).content.decode()
    assert f"in a new private set “{title}”" in preview
    client.post(CONFIRM, {"token": client.session[PENDING]["token"]})
    assert QuestionSet.objects.get().title == title


def test_csv_upload(as_user, teacher):
    client = as_user(teacher)
    csv = "type,prompt,options,correct\ntrue_false,Founded in 1949?,,true\n"
    response = client.post(IMPORT, upload(name="bank.csv", content=csv))
    assert "1 question will be created" in response.content.decode()
    client.post(CONFIRM, {"token": client.session[PENDING]["token"]})
    assert Question.objects.get().type == "true_false"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        (upload(name="bank.pdf"), "Upload a .gift, .txt or .csv file."),
        (upload(content=b"\x00\x01binary"), "This looks like a binary file"),
        (upload(content="Caf\u00e9?{T}".encode("cp1252")), "Line 1: the file is not UTF-8 text"),
        (upload(content="Q?{=" + "a" * 25_000 + "}"), "Line 1: the line is 25,005 characters"),
        (
            upload(content="Fine?{T}\n\nBroken {#x}"),
            "Line 3: the numeric answer “x” is not a number",
        ),
        (upload(name="b.csv", content="kind\nx\n"), "Line 1: missing column(s) type, prompt"),
        (upload(content="// only a comment\n"), "Line 1: the file contains no questions"),
    ],
)
def test_bad_uploads_are_explained_and_nothing_is_saved(as_user, teacher, data, message):
    client = as_user(teacher)
    for headers in ({}, HTMX):
        for value in data.values():
            if hasattr(value, "seek"):
                value.seek(0)
        response = client.post(IMPORT, data, **headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert PENDING not in client.session
    assert not Question.objects.exists()


def test_oversized_upload_is_refused(as_user, teacher, settings):
    settings.QUIZZES_MAX_UPLOAD_BYTES = 1000
    response = as_user(teacher).post(IMPORT, upload(content=gift_of(50)))
    assert response.status_code == 400
    assert "the limit is 1,000 bytes" in response.content.decode()


@pytest.mark.parametrize("size", [2, 300])
def test_query_budget(as_user, teacher, size, django_assert_max_num_queries):
    client = as_user(teacher)
    with django_assert_max_num_queries(8):
        assert client.post(IMPORT, upload(content=gift_of(size))).status_code == 200
    token = client.session[PENDING]["token"]
    with django_assert_max_num_queries(30):
        assert client.post(CONFIRM, {"token": token}).status_code == 302
    assert Question.objects.count() == size


# Navigation and set page links


def test_nav_and_export_links_only_for_teachers(as_user, teacher, student):
    question_set = QuestionSetFactory(questions=[make_question("true_false")])
    page = as_user(teacher).get(question_set.get_absolute_url()).content.decode()
    assert f'href="{IMPORT}">Import questions</a>' in page
    assert f'href="{export_url(question_set, "anki")}"' in page
    page = as_user(student).get(question_set.get_absolute_url()).content.decode()
    assert "Import questions" not in page and "export" not in page.lower()


# Export


@pytest.fixture
def private_set(teacher):
    kinds = ["single_choice", "numeric", "fill_blank"]
    return QuestionSetFactory(
        owner=teacher,
        visibility=QuestionSet.Visibility.PRIVATE,
        questions=[make_question(k, author=teacher) for k in kinds],
    )


def test_owner_downloads_gift_csv_and_anki(as_user, teacher, private_set):
    client = as_user(teacher)
    gift = client.get(export_url(private_set, "gift"))
    assert gift["Content-Type"] == "text/plain; charset=utf-8"
    assert gift["Content-Disposition"] == f'attachment; filename="{private_set.slug}.gift"'
    assert "{#1949:0" in gift.content.decode()
    csv = client.get(export_url(private_set, "csv"))
    assert csv.content.decode().startswith("type,prompt,options,correct,explanation")
    anki = client.get(export_url(private_set, "anki"))
    assert anki["Content-Disposition"].endswith('.apkg"')
    assert "collection.anki2" in zipfile.ZipFile(io.BytesIO(anki.content)).namelist()


def test_export_access(as_user, private_set, other_teacher, student, staff):
    url = export_url(private_set)
    anonymous = as_user(None).get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    assert as_user(student).get(url).status_code == 403  # exports hold the answer key
    assert as_user(other_teacher).get(url).status_code == 404
    assert as_user(staff).get(url).status_code == 200
    public = QuestionSetFactory(questions=[make_question("true_false")])
    assert as_user(other_teacher).get(export_url(public)).status_code == 200
    assert as_user(student).get(export_url(public)).status_code == 403
    assert as_user(staff).get(export_url(private_set, "pdf")).status_code == 404


def test_another_teachers_drafts_stay_out_of_the_export(as_user, teacher, other_teacher):
    published = QuestionFactory(author=teacher, prompt="Published prompt")
    draft = QuestionFactory(author=teacher, prompt="Draft prompt", status="draft")
    public = QuestionSetFactory(owner=teacher, questions=[published, draft])
    theirs = as_user(other_teacher).get(export_url(public, "gift")).content.decode()
    assert "Published prompt" in theirs and "Draft prompt" not in theirs
    mine = as_user(teacher).get(export_url(public, "gift")).content.decode()
    assert "Published prompt" in mine and "Draft prompt" in mine


def test_an_archived_question_left_in_a_set_stays_out_of_the_export(as_user, teacher):
    """Only the admin can put an archived question in a set; it does not leave with it."""
    kept = QuestionFactory(author=teacher, prompt="Kept prompt")
    retired = QuestionFactory(author=teacher, prompt="Retired prompt", status="archived")
    question_set = QuestionSetFactory(owner=teacher, questions=[kept, retired])
    mine = as_user(teacher).get(export_url(question_set, "gift")).content.decode()
    assert "Kept prompt" in mine and "Retired prompt" not in mine


@pytest.mark.parametrize("size", [1, 40])
def test_export_query_budget(as_user, teacher, size, django_assert_max_num_queries):
    question_set = QuestionSetFactory(
        owner=teacher, questions=[make_question("single_choice") for _ in range(size)]
    )
    client = as_user(teacher)
    for fmt in ("gift", "csv", "anki"):
        with django_assert_max_num_queries(10):
            assert client.get(export_url(question_set, fmt)).status_code == 200


def test_a_key_taken_by_a_concurrent_import_is_not_a_500(as_user, teacher, monkeypatch):
    from django.db import IntegrityError

    from quizzes.interop import views

    def clash(**kwargs):
        raise IntegrityError("duplicate key")

    client = as_user(teacher)
    client.post(IMPORT, upload())
    monkeypatch.setattr(views, "questions_import", clash)
    response = client.post(CONFIRM, {"token": client.session[PENDING]["token"]}, follow=True)
    assert response.status_code == 200
    assert "Nothing imported: please upload the file again." in response.content.decode()
