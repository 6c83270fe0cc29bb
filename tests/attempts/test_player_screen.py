"""What a question screen draws (issue 24): options as tiles whose whole row is the target,
the key hints only for the script that listens for them, and a numeric hint that names the
format, never a value."""

import re

import pytest
from django.urls import reverse

from quizzes.attempts import services
from tests.attempts.helpers import answer_url, snapshot_at
from tests.conftest import HTMX
from tests.factories import make_question

pytestmark = pytest.mark.django_db


def screen(client, attempt, q=1, **headers):
    response = client.get(f"{reverse('attempt_play', args=[attempt.pk])}?q={q}", **headers)
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize(
    ("kind", "input_type"),
    [("single_choice", "radio"), ("true_false", "radio"), ("multiple_answer", "checkbox")],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_each_option_is_a_label_wrapping_its_input(
    as_user, student, make_set, kind, input_type, headers
):
    attempt = services.attempt_start(user=student, question_set=make_set([kind]))
    html = screen(as_user(student), attempt, **headers)
    tiles = re.findall(r'<label class="option" for="opt-([^"]+)">(.*?)</label>', html, re.S)
    choices = snapshot_at(attempt, 0)["choices"]
    assert len(tiles) == len(choices)
    for number, (option_id, inner) in enumerate(tiles, 1):
        # The input inside its label: a tap anywhere on the row chooses it.
        assert re.search(rf'<input type="{input_type}"[^>]*id="opt-{option_id}"', inner)
        text = re.search(r'<span class="option-text">(.*?)</span>', inner)[1]
        assert text in {c["text"] for c in choices}
        # Its key, for the script to show: hidden without it, and no text of the label's
        # (CSS draws the number from data-key): the option's name is its text alone.
        key = re.search(r'<kbd ([^>]*)data-key="(\d)"([^>]*)></kbd>', inner)
        assert key[2] == str(number)
        assert "hidden" in key[3] and 'aria-hidden="true"' in key[3]
        assert re.sub(r"<[^>]+>", "", inner).strip() == text
    hint = re.search(r"<p ([^>]*)>Keys: 1–(\d) to choose, Enter to check\.</p>", html)
    assert hint and "hidden" in hint[1] and hint[2] == str(len(choices))


def test_past_nine_options_only_the_first_nine_have_keys(as_user, student, make_set):
    rows = [{"text": f"Option {n}", "is_correct": n == 1} for n in range(1, 12)]
    question = make_question("single_choice", choices=rows)
    question_set = make_set([])
    question_set.items.create(question=question, position=0)
    attempt = services.attempt_start(user=student, question_set=question_set)
    html = screen(as_user(student), attempt)
    assert len(re.findall(r'<label class="option"', html)) == 11
    assert re.findall(r'<kbd [^>]*data-key="(\d+)"', html) == [str(n) for n in range(1, 10)]
    assert "Keys: 1–9 to choose" in html


def test_an_exam_says_enter_saves(as_user, student, make_set):
    question_set = make_set(["single_choice"], mode="exam")
    attempt = services.attempt_start(user=student, question_set=question_set)
    assert "Enter to save." in screen(as_user(student), attempt)


def test_the_feedback_screen_keeps_the_tiles_disabled(as_user, student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set(["single_choice"]))
    client = as_user(student)
    choice = snapshot_at(attempt, 0)["choices"][0]["id"]
    client.post(answer_url(attempt), {"q": "1", "choice": choice})
    html = screen(client, attempt)
    assert re.search(r'<fieldset class="widget widget-single_choice"[^>]*disabled', html)
    assert re.search(rf'<input type="radio"[^>]*value="{choice}" checked>', html)

