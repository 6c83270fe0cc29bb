"""Django's login_required, made to bring a signed-out user back to the page they were on,
and teacher_required on top of it."""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

from quizzes.core.htmx import wants_fragment


def _page_of_the_form(request) -> str:
    """Where a signed-out POST came from: the Referer's path on this site, else home.

    The POST's own address is no page to come back to (a GET of it is a 405), and what the
    form sent is gone with the session that ran out.
    """
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host() and referer.path.startswith("/"):
        return f"{referer.path}?{referer.query}" if referer.query else referer.path
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def login_required(view):
    """Signed-in users only; others sign in and come back.

    A GET comes back to itself, as with Django's decorator; a POST (a session that ran out
    mid-quiz, or a sign-out in another tab) to the page its form was on. htmx loads the
    sign-in page whole instead of swapping it into the fragment; a history restore (Back)
    swaps in whatever it gets, so it follows a plain redirect.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            back = request.get_full_path()
        else:
            back = _page_of_the_form(request)
        login = redirect_to_login(back)
        if wants_fragment(request):
            return HttpResponseClientRedirect(login.url)
        return login

    return wrapper


def teacher_required(view):
    """Signed-in teachers (and staff) only; students get 403 (the rule of
    questions.selectors.can_author, read from the user's own flags)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_teacher or request.user.is_staff):
            raise PermissionDenied("Only teachers can use the workspace.")
        return view(request, *args, **kwargs)

    return wrapped
