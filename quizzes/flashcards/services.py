"""Writes for flashcards: adding a set to study or removing it, rating a card, undoing the
last rating."""

import enum
import functools
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from fsrs import Card as FsrsCard
from fsrs import Rating

from quizzes.accounts.models import User
from quizzes.core.fastpaths import prepared_cursor
from quizzes.flashcards.models import Card, Deck, ReviewLog, StudySettings
from quizzes.flashcards.scheduling import scheduler_for
from quizzes.flashcards.selectors import (
    SETTINGS_DEFAULTS,
    Day,
    card_for_review,
    card_is_available,
    card_schedule,
    flashcards_refusal,
    local_day,
    settings_sql,
    studied,
    studied_sql,
)
from quizzes.questions.models import Question, QuestionSet, SetItem

MAX_DURATION_MS = 60 * 60 * 1000


class CardNotDue(Exception):
    """A rating for a card the queue would not show now (and not in cram mode)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotLastReview(Exception):
    """Only the student's most recent rating can be undone."""


class Outcome(enum.Enum):
    APPLIED = "applied"
    ALREADY_APPLIED = "already_applied"


@dataclass(frozen=True)
class ReviewResult:
    outcome: Outcome
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


@dataclass(frozen=True)
class DeckRemoval:
    question_set: QuestionSet  # the set no longer studied
    left: int = 0  # cards that left the queue with the deck
    kept: int = 0  # cards of the set still in play: another of the student's decks has them


@transaction.atomic
def deck_remove(*, user: User, deck_id: int) -> DeckRemoval:
    """Stop studying a set: delete the student's deck, and nothing else.

    Its cards keep their rows, schedules and review logs; with the deck gone no deck of the
    student's has their question (unless another set they study shares it), so they leave
    the queue and the counts (selectors.studied), and adding the set again brings them back
    exactly as they were. Raises Deck.DoesNotExist for any id that is not one of the user's
    decks (another user's, one already removed, one that never was): the same answer for
    each, so that nobody learns which ids are decks.
    """
    deck = (
        Deck.objects.select_related("question_set")
        .only("id", "user_id", "question_set__slug", "question_set__title")
        .filter(pk=deck_id, user=user)
        .first()
    )
    if deck is None or not Deck.objects.filter(pk=deck.pk).delete()[0]:
        raise Deck.DoesNotExist  # (or a concurrent POST removed it first)
    in_set = SetItem.objects.filter(question_set_id=deck.question_set_id).values("question_id")
    counts = Card.objects.filter(
        user=user,
        question_id__in=in_set,
        question__status=Question.Status.PUBLISHED,
        question__current_version__isnull=False,
    ).aggregate(
        total=Count("id"),
        kept=Count("id", filter=studied(user=user)),
    )
    return DeckRemoval(
        deck.question_set,
        left=counts["total"] - counts["kept"],
        kept=counts["kept"],
    )


@transaction.atomic
def decks_out_of_sight(*, question_set: QuestionSet | None = None, user: User | None = None) -> int:
    """Delete the decks of sets their student can no longer see, or study as flashcards
    (a set whose teacher now keeps the answers back: `flashcards_refusal`); how many.

    For a set that was made private, unpublished, archived or made to keep its answers
    back (`question_set`: every student who studies it), or a student who left a class
    (`user`: every deck of theirs). Visibility is `QuestionSet.objects.visible_to`, as
    everywhere: a set's owner and staff always see it, a student still sees a set assigned
    to another of their classes. As with `deck_remove`,
    only the decks go: cards and review logs belong to the student and the question, not
    to a deck, so they are kept; a card whose question another visible deck has stays in
    play, the others leave the queue with their schedule and history, and come back as
    they were if the student can see the set again and studies it again (`deck_add`).
    One query per student concerned.
    """
    decks = Deck.objects.select_related("user")
    if question_set is not None:
        decks = decks.filter(question_set=question_set)
    if user is not None:
        decks = decks.filter(user=user)
    by_user: dict[int, list[Deck]] = {}
    for deck in decks.only("id", "question_set_id", "user"):
        by_user.setdefault(deck.user_id, []).append(deck)
    gone = []
    for mine in by_user.values():
        student = mine[0].user
        set_ids = [deck.question_set_id for deck in mine]
        studiable = {
            question_set.pk
            for question_set in QuestionSet.objects.visible_to(student)
            .filter(pk__in=set_ids)
            .only("pk", "owner_id", "reveal", "mode")
            if flashcards_refusal(question_set=question_set, user=student) is None
        }
        gone += [deck.pk for deck in mine if deck.question_set_id not in studiable]
    Deck.objects.filter(pk__in=gone).delete()
    return len(gone)


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


