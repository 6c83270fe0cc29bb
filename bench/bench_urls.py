"""Production URLs plus the signed-in floor, a page that exists only in the benchmark.

`/bench/floor` is the cheapest page a signed-in student can get: the session, the user
(one query), CSRF, messages, the context processors and `base.html` with an empty content
block -- what every student page pays before doing anything of its own. It answers 403
to a request without a signed-in user, so a benchmark whose sessions broke shows errors
instead of measuring the login page.
"""

from django.http import HttpResponseForbidden
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from quizsite.urls import urlpatterns as site_urlpatterns


@require_GET
def signed_in_floor(request):
    if not request.user.is_authenticated:
        return HttpResponseForbidden("not signed in", content_type="text/plain")
    return render(request, "base.html")


urlpatterns = [path("bench/floor", signed_in_floor, name="bench_floor"), *site_urlpatterns]
