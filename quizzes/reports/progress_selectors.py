"""Progress over time: a student's history, mastery, weak spots and streak; a class's trends.

Everything is aggregated in SQL first (per day, per question, per student); Python only
adds up or fits a few hundred aggregate rows, never every response.

Definitions (pinned by tests/reports/test_progress.py):
- Days are the viewer's local days (`TruncDate(..., tzinfo=user.tzinfo)` in SQL).
- Mastery of a topic = Σ w·score / Σ w over the student's answers to its questions in
  submitted attempts, with w = 0.5 ** (age in days / MASTERY_HALF_LIFE_DAYS): an answer 30
  days old counts half as much as one given today. Ages are whole UTC days
  (`Cast(answered_at, DateField())`, native `date()` on SQLite and `::date` on PostgreSQL): a
  per-row time-zone conversion is a Python function on SQLite and slow on long histories,
  while being off by a day changes a weight by about 2%. SQL sums w·score and w per
  question (DecayWeight); Python adds the questions up per topic.
- Trend = least-squares slope of the per-day average score against the day number, in
  percentage points per week; "rising"/"falling" beyond ±TREND_FLAT points per week.
- Weak spots = questions with the most wrong responses in the last WEAK_SPOT_DAYS days,
  ties broken by the share of wrong responses, then by question id.
- Whatever tells right answers from wrong ones (mastery, weak spots and so weak-spot
  practice) reads the answers the student has been given marks for (`responses_marked_for`):
  not those of an exam still in progress, which marks nothing until it is handed in, nor
  those of an exam whose answers are not revealed to them yet (or ever).
- Streak = consecutive local days with an attempt started or a flashcard reviewed, ending
  today, or yesterday when nothing has been done yet today.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from django.db.models import (
    Avg,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.answers import prompt_with_gaps
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.models import Assignment, Classroom
from quizzes.classes.selectors import AssignmentStatus
from quizzes.core.charts import Tick, time_ticks
from quizzes.core.formatting import whole_percent
from quizzes.flashcards.models import ReviewLog
from quizzes.questions.models import Citation, Question, QuestionSet, Topic
from quizzes.reports.caching import (
    VERSION_AGGREGATES,
    cached,
    report_key,
    submitted_attempts_version,
    version_from,
)
from quizzes.reports.selectors import gradebook_for_class

MASTERY_HALF_LIFE_DAYS = 30
TREND_FLAT = 0.5  # percentage points per week
WEAK_SPOT_DAYS = 30
WEAK_SPOT_LIMIT = 10
HEATMAP_WEEKS = 12
INACTIVE_DAYS = 7
PERIODS = {"30": 30, "90": 90, "all": None}
# The score chart's drawing area inside its SVG viewBox (0 0 400 226): left, top, width,
# height. A narrow viewBox keeps its labels readable when the chart shrinks to a phone.
PLOT = (36, 10, 354, 180)
SERIES = 6  # distinct point colours; more sets share them (the point's title names its set)


def plot_x(fraction: float) -> float:
    return round(PLOT[0] + PLOT[2] * fraction, 1)


def plot_y(percent: float) -> float:
    return round(PLOT[1] + PLOT[3] * (100 - percent) / 100, 1)


# --- shared figures ------------------------------------------------------------------------


def responses_marked_for(*, user: User, now: datetime | None = None) -> QuerySet[Response]:
    """The student's answers whose marks they have been shown: all but those of an exam
    still in progress or whose set keeps its answers back. An exam tells right from wrong
    only once it is handed in, and then only when its answers are revealed
    (attempts.selectors.answers_revealed: "never" never, "after the due date" once its
    assignment and every one of the set they have had are past due); until then a weak
    spot (whose practice shows the correct answer) or a mastery figure of a topic with one
    question would tell them. A practice quiz marks each answer as it is given. The
    attempt's own mode is read (copied from its set at the start), not the set's."""
    now = now or timezone.now()
    after_due = QuestionSet.objects.filter(reveal=QuestionSet.Reveal.AFTER_DUE).values("pk")
    held_back = QuestionSet.objects.filter(
        Q(reveal=QuestionSet.Reveal.NEVER)
        | Q(pk__in=Assignment.objects.had_by(user).filter(due_at__gt=now).values("question_set_id"))
        & Q(reveal=QuestionSet.Reveal.AFTER_DUE)
    ).values("pk")
    return Response.objects.filter(attempt__user=user).exclude(
        Q(attempt__mode=QuestionSet.Mode.EXAM)
        & (
            Q(attempt__status=Attempt.Status.IN_PROGRESS)
            | Q(attempt__question_set_id__in=held_back)
            | Q(attempt__question_set_id__in=after_due, attempt__due_at__gt=now)
        )
    )


def local_today(*, user: User, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(user.tzinfo).date()


def local_start(*, user: User, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.tzinfo)


def decay_weight(age_days: int) -> float:
    return 0.5 ** (max(age_days, 0) / MASTERY_HALF_LIFE_DAYS)


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of y on x; None with fewer than two distinct x."""
    n = len(points)
    if n < 2:
        return None
    sx = sum(x for x, _ in points)
    sy = sum(y for _, y in points)
    sxy = sum(x * y for x, y in points)
    sxx = sum(x * x for x, _ in points)
    denominator = n * sxx - sx * sx
    if abs(denominator) < 1e-12:
        return None
    return (n * sxy - sx * sy) / denominator


