"""Reads for flashcards: the daily queue and the statistics, in the student's local days."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.flashcards.models import Card, ReviewLog
from quizzes.questions.models import (
    BLANK_PATTERN,
    CHOICE_TYPES,
    Question,
    QuestionSet,
    QuestionType,
)

# A learning card due within this time is shown early when nothing else is left (as Anki does).
LEARN_AHEAD = timedelta(minutes=20)
LEARNING_STATES = [Card.State.LEARNING, Card.State.RELEARNING]


@dataclass(frozen=True)
class Day:
    """The student's local day: "today" starts and ends at their midnight."""

    date: date
    start: datetime
    end: datetime
    now: datetime


def local_day(*, user: User, now: datetime | None = None) -> Day:
    now = now or timezone.now()
    tz = user.tzinfo
    today = now.astimezone(tz).date()
    start = datetime.combine(today, time.min, tzinfo=tz)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz)
    return Day(date=today, start=start, end=end, now=now)


def active_cards(*, user: User) -> QuerySet[Card]:
    """A student's cards still in play: their question exists and is published."""
    return Card.objects.filter(
        user=user,
        question__status=Question.Status.PUBLISHED,
        question__current_version__isnull=False,
    )


@dataclass(frozen=True)
class QueueCounts:
    due: int  # reviewed cards due before the end of today
    new: int  # new cards that may still be started today
    new_today: int
    last_review_id: int | None  # what U (undo) would undo


def queue_counts(*, user: User, day: Day) -> QueueCounts:
    """Today's numbers in two queries whatever the collection size."""
    cards = active_cards(user=user).aggregate(
        due=Count("id", filter=Q(last_review__isnull=False, due__lt=day.end)),
        new=Count("id", filter=Q(last_review__isnull=True)),
    )
    logs = ReviewLog.objects.filter(user=user).aggregate(
        new_today=Count("id", filter=Q(reviewed_at__gte=day.start, kind=ReviewLog.Kind.NEW)),
        last=Max("id"),
    )
    quota = max(0, user.new_cards_per_day - logs["new_today"])
    return QueueCounts(
        due=cards["due"],
        new=min(cards["new"], quota),
        new_today=logs["new_today"],
        last_review_id=logs["last"],
    )


def _available(*, day: Day, new_allowed: bool) -> Q:
    reviewed = Q(last_review__isnull=False)
    learning = reviewed & Q(state__in=LEARNING_STATES, due__lte=day.now + LEARN_AHEAD)
    review = reviewed & Q(state=Card.State.REVIEW, due__lt=day.end)
    available = learning | review
    if new_allowed:
        available |= Q(last_review__isnull=True)
    return available


def card_is_available(*, card: Card, day: Day, new_allowed: bool) -> bool:
    """The queue's rule for one card, used to refuse ratings of cards that are not due."""
    if card.last_review is None:
        return new_allowed
    if card.state == Card.State.REVIEW:
        return card.due < day.end
    return card.due <= day.now + LEARN_AHEAD


def next_card(*, user: User, day: Day, counts: QueueCounts) -> Card | None:
    """Learning cards that are due, then reviews due today, then new cards, then learn-ahead."""
    reviewed = Q(last_review__isnull=False)
    priority = Case(
        When(reviewed & Q(state__in=LEARNING_STATES, due__lte=day.now), then=Value(0)),
        When(reviewed & Q(state=Card.State.REVIEW), then=Value(1)),
        When(last_review__isnull=True, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        active_cards(user=user)
        .filter(_available(day=day, new_allowed=counts.new > 0))
        .select_related("question__current_version")
        .annotate(priority=priority)
        .order_by("priority", "due", "id")
        .first()
    )


def next_learning_due(*, user: User, day: Day) -> datetime | None:
    """When the next learning card comes back today, for the "come back later" message."""
    return (
        active_cards(user=user)
        .filter(last_review__isnull=False, state__in=LEARNING_STATES, due__lt=day.end)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )


def user_card(*, user: User, pk: int) -> Card | None:
    return active_cards(user=user).select_related("question__current_version").filter(pk=pk).first()


def cram_questions(*, question_set: QuestionSet) -> QuerySet[Question]:
    """The set's published questions in set order, for cram mode."""
    return (
        Question.objects.filter(
            set_items__question_set=question_set, status=Question.Status.PUBLISHED
        )
        .select_related("current_version")
        .order_by("set_items__position", "set_items__id")
    )


# --- statistics -------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float  # of the largest value, for drawing


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _, value in pairs), default=0) or 1
    return [Bar(label, value, round(100 * value / top, 1)) for label, value in pairs]


def reviews_per_day(*, user: User, day: Day, days: int = 30) -> list[Bar]:
    first = day.date - timedelta(days=days - 1)
    start = datetime.combine(first, time.min, tzinfo=user.tzinfo)
    rows = (
        ReviewLog.objects.filter(user=user, reviewed_at__gte=start, reviewed_at__lt=day.end)
        .annotate(day=TruncDate("reviewed_at", tzinfo=user.tzinfo))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    by_day = dict(rows)
    return _bars(
        [
            (d.isoformat(), by_day.get(d, 0))
            for d in (first + timedelta(days=i) for i in range(days))
        ]
    )


@dataclass(frozen=True)
class Retention:
    label: str
    reviews: int
    passed: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.passed / self.reviews, 1) if self.reviews else None


