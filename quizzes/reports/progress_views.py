"""Progress over time: "My progress" for everyone signed in, class trends for its teacher."""

import csv
from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from quizzes.attempts.models import Attempt
from quizzes.attempts.services import AttemptRefused
from quizzes.classes.selectors import classrooms_managed_by
from quizzes.core.decorators import login_required, teacher_required
from quizzes.core.htmx import redirect_page, wants_fragment
from quizzes.core.spreadsheets import percent_cell, protect_cell, spreadsheet_csv
from quizzes.questions.models import Topic
from quizzes.reports.forms import ProgressFilterForm
from quizzes.reports.progress_selectors import (
    INACTIVE_DAYS,
    MASTERY_HALF_LIFE_DAYS,
    PERIODS,
    WEAK_SPOT_DAYS,
    class_attempt_rows,
    class_progress,
    student_progress,
)
from quizzes.reports.progress_services import weak_spot_practice_start


@require_GET
@login_required
def my_progress(request):
    """The student's own figures; the filter form swaps only the score history under htmx."""
    form = ProgressFilterForm(request.GET or None, user=request.user)
    status = 200
    filters: dict[str, Any] = {"days": PERIODS["90"], "question_set": None, "topic": None}
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "days": PERIODS[data["period"] or "90"],
                "question_set": data["set"],
                "topic": data["topic"],
            }
        else:
            status = 400
    progress = student_progress(user=request.user, **filters)
    template = "reports/progress.html"
    if wants_fragment(request) and request.htmx.target == "score-history":
        template += "#history"
    return render(
        request,
        template,
        {
            "form": form,
            "progress": progress,
            "half_life": MASTERY_HALF_LIFE_DAYS,
            "weak_days": WEAK_SPOT_DAYS,
        },
        status=status,
    )


@require_POST
@login_required
def weak_spot_practice(request):
    """One click: a practice quiz of the student's weak spots (of one topic, `topic` by its
    slug, from the home page's weakest topic), then straight to the player."""
    topic = None
    slug = request.POST.get("topic", "")
    if slug:
        topic = Topic.objects.filter(slug=slug[:100]).first()
        if topic is None:
            context = {"problem": "There is no such topic to practise."}
            return render(request, "bad_request.html", context, status=400)
    try:
        attempt = weak_spot_practice_start(user=request.user, topic=topic)
    except AttemptRefused as refusal:
        messages.error(request, str(refusal))
        return redirect_page(request, reverse("my_progress"))
    return redirect_page(request, attempt.get_absolute_url())


@require_GET
@teacher_required
def class_progress_page(request, pk: int):
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    return render(
        request,
        "reports/progress_class.html",
        {
            "progress": class_progress(classroom=classroom, viewer=request.user),
            "inactive_days": INACTIVE_DAYS,
            "half_life": MASTERY_HALF_LIFE_DAYS,
        },
    )


def _moment(value, tz) -> str:
    """ISO 8601 in the teacher's zone, to the second; empty when not set."""
    return value.astimezone(tz).replace(microsecond=0).isoformat() if value else ""


@require_GET
@teacher_required
def class_attempts_csv(request, pk: int):
    """The class's attempt history, one row per attempt (for spreadsheets, formula-safe, like
    the gradebook's)."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    response = spreadsheet_csv(f"attempts-{slugify(classroom.name) or classroom.pk}.csv")
    writer = csv.writer(response)
    writer.writerow(
        [
            "Username",
            "Name",
            "Question set",
            "Assignment due",
            "Attempt",
            "Status",
            "Started",
            "Submitted",
            "Late",
            "Score",
            "Max score",
            "Percent",
        ]
    )
    tz = timezone.get_current_timezone()
    for row in class_attempt_rows(classroom=classroom).iterator(chunk_size=2000):
        writer.writerow(
            [
                protect_cell(row["user__username"]),
                protect_cell(
                    f"{row['user__first_name']} {row['user__last_name']}".strip()
                    or row["user__username"]  # as User.display_name
                ),
                protect_cell(row["question_set__title"]),
                _moment(row["assignment__due_at"], tz),
                row["number"],
                Attempt.Status(row["status"]).label,
                _moment(row["started_at"], tz),
                _moment(row["submitted_at"], tz),
                "yes" if row["late"] else "no",
                f"{row['score']:g}",
                f"{row['max_score']:g}",
                percent_cell(row["percent"]),
            ]
        )
    return response
