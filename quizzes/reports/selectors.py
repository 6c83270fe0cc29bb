"""Gradebook and item analysis: SQL aggregates, a fixed number of queries at any size."""

import json
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    F,
    Max,
    Q,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts import answers
from quizzes.attempts.models import GRACE, Attempt, Response
from quizzes.classes.models import Assignment, Classroom
from quizzes.classes.selectors import AssignmentStatus, assignment_status
from quizzes.questions.models import Question, QuestionSet, QuestionType
from quizzes.questions.selectors import question_versions
from quizzes.reports.caching import cached, report_key, submitted_attempts_version

# --- Gradebook ---------------------------------------------------------------------------


@dataclass
class Cell:
    status: str
    score: float | None  # percent, by the assignment's grading rule
    attempts: int

    @property
    def label(self) -> str:
        return AssignmentStatus.LABELS[self.status]


@dataclass
class GradebookRow:
    student: User
    cells: list[Cell]

    @property
    def average(self) -> float | None:
        """Over the assignments submitted (each its score by its grading rule) and missed
        (past due, late work refused, no attempt: 0). Those not due yet, not started while
        late work is still accepted, or in progress without a submitted attempt are left
        out. None when nothing counts yet."""
        scores = [c.score for c in self.cells if c.score is not None]
        missed = sum(1 for c in self.cells if c.status == AssignmentStatus.MISSED)
        counted = len(scores) + missed
        return sum(scores) / counted if counted else None


@dataclass
class Gradebook:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[GradebookRow] = field(default_factory=list)


def gradebook_for_class(*, classroom: Classroom) -> Gradebook:
    """Students by assignments in three queries: roster, assignments, one attempt aggregate.

    A cell's score follows the assignment's grading rule (best, last or average of the
    submitted attempts' percentages).
    """
    students = [
        m.student
        for m in classroom.memberships.select_related("student").order_by(
            "student__last_name", "student__first_name", "student__username"
        )
    ]
    assignments = list(
        classroom.assignments.select_related("question_set").order_by("due_at", "pk")
    )
    # An attempt whose time is up counts as handed in at its deadline (Attempt.as_read).
    submitted = Q(read_status=Attempt.Status.SUBMITTED)
    stats = (
        Attempt.objects.filter(assignment__classroom=classroom)
        .as_read()
        .values("user_id", "assignment_id")
        .annotate(
            count=Count("pk"),
            on_time=Count("pk", filter=submitted & Q(read_late=False)),
            late_count=Count("pk", filter=submitted & Q(read_late=True)),
            in_progress=Count("pk", filter=Q(read_status=Attempt.Status.IN_PROGRESS)),
            best=Max("read_percent", filter=submitted),
            average=Avg("read_percent", filter=submitted),
        )
        .order_by()
    )
    by_key = {(s["user_id"], s["assignment_id"]): s for s in stats}
    last = (
        _last_percents(classroom=classroom)
        if any(a.grading == Assignment.Grading.LAST for a in assignments)
        else {}
    )
    now = timezone.now()
    book = Gradebook(classroom=classroom, assignments=assignments)
    for student in students:
        cells = []
        for assignment in assignments:
            s = by_key.get((student.pk, assignment.pk))
            if s is None:
                status = assignment_status(
                    assignment=assignment, on_time=0, late=0, in_progress=0, now=now
                )
                cells.append(Cell(status=status, score=None, attempts=0))
                continue
            status = assignment_status(
                assignment=assignment,
                on_time=s["on_time"],
                late=s["late_count"],
                in_progress=s["in_progress"],
                now=now,
            )
            by_rule: dict[str, float | None] = {
                Assignment.Grading.BEST: s["best"],
                Assignment.Grading.LAST: last.get((student.pk, assignment.pk)),
                Assignment.Grading.AVERAGE: s["average"],
            }
            score = by_rule[assignment.grading]
            cells.append(Cell(status=status, score=score, attempts=s["count"]))
        book.rows.append(GradebookRow(student=student, cells=cells))
    return book


def _last_percents(*, classroom: Classroom) -> dict[tuple[int, int], float | None]:
    """The latest submitted attempt's percent per (student, assignment), for "last" grading.

    One query with a window function (row number per student and assignment).
    """
    latest = (
        Attempt.objects.filter(
            assignment__classroom=classroom, assignment__grading=Assignment.Grading.LAST
        )
        .handed_in()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("user_id"), F("assignment_id")],
                order_by=[F("read_submitted_at").desc(), F("number").desc()],
            )
        )
        .filter(rank=1)
        .values_list("user_id", "assignment_id", F("read_percent"))
    )
    return {(user, assignment): percent for user, assignment, percent in latest}


