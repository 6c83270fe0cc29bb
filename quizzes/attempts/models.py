from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf, Round
from django.urls import reverse
from django.utils import timezone

# Answers sent in the last seconds before the deadline still count (network latency).
GRACE = timedelta(seconds=5)

# The mode of an attempt written at the end of a live game (quizzes/live): its answers were
# given in the game, so it never runs in the player and takes none of the set's attempts.
LIVE_MODE = "live"


class JSONArrayLength(models.Func):
    """The number of items of a JSON array column (an attempt's drawn questions)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = models.IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


class AttemptQuerySet(models.QuerySet):
    def as_read(self, now: datetime | None = None) -> "AttemptQuerySet":
        """Alias `read_status`, `read_score`, `read_percent`, `read_late` and
        `read_submitted_at`: the
        attempt as pages show it, in SQL. One whose time is up (open, past its deadline
        and grace) reads as handed in at its deadline and scored from its saved answers,
        as `selectors.finished_state` computes it for one attempt and `_finish` writes it
        (on the next POST or `manage.py expire_attempts`): a GET writes nothing, and the
        reports' aggregates count it all the same. Costs a subquery for overdue rows only.
        """
        now = now or timezone.now()
        overdue = Q(status=Attempt.Status.IN_PROGRESS, deadline__lt=now - GRACE)
        total = Subquery(
            Response.objects.filter(attempt=OuterRef("pk"))
            .order_by()
            .values("attempt_id")
            .annotate(total=Sum("score"))
            .values("total")
        )
        questions = NullIf(Cast(JSONArrayLength("question_ids"), models.FloatField()), 0.0)
        percent = Round(100 * Coalesce(total, 0.0) / questions, 1)
        return self.alias(
            read_status=Case(
                When(overdue, then=Value(Attempt.Status.SUBMITTED.value)),
                default=F("status"),
                output_field=models.CharField(),
            ),
            read_score=Case(
                When(overdue, then=Round(Coalesce(total, 0.0), 6)),
                default=F("score"),
                output_field=models.FloatField(),
            ),
            read_percent=Case(
                When(overdue, then=Coalesce(percent, 0.0)),
                default=F("percent"),
                output_field=models.FloatField(),
            ),
            read_late=Case(
                When(
                    overdue & Q(due_at__isnull=False, deadline__gt=F("due_at") + GRACE),
                    then=Value(True),
                ),
                default=F("late"),
                output_field=models.BooleanField(),
            ),
            read_submitted_at=Case(
                When(overdue, then=F("deadline")),
                default=F("submitted_at"),
                output_field=models.DateTimeField(),
            ),
        )

    def handed_in(self, now: datetime | None = None) -> "AttemptQuerySet":
        """Attempts handed in, or whose time is up (read as handed in): `as_read`."""
        return self.as_read(now).filter(read_status=Attempt.Status.SUBMITTED)


class Attempt(models.Model):
    """One student's run through a question set; the drawn order is fixed at the start."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    # The foreign keys need no index of their own: each leads an index or constraint in
    # Meta, which serves the same lookups (one index fewer to write per attempt).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    question_set = models.ForeignKey(
        "questions.QuestionSet", on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    assignment = models.ForeignKey(
        "classes.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        db_index=False,
    )
    number = models.PositiveSmallIntegerField(help_text="1 for the student's first attempt.")
    mode = models.CharField(max_length=12)
    status = models.CharField(max_length=12, choices=Status, default=Status.IN_PROGRESS)
    question_ids = models.JSONField(default=list, help_text="Question ids in the drawn order.")
    versions = models.JSONField(
        default=dict,
        help_text="Per question id, the QuestionVersion pk shown and graded in this attempt.",
    )
    option_order = models.JSONField(
        default=dict, help_text="Per question id, the shuffled order of choice public ids."
    )
    current_index = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the attempt is handed in automatically: the end of its time limit "
        "or, if its assignment refuses late work, the assignment's due date if sooner.",
    )
    time_limit_ends = models.DateTimeField(
        null=True, blank=True, help_text="Start plus the set's time limit (fixed at the start)."
    )
    due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The assignment's due date, kept in step with it while the attempt runs: "
        "answers and hand-ins after it are late.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(default=0)
    max_score = models.FloatField(default=0)
    percent = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        default=60,
        help_text="The set's pass mark when the attempt started: pass or fail is judged "
        "against it, so a later change of the set's pass mark leaves this result as given.",
    )
    late = models.BooleanField(
        default=False,
        help_text="Started, answered or handed in after the assignment's due date.",
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question_set", "number"], name="attempt_number_per_set"
            )
        ]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["question_set", "status"]),
            models.Index(fields=["assignment", "user"]),
            models.Index(fields=["user", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_set} #{self.number}"

    def get_absolute_url(self) -> str:
        if self.status == self.Status.SUBMITTED:
            return reverse("attempt_result", args=[self.pk])
        return reverse("attempt_play", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def question_count(self) -> int:
        return len(self.question_ids)

    @property
    def time_taken(self):
        return (self.submitted_at - self.started_at) if self.submitted_at else None


class Response(models.Model):
    """A student's answer to one question of an attempt, saved when given."""

    # attempt and question lead the unique constraint and the index in Meta: indexes of
    # their own would only be two more to write with every answer.
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    question = models.ForeignKey(
        "questions.Question", on_delete=models.PROTECT, related_name="responses", db_index=False
    )
    question_version = models.ForeignKey(
        "questions.QuestionVersion", on_delete=models.PROTECT, related_name="responses"
    )
    position = models.PositiveSmallIntegerField()
    answer = models.JSONField(help_text="The answer as given.")
    score = models.FloatField(default=0, help_text="Share of the mark earned, 0 to 1.")
    max_score = models.FloatField(default=1)
    is_correct = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_response_per_question"
            )
        ]
        indexes = [models.Index(fields=["question", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.attempt} · Q{self.position + 1}"
