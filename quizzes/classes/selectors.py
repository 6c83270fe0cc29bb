"""Reads for classes and assignments, with who-may-see-what in one place."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment, Classroom, Invite


def classrooms_managed_by(*, user: User) -> QuerySet[Classroom]:
    """A teacher's own classes; staff may manage every class."""
    if user.is_authenticated and user.is_staff:
        return Classroom.objects.all()
    if not (user.is_authenticated and user.is_teacher):
        return Classroom.objects.none()
    return Classroom.objects.filter(owner=user)


def classroom_list(*, user: User) -> QuerySet[Classroom]:
    return (
        classrooms_managed_by(user=user)
        .annotate(
            student_count=Count("memberships", distinct=True),
            assignment_count=Count("assignments", distinct=True),
        )
        .order_by("name")
    )


def invites_sent_by(*, user: User) -> QuerySet[Invite]:
    return Invite.objects.filter(created_by=user).select_related("used_by")


class AssignmentStatus:
    UPCOMING = "upcoming"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    LATE = "late"
    MISSED = "missed"

    LABELS = {
        UPCOMING: "Not open yet",
        NOT_STARTED: "Not started",
        IN_PROGRESS: "In progress",
        SUBMITTED: "Submitted",
        LATE: "Submitted late",
        MISSED: "Missed",
    }


@dataclass
class StudentAssignment:
    assignment: Assignment
    status: str
    attempts_used: int
    best_percent: float | None
    can_start: bool
    overdue: bool
    limit: int | None

    @property
    def status_label(self) -> str:
        return AssignmentStatus.LABELS[self.status]


def assignment_status(
    *,
    assignment: Assignment,
    on_time: int,
    late: int,
    in_progress: int,
    now: datetime,
) -> str:
    if on_time:
        return AssignmentStatus.SUBMITTED
    if late:
        return AssignmentStatus.LATE
    past_due = now > assignment.due_at
    if past_due and not assignment.accept_late:
        return AssignmentStatus.MISSED
    if in_progress:
        return AssignmentStatus.IN_PROGRESS
    if now < assignment.opens_at:
        return AssignmentStatus.UPCOMING
    return AssignmentStatus.NOT_STARTED


def assignments_for_student(*, user: User) -> list[StudentAssignment]:
    """The student's assignments in their classes, with status, in one query."""
    mine = Q(attempts__user=user)
    submitted = mine & Q(attempts__status=Attempt.Status.SUBMITTED)
    rows = (
        Assignment.objects.filter(classroom__memberships__student=user)
        .select_related("question_set", "classroom")
        .annotate(
            on_time=Count("attempts", filter=submitted & Q(attempts__late=False)),
            late_count=Count("attempts", filter=submitted & Q(attempts__late=True)),
            in_progress=Count(
                "attempts", filter=mine & Q(attempts__status=Attempt.Status.IN_PROGRESS)
            ),
            used=Count("attempts", filter=mine),
            best=Max("attempts__percent", filter=submitted),
        )
        .order_by("due_at", "pk")
    )
    now = timezone.now()
    result = []
    for row in rows:
        status = assignment_status(
            assignment=row,
            on_time=row.on_time,
            late=row.late_count,
            in_progress=row.in_progress,
            now=now,
        )
        limit = attempts_limit(assignment=row)
        open_now = row.opens_at <= now and (now <= row.due_at or row.accept_late)
        result.append(
            StudentAssignment(
                assignment=row,
                status=status,
                attempts_used=row.used,
                best_percent=row.best,
                can_start=open_now and (row.in_progress > 0 or limit is None or row.used < limit),
                overdue=now > row.due_at,
                limit=limit,
            )
        )
    return result


def attempts_limit(*, assignment: Assignment) -> int | None:
    """The assignment's own limit, else the set's; None means unlimited."""
    return assignment.attempts_allowed or assignment.question_set.attempts_allowed
