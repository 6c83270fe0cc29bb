"""The game's rules, applied by the services: joining, pacing, answering, the attempt."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.attempts.models import LIVE_MODE, Attempt, Response
from quizzes.attempts.services import AttemptRefused, attempt_start
from quizzes.live import services
from quizzes.live.models import LiveAnswer, LiveGame, LivePlayer
from quizzes.live.scoring import MAX_POINTS
from tests.live.conftest import right_answer, wrong_answer


def started(game, *players):
    joined = [services.player_join(game=game, user=user) for user in players]
    return services.game_start(game=game), joined


def test_a_game_gets_a_six_digit_pin_and_skips_types_that_cannot_be_played(game):
    assert len(game.pin) == 6 and game.pin.isdecimal() and game.pin[0] != "0"
    assert game.question_count == 3
    assert game.skipped == 1
    assert game.state == LiveGame.State.LOBBY


def test_a_set_without_playable_questions_cannot_be_hosted(teacher, make_live_set):
    only_ordering = make_live_set(("ordering",))
    with pytest.raises(services.LiveError, match="no questions that can be played live"):
        services.game_create(host=teacher, question_set=only_ordering)


@pytest.mark.parametrize("seconds", [0, 4, 121])
def test_the_countdown_is_bounded(teacher, live_set, seconds):
    with pytest.raises(services.LiveError, match="between 5 and 120"):
        services.game_create(host=teacher, question_set=live_set, seconds=seconds)


def test_the_pin_of_a_running_game_is_not_drawn_again(teacher, live_set, monkeypatch):
    first = services.game_create(host=teacher, question_set=live_set)
    pins = iter([first.pin, first.pin, "654321"])
    monkeypatch.setattr(services, "new_pin", lambda: next(pins))
    second = services.game_create(host=teacher, question_set=live_set)
    assert second.pin == "654321"


def test_a_class_student_joins_once_and_keeps_their_player(game, pupil):
    first = services.player_join(game=game, user=pupil)
    again = services.player_join(game=game, user=pupil)
    assert first.pk == again.pk
    assert LivePlayer.objects.filter(game=game).count() == 1


def test_a_student_of_another_teacher_cannot_join_a_class_only_game(game, outsider):
    with pytest.raises(services.LiveError, match="host's classes only"):
        services.player_join(game=game, user=outsider)
    assert not LivePlayer.objects.exists()


def test_guests_join_only_when_allowed(game, teacher, live_set):
    with pytest.raises(services.LiveError, match="signed-in students"):
        services.player_join(game=game, user=None, nickname="Ada")
    open_game = services.game_create(host=teacher, question_set=live_set, allow_guests=True)
    player = services.player_join(game=open_game, user=None, nickname="  Ada   L ")
    assert player.nickname == "Ada L" and player.user is None


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("", "Choose a nickname"),
        ("   ", "Choose a nickname"),
        ("x" * 21, "at most 20"),
        ("bad\x07bell", "control characters"),
        (["list"], "Choose a nickname"),
    ],
)
def test_bad_nicknames_are_refused(teacher, live_set, nickname, message):
    open_game = services.game_create(host=teacher, question_set=live_set, allow_guests=True)
    with pytest.raises(services.LiveError, match=message):
        services.player_join(game=open_game, user=None, nickname=nickname)
    assert not LivePlayer.objects.exists()


def test_a_nickname_is_unique_in_the_game_whatever_its_case(teacher, live_set):
    open_game = services.game_create(host=teacher, question_set=live_set, allow_guests=True)
    services.player_join(game=open_game, user=None, nickname="Ada")
    with pytest.raises(services.LiveError, match="taken"):
        services.player_join(game=open_game, user=None, nickname="ADA")


def test_the_host_cannot_play_their_own_game(game, teacher):
    with pytest.raises(services.LiveError, match="hosting"):
        services.player_join(game=game, user=teacher)


def test_a_game_needs_a_player_to_start(game):
    with pytest.raises(services.LiveError, match="at least one player"):
        services.game_start(game=game)


def test_the_host_paces_the_questions(game, pupil):
    game, _ = started(game, pupil)
    assert (game.state, game.current_index) == (LiveGame.State.QUESTION, 0)
    assert game.question_deadline - game.question_started_at == timedelta(seconds=20)
    game = services.game_reveal(game=game)
    assert game.state == LiveGame.State.REVEAL
    game = services.game_next(game=game)
    assert (game.state, game.current_index) == (LiveGame.State.QUESTION, 1)
    with pytest.raises(services.LiveError, match="already started"):
        services.game_start(game=game)


def test_there_is_no_question_after_the_last(game, pupil):
    game, _ = started(game, pupil)
    for _ in range(game.question_count - 1):
        game = services.game_next(game=game)
    with pytest.raises(services.LiveError, match="last question"):
        services.game_next(game=game)


def test_a_right_answer_scores_by_speed_on_the_servers_clock(game, pupil, pupil2):
    game, (player, _) = started(game, pupil, pupil2)
    at = game.question_started_at + timedelta(seconds=10)
    answer = services.answer_submit(
        game=game, player=player, position=0, answer=right_answer(game, 0), now=at
    )
    player.refresh_from_db()
    assert answer.is_correct and answer.points == 750 and answer.elapsed_ms == 10_000
    assert (player.score, player.streak, player.correct_count) == (750, 1, 1)


def test_a_second_answer_is_refused_and_changes_nothing(game, pupil, pupil2):
    game, (player, _) = started(game, pupil, pupil2)
    services.answer_submit(game=game, player=player, position=0, answer=wrong_answer(game, 0))
    with pytest.raises(services.LiveError, match="already answered"):
        services.answer_submit(game=game, player=player, position=0, answer=right_answer(game, 0))
    player.refresh_from_db()
    assert player.score == 0
    assert LiveAnswer.objects.count() == 1


def test_an_answer_after_the_deadline_is_refused(game, pupil, pupil2):
    game, (player, _) = started(game, pupil, pupil2)
    late = game.question_deadline + timedelta(milliseconds=1)
    with pytest.raises(services.LiveError, match="Time is up"):
        services.answer_submit(
            game=game, player=player, position=0, answer=right_answer(game, 0), now=late
        )
    assert not LiveAnswer.objects.exists()


def test_an_answer_to_another_question_is_refused(game, pupil):
    game, (player,) = started(game, pupil)
    with pytest.raises(services.LiveError, match="closed"):
        services.answer_submit(game=game, player=player, position=1, answer=right_answer(game, 1))


def test_a_malformed_answer_is_refused_with_the_players_message(game, pupil):
    game, (player,) = started(game, pupil)
    with pytest.raises(services.AnswerMalformed, match="choose one of the options"):
        services.answer_submit(game=game, player=player, position=0, answer={"choice": "nope"})
    assert not LiveAnswer.objects.exists()


def test_a_late_joiner_plays_from_the_next_question(game, pupil, pupil2):
    game, (first,) = started(game, pupil)
    late = services.player_join(game=game, user=pupil2)
    with pytest.raises(services.LiveError, match="next one"):
        services.answer_submit(game=game, player=late, position=0, answer=right_answer(game, 0))
    services.answer_submit(game=game, player=first, position=0, answer=right_answer(game, 0))
    game.refresh_from_db()
    assert game.state == LiveGame.State.REVEAL  # the late joiner was not waited for
    game = services.game_next(game=game)
    services.answer_submit(game=game, player=late, position=1, answer=right_answer(game, 1))


def test_when_everyone_has_answered_the_question_is_revealed(game, pupil, pupil2):
    game, (a, b) = started(game, pupil, pupil2)
    services.answer_submit(game=game, player=a, position=0, answer=right_answer(game, 0))
    game.refresh_from_db()
    assert game.state == LiveGame.State.QUESTION
    services.answer_submit(game=game, player=b, position=0, answer=wrong_answer(game, 0))
    game.refresh_from_db()
    assert game.state == LiveGame.State.REVEAL


def test_a_removed_player_cannot_answer_or_rejoin(game, pupil, pupil2):
    game, (a, _) = started(game, pupil, pupil2)
    services.player_remove(game=game, player=a)
    with pytest.raises(services.LiveError, match="not playing"):
        services.answer_submit(game=game, player=a, position=0, answer=right_answer(game, 0))
    with pytest.raises(services.LiveError, match="removed"):
        services.player_join(game=game, user=pupil)


def test_missing_a_question_breaks_the_streak(game, pupil, pupil2):
    game, (a, b) = started(game, pupil, pupil2)
    services.answer_submit(game=game, player=a, position=0, answer=right_answer(game, 0))
    services.answer_submit(game=game, player=b, position=0, answer=right_answer(game, 0))
    game = services.game_next(game=game)
    services.answer_submit(game=game, player=b, position=1, answer=right_answer(game, 1))
    game = services.game_reveal(game=game)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.streak, b.streak) == (0, 2)


def test_the_end_saves_each_students_answers_as_a_live_attempt(game, pupil, pupil2, live_set):
    game, (a, b) = started(game, pupil, pupil2)
    services.answer_submit(game=game, player=a, position=0, answer=right_answer(game, 0))
    services.answer_submit(game=game, player=b, position=0, answer=wrong_answer(game, 0))
    game = services.game_next(game=game)
    services.answer_submit(game=game, player=a, position=1, answer=right_answer(game, 1))
    game = services.game_end(game=game)
    services.game_end(game=game)  # ending twice changes nothing
    attempts = {a.user_id: a for a in Attempt.objects.filter(question_set=live_set)}
    assert len(attempts) == 2
    mine = attempts[pupil.pk]
    assert mine.mode == LIVE_MODE and mine.status == Attempt.Status.SUBMITTED
    assert mine.question_ids == game.question_ids[:2]  # the questions asked
    assert (mine.score, mine.max_score, mine.percent) == (2.0, 2.0, 100.0)
    assert attempts[pupil2.pk].percent == 0.0
    assert Response.objects.filter(attempt=mine, is_correct=True).count() == 2
    a.refresh_from_db()
    assert a.attempt == mine


def test_a_live_attempt_takes_none_of_the_sets_attempts(game, pupil, live_set):
    live_set.attempts_allowed = 1
    live_set.save()
    game, (a,) = started(game, pupil)
    services.game_end(game=game)
    assert Attempt.objects.filter(user=pupil, mode=LIVE_MODE).count() == 1
    own = attempt_start(user=pupil, question_set=live_set)
    assert own.mode != LIVE_MODE and own.number == 2
    with pytest.raises(AttemptRefused):
        own.status = Attempt.Status.SUBMITTED
        own.save()
        attempt_start(user=pupil, question_set=live_set)


def test_nothing_can_be_joined_or_answered_once_ended(game, pupil, pupil2):
    game, (a,) = started(game, pupil)
    services.game_end(game=game)
    with pytest.raises(services.LiveError, match="ended"):
        services.player_join(game=game, user=pupil2)
    with pytest.raises(services.LiveError, match="closed"):
        services.answer_submit(game=game, player=a, position=0, answer=right_answer(game, 0))


def test_points_reach_the_maximum_only_for_an_instant_answer(game, pupil):
    game, (a,) = started(game, pupil)
    answer = services.answer_submit(
        game=game,
        player=a,
        position=0,
        answer=right_answer(game, 0),
        now=game.question_started_at,
    )
    assert answer.points == MAX_POINTS
    assert timezone.now() >= answer.received_at
