"""Health checks for the load balancer; the benchmark also uses them as its baselines.

`/healthz` is the cheapest Django response; `/healthz/db` does one primary-key read and
renders a one-line template, the least any page that touches the database can cost.
"""

from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizzes.models import Topic


@require_GET
def alive(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def database(request):
    """503 when the database cannot be read, which a load balancer takes as "out of service"
    (a 500 would read as a bug in this check)."""
    try:
        topic = Topic.objects.filter(pk=1).first()
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return render(request, "health.txt", {"topic": topic}, content_type="text/plain")
