"""The input boundary (quizsite/boundary.py): NUL characters and integers beyond 64 bits are
refused with a 400 and a message before any view runs, and nothing is saved.

These run on both databases; on PostgreSQL a NUL reaching a text column was a 500, on
SQLite an integer beyond 64 bits reaching a query was one (OverflowError)."""

import pytest
from django.urls import reverse

from quizsite.boundary import LARGEST, _too_large
from quizzes.attempts.models import Attempt, Response
from quizzes.attempts.services import attempt_start
from quizzes.questions.models import Question, QuestionSet
from tests.attempts.helpers import answer_post, answer_url
from tests.conftest import HTMX
from tests.factories import QuestionFactory, QuestionSetFactory, TopicFactory, make_question
from tests.questions.test_authoring import editor_data

pytestmark = pytest.mark.django_db

HUGE = str(2**63)


def started(student, teacher, kind):
    question_set = QuestionSetFactory(
        owner=teacher, questions=[make_question(kind, author=teacher)], shuffle_options=False
    )
    return attempt_start(user=student, question_set=question_set)


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [("short_answer", "text", "\x00"), ("fill_blank", "blank-1", "a\x00b")],
)
@pytest.mark.parametrize("extra", [{}, HTMX])
def test_a_nul_in_an_answer_is_refused_and_not_saved(
    as_user, student, teacher, kind, field, value, extra
):
    attempt = started(student, teacher, kind)
    data = {**answer_post(attempt, 0), field: value}
    response = as_user(student).post(answer_url(attempt), data, **extra)
    assert response.status_code == 400
    assert "NUL character" in response.text and "Nothing was saved" in response.text
    assert "Request refused" in response.text
    assert ("<html" in response.text) is (not extra)  # htmx gets the message alone
    assert not Response.objects.filter(attempt=attempt).exists()
    # The same answer without the NUL is saved: the rule refuses only what it names.
    good = as_user(student).post(answer_url(attempt), answer_post(attempt, 0))
    assert good.status_code in (200, 302) and Response.objects.filter(attempt=attempt).exists()


@pytest.mark.parametrize("user", [None, "student", "teacher"])
def test_a_nul_in_the_address_is_a_400(request, as_user, user):
    client = as_user(request.getfixturevalue(user) if user else None)
    assert client.get("/invites/%00/").status_code == 400
    assert client.get("/sources/?q=%00").status_code in (302, 400)  # sign-in first
    assert client.get("/sources/%00/").status_code == 404  # not a slug: no page has it


@pytest.mark.parametrize("name", ["question_create", "question_preview", "question_edit"])
@pytest.mark.parametrize("topics", [HUGE, f"-{2**63 + 1}", "9" * 400, f" {2**64:_} "])
def test_a_topic_id_beyond_64_bits_is_refused(as_user, teacher, name, topics):
    topic = TopicFactory()
    mine = QuestionFactory(author=teacher, prompt="Kept as it was")
    args = [mine.pk] if name == "question_edit" else []
    before = Question.objects.count()
    response = as_user(teacher).post(
        reverse(name, args=args), editor_data(topics=[topic.pk, topics])
    )
    assert response.status_code == 400
    assert "too large" in response.text and f"{LARGEST:,}" in response.text
    assert Question.objects.count() == before
    mine.refresh_from_db()
    assert mine.prompt == "Kept as it was" and not mine.topics.exists()


def test_a_query_parameter_beyond_64_bits_is_refused(as_user, teacher):
    response = as_user(teacher).get(reverse("workspace"), {"page": HUGE}, **HTMX)
    assert response.status_code == 400 and "too large" in response.text
    assert "<html" not in response.text  # htmx gets the message as a fragment


def test_a_forged_post_is_still_a_csrf_403_and_an_unknown_address_a_404(client, student):
    client.force_login(student)
    client.handler.enforce_csrf_checks = True
    assert client.post(reverse("join_class"), {"code": "\x00"}).status_code == 403
    assert client.get("/no-such-page/%00/").status_code == 404


def test_the_rule_reads_integers_as_python_and_django_do():
    assert not _too_large(str(LARGEST)) and not _too_large(str(-LARGEST - 1))
    assert _too_large(str(LARGEST + 1)) and _too_large(str(-LARGEST - 2))
    assert _too_large(f"{LARGEST + 1}.000") and _too_large(f"+{LARGEST + 1}")
    assert _too_large("٩" * 20)  # Arabic-Indic digits, which int() reads
    assert _too_large("1" * 5000)  # more digits than int() converts
    assert not _too_large("0" * 30 + "1")
    # Text that merely contains long numbers is an answer, not an integer parameter.
    assert not _too_large(f"about {LARGEST + 1}") and not _too_large("1e400")
    assert not _too_large("12345678901234567890.5")


def test_ordinary_answers_and_forms_pass(as_user, student, teacher):
    attempt = started(student, teacher, "short_answer")
    data = {**answer_post(attempt, 0), "text": f"about {HUGE} words"}
    response = as_user(student).post(answer_url(attempt), data)
    assert response.status_code in (200, 302)
    assert Attempt.objects.get(pk=attempt.pk).responses.count() == 1
    assert QuestionSet.objects.exists()
