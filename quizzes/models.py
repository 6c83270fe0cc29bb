"""Every model of the app, defined in its concern's module and gathered here for Django."""

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.models import Assignment, Classroom, Invite, Membership
from quizzes.questions.models import (
    Choice,
    Citation,
    Question,
    QuestionSet,
    QuestionVersion,
    SetItem,
    Topic,
)
from quizzes.sources.models import Document, Passage

__all__ = [
    "Assignment",
    "Attempt",
    "Choice",
    "Citation",
    "Classroom",
    "Document",
    "Invite",
    "Membership",
    "Passage",
    "Question",
    "QuestionSet",
    "QuestionVersion",
    "Response",
    "SetItem",
    "Topic",
    "User",
]
