"""Cached report figures (reports.caching): a repeated visit is served from the cache, and
any new data -- an answer, a submission, a deleted attempt, a new day, an edited question --
shows at once. The student answers through the player's own views, as in a browser."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.attempts.models import Attempt
from quizzes.questions.models import Choice, QuestionSet, QuestionType
from quizzes.questions.services import question_version_publish, set_item_add
from quizzes.reports.progress_selectors import student_mastery
from tests.attempts.helpers import answer_post, answer_url
from tests.factories import (
    AttemptFactory,
    ResponseFactory,
    StudentFactory,
    TopicFactory,
    make_question,
)
from tests.factories import QuestionSetFactory as SetFactory

pytestmark = pytest.mark.django_db


def mastery_sums_ran(queries) -> bool:
    """The query that reads every answer for mastery (its age weight is the only POWER)."""
    return any("POWER(" in q["sql"] for q in queries)


def item_figures_ran(queries) -> bool:
    """The query that reads every response of the set (the only window sum)."""
    return any("PARTITION BY" in q["sql"] for q in queries)


def mastery_section(page: str) -> str:
    return page.split('aria-labelledby="mastery-caption"', 1)[1].split("</section>", 1)[0]


def get(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url, params)
    assert page.status_code == 200
    return page.text, ctx.captured_queries


def take_quiz(client, question_set, *, correct, submit=True):
    """Start (or resume) the set, answer its questions in order right or wrong (a list,
    one per question) and hand in, with the player's POSTs."""
    client.post(reverse("attempt_start", args=[question_set.slug]))
    attempt = Attempt.objects.filter(question_set=question_set).order_by("-pk").first()
    for index, right in enumerate(correct):
        response = client.post(
            answer_url(attempt),
            answer_post(attempt, index, correct=right),
        )
        assert response.status_code in (200, 302)
    if submit:
        client.post(reverse("attempt_submit", args=[attempt.pk]))
        attempt.refresh_from_db()
        assert attempt.status == Attempt.Status.SUBMITTED
    return attempt


@pytest.fixture
def practice(teacher):
    """A practice set of two single-choice questions on one topic."""
    topic = TopicFactory(name="Enlargement")
    questions = [make_question(QuestionType.SINGLE_CHOICE, author=teacher) for _ in range(2)]
    for question in questions:
        question.topics.add(topic)
    return SetFactory(
        owner=teacher, questions=questions, mode=QuestionSet.Mode.PRACTICE, shuffle_options=False
    )


# --- My progress -------------------------------------------------------------------------------


def test_my_progress_changes_with_each_answer_and_submission(as_user, student, practice):
    client = as_user(student)
    take_quiz(client, practice, correct=[True])  # the second question left unanswered
    url = reverse("my_progress")

    page, first = get(client, url)
    assert "Enlargement" in page and "100% · 1 answer to 1 question" in page
    assert mastery_sums_ran(first)

    again, second = get(client, url)
    assert not mastery_sums_ran(second), "a repeated visit recomputed mastery"
    assert len(second) == len(first) - 1
    assert mastery_section(again) == mastery_section(page)

    # A wrong answer in a quiz still open: a weak spot at once; mastery counts submitted
    # attempts only, so it stays as it was (served from the cache).
    attempt = take_quiz(client, practice, correct=[False], submit=False)
    page, queries = get(client, url)
    assert "Nothing answered wrongly lately." not in page and "1 of 2" in page
    assert "100% · 1 answer to 1 question" in page
    assert not mastery_sums_ran(queries)

    # Handing it in: mastery is recomputed with the new answer.
    client.post(reverse("attempt_submit", args=[attempt.pk]))
    page, queries = get(client, url)
    assert mastery_sums_ran(queries)
    assert "50% · 2 answers to 1 question" in page

    # And a third attempt, both questions answered.
    take_quiz(client, practice, correct=[True, False])
    page, queries = get(client, url)
    assert mastery_sums_ran(queries)
    assert "50% · 4 answers to 2 questions" in page


def test_my_progress_cache_is_per_student(as_user, student, practice):
    take_quiz(as_user(student), practice, correct=[True, True])
    other = StudentFactory()
    take_quiz(as_user(other), practice, correct=[False, False])
    assert "100% · 2 answers to 2 questions" in as_user(student).get(reverse("my_progress")).text
    page = as_user(other).get(reverse("my_progress")).text
    assert "0% · 2 answers to 2 questions" in page and "100% ·" not in page


def test_my_progress_after_an_attempt_is_deleted(as_user, student, practice):
    client = as_user(student)
    take_quiz(client, practice, correct=[True, True])
    wrong = take_quiz(client, practice, correct=[False, False])
    assert "50% · 4 answers to 2 questions" in get(client, reverse("my_progress"))[0]
    wrong.delete()  # e.g. a teacher deleted the set's attempts, or the admin one attempt
    page, queries = get(client, reverse("my_progress"))
    assert mastery_sums_ran(queries)
    assert "100% · 2 answers to 2 questions" in page


