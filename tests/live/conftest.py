import pytest

from quizzes.live import services
from quizzes.live.models import LiveGame
from quizzes.questions.models import QuestionVersion
from tests.factories import ClassroomFactory, MembershipFactory, QuestionSetFactory, make_question

LIVE_KINDS = ("single_choice", "true_false", "numeric")


@pytest.fixture
def make_live_set(db, teacher):
    """A published set of `teacher`'s with questions of the given types, options unshuffled."""

    def build(kinds=LIVE_KINDS, **fields):
        questions = [make_question(kind, author=teacher) for kind in kinds]
        return QuestionSetFactory(
            questions=questions, owner=teacher, shuffle_options=False, **fields
        )

    return build


@pytest.fixture
def live_set(make_live_set):
    # An ordering question too: it cannot be played live and is skipped.
    return make_live_set((*LIVE_KINDS, "ordering"))


@pytest.fixture
def classroom(teacher):
    return ClassroomFactory(owner=teacher)


@pytest.fixture
def pupil(classroom):
    """A student in the host's class."""
    return MembershipFactory(classroom=classroom).student


@pytest.fixture
def pupil2(classroom):
    return MembershipFactory(classroom=classroom).student


@pytest.fixture
def outsider(other_teacher):
    """A student of another teacher's class."""
    return MembershipFactory(classroom=ClassroomFactory(owner=other_teacher)).student


@pytest.fixture
def game(teacher, live_set):
    return services.game_create(host=teacher, question_set=live_set)


def snapshot_at(game: LiveGame, position: int) -> dict:
    qid = str(game.question_ids[position])
    return QuestionVersion.objects.get(pk=game.versions[qid]).snapshot


def right_answer(game: LiveGame, position: int) -> dict:
    snapshot = snapshot_at(game, position)
    if snapshot["type"] == "numeric":
        return {"value": snapshot["numeric_value"]}
    if snapshot["type"] == "short_answer":
        return {"text": next(c["text"] for c in snapshot["choices"] if c["correct"])}
    if snapshot["type"] == "multiple_answer":
        return {"choices": [c["id"] for c in snapshot["choices"] if c["correct"]]}
    return {"choice": next(c["id"] for c in snapshot["choices"] if c["correct"])}


def wrong_answer(game: LiveGame, position: int) -> dict:
    snapshot = snapshot_at(game, position)
    if snapshot["type"] == "numeric":
        return {"value": "1"}
    if snapshot["type"] == "short_answer":
        return {"text": "Nothing like it"}
    return {"choice": next(c["id"] for c in snapshot["choices"] if not c["correct"])}
