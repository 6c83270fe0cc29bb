from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


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