@dataclass(frozen=True)
class Trend:
    per_week: float | None  # percentage points per week

    @property
    def direction(self) -> str:
        if self.per_week is None:
            return "not enough data"
        if self.per_week > TREND_FLAT:
            return "rising"
        if self.per_week < -TREND_FLAT:
            return "falling"
        return "steady"


def trend_from_daily(daily: dict[date, float]) -> Trend:
    """Trend of per-day average scores (percent), x in days, reported per week."""
    if not daily:
        return Trend(None)
    first = min(daily)
    fitted = slope([((d - first).days, y) for d, y in daily.items()])
    return Trend(None if fitted is None else fitted * 7)


@dataclass(frozen=True)
class Mastery:
    topic_id: int
    name: str
    slug: str
    percent: float
    responses: int
    questions: int

    # label/value/percent let flashcards/_bars.html draw it.
    @property
    def label(self) -> str:
        return self.name

    @property
    def value(self) -> str:
        return (
            f"{whole_percent(self.percent)}% · "
            f"{self.responses} answer{'s' if self.responses != 1 else ''}"
            f" to {self.questions} question{'s' if self.questions != 1 else ''}"
        )


class DecayWeight(Func):
    """decay_weight() in SQL, per row: 0.5 ** (age / MASTERY_HALF_LIFE_DAYS), the age being
    whole days from the UTC date of `expression` to `today`, never below 0."""

    output_field = FloatField()
    arg_joiner = " - "
    # Float literals: PostgreSQL would otherwise raise a numeric to a numeric power (slow).
    template = (
        f"POWER(0.5::float8, GREATEST(%(expressions)s, 0) / {MASTERY_HALF_LIFE_DAYS}::float8)"
    )

    def __init__(self, expression, *, today: date):
        super().__init__(Value(today, output_field=DateField()), Cast(expression, DateField()))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=f"POWER(0.5, MAX(julianday(%(expressions)s), 0) / {MASTERY_HALF_LIFE_DAYS}.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def question_sums(*, responses, today: date) -> dict[int, tuple[int, float, float]]:
    """Per question answered in `responses` (a Response queryset): the answer count and the
    sums of w·score and of w, the weight computed in SQL (DecayWeight), so a long history
    is one row per question. One query; plain data, so it can be cached."""
    weight = DecayWeight("answered_at", today=today)
    return {
        qid: (n, weighted or 0.0, weights or 0.0)
        for qid, n, weighted, weights in responses.values("question_id")
        .annotate(n=Count("pk"), weighted=Sum(F("score") * weight), weights=Sum(weight))
        .order_by()
        .values_list("question_id", "n", "weighted", "weights")
    }


def mastery_from_sums(per_question: dict[int, tuple[int, float, float]]) -> list[Mastery]:
    """Weighted mastery per topic from `question_sums`: one query reads the topics of those
    questions (the M2M table) to add them up per topic and name them. Sums of weighted
    scores add up across questions, so a topic's figure is the one its answers would give.
    """
    if not per_question:
        return []
    topics: dict[int, tuple[str, str]] = {}
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for qid, tid, name, slug in Question.topics.through.objects.filter(
        question_id__in=list(per_question)
    ).values_list("question_id", "topic_id", "topic__name", "topic__slug"):
        topics[tid] = (name, slug)
        n, weighted, weights = per_question[qid]
        acc = sums[tid]
        acc[0] += weighted
        acc[1] += weights
        acc[2] += n
        acc[3] += 1
    result = [
        Mastery(
            topic_id=tid,
            name=topics[tid][0],
            slug=topics[tid][1],
            percent=100 * s / w if w else 0.0,
            responses=int(n),
            questions=int(q),
        )
        for tid, (s, w, n, q) in sums.items()
    ]
    return sorted(result, key=lambda m: (m.percent, m.name))