def student_attempts_in_class(*, classroom: Classroom, student: User) -> list[Attempt]:
    return list(
        Attempt.objects.filter(user=student, assignment__classroom=classroom)
        .select_related("assignment__question_set")
        .order_by("assignment__due_at", "assignment_id", "number")
    )


def attempt_visible_to_teacher(*, user: User):
    """Attempts a teacher may review: those on assignments of their classes (staff: all)."""
    attempts = Attempt.objects.all()
    if user.is_authenticated and user.is_staff:
        return attempts
    if not (user.is_authenticated and user.is_teacher):
        return attempts.none()
    return attempts.filter(assignment__classroom__owner=user)


# --- Attempt review ----------------------------------------------------------------------


@dataclass
class ReviewedResponse:
    position: int
    prompt: str  # fill-in blanks shown as gaps, as on the student's result page
    kind: str
    answer: list[str]  # one line per part, as on the result page; empty: not answered
    key: list[str]
    score: float
    is_correct: bool
    version: int


def attempt_review_rows(*, attempt: Attempt) -> list[ReviewedResponse]:
    """Every question of the attempt in its order, answered or not (an unanswered question
    scores 0 of 1 in the attempt's percent, so the review lists it too, from the version
    pinned at the start). Prompts, answers and keys read as on the student's result page
    (attempts.answers: prompt_with_gaps, describe_answer, describe_correct)."""
    responses = list(attempt.responses.select_related("question_version").order_by("position"))
    answered = {r.question_id for r in responses}
    pinned = {int(qid): vid for qid, vid in (attempt.versions or {}).items()}
    unanswered = [qid for qid in attempt.question_ids if qid not in answered and qid in pinned]
    versions = question_versions(ids=[pinned[qid] for qid in unanswered]) if unanswered else {}
    rows = [
        ReviewedResponse(
            position=r.position + 1,
            prompt=answers.prompt_with_gaps(r.question_version.snapshot.get("prompt", "")),
            kind=QuestionType(r.question_version.snapshot.get("type")).label,
            answer=answers.describe_answer(r.question_version.snapshot, r.answer),
            key=answers.describe_correct(r.question_version.snapshot),
            score=r.score,
            is_correct=r.is_correct,
            version=r.question_version.number,
        )
        for r in responses
    ]
    for position, question_id in enumerate(attempt.question_ids, start=1):
        if question_id in answered or question_id not in pinned:
            continue
        version = versions.get(pinned[question_id])
        if version is None:
            continue
        rows.append(
            ReviewedResponse(
                position=position,
                prompt=answers.prompt_with_gaps(version.snapshot.get("prompt", "")),
                kind=QuestionType(version.snapshot.get("type")).label,
                answer=[],
                key=answers.describe_correct(version.snapshot),
                score=0.0,
                is_correct=False,
                version=version.number,
            )
        )
    return sorted(rows, key=lambda row: row.position)


# --- Item analysis -----------------------------------------------------------------------

FACILITY_LOW = 0.2
FACILITY_HIGH = 0.95
DISCRIMINATION_LOW = 0.1
# Below this many responses a question's facility and discrimination move a lot with each
# new attempt: the page and the row say so.
FEW_RESPONSES = 30
NEGATIVE_DISCRIMINATION = (
    "Negative discrimination: students who did well on the rest of the test got this one "
    "wrong more often. Check the answer key"
)


@dataclass
class OptionCount:
    text: str
    correct: bool
    count: int


@dataclass
class ItemStats:
    position: int | None
    question_id: int
    prompt: str
    kind: str
    responses: int
    skipped: int
    facility: float | None
    discrimination: float | None
    options: list[OptionCount]
    in_set: bool = True  # False: answered in earlier attempts, since removed from the set

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.facility is not None and self.facility < FACILITY_LOW:
            flags.append("Very hard (facility below 0.2)")
        if self.facility is not None and self.facility > FACILITY_HIGH:
            flags.append("Very easy (facility above 0.95)")
        if self.discrimination is not None and self.discrimination < 0:
            flags.append(NEGATIVE_DISCRIMINATION)
        elif self.discrimination is not None and self.discrimination < DISCRIMINATION_LOW:
            flags.append("Weak discrimination (below 0.1)")
        return flags

    @property
    def few_responses(self) -> bool:
        """Some responses, but too few for the figures to be trusted."""
        return 0 < self.responses + self.skipped < FEW_RESPONSES

    @property
    def prompt_shown(self) -> str:
        """The prompt as the teacher reads it: fill-in blanks as gaps, not {1}."""
        return answers.prompt_with_gaps(self.prompt)


