from typing import Any

from django.urls import path

from quizzes.live.consumers import GameConsumer

# Channels routes with Django's path(); its stubs type the route's target as a view.
websocket_urlpatterns: list[Any] = [
    path("ws/live/<int:pk>/", GameConsumer.as_asgi()),  # type: ignore[arg-type]
]
