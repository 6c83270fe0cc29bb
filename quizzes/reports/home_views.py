"""The home page: for a visitor, what the app is and the way in; for a signed-in student,
the dashboard (quizzes/reports/dashboard.py); for a teacher, theirs
(quizzes/reports/teacher_dashboard.py); for everyone, the sets open to them."""

from typing import Any

from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizzes.attempts.selectors import unfinished_attempts
from quizzes.questions.selectors import question_set_list
from quizzes.reports.dashboard import attempt_in_progress, student_dashboard
from quizzes.reports.teacher_dashboard import teacher_dashboard


@require_GET
def home(request):
    user = request.user
    unfinished = unfinished_attempts(user=user)
    context: dict[str, Any] = {
        "sets": question_set_list(user=user),
        "unfinished": unfinished,
        "continue_attempt": attempt_in_progress(unfinished),
    }
    if user.is_authenticated and user.is_teacher:
        context["teaching"] = teacher_dashboard(user=user)
    elif user.is_authenticated:
        context["dashboard"] = student_dashboard(user=user)
    return render(request, "reports/home.html", context)