def pearson(n: int, sx: float, sy: float, sxy: float, sxx: float, syy: float) -> float | None:
    """Pearson correlation from sums; None when either side does not vary."""
    if n < 2:
        return None
    cov = n * sxy - sx * sy
    var_x = n * sxx - sx * sx
    var_y = n * syy - sy * sy
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    return cov / math.sqrt(var_x * var_y)


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE_ANSWER)

# One pass over the set's responses in submitted attempts. Each response's rest-of-test
# score is its attempt's total (a window sum over the attempt's responses) less its own
# score; rows are grouped per question and, for choice questions, per answer given (a
# handful of distinct answers each), with the count and the five sums of each group.
ITEM_GROUPS_SQL = """
SELECT question_id, answer_key, COUNT(*), SUM(x), SUM(y), SUM(x * y), SUM(x * x), SUM(y * y)
FROM (
    SELECT r.question_id AS question_id,
           {answer_key} AS answer_key,
           r.score AS x,
           SUM(r.score) OVER (PARTITION BY r.attempt_id) - r.score AS y
    FROM {response} r
    JOIN {attempt} a ON a.id = r.attempt_id
    WHERE a.question_set_id = %s AND (a.status = %s OR a.status = %s AND a.deadline < %s)
) s
GROUP BY question_id, answer_key
"""

SUM_NAMES = ("n", "sx", "sy", "sxy", "sxx", "syy")


