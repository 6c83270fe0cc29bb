"""Writes for attempts: start, answer, submit, expire.

The server is the authority: limits, deadlines and scores are decided here, under a row
lock on the attempt, so a repeated or concurrent POST never stores a second response.
Only POSTs and the `expire_attempts` command call these: a GET reads an attempt past its
deadline as handed in (selectors.attempt_as_read) and writes nothing.
"""

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, QuerySet, Sum
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.answers import option_order_for, validate_answer
from quizzes.attempts.models import GRACE, LIVE_MODE, Attempt, Response
from quizzes.attempts.selectors import (
    answers_revealed,
    attempt_as_read,
    attempt_mistakes,
    finished_state,
    is_due,
    is_late,
    local_moment,
    pinned_version_id,
)
from quizzes.core.columns import column, concrete_field
from quizzes.questions.grading import grade
from quizzes.questions.models import Question, QuestionSet, QuestionVersion
from quizzes.questions.selectors import playable_items, question_versions
from quizzes.questions.services import mistakes_set_save, mistakes_slug

START_RETRIES = 3

CLOSED = "This attempt has been submitted; answers can no longer change."
TIME_UP = (
    "Time is up: your attempt was submitted with the answers saved before the deadline. "
    "This answer was not saved."
)


class AttemptError(Exception):
    """A request the rules refuse; the message is shown to the student."""


class AttemptRefused(AttemptError):
    """No attempt may be started (limit reached, assignment closed, …)."""


class AttemptClosed(AttemptError):
    """The attempt is submitted or its time is up: answers can no longer change."""


class AnswerLocked(AttemptError):
    """In practice mode the first answer stands once its feedback has been shown."""


def draw_questions(question_set: QuestionSet, rng: random.Random) -> tuple[list[int], dict, dict]:
    """Question ids, their pinned versions and option orders for a new attempt."""
    items = list(
        playable_items(question_set=question_set)
        .order_by("position", "id")
        .values_list("question_id", "question__current_version_id")
    )
    if question_set.draw_count and question_set.draw_count < len(items):
        drawn = set(rng.sample(range(len(items)), question_set.draw_count))
        items = [item for i, item in enumerate(items) if i in drawn]
    if question_set.shuffle_questions:
        rng.shuffle(items)
    versions = {str(qid): vid for qid, vid in items}
    snapshots = dict(
        QuestionVersion.objects.filter(pk__in=versions.values()).values_list("pk", "snapshot")
    )
    option_order = {
        str(qid): option_order_for(snapshots[vid], shuffle=question_set.shuffle_options, rng=rng)
        for qid, vid in items
    }
    return [qid for qid, _ in items], versions, option_order


def _finish(attempt: Attempt, *, submitted_at: datetime) -> Attempt:
    """Score a locked, open attempt from its saved responses and close it (late if handed
    in after the assignment's due date): what selectors.attempt_as_read shows beforehand."""
    total = attempt.responses.aggregate(total=Sum("score"))["total"] or 0.0
    state = finished_state(attempt, total=total, submitted_at=submitted_at)
    for name, value in state.items():
        setattr(attempt, name, value)
    attempt.save(update_fields=list(state))
    return attempt


def _finish_at_deadline(attempt: Attempt) -> Attempt:
    """Hand in an attempt found due (`is_due`) as at its deadline, not when it was noticed."""
    if attempt.deadline is None:
        raise ValueError("An attempt without a deadline is never due.")
    return _finish(attempt, submitted_at=attempt.deadline)


class DueDate(Protocol):
    """An assignment's due date and late-work rule (its AssignmentTerms, or the classes
    app's Assignment itself)."""

    @property
    def due_at(self) -> datetime: ...

    @property
    def accept_late(self) -> bool: ...


class SavedAssignment(DueDate, Protocol):
    """An assignment as it was saved, whose running attempts follow it."""

    pk: Any


@dataclass(frozen=True)
class AssignmentTerms:
    """The terms of an assignment that an attempt started for it keeps: the classes app
    reads them from the assignment (`classes.selectors.assignment_terms`) and passes them
    in, so the attempts app never reads a class or an assignment."""

    assignment_id: int
    question_set_id: int
    opens_at: datetime
    due_at: datetime
    accept_late: bool
    attempts_allowed: int | None  # the assignment's limit, else the set's; None: unlimited


