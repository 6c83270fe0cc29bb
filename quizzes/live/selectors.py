"""Reads for the live game: who may host or join, and what each screen shows."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from quizzes.accounts.models import User
from quizzes.attempts.answers import describe_answer, describe_correct
from quizzes.classes.models import Membership
from quizzes.classes.selectors import sets_assignable_by
from quizzes.live.models import LiveAnswer, LiveGame, LivePlayer
from quizzes.live.scoring import LEADERBOARD_ORDER
from quizzes.questions.models import QuestionSet, QuestionVersion
from quizzes.questions.selectors import question_versions

# The question types a phone can answer in a few seconds; the others are skipped.
LIVE_TYPES = ("single_choice", "multiple_answer", "true_false", "numeric", "short_answer")
CHOICE_TYPES = ("single_choice", "multiple_answer", "true_false")
# Tiles: a colour and a shape each, so they read without colour too.
TILES = [
    ("red", "triangle", "▲"),
    ("blue", "diamond", "◆"),
    ("yellow", "circle", "●"),
    ("green", "square", "■"),
    ("purple", "star", "★"),
    ("teal", "hexagon", "⬢"),
]
LEADERBOARD_SIZE = 5
RANK_FIELDS = ["score", "correct_count", "correct_ms", "joined_at"]


def sets_hostable_by(*, user: User) -> QuerySet[QuestionSet]:
    """The published sets a teacher may host live: those they could assign
    (classes.selectors.sets_assignable_by)."""
    if not (user.is_teacher or user.is_staff):
        return QuestionSet.objects.none()
    return sets_assignable_by(user=user).filter(status=QuestionSet.Status.PUBLISHED)


def in_host_class(*, game: LiveGame, user: User) -> bool:
    """Whether a signed-in user is a student in one of the host's classes."""
    return Membership.objects.filter(classroom__owner_id=game.host_id, student=user).exists()


def game_by_pin(pin: str) -> LiveGame | None:
    """The game a PIN names now (an ended game's PIN may be drawn again)."""
    return (
        LiveGame.objects.exclude(state=LiveGame.State.ENDED)
        .select_related("question_set")
        .filter(pin=pin)
        .first()
    )


def player_for(*, game: LiveGame, user, session) -> LivePlayer | None:
    """The viewer's player in a game: a signed-in user's row, or the guest's from the session."""
    if user is not None and user.is_authenticated:
        return LivePlayer.objects.filter(game=game, user=user).first()
    player_id = (session.get("live_players") or {}).get(str(game.pk))
    if player_id is None:
        return None
    return LivePlayer.objects.filter(game=game, pk=player_id, user__isnull=True).first()


def leaderboard(*, game: LiveGame, limit: int | None = None) -> list[LivePlayer]:
    """The players still in the game, best first (ties: scoring.py)."""
    players = LivePlayer.objects.filter(game=game, removed=False).order_by(*LEADERBOARD_ORDER)
    return list(players[:limit] if limit else players)


def rank_of(*, game: LiveGame, player: LivePlayer) -> int:
    """The player's place (1 for first) in the leaderboard's order: one count of the
    players ahead (each phone asks for its own, so none reads the whole board)."""
    p = LivePlayer.objects.filter(pk=player.pk).values(*RANK_FIELDS).first()
    if p is None:
        return 0
    ahead = (
        Q(score__gt=p["score"])
        | Q(score=p["score"], correct_count__gt=p["correct_count"])
        | Q(score=p["score"], correct_count=p["correct_count"], correct_ms__lt=p["correct_ms"])
        | Q(
            score=p["score"],
            correct_count=p["correct_count"],
            correct_ms=p["correct_ms"],
            joined_at__lt=p["joined_at"],
        )
        | Q(
            score=p["score"],
            correct_count=p["correct_count"],
            correct_ms=p["correct_ms"],
            joined_at=p["joined_at"],
            pk__lt=player.pk,
        )
    )
    return LivePlayer.objects.filter(ahead, game=game, removed=False).count() + 1


def current_version(game: LiveGame) -> QuestionVersion | None:
    if not 0 <= game.current_index < len(game.question_ids):
        return None
    qid = str(game.question_ids[game.current_index])
    version_id = game.versions[qid]
    return question_versions(ids=[version_id])[version_id]


@dataclass
class Option:
    id: str
    text: str
    colour: str
    shape: str
    symbol: str
    correct: bool  # shown on the reveal only
    count: int = 0
    percent: int = 0


