"""Reads for flashcards: the daily queue and the statistics, in the student's local days."""

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower, TruncDate
from django.urls import reverse
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt, Response
from quizzes.core.fastpaths import SENTINEL, condition_sql
from quizzes.flashcards.models import Card, Deck, ReviewLog, StudySettings
from quizzes.questions.models import (
    BLANK_PATTERN,
    CHOICE_TYPES,
    Question,
    QuestionSet,
    QuestionType,
    QuestionVersion,
    SetItem,
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


def answer_shown(*, user: User, question_set: str, question: str) -> Q:
    """For a row with a set and a question (the names of their id columns, as OuterRef
    paths): the student may have the question's answer on a card of that set. Any
    question of a practice set; of an exam, those they answered in an attempt they handed
    in, whose result showed its answer (a set that keeps its answers back has no
    flashcards: `flashcards_refusal`); every question for the set's owner and staff.
    `studied_sql` says the same in plain SQL."""
    if user.is_staff:
        return Q()
    handed_in = Response.objects.filter(
        attempt__user=user,
        attempt__question_set_id=OuterRef(question_set),
        attempt__status=Attempt.Status.SUBMITTED,
        question_id=OuterRef(question),
    )
    sets = QuestionSet.objects.filter(pk=OuterRef(question_set))
    return (
        Q(Exists(sets.exclude(mode=QuestionSet.Mode.EXAM)))
        | Q(Exists(sets.filter(owner=user)))
        | Q(Exists(handed_in))
    )


def studied(*, user: User) -> Exists:
    """For a queryset of cards: the card's question is in a set the student studies (one
    of their decks), and that set's cards may show its answer (`answer_shown`). A card
    is in play only while one of the student's decks has its question, so removing a deck
    takes out of the queue exactly the cards no other deck of theirs still has. The plain
    statements use this rule compiled (`studied_sql`)."""
    decks = Deck.objects.filter(user=user).values("question_set_id")
    return Exists(
        SetItem.objects.filter(
            answer_shown(user=user, question_set="question_set_id", question="question_id"),
            question_id=OuterRef("question_id"),
            question_set_id__in=decks,
        )
    )


def active_cards(*, user: User) -> QuerySet[Card]:
    """A student's cards in play: their question exists, is published and is in a set the
    student studies (one of their decks). A card whose last deck is removed keeps its row,
    schedule and logs, and comes back as it was when a deck with its question is added."""
    return Card.objects.filter(
        user=user,
        question__status=Question.Status.PUBLISHED,
        question__current_version__isnull=False,
    ).filter(studied(user=user))


def has_decks(*, user: User) -> bool:
    return Deck.objects.filter(user=user).exists()


def card_in_play(*, user: User, pk: int) -> bool:
    return active_cards(user=user).filter(pk=pk).exists()


@dataclass(frozen=True)
class QueueCounts:
    new_per_day: int  # the student's limit (StudySettings)
    due: int  # reviewed cards due before the end of today
    new: int  # new cards that may still be started today
    new_today: int
    last_review_id: int | None  # what U (undo) would undo: the last rating, if given today
    new_held: int = 0  # new cards today's limit keeps back
    reviewed_today: int = 0  # ratings given today (a learning card rated twice counts twice)

    @property
    def total_today(self) -> int:
        """Today's cards as "Card 3 of 14" counts them: ratings given and cards to go."""
        return self.reviewed_today + self.due + self.new

    @property
    def position(self) -> int:
        """The card on screen's place among today's: the one after those rated."""
        return min(self.reviewed_today + 1, self.total_today)

    @property
    def left_after_this(self) -> int:
        """Cards still to come today after the one on screen ("11 left today")."""
        return max(0, self.due + self.new - 1)


@dataclass(frozen=True)
class Queue:
    counts: QueueCounts
    # To show now, with `snapshot` (its question's current version) and `retention` (the
    # student's desired retention, for the rating buttons' intervals).
    card: Card | None
    later: datetime | None  # no card now: when the next learning card comes back today


# A card's place in the queue (`rank`): learning cards whose step is due, reviews due
# today, new cards while today's limit allows, learning cards within LEARN_AHEAD; then
# the ones not shown now: learning cards due later today, and the rest.
ASKED, LEARNING_DUE, REVIEW_DUE, NEW, AHEAD, LATER_TODAY, NOT_TODAY = range(-1, 6)


@functools.cache
def studied_sql(*, staff: bool, alias: str | None) -> tuple[str, dict]:
    """`studied` for the plain statements (the queue, the card to rate, the rating's
    write), compiled from it, so the rule is written once: SQL with the student's id as
    `%(user)s`, the card table as `alias` (None: by its name), and the other parameters
    it needs, returned with their values. A staff user's variant holds every question."""
    user = User(pk=SENTINEL, is_staff=staff)
    return condition_sql(
        Card.objects.filter(studied(user=user)),
        ids={"user": SENTINEL},
        prefix="studied_",
        alias=alias,
    )


# The study screen in one statement whatever the collection size: the review log's
# numbers, and the student's active cards ranked (with the counts as window aggregates
# over all of them) of which the first is read, with its question's current version. The
# LEFT JOIN gives a row, with the log's numbers, even to a student with no cards. Plain
# SQL that SQLite and PostgreSQL both run: this runs on every study screen, and the ORM
# would spend more time writing it than the database takes to answer.
QUEUE_SQL = f"""
WITH logs AS (
    SELECT COUNT(CASE WHEN kind = %(new_kind)s AND reviewed_at >= %(day_start)s THEN 1 END)
             AS new_today,
           MAX(CASE WHEN reviewed_at >= %(day_start)s THEN id END) AS last_review_id,
           COUNT(CASE WHEN reviewed_at >= %(day_start)s THEN 1 END) AS reviewed_today,
           {{new_per_day}} AS new_per_day, {{retention}} AS retention
    FROM {{log}} WHERE user_id = %(user)s
)
SELECT logs.new_today, logs.last_review_id, logs.reviewed_today, logs.new_per_day,
    logs.retention, first.*,
    (SELECT snapshot FROM {{version}} WHERE id = first.snapshot_id) AS snapshot
FROM logs LEFT JOIN (
    SELECT c.*, q.current_version_id AS snapshot_id,
        CASE
            WHEN c.id = %(asked)s THEN {ASKED}
            WHEN c.last_review IS NULL THEN
                CASE WHEN (SELECT new_today FROM logs) < (SELECT new_per_day FROM logs)
                     THEN {NEW} ELSE {NOT_TODAY} END
            WHEN c.state = %(review)s THEN
                CASE WHEN c.due < %(day_end)s THEN {REVIEW_DUE} ELSE {NOT_TODAY} END
            WHEN c.state NOT IN (%(learning)s, %(relearning)s) THEN {NOT_TODAY}
            WHEN c.due <= %(now)s THEN {LEARNING_DUE}
            WHEN c.due <= %(ahead)s THEN {AHEAD}
            WHEN c.due < %(day_end)s THEN {LATER_TODAY}
            ELSE {NOT_TODAY}
        END AS rank,
        COUNT(CASE WHEN c.last_review IS NOT NULL AND c.due < %(day_end)s THEN 1 END) OVER ()
          AS due_count,
        COUNT(CASE WHEN c.last_review IS NULL THEN 1 END) OVER () AS new_count
    FROM {{card}} c JOIN {{question}} q ON q.id = c.question_id
    WHERE c.user_id = %(user)s AND q.status = %(published)s AND q.current_version_id IS NOT NULL
      AND {{studied}}
    ORDER BY rank, c.due, c.id
    LIMIT 1
) first ON 1 = 1
"""


def _sql(template: str, *, user: User) -> tuple[str, dict]:
    """A plain-SQL template with the tables' names, the student's settings and the
    `studied` rule (card table aliased `c`) filled in, and the parameters those need."""
    studied_where, studied_params = studied_sql(staff=user.is_staff, alias="c")
    sql = template.format(studied=studied_where, **settings_sql(), **table_names())
    return sql, studied_params | SETTINGS_DEFAULTS


def table_names() -> dict[str, str]:
    """The quoted names of the tables the plain-SQL statements read, by placeholder."""
    quote = connection.ops.quote_name
    return dict(
        card=quote(Card._meta.db_table),
        log=quote(ReviewLog._meta.db_table),
        question=quote(Question._meta.db_table),
        version=quote(QuestionVersion._meta.db_table),
    )


SETTINGS_DEFAULTS = {
    "default_new_per_day": StudySettings.DEFAULT_NEW_PER_DAY,
    "default_retention": StudySettings.DEFAULT_RETENTION,
}


def settings_sql() -> dict[str, str]:
    """The student's (`%(user)s`) study settings as SQL expressions, `new_per_day` and
    `retention`: their StudySettings row's, or the defaults while they have none."""
    table = connection.ops.quote_name(StudySettings._meta.db_table)
    return {
        name: f"COALESCE((SELECT {column} FROM {table} WHERE user_id = %(user)s), "
        f"%(default_{name})s)"
        for name, column in [
            ("new_per_day", "new_cards_per_day"),
            ("retention", "desired_retention"),
        ]
    }


def study_settings_of(*, user: User) -> StudySettings:
    """The student's study settings: their row, or the defaults (unsaved) while they have
    none. One query; a read never makes the row."""
    return StudySettings.objects.filter(user=user).first() or StudySettings(user=user)


def _timestamp(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def study_queue(*, user: User, day: Day, card_id: int | None = None) -> Queue:
    """Today's counts and the card to show: the first in the queue, or `card_id` (raises
    Card.DoesNotExist if that is not one of the student's active cards). One query."""
    sql, params = _sql(QUEUE_SQL, user=user)
    params |= {
        "new_kind": ReviewLog.Kind.NEW,
        "day_start": _timestamp(day.start),
        "day_end": _timestamp(day.end),
        "user": user.pk,
        "asked": card_id,
        "review": Card.State.REVIEW,
        "learning": Card.State.LEARNING,
        "relearning": Card.State.RELEARNING,
        "now": _timestamp(day.now),
        "ahead": _timestamp(day.now + LEARN_AHEAD),
        "published": Question.Status.PUBLISHED,
    }
    first: Any  # a Card with the queue's figures as extra columns (rank, counts, settings)
    (first,) = Card.objects.raw(sql, params)
    if card_id is not None and first.pk != card_id:
        raise Card.DoesNotExist
    quota = max(0, first.new_per_day - first.new_today)
    counts = QueueCounts(
        new_per_day=first.new_per_day,
        due=first.due_count or 0,
        new=min(first.new_count or 0, quota),
        new_today=first.new_today,
        last_review_id=first.last_review_id,
        new_held=max(0, (first.new_count or 0) - quota),
        reviewed_today=first.reviewed_today or 0,
    )
    if first.pk is None or first.rank > AHEAD:
        later = first.due if first.rank == LATER_TODAY else None
        return Queue(counts=counts, card=None, later=later)
    first.snapshot = json.loads(first.snapshot)
    return Queue(counts=counts, card=first, later=None)


def card_is_available(*, card: Card, day: Day, new_allowed: bool) -> bool:
    """The queue's rule for one card, used to refuse ratings of cards that are not due."""
    if card.last_review is None:
        return new_allowed
    if card.state == Card.State.REVIEW:
        return card.due < day.end
    return card.due <= day.now + LEARN_AHEAD


# A card's schedule, if it is the student's (its question is checked when it is rated).
CARD_SCHEDULE_SQL = """
SELECT c.*, {retention} AS retention FROM {card} c WHERE c.id = %(card)s AND c.user_id = %(user)s
"""


def card_schedule(*, user: User, pk: int) -> Card | None:
    """The student's card `pk` by primary key alone, or None: what a rating starts from,
    with the student's desired `retention`."""
    sql = CARD_SCHEDULE_SQL.format(**settings_sql(), **table_names())
    for card in Card.objects.raw(sql, {"card": pk, "user": user.pk, **SETTINGS_DEFAULTS}):
        return card
    return None


# A card to rate, if it is the student's and active, with today's new cards started.
CARD_FOR_REVIEW_SQL = """
SELECT c.*, (
    SELECT COUNT(*) FROM {log}
    WHERE user_id = %(user)s AND kind = %(new_kind)s AND reviewed_at >= %(day_start)s
) AS new_today, {new_per_day} AS new_per_day, {retention} AS retention
FROM {card} c JOIN {question} q ON q.id = c.question_id
WHERE c.id = %(card)s AND c.user_id = %(user)s AND q.status = %(published)s
  AND q.current_version_id IS NOT NULL AND {studied}
"""


def card_for_review(*, user: User, pk: int, day: Day) -> Card:
    """One of the student's active cards, with `new_today`: the new cards started today,
    `new_per_day` (the daily limit) and `retention`, in one query. Raises
    Card.DoesNotExist."""
    sql, params = _sql(CARD_FOR_REVIEW_SQL, user=user)
    params |= {
        "user": user.pk,
        "new_kind": ReviewLog.Kind.NEW,
        "day_start": _timestamp(day.start),
        "card": pk,
        "published": Question.Status.PUBLISHED,
    }
    for card in Card.objects.raw(sql, params):
        return card
    raise Card.DoesNotExist


def decks(*, user: User, day: Day) -> QuerySet[Deck]:
    """The student's decks by set title, each with its set (`question_set`: slug and title
    only) and, over its cards in play: `cards`, `due` (reviewed cards due before the end of
    today, as the study screen counts them) and `new` (never reviewed), and the student's
    `new_per_day` (StudySettings) on every row. One query, however
    many decks and cards: the set's items joined to the student's own cards, grouped.
    A card whose question is in two of the student's sets counts in both."""
    path = "question_set__items__question"
    playing = (
        Q(**{f"{path}__status": Question.Status.PUBLISHED})
        & Q(**{f"{path}__current_version__isnull": False})
        & answer_shown(user=user, question_set="question_set_id", question=f"{path}__id")
    )
    return (
        Deck.objects.filter(user=user)
        .annotate(
            mine=FilteredRelation(f"{path}__cards", condition=Q(**{f"{path}__cards__user": user}))
        )
        .annotate(
            cards=Count("mine", filter=playing),
            due=Count(
                "mine",
                filter=playing & Q(mine__last_review__isnull=False, mine__due__lt=day.end),
            ),
            new=Count("mine", filter=playing & Q(mine__last_review__isnull=True)),
            new_per_day=Coalesce(
                Subquery(StudySettings.objects.filter(user=user).values("new_cards_per_day")[:1]),
                StudySettings.DEFAULT_NEW_PER_DAY,
            ),
        )
        .select_related("question_set")
        .only("id", "created_at", "question_set__slug", "question_set__title")
        .order_by(Lower("question_set__title"), "id")
    )


def flashcards_refusal(*, question_set: QuestionSet, user: User) -> str | None:
    """Why the user may not study the set as flashcards, or None. A card's back shows the
    answer, so a set whose teacher keeps its answers back has none, and an exam has none
    for a student until they have handed in an attempt; its owner and staff, who see the
    answers anyway, always may."""
    if user.is_staff or user.pk == question_set.owner_id:
        return None
    if question_set.keeps_answers_back:
        when = (
            "until after the due date"
            if question_set.reveal == QuestionSet.Reveal.AFTER_DUE
            else "from students"
        )
        return f"This set has no flashcards: its teacher keeps the answers back {when}."
    # An exam shows no answer before it is handed in: its flashcards (whose backs are the
    # answers) open to a student who has handed in an attempt, whose result shows them.
    if question_set.mode == QuestionSet.Mode.EXAM and not (
        user.is_authenticated
        and Attempt.objects.filter(
            user=user, question_set=question_set, status=Attempt.Status.SUBMITTED
        ).exists()
    ):
        return "This set is an exam: its flashcards open once you have handed in an attempt."
    return None


def cram_questions(*, question_set: QuestionSet, user: User) -> QuerySet[Question]:
    """The set's published questions in set order, for cram mode: those the user's cards
    of the set may show (`answer_shown`: of an exam, the ones whose answers they have
    been shown)."""
    shown = SetItem.objects.filter(
        answer_shown(user=user, question_set="question_set_id", question="question_id"),
        question_set=question_set,
        question_id=OuterRef("pk"),
    )
    return (
        Question.objects.filter(
            Exists(shown), set_items__question_set=question_set, status=Question.Status.PUBLISHED
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


def reviews_per_day(*, user: User, day: Day, days: int = 30) -> list[tuple[date, int]]:
    """Ratings given on each of the last `days` days (the student's days), oldest first."""
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
    return [(d, by_day.get(d, 0)) for d in (first + timedelta(days=i) for i in range(days))]


@dataclass(frozen=True)
class Retention:
    label: str
    reviews: int  # of cards in the review state: what true retention counts
    passed: int
    all_reviews: int = 0  # every rating in the period, learning steps and new cards too

    @property
    def percent(self) -> float | None:
        return round(100 * self.passed / self.reviews, 1) if self.reviews else None


def true_retention(*, user: User, day: Day) -> list[Retention]:
    """Share of reviews of review-state cards not rated Again, last 7 and 30 days."""
    week = datetime.combine(day.date - timedelta(days=6), time.min, tzinfo=user.tzinfo)
    month = datetime.combine(day.date - timedelta(days=29), time.min, tzinfo=user.tzinfo)
    again = Q(rating=ReviewLog.Rating.AGAIN)
    review = Q(kind=ReviewLog.Kind.REVIEW)
    in_week = Q(reviewed_at__gte=week)
    row = ReviewLog.objects.filter(
        user=user, reviewed_at__gte=month, reviewed_at__lt=day.end
    ).aggregate(
        week=Count("id", filter=review & in_week),
        week_passed=Count("id", filter=review & in_week & ~again),
        week_all=Count("id", filter=in_week),
        month=Count("id", filter=review),
        month_passed=Count("id", filter=review & ~again),
        month_all=Count("id"),
    )
    return [
        Retention("Last 7 days", row["week"], row["week_passed"], row["week_all"]),
        Retention("Last 30 days", row["month"], row["month_passed"], row["month_all"]),
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


def due_forecast(*, user: User, day: Day, days: int = 14) -> list[tuple[date, int]]:
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
    return [(d, by_day.get(d, 0)) for d in (day.date + timedelta(days=i) for i in range(days))]


# --- what a card shows --------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class Faces:
    """Front and back of a card, built from a question snapshot.

    The front (`prompt`, `options`) carries nothing that tells the answer: options keep
    their opaque ids and are shown in `front_order`.
    """

    kind: str
    prompt: str
    options: list[Option]
    matches: list[str]
    answer_lines: list[str]
    unit: str  # a numeric answer's unit, named on the front as the quiz player does
    correct_ids: frozenset[str]  # for the back only
    explanation: str
    citations: list[tuple[str, str]]  # (url, quote)


def front_order[T](items: list[T], *, text: Callable[[T], str] = str) -> list[T]:
    """`items`, given in the answer's order (authored options, ordering items, the matches
    of the pairs), as a card's front lists them: by text, and never in the answer's order,
    which authors often make the correct option first or the list already sorted."""
    shown = sorted(items, key=lambda item: text(item).casefold())
    if shown == items and len(items) > 1:
        shown = shown[1:] + shown[:1]
    return shown


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
        if kind != QuestionType.TRUE_FALSE:  # True/False keep their familiar order
            options = front_order(options, text=lambda o: o.text)
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
        options = front_order([Option(c["id"], c["text"]) for c in ordered], text=lambda o: o.text)
    elif kind == QuestionType.MATCHING:
        answer_lines = [f"{c['text']} → {c['match']}" for c in choices]
        matches = front_order([c["match"] for c in choices])
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
        unit=snapshot.get("unit") or "",
        correct_ids=frozenset(c["id"] for c in choices if c["correct"]),
        explanation=snapshot.get("explanation", ""),
        citations=[
            (reverse("citation_in_source", args=[c["public_id"]]), c["quote"])
            for c in snapshot.get("citations", [])
            if c.get("public_id")
        ],
    )