def _item_figures(*, question_set: QuestionSet, choice_ids: list[int]) -> dict:
    """Per question: n and the sums of x, y, xy, x², y² (x the response's score, y the rest
    of its attempt's score); per (question, choice id): how many answers chose it. One
    query (plain SQL that SQLite and PostgreSQL both run: it reads the rows once, where a
    derived table of attempt totals plus an option count per question type read them four
    times). Plain data, so it can be cached."""
    params: list = []
    answer_key = "NULL"
    if choice_ids:
        answer_key = f"CASE WHEN r.question_id IN ({', '.join(['%s'] * len(choice_ids))}) "
        answer_key += "THEN r.answer END"
        params += choice_ids
    sql = ITEM_GROUPS_SQL.format(
        answer_key=answer_key,
        response=connection.ops.quote_name(Response._meta.db_table),
        attempt=connection.ops.quote_name(Attempt._meta.db_table),
    )
    # Handed in, or whose time is up (read as handed in: Attempt.as_read).
    overdue_before = connection.ops.adapt_datetimefield_value(timezone.now() - GRACE)
    params += [
        question_set.pk,
        Attempt.Status.SUBMITTED.value,
        Attempt.Status.IN_PROGRESS.value,
        overdue_before,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    sums: dict[int, list[float]] = {}
    chosen: dict[str, int] = {}
    for question_id, answer, *values in rows:
        acc = sums.setdefault(question_id, [0] * len(SUM_NAMES))
        for i, value in enumerate(values):
            acc[i] += value or 0
        if answer is None:
            continue
        if isinstance(answer, str):  # SQLite returns the JSON text
            answer = json.loads(answer)
        if not isinstance(answer, dict):
            continue
        picked = answer.get("choices") if "choices" in answer else [answer.get("choice")]
        for choice_id in set(str(c) for c in picked or [] if c is not None):
            key = f"{question_id}:{choice_id}"
            chosen[key] = chosen.get(key, 0) + values[0]
    skipped = _count_skips(question_set=question_set, sums=sums)
    return {
        "sums": {qid: dict(zip(SUM_NAMES, acc, strict=True)) for qid, acc in sums.items()},
        "skipped": skipped,
        "chosen": chosen,
    }


def _count_skips(*, question_set: QuestionSet, sums: dict[int, list[float]]) -> dict[int, int]:
    """Fold the questions an attempt drew but the student left unanswered into `sums`, as
    the attempt's score counted them: x = 0, y = the attempt's total. Returns how many
    were skipped per question. One query: each submitted attempt's drawn ids and total.

    Per question, the attempts that drew it give the count and the sums of their totals
    T and T²; those that answered it are already in `sums`, where T = x + y, so
    ΣT = sx + sy and ΣT² = sxx + 2·sxy + syy. The difference is the skipped attempts'."""
    drawn: dict[int, list[float]] = {}
    attempts = Attempt.objects.filter(question_set=question_set).handed_in()
    for question_ids, total in attempts.values_list("question_ids", F("read_score")).iterator():
        for question_id in question_ids:
            acc = drawn.setdefault(question_id, [0, 0.0, 0.0])
            acc[0] += 1
            acc[1] += total
            acc[2] += total * total
    skipped: dict[int, int] = {}
    for question_id, (count, total, total_sq) in drawn.items():
        acc = sums.setdefault(question_id, [0] * len(SUM_NAMES))
        n, sx, _sy, sxy, sxx, _syy = acc
        if count <= n:
            continue
        skipped[question_id] = int(count - n)
        acc[0] = count
        acc[2] = total - sx  # sy + (ΣT − sx − sy)
        acc[5] = total_sq - sxx - 2 * sxy  # syy + (ΣT² − sxx − 2·sxy − syy)
    return skipped


def item_analysis_for_set(*, question_set: QuestionSet) -> list[ItemStats]:
    """Per question: responses, skips, facility, discrimination (item vs rest-of-test),
    options.

    Only submitted attempts count. A question an attempt drew and the student left
    unanswered counts as it did in that attempt's score, as 0 (`_count_skips`). The
    rest-of-test score of a response is its attempt's total minus the response's own
    score (`_item_figures`, one query, and one for the skips); the correlation is computed
    from five sums per question. Option counts come from the same query, grouped on the
    answer JSON (single choice and true/false by the chosen id; multiple answer by
    the whole answer, spread over its options).

    The figures are cached (reports.caching) under the version of the set's submitted
    attempts and the choice questions they were grouped for; the items, prompts and option
    texts are read fresh, so an edited question shows at once.
    """
    items = list(
        question_set.items.select_related("question__current_version").order_by("position", "pk")
    )
    choice_ids = sorted({i.question_id for i in items if i.question.type in CHOICE_TYPES})
    submitted = Attempt.objects.filter(question_set=question_set).handed_in()
    key = report_key("items", question_set.pk, submitted_attempts_version(submitted), *choice_ids)
    figures = cached(key, lambda: _item_figures(question_set=question_set, choice_ids=choice_ids))
    by_question = figures["sums"]
    chosen = figures["chosen"]

    skips = figures["skipped"]
    result = []
    for position, item in enumerate(items, start=1):
        question = item.question
        snapshot = question.current_version.snapshot if question.current_version else {}
        options = []
        if question.type in CHOICE_TYPES:
            for choice in snapshot.get("choices", []):
                count = chosen.get(f"{question.pk}:{choice['id']}", 0)
                options.append(
                    OptionCount(text=choice["text"], correct=choice["correct"], count=count)
                )
        row = by_question.get(question.pk)
        stats = _item_stats(question, row, skips.get(question.pk, 0), position=position)
        stats.options = options
        result.append(stats)
    # Questions answered in submitted attempts but since taken out of the set: a teacher
    # who removed a flawed question can still see how it did (one query, only if any).
    gone = by_question.keys() - {item.question_id for item in items}
    for question in Question.objects.filter(pk__in=gone).only("prompt", "type").order_by("pk"):
        row = by_question[question.pk]
        result.append(
            _item_stats(question, row, skips.get(question.pk, 0), position=None, in_set=False)
        )
    return result


def _item_stats(question, row: dict | None, skipped: int, **fields) -> ItemStats:
    """A question's figures from its sums (`row`: answered and skipped responses)."""
    n = row["n"] if row else 0
    sums = (n, row["sx"], row["sy"], row["sxy"], row["sxx"], row["syy"]) if row else None
    return ItemStats(
        question_id=question.pk,
        prompt=question.prompt,
        kind=question.get_type_display(),
        responses=n - skipped,
        skipped=skipped,
        facility=row["sx"] / n if row and n else None,
        discrimination=pearson(*sums) if sums and n else None,
        options=[],
        **fields,
    )
