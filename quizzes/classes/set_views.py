"""A set's page and the start of an attempt at it: each brings a set together with the
student's attempts, flashcards and assignments, so they live in the lowest app that sees
all of them. (The home page, with the student's dashboard, is the reports app's.)"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from quizzes.attempts.selectors import set_attempts_summary
from quizzes.attempts.services import AttemptRefused
from quizzes.classes.models import Assignment
from quizzes.classes.selectors import (
    assignments_for_student,
    classrooms_owned_by,
    own_attempt_refusal,
)
from quizzes.classes.services import student_attempt_start
from quizzes.core.decorators import login_required
from quizzes.core.htmx import redirect_page, wants_fragment
from quizzes.flashcards.selectors import flashcards_refusal
from quizzes.questions.models import QuestionSet
from quizzes.questions.selectors import with_questions_per_attempt


@require_GET
def set_detail(request, slug: str):
    question_set = get_object_or_404(
        with_questions_per_attempt(QuestionSet.objects.visible_to(request.user)).select_related(
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
            # A teacher assigns a published set they can see (a library set too) as it is.
            "assign_to": classrooms_owned_by(user=request.user)
            if question_set.status == QuestionSet.Status.PUBLISHED
            else [],
        },
    )


def _problem(request, message: str, *, status: int):
    """A clear message with a way on (the player's problem page); its fragment for htmx."""
    template = "attempts/problem.html"
    if wants_fragment(request):
        template += "#problem"
    return render(request, template, {"message": message, "attempt": None}, status=status)


@login_required
@require_POST
def attempt_start(request, slug: str):
    """Start (or resume) an attempt at a set, optionally for an assignment."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), slug=slug)
    assignment = None
    raw = request.POST.get("assignment", "").strip()
    if raw:
        if not raw.isdecimal() or len(raw) > 18:
            return _problem(request, "The assignment must be given by its number.", status=400)
        assignment = Assignment.objects.filter(pk=int(raw), question_set=question_set).first()
        if assignment is None:
            return _problem(request, "There is no such assignment for this set.", status=400)
    try:
        attempt = student_attempt_start(
            user=request.user, question_set=question_set, assignment=assignment
        )
    except AttemptRefused as refusal:
        return _problem(request, str(refusal), status=403)
    if not attempt.is_open:  # its time was up and no new attempt may start: its result
        messages.info(
            request,
            "Time is up: your attempt was handed in at its deadline with your saved answers.",
        )
    return redirect_page(request, attempt.get_absolute_url())