def decks_out_of_sight_receiver(sender, *, question_set: QuestionSet, **kwargs) -> None:
    """questions.signals.set_out_of_sight: the set's decks, as decks_out_of_sight."""
    decks_out_of_sight(question_set=question_set)


def deck_cards_for_new_question_receiver(
    sender, *, question_set: QuestionSet, question: Question, **kwargs
) -> None:
    """questions.signals.set_item_added: cards for its students, as
    deck_cards_for_new_question."""
    deck_cards_for_new_question(question_set=question_set, question=question)


def card_review(
    *,
    user: User,
    card_id: int,
    rating: int,
    version: int,
    shown: Card | None = None,
    duration_ms: int | None = None,
    now: datetime | None = None,
) -> ReviewResult:
    """Rate a card once: a repeated POST (same version) changes nothing.

    The review is computed from `shown`, the card as the rating form showed it (signed:
    forms.shown_card) if it is this card at this version, else from the card's schedule
    read by primary key. One write then applies it only if the card is still at that
    version, the student's, in play and (new) within today's limit; it takes the card's
    row lock and checks under it, so of two concurrent POSTs of one version exactly one is
    applied. When it does not apply, the queue's rules are read in full to say why.

    Raises Card.DoesNotExist for a card that is not the student's, CardNotDue for a card
    the queue would not show.
    """
    now = now or timezone.now()
    day = local_day(user=user, now=now)
    card: Card | None
    if shown is not None and shown.pk == card_id and shown.version == version:
        card = shown
    else:
        card = card_schedule(user=user, pk=card_id)
    if (
        card is not None
        and card.version == version
        and card_is_available(card=card, day=day, new_allowed=True)
    ):
        review = _apply(
            user, card, rating, retention=card.retention, duration_ms=duration_ms, day=day
        )
        if review is not None:
            return ReviewResult(Outcome.APPLIED, review)
    card = card_for_review(user=user, pk=card_id, day=day)
    if card.version != version:
        return ReviewResult(Outcome.ALREADY_APPLIED, None)
    if not card_is_available(card=card, day=day, new_allowed=card.new_today < card.new_per_day):
        if card.is_new:
            raise CardNotDue("You have reached today's limit of new cards.")
        local = timezone.localtime(card.due, user.tzinfo)
        raise CardNotDue(f"This card is not due until {local:%Y-%m-%d %H:%M}.")
    review = _apply(user, card, rating, retention=card.retention, duration_ms=duration_ms, day=day)
    return ReviewResult(Outcome.APPLIED if review else Outcome.ALREADY_APPLIED, review)


def _apply(
    user: User, card: Card, rating: int, *, retention: float, duration_ms: int | None, day: Day
) -> ReviewLog | None:
    """Review `card` (its schedule as read) with the student's desired `retention`, and
    save; None if the write's checks refused."""
    before = card.to_fsrs()
    scheduler = scheduler_for(retention=retention)
    after, _ = scheduler.review_card(before, Rating(rating), review_datetime=day.now)
    if duration_ms is not None:
        duration_ms = max(0, min(duration_ms, MAX_DURATION_MS))
    review = ReviewLog(
        card_id=card.pk,
        user=user,
        rating=rating,
        kind=ReviewLog.Kind.NEW if card.is_new else card.state,
        reviewed_at=day.now,
        duration_ms=duration_ms,
        state_before=before.to_dict(),
        state_after=after.to_dict(),
    )
    if not _save_review(user=user, card=card, after=after, review=review, day=day):
        return None
    return review


SCHEDULE_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review"]

# The write of a review. The card gets its new schedule only if it is still at the version
# the review was computed from, is the student's, its question is in play (published, and
# in a set the student studies: selectors.studied, compiled), and, if it is new, today's
# new cards are under the limit; the update holds the row lock while it checks. On
# PostgreSQL the log row is inserted in the same statement, from the updated row (none if
# it did not update); SQLite runs the update and the insert in a transaction.
UPDATE_SQL = """
UPDATE {card} SET {assignments}, version = version + 1
WHERE id = %(card)s AND user_id = %(user)s AND version = %(version)s
  AND (
    SELECT status = %(published)s AND current_version_id IS NOT NULL FROM {question} q
    WHERE q.id = {card}.question_id
  )
  AND {studied}
  AND (last_review IS NOT NULL OR (
    SELECT COUNT(*) FROM {log}
    WHERE user_id = %(user)s AND kind = %(new_kind)s AND reviewed_at >= %(day_start)s
  ) < {new_per_day})
RETURNING id
"""
REVIEW_SQL = """
WITH updated AS ({update})
INSERT INTO {log} ({log_columns}) SELECT updated.id, {log_values} FROM updated
RETURNING id
"""
LOG_FIELDS = ["user", "rating", "kind", "reviewed_at", "duration_ms", "state_before", "state_after"]


