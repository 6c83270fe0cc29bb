"""The one place that builds an FSRS scheduler; every interval comes from py-fsrs."""

from datetime import datetime, timedelta

from fsrs import Rating, Scheduler

from quizzes.flashcards.models import Card

RATINGS = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]


def scheduler_for(*, retention: float) -> Scheduler:
    """A scheduler with the student's desired retention (StudySettings).

    Fuzzing is off so the interval printed on a rating button is exactly the one given.
    """
    return Scheduler(desired_retention=retention, enable_fuzzing=False)


def format_interval(interval: timedelta) -> str:
    seconds = max(0, interval.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def preview_intervals(*, retention: float, card: Card, now: datetime) -> dict[int, str]:
    """What each rating would give the card now, computed without saving anything."""
    scheduler = scheduler_for(retention=retention)
    current = card.to_fsrs()
    previews = {}
    for rating in RATINGS:
        after, _ = scheduler.review_card(current, rating, review_datetime=now)
        previews[int(rating)] = format_interval(after.due - now)
    return previews
