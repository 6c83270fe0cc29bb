import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.documents.extraction import Extracted
from quizzes.documents.models import Draft, DraftingRun
from quizzes.documents.services import document_new_version, document_store, drafts_propose
from quizzes.questions.models import Citation, Question
from quizzes.sources.models import Document, Passage
from tests.conftest import HTMX
from tests.documents.files import TREATY, make_docx, make_pdf
from tests.factories import QuestionFactory, QuestionSetFactory

ROLES = ["anonymous", "student", "other_student", "owner", "other_teacher", "staff"]
PAGE = {
    "anonymous": 302,
    "student": 403,
    "other_student": 403,
    "owner": 200,
    "other_teacher": 404,
    "staff": 200,
}
WRITE = {**PAGE, "owner": 302, "staff": 302}
TEXT = "\n".join(TREATY) + "\n"


@pytest.fixture
def document(teacher):
    return document_store(
        owner=teacher, extracted=Extracted(title="", text=TEXT), file_name="lisbon.txt"
    ).document


def user_for(role, request, teacher):
    if role == "anonymous":
        return None
    return teacher if role == "owner" else request.getfixturevalue(role)


def upload(client, name, data, **extra):
    return client.post(reverse("my_documents"), {"file": SimpleUploadedFile(name, data)}, **extra)


# --- Permissions -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "data", "expected"),
    [
        ("my_document", "get", None, PAGE),
        ("draft_review", "get", None, PAGE),
        ("document_passage", "get", None, PAGE),
        ("document_passage", "post", {"quote": "signed in Lisbon"}, WRITE),
        ("document_retitle", "post", {"title": "Lisbon"}, WRITE),
        ("drafts_propose", "post", {}, WRITE),
    ],
)
def test_permission_matrix(request, as_user, teacher, document, role, name, method, data, expected):
    client = as_user(user_for(role, request, teacher))
    args = [document.slug, 1] if name == "document_passage" else [document.slug]
    response = getattr(client, method)(reverse(name, args=args), data)
    assert response.status_code == expected[role]
    if name == "drafts_propose" and expected[role] != 302:
        assert not Draft.objects.exists()
    if name == "document_retitle" and expected[role] != 302:
        document.refresh_from_db()
        assert document.title == "The Treaty of Lisbon"


@pytest.mark.parametrize("role", ROLES)
def test_document_list_is_the_teachers_own(request, as_user, teacher, document, role):
    client = as_user(user_for(role, request, teacher))
    response = client.get(reverse("my_documents"))
    expected = {**PAGE, "other_teacher": 200}[role]
    assert response.status_code == expected
    if expected == 200:
        assert (document.title in response.text) == (role in ("owner", "staff"))


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_decided_by_their_owner_only(request, as_user, teacher, document, role):
    drafts_propose(document=document, owner=teacher)
    draft = Draft.objects.first()
    client = as_user(user_for(role, request, teacher))
    response = client.post(
        reverse("draft_decide", args=[document.slug]), {"draft": draft.pk, "decision": "accept"}
    )
    expected = {**WRITE, "staff": 404}[role]  # staff see the queue of their own drafts
    assert response.status_code == expected
    draft.refresh_from_db()
    assert (draft.status == Draft.Status.ACCEPTED) == (role == "owner")


# --- Upload ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "title"),
    [
        ("lisbon.txt", TEXT.encode(), "The Treaty of Lisbon"),
        ("lisbon.pdf", make_pdf(TREATY, title="Lisbon, a treaty"), "Lisbon, a treaty"),
        ("lisbon.docx", make_docx("The Treaty of Lisbon", TREATY[2:]), "The Treaty of Lisbon"),
    ],
)
def test_upload_makes_a_private_document_with_passages(as_user, teacher, name, data, title):
    response = upload(as_user(teacher), name, data)
    document = Document.objects.get(owner=teacher)
    assert response.status_code == 302
    assert response["Location"] == reverse("my_document", args=[document.slug])
    assert document.title == title
    passage = document.passages.get(text__startswith="The treaty was signed")
    assert document.text[passage.start : passage.end] == passage.text
    page = as_user(teacher).get(response["Location"])
    assert "The treaty was signed in Lisbon" in page.text


def test_pasted_text_with_a_title(as_user, teacher):
    response = as_user(teacher).post(
        reverse("my_documents"),
        {"text": "A line.\n\nThe treaty has fourteen articles in all.", "title": "Notes"},
    )
    assert response.status_code == 302
    assert Document.objects.get(owner=teacher).title == "Notes"


def test_the_same_content_twice_is_one_document(as_user, teacher):
    client = as_user(teacher)
    first = upload(client, "a.txt", TEXT.encode())
    again = upload(client, "copy.txt", TEXT.encode())
    assert Document.objects.filter(owner=teacher).count() == 1
    assert first["Location"] == again["Location"]


