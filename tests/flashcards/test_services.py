from datetime import UTC, datetime, timedelta

import pytest

from quizzes.flashcards.forms import schedule_token, shown_card
from quizzes.flashcards.models import Card, Deck, ReviewLog, StudySettings
from quizzes.flashcards.selectors import QueueCounts, local_day, study_queue
from quizzes.flashcards.services import (
    CardNotDue,
    NotLastReview,
    Outcome,
    _apply,
    card_review,
    card_undo,
    deck_add,
)
from quizzes.questions.models import Question, SetItem
from quizzes.questions.services import question_delete_or_archive, question_version_publish
from tests.factories import CardFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_deck_add_makes_one_new_card_per_published_question_and_can_be_repeated(student):
    published = [QuestionFactory(), QuestionFactory()]
    draft = QuestionFactory(status=Question.Status.DRAFT)
    question_set = QuestionSetFactory(questions=[*published, draft])
    assert deck_add(user=student, question_set=question_set) == 2
    later = QuestionFactory()
    SetItem.objects.create(question_set=question_set, question=later, position=9)
    assert deck_add(user=student, question_set=question_set) == 1
    assert Deck.objects.filter(user=student).count() == 1
    cards = Card.objects.filter(user=student)
    assert {c.question_id for c in cards} == {published[0].pk, published[1].pk, later.pk}
    assert all(c.is_new for c in cards)


def test_a_rating_posted_twice_is_applied_once(student):
    card = CardFactory(user=student, due=NOW)
    first = card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)
    again = card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)
    assert first.outcome is Outcome.APPLIED
    assert again.outcome is Outcome.ALREADY_APPLIED
    assert ReviewLog.objects.filter(card=card).count() == 1
    card.refresh_from_db()
    assert card.version == 1


def test_a_card_not_due_is_refused_with_its_due_time(student):
    card = CardFactory(user=student, due=NOW)
    card_review(user=student, card_id=card.pk, rating=4, version=0, now=NOW)  # due in days
    with pytest.raises(CardNotDue, match="not due until"):
        card_review(user=student, card_id=card.pk, rating=3, version=1, now=NOW)
    assert ReviewLog.objects.filter(card=card).count() == 1


def test_review_cards_are_due_all_day_and_learning_cards_when_their_step_comes(student):
    card = CardFactory(user=student, due=NOW)
    card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)
    card.refresh_from_db()
    assert card.state == Card.State.LEARNING and card.due == NOW + timedelta(minutes=10)
    # Nothing else to study: the learning card is shown ahead (within 20 minutes).
    day = local_day(user=student, now=NOW)
    assert study_queue(user=student, day=day).card == card
    # Two hours later a different new card comes after the due learning card.
    other = CardFactory(user=student, due=NOW)
    later = local_day(user=student, now=NOW + timedelta(hours=2))
    queue = study_queue(user=student, day=later)
    assert queue.card == card
    assert queue.counts.due == 1 and queue.counts.new == 1
    card_review(user=student, card_id=card.pk, rating=3, version=1, now=later.now)
    assert study_queue(user=student, day=later).card == other


def test_new_cards_stop_at_the_daily_limit(student):
    StudySettings.objects.create(user=student, new_cards_per_day=2)
    cards = [CardFactory(user=student, due=NOW) for _ in range(3)]
    for card in cards[:2]:
        card_review(user=student, card_id=card.pk, rating=4, version=0, now=NOW)
    day = local_day(user=student, now=NOW)
    queue = study_queue(user=student, day=day)
    assert queue.counts.new == 0 and queue.counts.new_today == 2
    assert queue.card is None
    with pytest.raises(CardNotDue, match="limit of new cards"):
        card_review(user=student, card_id=cards[2].pk, rating=3, version=0, now=NOW)
    # The next local day the limit starts again.
    tomorrow = local_day(user=student, now=NOW + timedelta(days=1))
    assert study_queue(user=student, day=tomorrow).counts.new == 1


