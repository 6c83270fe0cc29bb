"""Writes for the live game (docs/live.md): keyword-only, each in one transaction under
the game's row lock, so the host's moves and the players' answers are applied one at a
time and every check (state, question, deadline, one answer each) sees the latest state.

Each service pushes "the game changed" to the game's sockets once its transaction has
committed (push.py); the sockets re-render their screens from the database.
"""

import random
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.answers import AnswerInvalid, option_order_for, validate_answer
from quizzes.attempts.models import LIVE_MODE, Attempt, Response
from quizzes.attempts.selectors import finished_state
from quizzes.live import push
from quizzes.live.models import (
    NICKNAME_MAX,
    SECONDS_MAX,
    SECONDS_MIN,
    LiveAnswer,
    LiveGame,
    LivePlayer,
    new_pin,
)
from quizzes.live.scoring import answer_points
from quizzes.live.selectors import LIVE_TYPES, in_host_class
from quizzes.questions.grading import grade
from quizzes.questions.models import QuestionSet, QuestionVersion
from quizzes.questions.selectors import playable_items, question_versions

PIN_TRIES = 5


class LiveError(Exception):
    """A request the game's rules refuse; the message is shown to the user."""


class AnswerMalformed(LiveError):
    """The posted answer cannot be graded (no option chosen, not a number, too long)."""


def _locked(game: LiveGame) -> LiveGame:
    """The game's row, locked for this transaction and read afresh."""
    return LiveGame.objects.select_for_update().select_related("question_set").get(pk=game.pk)


def _changed(game: LiveGame, *, host_only: bool = False) -> None:
    pk = game.pk
    transaction.on_commit(lambda: push.game_changed(pk, host_only=host_only))


def live_questions(question_set: QuestionSet, rng: random.Random) -> tuple[list, dict, dict, int]:
    """The set's playable questions in the set's order, their versions and tile orders,
    and how many were skipped for a type a phone cannot answer live."""
    items = list(
        playable_items(question_set=question_set)
        .order_by("position", "id")
        .values_list("question_id", "question__current_version_id", "question__type")
    )
    live = [(qid, vid) for qid, vid, kind in items if kind in LIVE_TYPES]
    snapshots = dict(
        QuestionVersion.objects.filter(pk__in=[vid for _, vid in live]).values_list(
            "pk", "snapshot"
        )
    )
    versions = {str(qid): vid for qid, vid in live}
    orders = {
        str(qid): option_order_for(
            snapshots[vid], shuffle=question_set.shuffle_options, rng=rng
        ).get("order", [])
        for qid, vid in live
    }
    return [qid for qid, _ in live], versions, orders, len(items) - len(live)


def game_create(
    *, host: User, question_set: QuestionSet, seconds: int = 20, allow_guests: bool = False
) -> LiveGame:
    """Open a lobby for the set with a fresh PIN."""
    if not SECONDS_MIN <= seconds <= SECONDS_MAX:
        raise LiveError(f"Give each question between {SECONDS_MIN} and {SECONDS_MAX} seconds.")
    question_ids, versions, orders, skipped = live_questions(question_set, random.SystemRandom())
    if not question_ids:
        raise LiveError("This set has no questions that can be played live.")
    for _ in range(PIN_TRIES):
        try:
            with transaction.atomic():
                return LiveGame.objects.create(
                    pin=new_pin(),
                    question_set=question_set,
                    host=host,
                    question_ids=question_ids,
                    versions=versions,
                    option_order=orders,
                    skipped=skipped,
                    seconds=seconds,
                    allow_guests=allow_guests,
                )
        except IntegrityError:  # the PIN is in use by another game: draw another
            continue
    raise LiveError("No free game PIN was found; please try again.")


def clean_nickname(raw) -> str:
    if not isinstance(raw, str):
        raise LiveError("Choose a nickname.")
    nickname = " ".join(raw.split())
    if not nickname:
        raise LiveError("Choose a nickname.")
    if len(nickname) > NICKNAME_MAX:
        raise LiveError(f"A nickname has at most {NICKNAME_MAX} characters.")
    if any(not ch.isprintable() for ch in nickname):
        raise LiveError("A nickname cannot contain control characters.")
    return nickname


