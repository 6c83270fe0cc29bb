"""The live pages: who may do what, bad input, htmx fragments, query budgets."""

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.live import services
from quizzes.live.models import LiveAnswer, LiveGame, LivePlayer
from quizzes.live.views import WRONG_PINS
from tests.conftest import HTMX
from tests.factories import MembershipFactory
from tests.live.conftest import right_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def playing(game, pupil, pupil2):
    """A game at its first question with two class students."""
    services.player_join(game=game, user=pupil)
    services.player_join(game=game, user=pupil2)
    return services.game_start(game=game)


# ---- hosting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("student", 403),
        ("teacher", 302),
        ("other_teacher", 302),
        ("staff", 302),
    ],
)
def test_who_may_host_a_set(request, as_user, live_set, role, status):
    """Any teacher may host a public set (as they may assign it); a private one below."""
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = as_user(user)
    response = client.post(reverse("live_host_create", args=[live_set.slug]), {"seconds": "20"})
    assert response.status_code == status
    hosted = LiveGame.objects.filter(question_set=live_set)
    if role in ("teacher", "other_teacher", "staff"):
        game = hosted.get()
        assert response.url == reverse("live_host", args=[game.pk])
        assert game.host == user
    else:
        assert not hosted.exists()


def test_another_teachers_private_set_cannot_be_hosted(as_user, other_teacher, live_set):
    live_set.visibility = live_set.Visibility.PRIVATE
    live_set.save()
    response = as_user(other_teacher).post(reverse("live_host_create", args=[live_set.slug]))
    assert response.status_code == 404
    assert not LiveGame.objects.exists()


@pytest.mark.parametrize("seconds", ["abc", "-1", "0", "4", "121", "99999", "1.5"])
def test_a_bad_countdown_is_refused_and_no_game_opens(as_user, teacher, live_set, seconds):
    response = as_user(teacher).post(
        reverse("live_host_create", args=[live_set.slug]), {"seconds": seconds}
    )
    assert response.status_code == 400
    assert b"seconds" in response.content
    assert not LiveGame.objects.exists()


def test_hosting_with_guests_and_the_default_countdown(as_user, teacher, live_set):
    as_user(teacher).post(reverse("live_host_create", args=[live_set.slug]), {"allow_guests": "on"})
    game = LiveGame.objects.get()
    assert (game.seconds, game.allow_guests) == (20, True)


def test_the_set_page_offers_host_live_to_its_teacher_only(as_user, teacher, student, live_set):
    url = reverse("set_detail", args=[live_set.slug])
    assert b"Host live" in as_user(teacher).get(url).content
    assert b"Host live" not in as_user(student).get(url).content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("pupil", 403),
        ("student", 403),
        ("teacher", 200),
        ("other_teacher", 403),
        ("staff", 403),
    ],
)
def test_only_the_host_sees_the_host_screen(request, as_user, game, role, status):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).get(reverse("live_host", args=[game.pk]))
    assert response.status_code == status
    qr = as_user(user).get(reverse("live_host_qr", args=[game.pk]))
    assert qr.status_code == status
    if status == 200:
        assert game.pin.encode() in response.content
        assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_the_host_screen_as_a_fragment(as_user, teacher, game):
    response = as_user(teacher).get(reverse("live_host", args=[game.pk]), **HTMX)
    assert response.status_code == 200
    assert b'id="live-stage"' in response.content and b"<html" not in response.content
    assert b"1 question skipped" in response.content


@pytest.mark.parametrize("role", ["pupil", "student", "other_teacher", "staff"])
def test_a_player_or_another_user_cannot_drive_the_game(request, as_user, playing, role):
    client = as_user(request.getfixturevalue(role))
    for action in ("start", "next", "reveal", "end"):
        response = client.post(reverse("live_host_control", args=[playing.pk, action]))
        assert response.status_code == 403
    player = LivePlayer.objects.filter(game=playing).first()
    response = client.post(reverse("live_host_remove", args=[playing.pk, player.pk]))
    assert response.status_code == 403
    playing.refresh_from_db()
    assert (playing.state, playing.current_index) == (LiveGame.State.QUESTION, 0)
    assert not LivePlayer.objects.filter(removed=True).exists()


def test_the_host_drives_the_game_with_plain_posts(as_user, teacher, playing):
    client = as_user(teacher)
    response = client.post(reverse("live_host_control", args=[playing.pk, "reveal"]))
    assert response.status_code == 302
    playing.refresh_from_db()
    assert playing.state == LiveGame.State.REVEAL
    response = client.post(reverse("live_host_control", args=[playing.pk, "next"]), **HTMX)
    assert response.status_code == 200 and b"Question 2 of 3" in response.content
    response = client.post(reverse("live_host_control", args=[playing.pk, "end"]), **HTMX)
    assert b"Podium" in response.content


