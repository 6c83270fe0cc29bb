"""What the classes app, above, says about assignments that the attempts app must heed:
answers that a set reveals "after the due date" stay back while an assignment of that
set is still due for the student (`selectors.answers_revealed`,
`selectors.revealed_responses`), and the teacher of a class a set is assigned to may
read its citations (`selectors.citations_readable_by`). The classes app sets these in
ClassesConfig.ready(); until it does, no set is due or assigned (the attempts app on its
own).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from quizzes.attempts.models import Attempt


def _nothing_due(user: Any, now: datetime) -> QuerySet[Any]:
    return Attempt.objects.none()


def _nothing_assigned(user: Any) -> QuerySet[Any]:
    return Attempt.objects.none().values("question_set_id")


@dataclass
class Holds:
    # (student or their id, now) -> rows with a `question_set_id`: the sets of the
    # assignments they have had whose due date is after `now`.
    still_due: Callable[[Any, datetime], QuerySet[Any]] = _nothing_due
    # (teacher) -> the ids of the sets assigned to the classes they teach, one column.
    sets_assigned_by: Callable[[Any], QuerySet[Any]] = _nothing_assigned


HOLDS = Holds()