def test_the_day_starts_at_the_students_midnight(student):
    student.time_zone = "America/New_York"  # UTC-5 in March before DST
    student.save()
    StudySettings.objects.create(user=student, new_cards_per_day=1)
    first, second = CardFactory(user=student, due=NOW), CardFactory(user=student, due=NOW)
    late_evening = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)  # 23:30 on 1 March in New York
    card_review(user=student, card_id=first.pk, rating=4, version=0, now=late_evening)
    after_midnight = late_evening + timedelta(hours=1)  # 00:30 on 2 March in New York
    card_review(user=student, card_id=second.pk, rating=4, version=0, now=after_midnight)
    assert ReviewLog.objects.filter(user=student).count() == 2


def test_undo_restores_the_card_exactly_and_removes_the_log(student):
    card = CardFactory(user=student, due=NOW)
    card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)
    card.refresh_from_db()
    before = card.to_fsrs().to_dict()
    result = card_review(
        user=student, card_id=card.pk, rating=3, version=1, now=NOW + timedelta(minutes=10)
    )
    card_undo(user=student, review_id=result.review.pk, now=NOW)
    card.refresh_from_db()
    assert card.to_fsrs().to_dict() == before
    assert ReviewLog.objects.filter(card=card).count() == 1
    with pytest.raises(ReviewLog.DoesNotExist):
        card_undo(
            user=student, review_id=result.review.pk, now=NOW
        )  # a repeated undo changes nothing
    card.refresh_from_db()
    assert card.to_fsrs().to_dict() == before


def test_only_the_last_rating_can_be_undone(student):
    a, b = CardFactory(user=student, due=NOW), CardFactory(user=student, due=NOW)
    first = card_review(user=student, card_id=a.pk, rating=3, version=0, now=NOW)
    card_review(user=student, card_id=b.pk, rating=3, version=0, now=NOW)
    with pytest.raises(NotLastReview):
        card_undo(user=student, review_id=first.review.pk)


def test_only_todays_last_rating_can_be_undone(student):
    card = CardFactory(user=student, due=NOW)
    rated = card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)
    next_day = local_day(user=student, now=NOW + timedelta(days=1))
    assert study_queue(user=student, day=next_day).counts.last_review_id is None
    with pytest.raises(NotLastReview, match="today"):
        card_undo(user=student, review_id=rated.review.pk, now=next_day.now)
    assert ReviewLog.objects.filter(card=card).count() == 1
    today = local_day(user=student, now=NOW)
    assert study_queue(user=student, day=today).counts.last_review_id == rated.review.pk
    card_undo(user=student, review_id=rated.review.pk, now=NOW)
    assert not ReviewLog.objects.filter(card=card).exists()


def test_students_cannot_rate_or_undo_each_others_cards(student, other_student):
    card = CardFactory(user=student, due=NOW)
    with pytest.raises(Card.DoesNotExist):
        card_review(user=other_student, card_id=card.pk, rating=3, version=0, now=NOW)
    result = card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)
    with pytest.raises(ReviewLog.DoesNotExist):
        card_undo(user=other_student, review_id=result.review.pk)


def test_editing_a_question_keeps_the_schedule(student):
    card = CardFactory(user=student, due=NOW)
    card_review(user=student, card_id=card.pk, rating=4, version=0, now=NOW)
    card.refresh_from_db()
    schedule = card.to_fsrs().to_dict()
    question = card.question
    question.prompt = "Reworded: in which year was NATO founded?"
    question.save()
    question_version_publish(question=question)
    card.refresh_from_db()
    assert card.to_fsrs().to_dict() == schedule
    assert card.question.current_version.snapshot["prompt"].startswith("Reworded")


def test_deleting_or_archiving_a_question_retires_its_cards_but_keeps_the_logs(student):
    kept, archived, deleted = (CardFactory(user=student, due=NOW) for _ in range(3))
    for card in (kept, archived, deleted):
        card_review(user=student, card_id=card.pk, rating=1, version=0, now=NOW)
    Question.objects.filter(pk=archived.question_id).update(status=Question.Status.ARCHIVED)
    assert question_delete_or_archive(question=deleted.question) == "deleted"
    day = local_day(user=student, now=NOW + timedelta(minutes=5))
    queue = study_queue(user=student, day=day)
    assert queue.counts.due == 1
    assert queue.card == kept
    deleted.refresh_from_db()
    assert deleted.question is None
    assert ReviewLog.objects.filter(user=student).count() == 3
    with pytest.raises(Card.DoesNotExist):
        card_review(user=student, card_id=deleted.pk, rating=3, version=1, now=day.now)


