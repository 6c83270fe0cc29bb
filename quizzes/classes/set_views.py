"""A set's page: it brings a set together with the student's attempts, flashcards and
assignments, so it lives in the lowest app that sees all of them. (The home page, with
the student's dashboard, is the reports app's.)"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from quizzes.attempts.selectors import (
    own_attempt_refusal,
    set_attempts_summary,
)
from quizzes.classes.selectors import assignments_for_student
from quizzes.flashcards.selectors import flashcards_refusal
from quizzes.questions.selectors import (
    question_sets_visible_to,
    with_questions_per_attempt,
)


@require_GET
def set_detail(request, slug: str):
    question_set = get_object_or_404(
        with_questions_per_attempt(question_sets_visible_to(user=request.user)).select_related(
            "owner"
        ),
        slug=slug,
    )
    student = request.user.is_authenticated and not request.user.is_teacher
    return render(
        request,
        "classes/set_detail.html",
        {
            "question_set": question_set,
            "flashcards_refusal": flashcards_refusal(question_set=question_set, user=request.user),
            **set_attempts_summary(user=request.user, question_set=question_set),
            # A student's assignments of this set: an attempt counts for one only if
            # started for it, so the page offers those starts first.
            "assignments": assignments_for_student(user=request.user, question_set=question_set)
            if student
            else [],
            "own_refusal": own_attempt_refusal(user=request.user, question_set=question_set)
            if student
            else None,
        },
    )
