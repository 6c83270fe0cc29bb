"""Tell a game's sockets that it changed (docs/live.md, "Transport").

The message carries no state: each socket re-reads the game and renders its own screen
(the host's, or one player's), so a push that is lost or late only delays a screen, and
a socket that reconnects renders the current state the same way. Through Redis
(channels-redis) a push reaches the sockets of every app server.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def group_name(game_id: int, *, host: bool = False) -> str:
    """Every screen of a game is in its group; the host's screens also in the host group."""
    return f"live-{game_id}-host" if host else f"live-{game_id}"


def game_changed(game_id: int, *, host_only: bool = False) -> None:
    """Push "changed" to every screen of the game, or only to the host's (an answer changes
    the host's count but no other phone's screen: pushing it to every phone would render
    every screen once per answer)."""
    layer = get_channel_layer()
    if layer is not None:
        group = group_name(game_id, host=host_only)
        async_to_sync(layer.group_send)(group, {"type": "game.changed"})
