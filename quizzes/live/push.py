"""Tell a game's sockets that it changed (docs/live.md, "Transport").

The message carries no state: each socket re-reads the game and renders its own screen
(the host's, or one player's), so a push that is lost or late only delays a screen, and
a socket that reconnects renders the current state the same way. Through Redis
(channels-redis) a push reaches the sockets of every app server.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def group_name(game_id: int) -> str:
    return f"live-{game_id}"


def game_changed(game_id: int) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group_name(game_id), {"type": "game.changed"})
