"""Writes for classes, assignments and invitations."""

import functools
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts import services as attempts_services
from quizzes.attempts.models import Attempt
from quizzes.attempts.services import attempts_follow_assignment, attempts_leave_assignments
from quizzes.classes.models import (
    Assignment,
    Classroom,
    Invite,
    Membership,
    PastMembership,
    new_join_code,
)
from quizzes.classes.selectors import assignment_terms, own_attempt_refusal
from quizzes.flashcards.services import decks_out_of_sight
from quizzes.questions.models import QuestionSet


def student_attempt_start(
    *,
    user: User,
    question_set: QuestionSet,
    assignment: Assignment | None = None,
    now: datetime | None = None,
) -> Attempt:
    """Start (or resume) a student's attempt at a set: for an assignment, on its terms and
    only while they are in its class; of their own, unless an exam assigned to them is to
    be sat as the assignment first. The attempts app starts it (`attempt_start`: refused
    with AttemptRefused)."""
    now = now or timezone.now()
    if assignment is None:
        refusal = functools.partial(
            own_attempt_refusal, user=user, question_set=question_set, now=now
        )
        return attempts_services.attempt_start(
            user=user, question_set=question_set, refusal=refusal, now=now
        )
    if assignment.question_set_id == question_set.pk:
        assignment.question_set = question_set  # its limit falls back on the set's

    def not_in_class() -> str | None:
        in_class = Membership.objects.filter(classroom_id=assignment.classroom_id, student=user)
        if in_class.exists():
            return None
        return "This assignment was given to a class you are not in."

    return attempts_services.attempt_start(
        user=user,
        question_set=question_set,
        terms=assignment_terms(assignment=assignment),
        refusal=not_in_class,
        now=now,
    )


@transaction.atomic
def classroom_create(*, owner: User, name: str) -> Classroom:
    return Classroom.objects.create(owner=owner, name=name)


def classroom_regenerate_code(*, classroom: Classroom) -> str:
    """A fresh join code; the old one stops working at once."""
    for _ in range(10):
        code = new_join_code()
        try:
            with transaction.atomic():
                Classroom.objects.filter(pk=classroom.pk).update(join_code=code)
        except IntegrityError:
            continue
        classroom.join_code = code
        return code
    raise RuntimeError("Could not find a free join code.")


@transaction.atomic
def classroom_join(*, student: User, code: str) -> tuple[Classroom, bool]:
    """Join the class with this code: the class, and whether the student joined now
    (False: already a member; joining twice is harmless, unique membership)."""
    classroom = Classroom.objects.filter(join_code=code).first()
    if classroom is None:
        raise ValidationError("No class has that code. Check it with your teacher.")
    if classroom.owner_id == student.pk:
        raise ValidationError("You teach this class.")
    _, joined = Membership.objects.get_or_create(classroom=classroom, student=student)
    return classroom, joined


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a student from a class (they left, or their teacher removed them). The
    membership ends rather than vanishes (PastMembership), so what was assigned to them
    still holds; they leave the roster and the gradebook, their attempts are kept, and the
    decks of sets they could see only through the class are deleted (their cards and
    review logs are kept: flashcards.services.decks_out_of_sight)."""
    membership_ended(memberships=[membership])
    membership.delete()
    decks_out_of_sight(user=membership.student)


def membership_ended(*, memberships: list[Membership]) -> None:
    """Record that these memberships ended now (before they are deleted)."""
    PastMembership.objects.bulk_create(
        PastMembership(classroom_id=m.classroom_id, student_id=m.student_id, joined_at=m.joined_at)
        for m in memberships
    )


@transaction.atomic
def assignment_save(*, assignment: Assignment) -> Assignment:
    """Save the assignment; its students' running attempts follow a changed due date or
    late-work rule (attempts_follow_assignment)."""
    assignment.full_clean()
    assignment.save()
    attempts_follow_assignment(assignment=assignment)
    return assignment


@transaction.atomic
def invite_create(*, created_by: User, email: str = "") -> Invite:
    return Invite.objects.create(created_by=created_by, email=email)


@transaction.atomic
def invite_accept(*, invite: Invite, form) -> User:
    """Create the teacher account and use up the invitation, exactly once."""
    invite = Invite.objects.select_for_update().get(pk=invite.pk)
    if not invite.is_usable:
        raise ValidationError("This invitation has been used or has expired.")
    user = form.save(commit=False)
    user.role = get_user_model().Role.TEACHER
    user.save()
    invite.used_by = user
    invite.used_at = timezone.now()
    invite.save(update_fields=["used_by", "used_at"])
    return user


@transaction.atomic
def assignment_remove(*, assignment: Assignment) -> None:
    """Take a set off a class. Its column leaves the gradebook; the attempts made for it
    stay in each student's history as attempts at the set (Attempt.assignment is SET_NULL),
    and one still running can be finished, its due date lifted. Students who could see the
    set only through the assignment lose its flashcard deck (decks_out_of_sight)."""
    attempts_leave_assignments(assignments=Assignment.objects.filter(pk=assignment.pk))
    assignment.delete()
    decks_out_of_sight(question_set=assignment.question_set)


@transaction.atomic
def classroom_delete(*, classroom: Classroom) -> None:
    """Delete a class with its roster and assignments (the gradebook goes with them). The
    students' accounts and attempts stay: each attempt made for an assignment becomes an
    attempt at its set in the student's own history (Attempt.assignment is SET_NULL), a
    running one with its due date lifted; decks of sets they could see only through the
    class are deleted, as when a student is removed."""
    students = list(User.objects.filter(memberships__classroom=classroom))
    attempts_leave_assignments(assignments=classroom.assignments.all())
    classroom.delete()
    for student in students:
        decks_out_of_sight(user=student)


@transaction.atomic
def classroom_rename(*, classroom: Classroom, name: str) -> Classroom:
    classroom.name = name
    classroom.full_clean()
    classroom.save(update_fields=["name"])
    return classroom
