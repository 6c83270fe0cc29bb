"""Practice feedback marked in place: each option, ordering item, matching pair and blank
says right or wrong with an icon and a word; partial credit in words and percent; the
correct answer only when the answer was not fully right, and only when revealed."""

import re

import pytest
from django.urls import reverse

from quizzes.attempts import services
from quizzes.questions.models import QuestionSet
from tests.attempts.conftest import ALL_TYPES
from tests.attempts.helpers import answer_post, answer_url, snapshot_at
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def answered(client, student, question_set, *, correct=True, htmx=True, **post):
    attempt = services.attempt_start(user=student, question_set=question_set)
    data = {**answer_post(attempt, 0, correct=correct), **post}
    if htmx:
        response = client.post(answer_url(attempt), data, **HTMX)
        assert response.status_code == 200
        return attempt, response.text
    response = client.post(answer_url(attempt), data)
    assert response.status_code == 302
    return attempt, client.get(response.url).text


def heading(page: str) -> str:
    match = re.search(r'<h3 data-autofocus tabindex="-1" class="([^"]+)">(.*?)</h3>', page, re.S)
    assert match, "no feedback heading"
    text = " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())
    return f"{match.group(1)} | {text}"


def marks(page: str) -> list[str]:
    """Every mark as "state: icon word", in page order."""
    found = re.findall(
        r'<span class="mark mark-(\w+)"><span aria-hidden="true">(.)</span> ([^<]+)</span>', page
    )
    return [f"{state}: {icon} {word.strip()}" for state, icon, word in found]


@pytest.mark.parametrize("kind", ALL_TYPES)
def test_a_right_answer_is_marked_right_without_the_correct_answer(
    as_user, student, make_set, kind
):
    _, page = answered(as_user(student), student, make_set([kind]))
    assert heading(page) == "feedback-state feedback-right | ✓ Correct"
    assert marks(page), "nothing marked in place"
    assert all(mark.startswith("right: ✓ ") for mark in marks(page))
    assert "Correct answer" not in page


@pytest.mark.parametrize("kind", ALL_TYPES)
def test_a_wrong_answer_is_marked_with_the_correct_answer(as_user, student, make_set, kind):
    _, page = answered(as_user(student), student, make_set([kind]), correct=False)
    assert heading(page) == "feedback-state feedback-wrong | ✗ Not quite"
    assert any(mark.startswith("wrong: ✗ ") for mark in marks(page))
    assert "Correct answer" in page


def test_single_choice_marks_the_chosen_and_the_correct_option(as_user, student, make_set):
    _, page = answered(as_user(student), student, make_set(["single_choice"]), correct=False)
    tiles = re.findall(r'<label class="option([^"]*)"[^>]*>(.*?)</label>', page, re.S)
    by_text = {re.search(r'option-text">([^<]+)', body).group(1): cls for cls, body in tiles}
    assert by_text == {"1949": " marked-missed", "1955": " marked-wrong", "1961": ""}
    assert marks(page) == ["missed: → Correct answer", "wrong: ✗ Your answer"]


def test_partial_credit_is_amber_with_its_percent(as_user, student, make_set):
    question_set = make_set(["multiple_answer"])
    attempt = services.attempt_start(user=student, question_set=question_set)
    belgium = next(c["id"] for c in snapshot_at(attempt, 0)["choices"] if c["text"] == "Belgium")
    response = as_user(student).post(answer_url(attempt), {"q": "1", "choices": [belgium]}, **HTMX)
    page = response.text
    assert heading(page) == "feedback-state feedback-partly | ◐ Partly right, 50%"
    assert marks(page) == ["right: ✓ Correct", "missed: → Correct answer"]


def test_kept_back_answers_mark_parts_only_as_given(as_user, student, make_set):
    """Reveal after submission: a partly right multiple answer says which options were
    chosen, not which of them were right (that would give the key option by option)."""
    question_set = make_set(["multiple_answer"], reveal=QuestionSet.Reveal.AFTER_SUBMISSION)
    attempt = services.attempt_start(user=student, question_set=question_set)
    chosen = [
        c["id"] for c in snapshot_at(attempt, 0)["choices"] if c["text"] in {"Belgium", "Sweden"}
    ]
    page = as_user(student).post(answer_url(attempt), {"q": "1", "choices": chosen}, **HTMX).text
    assert "Partly right" not in page and "Not quite" in page  # 1/2 − 1/2 = 0
    assert marks(page) == ["given: • Your answer", "given: • Your answer"]
    assert "Correct answer" not in page and "correct answers are shown later" in page


def test_kept_back_ordering_marks_no_item(as_user, student, make_set):
    question_set = make_set(["ordering"], reveal=QuestionSet.Reveal.AFTER_SUBMISSION)
    _, page = answered(as_user(student), student, question_set, correct=False)
    assert marks(page) == [] and "Belongs at" not in page and "correct-order" not in page


def test_ordering_rows_marked_and_the_right_order_numbered_once(as_user, student, make_set):
    _, page = answered(as_user(student), student, make_set(["ordering"]), correct=False)
    # Reversed: the middle item is in its place, the outer two are not.
    assert marks(page) == ["wrong: ✗ Belongs at 3", "right: ✓ Right place", "wrong: ✗ Belongs at 1"]
    order = page.split('<ol class="answer-lines correct-order">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<li>([^<]+)</li>", order) == [
        "NATO founded",
        "KFOR established",
        "Finland joins",
    ]  # the list numbers them: no "1. " in the text
    assert "Move up" not in page  # the moves go once the answer is given


def test_matching_rows_show_the_expected_match(as_user, student, make_set):
    _, page = answered(as_user(student), student, make_set(["matching"]), correct=False)
    assert marks(page).count("wrong: ✗ Your answer") == 3
    for year in ("1999", "2001", "2011"):
        assert f"Correct answer: {year}</span>" in page


def test_fill_blank_shows_the_accepted_answer_at_the_blank(as_user, student, make_set):
    _, page = answered(as_user(student), student, make_set(["fill_blank"]), correct=False)
    assert 'value="wrong">' in page
    assert marks(page)[0] == "wrong: ✗ Your answer"
    assert "Correct answer: 1949</span>" in page


@pytest.mark.parametrize(
    "kind, given", [("short_answer", "nothing like it"), ("numeric", "-12345")]
)
def test_typed_answers_show_the_given_against_the_accepted(as_user, student, make_set, kind, given):
    _, page = answered(as_user(student), student, make_set([kind]), correct=False)
    line = re.search(r'<p class="given-answer">(.*?)</p>', page, re.S).group(1)
    assert f"<strong>Your answer:</strong> {given}" in line and "✗" in line
    accepted = page.split("<strong>Correct answer:</strong>", 1)[1].split("</ul>", 1)[0]
    assert ("Washington Treaty" if kind == "short_answer" else "1949") in accepted


def test_the_question_before_its_answer_carries_no_mark(as_user, student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set(["single_choice"]))
    page = as_user(student).get(reverse("attempt_play", args=[attempt.pk])).text
    assert 'class="mark' not in page and "marked-" not in page


def test_full_page_without_javascript_has_the_same_marks(as_user, student, make_set):
    _, page = answered(
        as_user(student), student, make_set(["single_choice"]), correct=False, htmx=False
    )
    assert "<html" in page
    assert marks(page) == ["missed: → Correct answer", "wrong: ✗ Your answer"]
    # Announced and focused: the heading is in the live region and takes the focus.
    region = page.split('<div class="feedback" aria-live="polite">', 1)[1]
    assert region.lstrip().startswith("<h3 data-autofocus")