def _deadline(*, time_limit_ends: datetime | None, terms: DueDate | None) -> datetime | None:
    """When an attempt is handed in automatically: the end of its time limit, or the
    assignment's due date if that comes first and late work is refused."""
    ends = [time_limit_ends] if time_limit_ends is not None else []
    if terms is not None and not terms.accept_late:
        ends.append(terms.due_at)
    return min(ends, default=None)


# What can change on an attempt once started; the rest (drawn questions, pinned versions,
# option orders, pass mark, time limit) is fixed at the start. The deadline and due date
# follow the assignment (attempts_follow_assignment).
STATE_FIELDS = [
    "status",
    "deadline",
    "due_at",
    "late",
    "current_index",
    "score",
    "max_score",
    "percent",
    "passed",
    "submitted_at",
]


def _lock(attempt: Attempt) -> None:
    """Lock the attempt's row and reload its state onto `attempt`, in one query."""
    state = Attempt.objects.select_for_update().filter(pk=attempt.pk).values(*STATE_FIELDS).get()
    for name, value in state.items():
        setattr(attempt, name, value)


def _open_attempts(
    *, user: User, question_set: QuestionSet, assignment_id: int | None
) -> QuerySet[Attempt]:
    """The student's unfinished attempts at the set (for the assignment), latest first."""
    return Attempt.objects.filter(
        user=user,
        question_set=question_set,
        assignment_id=assignment_id,  # type: ignore[misc]  # None: IS NULL, the set's own
        status=Attempt.Status.IN_PROGRESS,
    ).order_by("-number")


# Why the classes app refuses a new attempt now (not in the assignment's class; an exam
# assigned to the student, sat as the assignment first), or None; asked only when a new
# attempt would start, under the student's row lock.
Refusal = Callable[[], str | None]


def _start(
    *,
    user: User,
    question_set: QuestionSet,
    terms: AssignmentTerms | None,
    refusal: Refusal | None,
    now: datetime,
) -> Attempt:
    # Starts by the same student queue on their user row: the limit check below and the
    # insert then see each other's attempts (the unique number alone cannot stop two
    # starts that read the count before either committed and then draw numbers 1 and 2).
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
    if terms is not None and terms.question_set_id != question_set.pk:
        raise AttemptRefused("This assignment is for another question set.")
    assignment_id = terms.assignment_id if terms is not None else None
    # The student's running attempt comes first: it is theirs to finish whatever happened
    # since it started (removed from the class, the due date passed within its grace).
    open_attempt = (
        _open_attempts(user=user, question_set=question_set, assignment_id=assignment_id)
        .select_for_update(of=("self",))
        .select_related("question_set")
        .first()
    )
    if open_attempt is not None:
        if not is_due(open_attempt, now):
            return open_attempt  # resume rather than start a second one
        _finish_at_deadline(open_attempt)
    try:
        late = _may_start(
            user=user, question_set=question_set, terms=terms, refusal=refusal, now=now
        )
    except AttemptRefused:
        if open_attempt is None:
            raise
        # "Continue" on an attempt whose time is up, when no new one may start (the due
        # date passed with late work refused, attempts used up, out of the class): it is
        # handed in at its deadline, and the student is shown that result.
        return open_attempt
    question_ids, versions, option_order = draw_questions(question_set, random.SystemRandom())
    if not question_ids:
        raise AttemptRefused("This question set has no published questions yet.")
    mine = Attempt.objects.filter(user=user, question_set=question_set)
    number = (mine.aggregate(n=Max("number"))["n"] or 0) + 1
    time_limit_ends = (
        now + timedelta(minutes=question_set.time_limit_minutes)
        if question_set.time_limit_minutes
        else None
    )
    return Attempt.objects.create(
        user=user,
        question_set=question_set,
        assignment_id=assignment_id,
        number=number,
        mode=question_set.mode,
        question_ids=question_ids,
        versions=versions,
        option_order=option_order,
        started_at=now,
        pass_mark=question_set.pass_mark,
        time_limit_ends=time_limit_ends,
        deadline=_deadline(time_limit_ends=time_limit_ends, terms=terms),
        due_at=terms.due_at if terms is not None else None,
        late=late,
    )


