"""Points for a live answer and the order of the leaderboard: pure functions.

Points: a right answer earns between MAX_POINTS (answered at once) and half of it (at the
deadline), falling linearly with the time taken on the server's clock, from the moment
the question was shown to the moment the answer arrived; a partly right answer (multiple
answer) earns that times its share of the mark. A wrong answer earns nothing and ends the
streak. Each right answer in a row after the first adds STREAK_STEP, up to STREAK_CAP.

Ties (docs/live.md): more points first; then more right answers; then less time taken by
the right answers in total; then whoever joined first; then the player's row id, so two
renderings of one leaderboard never differ.
"""

from dataclasses import dataclass

MAX_POINTS = 1000
STREAK_STEP = 100
STREAK_CAP = 500


@dataclass(frozen=True)
class Points:
    points: int
    streak: int  # the player's streak after this answer


def answer_points(
    *, share: float, correct: bool, elapsed_ms: int, limit_ms: int, streak: int
) -> Points:
    """What an answer earns. `share`: grading's score (0 to 1); `streak`: right answers
    in a row before this one."""
    if share <= 0:
        return Points(points=0, streak=0)
    elapsed = min(max(elapsed_ms, 0), limit_ms)
    speed = 1 - elapsed / (2 * limit_ms) if limit_ms > 0 else 0.5
    points = round(MAX_POINTS * share * speed)
    if not correct:
        return Points(points=points, streak=0)
    bonus = min(streak * STREAK_STEP, STREAK_CAP)
    return Points(points=points + bonus, streak=streak + 1)


LEADERBOARD_ORDER = ["-score", "-correct_count", "correct_ms", "joined_at", "id"]


def rank_key(*, score: int, correct_count: int, correct_ms: int, joined_order: int, pk: int):
    """The leaderboard's order as a sort key (LEADERBOARD_ORDER, in Python)."""
    return (-score, -correct_count, correct_ms, joined_order, pk)
