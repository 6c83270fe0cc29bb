"""Writes for "My progress": the one-click practice quiz built from a student's weak spots."""

import logging

from django.db import transaction

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.attempts.services import AttemptRefused, attempt_start
from quizzes.flashcards.models import Deck
from quizzes.flashcards.services import deck_add
from quizzes.questions.models import QuestionSet, SetItem, Topic
from quizzes.questions.services import unique_set_slug, weak_spots_slug
from quizzes.reports.progress_selectors import weak_spots

logger = logging.getLogger(__name__)


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
    slug = weak_spots_slug(user)
    with transaction.atomic():
        squatter = QuestionSet.objects.filter(slug=slug).exclude(owner=user).first()
        if squatter is not None:
            # Only a set made before the slug was reserved, or named so in the admin, holds
            # it: that set moves to a slug of its own rather than blocking the student.
            logger.warning("Set %s moved off the reserved slug %s", squatter.pk, slug)
            squatter.slug = unique_set_slug(squatter.title)
            squatter.save(update_fields=["slug"])
        question_set, _ = QuestionSet.objects.select_for_update().get_or_create(
            slug=slug,
            owner=user,
            defaults={
                "title": "My weak spots",
                "description": "Questions you answered wrongly most often lately.",
            },
        )
        question_set.status = QuestionSet.Status.PUBLISHED
        question_set.visibility = QuestionSet.Visibility.PRIVATE
        question_set.mode = QuestionSet.Mode.PRACTICE
        question_set.reveal = QuestionSet.Reveal.IMMEDIATELY
        question_set.draw_count = None
        question_set.attempts_allowed = None
        question_set.time_limit_minutes = None
        question_set.save()
        if not Attempt.objects.filter(
            user=user, question_set=question_set, status=Attempt.Status.IN_PROGRESS
        ).exists():
            question_set.items.all().delete()
            SetItem.objects.bulk_create(
                SetItem(question_set=question_set, question=spot.question, position=i)
                for i, spot in enumerate(spots)
            )
            if Deck.objects.filter(user=user, question_set=question_set).exists():
                deck_add(user=user, question_set=question_set)  # cards for the new spots
    return attempt_start(user=user, question_set=question_set)