def test_an_unknown_step_or_a_step_out_of_turn_is_refused(as_user, teacher, game):
    client = as_user(teacher)
    response = client.post(reverse("live_host_control", args=[game.pk, "explode"]))
    assert response.status_code == 404
    response = client.post(reverse("live_host_control", args=[game.pk, "next"]))
    assert response.status_code == 409 and b"Start the game first" in response.content
    response = client.post(reverse("live_host_control", args=[game.pk, "start"]))
    assert response.status_code == 409 and b"at least one player" in response.content
    game.refresh_from_db()
    assert game.state == LiveGame.State.LOBBY


def test_the_host_removes_a_player_of_their_game_only(as_user, teacher, playing, other_teacher):
    player = LivePlayer.objects.filter(game=playing).first()
    other = services.game_create(host=other_teacher, question_set=playing.question_set)
    client = as_user(teacher)
    response = client.post(reverse("live_host_remove", args=[other.pk, player.pk]))
    assert response.status_code == 403
    response = client.post(reverse("live_host_remove", args=[playing.pk, 999999]))
    assert response.status_code == 404
    response = client.post(reverse("live_host_remove", args=[playing.pk, player.pk]))
    assert response.status_code == 302
    player.refresh_from_db()
    assert player.removed


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_the_controls_take_posts_only(as_user, teacher, game, method):
    response = getattr(as_user(teacher), method)(
        reverse("live_host_control", args=[game.pk, "start"])
    )
    assert response.status_code == 405


# ---- joining -------------------------------------------------------------------------


def test_a_class_student_joins_by_pin(as_user, pupil, game):
    response = as_user(pupil).post(reverse("live_join"), {"pin": game.pin})
    assert response.status_code == 302
    assert response.url == reverse("live_play", args=[game.pk])
    assert LivePlayer.objects.filter(game=game, user=pupil).exists()


def test_the_join_link_fills_in_the_pin(client, game):
    response = client.get(reverse("play_pin", args=[game.pin]))
    assert response.status_code == 200
    assert f'value="{game.pin}"'.encode() in response.content


@pytest.mark.parametrize(
    ("pin", "status", "message"),
    [
        ("", 400, b"six digits"),
        ("12345", 400, b"six digits"),
        ("1234567", 400, b"six digits"),
        ("abcdef", 400, b"six digits"),
        ("x" * 5000, 400, b"six digits"),
        ("999999", 404, b"No game is running"),
    ],
)
def test_a_bad_pin_is_refused(as_user, pupil, game, pin, status, message):
    if game.pin == "999999":
        pytest.skip("the drawn PIN is the unknown one")
    response = as_user(pupil).post(reverse("live_join"), {"pin": pin})
    assert response.status_code == status
    assert message in response.content
    assert not LivePlayer.objects.exists()


def test_guessing_pins_is_throttled(client, game):
    for _ in range(WRONG_PINS.limit):
        client.post(reverse("live_join"), {"pin": "100000" if game.pin != "100000" else "100001"})
    response = client.post(reverse("live_join"), {"pin": game.pin, "nickname": "Ada"})
    assert response.status_code == 429
    assert b"Too many wrong PINs" in response.content


def test_a_student_of_another_teacher_cannot_join(as_user, outsider, game):
    response = as_user(outsider).post(reverse("live_join"), {"pin": game.pin})
    assert response.status_code == 403 and b"classes only" in response.content
    assert not LivePlayer.objects.exists()


def test_a_guest_cannot_join_unless_guests_are_allowed(client, game):
    response = client.post(reverse("live_join"), {"pin": game.pin, "nickname": "Ada"})
    assert response.status_code == 403
    assert not LivePlayer.objects.exists()


def test_a_guest_joins_with_a_nickname_and_comes_back_to_their_player(client, game):
    LiveGame.objects.filter(pk=game.pk).update(allow_guests=True)
    response = client.post(reverse("live_join"), {"pin": game.pin, "nickname": "<b>Ada</b>"})
    assert response.status_code == 302
    page = client.get(reverse("live_play", args=[game.pk]))
    assert page.status_code == 200
    assert b"&lt;b&gt;Ada&lt;/b&gt;" in page.content and b"<b>Ada</b>" not in page.content


def test_a_non_player_is_sent_to_the_join_form(as_user, student, game):
    response = as_user(student).get(reverse("live_play", args=[game.pk]))
    assert response.status_code == 302
    assert response.url == f"{reverse('live_join')}?pin={game.pin}"


