"""How a view answers htmx: the fragment it swaps, or a whole page.

A history restore (Back after htmx's history cache missed) is sent as an htmx request but
swaps in the whole body, so it gets the page, as a plain request does.

A view that asks `wants_fragment` answers the same URL in two ways, so caches must tell
the two apart: `VaryOnHtmxMiddleware` adds `Vary: HX-Request` to its response. Asking is
the one way a view branches on htmx, so no view needs to remember the header.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

ASKED = "_asked_htmx"


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, for the type checker (as
    django-htmx's documentation types it): `request.htmx` tells how htmx sent it."""

    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    setattr(request, ASKED, True)
    return bool(request.htmx) and not request.htmx.history_restore_request


class VaryOnHtmxMiddleware:
    """`Vary: HX-Request` on every response whose view asked `wants_fragment`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, ASKED, False):
            patch_vary_headers(response, ["HX-Request"])
        return response


def redirect_page(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """Go to another page: htmx loads it whole (HX-Redirect) instead of nesting it in the
    fragment it asked for; anything else follows a plain redirect."""
    return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)
