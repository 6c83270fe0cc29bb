"""Every model of the app, defined in its concern's module and gathered here for Django."""

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.models import Assignment, Classroom, Invite, Membership, PastMembership
from quizzes.flashcards.models import Card, Deck, ReviewLog
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
    "Card",
    "Choice",
    "Citation",
    "Classroom",
    "Deck",
    "Document",
    "Invite",
    "Membership",
    "Passage",
    "PastMembership",
    "Question",
    "QuestionSet",
    "QuestionVersion",
    "Response",
    "ReviewLog",
    "SetItem",
    "Topic",
    "User",
]