def _may_start(
    *,
    user: User,
    question_set: QuestionSet,
    terms: AssignmentTerms | None,
    refusal: Refusal | None,
    now: datetime,
) -> bool:
    """Whether a new attempt starts late; AttemptRefused if none may start now (run under
    the student's row lock, after any running attempt was closed)."""
    if refusal is not None and (reason := refusal()):
        raise AttemptRefused(reason)
    late = False
    allowed = question_set.attempts_allowed
    mine = Attempt.objects.filter(user=user, question_set=question_set)
    counted = mine.exclude(mode=LIVE_MODE)  # a live game's attempt takes none of the set's
    if terms is not None:
        if now < terms.opens_at:
            raise AttemptRefused(f"This assignment opens on {local_moment(terms.opens_at)}.")
        late = now > terms.due_at
        if late and not terms.accept_late:
            raise AttemptRefused(
                f"This assignment was due on {local_moment(terms.due_at)}; "
                "late attempts are not accepted."
            )
        allowed = terms.attempts_allowed
        counted = mine.filter(assignment_id=terms.assignment_id)
    if allowed is not None and counted.count() >= allowed:
        raise AttemptRefused(
            "You have used the one attempt allowed."
            if allowed == 1
            else f"You have used all {allowed} attempts allowed."
        )
    return late


def attempt_start(
    *,
    user: User,
    question_set: QuestionSet,
    terms: AssignmentTerms | None = None,
    refusal: Refusal | None = None,
    now: datetime | None = None,
) -> Attempt:
    """Start an attempt, or return the student's unfinished one for the same set/assignment.

    An attempt for an assignment starts on its `terms`; `refusal` is the classes app's say
    on a new attempt (`classes.services.student_attempt_start` passes both).

    Concurrent starts are serialised on the student's row; should two still compute the
    same attempt number, the unique constraint on (user, set, number) lets one win and
    the other retries, finding the winner's attempt.
    """
    now = now or timezone.now()
    if terms is None:
        # Resuming reads one row and needs no lock: taking the student's row lock would
        # also cost a commit (a WAL flush) on every "Start" of a quiz already under way.
        # An assignment's start checks the class and the dates first, under the lock.
        resumable = (
            _open_attempts(user=user, question_set=question_set, assignment_id=None)
            .select_related("question_set")
            .first()
        )
        if resumable is not None and not is_due(resumable, now):
            return resumable
    for _ in range(START_RETRIES):
        try:
            with transaction.atomic():
                return _start(
                    user=user, question_set=question_set, terms=terms, refusal=refusal, now=now
                )
        except IntegrityError:
            continue
    raise AttemptRefused("Another start of this quiz is under way; please try again.")