def test_two_teachers_may_upload_the_same_file(as_user, teacher, other_teacher):
    upload(as_user(teacher), "a.txt", TEXT.encode())
    upload(as_user(other_teacher), "a.txt", TEXT.encode())
    slugs = Document.objects.values_list("slug", flat=True)
    assert len(set(slugs)) == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ", "cannot be read"),
        ("bad.txt", b"caf\xe9", "not valid UTF-8"),
        ("locked.pdf", make_pdf(TREATY, password="x"), "encrypted"),
        ("scan.pdf", make_pdf(None), "No text found"),
        ("fake.docx", b"not a zip", "not a Word"),
        ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "larger than 10 MB"),
    ],
)
def test_bad_files_get_a_400_and_save_nothing(as_user, teacher, name, data, message):
    response = upload(as_user(teacher), name, data)
    assert response.status_code == 400
    assert message in response.text
    assert not Document.objects.exists() and not Passage.objects.exists()


def test_missing_and_double_input_are_refused(as_user, teacher):
    client = as_user(teacher)
    assert client.post(reverse("my_documents"), {}).status_code == 400
    both = client.post(
        reverse("my_documents"),
        {"file": SimpleUploadedFile("a.txt", b"Some text here."), "text": "Other text."},
    )
    assert both.status_code == 400 and "not both" in both.text
    assert not Document.objects.exists()


def test_upload_with_htmx_swaps_the_form_or_redirects(as_user, teacher):
    client = as_user(teacher)
    refused = upload(client, "bad.txt", b"caf\xe9", **HTMX)
    assert refused.status_code == 400
    assert not refused.text.lstrip().lower().startswith("<!doctype")
    assert 'id="upload"' in refused.text
    done = upload(client, "ok.txt", TEXT.encode(), **HTMX)
    assert done["HX-Redirect"].startswith("/documents/")


# --- Title and versions ---------------------------------------------------------------


def test_the_title_is_editable_and_checked(as_user, teacher, document):
    client = as_user(teacher)
    url = reverse("document_retitle", args=[document.slug])
    assert client.post(url, {"title": "   "}).status_code == 400
    assert client.post(url, {"title": "x" * 301}).status_code == 400
    assert client.post(url, {"title": "Lisbon  notes"}).status_code == 302
    document.refresh_from_db()
    assert document.title == "Lisbon notes"


def test_a_new_version_moves_citations_to_the_passage_holding_their_quote(
    as_user, teacher, document
):
    passage = document.passages.get(text__contains="40 new policy areas")
    question = QuestionFactory(author=teacher, citation=passage)
    citation = question.citations.get()
    citation.quote = "40 new policy areas"
    citation.save()
    gone = QuestionFactory(
        author=teacher, citation=document.passages.get(text__contains="Portugal")
    )
    new_text = TEXT.replace("Portugal held", "Portugal chaired").replace(
        "History\n", "History\nA new first paragraph about the treaty.\n"
    )
    new, broken = document_new_version(
        document=document, extracted=Extracted(title="", text=new_text), file_name="v2.txt"
    )
    assert new.version == 2 and new.slug == document.slug and new.owner == teacher
    citation.refresh_from_db()
    assert citation.passage.document == new and "40 new policy areas" in citation.passage.text
    assert [c.question for c in broken] == [gone]


def test_a_new_version_through_the_page(as_user, teacher, document):
    client = as_user(teacher)
    url = reverse("document_version", args=[document.slug])
    refused = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"nope")})
    assert refused.status_code == 400 and "not a PDF" in refused.text
    new = TEXT.replace("Portugal", "Slovenia").encode()
    response = client.post(url, {"file": SimpleUploadedFile("v2.txt", new)})
    assert response.status_code == 302
    assert Document.objects.get(slug=document.slug, is_current=True).version == 2


# --- Drafting and review ---------------------------------------------------------------


def test_draft_questions_then_accept_edit_and_discard(as_user, teacher, document):
    client = as_user(teacher)
    response = client.post(reverse("drafts_propose", args=[document.slug]))
    assert response["Location"] == reverse("draft_review", args=[document.slug])
    drafts = list(Draft.objects.filter(document=document).order_by("position"))
    assert len(drafts) >= 3
    assert not any("Critics argue" in d.quote for d in drafts)
    page = client.get(response["Location"])
    for draft in drafts:
        assert draft.reason in page.text
    decide = reverse("draft_decide", args=[document.slug])
    response = client.post(decide, {"draft": drafts[0].pk, "decision": "accept"})
    assert response.status_code == 302
    question = Question.objects.get(author=teacher)
    assert question.status == Question.Status.DRAFT
    citation = question.citations.get()
    assert citation.quote == drafts[0].quote and citation.passage.document == document
    edit = client.post(decide, {"draft": drafts[1].pk, "decision": "edit"})
    edited = Question.objects.exclude(pk=question.pk).get(author=teacher)
    assert edit["Location"] == reverse("question_edit", args=[edited.pk])
    client.post(decide, {"draft": drafts[2].pk, "decision": "discard"})
    drafts[2].refresh_from_db()
    assert drafts[2].status == Draft.Status.DISCARDED
    assert Question.objects.filter(author=teacher).count() == 2
    # Drafting again proposes nothing already decided.
    before = Draft.objects.count()
    client.post(reverse("drafts_propose", args=[document.slug]))
    assert Draft.objects.count() == before


