"""Writes for flashcards: adding a set to study, rating a card, undoing the last rating."""

import enum
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from fsrs import Card as FsrsCard
from fsrs import Rating

from quizzes.accounts.models import User
from quizzes.flashcards.models import Card, Deck, ReviewLog
from quizzes.flashcards.scheduling import scheduler_for
from quizzes.flashcards.selectors import active_cards, card_is_available, local_day
from quizzes.questions.models import Question, QuestionSet

MAX_DURATION_MS = 60 * 60 * 1000


class CardNotDue(Exception):
    """A rating for a card the queue would not show now (and not in cram mode)."""

    def __init__(self, card: Card, reason: str):
        super().__init__(reason)
        self.card = card
        self.reason = reason


class NotLastReview(Exception):
    """Only the student's most recent rating can be undone."""


class Outcome(enum.Enum):
    APPLIED = "applied"
    ALREADY_APPLIED = "already_applied"


@dataclass(frozen=True)
class ReviewResult:
    outcome: Outcome
    card: Card
    review: ReviewLog | None


@transaction.atomic
def deck_add(*, user: User, question_set: QuestionSet) -> int:
    """Study a set: record the deck and make a new card for each published question.

    Safe to repeat: it adds cards for questions added to the set since. Returns how many
    cards were made.
    """
    Deck.objects.get_or_create(user=user, question_set=question_set)
    question_ids = Question.objects.filter(
        set_items__question_set=question_set, status=Question.Status.PUBLISHED
    ).values_list("id", flat=True)
    have = set(
        Card.objects.filter(user=user, question_id__in=question_ids).values_list(
            "question_id", flat=True
        )
    )
    now = timezone.now()
    made = Card.objects.bulk_create(
        [Card(user=user, question_id=qid, due=now) for qid in question_ids if qid not in have],
        ignore_conflicts=True,
    )
    return len(made)


def deck_cards_for_new_question(*, question_set: QuestionSet, question: Question) -> int:
    """Give everyone who studies `question_set` a new card for a question just added to it.

    Cards of unpublished questions stay out of the queue until the question is published.
    """
    now = timezone.now()
    students = Deck.objects.filter(question_set=question_set).values_list("user_id", flat=True)
    made = Card.objects.bulk_create(
        [Card(user_id=uid, question=question, due=now) for uid in students],
        ignore_conflicts=True,
    )
    return len(made)


@transaction.atomic
def card_review(
    *,
    user: User,
    card_id: int,
    rating: int,
    version: int,
    duration_ms: int | None = None,
    now: datetime | None = None,
) -> ReviewResult:
    """Rate a card once: a repeated POST (same version) changes nothing.

    Raises Card.DoesNotExist for a card that is not the student's, CardNotDue for a card
    the queue would not show.
    """
    now = now or timezone.now()
    card = active_cards(user=user).select_for_update(of=("self",)).get(pk=card_id)
    if card.version != version:
        return ReviewResult(Outcome.ALREADY_APPLIED, card, None)
    day = local_day(user=user, now=now)
    new_allowed = True
    if card.is_new:
        started = ReviewLog.objects.filter(
            user=user, kind=ReviewLog.Kind.NEW, reviewed_at__gte=day.start
        ).count()
        new_allowed = started < user.new_cards_per_day
    if not card_is_available(card=card, day=day, new_allowed=new_allowed):
        if card.is_new:
            raise CardNotDue(card, "You have reached today's limit of new cards.")
        local = timezone.localtime(card.due, user.tzinfo)
        raise CardNotDue(card, f"This card is not due until {local:%Y-%m-%d %H:%M}.")
    before = card.to_fsrs()
    after, _ = scheduler_for(user).review_card(before, Rating(rating), review_datetime=now)
    if duration_ms is not None:
        duration_ms = max(0, min(duration_ms, MAX_DURATION_MS))
    review = ReviewLog.objects.create(
        card=card,
        user=user,
        rating=rating,
        kind=ReviewLog.Kind.NEW if card.is_new else card.state,
        reviewed_at=now,
        duration_ms=duration_ms,
        state_before=before.to_dict(),
        state_after=after.to_dict(),
    )
    card.set_from_fsrs(after)
    card.version += 1
    card.save(update_fields=[*SCHEDULE_FIELDS, "version"])
    return ReviewResult(Outcome.APPLIED, card, review)


SCHEDULE_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review"]


@transaction.atomic
def card_undo(*, user: User, review_id: int) -> Card:
    """Put the card back exactly as it was before the student's last rating.

    Raises ReviewLog.DoesNotExist for a review that is not the student's (or already
    undone), NotLastReview for an older one.
    """
    review = ReviewLog.objects.select_for_update().get(pk=review_id, user=user)
    latest = ReviewLog.objects.filter(user=user).order_by("-id").values_list("id", flat=True)
    if latest.first() != review.pk:
        raise NotLastReview("Only your last rating can be undone.")
    card = Card.objects.select_for_update().get(pk=review.card_id)
    card.set_from_fsrs(FsrsCard.from_dict(review.state_before))
    card.version += 1
    card.save(update_fields=[*SCHEDULE_FIELDS, "version"])
    review.delete()
    return card


@transaction.atomic
def study_settings_update(
    *, user: User, desired_retention: float, new_cards_per_day: int, time_zone: str
) -> User:
    """Save validated study settings (StudySettingsForm checks the ranges)."""
    user.desired_retention = desired_retention
    user.new_cards_per_day = new_cards_per_day
    user.time_zone = time_zone
    user.save(update_fields=["desired_retention", "new_cards_per_day", "time_zone"])
    return user
