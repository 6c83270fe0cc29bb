from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from quizzes.flashcards.models import Card, Deck, ReviewLog
from quizzes.flashcards.services import deck_add
from quizzes.questions.models import Question, QuestionVersion, SetItem
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


@pytest.fixture
def far_from_midnight():
    """Put a user in a time zone where it is now between 03:00 and 21:00, so that a card
    rated now and due again in minutes is still due "today" whenever the test runs."""

    def place(user):
        now = timezone.now()
        for name in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
            if 3 <= now.astimezone(ZoneInfo(name)).hour < 21:
                user.time_zone = name
                user.save(update_fields=["time_zone"])
                return user
        raise AssertionError("one of the three zones is always between 03:00 and 21:00")

    return place


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Factories make a teacher per question; hashing their passwords slowly adds nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def collection(db):
    """Give a student `n` cards quickly, a mix of new, due, learning and future reviews,
    with a review logged for each reviewed card (for query budgets at any size), all in one
    set the student studies."""

    def make(user, n: int):
        template = QuestionFactory()
        snapshot = template.current_version.snapshot
        questions = Question.objects.bulk_create(
            Question(
                key=f"bulk-{user.pk}-{i}",
                type=template.type,
                prompt=f"Bulk question {i}",
                status=Question.Status.PUBLISHED,
            )
            for i in range(n - 1)
        )
        versions = QuestionVersion.objects.bulk_create(
            QuestionVersion(question=q, number=1, snapshot=snapshot) for q in questions
        )
        for question, version in zip(questions, versions, strict=True):
            question.current_version = version
        Question.objects.bulk_update(questions, ["current_version"], batch_size=500)
        now = timezone.now()
        cards = []
        for i, question in enumerate([template, *questions]):
            kind = i % 4
            if kind == 0:  # new
                cards.append(Card(user=user, question=question, due=now))
                continue
            state = Card.State.LEARNING if kind == 1 else Card.State.REVIEW
            due = now - timedelta(hours=1) if kind != 3 else now + timedelta(days=1 + i % 13)
            cards.append(
                Card(
                    user=user,
                    question=question,
                    state=state,
                    step=0 if state == Card.State.LEARNING else None,
                    stability=3.0,
                    difficulty=5.0,
                    due=due,
                    last_review=now - timedelta(days=i % 29),
                )
            )
        cards = Card.objects.bulk_create(cards, batch_size=500)
        question_set = QuestionSetFactory(owner=template.author)
        SetItem.objects.bulk_create(
            (
                SetItem(question_set=question_set, question=card.question, position=i)
                for i, card in enumerate(cards)
            ),
            batch_size=500,
        )
        Deck.objects.create(user=user, question_set=question_set)
        ReviewLog.objects.bulk_create(
            (
                ReviewLog(
                    card=card,
                    user=user,
                    rating=1 + i % 4,
                    kind=ReviewLog.Kind.REVIEW,
                    reviewed_at=card.last_review,
                    state_before={},
                    state_after={},
                )
                for i, card in enumerate(cards)
                if card.last_review
            ),
            batch_size=500,
        )
        return cards

    return make
