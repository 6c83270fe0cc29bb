"""Reads for the player: who may see an attempt, one screen, the review, past attempts.

Each read costs a fixed number of queries whatever the size of the quiz.
"""

import functools
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TypedDict, cast

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from quizzes.accounts.models import User
from quizzes.attempts import answers
from quizzes.attempts.holds import HOLDS
from quizzes.attempts.models import GRACE, LIVE_MODE, Attempt, Response
from quizzes.core.columns import column
from quizzes.core.fastpaths import CompiledRead
from quizzes.questions.models import Citation, Question, QuestionSet, QuestionVersion, SetItem
from quizzes.questions.selectors import question_versions

NO_UUID = uuid.UUID(int=0)  # a placeholder to reverse an address with a public id


def is_due(attempt: Attempt, now: datetime) -> bool:
    """Whether an open attempt's time is up (its deadline and the grace have passed)."""
    return attempt.is_open and attempt.deadline is not None and now > attempt.deadline + GRACE


def is_late(attempt: Attempt, at: datetime) -> bool:
    """Whether work at `at` comes after the assignment's due date (and its grace)."""
    return attempt.due_at is not None and at > attempt.due_at + GRACE


def finished_state(attempt: Attempt, *, total: float, submitted_at: datetime) -> dict:
    """The fields of an open attempt handed in at `submitted_at` with `total` marks: the
    one rule for the hand-in (services._finish) and for reading an attempt whose time is
    up as handed in (attempt_as_read)."""
    max_score = float(len(attempt.question_ids))
    percent = round(100 * total / max_score, 1) if max_score else 0.0
    return {
        "score": round(total, 6),
        "max_score": max_score,
        "percent": percent,
        "passed": percent >= attempt.pass_mark,
        "status": Attempt.Status.SUBMITTED,
        "submitted_at": submitted_at,
        "late": attempt.late or is_late(attempt, submitted_at),
    }


def attempts_as_read(attempts: list[Attempt], *, now: datetime | None = None) -> list[Attempt]:
    """`attempts` as every page shows them: one whose time is up (past its deadline and
    grace, not yet handed in) reads as handed in at its deadline, scored from its saved
    answers, as the POST services and `manage.py expire_attempts` will write it. Nothing
    is saved (a GET changes nothing). No query unless one is overdue, then one."""
    now = now or timezone.now()
    due = [attempt for attempt in attempts if is_due(attempt, now)]
    if due:
        totals = dict(
            Response.objects.filter(attempt__in=due)
            .values_list("attempt_id")
            .annotate(total=Sum("score"))
            .order_by()
        )
        for attempt in due:
            state = finished_state(
                attempt,
                total=totals.get(attempt.pk) or 0.0,
                submitted_at=cast(datetime, attempt.deadline),  # is_due: it has one
            )
            for name, value in state.items():
                setattr(attempt, name, value)
    return attempts


