import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class Classroom(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms"
    )
    name = models.CharField(max_length=120)
    join_code = models.CharField(max_length=8, unique=True, default=new_join_code)
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="enrolled_classes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["classroom_id", "student__username"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom}"


class PastMembership(models.Model):
    """A membership that ended: the student left the class or was removed from it.

    The roster (Membership) holds current members only; these rows keep what was assigned
    to a student while they were in the class (`AssignmentQuerySet.had_by`), so leaving,
    and rejoining, changes nothing for an exam given to them. Rejoining adds a Membership
    and keeps these rows."""

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="past_memberships", db_index=False
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="past_memberships"
    )
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["classroom_id", "left_at"]
        indexes = [models.Index(fields=["classroom", "student"])]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom} until {self.left_at:%Y-%m-%d}"


class AssignmentQuerySet(models.QuerySet):
    def had_by(self, user) -> "AssignmentQuerySet":
        """The assignments a student has had: those of their classes, and those of classes
        they have left that were given before they left. Whether an exam holds them (sat
        as the assignment first, its key kept until every due date) follows these, not the
        current roster."""
        classroom = models.OuterRef("classroom_id")
        return self.filter(
            models.Exists(Membership.objects.filter(classroom_id=classroom, student=user))
            | models.Exists(
                PastMembership.objects.filter(
                    classroom_id=classroom,
                    student=user,
                    left_at__gt=models.OuterRef("created_at"),
                )
            )
        )


class Assignment(models.Model):
    """A question set given to a class, open between two times."""

    class Grading(models.TextChoices):
        BEST = "best", "Best attempt"
        LAST = "last", "Last attempt"
        AVERAGE = "average", "Average of attempts"

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    question_set = models.ForeignKey(
        "quizzes.QuestionSet", on_delete=models.PROTECT, related_name="assignments"
    )
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField()
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: the question set's limit."
    )
    accept_late = models.BooleanField(default=False)
    grading = models.CharField(max_length=10, choices=Grading, default=Grading.BEST)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["classroom", "due_at"])]

    def __str__(self) -> str:
        return f"{self.question_set} for {self.classroom}"

    def clean(self) -> None:
        # Here rather than in a form, so the admin refuses it too.
        errors = {}
        for name in ("opens_at", "due_at"):
            value = getattr(self, name)
            try:  # it must fit in UTC and in every user's zone (offsets under a day)
                if value is not None:
                    (value - timedelta(days=1), value + timedelta(days=1))
            except OverflowError:
                errors[name] = "This date is out of range."
        if errors:
            raise ValidationError(errors)
        if self.opens_at and self.due_at and self.due_at <= self.opens_at:
            raise ValidationError({"due_at": "The due time must be after the opening time."})


def new_invite_token() -> str:
    return secrets.token_urlsafe(32)


def invite_expiry():
    return timezone.now() + timedelta(days=INVITE_DAYS)


INVITE_DAYS = 14


class Invite(models.Model):
    """A one-time link with which a new colleague signs up as a teacher."""

    token = models.CharField(max_length=64, unique=True, default=new_invite_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites_sent"
    )
    email = models.EmailField(blank=True, help_text="Who it is for (a reminder only).")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invite_expiry)
    used_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invite_used",
    )
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invite by {self.created_by} ({'used' if self.used_at else 'open'})"

    def get_absolute_url(self) -> str:
        return reverse("invite_accept", args=[self.token])

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
