"""The student's home page: what to do next, read in a fixed number of queries.

It brings together the attempt under way, the assignments due soon, today's flashcards,
the weakest topic and the streak, so it sits in the top layer, beside "My progress",
whose figures (mastery per topic, the streak) it reuses.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.selectors import AssignmentStatus, StudentAssignment, assignments_for_student
from quizzes.flashcards.selectors import has_decks, local_day, study_queue
from quizzes.reports.progress_selectors import (
    Mastery,
    activity_days,
    attempted_sets,
    local_today,
    streak_from_days,
    student_mastery,
)

DUE_SOON = timedelta(days=14)  # assignments due within this are listed on the home page
DUE_SHOWN = 5
WEAKEST_MIN_ANSWERS = 3  # a topic answered fewer times says little about the student


@dataclass
class StudentDashboard:
    assignments_due: list[StudentAssignment] = field(default_factory=list)
    assignments_more: int = 0
    cards_due: int = 0
    cards_new: int = 0
    studies_flashcards: bool = False
    weakest: Mastery | None = None
    streak: int = 0
    studied_today: bool = False

    @property
    def cards_today(self) -> int:
        return self.cards_due + self.cards_new


def student_dashboard(*, user: User, now: datetime | None = None) -> StudentDashboard:
    """Six queries whatever the student's history (seven when no card is due today; the
    mastery sums are cached, read once a day or after a submission): the assignments,
    today's queue, the submitted attempts' version, the topics, the active days."""
    now = now or timezone.now()
    open_statuses = {AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS}
    due = [
        row
        for row in assignments_for_student(user=user)
        if row.can_start
        and row.status in open_statuses
        and (row.assignment.due_at <= now + DUE_SOON)
    ]
    queue = study_queue(user=user, day=local_day(user=user, now=now))
    _, version = attempted_sets(user=user)
    # The weakest topic among those answered often enough to mean something.
    topics = student_mastery(user=user, now=now, version=version)
    telling = [m for m in topics if m.responses >= WEAKEST_MIN_ANSWERS and m.percent < 100]
    weakest = min(telling, key=lambda m: (m.percent, m.name), default=None)
    days = {d for d, n in activity_days(user=user).items() if n}
    today = local_today(user=user, now=now)
    return StudentDashboard(
        assignments_due=due[:DUE_SHOWN],
        assignments_more=max(0, len(due) - DUE_SHOWN),
        cards_due=queue.counts.due,
        cards_new=queue.counts.new,
        # Asked only when nothing is due: "all done" or "no flashcards yet".
        studies_flashcards=queue.counts.due + queue.counts.new > 0 or has_decks(user=user),
        weakest=weakest,
        streak=streak_from_days(days, today),
        studied_today=today in days,
    )


def attempt_in_progress(unfinished: list[Attempt]) -> Attempt | None:
    """The attempt to offer first: the one with the nearest deadline, else the latest."""
    if not unfinished:
        return None
    timed = [a for a in unfinished if a.deadline]
    if timed:
        return min(timed, key=lambda a: a.deadline)
    return max(unfinished, key=lambda a: a.started_at)
