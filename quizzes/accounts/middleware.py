"""Every date and time in the signed-in user's own time zone.

`UserTimeZoneMiddleware` activates `User.time_zone` for the request, so that templates
(`{{ value }}`, `|date`, `|time`), `timezone.localtime()` and form fields (a typed
"2026-01-10 09:00" is read in the user's zone) all use it; it deactivates the zone when
the response is ready. Selectors that group by a user's days still take that user's zone
explicitly (`TruncDate(..., tzinfo=user.tzinfo)`), independent of any request.

A request without a session cookie cannot be signed in, so it never touches `request.user`
(which would load the session and the user): anonymous requests such as the health checks
cost nothing more. Users in the default zone (settings.TIME_ZONE) need nothing activated.
"""

from django.conf import settings
from django.utils import timezone


class UserTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated or user.time_zone == settings.TIME_ZONE:
            return self.get_response(request)
        timezone.activate(user.tzinfo)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
