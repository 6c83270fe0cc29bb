from django.conf import settings
from django.db import models

from quizzes.questions.models import QuestionType


class Draft(models.Model):
    """A question proposed from a document's sentence, waiting for its teacher.

    Nothing here reaches a student: accepting makes a normal draft question in the
    teacher's workspace (questions.services.question_save), which they publish as any
    other. `choices` holds the answer key as the editor's rows (text, is_correct,
    match_text, blank, position)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DISCARDED = "discarded", "Discarded"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts", db_index=False
    )
    document = models.ForeignKey(
        "sources.Document", on_delete=models.CASCADE, related_name="drafts", db_index=False
    )
    passage = models.ForeignKey("sources.Passage", on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(max_length=20, choices=QuestionType)
    prompt = models.TextField()
    answer = models.CharField(max_length=500, help_text="What the draft tests.")
    quote = models.TextField(help_text="The passage's sentence it comes from, verbatim.")
    reason = models.CharField(max_length=300)
    choices = models.JSONField(default=list)
    numeric_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    fingerprint = models.CharField(max_length=32)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    question = models.ForeignKey(
        "questions.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "owner", "fingerprint"], name="draft_once"),
        ]
        indexes = [models.Index(fields=["owner", "status"], name="draft_owner_status")]

    def __str__(self) -> str:
        return self.prompt[:80]


class DraftingRun(models.Model):
    """One "Draft questions" on a document (or one passage), run by the task worker
    (quizzes.documents.tasks); the review page polls it until it is done."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Drafting"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    document = models.ForeignKey(
        "sources.Document", on_delete=models.CASCADE, related_name="drafting_runs"
    )
    passage = models.ForeignKey(
        "sources.Passage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    drafted = models.PositiveIntegerField(default=0)
    passages_done = models.PositiveIntegerField(default=0)
    passages_total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document} ({self.status})"

    @property
    def percent_done(self) -> int:
        return self.passages_done * 100 // self.passages_total if self.passages_total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