def test_a_question_added_to_a_studied_set_joins_the_queue(student, teacher):
    from quizzes.flashcards.models import Card
    from quizzes.flashcards.services import deck_add
    from quizzes.questions.services import set_item_add
    from tests.factories import QuestionFactory, QuestionSetFactory

    question_set = QuestionSetFactory(owner=teacher, questions=[QuestionFactory()])
    deck_add(user=student, question_set=question_set)
    added = QuestionFactory(author=teacher)
    set_item_add(question_set=question_set, question=added)
    assert Card.objects.filter(user=student, question=added).exists()
    assert Card.objects.filter(user=student).count() == 2


# --- the queue in one query ---------------------------------------------------


def _reviewed(user, *, state, due, **fields):
    """A card already reviewed once, in `state`, due at `due`."""
    defaults = {"stability": 3.0, "difficulty": 5.0, "last_review": NOW - timedelta(days=1)}
    step = 0 if state != Card.State.REVIEW else None
    return CardFactory(user=user, state=state, step=step, due=due, **{**defaults, **fields})


def test_the_queue_orders_learning_due_then_reviews_then_new_then_learning_ahead(student):
    day = local_day(user=student, now=NOW)
    ahead = _reviewed(student, state=Card.State.LEARNING, due=NOW + timedelta(minutes=15))
    later = _reviewed(student, state=Card.State.RELEARNING, due=NOW + timedelta(hours=3))
    _reviewed(student, state=Card.State.REVIEW, due=NOW + timedelta(days=1))  # tomorrow
    new = CardFactory(user=student, due=NOW)
    review = _reviewed(student, state=Card.State.REVIEW, due=NOW + timedelta(hours=11))
    learning = _reviewed(student, state=Card.State.RELEARNING, due=NOW - timedelta(minutes=1))
    counts = []
    for card in (learning, review, new, ahead):
        queue = study_queue(user=student, day=day)
        assert queue.card == card
        assert queue.card.snapshot == card.question.current_version.snapshot
        counts.append((queue.counts.due, queue.counts.new))
        Question.objects.filter(pk=card.question_id).update(status=Question.Status.DRAFT)
    # "due": reviewed cards due before the end of today, whatever their state.
    assert counts == [(4, 1), (3, 1), (2, 1), (2, 0)]
    queue = study_queue(user=student, day=day)
    assert queue.card is None and queue.later == later.due
    Question.objects.filter(pk=later.question_id).update(status=Question.Status.DRAFT)
    assert study_queue(user=student, day=day).later is None


def test_the_queue_without_cards_still_counts_the_log(student):
    day = local_day(user=student, now=NOW)
    queue = study_queue(user=student, day=day)
    assert (queue.card, queue.later) == (None, None)
    assert queue.counts == QueueCounts(
        new_per_day=20, due=0, new=0, new_today=0, last_review_id=None
    )
    card = CardFactory(user=student, due=NOW)
    review = card_review(user=student, card_id=card.pk, rating=4, version=0, now=NOW).review
    Question.objects.filter(pk=card.question_id).update(status=Question.Status.ARCHIVED)
    queue = study_queue(user=student, day=day)
    assert queue.card is None
    assert queue.counts == QueueCounts(
        new_per_day=20, due=0, new=0, new_today=1, last_review_id=review.pk, reviewed_today=1
    )


