"""How a view answers htmx: the fragment it swaps, or a whole page.

A history restore (Back after htmx's history cache missed) is sent as an htmx request but
swaps in the whole body, so it gets the page, as a plain request does.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def wants_fragment(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def redirect_page(request: HttpRequest, url: str) -> HttpResponse:
    """Go to another page: htmx loads it whole (HX-Redirect) instead of nesting it in the
    fragment it asked for; anything else follows a plain redirect."""
    return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)