def mastery_by_topic(*, responses, now: datetime | None = None) -> list[Mastery]:
    """Weighted mastery per topic from a Response queryset: two queries."""
    today = (now or timezone.now()).astimezone(UTC).date()
    return mastery_from_sums(question_sums(responses=responses, today=today))


def student_mastery(
    *, user: User, now: datetime | None = None, version: str | None = None
) -> list[Mastery]:
    """The student's mastery per topic, over their submitted attempts.

    The per-question sums read every answer the student gave (50,000 rows for a heavy
    user), so they are cached under the UTC day (the weights' age) and the version of the
    student's submitted attempts (`version`, from `attempted_sets` when the caller has it;
    reports.caching): a submission or a new day recomputes them, a repeated visit costs
    the topics query.
    """
    today = (now or timezone.now()).astimezone(UTC).date()
    submitted = Attempt.objects.filter(user=user, status=Attempt.Status.SUBMITTED)
    if version is None:
        version = submitted_attempts_version(submitted)
    per_question = cached(
        report_key("mastery", user.pk, today, version),
        lambda: question_sums(
            responses=responses_marked_for(user=user).filter(
                attempt__status=Attempt.Status.SUBMITTED
            ),
            today=today,
        ),
    )
    return mastery_from_sums(per_question)


# --- the student's page --------------------------------------------------------------------


@dataclass(slots=True)
class Point:
    attempt_id: int
    submitted_at: datetime
    percent: float
    set_title: str
    x: float = 0  # position in the SVG chart's viewBox
    y: float = 0
    series: int = 0  # the set's colour, 0..SERIES-1, in order of first appearance
    when: str = ""  # submitted_at in the student's time zone, as the chart and table show it


@dataclass
class History:
    points: list[Point]
    trend: Trend
    daily: dict[date, float]
    trend_line: tuple[float, float, float, float] | None = None  # x1, y1, x2, y2 (viewBox)
    legend: list[tuple[int, str]] = field(default_factory=list)  # (series, set title)
    axis: list[Tick] = field(default_factory=list)  # dates along the bottom (local days)

    @property
    def average(self) -> float | None:
        return sum(p.percent for p in self.points) / len(self.points) if self.points else None


def score_history(
    *,
    user: User,
    days: int | None,
    question_set: QuestionSet | None = None,
    topic: Topic | None = None,
    now: datetime | None = None,
) -> History:
    """Every submitted attempt in the period as a point (one query), with the trend line."""
    now = now or timezone.now()
    attempts = Attempt.objects.filter(
        user=user, status=Attempt.Status.SUBMITTED, percent__isnull=False
    )
    if days is not None:
        first = local_today(user=user, now=now) - timedelta(days=days - 1)
        attempts = attempts.filter(submitted_at__gte=local_start(user=user, day=first))
    if question_set is not None:
        attempts = attempts.filter(question_set=question_set)
    if topic is not None:
        attempts = attempts.filter(
            pk__in=Response.objects.filter(attempt__user=user, question__topics=topic).values(
                "attempt_id"
            )
        )
    # Submitted with a percent (filtered above): neither column is null in these rows.
    rows = cast(
        list[tuple[int, datetime, float, str]],
        list(
            attempts.order_by("submitted_at", "pk").values_list(
                "pk", "submitted_at", "percent", "question_set__title"
            )
        ),
    )
    tz = user.tzinfo
    by_day: dict[date, list[float]] = defaultdict(list)
    local = [submitted_at.astimezone(tz) for _, submitted_at, _, _ in rows]
    for at, (_, _, percent, _) in zip(local, rows, strict=True):
        by_day[at.date()].append(percent)
    daily = {d: sum(v) / len(v) for d, v in by_day.items()}
    trend = trend_from_daily(daily)
    if not rows:
        return History(points=[], trend=trend, daily=daily)
    start, end = rows[0][1], rows[-1][1]
    span = (end - start).total_seconds() or 1.0
    series: dict[str, int] = {}
    for *_, title in rows:
        series.setdefault(title, len(series) % SERIES)
    points = [
        Point(
            attempt_id=pk,
            submitted_at=at,
            percent=percent,
            set_title=title,
            x=plot_x((at - start).total_seconds() / span if end != start else 0.5),
            y=plot_y(percent),
            series=series[title],
            when=at_local.isoformat(" ", "minutes")[:16],  # strftime is ~10× slower
        )
        for (pk, at, percent, title), at_local in zip(rows, local, strict=True)
    ]
    history = History(
        points=points,
        trend=trend,
        daily=daily,
        legend=[(n, title) for title, n in series.items()],
        axis=time_ticks(local[0], local[-1], x0=PLOT[0], width=PLOT[2]),
    )
    if trend.per_week is not None:
        first_day = min(daily)
        mean_x = sum((d - first_day).days for d in daily) / len(daily)
        mean_y = sum(daily.values()) / len(daily)
        per_day = trend.per_week / 7

        def trend_at(moment: datetime) -> float:
            x = (moment.astimezone(tz).date() - first_day).days
            return max(0.0, min(100.0, mean_y + per_day * (x - mean_x)))

        history.trend_line = (plot_x(0), plot_y(trend_at(start)), plot_x(1), plot_y(trend_at(end)))
    return history


