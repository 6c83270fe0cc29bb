"""A live game, its players and their answers (docs/live.md).

The game's state is these rows: any app server can render any screen of it, and a player
whose phone drops finds it again. Scores are kept on the player row, updated with each
answer under the game's row lock, so the leaderboard is one ordered query.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

PIN_DIGITS = 6
NICKNAME_MAX = 20
SECONDS_DEFAULT = 20
SECONDS_MIN = 5
SECONDS_MAX = 120


def new_pin() -> str:
    """Six digits, never starting with 0 (read aloud and typed on a phone's keypad)."""
    return str(secrets.randbelow(9 * 10 ** (PIN_DIGITS - 1)) + 10 ** (PIN_DIGITS - 1))


class LiveGame(models.Model):
    class State(models.TextChoices):
        LOBBY = "lobby", "Lobby"
        QUESTION = "question", "Question"
        REVEAL = "reveal", "Reveal"
        ENDED = "ended", "Ended"

    pin = models.CharField(max_length=PIN_DIGITS, default=new_pin)
    question_set = models.ForeignKey(
        "questions.QuestionSet", on_delete=models.CASCADE, related_name="live_games"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosted_games"
    )
    state = models.CharField(max_length=10, choices=State, default=State.LOBBY)
    question_ids = models.JSONField(
        default=list, help_text="The playable questions in the order they are asked."
    )
    versions = models.JSONField(
        default=dict, help_text="Per question id, the QuestionVersion pk asked and graded."
    )
    option_order = models.JSONField(
        default=dict, help_text="Per question id, the choice ids in the order of the tiles."
    )
    skipped = models.PositiveSmallIntegerField(
        default=0, help_text="Questions of the set whose type cannot be played live."
    )
    current_index = models.SmallIntegerField(default=-1, help_text="-1 in the lobby.")
    question_started_at = models.DateTimeField(null=True, blank=True)
    question_deadline = models.DateTimeField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(
        default=SECONDS_DEFAULT, help_text="The countdown of each question."
    )
    allow_guests = models.BooleanField(
        default=False, help_text="Players without an account may join with a nickname."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A PIN names one game at a time: an ended game's PIN may be drawn again.
            models.UniqueConstraint(
                fields=["pin"], condition=~models.Q(state="ended"), name="live_pin_in_use"
            )
        ]
        indexes = [models.Index(fields=["host", "created_at"])]

    def __str__(self) -> str:
        return f"{self.question_set} live ({self.pin})"

    def get_absolute_url(self) -> str:
        return reverse("live_host", args=[self.pk])

    @property
    def question_count(self) -> int:
        return len(self.question_ids)

    @property
    def is_last_question(self) -> bool:
        return self.current_index >= len(self.question_ids) - 1


class LivePlayer(models.Model):
    """One player of a game: a signed-in user, or a guest known by nickname and session."""

    game = models.ForeignKey(LiveGame, on_delete=models.CASCADE, related_name="players")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="live_players",
    )
    nickname = models.CharField(max_length=NICKNAME_MAX)
    score = models.PositiveIntegerField(default=0)
    streak = models.PositiveSmallIntegerField(default=0)
    correct_count = models.PositiveSmallIntegerField(default=0)
    correct_ms = models.PositiveIntegerField(
        default=0, help_text="Time taken by the right answers, for breaking ties."
    )
    removed = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    attempt = models.OneToOneField(
        "attempts.Attempt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_player",
        help_text="The attempt written at the end of the game (signed-in players).",
    )

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "user"],
                condition=models.Q(user__isnull=False),
                name="live_player_once",
            ),
            models.UniqueConstraint(Lower("nickname"), "game", name="live_nickname_unique"),
        ]

    def __str__(self) -> str:
        return self.nickname


class LiveAnswer(models.Model):
    """A player's answer to one question, saved when it arrives, on the server's clock."""

    game = models.ForeignKey(LiveGame, on_delete=models.CASCADE, related_name="answers")
    player = models.ForeignKey(LivePlayer, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(
        "questions.Question", on_delete=models.PROTECT, related_name="live_answers"
    )
    answer = models.JSONField()
    score = models.FloatField(help_text="Share of the mark from grading, 0 to 1.")
    is_correct = models.BooleanField()
    received_at = models.DateTimeField()
    elapsed_ms = models.PositiveIntegerField()
    points = models.PositiveIntegerField()

    class Meta:
        ordering = ["position", "received_at"]
        constraints = [
            models.UniqueConstraint(fields=["player", "position"], name="live_answer_once")
        ]
        indexes = [models.Index(fields=["game", "position"])]

    def __str__(self) -> str:
        return f"{self.player} · Q{self.position + 1}"