def _fields(model, names: list[str]) -> list:
    return [model._meta.get_field(name) for name in names]


@functools.cache
def _sql(*, staff: bool) -> tuple[str, str, dict]:
    """The update, the update-and-insert (PostgreSQL), with names and the `studied` rule
    filled in, and the rule's parameters."""
    quote = connection.ops.quote_name
    log = quote(ReviewLog._meta.db_table)
    studied, studied_params = studied_sql(staff=staff, alias=None)
    update = UPDATE_SQL.format(
        card=quote(Card._meta.db_table),
        assignments=", ".join(
            f"{f.column} = %(set_{f.name})s" for f in _fields(Card, SCHEDULE_FIELDS)
        ),
        question=quote(Question._meta.db_table),
        log=log,
        studied=studied,
        new_per_day=settings_sql()["new_per_day"],
    ).strip()
    update_and_insert = REVIEW_SQL.format(
        update=update,
        log=log,
        log_columns=", ".join(f.column for f in _fields(ReviewLog, ["card", *LOG_FIELDS])),
        log_values=", ".join(f"%(log_{name})s" for name in LOG_FIELDS),
    )
    return update, update_and_insert, studied_params | SETTINGS_DEFAULTS


def _save_review(*, user: User, card: Card, after: FsrsCard, review: ReviewLog, day: Day) -> bool:
    """Give the card the schedule `after` and insert `review` if the write's checks pass;
    False (nothing written) if not: another review or an undo came first, the question
    left play, or today's new-card limit was reached meanwhile."""
    schedule = Card.schedule_from_fsrs(after)
    update, update_and_insert, studied_params = _sql(staff=user.is_staff)
    update_params = {
        **studied_params,
        **{
            f"set_{f.name}": f.get_db_prep_save(schedule[f.name], connection)
            for f in _fields(Card, SCHEDULE_FIELDS)
        },
        "card": card.pk,
        "user": user.pk,
        "version": card.version,
        "published": Question.Status.PUBLISHED,
        "new_kind": ReviewLog.Kind.NEW,
        "day_start": connection.ops.adapt_datetimefield_value(day.start),
    }
    if connection.vendor != "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(update, update_params)
            if cursor.fetchone() is None:
                return False
            review.save()
            return True
    log_params = {
        f"log_{f.name}": f.get_db_prep_save(getattr(review, f.attname), connection)
        for f in _fields(ReviewLog, LOG_FIELDS)
    }
    # Prepared once per connection with a generic plan: planning this write cost
    # PostgreSQL more than running it (quizzes.core.fastpaths.prepared_cursor).
    with prepared_cursor(connection) as cursor:
        cursor.execute(update_and_insert, update_params | log_params)
        row = cursor.fetchone()
    if row is None:
        return False
    review.pk = row[0]
    review._state.adding = False
    return True


@transaction.atomic
def card_undo(*, user: User, review_id: int, now: datetime | None = None) -> Card:
    """Put the card back exactly as it was before the student's last rating, if it was
    given today (the student's day): undo takes back a slip, it does not unwind history.

    Raises ReviewLog.DoesNotExist for a review that is not the student's (or already
    undone), NotLastReview for an older one or one from an earlier day.
    """
    review = ReviewLog.objects.select_for_update().get(pk=review_id, user=user)
    latest = ReviewLog.objects.filter(user=user).order_by("-id").values_list("id", flat=True)
    if latest.first() != review.pk:
        raise NotLastReview("Only your last rating can be undone.")
    if review.reviewed_at < local_day(user=user, now=now).start:
        raise NotLastReview("Only today's ratings can be undone.")
    card = Card.objects.select_for_update().get(pk=review.card_id)
    card.set_from_fsrs(FsrsCard.from_dict(review.state_before))
    card.version += 1
    card.save(update_fields=[*SCHEDULE_FIELDS, "version"])
    review.delete()
    return card


@transaction.atomic
def study_settings_update(
    *, user: User, desired_retention: float, new_cards_per_day: int
) -> StudySettings:
    """Save validated study settings (StudySettingsForm checks the ranges) in the
    student's StudySettings row, made on their first save. The time zone is the profile's."""
    settings, _ = StudySettings.objects.update_or_create(
        user=user,
        defaults={"desired_retention": desired_retention, "new_cards_per_day": new_cards_per_day},
    )
    return settings
