"""Staff's review of the public library: anyone may sign up as a teacher, so a set made
public is listed to every student only once staff approve it here (or in the admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from quizzes.core.decorators import login_required
from quizzes.questions.models import QuestionSet
from quizzes.questions.selectors import sets_awaiting_review
from quizzes.questions.services import question_set_library_review

DECISIONS = {"approve": True, "reject": False}


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied("Only staff review sets for the library.")


@require_GET
@login_required
def library_review(request):
    _staff_only(request)
    return render(request, "questions/library_review.html", {"sets": sets_awaiting_review()})


@require_POST
@login_required
def library_review_decide(request, slug: str):
    _staff_only(request)
    question_set = get_object_or_404(QuestionSet, slug=slug)
    decision = request.POST.get("decision", "")
    if decision not in DECISIONS:
        context = {"sets": sets_awaiting_review(), "refusal": "Choose approve or reject."}
        return render(request, "questions/library_review.html", context, status=400)
    try:
        question_set_library_review(
            question_set=question_set, reviewer=request.user, approve=DECISIONS[decision]
        )
    except ValidationError as error:
        context = {"sets": sets_awaiting_review(), "refusal": error.messages[0]}
        return render(request, "questions/library_review.html", context, status=409)
    verdict = "is now in the library" if DECISIONS[decision] else "stays out of the library"
    messages.success(request, f"“{question_set.title}” {verdict}.")
    return redirect("library_review")