def attempt_refuse_if_closed(*, attempt: Attempt, now: datetime | None = None) -> None:
    """AttemptClosed if the attempt can no longer change; one whose time is up is handed
    in first. Every POST on the player's questions starts here, before reading its input,
    so a closed attempt gets the same refusal whatever was posted. No query while open."""
    if attempt_expire_if_due(attempt=attempt, now=now):
        raise AttemptClosed(TIME_UP)
    if not attempt.is_open:
        raise AttemptClosed(CLOSED)


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Submit an attempt whose time is up with what was saved; True if it was closed now.

    Costs no query unless the deadline has passed.
    """
    now = now or timezone.now()
    if not is_due(attempt, now):
        return False
    with transaction.atomic():
        _lock(attempt)
        expired = is_due(attempt, now)
        if expired:
            _finish_at_deadline(attempt)
    return expired


def attempts_expire_overdue(*, attempts: QuerySet[Attempt], now: datetime | None = None) -> int:
    """Submit, with what was saved, every attempt in `attempts` whose time is up; how many.

    Run by `manage.py expire_attempts` (cron): pages already read such an attempt as
    handed in (selectors.attempt_as_read), this makes it so in the table, which the
    SQL aggregates of the reports read. Idempotent. One query when none is overdue.
    """
    now = now or timezone.now()
    overdue = attempts.filter(status=Attempt.Status.IN_PROGRESS, deadline__lt=now - GRACE)
    return sum(
        attempt_expire_if_due(attempt=attempt, now=now)
        for attempt in overdue.select_related("question_set")
    )


@transaction.atomic
def attempts_follow_assignment(*, assignment: SavedAssignment, now: datetime | None = None) -> int:
    """Bring the running attempts of an assignment in step with its (changed) due date and
    late-work rule; how many changed. Called whenever the assignment is saved.

    Each attempt's deadline becomes the end of its own time limit or, if late work is
    refused, the due date if sooner; its `late` mark is worked out again against the new
    due date (started after it, or an answer saved after it and its grace). One whose new
    deadline has passed is handed in at it, with what was saved, at once.
    """
    now = now or timezone.now()
    running = list(
        Attempt.objects.select_for_update()
        .filter(assignment_id=assignment.pk, status=Attempt.Status.IN_PROGRESS)
        .select_related("question_set")
    )
    changed = []
    for attempt in running:
        state = (
            _deadline(time_limit_ends=attempt.time_limit_ends, terms=assignment),
            assignment.due_at,
            attempt.started_at > assignment.due_at
            or attempt.responses.filter(updated_at__gt=assignment.due_at + GRACE).exists(),
        )
        if state != (attempt.deadline, attempt.due_at, attempt.late):
            attempt.deadline, attempt.due_at, attempt.late = state
            changed.append(attempt)
    Attempt.objects.bulk_update(changed, ["deadline", "due_at", "late"])
    for attempt in changed:
        if is_due(attempt, now):
            _finish_at_deadline(attempt)
    return len(changed)


def attempts_leave_assignments(*, assignments: QuerySet[Any]) -> int:
    """Release the running attempts of assignments about to be removed (or whose class is
    about to be deleted): once it is gone, a due date no longer bounds them, only their own
    time limit; how many. Called before the delete, while they still point at it."""
    return Attempt.objects.filter(
        assignment__in=assignments, status=Attempt.Status.IN_PROGRESS
    ).update(deadline=F("time_limit_ends"), due_at=None)


def attempt_answer(
    *,
    attempt: Attempt,
    user: User,
    position: int,
    answer: dict,
    version: QuestionVersion | None = None,
    move_to: int | None = None,
    keep_place: bool = False,
    now: datetime | None = None,
) -> Response:
    """Save (and grade) the answer to the question at `position` of an open attempt.

    Practice: the first answer stands; posting it again returns the saved response.
    Exam: the answer may change until the attempt is submitted. An answer after the
    deadline closes the attempt with what was saved and is refused. `move_to` is the
    screen the student goes to next (resuming lands there); by default this question.
    `keep_place`: an exam's draft (saved as it is typed, `views.attempt_draft`) leaves the
    screen the student is on alone, since a draft can land after the next screen's POST.
    `attempt` is updated with the state read under the lock.
    """
    now = now or timezone.now()
    if attempt.user_id != user.pk:
        raise AttemptClosed("This attempt is not yours.")
    if not 0 <= position < len(attempt.question_ids):
        raise AttemptClosed("There is no such question in this attempt.")
    move_to = position if move_to is None else move_to
    if keep_place:
        move_to = attempt.current_index
    newly_late = is_late(attempt, now) and not attempt.late
    if connection.vendor == "postgresql" and not is_due(attempt, now) and not newly_late:
        inserted = _insert_first_answer(attempt, position, answer, version, move_to, now)
        if inserted is not None:
            return inserted
    # Everything else (an answer already given, a closed attempt, time up, the first answer
    # after the due date, SQLite) goes through the general path under the attempt's row lock.
    with transaction.atomic():
        _lock(attempt)
        time_up = is_due(attempt, now)
        if time_up:
            _finish_at_deadline(attempt)
        elif attempt.is_open:
            response = _save_response(attempt, position, answer, version)
            if not keep_place:
                _set_index(attempt, move_to)
            if is_late(attempt, now) and not attempt.late:
                attempt.late = True
                Attempt.objects.filter(pk=attempt.pk).update(late=True)
    if time_up:
        raise AttemptClosed(TIME_UP)
    if not attempt.is_open:
        raise AttemptClosed(CLOSED)
    return response


# The common case of an answer, on PostgreSQL, in one statement: lock the attempt's row
# if it is still open (moving it to the next screen if needed), then insert the response
# unless the question already has one. Waiting for the lock re-checks the status, so an
# answer cannot slip in after a submit has scored the attempt; the unique constraint, not
# a snapshot read, decides whether a response already exists. The lock also re-checks the
# deadline and due date (a teacher may have moved them: attempts_follow_assignment). No row
# back: the attempt is closed, past its deadline or newly late, or the question answered,
# and the general path sorts out which.
FIRST_ANSWER_SQL = """
WITH attempt AS ({lock})
INSERT INTO {response} ({columns}) SELECT attempt.id, {values} FROM attempt
ON CONFLICT ({attempt_column}, {question_column}) DO NOTHING
RETURNING id
"""
IN_TIME = (
    "({deadline} IS NULL OR {deadline} >= %s) AND ({due_at} IS NULL OR {late} OR {due_at} >= %s)"
)
LOCK_OPEN_SQL = "SELECT id FROM {attempt} WHERE id = %s AND status = %s AND {in_time} FOR UPDATE"
LOCK_OPEN_AND_MOVE_SQL = (
    "UPDATE {attempt} SET {current_index} = %s WHERE id = %s AND status = %s AND {in_time} "
    "RETURNING id"
)
RESPONSE_FIELDS = [
    "question",
    "question_version",
    "position",
    "answer",
    "score",
    "max_score",
    "is_correct",
    "note",
    "answered_at",
    "updated_at",
]


IN_TIME_FIELDS = ["deadline", "due_at", "late"]


@functools.cache
def _first_answer_sql(move: bool) -> str:
    quote = connection.ops.quote_name
    lock = LOCK_OPEN_AND_MOVE_SQL if move else LOCK_OPEN_SQL
    in_time = {name: quote(column(Attempt, name)) for name in IN_TIME_FIELDS}
    return FIRST_ANSWER_SQL.format(
        lock=lock.format(
            attempt=quote(Attempt._meta.db_table),
            current_index=quote(column(Attempt, "current_index")),
            in_time=IN_TIME.format(**in_time),
        ),
        response=quote(Response._meta.db_table),
        columns=", ".join(quote(column(Response, name)) for name in ["attempt", *RESPONSE_FIELDS]),
        values=", ".join("%s" for _ in RESPONSE_FIELDS),
        attempt_column=quote(column(Response, "attempt")),
        question_column=quote(column(Response, "question")),
    ).strip()


def _graded_fields(attempt: Attempt, position: int, answer: dict, version) -> dict:
    """The response's fields for `answer` to the question at `position`: validated against
    the pinned version and graded."""
    version_id = pinned_version_id(attempt, position)
    if version is None or version.pk != version_id:
        version = question_versions(ids=[version_id])[version_id]
    answer = validate_answer(version.snapshot, answer)
    result = grade(version.snapshot, answer)
    return {
        "question_id": attempt.question_ids[position],
        "question_version": version,
        "position": position,
        "answer": answer,
        "score": result.score,
        "max_score": 1.0,
        "is_correct": result.correct,
        "note": result.note[:200],
    }


def _insert_first_answer(
    attempt: Attempt, position: int, answer: dict, version, move_to: int, now: datetime
) -> Response | None:
    """The response saved by FIRST_ANSWER_SQL, or None if it saved nothing."""
    response = Response(attempt=attempt, **_graded_fields(attempt, position, answer, version))
    response.answered_at = response.updated_at = now
    move = attempt.current_index != move_to
    lock_params: list[int | str | None] = [move_to] if move else []
    before = connection.ops.adapt_datetimefield_value(now - GRACE)
    lock_params += [attempt.pk, Attempt.Status.IN_PROGRESS, before, before]
    values = [
        field.get_db_prep_save(getattr(response, field.attname), connection)
        for field in (concrete_field(Response, name) for name in RESPONSE_FIELDS)
    ]
    with connection.cursor() as cursor:
        cursor.execute(_first_answer_sql(move), [*lock_params, *values])
        row = cursor.fetchone()
    if row is None:
        return None
    response.pk = row[0]
    response._state.adding = False
    response._state.db = connection.alias
    attempt.current_index = move_to
    return response


def _save_response(
    attempt: Attempt, position: int, answer: dict, version: QuestionVersion | None
) -> Response:
    """Insert, or in an exam replace, the response at `position` of a locked attempt."""
    fields = _graded_fields(attempt, position, answer, version)
    question_id = fields.pop("question_id")
    # Read after the lock, so it sees a response committed by a request that held it.
    existing = Response.objects.filter(attempt=attempt, question_id=question_id).first()
    if existing is not None and existing.answer == fields["answer"]:
        return existing
    if existing is not None and attempt.mode == QuestionSet.Mode.PRACTICE:
        raise AnswerLocked("You have already answered this question; your first answer stands.")
    if existing is None:
        return Response.objects.create(attempt=attempt, question_id=question_id, **fields)
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.save()
    return existing


def _set_index(attempt: Attempt, index: int) -> None:
    if attempt.current_index != index:
        attempt.current_index = index
        Attempt.objects.filter(pk=attempt.pk).update(current_index=index)


def attempt_move(*, attempt: Attempt, index: int) -> None:
    """Remember which screen the student is on, so leaving and coming back resumes there."""
    if attempt.current_index != index and attempt.is_open:
        Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
            current_index=index
        )
        attempt.current_index = index


def attempt_answer_clear(
    *, attempt: Attempt, user: User, position: int, now: datetime | None = None
) -> bool:
    """Withdraw the saved answer to an exam question, which then counts as skipped; True if
    there was one. An exam's answers may change until it is handed in (and with negative
    marks, no answer can be worth more than a wrong one); in practice the first answer
    stands. After the deadline the attempt is handed in instead, as an answer would be."""
    now = now or timezone.now()
    if attempt.user_id != user.pk:
        raise AttemptClosed("This attempt is not yours.")
    if attempt.mode != QuestionSet.Mode.EXAM:
        raise AnswerLocked("In practice your first answer stands.")
    with transaction.atomic():
        _lock(attempt)
        if is_due(attempt, now):
            _finish_at_deadline(attempt)
        if not attempt.is_open:
            raise AttemptClosed(CLOSED)
        deleted, _ = Response.objects.filter(attempt=attempt, position=position).delete()
    return bool(deleted)


def attempt_submit(*, attempt: Attempt, user: User, now: datetime | None = None) -> Attempt:
    """Close the attempt and score it; submitting twice changes nothing."""
    now = now or timezone.now()
    if attempt.user_id != user.pk:
        raise AttemptClosed("This attempt is not yours.")
    with transaction.atomic():
        _lock(attempt)
        if is_due(attempt, now):
            _finish_at_deadline(attempt)
        elif attempt.is_open:
            _finish(attempt, submitted_at=now)
    return attempt


NO_MISTAKES = "Nothing to practise: every answer in this attempt was fully right."


def attempt_practise_mistakes(
    *, user: User, attempt: Attempt, now: datetime | None = None
) -> Attempt:
    """A practice attempt of the questions not fully right in `attempt` (wrong, partly
    right or not answered), in the student's own "My mistakes" set (private, practice,
    answers shown at once; `questions.services.mistakes_set_save`), drawn at their
    current versions. Only for the student's own handed-in attempt whose answers are
    shown to them: the list of mistakes would otherwise tell which answers were right.

    A repeated POST resumes the attempt it started (same questions) rather than starting
    another; a mistakes attempt under way from another result is handed in first, with
    its saved answers, since the set's questions are replaced."""
    now = now or timezone.now()
    if attempt.user_id != user.pk:
        raise AttemptRefused("This attempt is not yours.")
    attempt_as_read(attempt, now=now)
    if attempt.is_open:
        raise AttemptRefused("This attempt is still in progress: hand it in first.")
    if not answers_revealed(attempt=attempt, viewer=user, now=now):
        raise AttemptRefused("Your mistakes can be practised once the answers are shown.")
    wanted = attempt_mistakes(attempt=attempt)
    questions = {
        question.pk: question
        for question in Question.objects.filter(
            pk__in=wanted,
            status=Question.Status.PUBLISHED,
            current_version__isnull=False,
        )
    }
    ordered = [questions[pk] for pk in wanted if pk in questions]
    if not ordered:
        raise AttemptRefused(NO_MISTAKES)
    with transaction.atomic():
        # The student's starts queue on their row (as attempt_start's do).
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
        running = (
            Attempt.objects.filter(
                user=user,
                question_set__owner=user,
                question_set__slug=mistakes_slug(user),
                status=Attempt.Status.IN_PROGRESS,
            )
            .select_for_update(of=("self",))
            .select_related("question_set")
            .first()
        )
        if running is not None:
            if sorted(running.question_ids) == sorted(q.pk for q in ordered):
                return running
            _finish(running, submitted_at=now)
        question_set = mistakes_set_save(
            owner=user, title=attempt.question_set.title, questions=ordered
        )
        return _start(user=user, question_set=question_set, terms=None, refusal=None, now=now)
