import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.sources.models import Document
from tests.factories import (
    AttemptFactory,
    PassageFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    StudentFactory,
)

ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "staff"]


@pytest.fixture
def cited(db):
    passage = PassageFactory(text="NATO was established on April 4, 1949, in Washington.")
    PassageFactory(document=passage.document, text="Later passage.")
    return QuestionFactory(citation=passage).citations.get()


def user_for(role, request):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_sources_are_readable_by_everyone(role, request, as_user, cited):
    client = as_user(user_for(role, request))
    document = cited.passage.document
    assert client.get(reverse("document_list")).status_code == 200
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert f'id="{cited.passage.anchor}"' in response.text


@pytest.fixture
def client(client, cited):
    """Signed in as the cited question's author, who may read its citations."""
    client.force_login(cited.question.author)
    return client


def test_read_in_source_opens_the_passage_with_the_quote_highlighted(client, cited):
    response = client.get(cited.get_absolute_url(), follow=True)
    url, status = response.redirect_chain[-1]
    assert status == 302
    assert url.endswith(f"?quote={cited.public_id}#{cited.passage.anchor}")
    assert '<mark id="quote">April 4, 1949</mark>' in response.text
    assert response.text.count("<mark") == 1


def test_read_in_source_follows_a_document_to_its_current_version(client, cited):
    old = cited.passage.document
    old.is_current = False
    old.save()
    new = Document.objects.create(
        slug="new-version", title="New", file_name=old.file_name, version=2, text="x"
    )
    response = client.get(cited.get_absolute_url())
    assert response["Location"].startswith(new.get_absolute_url())


@pytest.mark.parametrize(
    "quote", ["abc", "-1", "99999999", "²", "", "00000000-0000-0000-0000-000000000000"]
)
def test_bad_quote_parameter_shows_the_document_without_highlight(client, cited, quote):
    response = client.get(cited.passage.document.get_absolute_url(), {"quote": quote})
    assert response.status_code == 200
    assert "<mark" not in response.text


def test_a_quote_id_beyond_64_bits_is_refused_with_a_way_back(client, cited):
    """The input boundary's rule (quizsite/boundary.py); the page is one link away."""
    url = cited.passage.document.get_absolute_url()
    response = client.get(url, {"quote": "1" * 5000})
    assert response.status_code == 400 and "too large" in response.text
    assert f'<a href="{url}">Open the page without them</a>' in response.text


def test_unknown_document_and_citation_are_404(client, db):
    assert client.get(reverse("document_detail", args=["nope"])).status_code == 404
    missing = "3f1d6a52-6a3c-4c5e-9d5e-5d6f0a1b2c3d"
    assert client.get(reverse("citation_in_source", args=[missing])).status_code == 404
    assert client.get(f"/citations/{424242}/").status_code == 404  # no pk addresses


def test_document_page_query_budget_holds_for_long_documents(
    client, cited, django_assert_max_num_queries
):
    document = cited.passage.document
    url = f"{document.get_absolute_url()}?quote={cited.public_id}"
    with django_assert_max_num_queries(4):
        client.get(url)
    for _ in range(200):
        PassageFactory(document=document)
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 60])
def test_read_in_source_query_budget_holds_for_a_student_with_many_attempts(
    as_user, django_assert_max_num_queries, size
):
    """A student reads the citation of an exam question they handed in: the check of who
    may read it is one query however many attempts and answers they have."""
    student = StudentFactory()
    questions = [QuestionFactory() for _ in range(size)]
    exam = QuestionSetFactory(questions=questions, mode="exam", reveal="after_submission")
    for _ in range(3):
        attempt = AttemptFactory(
            user=student,
            question_set=exam,
            status=Attempt.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for position, question in enumerate(questions):
            ResponseFactory(attempt=attempt, question=question, position=position)
    cited = questions[-1].citations.get()
    client = as_user(student)
    with django_assert_max_num_queries(3):
        response = client.get(cited.get_absolute_url())
    assert response.status_code == 302
    url = response["Location"]
    with django_assert_max_num_queries(5):
        assert '<mark id="quote">' in client.get(url).text


def test_sources_page_shows_titles_and_a_human_version_line(client, cited):
    document = cited.passage.document
    document.file_name = "002_6becb5f33221e147.txt"
    document.save()
    added = document.ingested_at.strftime("%-d %b %Y")
    listing = client.get(reverse("document_list")).text
    assert document.title in listing
    assert f"version 1 · added {added}" in listing
    assert "002_6becb5f33221e147" not in listing
    page = client.get(document.get_absolute_url()).text
    assert f"Version 1 · added {added}" in page and "002_6becb5f33221e147" not in page