def test_bulk_accept_and_a_repeated_post_count_once(as_user, teacher, document):
    drafts_propose(document=document, owner=teacher)
    ids = list(Draft.objects.values_list("pk", flat=True)[:3])
    client = as_user(teacher)
    decide = reverse("draft_decide", args=[document.slug])
    client.post(decide, {"draft": ids, "decision": "accept"})
    client.post(decide, {"draft": ids, "decision": "accept"})
    assert Question.objects.filter(author=teacher).count() == 3
    assert Citation.objects.filter(question__author=teacher).count() == 3


def test_accepted_drafts_reach_no_student_until_published(as_user, teacher, student, document):
    drafts_propose(document=document, owner=teacher)
    draft = Draft.objects.first()
    as_user(teacher).post(
        reverse("draft_decide", args=[document.slug]), {"draft": draft.pk, "decision": "accept"}
    )
    question = Question.objects.get(author=teacher)
    assert question.status == Question.Status.DRAFT


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"draft": "1"},
        {"decision": "accept"},
        {"draft": "abc", "decision": "accept"},
        {"draft": "1", "decision": "explode"},
    ],
)
def test_bad_decisions_are_400_and_change_nothing(as_user, teacher, document, data):
    drafts_propose(document=document, owner=teacher)
    response = as_user(teacher).post(reverse("draft_decide", args=[document.slug]), data)
    assert response.status_code == 400
    assert not Question.objects.exists()
    assert not Draft.objects.exclude(status=Draft.Status.PENDING).exists()


def test_another_teachers_draft_ids_are_404(as_user, teacher, other_teacher, document):
    drafts_propose(document=document, owner=teacher)
    mine = other_teacher_document = document_store(
        owner=other_teacher, extracted=Extracted("", TEXT), file_name="b.txt"
    ).document
    draft = Draft.objects.first()
    response = as_user(other_teacher).post(
        reverse("draft_decide", args=[mine.slug]), {"draft": draft.pk, "decision": "accept"}
    )
    assert response.status_code == 404
    assert other_teacher_document.drafts.count() == 0
    assert not Question.objects.exists()


def test_review_with_htmx_swaps_the_queue(as_user, teacher, document):
    drafts_propose(document=document, owner=teacher)
    client = as_user(teacher)
    url = reverse("draft_review", args=[document.slug])
    assert client.get(url).text.lstrip().lower().startswith("<!doctype")
    fragment = client.get(url, **HTMX)
    assert fragment.text.lstrip().startswith('<div id="queue">')
    draft = Draft.objects.first()
    swapped = client.post(
        reverse("draft_decide", args=[document.slug]),
        {"draft": draft.pk, "decision": "discard"},
        **HTMX,
    )
    assert swapped.status_code == 200 and f'id="draft-{draft.pk}"' not in swapped.text


def test_drafting_from_one_passage(as_user, teacher, document):
    passage = document.passages.get(text__contains="signed in Lisbon")
    client = as_user(teacher)
    client.post(reverse("drafts_propose", args=[document.slug]), {"passage": passage.position})
    assert set(Draft.objects.values_list("passage", flat=True)) == {passage.pk}
    runs = DraftingRun.objects.count()
    for wrong in ("x1", "999", "-1", "1" * 40):
        bad = client.post(reverse("drafts_propose", args=[document.slug]), {"passage": wrong})
        assert bad.status_code == 400
        # (an over-long number is refused by the hostile-input guard, before the view)
        assert "has no passage" in bad.text or "Nothing was saved" in bad.text
    assert DraftingRun.objects.count() == runs  # nothing queued


# --- Citing and coverage ---------------------------------------------------------------


def test_cite_this_checks_the_quote_and_opens_the_editor(as_user, teacher, document):
    passage = document.passages.get(text__contains="signed in Lisbon")
    client = as_user(teacher)
    url = reverse("document_passage", args=[document.slug, passage.position])
    refused = client.post(url, {"quote": "signed in Madrid"})
    assert refused.status_code == 400 and "word for word" in refused.text
    response = client.post(url, {"quote": "signed in Lisbon"})
    assert response.status_code == 302
    editor = client.get(response["Location"])
    assert editor.status_code == 200
    assert "signed in Lisbon" in editor.text and f'value="{passage.pk}"' in editor.text


