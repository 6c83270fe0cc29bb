"""Reads for classes and assignments, with who-may-see-what in one place."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from django.db.models import Avg, Count, Exists, Func, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.attempts.selectors import local_moment
from quizzes.attempts.services import AssignmentTerms
from quizzes.classes.models import Assignment, Classroom, Invite, Membership
from quizzes.questions.models import QuestionSet
from quizzes.questions.selectors import question_sets_editable_by


def classrooms_managed_by(*, user: User) -> QuerySet[Classroom]:
    """A teacher's own classes; staff may manage every class."""
    if user.is_authenticated and user.is_staff:
        return Classroom.objects.all()
    if not (user.is_authenticated and user.is_teacher):
        return Classroom.objects.none()
    return Classroom.objects.filter(owner=user)


def classrooms_owned_by(*, user: User) -> QuerySet[Classroom]:
    """A teacher's own classes (not every class, for staff): where they may assign a set."""
    if not (user.is_authenticated and user.is_teacher):
        return Classroom.objects.none()
    return Classroom.objects.filter(owner=user).only("pk", "name").order_by("name")


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


GRADE_RULES: dict[str, str] = {
    Assignment.Grading.BEST: "best",
    Assignment.Grading.LAST: "last",
    Assignment.Grading.AVERAGE: "average",
}


@dataclass
class StudentAssignment:
    """One row of "My assignments", with what the page shows worked out here (the
    template only prints it)."""

    assignment: Assignment
    title: str
    classroom: str
    status: str
    attempts_used: int
    grade_percent: float | None  # by the assignment's grading rule, as in the gradebook
    grade_rule: str  # "best", "last" or "average"
    can_start: bool
    overdue: bool
    limit: int | None
    start_url: str
    late_note: bool  # past due, late work accepted, nothing submitted yet
    start_label: str  # Continue, Try again or Start
    closed_note: str = ""  # why no attempt may start (open, not upcoming), or why one runs

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
    if in_progress:  # even past due with late work refused: "Continue" hands it in
        return AssignmentStatus.IN_PROGRESS
    if now > assignment.due_at and not assignment.accept_late:
        return AssignmentStatus.MISSED
    if now < assignment.opens_at:
        return AssignmentStatus.UPCOMING
    return AssignmentStatus.NOT_STARTED


