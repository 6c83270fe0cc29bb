from decimal import Decimal

import pytest

from quizzes.interop.gift import parse_gift
from quizzes.interop.services import questions_import
from quizzes.questions.models import Question, QuestionType
from tests.factories import PassageFactory, QuestionSetFactory, make_question


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Factories hash a password per user; the default hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def comparable(question: Question) -> dict:
    """What an import must reproduce: content, answer key, topics, citations (not ids)."""
    snapshot = question.current_version.snapshot
    return {
        **{k: v for k, v in snapshot.items() if k not in ("choices", "citations")},
        "difficulty": question.difficulty,
        "choices": [{k: v for k, v in c.items() if k != "id"} for c in snapshot["choices"]],
        "citations": [(c["quote"], c["passage_id"]) for c in snapshot["citations"]],
        "topics": sorted(question.topics.values_list("name", flat=True)),
    }


@pytest.fixture
def every_kind(teacher):
    """A set with questions of all eight types, including the awkward cases."""
    passage = PassageFactory()
    q = [make_question(kind, citation=passage, author=teacher) for kind in QuestionType.values]
    q += [
        make_question(
            QuestionType.SINGLE_CHOICE,
            prompt="Moodle costs _____ to download: {braces} ~ = # and a\nsecond line.",
            explanation="Because: it is free {really}.",
            difficulty=3,
            citation=passage,
            choices=[
                {"text": "nothing", "is_correct": True, "feedback": "Right: free"},
                {"text": "a little", "is_correct": False, "weight": Decimal("0.5")},
                {"text": "a lot", "is_correct": False, "weight": Decimal("-0.25")},
            ],
        ),
        make_question(
            QuestionType.MULTIPLE_ANSWER,
            citation=False,
            choices=[
                {"text": "No one", "weight": Decimal(-1)},
                {"text": "Grant", "is_correct": True, "weight": Decimal("0.5")},
                {"text": "Grant's wife", "is_correct": True, "weight": Decimal("0.5")},
            ],
        ),
        make_question(
            QuestionType.NUMERIC,
            unit="%",
            numeric_value=Decimal(1822),
            numeric_tolerance=Decimal(0),
            citation=False,
            choices=[
                {"text": "1822", "is_correct": True, "tolerance": Decimal(0), "feedback": "Yes"},
                {"text": "1822", "weight": Decimal("0.5"), "tolerance": Decimal(2)},
            ],
        ),
        make_question(
            QuestionType.FILL_BLANK,
            prompt="NATO was established on April {1}, {2}.",
            near_miss=True,
            citation=passage,
            choices=[
                {"text": "4", "blank": 1, "is_correct": True},
                {"text": "4th", "blank": 1, "is_correct": True},
                {"text": "1949", "blank": 2, "is_correct": True},
            ],
        ),
        make_question(
            QuestionType.FILL_BLANK,
            prompt="NATO was established in {1}",
            citation=passage,
            choices=[{"text": "1949", "blank": 1, "is_correct": True}],
        ),
        make_question(
            QuestionType.SHORT_ANSWER,
            citation=passage,
            choices=[
                {"text": "Washington", "is_correct": True},
                {"text": "D.C.", "is_correct": True, "weight": Decimal("0.5")},
            ],
        ),
        make_question(
            QuestionType.TRUE_FALSE,
            citation=passage,
            choices=[
                {"text": "True", "is_correct": False, "feedback": "No: it was 1949"},
                {"text": "False", "is_correct": True, "feedback": "Right"},
            ],
        ),
    ]
    from tests.factories import TopicFactory

    founding, law = TopicFactory(name="Founding of NATO"), TopicFactory(name="Law")
    q[0].topics.set([founding, law])
    q[1].topics.set([founding])
    return QuestionSetFactory(owner=teacher, questions=q)


@pytest.fixture
def import_gift(teacher):
    def run(text: str, **kwargs):
        return questions_import(parsed=parse_gift(text), owner=teacher, **kwargs)

    return run
