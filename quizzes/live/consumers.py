"""The live game's sockets (docs/live.md, "Transport"): one per open host or player
screen, in the game's group. On connecting and on every "game changed" push, the socket
renders its viewer's screen from the database and sends it; htmx's WebSocket extension
swaps it in by id. Nothing is read from the socket: every action is a POST.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from quizzes.live.models import LiveGame
from quizzes.live.push import group_name
from quizzes.live.selectors import host_screen, player_for, player_screen

# Close codes (4000-4999 are the application's): not signed in or no such game; not a
# player or the host of this game.
NOT_FOUND = 4404
FORBIDDEN = 4403


class GameConsumer(AsyncWebsocketConsumer):
    game_id: int
    role: str  # "host" or "player"
    player_id: int | None

    async def connect(self) -> None:
        self.game_id = int(self.scope["url_route"]["kwargs"]["pk"])
        role = await self._role()
        if role is None:
            await self.close(code=FORBIDDEN)
            return
        await self.channel_layer.group_add(group_name(self.game_id), self.channel_name)
        if role == "host":
            await self.channel_layer.group_add(
                group_name(self.game_id, host=True), self.channel_name
            )
        await self.accept()
        await self._send_screen()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "game_id", None) is not None:
            await self.channel_layer.group_discard(group_name(self.game_id), self.channel_name)
            await self.channel_layer.group_discard(
                group_name(self.game_id, host=True), self.channel_name
            )

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Players and host act by POST; anything sent here is ignored."""

    async def game_changed(self, event: dict) -> None:
        await self._send_screen()

    @database_sync_to_async
    def _role(self) -> str | None:
        game = LiveGame.objects.filter(pk=self.game_id).first()
        user = self.scope.get("user")
        if game is None:
            return None
        if user is not None and user.is_authenticated and user.pk == game.host_id:
            self.role, self.player_id = "host", None
            return self.role
        player = player_for(game=game, user=user, session=self.scope.get("session") or {})
        if player is None:
            return None
        self.role, self.player_id = "player", player.pk
        return self.role

    @database_sync_to_async
    def _render(self) -> str:
        game = LiveGame.objects.select_related("question_set").get(pk=self.game_id)
        now = timezone.now()
        if self.role == "host":
            context = {**host_screen(game=game, now=now), "join_url": self._join_url(game)}
            return render_to_string("live/host.html#stage", context)
        player = game.players.get(pk=self.player_id or 0)
        return render_to_string(
            "live/play.html#stage", player_screen(game=game, player=player, now=now)
        )

    def _join_url(self, game: LiveGame) -> str:
        headers = dict(self.scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        scheme = "https" if self.scope.get("scheme") == "wss" else "http"
        return f"{scheme}://{host}{reverse('play_pin', args=[game.pin])}"

    async def _send_screen(self) -> None:
        await self.send(text_data=await self._render())
