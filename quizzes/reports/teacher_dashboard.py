"""The teacher's home page: their classes, the work open now, what came in, who needs help.

Read in a fixed number of queries whatever the number of classes (tests/reports/
test_teacher_dashboard.py holds it at 2 and at 40 classes): the classes with their
student counts; the assignments shown; the handed-in attempts at those assignments,
grouped per student; the rosters of the classes with such an assignment; the names of
the students flagged; the latest submissions.

Students needing attention (docs/teaching.md): over the assignments of the teacher's
classes due in the last ATTENTION_DAYS days, a current member who handed nothing in
("missed"), or whose best handed-in score is under the set's pass mark ("low score").
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment, Classroom, Membership

WEEK = timedelta(days=7)  # "due this week": within the next seven days
ATTENTION_DAYS = 14  # assignments due this long ago still flag who missed or failed them
RECENT_DAYS = 30  # submissions older than this are not "recent"
ASSIGNMENTS_SHOWN = 10
RECENT_SHOWN = 10
ATTENTION_SHOWN = 10


@dataclass
class ClassSummary:
    classroom: Classroom
    students: int


@dataclass
class OpenAssignment:
    assignment: Assignment
    submitted: int  # students who handed in at least one attempt
    total: int  # students in the class now

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


@dataclass
class StudentFlag:
    student: User
    classroom: Classroom
    reasons: list[str] = field(default_factory=list)


@dataclass
class TeacherDashboard:
    classes: list[ClassSummary]
    open_assignments: list[OpenAssignment]
    open_more: int
    recent: list[Attempt]
    attention: list[StudentFlag]
    attention_more: int
    now: datetime

    @property
    def student_total(self) -> int:
        return sum(c.students for c in self.classes)


def teacher_dashboard(*, user: User, now: datetime | None = None) -> TeacherDashboard:
    now = now or timezone.now()
    rooms = list(
        Classroom.objects.filter(owner=user)
        .annotate(student_count=Count("memberships"))
        .only("name", "join_code")
        .order_by("name", "pk")
    )
    by_pk = {room.pk: room for room in rooms}
    open_now = Q(opens_at__lte=now, due_at__gte=now)
    due_this_week = Q(due_at__gte=now, due_at__lte=now + WEEK)
    just_past = Q(due_at__lt=now, due_at__gte=now - timedelta(days=ATTENTION_DAYS))
    assignments = list(
        Assignment.objects.filter(classroom__owner=user)
        .filter(open_now | due_this_week | just_past)
        .select_related("question_set")
        .only(
            "classroom_id",
            "opens_at",
            "due_at",
            "accept_late",
            "question_set__slug",
            "question_set__title",
            "question_set__pass_mark",
        )
        .order_by("due_at", "pk")
    )
    for assignment in assignments:
        assignment.classroom = by_pk[assignment.classroom_id]
    # Best handed-in percent per (assignment, student): one grouped query.
    best: dict[tuple[int, int], float | None] = {
        (row["assignment_id"], row["user_id"]): row["best"]
        for row in Attempt.objects.filter(assignment__in=[a.pk for a in assignments])
        .handed_in(now)
        .values("assignment_id", "user_id")
        .annotate(best=Max("read_percent"))
        .order_by()
    }
    handed_in: dict[int, set[int]] = defaultdict(set)
    for assignment_id, user_id in best:
        handed_in[assignment_id].add(user_id)

    current = [a for a in assignments if a.due_at >= now]
    past = [a for a in assignments if a.due_at < now]
    rosters: dict[int, set[int]] = defaultdict(set)
    if assignments:
        for classroom_id, student_id in Membership.objects.filter(
            classroom_id__in={a.classroom_id for a in assignments}
        ).values_list("classroom_id", "student_id"):
            rosters[classroom_id].add(student_id)
    open_rows = [
        OpenAssignment(
            assignment=a,
            # Current members only, as the total: a student who left does not count.
            submitted=len(handed_in[a.pk] & rosters[a.classroom_id]),
            total=len(rosters[a.classroom_id]),
        )
        for a in current
    ]

    flags: dict[tuple[int, int], list[str]] = defaultdict(list)
    for assignment in past:
        title = assignment.question_set.title
        for student_id in rosters[assignment.classroom_id]:
            key = (assignment.pk, student_id)
            if key not in best:
                flags[(student_id, assignment.classroom_id)].append(f"missed {title}")
            elif (score := best[key]) is not None and score < assignment.question_set.pass_mark:
                flags[(student_id, assignment.classroom_id)].append(
                    f"{score:.0f}% on {title} (pass mark {assignment.question_set.pass_mark}%)"
                )
    ranked = sorted(flags.items(), key=lambda item: (-len(item[1]), item[0]))
    shown = ranked[:ATTENTION_SHOWN]
    people = User.objects.in_bulk(
        {student_id for (student_id, _), _ in shown},
        field_name="pk",
    )
    attention = [
        StudentFlag(student=people[student_id], classroom=by_pk[classroom_id], reasons=reasons)
        for (student_id, classroom_id), reasons in shown
    ]
    attention.sort(key=lambda f: (-len(f.reasons), f.student.display_name.lower()))

    # The latest ten first, as a subquery on the attempts alone: joining the students and
    # sets of every recent attempt before sorting costs more than the rest of the page.
    latest = (
        Attempt.objects.filter(assignment__classroom__owner=user)
        .handed_in(now)
        .filter(read_submitted_at__gte=now - timedelta(days=RECENT_DAYS))
        .order_by("-read_submitted_at", "-pk")
        .values("pk")[:RECENT_SHOWN]
    )
    recent = list(
        Attempt.objects.filter(pk__in=latest)
        .as_read(now)
        .select_related("user", "question_set", "assignment")
        .only(
            "user__username",
            "user__first_name",
            "user__last_name",
            "question_set__title",
            "question_set__slug",
            "assignment__classroom_id",
            "number",
        )
        .annotate(shown_percent=F("read_percent"), shown_at=F("read_submitted_at"))
        .order_by("-shown_at", "-pk")
    )
    for attempt in recent:
        if attempt.assignment is not None:  # always, by the filter
            attempt.assignment.classroom = by_pk[attempt.assignment.classroom_id]

    return TeacherDashboard(
        classes=[ClassSummary(classroom=r, students=getattr(r, "student_count", 0)) for r in rooms],
        open_assignments=open_rows[:ASSIGNMENTS_SHOWN],
        open_more=max(0, len(open_rows) - ASSIGNMENTS_SHOWN),
        recent=recent,
        attention=attention,
        attention_more=max(0, len(ranked) - ATTENTION_SHOWN),
        now=now,
    )