def test_mastery_is_recomputed_on_a_new_day(student, practice):
    """The weights age by whole UTC days, so a cached figure is only good for its day."""
    day = datetime(2026, 6, 15, 23, 0, tzinfo=UTC)
    attempt = AttemptFactory(
        user=student, question_set=practice, status=Attempt.Status.SUBMITTED, submitted_at=day
    )
    for position, question in enumerate(practice.items.all()):
        ResponseFactory(attempt=attempt, question=question.question, position=position)

    def mastery(now):
        with CaptureQueriesContext(connection) as ctx:
            figures = student_mastery(user=student, now=now)
        return figures, mastery_sums_ran(ctx.captured_queries)

    first, ran = mastery(day)
    assert ran
    assert mastery(day + timedelta(minutes=59)) == (first, False)  # still 15 June (UTC)
    assert mastery(day + timedelta(hours=1))[1]  # 16 June: computed again


# --- Item analysis -----------------------------------------------------------------------------


@pytest.fixture
def analysed(teacher):
    """An exam set: a single-choice and a multiple-answer question."""
    questions = [
        make_question(QuestionType.SINGLE_CHOICE, author=teacher, prompt="Founding year?"),
        make_question(QuestionType.MULTIPLE_ANSWER, author=teacher, prompt="Members?"),
    ]
    return SetFactory(
        owner=teacher,
        questions=questions,
        mode=QuestionSet.Mode.EXAM,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
        shuffle_options=False,
    )


def responses_cell(page: str, prompt: str) -> str:
    """The Responses column's count in the row whose question starts with `prompt` (the
    cell may add a note that they are fewer than 30)."""
    row = page.split(prompt, 1)[1].split("</tr>", 1)[0]
    return row.split("<td>", 2)[1].split("</td>", 1)[0].split("<br>", 1)[0]


def test_item_analysis_changes_with_each_submission(as_user, teacher, analysed):
    url = reverse("item_analysis", args=[analysed.slug])
    take_quiz(as_user(StudentFactory()), analysed, correct=[True, True])

    page, first = get(as_user(teacher), url)
    assert item_figures_ran(first)
    assert responses_cell(page, "Founding year?") == "1"

    again, second = get(as_user(teacher), url)
    assert not item_figures_ran(second), "a repeated visit recomputed the figures"
    assert len(second) == len(first) - 2  # the responses' pass and the attempts' draws
    assert responses_cell(again, "Founding year?") == "1"

    # An answer in an attempt still open does not count; its submission does, at once.
    student = StudentFactory()
    attempt = take_quiz(as_user(student), analysed, correct=[False, True], submit=False)
    page, queries = get(as_user(teacher), url)
    assert responses_cell(page, "Founding year?") == "1" and not item_figures_ran(queries)
    as_user(student).post(reverse("attempt_submit", args=[attempt.pk]))
    page, queries = get(as_user(teacher), url)
    assert item_figures_ran(queries)
    assert responses_cell(page, "Founding year?") == "2"
    assert responses_cell(page, "Members?") == "2"
    assert "Very easy" not in page.split("Founding year?", 1)[1].split("</tr>", 1)[0]


def test_item_analysis_shows_an_edited_option_at_once(as_user, teacher, analysed):
    take_quiz(as_user(StudentFactory()), analysed, correct=[True, True])
    url = reverse("item_analysis", args=[analysed.slug])
    question = analysed.items.order_by("position").first().question
    right = question.choices.get(is_correct=True)
    assert (
        f'{right.text} <span class="correct">(correct)</span>: 1' in as_user(teacher).get(url).text
    )

    Choice.objects.filter(pk=right.pk).update(text="In 1949")
    question_version_publish(question=question)  # what the editor does on save
    page, queries = get(as_user(teacher), url)
    assert not item_figures_ran(queries)  # same answers: the counts come from the cache
    assert 'In 1949 <span class="correct">(correct)</span>: 1' in page


def test_item_analysis_after_a_question_is_added_or_an_attempt_deleted(as_user, teacher, analysed):
    url = reverse("item_analysis", args=[analysed.slug])
    first = take_quiz(as_user(StudentFactory()), analysed, correct=[True, True])
    take_quiz(as_user(StudentFactory()), analysed, correct=[False, True])
    assert responses_cell(as_user(teacher).get(url).text, "Founding year?") == "2"

    added = make_question(QuestionType.TRUE_FALSE, author=teacher, prompt="Still going?")
    set_item_add(question_set=analysed, question=added)
    page, queries = get(as_user(teacher), url)
    assert item_figures_ran(queries)  # a new choice question: options grouped for it too
    assert responses_cell(page, "Still going?") == "0"

    first.delete()
    page, queries = get(as_user(teacher), url)
    assert item_figures_ran(queries)
    assert responses_cell(page, "Founding year?") == "1"
