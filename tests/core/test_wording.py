"""Words a user reads: counts of minutes agree with their number (issue 24, "Words")."""

from datetime import timedelta

import pytest

from quizzes.accounts.throttle import locked_out_message
from quizzes.core.formatting import minutes


@pytest.mark.parametrize(("n", "text"), [(1, "1 minute"), (2, "2 minutes"), (15, "15 minutes")])
def test_minutes_agree_with_their_number(n, text):
    assert minutes(n) == text


def test_a_one_minute_lock_out_says_1_minute(settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    message = locked_out_message()
    assert "Try again in 1 minute," in message and "1 minutes" not in message
