"""A set's page and the start of an attempt at it: each brings a set together with the
student's attempts, flashcards and assignments, so they live in the lowest app that sees
all of them. (The home page, with the student's dashboard, is the reports app's.)"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from quizzes.attempts.selectors import needs_start_screen, open_attempt_of, set_attempts_summary
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


def _assignment_of(raw: str, question_set: QuestionSet) -> Assignment | None:
    """The assignment named by a form's `assignment` field ("" for none); ValueError with
    the message for the student if it names none of this set."""
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdecimal() or len(raw) > 18:
        raise ValueError("The assignment must be given by its number.")
    assignment = Assignment.objects.filter(pk=int(raw), question_set=question_set).first()
    if assignment is None:
        raise ValueError("There is no such assignment for this set.")
    return assignment


@login_required
@require_GET
def attempt_begin(request, slug: str):
    """An exam's (or a timed set's) start screen: the time limit, the questions, attempts
    left and the pass mark, before the clock starts; its Start button posts to
    `attempt_start` (`ready`), and the clock starts there. An attempt under way is simply
    continued. Writes nothing."""
    question_set = get_object_or_404(
        with_questions_per_attempt(QuestionSet.objects.visible_to(request.user)), slug=slug
    )
    try:
        assignment = _assignment_of(request.GET.get("assignment", "")[:40], question_set)
    except ValueError as error:
        return _problem(request, str(error), status=400)
    running = open_attempt_of(
        user=request.user,
        question_set=question_set,
        assignment_id=assignment.pk if assignment else None,
    )
    if running is not None:
        return redirect(running.get_absolute_url())
    refusal, attempts_left, due = None, None, None
    if assignment is not None:
        row = next(
            (
                r
                for r in assignments_for_student(user=request.user, question_set=question_set)
                if r.assignment.pk == assignment.pk
            ),
            None,
        )
        if row is None:
            refusal = "This assignment was given to a class you are not in."
        else:
            if not row.can_start:
                refusal = row.closed_note or "This assignment cannot be started now."
            attempts_left = None if row.limit is None else max(row.limit - row.attempts_used, 0)
            due = assignment
    else:
        refusal = own_attempt_refusal(user=request.user, question_set=question_set)
        attempts_left = set_attempts_summary(user=request.user, question_set=question_set)[
            "attempts_left"
        ]
        if attempts_left == 0:
            refusal = "You have used all the attempts allowed for this set."
    return render(
        request,
        "attempts/begin.html",
        {
            "question_set": question_set,
            "assignment": assignment,
            "due": due,
            "attempts_left": attempts_left,
            "refusal": refusal,
        },
    )


@login_required
@require_POST
def attempt_start(request, slug: str):
    """Start (or resume) an attempt at a set, optionally for an assignment.

    An exam or a timed set starts from its start screen (`attempt_begin`), whose Start
    sends `ready`: a Start from anywhere else (the set page, My assignments, home) goes
    there first unless an attempt is under way, so the clock starts only once the student
    has read what they are starting."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), slug=slug)
    try:
        assignment = _assignment_of(request.POST.get("assignment", ""), question_set)
    except ValueError as error:
        return _problem(request, str(error), status=400)
    if (
        needs_start_screen(question_set)
        and not request.POST.get("ready")
        and open_attempt_of(
            user=request.user,
            question_set=question_set,
            assignment_id=assignment.pk if assignment else None,
        )
        is None
    ):
        url = reverse("attempt_begin", args=[question_set.slug])
        if assignment is not None:
            url += "?" + urlencode({"assignment": assignment.pk})
        return redirect_page(request, url)
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
