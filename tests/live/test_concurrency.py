"""Answers arriving together at the deadline, with real threads and connections
(PostgreSQL only): each player's answer counts once, none after the deadline, and the
scores add up to the answers saved."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.db.models import Sum

from quizzes.live import services
from quizzes.live.models import LiveAnswer, LiveGame, LivePlayer
from tests.factories import MembershipFactory
from tests.live.conftest import right_answer

pytestmark = pytest.mark.django_db(transaction=True)

PLAYERS = 6


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent transactions are tested on PostgreSQL.")


def run_together(jobs):
    """Run each job in its own thread, all released at the same moment; return errors."""
    barrier = threading.Barrier(len(jobs))
    errors: list[Exception] = []

    def target(job):
        try:
            barrier.wait()
            job()
        except services.LiveError as refused:
            errors.append(refused)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_simultaneous_answers_at_the_deadline(game, classroom):
    players = [
        services.player_join(game=game, user=MembershipFactory(classroom=classroom).student)
        for _ in range(PLAYERS)
    ]
    game = services.game_start(game=game)
    deadline = game.question_deadline
    answer = right_answer(game, 0)
    # Half the players answer on the deadline's last millisecond, half one after it; each
    # sends its answer twice (a double tap), all at once.
    on_time, too_late = players[: PLAYERS // 2], players[PLAYERS // 2 :]
    jobs = []
    for player in players:
        at = deadline if player in on_time else deadline + timedelta(milliseconds=1)
        for _ in range(2):
            jobs.append(
                lambda player=player, at=at: services.answer_submit(
                    game=LiveGame.objects.get(pk=game.pk),
                    player=player,
                    position=0,
                    answer=answer,
                    now=at,
                )
            )
    errors = run_together(jobs)
    saved = LiveAnswer.objects.filter(game=game)
    assert sorted(saved.values_list("player_id", flat=True)) == sorted(p.pk for p in on_time)
    messages = sorted(str(e).split(":")[0] for e in errors)
    assert messages.count("Time is up") == 2 * len(too_late)
    assert messages.count("You have already answered this question.") == len(on_time)
    total = LivePlayer.objects.filter(game=game).aggregate(total=Sum("score"))["total"]
    assert total == saved.aggregate(total=Sum("points"))["total"] > 0


def test_an_answer_racing_the_reveal_is_either_counted_or_refused(game, classroom):
    players = [
        services.player_join(game=game, user=MembershipFactory(classroom=classroom).student)
        for _ in range(PLAYERS)
    ]
    game = services.game_start(game=game)
    answer = right_answer(game, 0)
    jobs = [
        lambda player=player: services.answer_submit(
            game=LiveGame.objects.get(pk=game.pk), player=player, position=0, answer=answer
        )
        for player in players
    ]
    jobs.append(lambda: services.game_reveal(game=LiveGame.objects.get(pk=game.pk)))
    errors = run_together(jobs)
    game.refresh_from_db()
    counted = LiveAnswer.objects.filter(game=game, received_at__lte=game.question_deadline)
    assert counted.count() == LiveAnswer.objects.filter(game=game).count()
    assert counted.count() + len(errors) == PLAYERS
    assert game.state == LiveGame.State.REVEAL