def question_view(game: LiveGame, *, reveal: bool) -> dict:
    """The current question as the screens show it; the answer key only when `reveal`."""
    version = current_version(game)
    if version is None:
        return {}
    snapshot = version.snapshot
    qid = str(game.question_ids[game.current_index])
    by_id = {c["id"]: c for c in snapshot["choices"]}
    options = []
    if snapshot["type"] in CHOICE_TYPES:
        for n, cid in enumerate(game.option_order.get(qid) or list(by_id)):
            colour, shape, symbol = TILES[n % len(TILES)]
            choice = by_id[cid]
            options.append(
                Option(cid, choice["text"], colour, shape, symbol, reveal and choice["correct"])
            )
    view: dict = {
        "number": game.current_index + 1,
        "type": snapshot["type"],
        "prompt": snapshot["prompt"],
        "unit": snapshot.get("unit", ""),
        "options": options,
        "multiple": snapshot["type"] == "multiple_answer",
    }
    if reveal:
        view["correct"] = describe_correct(snapshot)
        view["explanation"] = snapshot.get("explanation", "")
        view["citations"] = snapshot.get("citations", [])
    return view


def distribution(game: LiveGame, view: dict) -> dict:
    """How the players answered the current question: per option for choices, the most
    given answers for typed ones; how many answered and how many were right."""
    answers = list(
        LiveAnswer.objects.filter(game=game, position=game.current_index).values_list(
            "answer", "is_correct"
        )
    )
    total = len(answers)
    right = sum(1 for _, correct in answers if correct)
    typed: list[tuple[str, int, bool]] = []
    if view.get("options"):
        counts: Counter[str] = Counter()
        for answer, _ in answers:
            chosen = answer.get("choices") or [answer.get("choice")]
            counts.update(c for c in chosen if c)
        for option in view["options"]:
            option.count = counts[option.id]
            option.percent = round(100 * option.count / total) if total else 0
    else:
        version = current_version(game)
        snapshot = version.snapshot if version else {"type": "", "choices": []}
        given: Counter[tuple[str, bool]] = Counter()
        for answer, correct in answers:
            words = " ".join(describe_answer(snapshot, answer))
            given[(words, correct)] += 1
        typed = [(words, n, correct) for (words, correct), n in given.most_common(8)]
    return {"answered": total, "right": right, "typed": typed}


def active_player_count(game: LiveGame) -> int:
    return LivePlayer.objects.filter(game=game, removed=False).count()


def answered_count(game: LiveGame) -> int:
    return LiveAnswer.objects.filter(game=game, position=game.current_index).count()


def own_answer(*, game: LiveGame, player: LivePlayer) -> LiveAnswer | None:
    return LiveAnswer.objects.filter(player=player, position=game.current_index).first()


def remaining_ms(game: LiveGame, now) -> int:
    if game.state != LiveGame.State.QUESTION or game.question_deadline is None:
        return 0
    return max(int((game.question_deadline - now).total_seconds() * 1000), 0)


def host_screen(*, game: LiveGame, now) -> dict:
    """Everything the host's screen shows in the game's current state."""
    screen: dict = {"game": game, "remaining_ms": remaining_ms(game, now)}
    if game.state == LiveGame.State.LOBBY:
        screen["players"] = list(LivePlayer.objects.filter(game=game, removed=False))
    elif game.state == LiveGame.State.QUESTION:
        screen["question"] = question_view(game, reveal=False)
        screen["answered"] = answered_count(game)
        screen["player_count"] = active_player_count(game)
    elif game.state == LiveGame.State.REVEAL:
        screen["question"] = view = question_view(game, reveal=True)
        screen["distribution"] = distribution(game, view)
        screen["leaderboard"] = leaderboard(game=game, limit=LEADERBOARD_SIZE)
    else:
        screen["leaderboard"] = board = leaderboard(game=game)
        screen["podium"] = board[:3]
    return screen


def player_screen(*, game: LiveGame, player: LivePlayer, now) -> dict:
    """Everything one player's phone shows in the game's current state."""
    screen: dict = {"game": game, "player": player, "remaining_ms": remaining_ms(game, now)}
    if player.removed:
        return screen
    if game.state == LiveGame.State.QUESTION:
        screen["question"] = question_view(game, reveal=False)
        screen["own_answer"] = own_answer(game=game, player=player)
        started = game.question_started_at
        screen["late_joiner"] = started is not None and player.joined_at > started
    elif game.state == LiveGame.State.REVEAL:
        screen["question"] = question_view(game, reveal=True)
        screen["own_answer"] = given = own_answer(game=game, player=player)
        version = current_version(game)
        if given is not None and version is not None:
            screen["own_words"] = describe_answer(version.snapshot, given.answer)
        screen["rank"] = rank_of(game=game, player=player)
    elif game.state == LiveGame.State.ENDED:
        screen["rank"] = rank_of(game=game, player=player)
    return screen