def true_retention(*, user: User, day: Day) -> list[Retention]:
    """Share of reviews of review-state cards not rated Again, last 7 and 30 days."""
    week = datetime.combine(day.date - timedelta(days=6), time.min, tzinfo=user.tzinfo)
    month = datetime.combine(day.date - timedelta(days=29), time.min, tzinfo=user.tzinfo)
    again = Q(rating=ReviewLog.Rating.AGAIN)
    row = ReviewLog.objects.filter(
        user=user, kind=ReviewLog.Kind.REVIEW, reviewed_at__gte=month, reviewed_at__lt=day.end
    ).aggregate(
        week=Count("id", filter=Q(reviewed_at__gte=week)),
        week_passed=Count("id", filter=Q(reviewed_at__gte=week) & ~again),
        month=Count("id"),
        month_passed=Count("id", filter=~again),
    )
    return [
        Retention("Last 7 days", row["week"], row["week_passed"]),
        Retention("Last 30 days", row["month"], row["month_passed"]),
    ]


def cards_by_state(*, user: User) -> list[Bar]:
    row = active_cards(user=user).aggregate(
        new=Count("id", filter=Q(last_review__isnull=True)),
        learning=Count("id", filter=Q(last_review__isnull=False, state=Card.State.LEARNING)),
        review=Count("id", filter=Q(state=Card.State.REVIEW)),
        relearning=Count("id", filter=Q(state=Card.State.RELEARNING)),
    )
    return _bars(
        [
            ("New", row["new"]),
            ("Learning", row["learning"]),
            ("Review", row["review"]),
            ("Relearning", row["relearning"]),
        ]
    )


def due_forecast(*, user: User, day: Day, days: int = 14) -> list[Bar]:
    """Reviewed cards due on each of the next days; overdue cards count for today."""
    end = datetime.combine(day.date + timedelta(days=days), time.min, tzinfo=user.tzinfo)
    cards = active_cards(user=user).filter(last_review__isnull=False, due__lt=end)
    rows = (
        cards.annotate(day=TruncDate("due", tzinfo=user.tzinfo))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    by_day: dict[date, int] = {}
    for when, n in rows:
        key = max(when, day.date)
        by_day[key] = by_day.get(key, 0) + n
    return _bars(
        [
            (d.isoformat(), by_day.get(d, 0))
            for d in (day.date + timedelta(days=i) for i in range(days))
        ]
    )


# --- what a card shows --------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class Faces:
    """Front and back of a card, built from a question snapshot.

    The front (`prompt`, `options`) carries nothing that tells the answer: options keep
    their opaque ids and, for ordering and matching, are sorted by text not by key.
    """

    kind: str
    prompt: str
    options: list[Option]
    matches: list[str]
    answer_lines: list[str]
    correct_ids: frozenset[str]  # for the back only
    explanation: str
    citations: list[tuple[str, str]]  # (url, quote)


def _blanked(prompt: str) -> str:
    return BLANK_PATTERN.sub("_____", prompt)


def card_faces(snapshot: dict) -> Faces:
    kind = snapshot["type"]
    choices = snapshot["choices"]
    options = [Option(c["id"], c["text"]) for c in choices]
    matches: list[str] = []
    correct = [c["text"] for c in choices if c["correct"]]
    if kind in CHOICE_TYPES:
        answer_lines = correct
    elif kind == QuestionType.SHORT_ANSWER:
        answer_lines = correct
        options = []
    elif kind == QuestionType.NUMERIC:
        options = []
        tolerance = snapshot.get("numeric_tolerance")
        line = snapshot["numeric_value"] or ""
        if tolerance and float(tolerance):
            line += f" ± {tolerance}"
        answer_lines = [f"{line} {snapshot.get('unit') or ''}".strip()]
    elif kind == QuestionType.ORDERING:
        ordered = sorted(choices, key=lambda c: (c["position"], c["id"]))
        answer_lines = [f"{i}. {c['text']}" for i, c in enumerate(ordered, 1)]
        options = sorted(options, key=lambda o: o.text.casefold())
    elif kind == QuestionType.MATCHING:
        answer_lines = [f"{c['text']} → {c['match']}" for c in choices]
        matches = sorted((c["match"] for c in choices), key=str.casefold)
    elif kind == QuestionType.FILL_BLANK:
        options = []
        by_blank: dict[int, list[str]] = {}
        for c in choices:
            if c["correct"]:
                by_blank.setdefault(c["blank"], []).append(c["text"])
        answer_lines = [f"Blank {n}: {' / '.join(t)}" for n, t in sorted(by_blank.items())]
    else:
        answer_lines = correct
    return Faces(
        kind=kind,
        prompt=_blanked(snapshot["prompt"])
        if kind == QuestionType.FILL_BLANK
        else snapshot["prompt"],
        options=options,
        matches=matches,
        answer_lines=answer_lines,
        correct_ids=frozenset(c["id"] for c in choices if c["correct"]),
        explanation=snapshot.get("explanation", ""),
        citations=[
            (reverse("citation_in_source", args=[c["id"]]), c["quote"])
            for c in snapshot.get("citations", [])
        ],
    )
