from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.attempts.services import attempt_answer, attempt_submit
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.classes.services import student_attempt_start
from quizzes.questions.models import QuestionSet, QuestionType, QuestionVersion

DEMO_PASSWORD = "demo-pass-2026"
DEMO_CLASS = "Demo class"
# username: (first name, last name); a name already given is kept.
DEMO_NAMES = {
    "admin": ("Ada", "Admin"),
    "teacher": ("Taylor", "Morgan"),
    "student1": ("Ana", "Silva"),
    "student2": ("Ben", "Okafor"),
}


class Command(BaseCommand):
    help = "Create the demo accounts listed in the README (development only)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created when DEBUG is on.")
        admin = self._user("admin", User.Role.TEACHER, is_staff=True, is_superuser=True)
        teacher = self._user("teacher", User.Role.TEACHER)
        students = [self._user(name, User.Role.STUDENT) for name in ("student1", "student2")]
        classroom, _ = Classroom.objects.get_or_create(owner=teacher, name=DEMO_CLASS)
        for student in students:
            Membership.objects.get_or_create(classroom=classroom, student=student)
        assigned = self._assignments(classroom, students)
        self.stdout.write(
            f"Demo accounts: {admin.username}, {teacher.username}, "
            f"{', '.join(s.username for s in students)} (password {DEMO_PASSWORD})."
            + (f" {assigned}" if assigned else "")
        )

    def _user(self, username: str, role: str, **flags) -> User:
        first, last = DEMO_NAMES[username]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "first_name": first, "last_name": last} | flags,
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif not user.first_name:  # made before demo accounts had names
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
        return user

    def _assignments(self, classroom: Classroom, students: list[User]) -> str:
        """The teacher's dashboard shows real work: two library sets assigned to the demo
        class, one due in four days (Ana handed it in, Ben not yet), one due two days ago
        (Ana handed it in, Ben missed it). Made once: an assignment already there is left alone."""
        if classroom.assignments.exists():
            return ""
        library = list(QuestionSet.objects.in_library().filter(items__isnull=False).distinct()[:2])
        if len(library) < 2:
            return "No library sets yet (load the question bank first): no demo assignments."
        now = timezone.now()
        current, past = library
        ana, _ben = students
        due_soon = Assignment.objects.create(
            classroom=classroom,
            question_set=current,
            opens_at=now - timedelta(days=3),
            due_at=now + timedelta(days=4),
        )
        just_due = Assignment.objects.create(
            classroom=classroom,
            question_set=past,
            opens_at=now - timedelta(days=9),
            due_at=now - timedelta(days=2),
        )
        _hand_in(ana, due_soon, at=now - timedelta(hours=5), right_every=2)
        _hand_in(ana, just_due, at=now - timedelta(days=4), right_every=1)
        return f"The demo class has two assignments: {current.title}, {past.title}."


def _hand_in(student: User, assignment: Assignment, *, at: datetime, right_every: int) -> Attempt:
    """An attempt at the assignment, answered at `at`: one question in `right_every` with its
    correct choice (choice questions), the rest left blank; then handed in."""
    attempt = student_attempt_start(
        user=student, question_set=assignment.question_set, assignment=assignment, now=at
    )
    snapshots = dict(
        QuestionVersion.objects.filter(pk__in=attempt.versions.values()).values_list(
            "question_id", "snapshot"
        )
    )
    for index, question_id in enumerate(attempt.question_ids):
        snapshot = snapshots[question_id]
        correct = [c["id"] for c in snapshot.get("choices", []) if c.get("correct")]
        if index % right_every or not correct:
            continue
        if snapshot["type"] == QuestionType.MULTIPLE_ANSWER:
            answer: dict = {"choices": correct}
        elif snapshot["type"] in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
            answer = {"choice": correct[0]}
        else:
            continue
        attempt_answer(attempt=attempt, user=student, position=index, answer=answer, now=at)
    return attempt_submit(attempt=attempt, user=student, now=at + timedelta(minutes=8))
