"""A matching answer's right-hand tokens must pass the input boundary whatever their digest."""

import hashlib

import pytest
from django.urls import reverse

from quizzes.attempts import answers, services
from quizzes.attempts.models import Response
from quizzes.questions.models import QuestionSet
from tests.attempts.helpers import answer_post
from tests.conftest import HTMX


class _DigitsDigest:
    """A digest whose hex form starts with twenty decimal digits, as about one HMAC in
    12,000 does: read as a whole number it is beyond 64 bits."""

    def __init__(self, value: str):
        self.digits = "9" + "".join(
            str(int(c, 16) % 10) for c in hashlib.sha256(value.encode()).hexdigest()
        )

    def hexdigest(self) -> str:
        return self.digits


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_match_whose_digest_is_all_digits_is_accepted_and_saved(
    client, student, make_set, monkeypatch, htmx
):
    monkeypatch.setattr(answers, "salted_hmac", lambda salt, value, algorithm: _DigitsDigest(value))
    attempt = services.attempt_start(
        user=student, question_set=make_set(["matching"], mode=QuestionSet.Mode.PRACTICE)
    )
    client.force_login(student)
    data = answer_post(attempt, 0)
    assert all(value[1:].isdigit() for name, value in data.items() if name.startswith("match-"))
    response = client.post(
        reverse("attempt_check", args=[attempt.pk]), data, **(HTMX if htmx else {})
    )
    assert response.status_code == (200 if htmx else 302)
    saved = Response.objects.get(attempt=attempt)
    assert saved.is_correct
