"""The result page's review: each question's outcome, share of the mark, answer and links.

The rows are worked out in attempts.selectors.attempt_review (result.html only prints them);
this pins what a student reads there.
"""

import re

import pytest
from django.urls import reverse

from quizzes.attempts import services
from quizzes.questions.models import Citation, QuestionSet
from tests.attempts.helpers import snapshot_at

pytestmark = pytest.mark.django_db


def review_items(page: str) -> list[str]:
    """The text of each question's <li> in the review, whitespace collapsed."""
    review = page.split('<ol class="review">', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li>\s*<h3>.*?</h3>.*?(?=<li>\s*<h3>|\Z)", review, re.S)
    return [re.sub(r"\s+", " ", item) for item in items]


def test_review_shows_each_outcome_with_its_share_of_the_mark(as_user, student, make_set):
    qs = make_set(
        ["single_choice", "multiple_answer", "single_choice", "single_choice"],
        mode=QuestionSet.Mode.EXAM,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
    )
    attempt = services.attempt_start(user=student, question_set=qs)

    def choices(index, correct):
        return [c["id"] for c in snapshot_at(attempt, index)["choices"] if c["correct"] is correct]

    given = {
        0: {"choice": choices(0, True)[0]},
        1: {"choices": choices(1, True)[:1]},  # one of the two right options
        2: {"choice": choices(2, False)[0]},
    }  # question 4 left unanswered
    for position, answer in given.items():
        services.attempt_answer(attempt=attempt, user=student, position=position, answer=answer)
    services.attempt_submit(attempt=attempt, user=student)
    partly = round(attempt.responses.get(position=1).score * 100)
    assert 0 < partly < 100

    page = as_user(student).get(reverse("attempt_result", args=[attempt.pk])).text
    right, part, wrong, blank = review_items(page)
    icon = '<span aria-hidden="true">{}</span>'.format
    assert f'<p class="correct">{icon("✓")} Correct · 100% of the mark</p>' in right
    assert f'<p class="partly">{icon("◐")} Partly right · {partly}% of the mark</p>' in part
    assert f'<p class="incorrect">{icon("✗")} Wrong · 0% of the mark</p>' in wrong
    assert f'<p class="incorrect">{icon("✗")} Not answered · 0% of the mark</p>' in blank
    assert "Your answer:" in right and "Your answer:" not in blank
    assert "<li>1955</li>" in wrong  # the answer given, then the right one
    assert 'Correct answer:</strong></p><ul class="answer-lines"><li>1949</li>' in wrong
    assert '<p class="explanation">The treaty was signed in Washington' in blank
    for index, item in enumerate((right, part, wrong, blank)):
        citation = Citation.objects.get(question_id=attempt.question_ids[index])
        url = reverse("citation_in_source", args=[citation.public_id])
        assert f'<p><a href="{url}">Read in source</a></p>' in item
