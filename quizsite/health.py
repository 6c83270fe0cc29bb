"""Health checks for the load balancer; the benchmark also uses them as its baselines.

`/healthz` is the cheapest Django response; `/healthz/db` does one primary-key read and
renders a one-line template, the least any page that touches the database can cost.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizzes.questions.models import Topic


@require_GET
def alive(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def database(request):
    topic = Topic.objects.filter(pk=1).first()
    return render(request, "health.txt", {"topic": topic}, content_type="text/plain")