@dataclass(frozen=True)
class WeakSpot:
    question: Question
    wrong: int
    answered: int
    source_url: str | None

    @property
    def prompt(self) -> str:
        """The question as the student's result page shows it (blanks as gaps)."""
        return prompt_with_gaps(self.question.prompt)

    @property
    def wrong_percent(self) -> float:
        return 100 * self.wrong / self.answered if self.answered else 0.0


def weak_spots(
    *,
    user: User,
    now: datetime | None = None,
    limit: int = WEAK_SPOT_LIMIT,
    topic: Topic | None = None,
) -> list[WeakSpot]:
    """The questions most often answered wrongly lately, among the answers the student has
    been given marks for (`responses_marked_for`: an exam still open counts once handed
    in): one aggregate, then the questions with their first citation's public id (one query)."""
    since = (now or timezone.now()) - timedelta(days=WEAK_SPOT_DAYS)
    # Answers are saved while their attempt is open, so those given since `since` are in
    # attempts still open or submitted since then (less the grace seconds an expired
    # attempt allows; an hour covers them). Saying so lets the (user, submitted_at) index
    # find those attempts rather than reading every answer the student ever gave.
    recent = Q(attempt__submitted_at__gte=since - timedelta(hours=1)) | Q(
        attempt__submitted_at__isnull=True
    )
    # Answers to questions no longer published are left out. Said as "not one of the
    # unpublished questions" (a few), PostgreSQL checks each answer against a hashed list
    # of them; "joined to a published question" looked the question up per answer (3×
    # the time for 5,000 recent answers).
    unpublished = Question.objects.exclude(status=Question.Status.PUBLISHED).values("pk")
    # Nor answers given in a set that keeps its answers back (until the due date, or for
    # good): weak-spot practice shows the correct answer at once, which would give away
    # what its teacher holds back. Said the same way, as "not in one of those sets".
    held_back = QuestionSet.objects.filter(
        reveal__in=[QuestionSet.Reveal.AFTER_DUE, QuestionSet.Reveal.NEVER]
    ).values("pk")
    answers = responses_marked_for(user=user)
    if topic is not None:  # the weakest topic's practice (the home page's dashboard)
        answers = answers.filter(question__topics=topic)
    rows = list(
        answers.filter(recent, answered_at__gte=since)
        .exclude(question_id__in=unpublished)
        .exclude(attempt__question_set_id__in=held_back)
        .values("question_id")
        .annotate(
            wrong=Count("pk", filter=Q(is_correct=False)),
            answered=Count("pk"),
        )
        .filter(wrong__gt=0)
        .annotate(ratio=Cast("wrong", FloatField()) / Cast("answered", FloatField()))
        .order_by("-wrong", "-ratio", "question_id")[:limit]
    )
    first_citation = Citation.objects.filter(question=OuterRef("pk")).order_by("position", "pk")
    questions = (
        Question.objects.only("prompt")
        .annotate(citation_public_id=Subquery(first_citation.values("public_id")[:1]))
        .in_bulk([r["question_id"] for r in rows])
    )
    result = []
    for row in rows:
        question = questions[row["question_id"]]
        result.append(
            WeakSpot(
                question=question,
                wrong=row["wrong"],
                answered=row["answered"],
                source_url=reverse("citation_in_source", args=[question.citation_public_id])
                if question.citation_public_id
                else None,
            )
        )
    return result


@dataclass(frozen=True)
class HeatDay:
    day: date
    count: int
    level: int  # 0..4 for shading
    future: bool


