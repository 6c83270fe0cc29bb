"""ASGI entry point: HTTP through Django, and the live game's WebSockets through Channels
(docs/deploy.md, "The live game"). `daphne quizsite.asgi:application`; runserver serves it
too (daphne in INSTALLED_APPS)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
django_application = get_asgi_application()

# Imported once Django is set up: the routes import the models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from quizzes.live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