@transaction.atomic
def player_join(*, game: LiveGame, user: User | None, nickname: str = "") -> LivePlayer:
    """Join a game: a student of the host's classes by their account, anyone else only if
    the host allows guests (a guest by nickname). Joining again returns the same player,
    with its score. A removed player cannot come back."""
    game = _locked(game)
    if game.state == LiveGame.State.ENDED:
        raise LiveError("This game has ended.")
    if user is not None:
        if user.pk == game.host_id:
            raise LiveError("You are hosting this game; players join on their own devices.")
        existing = LivePlayer.objects.filter(game=game, user=user).first()
        if existing is not None:
            if existing.removed:
                raise LiveError("The host has removed you from this game.")
            return existing
        if not (game.allow_guests or in_host_class(game=game, user=user)):
            raise LiveError("This game is for the host's classes only.")
        name = user.display_name[:NICKNAME_MAX]
        taken = LivePlayer.objects.filter(game=game, nickname__iexact=name).exists()
        if taken:
            name = user.username[:NICKNAME_MAX]
        try:
            with transaction.atomic():
                player = LivePlayer.objects.create(game=game, user=user, nickname=name)
        except IntegrityError:
            raise LiveError("Someone in this game already has your name.") from None
    else:
        if not game.allow_guests:
            raise LiveError("This game is for signed-in students of the host's classes.")
        name = clean_nickname(nickname)
        if LivePlayer.objects.filter(game=game, nickname__iexact=name).exists():
            raise LiveError("That nickname is taken in this game; choose another.")
        player = LivePlayer.objects.create(game=game, nickname=name)
    _changed(game)
    return player


def _ask(game: LiveGame, index: int, now: datetime) -> None:
    game.state = LiveGame.State.QUESTION
    game.current_index = index
    game.question_started_at = now
    game.question_deadline = now + timedelta(seconds=game.seconds)
    game.save(update_fields=["state", "current_index", "question_started_at", "question_deadline"])


@transaction.atomic
def game_start(*, game: LiveGame, now: datetime | None = None) -> LiveGame:
    """From the lobby to the first question."""
    game = _locked(game)
    if game.state != LiveGame.State.LOBBY:
        raise LiveError("This game has already started.")
    if not LivePlayer.objects.filter(game=game, removed=False).exists():
        raise LiveError("Wait for at least one player to join.")
    _ask(game, 0, now or timezone.now())
    _changed(game)
    return game


@transaction.atomic
def game_next(*, game: LiveGame, now: datetime | None = None) -> LiveGame:
    """To the next question (revealing the current one first, if the host skips that)."""
    now = now or timezone.now()
    game = _locked(game)
    if game.state == LiveGame.State.LOBBY:
        raise LiveError("Start the game first.")
    if game.state == LiveGame.State.ENDED:
        raise LiveError("This game has ended.")
    if game.is_last_question:
        raise LiveError("That was the last question: end the game to see the podium.")
    if game.state == LiveGame.State.QUESTION:
        _close_question(game, now)
    _ask(game, game.current_index + 1, now)
    _changed(game)
    return game


def _close_question(game: LiveGame, now: datetime) -> None:
    """Lock the current question's answers (the deadline moves up to now) and break the
    streak of everyone who did not answer it."""
    if game.question_deadline is None or game.question_deadline > now:
        game.question_deadline = now
    game.state = LiveGame.State.REVEAL
    game.save(update_fields=["state", "question_deadline"])
    LivePlayer.objects.filter(game=game, streak__gt=0).exclude(
        answers__position=game.current_index
    ).update(streak=0)


@transaction.atomic
def game_reveal(*, game: LiveGame, now: datetime | None = None) -> LiveGame:
    """Lock the question and show its answer, distribution and source. Revealing twice
    changes nothing (the host's countdown and button may both ask)."""
    game = _locked(game)
    if game.state == LiveGame.State.REVEAL:
        return game
    if game.state != LiveGame.State.QUESTION:
        raise LiveError("There is no question to reveal.")
    _close_question(game, now or timezone.now())
    _changed(game)
    return game


@transaction.atomic
def game_end(*, game: LiveGame, now: datetime | None = None) -> LiveGame:
    """End the game: the podium, and each signed-in player's answers saved as an attempt
    of the set in the live mode. Ending twice changes nothing."""
    now = now or timezone.now()
    game = _locked(game)
    if game.state == LiveGame.State.ENDED:
        return game
    if game.state == LiveGame.State.QUESTION:
        _close_question(game, now)
    game.state = LiveGame.State.ENDED
    game.ended_at = now
    game.save(update_fields=["state", "ended_at"])
    _write_attempts(game, now)
    _changed(game)
    return game


