"""What an attempt fixes when it starts: the pass mark it is judged against, and the
version of each question it shows and grades. A teacher's later change to the set or a
question never silently changes a running attempt's grading or a past result."""

import re

import pytest
from django.urls import reverse

from quizzes.attempts import services
from quizzes.questions.models import Choice, QuestionSet, QuestionType
from quizzes.questions.services import question_save, question_set_update
from tests.attempts.conftest import ALL_TYPES
from tests.attempts.helpers import answer_post, answer_url, snapshot_at
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def result_facts(client, attempt) -> str:
    page = client.get(reverse("attempt_result", args=[attempt.pk])).text
    facts = page.split('<dl class="facts result-facts">', 1)[1].split("</dl>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", facts))


def answer(client, attempt, index, *, correct=True):
    response = client.post(
        answer_url(attempt),
        answer_post(attempt, index, correct=correct),
    )
    assert response.status_code == 302, response.text


def submit(client, attempt):
    client.post(reverse("attempt_submit", args=[attempt.pk]))
    attempt.refresh_from_db()


# --- Pass mark -----------------------------------------------------------------------------


def test_a_running_attempt_is_judged_against_the_pass_mark_it_started_with(
    as_user, student, make_set
):
    qs = make_set(["single_choice"] * 4, pass_mark=60)
    attempt = services.attempt_start(user=student, question_set=qs)
    assert attempt.pass_mark == 60
    client = as_user(student)
    for index in range(3):
        answer(client, attempt, index)
    # The teacher raises the pass mark while the student is still answering.
    question_set_update(question_set=qs, fields={"pass_mark": 80})
    submit(client, attempt)
    assert attempt.percent == 75 and attempt.passed is True
    assert "Passed (pass mark 60%)" in result_facts(client, attempt)
    # A new attempt takes the new pass mark: the same 75% no longer passes.
    second = services.attempt_start(user=student, question_set=qs)
    assert second.pass_mark == 80
    for index in range(3):
        answer(client, second, index)
    submit(client, second)
    assert second.percent == 75 and second.passed is False
    assert "Not passed (pass mark 80%)" in result_facts(client, second)


def test_changing_the_pass_mark_later_leaves_past_results_as_given(
    as_user, student, teacher, make_set
):
    qs = make_set(["single_choice"] * 2, pass_mark=50)
    attempt = services.attempt_start(user=student, question_set=qs)
    client = as_user(student)
    answer(client, attempt, 0)
    submit(client, attempt)
    assert attempt.passed is True
    question_set_update(question_set=qs, fields={"pass_mark": 90})
    for viewer in (student, teacher):
        assert "Passed (pass mark 50%)" in result_facts(as_user(viewer), attempt)
    set_page = as_user(student).get(qs.get_absolute_url()).text
    assert "Not passed" not in set_page and "Passed" in set_page


# --- Questions edited or retyped mid-attempt ---------------------------------------------


def retype(question) -> None:
    """The teacher turns the question into another type with a new answer key and prompt,
    through the editor's service (a new version; the old one stays)."""
    if question.type == QuestionType.SINGLE_CHOICE:
        kind, rows = QuestionType.TRUE_FALSE, [("True", False), ("False", True)]
    else:
        kind, rows = QuestionType.SINGLE_CHOICE, [("Rewritten right", True), ("Other", False)]
    question_save(
        question=question,
        author=question.author,
        fields={"type": kind, "prompt": f"Rewritten as {kind}", "explanation": "New."}
        | {"no_source": True},  # publishing needs a citation or this, and a topic
        topics=[TopicFactory()],
        choices=[Choice(text=text, is_correct=correct) for text, correct in rows],
        citation=None,
        publish=True,
    )


def edit_key(question) -> None:
    """Same type, the answer key changed: every accepted answer replaced or its correctness
    flipped (the old right answer now scores nothing)."""
    choices = list(question.choices.all())
    if question.type in {QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE}:
        for choice in choices:
            choice.is_correct = not choice.is_correct if len(choices) == 2 else choice.is_correct
        if len(choices) > 2:
            choices[0].is_correct, choices[1].is_correct = False, True
    elif question.type == QuestionType.MULTIPLE_ANSWER:
        for choice in choices:
            choice.is_correct = not choice.is_correct
    elif question.type == QuestionType.ORDERING:
        choices.reverse()
    elif question.type == QuestionType.MATCHING:
        matches = [c.match_text for c in choices]
        for choice, match in zip(choices, matches[1:] + matches[:1], strict=True):
            choice.match_text = match
    elif question.type == QuestionType.NUMERIC:
        question.numeric_value += 10
    else:  # short answer, fill in the blank: the accepted texts change
        for choice in choices:
            choice.text = f"changed {choice.text}"
    question_save(
        question=question,
        author=question.author,
        fields={"prompt": question.prompt, "numeric_value": question.numeric_value}
        | {"no_source": True},  # publishing needs a citation or this, and a topic
        topics=[TopicFactory()],
        choices=choices,
        citation=None,
        publish=True,
    )


@pytest.mark.parametrize("mode", [QuestionSet.Mode.PRACTICE, QuestionSet.Mode.EXAM])
@pytest.mark.parametrize("when", ["answered_before", "answered_after"])
@pytest.mark.parametrize("edit", [retype, edit_key], ids=["retyped", "key_edited"])
@pytest.mark.parametrize("kind", ALL_TYPES)
def test_editing_a_question_mid_attempt_never_changes_its_grading_or_result(
    as_user, student, make_set, kind, edit, when, mode
):
    """Whatever the type and the edit, answered before or after it: the attempt shows and
    grades the version it pinned, its score stands after further edits, and only a new
    attempt gets the new version."""
    qs = make_set([kind, "single_choice"], mode=mode, reveal=QuestionSet.Reveal.AFTER_SUBMISSION)
    attempt = services.attempt_start(user=student, question_set=qs)
    pinned = dict(attempt.versions)
    original = snapshot_at(attempt, 0)
    question = qs.items.get(position=0).question
    client = as_user(student)
    if when == "answered_before":
        answer(client, attempt, 0)
        edit(question)
    else:
        edit(question)
        screen = client.get(reverse("attempt_play", args=[attempt.pk]) + "?q=1").text
        assert original["prompt"].split("{")[0].strip() in screen
        answer(client, attempt, 0)
    answer(client, attempt, 1, correct=False)
    question.refresh_from_db()
    assert question.current_version_id != pinned[str(question.pk)]
    submit(client, attempt)
    response = attempt.responses.get(position=0)
    assert response.question_version_id == pinned[str(question.pk)]
    assert (response.score, attempt.score, attempt.percent) == (1.0, 1.0, 50.0)
    facts = result_facts(client, attempt)
    assert "1 of 2" in facts and "50%" in facts

    edit(question)  # a further edit after submission changes nothing either
    attempt.refresh_from_db()
    assert (attempt.score, attempt.percent, attempt.passed) == (1.0, 50.0, False)
    assert attempt.versions == pinned
    assert result_facts(client, attempt) == facts
    review = re.sub(r"\s+", " ", client.get(reverse("attempt_result", args=[attempt.pk])).text)
    assert "Correct · 100% of the mark" in review
    assert "Rewritten as" not in review

    latest = services.attempt_start(user=student, question_set=qs)
    assert latest.versions[str(question.pk)] == question.current_version_id