def assignments_for_student(
    *, user: User, question_set: QuestionSet | None = None
) -> list[StudentAssignment]:
    """The student's assignments in their classes (of one set, for its page), with
    status, in one query."""
    mine = Q(attempts__user=user)
    submitted = mine & Q(attempts__status=Attempt.Status.SUBMITTED)
    assignments = Assignment.objects.filter(classroom__memberships__student=user)
    if question_set is not None:
        assignments = assignments.filter(question_set=question_set)
    rows = (
        assignments.select_related("question_set", "classroom")
        .only(
            "opens_at",
            "due_at",
            "accept_late",
            "attempts_allowed",
            "grading",
            "question_set__slug",
            "question_set__title",
            "question_set__attempts_allowed",
            "classroom__name",
        )
        .annotate(
            on_time=Count("attempts", filter=submitted & Q(attempts__late=False)),
            late_count=Count("attempts", filter=submitted & Q(attempts__late=True)),
            in_progress=Count(
                "attempts", filter=mine & Q(attempts__status=Attempt.Status.IN_PROGRESS)
            ),
            best=Max("attempts__percent", filter=submitted),
            average=Avg("attempts__percent", filter=submitted),
            last=Subquery(
                Attempt.objects.filter(
                    assignment=OuterRef("pk"), user=user, status=Attempt.Status.SUBMITTED
                )
                .order_by("-submitted_at", "-number")
                .values("percent")[:1]
            ),
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
        used = row.on_time + row.late_count + row.in_progress  # an attempt is one of these
        limit = attempts_limit(assignment=row)
        open_now = row.opens_at <= now and (now <= row.due_at or row.accept_late)
        overdue = now > row.due_at
        # An attempt under way can always be continued: past its deadline (the due date,
        # with late work refused) continuing hands it in there and shows its result.
        can_start = row.in_progress > 0 or (open_now and (limit is None or used < limit))
        grades: dict[str, float | None] = {
            Assignment.Grading.BEST: row.best,
            Assignment.Grading.LAST: row.last,
            Assignment.Grading.AVERAGE: row.average,
        }
        result.append(
            StudentAssignment(
                assignment=row,
                title=row.question_set.title,
                classroom=row.classroom.name,
                status=status,
                attempts_used=used,
                grade_percent=grades[row.grading],
                grade_rule=GRADE_RULES[row.grading],
                can_start=can_start,
                overdue=overdue,
                limit=limit,
                start_url=reverse("attempt_start", args=[row.question_set.slug])
                if can_start
                else "",
                late_note=overdue
                and row.accept_late
                and status not in (AssignmentStatus.SUBMITTED, AssignmentStatus.LATE),
                # An open attempt is continued, even after a submitted one.
                start_label="Continue" if row.in_progress else "Try again" if used else "Start",
                closed_note=_closed_note(
                    status=status, can_start=can_start, used=used, limit=limit, row=row
                ),
            )
        )
    return result


def _closed_note(*, status: str, can_start: bool, used: int, limit: int | None, row) -> str:
    """Why a row offers no start (so "Missed" or a bare "Submitted" is not left unexplained),
    or, beside "Submitted", that a further attempt is under way."""
    if can_start:
        if row.in_progress and status in (AssignmentStatus.SUBMITTED, AssignmentStatus.LATE):
            return "Another attempt is under way."
        return ""
    if status == AssignmentStatus.UPCOMING:
        return ""
    if limit is not None and used >= limit:
        return "The one attempt allowed is used." if limit == 1 else f"All {limit} attempts used."
    return "Closed: the due date has passed and late work is not accepted."


def attempts_limit(*, assignment: Assignment) -> int | None:
    """The assignment's own limit, else the set's; None means unlimited."""
    return assignment.attempts_allowed or assignment.question_set.attempts_allowed


def assignment_terms(*, assignment: Assignment) -> AssignmentTerms:
    """What an attempt started for the assignment keeps of it (attempts.services)."""
    return AssignmentTerms(
        assignment_id=assignment.pk,
        question_set_id=assignment.question_set_id,
        opens_at=assignment.opens_at,
        due_at=assignment.due_at,
        accept_late=assignment.accept_late,
        attempts_allowed=attempts_limit(assignment=assignment),
    )


def own_attempt_refusal(
    *, user: User, question_set: QuestionSet, now: datetime | None = None
) -> str | None:
    """Why the student may not start an attempt of their own at an exam, or None.

    An exam assigned to one of their classes is sat as the assignment first: an attempt
    of their own before it would show them the paper, and its result the answers, ahead
    of the attempt that counts. Own attempts open once they have handed the assignment
    in, or once it can no longer be sat (past due, late work refused). A class they have
    left holds them as before (`Assignment.objects.had_by`). One query.
    """
    if question_set.mode != QuestionSet.Mode.EXAM:
        return None
    now = now or timezone.now()
    pending = (
        Assignment.objects.had_by(user)
        .filter(question_set=question_set)
        .filter(Q(due_at__gt=now) | Q(accept_late=True))
        .exclude(
            Exists(
                Attempt.objects.filter(
                    assignment=OuterRef("pk"), user=user, status=Attempt.Status.SUBMITTED
                )
            )
        )
        .annotate(
            member=Exists(
                Membership.objects.filter(classroom_id=OuterRef("classroom_id"), student=user)
            )
        )
        .select_related("classroom")
        .only("due_at", "classroom__name")
        .order_by("due_at", "pk")
        .first()
    )
    if pending is None:
        return None
    if not pending.member:
        return (
            f"This exam was assigned to your class {pending.classroom.name}, due "
            f"{local_moment(pending.due_at)}, before you left it: rejoin the class to sit "
            "it as the assignment. Attempts of your own open once you have handed it in."
        )
    return (
        f"This exam is assigned to your class {pending.classroom.name}, due "
        f"{local_moment(pending.due_at)}: sit it as the assignment. Attempts of your own "
        "open once you have handed it in."
    )


# --- What the classes app tells the apps below (set in ClassesConfig.ready()) -------------


def sets_open_through_classes(user: User) -> Q:
    """The class part of who may open a set (`QuestionSet.objects.visible_to`): sets for
    classes (or public) by a teacher of one of the student's classes, and sets assigned to
    one of them, when published."""
    # Subqueries on the class tables only: PostgreSQL plans these in a third of the time
    # of ones joining back to the sets and their owners (the same rows).
    my_classes = Membership.objects.filter(student=user).values("classroom_id")
    my_teachers = Classroom.objects.filter(pk__in=my_classes).values("owner_id")
    assigned = Assignment.objects.filter(classroom_id__in=my_classes).values("question_set_id")
    # A public set too: one not (yet) approved for the library still reaches its classes.
    for_my_classes = Q(
        visibility__in=[QuestionSet.Visibility.CLASSES, QuestionSet.Visibility.PUBLIC],
        owner_id__in=my_teachers,
    )
    return for_my_classes | Q(pk__in=assigned)


def assignments_still_due(user, now: datetime) -> QuerySet[Assignment]:
    """The assignments a student has had (`Assignment.objects.had_by`) still due at `now`:
    while one is, its set's answers revealed "after the due date" stay back."""
    return Assignment.objects.had_by(user).filter(due_at__gt=now)


def sets_assigned_by(user) -> QuerySet[Assignment, Any]:
    """The ids of the sets assigned to the classes the user teaches: they see the answers
    in their students' results, so they may read those sets' citations."""
    return Assignment.objects.filter(classroom__owner=user).values("question_set_id")


def classes_assigned(question_set: QuestionSet) -> list[Classroom]:
    """The classes the set is assigned to, by name: while it is, it cannot be unpublished
    or deleted (their students could no longer start it)."""
    return list(
        Classroom.objects.filter(assignments__question_set=question_set)
        .distinct()
        .order_by("name", "pk")
    )


def assignees(set_ids: list[int]) -> dict[int, list[str]]:
    """For each set, the names of the classes it is assigned to, sorted. One query."""
    names: dict[int, set[str]] = {}
    rows = Assignment.objects.filter(question_set_id__in=set_ids).values_list(
        "question_set_id", "classroom__name"
    )
    for set_id, name in rows:
        names.setdefault(set_id, set()).add(name)
    return {set_id: sorted(found) for set_id, found in names.items()}


def assignment_work(*, assignment: Assignment) -> dict[str, int]:
    """What removing the assignment takes out of the gradebook: its attempts, the students
    who made them, and how many are still running. One query."""
    return Attempt.objects.filter(assignment=assignment).aggregate(
        attempts=Count("pk"),
        students=Count("user", distinct=True),
        running=Count("pk", filter=Q(status=Attempt.Status.IN_PROGRESS)),
    )


class ClassroomContents(TypedDict):
    student_count: int
    assignment_count: int
    attempt_count: int


def classroom_contents(*, classroom: Classroom) -> ClassroomContents:
    """What deleting the class takes with it: students, assignments and the attempts made
    for them. One query."""

    def count(queryset) -> Subquery:
        return Subquery(queryset.order_by().values(n=Func("pk", function="COUNT")))

    # Three counts in subqueries: one join across roster and attempts would multiply them.
    return (
        Classroom.objects.filter(pk=classroom.pk)
        .values(
            student_count=count(Membership.objects.filter(classroom=OuterRef("pk"))),
            assignment_count=count(Assignment.objects.filter(classroom=OuterRef("pk"))),
            attempt_count=count(Attempt.objects.filter(assignment__classroom=OuterRef("pk"))),
        )
        .get()
    )


def memberships_of_student(*, user: User) -> QuerySet[Membership]:
    """The classes a student is in, by name, each with its teacher."""
    return (
        Membership.objects.filter(student=user)
        .select_related("classroom__owner")
        .order_by("classroom__name", "classroom_id")
    )


def classroom_by_join_code(*, code: str) -> Classroom | None:
    """The class a join link names, with its teacher; None for a code no class has (a
    regenerated code's old link, a typo)."""
    return Classroom.objects.select_related("owner").filter(join_code=code).first()


def is_member(*, classroom: Classroom, user: User) -> bool:
    return Membership.objects.filter(classroom=classroom, student=user).exists()


def sets_assignable_by(*, user: User, keep: int | None = None) -> QuerySet[QuestionSet]:
    """The sets a teacher may assign, as they are (no copy): the sets listed for them
    (`QuestionSet.objects.listed_for`: their own and the library's) and, for staff, every
    teacher's. `keep` (an assignment's set) stays assignable to it. Their own drafts are
    here so that the form can say to publish one first; the picker lists published sets."""
    sets = QuestionSet.objects.listed_for(user) | question_sets_editable_by(user=user)
    if keep is not None:
        sets = sets | QuestionSet.objects.filter(pk=keep)
    return sets


def sets_to_pick(
    *, user: User, search: str = "", current: int | None = None, picked: int | None = None
) -> list[QuestionSet]:
    """The assignment form's set picker: the published assignable sets whose title or
    author has every word searched for; the assignment's set (`current`) and the one picked
    before searching, if assignable, whatever the search. The teacher's own first, then by
    title. One query."""
    assignable = sets_assignable_by(user=user, keep=current)
    sets = assignable.filter(status=QuestionSet.Status.PUBLISHED)
    for word in search.split()[:8]:
        sets = sets.filter(
            Q(title__icontains=word)
            | Q(owner__first_name__icontains=word)
            | Q(owner__last_name__icontains=word)
            | Q(owner__username__icontains=word)
        )
    kept = [pk for pk in (current, picked) if pk is not None]
    if kept:
        sets = sets | assignable.filter(pk__in=kept)
    found = sets.select_related("owner").distinct().order_by("title", "pk")
    return sorted(found, key=lambda question_set: question_set.owner_id != user.pk)