def _write_attempts(game: LiveGame, now: datetime) -> None:
    """One submitted attempt per signed-in player, graded as the player's answers were
    (its responses are the live answers). Only the questions asked count."""
    played = game.question_ids[: game.current_index + 1]
    players = list(
        LivePlayer.objects.filter(game=game, user__isnull=False, attempt__isnull=True).order_by(
            "user_id"
        )
    )
    if not played or not players:
        return
    user_ids = [p.user_id for p in players if p.user_id is not None]
    # Attempt numbers are drawn under the students' row locks, as attempts.services does.
    list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk").values("pk"))
    numbers = dict(
        Attempt.objects.filter(question_set=game.question_set, user_id__in=user_ids)
        .values("user_id")
        .annotate(n=Max("number"))
        .values_list("user_id", "n")
    )
    answers: dict[int, list[LiveAnswer]] = {}
    for answer in LiveAnswer.objects.filter(game=game, player__in=players):
        answers.setdefault(answer.player_id, []).append(answer)
    started = game.created_at
    attempts = []
    for player in players:
        assert player.user_id is not None  # signed-in players only, as filtered above
        attempt = Attempt(
            user_id=player.user_id,
            question_set=game.question_set,
            number=(numbers.get(player.user_id) or 0) + 1,
            mode=LIVE_MODE,
            question_ids=played,
            versions={str(q): game.versions[str(q)] for q in played},
            option_order={str(q): {"order": game.option_order.get(str(q), [])} for q in played},
            current_index=len(played) - 1,
            started_at=started,
            pass_mark=game.question_set.pass_mark,
        )
        total = sum(a.score for a in answers.get(player.pk, []))
        for name, value in finished_state(attempt, total=total, submitted_at=now).items():
            setattr(attempt, name, value)
        attempts.append(attempt)
    Attempt.objects.bulk_create(attempts)
    responses = []
    for player, attempt in zip(players, attempts, strict=True):
        player.attempt = attempt
        for answer in answers.get(player.pk, []):
            responses.append(
                Response(
                    attempt=attempt,
                    question_id=answer.question_id,
                    question_version_id=game.versions[str(answer.question_id)],
                    position=answer.position,
                    answer=answer.answer,
                    score=answer.score,
                    max_score=1.0,
                    is_correct=answer.is_correct,
                )
            )
    Response.objects.bulk_create(responses)
    LivePlayer.objects.bulk_update(players, ["attempt"])


@transaction.atomic
def player_remove(*, game: LiveGame, player: LivePlayer) -> None:
    """The host removes a player: off the leaderboard, refused if they try to come back."""
    game = _locked(game)
    if player.game_id != game.pk:
        raise LiveError("That player is not in this game.")
    LivePlayer.objects.filter(pk=player.pk).update(removed=True)
    _changed(game)


def answer_submit(
    *,
    game: LiveGame,
    player: LivePlayer,
    position: int,
    answer: dict,
    now: datetime | None = None,
) -> LiveAnswer:
    """Save and score a player's answer to the question being asked, on the server's
    clock. Refused after the deadline, a second time, for another question than the one
    asked, from a removed player, or from one who joined after the question was shown.
    When every player has answered, the question is revealed at once."""
    with transaction.atomic():
        game = _locked(game)
        now = now or timezone.now()
        if game.state != LiveGame.State.QUESTION or position != game.current_index:
            raise LiveError("This question is closed.")
        assert game.question_deadline is not None and game.question_started_at is not None
        if now > game.question_deadline:
            raise LiveError("Time is up: this answer came after the countdown ended.")
        player = LivePlayer.objects.get(pk=player.pk)
        if player.game_id != game.pk or player.removed:
            raise LiveError("You are not playing in this game.")
        if player.joined_at > game.question_started_at:
            raise LiveError("You joined during this question: you play from the next one.")
        if LiveAnswer.objects.filter(player=player, position=position).exists():
            raise LiveError("You have already answered this question.")
        qid = game.question_ids[position]
        version_id = game.versions[str(qid)]
        snapshot = question_versions(ids=[version_id])[version_id].snapshot
        try:
            cleaned = validate_answer(snapshot, answer)
        except AnswerInvalid as invalid:
            raise AnswerMalformed(str(invalid)) from None
        result = grade(snapshot, cleaned)
        elapsed_ms = int((now - game.question_started_at).total_seconds() * 1000)
        earned = answer_points(
            share=result.score,
            correct=result.correct,
            elapsed_ms=elapsed_ms,
            limit_ms=game.seconds * 1000,
            streak=player.streak,
        )
        saved = LiveAnswer.objects.create(
            game=game,
            player=player,
            position=position,
            question_id=qid,
            answer=cleaned,
            score=result.score,
            is_correct=result.correct,
            received_at=now,
            elapsed_ms=max(elapsed_ms, 0),
            points=earned.points,
        )
        LivePlayer.objects.filter(pk=player.pk).update(
            score=F("score") + earned.points,
            streak=earned.streak,
            correct_count=F("correct_count") + int(result.correct),
            correct_ms=F("correct_ms") + (max(elapsed_ms, 0) if result.correct else 0),
        )
        waiting = (
            LivePlayer.objects.filter(
                game=game, removed=False, joined_at__lte=game.question_started_at
            )
            .exclude(answers__position=position)
            .exists()
        )
        if not waiting:
            _close_question(game, now)
        # Only the host's count changes, unless the question closed (every screen moves to
        # the reveal); the answering phone gets its own screen in the POST's response.
        _changed(game, host_only=waiting)
    return saved
