"""Points for speed and streaks, and the leaderboard's tie-breaking."""

from datetime import timedelta

import pytest

from quizzes.live.models import LivePlayer
from quizzes.live.scoring import MAX_POINTS, STREAK_CAP, STREAK_STEP, answer_points, rank_key
from quizzes.live.selectors import leaderboard, rank_of


def points(**kw):
    args = {"share": 1.0, "correct": True, "elapsed_ms": 0, "limit_ms": 20_000, "streak": 0}
    return answer_points(**{**args, **kw})


def test_an_instant_right_answer_earns_the_most():
    assert points().points == MAX_POINTS


def test_a_right_answer_at_the_deadline_earns_half():
    assert points(elapsed_ms=20_000).points == MAX_POINTS // 2


def test_points_fall_with_the_time_taken():
    earned = [points(elapsed_ms=ms).points for ms in (0, 5_000, 10_000, 15_000)]
    assert earned == sorted(earned, reverse=True)
    assert earned[2] == 750


def test_time_is_clamped_to_the_countdown():
    assert points(elapsed_ms=-500).points == MAX_POINTS
    assert points(elapsed_ms=99_000).points == MAX_POINTS // 2


def test_a_wrong_answer_earns_nothing_and_ends_the_streak():
    result = points(share=0.0, correct=False, streak=4)
    assert (result.points, result.streak) == (0, 0)


def test_a_partly_right_answer_earns_its_share_and_ends_the_streak():
    result = points(share=0.5, correct=False, streak=3)
    assert (result.points, result.streak) == (500, 0)


def test_the_streak_bonus_grows_per_right_answer_in_a_row_up_to_its_cap():
    assert points(streak=0).points == MAX_POINTS
    assert points(streak=1).points == MAX_POINTS + STREAK_STEP
    assert points(streak=3).points == MAX_POINTS + 3 * STREAK_STEP
    assert points(streak=50).points == MAX_POINTS + STREAK_CAP
    assert points(streak=2).streak == 3


@pytest.fixture
def players(game):
    base = game.created_at
    rows = [
        # name, score, right answers, time of the right answers, joined (s after base)
        ("slow", 1500, 2, 9000, 0),
        ("fast", 1500, 2, 4000, 5),
        ("more-right", 1500, 3, 30000, 9),
        ("top", 1900, 2, 1000, 7),
        ("early-twin", 800, 1, 2000, 1),
        ("late-twin", 800, 1, 2000, 2),
    ]
    made = {}
    for name, score, right, ms, joined in rows:
        player = LivePlayer.objects.create(
            game=game, nickname=name, score=score, correct_count=right, correct_ms=ms
        )
        LivePlayer.objects.filter(pk=player.pk).update(joined_at=base + timedelta(seconds=joined))
        made[name] = player
    LivePlayer.objects.create(game=game, nickname="gone", score=5000, removed=True)
    return made


def test_ties_are_broken_by_right_answers_then_speed_then_joining_order(game, players):
    names = [p.nickname for p in leaderboard(game=game)]
    assert names == ["top", "more-right", "fast", "slow", "early-twin", "late-twin"]


def test_each_players_rank_agrees_with_the_leaderboard(game, players):
    board = leaderboard(game=game)
    assert [rank_of(game=game, player=p) for p in board] == list(range(1, len(board) + 1))


def test_the_rank_key_sorts_as_the_query_does(game, players):
    board = leaderboard(game=game)
    keyed = sorted(
        board,
        key=lambda p: rank_key(
            score=p.score,
            correct_count=p.correct_count,
            correct_ms=p.correct_ms,
            joined_order=int(p.joined_at.timestamp() * 1000),
            pk=p.pk,
        ),
    )
    assert keyed == board