def attempt_as_read(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """One attempt as pages show it (`attempts_as_read`)."""
    return attempts_as_read([attempt], now=now)[0]


def attempts_of(*, user: User) -> QuerySet[Attempt]:
    """Attempts a student plays: only their own (the player needs the set's settings)."""
    return Attempt.objects.filter(user=user).select_related("question_set")


_attempt_of = CompiledRead(
    lambda pk, user: attempts_of(user=user).filter(pk=pk).order_by(), "pk", "user"
)


def attempt_of(*, user: User, pk: int) -> Attempt | None:
    """The student's attempt `pk` with its set, or None: `attempts_of` compiled once (every
    player request starts with it; quizzes.core.fastpaths)."""
    return _attempt_of.first(pk=pk, user=user.pk)


_unfinished_attempts = CompiledRead(
    lambda user: (
        attempts_of(user=user)
        .filter(status=Attempt.Status.IN_PROGRESS)
        .order_by("-started_at", "-pk")[:10]
    ),
    "user",
)


def unfinished_attempts(*, user: User | AnonymousUser) -> list[Attempt]:
    """The student's attempts still open (ten at most), latest first: the home page offers
    to continue them, whichever way they were started (a set or class they may no longer
    see included), leaving out those whose time is up (they read as handed in). One query
    on the (user, status) index, compiled once: the home page is a hot page, and building
    it with the ORM cost more than running it."""
    if not user.is_authenticated:
        return []
    now = timezone.now()
    return [a for a in _unfinished_attempts.all(user=user.pk) if not is_due(a, now)]


def local_moment(moment: datetime) -> str:
    """A moment for a message to the signed-in user: in their zone (UserTimeZoneMiddleware)
    and in the format pages show dates in (`{{ due_at }}`), so both read alike."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def attempts_viewable_by(*, user: User) -> QuerySet[Attempt]:
    """Results a user may read: their own, and for teachers those of their sets and classes."""
    attempts = Attempt.objects.select_related("question_set", "assignment", "user")
    if user.is_staff:
        return attempts
    return attempts.filter(
        Q(user=user) | Q(question_set__owner=user) | Q(assignment__classroom__owner=user)
    )


def answers_revealed(*, attempt: Attempt, viewer: User, now: datetime | None = None) -> bool:
    """Whether the correct answers and explanations of an attempt may be shown now.

    While the attempt is open only "immediately" reveals, and only in practice. Once
    submitted: "after submission" too; "after the due date" once the attempt's assignment
    and every assignment of the set to the student's classes are past due (so a practice
    attempt at an assigned set gives nothing away early; never assigned to them: as after
    submission; classes left included: the classes app's `still_due`, `holds`); "never"
    never does.
    Teachers of the set or class and staff always see them.
    """
    if viewer.pk != attempt.user_id:
        return True
    if attempt.is_open and attempt.mode == QuestionSet.Mode.EXAM:
        return False  # an exam gives nothing away until it is handed in
    reveal = attempt.question_set.reveal
    if reveal == QuestionSet.Reveal.IMMEDIATELY:
        return True
    if attempt.is_open or reveal == QuestionSet.Reveal.NEVER:
        return False
    if reveal == QuestionSet.Reveal.AFTER_DUE:
        now = now or timezone.now()
        if attempt.assignment is not None and now < attempt.assignment.due_at:
            return False
        return not (
            HOLDS.still_due(attempt.user_id, now)
            .filter(question_set_id=attempt.question_set_id)
            .exists()
        )
    return True


@dataclass
class Screen:
    """One question of an attempt as the player shows it."""

    attempt: Attempt
    index: int
    question_id: int
    version: QuestionVersion
    snapshot: dict
    response: Response | None
    widget: dict
    answered_positions: set[int] | None = None
    revealed: bool = False
    citations: list[dict] = field(default_factory=list)

    @cached_property
    def answered(self) -> set[int]:
        """Answered positions, for the exam's navigation (read only if it is shown)."""
        if self.answered_positions is not None:
            return self.answered_positions
        return answered_positions(attempt=self.attempt)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def total(self) -> int:
        return len(self.attempt.question_ids)

    @property
    def is_last(self) -> bool:
        return self.index == self.total - 1

    @property
    def show_feedback(self) -> bool:
        return self.attempt.mode == QuestionSet.Mode.PRACTICE and self.response is not None

    @property
    def correct_answer(self) -> list[str]:
        return answers.describe_correct(self.snapshot) if self.revealed else []

    @property
    def given_answer(self) -> list[str]:
        return answers.describe_answer(
            self.snapshot, self.response.answer if self.response else None
        )

    @cached_property
    def feedback(self) -> dict:
        """Practice feedback marked in place (`answers.feedback`): the widget with a mark on
        each part, and the typed answer given against those accepted. Empty before the
        answer is saved: a question on screen carries no correctness."""
        if not self.show_feedback or self.response is None:
            return {}
        return answers.feedback(
            self.snapshot,
            self.widget,
            self.response.answer,
            correct=self.response.is_correct,
            revealed=self.revealed,
        )

    @property
    def nav(self) -> list[dict]:
        return [
            {"number": i + 1, "answered": i in self.answered, "current": i == self.index}
            for i in range(self.total)
        ]


def citation_links(snapshot: dict) -> list[dict]:
    """A snapshot's "Read in source" links (by public id: a citation deleted since its
    version was taken has none, and no link)."""
    return [
        {"url": reverse("citation_in_source", args=[c["public_id"]]), "quote": c["quote"]}
        for c in snapshot.get("citations", [])
        if c.get("public_id")
    ]


def revealed_responses(*, user: User, now: datetime | None = None) -> QuerySet[Response]:
    """The student's answers whose correct answers they have been shown: `answers_revealed`
    for their own attempts, said in SQL (an open practice attempt at a set revealing
    immediately; handed-in attempts revealing after submission, or after the due date
    once it and every assignment of the set they have had are past)."""
    now = now or timezone.now()
    reveal = "attempt__question_set__reveal"
    submitted = Q(attempt__status=Attempt.Status.SUBMITTED)
    still_due = HOLDS.still_due(user, now).filter(
        question_set_id=OuterRef("attempt__question_set_id")
    )
    return Response.objects.filter(attempt__user=user).filter(
        Q(**{reveal: QuestionSet.Reveal.IMMEDIATELY})
        & (submitted | Q(attempt__mode=QuestionSet.Mode.PRACTICE))
        | submitted & Q(**{reveal: QuestionSet.Reveal.AFTER_SUBMISSION})
        | submitted
        & Q(**{reveal: QuestionSet.Reveal.AFTER_DUE})
        & (Q(attempt__assignment__isnull=True) | Q(attempt__assignment__due_at__lte=now))
        & ~Exists(still_due)
    )


def citations_readable_by(*, user: User | AnonymousUser) -> QuerySet[Citation]:
    """Citations a user may read: a citation's quote answers its question, so it is
    readable by whoever may see that answer. Staff; the question's author; the owner of a
    set that has it and the teacher of a class it is assigned to (both see the answers in
    their students' results); anyone who may open a practice set with it whose flashcards
    show answers (not kept back); and a student whose answer to it was revealed to them
    (`revealed_responses`). Signed-out visitors none."""
    if not user.is_authenticated:
        return Citation.objects.none()
    if user.is_staff:
        return Citation.objects.all()
    in_set = SetItem.objects.filter(question_id=OuterRef("question_id"))
    taught = in_set.filter(
        Q(question_set__owner=user) | Q(question_set_id__in=HOLDS.sets_assigned_by(user))
    )
    practice = in_set.filter(
        question_set__in=QuestionSet.objects.visible_to(user).filter(
            mode=QuestionSet.Mode.PRACTICE,
            reveal__in=[QuestionSet.Reveal.IMMEDIATELY, QuestionSet.Reveal.AFTER_SUBMISSION],
        )
    )
    shown = revealed_responses(user=user).filter(question_id=OuterRef("question_id"))
    return Citation.objects.filter(
        Q(question__author=user) | Exists(taught) | Exists(practice) | Exists(shown)
    )


@functools.cache
def _positions_sql() -> str:
    quote = connection.ops.quote_name
    position = quote(column(Response, "position"))
    attempt = quote(column(Response, "attempt"))
    return f"SELECT {position} FROM {quote(Response._meta.db_table)} WHERE {attempt} = %s"


def resume_index(*, attempt: Attempt, answered: set[int]) -> int:
    """The screen the player's bare address opens on (a reload, "Continue"): in an exam
    the one the last answer or navigation POST moved to; in practice, which goes one
    question at a time, the first unanswered question (the last once all are answered)."""
    count = len(attempt.question_ids)
    if attempt.mode == QuestionSet.Mode.EXAM:
        return min(attempt.current_index, count)
    return next((i for i in range(count) if i not in answered), count - 1)


def answered_positions(*, attempt: Attempt) -> set[int]:
    """The positions the student has answered: one query of one column. Every question
    screen needs them (practice goes no further than the first unanswered question, the
    exam's navigation marks them) and only one response in full, so the rows are not
    made into Response instances (a screen late in a long quiz would pay for every
    answer before it)."""
    with connection.cursor() as cursor:
        cursor.execute(_positions_sql(), [attempt.pk])
        return {position for (position,) in cursor.fetchall()}


_response_to = CompiledRead(
    lambda attempt, question: Response.objects.filter(attempt=attempt, question=question),
    "attempt",
    "question",
)


def response_at(*, attempt: Attempt, index: int) -> Response | None:
    """The saved answer to the question at `index`: one query on the unique
    (attempt, question) index, compiled once (quizzes.core.fastpaths)."""
    response = _response_to.first(attempt=attempt.pk, question=attempt.question_ids[index])
    if response is not None:
        Response.attempt.field.set_cached_value(response, attempt)
    return response


def pinned_version_id(attempt: Attempt, index: int) -> int:
    """The version pinned at the start; attempts made before pinning use the current one."""
    question_id = attempt.question_ids[index]
    pinned = attempt.versions.get(str(question_id))
    if pinned is None:
        pinned = Question.objects.values_list("current_version_id", flat=True).get(pk=question_id)
    return pinned


def attempt_versions(*, attempt: Attempt, indexes: list[int]) -> dict[int, QuestionVersion]:
    """The pinned versions of some positions (answer and next screen): one query at most."""
    wanted = {
        i: pinned_version_id(attempt, i) for i in indexes if 0 <= i < len(attempt.question_ids)
    }
    found = question_versions(ids=wanted.values())
    return {i: found[pk] for i, pk in wanted.items()}


def attempt_screen(
    *,
    attempt: Attempt,
    index: int,
    viewer: User,
    answered: set[int] | None = None,
    response: Response | None = None,
    draft_order: list[str] | None = None,
    version: QuestionVersion | None = None,
    draft_answer: dict | None = None,
) -> Screen:
    """The question at `index` with the student's saved answer.

    `answered` are the attempt's answered positions, when the caller has read them (the
    saved answer is then read if this question has one); without them, `response` is the
    one to this question (none yet if None). `draft_answer`, a refused answer, is shown
    in the controls instead of the saved one.
    """
    question_id = attempt.question_ids[index]
    if version is None or version.pk != pinned_version_id(attempt, index):
        version = attempt_versions(attempt=attempt, indexes=[index])[index]
    if answered is not None and index in answered:
        response = response_at(attempt=attempt, index=index)
    shown = response.answer if response else None
    if draft_answer is not None and (response is None or attempt.mode == QuestionSet.Mode.EXAM):
        shown = draft_answer  # a practice answer once given stays on screen with its feedback
    snapshot = version.snapshot
    revealed = response is not None and answers_revealed(attempt=attempt, viewer=viewer)
    return Screen(
        attempt=attempt,
        index=index,
        question_id=question_id,
        version=version,
        snapshot=snapshot,
        response=response,
        answered_positions=answered,
        widget=answers.widget(
            snapshot,
            order=attempt.option_order.get(str(question_id), {}),
            attempt_id=attempt.pk,
            answer=shown,
            draft=draft_order,
        ),
        revealed=revealed,
        # The quote that supports the answer is the answer: shown with it only.
        citations=citation_links(snapshot) if revealed else [],
    )


OUTCOME_ICONS = {"Correct": "✓", "Partly right": "◐", "Wrong": "✗", "Not answered": "✗"}


class ReviewRow(TypedDict):
    """One question of the review, as result.html shows it (a dict: the template's lookups
    are cheapest on dicts, and there are up to a few hundred rows)."""

    number: str  # numbers as text: the template would localize each int
    prompt: str  # fill-in blanks shown as gaps rather than {1}, {2} …
    outcome: str  # Correct, Partly right, Wrong or Not answered; empty unless revealed
    css: str  # "correct", "partly" or "incorrect"
    icon: str  # ✓, ◐ or ✗ beside the outcome's word (never the colour alone)
    percent: str  # share of the mark, rounded; empty unless revealed
    given: list[str]
    note: str  # empty unless revealed (a near-miss note quotes the accepted answer)
    correct: list[str]  # empty unless revealed
    explanation: str  # empty unless revealed
    citation_urls: list[str]  # empty unless revealed (the quote that answers it)


def attempt_review(*, attempt: Attempt, viewer: User) -> tuple[list[ReviewRow], bool]:
    """Every question of a submitted attempt with the answer given: one query for the
    responses, one for the versions this process has not read yet. Until the answers are
    revealed to the viewer, a row says nothing of right or wrong: the total is all."""
    revealed = answers_revealed(attempt=attempt, viewer=viewer)
    responses = {
        row[0]: row
        for row in attempt.responses.values_list(
            "question_id", "question_version_id", "answer", "score", "is_correct", "note"
        ).order_by()
    }
    pinned = {int(qid): vid for qid, vid in attempt.versions.items()}
    unpinned = [qid for qid in attempt.question_ids if qid not in pinned]
    if unpinned:  # attempts made before versions were pinned: use the current ones
        pinned.update(
            Question.objects.filter(pk__in=unpinned).values_list("pk", "current_version_id")
        )
    versions = question_versions(ids=[*pinned.values(), *(r[1] for r in responses.values())])
    # One reverse() for all the "Read in source" links (a reverse costs as much as a row).
    source_url = reverse("citation_in_source", args=[NO_UUID]).replace(str(NO_UUID), "{}")
    rows: list[ReviewRow] = []
    for number, question_id in enumerate(attempt.question_ids, 1):
        response = responses.get(question_id)
        version_id = response[1] if response else pinned.get(question_id)
        version = versions.get(version_id) if version_id is not None else None
        snapshot = version.snapshot if version else {}
        if response is None:
            score, outcome, note, given = 0.0, "Not answered", "", []
        else:
            _, _, answer, score, is_correct, note = response
            outcome = "Correct" if is_correct else "Partly right" if score > 0 else "Wrong"
            given = answers.describe_answer(snapshot, answer)
        show = revealed and bool(snapshot)
        if not revealed:  # the total only: a mark per question, a near-miss note or the
            # quote that answers it would tell the key (mark all "True", read the marks)
            outcome = note = ""
        rows.append(
            {
                "number": str(number),
                "prompt": answers.prompt_with_gaps(snapshot.get("prompt", "")),
                "outcome": outcome,
                "css": "correct"
                if outcome == "Correct"
                else "partly"
                if outcome == "Partly right"
                else "incorrect",
                "icon": OUTCOME_ICONS.get(outcome, ""),
                "percent": str(round(score * 100)) if revealed else "",
                "given": given,
                "note": note,
                "correct": answers.describe_correct(snapshot) if show else [],
                "explanation": snapshot.get("explanation", "") if revealed else "",
                "citation_urls": [
                    source_url.format(c["public_id"])
                    for c in snapshot.get("citations", ())
                    if c.get("public_id")
                ]
                if revealed
                else [],
            }
        )
    return rows, revealed


def attempts_for_set(*, user: User | AnonymousUser, question_set: QuestionSet) -> list[Attempt]:
    """The student's attempts at a set, newest first, for the set page."""
    if not user.is_authenticated:
        return []
    return attempts_as_read(
        list(
            Attempt.objects.filter(user=user, question_set=question_set)
            .select_related("assignment")
            .order_by("-number")
        )
    )


def needs_start_screen(question_set: QuestionSet) -> bool:
    """Whether starting the set shows its start screen first (attempt_begin): an exam, or
    any set with a time limit, since its clock cannot be paused. Untimed practice starts
    at once: there is nothing to read before it, and it can be left and resumed."""
    return question_set.mode == QuestionSet.Mode.EXAM or bool(question_set.time_limit_minutes)


def open_attempt_of(
    *, user: User, question_set: QuestionSet, assignment_id: int | None
) -> Attempt | None:
    """The student's attempt under way at the set (for the assignment, or their own)."""
    return (
        Attempt.objects.filter(
            user=user,
            question_set=question_set,
            assignment_id=assignment_id,  # type: ignore[misc]  # None: IS NULL
            status=Attempt.Status.IN_PROGRESS,
        )
        .order_by("-number")
        .first()
    )


def set_attempts_summary(*, user: User, question_set: QuestionSet) -> dict:
    """What the set page shows about the student's attempts: the list, resume, attempts left."""
    attempts = attempts_for_set(user=user, question_set=question_set)
    open_attempt = next((a for a in attempts if a.is_open and a.assignment_id is None), None)
    allowed = question_set.attempts_allowed
    return {
        "attempts": attempts,
        "open_attempt": open_attempt,
        "attempts_left": None
        if allowed is None
        else max(allowed - sum(a.mode != LIVE_MODE for a in attempts), 0),
    }


# --- What the questions app asks before a question or set goes (questions.holds) ----------


def question_drawn(question: Question) -> bool:
    """Whether any attempt drew the question: every attempt pins a version per question id,
    and its screens and result page read that version."""
    return (
        Response.objects.filter(question=question).exists()
        or Attempt.objects.filter(versions__has_key=str(question.pk)).exists()
    )


def set_attempt_counts(question_set: QuestionSet) -> dict[str, int]:
    """How many attempts students made at the set, and how many students. One query."""
    return Attempt.objects.filter(question_set=question_set).aggregate(
        attempts=Count("pk"), students=Count("user", distinct=True)
    )


def running_in_another_mode(question_set: QuestionSet) -> int:
    """Attempts under way that started in the mode the set no longer has."""
    return (
        Attempt.objects.filter(question_set=question_set, status=Attempt.Status.IN_PROGRESS)
        .exclude(mode=question_set.mode)
        .count()
    )


def attempt_mistakes(*, attempt: Attempt) -> list[int]:
    """The question ids of an attempt not fully right (wrong, partly right or not
    answered), in the attempt's order: one query of one column."""
    right = set(
        attempt.responses.filter(is_correct=True).values_list("question_id", flat=True).order_by()
    )
    return [question_id for question_id in attempt.question_ids if question_id not in right]


class TopicRow(TypedDict):
    name: str
    right: int  # questions fully right
    total: int  # questions of the topic in the attempt
    percent: int  # share of the topic's marks earned


def topic_breakdown(*, attempt: Attempt) -> list[TopicRow]:
    """Per topic of the attempt's questions: how many were fully right, of how many, and
    the share of the marks earned. One SQL aggregate over the question-topic links and
    this attempt's responses (joined on the unique (attempt, question)); questions
    without a topic are left out. Weakest topic first."""
    links = Question.topics.through.objects.filter(question_id__in=attempt.question_ids)
    rows = (
        links.alias(
            mine=FilteredRelation(
                "question__responses", condition=Q(question__responses__attempt=attempt.pk)
            )
        )
        .values("topic_id", "topic__name")
        .annotate(
            total=Count("question_id", distinct=True),
            right=Count("mine", filter=Q(mine__is_correct=True)),
            earned=Coalesce(Sum("mine__score"), 0.0),
        )
        .order_by()
    )
    result: list[TopicRow] = [
        {
            "name": row["topic__name"],
            "right": row["right"],
            "total": row["total"],
            "percent": round(100 * row["earned"] / row["total"]) if row["total"] else 0,
        }
        for row in rows
    ]
    result.sort(key=lambda row: (row["percent"], row["name"]))
    return result


class ResultActions(TypedDict):
    try_again: bool  # attempts remain: "Try again" (a POST to attempt_start)
    assignment_id: int | None  # the assignment a retry counts for
    mistakes: int  # questions not fully right: "Practise my mistakes" when revealed


def result_actions(
    *, attempt: Attempt, viewer: User, rows: list[ReviewRow]
) -> ResultActions | None:
    """What the result page offers its student next (None for anyone else): "Try again"
    while attempts remain (the set's limit over all their attempts at it, or the
    assignment's over those for it, not after a due date that refuses late work) and
    the set is still theirs to open; "Practise my mistakes" when some answer was not
    fully right and the answers are shown (`rows` marked: the list of mistakes would
    otherwise tell the key). One query; the start itself decides again (an exam held for
    its assignment, say)."""
    if viewer.pk != attempt.user_id or attempt.is_open:
        return None
    question_set = attempt.question_set
    assignment = attempt.assignment
    allowed = question_set.attempts_allowed
    used = Attempt.objects.filter(user=viewer, question_set=question_set)
    try_again = True
    if assignment is not None:
        allowed = assignment.attempts_allowed or question_set.attempts_allowed
        used = used.filter(assignment=assignment)
        try_again = assignment.accept_late or timezone.now() <= assignment.due_at
    if try_again:
        # Still open to them (not archived, still in the class that had it), and how
        # many attempts they have used: one query.
        count = Subquery(used.order_by().values("user").annotate(n=Count("pk")).values("n"))
        found = (
            QuestionSet.objects.visible_to(viewer)
            .filter(pk=question_set.pk)
            .annotate(used=Coalesce(count, 0))
            .values_list("used", flat=True)
            .first()
        )
        try_again = found is not None and (allowed is None or found < allowed)
    mistakes = sum(1 for row in rows if row["outcome"] and row["outcome"] != "Correct")
    return {"try_again": try_again, "assignment_id": attempt.assignment_id, "mistakes": mistakes}
