"""What the apps above keep of a question or a set: asked before one is deleted,
archived or unpublished, and answered by the app that keeps it.

Attempts draw questions and are made at sets; classes have sets assigned to them. The
questions app sits below both and cannot read their tables, yet its services, workspace
and admin must say what deleting a question or set would take and refuse or archive
accordingly. Each app that keeps such rows sets its answers here in its
AppConfig.ready() (`AttemptsConfig`, `ClassesConfig`); until one does, nothing is held
(the questions app on its own).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from quizzes.questions.models import Question, QuestionSet


class Named(Protocol):
    """A class a set is assigned to, as the workspace names and links it."""

    pk: Any
    name: str


def _nothing_drawn(question: Question) -> bool:
    return False


def _no_attempts(question_set: QuestionSet) -> dict[str, int]:
    return {"attempts": 0, "students": 0}


def _none_running(question_set: QuestionSet) -> int:
    return 0


def _not_assigned(question_set: QuestionSet) -> Sequence[Named]:
    return []


def _no_assignees(set_ids: list[int]) -> dict[int, list[str]]:
    return {}


@dataclass
class Holds:
    # The attempts app: whether any attempt drew the question.
    question_drawn: Callable[[Question], bool] = _nothing_drawn
    # The attempts app: attempts made at the set and the students who made them.
    set_attempt_counts: Callable[[QuestionSet], dict[str, int]] = _no_attempts
    # The attempts app: attempts under way in the mode the set no longer has.
    running_in_another_mode: Callable[[QuestionSet], int] = _none_running
    # The classes app: the classes the set is assigned to, by name.
    classes_assigned: Callable[[QuestionSet], Sequence[Named]] = _not_assigned
    # The classes app: for each of these sets, the names of the classes it is assigned to.
    assignees: Callable[[list[int]], dict[int, list[str]]] = _no_assignees


HOLDS = Holds()