@dataclass
class Activity:
    streak: int
    active_days: int  # in the heat map's 12 weeks
    weeks: list[list[HeatDay]]  # 12 columns of 7 days (Monday first)

    @property
    def rows(self) -> list[list[HeatDay]]:
        """Seven rows (Monday..Sunday) of 12 weeks, for an HTML table."""
        return [[week[i] for week in self.weeks] for i in range(7)]


def activity_days(*, user: User) -> dict[date, int]:
    """Attempts started plus cards reviewed per local day: one query (a UNION ALL of two
    grouped queries)."""
    tz = user.tzinfo
    attempts = (
        Attempt.objects.filter(user=user)
        .annotate(day=TruncDate("started_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("day", "n")
    )
    reviews = (
        ReviewLog.objects.filter(user=user)
        .annotate(day=TruncDate("reviewed_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("day", "n")
    )
    counts: dict[date, int] = defaultdict(int)
    for day, n in attempts.union(reviews, all=True).order_by():
        counts[day] += n
    return counts


def streak_from_days(days: set[date], today: date) -> int:
    current = today if today in days else today - timedelta(days=1)
    streak = 0
    while current in days:
        streak += 1
        current -= timedelta(days=1)
    return streak


def activity(*, user: User, now: datetime | None = None) -> Activity:
    """The heat map's 12 weeks and the streak (over the whole history)."""
    today = local_today(user=user, now=now)
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)
    counts = activity_days(user=user)
    streak = streak_from_days({d for d, n in counts.items() if n}, today)
    top = max(
        (counts.get(first + timedelta(days=i), 0) for i in range(7 * HEATMAP_WEEKS)), default=0
    )
    weeks = []
    for w in range(HEATMAP_WEEKS):
        week = []
        for d in range(7):
            day = first + timedelta(weeks=w, days=d)
            n = counts.get(day, 0) if day <= today else 0
            level = 0 if not n or not top else min(4, 1 + (3 * n) // top)
            week.append(HeatDay(day=day, count=n, level=level, future=day > today))
        weeks.append(week)
    active = sum(1 for week in weeks for h in week if h.count)
    return Activity(
        streak=streak,
        active_days=active,
        weeks=weeks,
    )


def attempted_sets(*, user: User) -> tuple[list[QuestionSet], str]:
    """The sets the student has submitted attempts at (for the history's filter), and the
    data version of those attempts (reports.caching): one query, grouped per set."""
    rows = list(
        Attempt.objects.filter(user=user, status=Attempt.Status.SUBMITTED)
        .values("question_set_id", "question_set__slug", "question_set__title")
        .annotate(**VERSION_AGGREGATES)
        .order_by()
    )
    sets = [
        QuestionSet(
            pk=r["question_set_id"], slug=r["question_set__slug"], title=r["question_set__title"]
        )
        for r in rows
    ]
    sets.sort(key=lambda s: (s.title, s.pk))
    return sets, version_from(rows)


@dataclass
class StudentProgress:
    history: History
    mastery: list[Mastery]
    weak: list[WeakSpot]
    activity: Activity
    sets: list[QuestionSet]
    today: date


def student_progress(
    *,
    user: User,
    days: int | None,
    question_set: QuestionSet | None = None,
    topic: Topic | None = None,
    now: datetime | None = None,
) -> StudentProgress:
    """Everything on "My progress"; a fixed number of queries whatever the history's size."""
    now = now or timezone.now()
    today = local_today(user=user, now=now)
    sets, version = attempted_sets(user=user)
    return StudentProgress(
        history=score_history(
            user=user, days=days, question_set=question_set, topic=topic, now=now
        ),
        mastery=student_mastery(user=user, now=now, version=version),
        weak=weak_spots(user=user, now=now),
        activity=activity(user=user, now=now),
        sets=sets,
        today=today,
    )


# --- the class page ------------------------------------------------------------------------


@dataclass
class AssignmentAverage:
    title: str
    due_at: datetime
    average: float | None
    scored: int

    @property
    def label(self) -> str:
        return f"{self.title} (due {timezone.localtime(self.due_at):%Y-%m-%d})"

    @property
    def value(self) -> str:
        if self.average is None:
            return "no scores yet"
        students = f"{self.scored} student{'s' if self.scored != 1 else ''}"
        return f"{whole_percent(self.average)}% · {students}"

    @property
    def percent(self) -> float:
        return self.average or 0.0


@dataclass
class StudentTrend:
    student: User
    trend: Trend
    recent_average: float | None
    last_activity: datetime | None
    missed: int
    reasons: list[str] = field(default_factory=list)


@dataclass
class ClassProgress:
    classroom: Classroom
    assignments: list[AssignmentAverage]
    mastery: list[Mastery]
    students: list[StudentTrend]

    @property
    def needing_attention(self) -> list[StudentTrend]:
        return [s for s in self.students if s.reasons]


def class_progress(
    *, classroom: Classroom, viewer: User, now: datetime | None = None
) -> ClassProgress:
    """Per assignment, per topic and per student figures of one class.

    Scores per assignment and missed assignments come from the gradebook (its grading
    rule and statuses); per-student trends use the last 90 days of the class's attempts.
    Last activity counts any attempt or flashcard review, so "not studied" means nothing at all.
    """
    now = now or timezone.now()
    tz = viewer.tzinfo
    today = now.astimezone(tz).date()
    book = gradebook_for_class(classroom=classroom)
    students = [row.student for row in book.rows]
    ids = [s.pk for s in students]

    assignments = []
    for i, assignment in enumerate(book.assignments):
        scores = [score for row in book.rows if (score := row.cells[i].score) is not None]
        assignments.append(
            AssignmentAverage(
                title=assignment.question_set.title,
                due_at=assignment.due_at,
                average=sum(scores) / len(scores) if scores else None,
                scored=len(scores),
            )
        )

    class_attempts = Attempt.objects.filter(assignment__classroom=classroom).handed_in()
    since = datetime.combine(today - timedelta(days=89), time.min, tzinfo=tz)
    daily: dict[int, dict[date, float]] = defaultdict(dict)
    recent: dict[int, list[float]] = defaultdict(list)
    rows = (
        class_attempts.filter(read_submitted_at__gte=since, read_percent__isnull=False)
        .annotate(day=TruncDate("read_submitted_at", tzinfo=tz))
        .values("user_id", "day")
        .annotate(avg=Avg("read_percent"), n=Count("pk"))
        .order_by()
    )
    for per_day in rows:
        daily[per_day["user_id"]][per_day["day"]] = per_day["avg"]
        recent[per_day["user_id"]].extend([per_day["avg"]] * per_day["n"])

    last: dict[int, datetime] = {}
    for model, field_name in ((Attempt, "started_at"), (ReviewLog, "reviewed_at")):
        for user_id, at in (
            model.objects.filter(user_id__in=ids)
            .values("user_id")
            .annotate(at=Max(field_name))
            .order_by()
            .values_list("user_id", "at")
        ):
            if at and (user_id not in last or at > last[user_id]):
                last[user_id] = at

    trends = []
    for student, row in zip(students, book.rows, strict=True):
        trend = trend_from_daily(daily.get(student.pk, {}))
        missed = sum(1 for c in row.cells if c.status == AssignmentStatus.MISSED)
        seen = last.get(student.pk)
        reasons = []
        if trend.direction == "falling":
            reasons.append(f"Scores falling ({trend.per_week:+.1f} points a week)")
        if seen is None:
            reasons.append("Has not studied yet")
        elif now - seen >= timedelta(days=INACTIVE_DAYS):
            reasons.append(f"Not studied for {(now - seen).days} days")
        if missed:
            reasons.append(f"Missed {missed} assignment{'s' if missed != 1 else ''}")
        values = recent.get(student.pk)
        trends.append(
            StudentTrend(
                student=student,
                trend=trend,
                recent_average=sum(values) / len(values) if values else None,
                last_activity=seen,
                missed=missed,
                reasons=reasons,
            )
        )

    mastery = mastery_by_topic(
        responses=Response.objects.filter(attempt__in=class_attempts), now=now
    )
    return ClassProgress(
        classroom=classroom, assignments=assignments, mastery=mastery, students=trends
    )


CSV_FIELDS = (
    "user__username",
    "user__first_name",
    "user__last_name",
    "question_set__title",
    "assignment__due_at",
    "number",
    "status",
    "started_at",
    "submitted_at",
    "late",
    "score",
    "max_score",
    "percent",
)


def class_attempt_rows(*, classroom: Classroom):
    """Every attempt on the class's assignments, oldest first, as dicts of CSV_FIELDS (plain
    values: model instances cost twice the time for thousands of rows)."""
    return (
        Attempt.objects.filter(assignment__classroom=classroom)
        .order_by("started_at", "pk")
        .values(*CSV_FIELDS)
    )