def test_another_teacher_cannot_cite_a_private_passage(as_user, other_teacher, document):
    passage = document.passages.first()
    client = as_user(other_teacher)
    response = client.post(
        reverse("question_create"),
        {
            "type": "true_false",
            "prompt": "Was it signed?",
            "difficulty": "2",
            "choices-TOTAL_FORMS": "2",
            "choices-INITIAL_FORMS": "0",
            "choices-0-text": "True",
            "choices-0-is_correct": "on",
            "choices-1-text": "False",
            "cite-passage": str(passage.pk),
            "cite-quote": passage.text[:20],
            "op": "save_draft",
        },
    )
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_the_coverage_map_counts_questions_per_passage(as_user, teacher, document):
    passages = list(document.passages.all())
    QuestionFactory(author=teacher, citation=passages[0])
    QuestionFactory(author=teacher, citation=passages[0])
    response = as_user(teacher).get(reverse("my_document", args=[document.slug]))
    assert "2 questions" in response.text
    assert f"{len(passages) - 1} passages no question cites" in response.text


def test_staff_see_the_coverage_of_the_shipped_bank(as_user, staff):
    shipped = Document.objects.create(slug="seed", title="Seed", file_name="s.txt", text="x")
    Passage.objects.create(document=shipped, position=1, text="A passage.", start=0, end=10)
    assert as_user(staff).get(reverse("my_document", args=["seed"])).status_code == 200


@pytest.mark.parametrize("size", [2, 40])
def test_query_budgets_of_the_coverage_map_and_review_queue(
    as_user, teacher, django_assert_max_num_queries, size
):
    text = "\n".join(
        f"Event {i} happened in {1900 + i} when {i + 2} delegates met in Lisbon."
        for i in range(size)
    )
    document = document_store(
        owner=teacher, extracted=Extracted("Events", "Events\n" + text + "\n"), file_name="e.txt"
    ).document
    for passage in document.passages.all()[: size // 2]:
        QuestionFactory(author=teacher, citation=passage)
    drafts_propose(document=document, owner=teacher)
    assert Draft.objects.count() >= size
    client = as_user(teacher)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("my_document", args=[document.slug])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("draft_review", args=[document.slug])).status_code == 200
    with django_assert_max_num_queries(8):
        client.get(reverse("document_passage", args=[document.slug, 1]))


# --- Privacy of the document's own page ------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_private_document_is_not_open_to_all(request, as_user, teacher, document, role):
    client = as_user(user_for(role, request, teacher))
    response = client.get(reverse("document_detail", args=[document.slug]))
    assert response.status_code == (200 if role in ("owner", "staff") else 404)
    listing = client.get(reverse("document_list"))
    assert document.title not in listing.text


def test_a_student_reads_it_through_a_citation_they_may_read(as_user, teacher, student, document):
    passage = document.passages.get(text__contains="signed in Lisbon")
    question = QuestionFactory(author=teacher, citation=passage, status="published")
    citation = question.citations.get()
    citation.quote = "signed in Lisbon"
    citation.save()
    QuestionSetFactory(owner=teacher, questions=[question], mode="practice", reveal="immediately")
    response = as_user(student).get(citation.get_absolute_url(), follow=True)
    assert response.status_code == 200
    assert '<mark id="quote">signed in Lisbon</mark>' in response.text


# --- Coverage of a set's documents -------------------------------------------------------


SET_PAGE = {**PAGE, "other_teacher": 404}


@pytest.mark.parametrize("role", ROLES)
def test_set_coverage_permissions(request, as_user, teacher, document, role):
    question = QuestionFactory(author=teacher, citation=document.passages.first())
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    client = as_user(user_for(role, request, teacher))
    response = client.get(reverse("set_coverage", args=[question_set.slug]))
    assert response.status_code == SET_PAGE[role]
    if response.status_code == 200:
        assert document.title in response.text and "1 question" in response.text


@pytest.mark.parametrize("size", [1, 30])
def test_set_coverage_counts_the_sets_questions_only(
    as_user, teacher, document, django_assert_max_num_queries, size
):
    passages = list(document.passages.all())
    in_set = [QuestionFactory(author=teacher, citation=passages[0]) for _ in range(size)]
    QuestionFactory(author=teacher, citation=passages[1])  # cited, but not in the set
    question_set = QuestionSetFactory(owner=teacher, questions=in_set)
    client = as_user(teacher)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("set_coverage", args=[question_set.slug]))
    assert f"{size} question{'s' if size > 1 else ''}" in response.text
    assert f"{len(passages) - 1} of {len(passages)} passages" in response.text
    editor = client.get(reverse("set_edit", args=[question_set.slug]))
    assert reverse("set_coverage", args=[question_set.slug]) in editor.text
