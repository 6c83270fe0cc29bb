"""What the classes app, above, says about a student's assignments that the attempts
app must heed: answers that a set reveals "after the due date" stay back while an
assignment of that set is still due for the student (`selectors.answers_revealed`,
`selectors.revealed_responses`). The classes app sets it in ClassesConfig.ready(); until
it does, no set is due (the attempts app on its own).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from quizzes.attempts.models import Attempt


def _nothing_due(user: Any, now: datetime) -> QuerySet[Any]:
    return Attempt.objects.none()


@dataclass
class Holds:
    # (student or their id, now) -> rows with a `question_set_id`: the sets of the
    # assignments they have had whose due date is after `now`.
    still_due: Callable[[Any, datetime], QuerySet[Any]] = _nothing_due


HOLDS = Holds()
