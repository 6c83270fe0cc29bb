"""What a question screen draws (issue 24): options as tiles whose whole row is the target,
the key hints only for the script that listens for them, and a numeric hint that names the
format, never a value."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.attempts import services
from quizzes.attempts.models import Response
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


# --- The numeric hint --------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["", "%"])
def test_the_numeric_hint_names_the_format_and_no_value(as_user, student, make_set, unit):
    """ "such as 1949 or 2.5" answered "In which year was NATO established?"."""
    question = make_question(
        "numeric",
        prompt="In which year was NATO established?",
        numeric_value=Decimal("1949"),
        unit=unit,
    )
    question_set = make_set([])
    question_set.items.create(question=question, position=0)
    attempt = services.attempt_start(user=student, question_set=question_set)
    client = as_user(student)
    html = screen(client, attempt)
    hint = re.search(r'<p class="hint" id="answer-value-hint">(.*?)</p>', html)[1]
    assert hint.startswith("A number in digits")
    assert not re.search(r"\d", hint)  # no example: one could be the answer
    assert ("the unit is already given" in hint) == bool(unit)
    box = re.search(r'<input[^>]*id="answer-value"[^>]*>', html)[0]
    assert 'aria-describedby="answer-value-hint"' in box
    assert "1949" not in html

    # A refused answer says the format again, and still no value.
    refused = client.post(answer_url(attempt), {"q": "1", "value": "in forty-nine"}, **HTMX)
    assert refused.status_code == 400
    message = re.search(r'<p class="error" role="alert"[^>]*>(.*?)</p>', refused.text)[1]
    assert message.startswith("Please enter a number in digits, with a point")
    assert not re.search(r"\d", message)
    assert "1949" not in refused.text
    assert not Response.objects.exists()
