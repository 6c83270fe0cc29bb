import pytest

from quizzes.questions.models import QuestionSet, QuestionType
from tests.factories import QuestionSetFactory, make_question

ALL_TYPES = [t.value for t in QuestionType]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Factories hash a password per user; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_set(db, teacher):
    """A published public set owned by `teacher`, with questions of the given types."""

    def build(types=("single_choice",), **fields):
        questions = [make_question(kind, author=teacher) for kind in types]
        defaults = {"owner": teacher, "shuffle_options": False}
        return QuestionSetFactory(questions=questions, **{**defaults, **fields})

    return build


@pytest.fixture
def practice_set(make_set):
    return make_set(ALL_TYPES, mode=QuestionSet.Mode.PRACTICE)


@pytest.fixture
def exam_set(make_set):
    return make_set(
        ALL_TYPES, mode=QuestionSet.Mode.EXAM, reveal=QuestionSet.Reveal.AFTER_SUBMISSION
    )