def test_the_queue_shows_a_card_asked_for_only_if_it_is_the_students_and_in_play(
    student, other_student
):
    day = local_day(user=student, now=NOW)
    first = CardFactory(user=student, due=NOW)
    not_due = _reviewed(student, state=Card.State.REVIEW, due=NOW + timedelta(days=5))
    assert study_queue(user=student, day=day).card == first
    queue = study_queue(user=student, day=day, card_id=not_due.pk)
    assert queue.card == not_due and queue.counts.new == 1
    theirs = CardFactory(user=other_student, due=NOW)
    with pytest.raises(Card.DoesNotExist):
        study_queue(user=student, day=day, card_id=theirs.pk)
    Question.objects.filter(pk=not_due.question_id).update(status=Question.Status.DRAFT)
    with pytest.raises(Card.DoesNotExist):
        study_queue(user=student, day=day, card_id=not_due.pk)


def test_the_queue_days_follow_the_time_zone(student):
    student.time_zone = "Pacific/Auckland"  # UTC+13 in March: NOW is 01:00 on 2 March
    student.save()
    _reviewed(student, state=Card.State.REVIEW, due=NOW + timedelta(hours=22))  # 23:00 local
    _reviewed(student, state=Card.State.REVIEW, due=NOW + timedelta(hours=23, minutes=30))
    assert study_queue(user=student, day=local_day(user=student, now=NOW)).counts.due == 1


def test_a_review_is_not_written_if_the_card_changed_since_it_was_read(student):
    card = CardFactory(user=student, due=NOW)
    stale = Card.objects.get(pk=card.pk)
    card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)
    day = local_day(user=student, now=NOW)
    assert _apply(student, stale, 4, retention=0.9, duration_ms=None, day=day) is None
    assert ReviewLog.objects.filter(card=card).count() == 1
    card.refresh_from_db()
    assert card.version == 1 and card.state == Card.State.LEARNING


def test_a_review_is_not_written_once_the_question_left_play_or_the_limit_is_reached(student):
    StudySettings.objects.create(user=student, new_cards_per_day=1)
    day = local_day(user=student, now=NOW)
    archived, first, second = (CardFactory(user=student, due=NOW) for _ in range(3))
    Question.objects.filter(pk=archived.question_id).update(status=Question.Status.ARCHIVED)
    assert _apply(student, archived, 3, retention=0.9, duration_ms=None, day=day) is None
    assert _apply(student, first, 3, retention=0.9, duration_ms=None, day=day) is not None
    assert _apply(student, second, 3, retention=0.9, duration_ms=None, day=day) is None
    assert list(ReviewLog.objects.values_list("card_id", flat=True)) == [first.pk]


def test_the_card_round_trips_through_the_rating_form_exactly(student):
    new = CardFactory(user=student, due=NOW)
    reviewed = _reviewed(
        student,
        state=Card.State.REVIEW,
        due=NOW + timedelta(days=3, microseconds=123457),
        stability=2.0000000000000004,
        difficulty=1 / 3,
        version=7,
    )
    for card in (new, reviewed):
        card.refresh_from_db()
        shown = shown_card(schedule_token(card, retention=0.9))
        assert (shown.pk, shown.version) == (card.pk, card.version)
        assert shown.to_fsrs().to_dict() == card.to_fsrs().to_dict()


def test_a_rating_from_the_card_as_shown_needs_it_to_be_this_card_at_this_version(student):
    card = CardFactory(user=student, due=NOW)
    shown = shown_card(schedule_token(Card.objects.get(pk=card.pk), retention=0.9))
    first = card_review(user=student, card_id=card.pk, rating=3, version=0, shown=shown, now=NOW)
    assert first.outcome is Outcome.APPLIED
    again = card_review(user=student, card_id=card.pk, rating=3, version=0, shown=shown, now=NOW)
    assert again.outcome is Outcome.ALREADY_APPLIED
    # Shown at version 0 but posted with version 1: the card is read instead.
    later = NOW + timedelta(minutes=10)
    result = card_review(user=student, card_id=card.pk, rating=3, version=1, shown=shown, now=later)
    assert result.outcome is Outcome.APPLIED
    assert result.review.kind == ReviewLog.Kind.LEARNING
    assert result.review.state_before["state"] == Card.State.LEARNING
    assert Card.objects.get(pk=card.pk).version == 2
