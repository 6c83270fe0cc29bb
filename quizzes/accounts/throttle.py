"""Throttling of sign-in, sign-up and class joining (docs/deploy.md, "Throttling").

Sign-in (the site's and the admin's) is django-axes: after AXES_FAILURE_LIMIT wrong
passwords for one username from one address, that pair is refused for AXES_COOLOFF_TIME.
This module gives axes the client's address and the page a locked-out visitor sees.

Sign-up and class joining are not authentication, so axes does not see them; they are
counted in the cache by `RateLimit`. Through Redis every app server shares the counts;
with the local-memory cache (development) each process counts alone. An evicted count
starts again from nothing, which suits a speed limit (axes keeps sign-in failures in the
database, where nothing evicts them).
"""

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import TemplateResponse

from quizzes.accounts.models import User
from quizzes.core.formatting import minutes as format_minutes


def attempted_username(request, credentials) -> str:
    """The username a sign-in tried, as axes records it: cut to the longest a username can
    be, since axes' column holds 255 characters (a longer one was a 500 on PostgreSQL).
    No two real usernames share such a prefix, so no one's count is merged with another's."""
    name = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(name)[: User.username.field.max_length]


def client_address(request) -> str:
    """The address the request came from, as one that cannot be forged.

    Without proxies that is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT reverse proxies, each
    appending the address it saw to X-Forwarded-For, it is the entry the outermost proxy
    appended (counted from the right): whatever a client writes in the header itself
    stays to the left of it. A missing or malformed entry falls back to REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= proxies:
            try:
                return str(ipaddress.ip_address(hops[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` counted events per `window` for one key (an address, a user id).

    The window starts at the first counted event and its count expires with it (a fixed
    window: `cache.add` then `cache.incr`, both atomic in Redis and in local memory).
    """

    name: str
    limit: int
    window: timedelta

    def _key(self, who: str | int) -> str:
        return f"ratelimit:{self.name}:{who}"

    def exceeded(self, who: str | int) -> bool:
        return (cache.get(self._key(who)) or 0) >= self.limit

    def count(self, who: str | int) -> None:
        key, seconds = self._key(who), int(self.window.total_seconds())
        cache.add(key, 0, seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this event starts a new window
            cache.set(key, 1, seconds)

    @property
    def minutes(self) -> int:
        return int(self.window.total_seconds() // 60)


def locked_out_message() -> str:
    minutes = int(get_cool_off().total_seconds() // 60)
    return (
        f"Too many failed sign-ins for this username from your network. Try again in "
        f"{format_minutes(minutes)}, or ask a member of staff to unlock your account."
    )


def lockout_response(request, original_response=None, credentials=None):
    """What axes answers a locked-out sign-in: the sign-in page it was made on (the site's
    or the admin's), its form saying why instead of "wrong password", with status 429
    and Retry-After, rather than axes' bare text. (Both pages are Django's LoginView; any
    other caller of authenticate() would get the message as plain text.)"""
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    response: HttpResponse
    if isinstance(original_response, TemplateResponse) and isinstance(form, AuthenticationForm):
        form.errors.clear()
        form.add_error(None, locked_out_message())
        response = TemplateResponse(request, original_response.template_name, context, status=429)
        response.render()  # axes' middleware runs after the view's responses are rendered
    else:
        response = HttpResponse(locked_out_message(), status=429, content_type="text/plain")
    response["Retry-After"] = str(int(get_cool_off().total_seconds()))
    return response
