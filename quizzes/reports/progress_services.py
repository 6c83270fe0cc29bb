"""Writes for "My progress": the one-click practice quiz built from a student's weak spots."""

from django.db import transaction

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.attempts.services import AttemptRefused, attempt_start
from quizzes.flashcards.models import Deck
from quizzes.flashcards.services import deck_add
from quizzes.questions.models import Topic
from quizzes.questions.services import weak_spots_set_save, weak_spots_slug
from quizzes.reports.progress_selectors import weak_spots


def weak_spot_practice_start(*, user: User, topic: Topic | None = None) -> Attempt:
    """Fill the student's private practice set with their current weak spots and start it.

    One set per student (slug `weak-spots-<id>`, which no title can take; private, practice
    mode, published, so only its owner sees it); its questions are replaced each time, and if
    the student studies the set as flashcards the new questions get cards; with `topic`,
    only the weak spots among that topic's questions. An unfinished
    attempt on it is resumed rather than a new one started (attempt_start's rule).
    """
    spots = weak_spots(user=user, topic=topic)
    if not spots:
        where = f" in {topic.name}" if topic is not None else ""
        raise AttemptRefused(
            f"No weak spots{where} yet: nothing answered wrongly in the last 30 days."
        )
    with transaction.atomic():
        # An attempt under way keeps the questions it drew, and resumes.
        running = Attempt.objects.filter(
            user=user,
            question_set__owner=user,
            question_set__slug=weak_spots_slug(user),
            status=Attempt.Status.IN_PROGRESS,
        ).exists()
        question_set = weak_spots_set_save(
            owner=user, questions=None if running else [spot.question for spot in spots]
        )
        if not running and Deck.objects.filter(user=user, question_set=question_set).exists():
            deck_add(user=user, question_set=question_set)  # cards for the new spots
    return attempt_start(user=user, question_set=question_set)
