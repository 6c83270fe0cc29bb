"""The game's sockets: who may listen, what they are sent, and what they ignore."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from quizsite.asgi import application
from quizzes.live import services
from quizzes.live.consumers import FORBIDDEN
from quizzes.live.models import LiveGame

pytestmark = pytest.mark.django_db(transaction=True)


def cookie_of(user=None, *, client: Client | None = None) -> list[tuple[bytes, bytes]]:
    """The headers of a browser signed in as `user` (or with `client`'s session)."""
    if client is None:
        client = Client()
        client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()),
        (b"origin", b"http://localhost"),
        (b"host", b"localhost"),
    ]


def socket(game, headers):
    return WebsocketCommunicator(application, f"/ws/live/{game.pk}/", headers=headers)


def test_the_host_and_players_see_the_game_change(game, teacher, pupil):
    host_headers, player_headers = cookie_of(teacher), cookie_of(pupil)

    async def scenario():
        host = socket(game, host_headers)
        connected, _ = await host.connect()
        assert connected
        lobby = await host.receive_from()
        assert 'id="live-stage"' in lobby and game.pin in lobby
        assert "http://localhost/play/" in lobby  # the join link, from the socket's host

        await database_sync_to_async(services.player_join)(game=game, user=pupil)
        joined = await host.receive_from()
        assert pupil.username in joined or pupil.get_full_name() in joined

        player = socket(game, player_headers)
        connected, _ = await player.connect()
        assert connected
        assert "You're in!" in await player.receive_from()

        await database_sync_to_async(services.game_start)(game=game)
        question = await player.receive_from()
        assert "live-tile" in question and "is-correct" not in question
        assert "Question 1 of 3" in await host.receive_from()

        # Anything sent up the socket is ignored: actions are POSTs.
        await player.send_to(text_data='{"HEADERS": {}, "choice": "x"}')
        await player.send_to(text_data="x" * 100_000)
        assert await player.receive_nothing(timeout=0.2)
        await player.disconnect()
        await host.disconnect()

    async_to_sync(scenario)()
    game.refresh_from_db()
    assert game.state == LiveGame.State.QUESTION
    assert not game.answers.exists()


@pytest.mark.parametrize("role", ["anonymous", "student", "outsider", "other_teacher", "staff"])
def test_strangers_cannot_listen_to_a_game(request, game, role):
    headers = (
        [(b"origin", b"http://localhost")]
        if role == "anonymous"
        else cookie_of(request.getfixturevalue(role))
    )

    async def scenario():
        communicator = socket(game, headers)
        connected, code = await communicator.connect()
        assert not connected
        assert code == FORBIDDEN

    async_to_sync(scenario)()


def test_an_unknown_game_or_a_foreign_origin_is_refused(game, teacher):
    teacher_headers = cookie_of(teacher)

    async def scenario():
        missing = WebsocketCommunicator(application, "/ws/live/999999/", headers=teacher_headers)
        connected, _ = await missing.connect()
        assert not connected
        headers = [h for h in teacher_headers if h[0] != b"origin"]
        foreign = socket(game, [*headers, (b"origin", b"http://evil.example")])
        connected, _ = await foreign.connect()
        assert not connected

    async_to_sync(scenario)()


def test_a_guest_listens_with_the_session_that_joined(game, client):
    LiveGame.objects.filter(pk=game.pk).update(allow_guests=True)
    client.post("/play/", {"pin": game.pin, "nickname": "Ada"})
    headers = cookie_of(client=client)

    async def scenario():
        guest = socket(game, headers)
        connected, _ = await guest.connect()
        assert connected
        assert "Ada" in await guest.receive_from()
        await guest.disconnect()

    async_to_sync(scenario)()