# ---- playing -------------------------------------------------------------------------


def test_the_player_screen_shows_the_tiles_and_never_the_key(as_user, pupil, playing):
    response = as_user(pupil).get(reverse("live_play", args=[playing.pk]))
    assert response.status_code == 200
    assert b"live-tile" in response.content
    assert b"is-correct" not in response.content and b"Correct answer" not in response.content
    fragment = as_user(pupil).get(reverse("live_play", args=[playing.pk]), **HTMX)
    assert b"<html" not in fragment.content and b'id="live-stage"' in fragment.content


def test_a_player_answers_by_plain_post(as_user, pupil, playing):
    data = {"position": "0", **right_answer(playing, 0)}
    response = as_user(pupil).post(reverse("live_answer", args=[playing.pk]), data)
    assert response.status_code == 302
    page = as_user(pupil).get(reverse("live_play", args=[playing.pk]))
    assert b"Answer received" in page.content


def test_a_second_answer_is_refused(as_user, pupil, playing):
    data = {"position": "0", **right_answer(playing, 0)}
    client = as_user(pupil)
    client.post(reverse("live_answer", args=[playing.pk]), data)
    response = client.post(reverse("live_answer", args=[playing.pk]), data, **HTMX)
    assert response.status_code == 409 and b"already answered" in response.content
    assert LiveAnswer.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({}, 400, b"must name its question"),
        ({"position": "abc"}, 400, b"must name its question"),
        ({"position": "-1"}, 400, b"must name its question"),
        ({"position": "99999"}, 400, b"must name its question"),
        ({"position": "0"}, 400, b"choose one of the options"),
        ({"position": "0", "choice": "not-an-option"}, 400, b"choose one of the options"),
        ({"position": "1", "choice": "x"}, 409, b"closed"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(as_user, pupil, playing, data, status, message):
    response = as_user(pupil).post(reverse("live_answer", args=[playing.pk]), data)
    assert response.status_code == status
    assert message in response.content
    assert not LiveAnswer.objects.exists()
    assert LivePlayer.objects.get(user=pupil).score == 0


@pytest.mark.parametrize("role", ["anonymous", "student", "outsider", "teacher", "staff"])
def test_only_players_may_answer(request, as_user, playing, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(user).post(
        reverse("live_answer", args=[playing.pk]), {"position": "0", **right_answer(playing, 0)}
    )
    assert response.status_code == 403
    assert not LiveAnswer.objects.exists()


def test_a_reload_mid_question_keeps_the_score_and_the_screen(as_user, pupil, playing):
    client = as_user(pupil)
    client.post(
        reverse("live_answer", args=[playing.pk]), {"position": "0", **right_answer(playing, 0)}
    )
    score = LivePlayer.objects.get(user=pupil).score
    assert score > 0
    page = client.get(reverse("live_play", args=[playing.pk]))
    assert f"{score}</span> pts".encode() in page.content


# ---- query budgets -------------------------------------------------------------------


def crowd(game, classroom, n):
    for _ in range(n):
        services.player_join(game=game, user=MembershipFactory(classroom=classroom).student)


@pytest.mark.parametrize("size", [3, 60])
def test_query_budgets(teacher, pupil, classroom, game, size, django_assert_max_num_queries):
    host, player = Client(), Client()
    host.force_login(teacher)
    player.force_login(pupil)
    services.player_join(game=game, user=pupil)
    crowd(game, classroom, size)
    with django_assert_max_num_queries(8):
        assert host.get(reverse("live_host", args=[game.pk])).status_code == 200
    game = services.game_start(game=game)
    for other in LivePlayer.objects.filter(game=game).exclude(user=pupil):
        services.answer_submit(game=game, player=other, position=0, answer=right_answer(game, 0))
    with django_assert_max_num_queries(8):
        assert host.get(reverse("live_host", args=[game.pk]), **HTMX).status_code == 200
    with django_assert_max_num_queries(8):
        assert player.get(reverse("live_play", args=[game.pk])).status_code == 200
    answer = {"position": "0", **right_answer(game, 0)}
    with django_assert_max_num_queries(16):
        assert player.post(reverse("live_answer", args=[game.pk]), answer).status_code == 302
    with django_assert_max_num_queries(10):
        page = host.get(reverse("live_host", args=[game.pk]))
    assert b"Leaderboard" in page.content
    with django_assert_max_num_queries(10):
        assert b"Right!" in player.get(reverse("live_play", args=[game.pk])).content
