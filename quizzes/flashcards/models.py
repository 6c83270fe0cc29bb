"""Flashcards: each student's FSRS schedule per question, and a log of every review."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from fsrs import Card as FsrsCard
from fsrs import State as FsrsState


class StudySettings(models.Model):
    """A student's flashcard settings. The row is made when they first save the settings
    page (`services.study_settings_update`); until then the defaults apply, and nothing is
    written when a page reads them. The time zone, which every page uses, stays on User."""

    DEFAULT_RETENTION = 0.90
    DEFAULT_NEW_PER_DAY = 20

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_settings"
    )
    desired_retention = models.FloatField(
        default=DEFAULT_RETENTION, validators=[MinValueValidator(0.70), MaxValueValidator(0.97)]
    )
    new_cards_per_day = models.PositiveSmallIntegerField(
        default=DEFAULT_NEW_PER_DAY, validators=[MaxValueValidator(500)]
    )

    class Meta:
        verbose_name_plural = "study settings"

    def __str__(self) -> str:
        return f"{self.user}'s study settings"


class Deck(models.Model):
    """A question set a student studies; its questions become that student's cards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(
        "questions.QuestionSet", on_delete=models.CASCADE, related_name="decks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "question_set"], name="deck_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_set}"


class Card(models.Model):
    """One student's schedule for one question: the fields of an fsrs Card, stored as they are.

    A card never reviewed (`last_review` empty) is "new". A card whose question is deleted
    keeps its row and logs (question becomes empty) and, like one whose question is not
    published, is retired: it leaves the queue and the statistics of cards.
    """

    class State(models.IntegerChoices):
        LEARNING = FsrsState.Learning.value, "Learning"
        REVIEW = FsrsState.Review.value, "Review"
        RELEARNING = FsrsState.Relearning.value, "Relearning"

    # user leads both the (user, due) index and the unique (user, question): no index of its
    # own, one fewer to write with every rating.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards", db_index=False
    )
    question = models.ForeignKey(
        "questions.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    state = models.PositiveSmallIntegerField(choices=State, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=0, help_text="Bumped by every review and undo; a form shown earlier is stale."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Not fields: columns the queue's and the rating's SQL add to the cards it reads
    # (flashcards.selectors), the student's study settings and today's figures among them.
    retention: float
    new_today: int
    new_per_day: int
    snapshot: dict  # the question version current when it was read (JSON, parsed)

    class Meta:
        ordering = ["user", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="card_unique_per_user")
        ]
        indexes = [models.Index(fields=["user", "due"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_id}"

    @property
    def is_new(self) -> bool:
        return self.last_review is None

    def to_fsrs(self) -> FsrsCard:
        return FsrsCard(
            card_id=self.pk,
            state=FsrsState(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    @staticmethod
    def schedule_from_fsrs(card: FsrsCard) -> dict:
        """The schedule fields (SCHEDULE_FIELDS) of an fsrs Card, by name."""
        return {
            "state": int(card.state),
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": card.due,
            "last_review": card.last_review,
        }

    def set_from_fsrs(self, card: FsrsCard) -> None:
        for name, value in self.schedule_from_fsrs(card).items():
            setattr(self, name, value)


class ReviewLog(models.Model):
    """One rating of a card, with the card's state before and after (fsrs Card.to_dict()).

    `kind` is the card's state before the review (0 for a new card) so statistics need no
    JSON; undo restores `state_before` and deletes the row.
    """

    class Kind(models.IntegerChoices):
        NEW = 0, "New"
        LEARNING = FsrsState.Learning.value, "Learning"
        REVIEW = FsrsState.Review.value, "Review"
        RELEARNING = FsrsState.Relearning.value, "Relearning"

    class Rating(models.IntegerChoices):
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"
        EASY = 4, "Easy"

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(  # leads the (user, reviewed_at) index: none of its own
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="card_reviews",
        db_index=False,
    )
    rating = models.PositiveSmallIntegerField(choices=Rating)
    kind = models.PositiveSmallIntegerField(choices=Kind)
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    state_before = models.JSONField()
    state_after = models.JSONField()

    class Meta:
        ordering = ["user", "reviewed_at", "id"]
        indexes = [models.Index(fields=["user", "reviewed_at"])]

    def __str__(self) -> str:
        return (
            f"{self.card_id} rated {self.get_rating_display()} at {self.reviewed_at:%Y-%m-%d %H:%M}"
        )
