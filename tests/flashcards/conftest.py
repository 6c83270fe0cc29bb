import pytest

from quizzes.flashcards.services import deck_add
from tests.factories import QuestionFactory, QuestionSetFactory


@pytest.fixture
def deck_of(db):
    """Make a published set of `n` questions and add it to a student's flashcards."""

    def make(user, n: int = 3, **set_kwargs):
        questions = [QuestionFactory() for _ in range(n)]
        question_set = QuestionSetFactory(questions=questions, **set_kwargs)
        deck_add(user=user, question_set=question_set)
        return question_set

    return make
