"""The quiz player: one question per screen, answer, submit, result.

Every screen is a full page; with HX-Request only its `screen` fragment is sent. Forms
post to real URLs and redirect, so the player works without JavaScript.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url, replace_url

from quizzes.attempts import answers, selectors, services
from quizzes.attempts.models import Attempt
from quizzes.core.decorators import login_required
from quizzes.core.htmx import redirect_page, wants_fragment
from quizzes.questions.models import QuestionSet

MAX_FIELD = 40
MAX_ITEMS = 100  # ordering items in a ?order= list


def duration_text(delta) -> str:
    """Durations like "12 min 5 s", for the result page."""
    if delta is None:
        return "—"
    seconds = max(int(delta.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if hours or minutes:
        parts.append(f"{minutes} min")
    parts.append(f"{seconds} s")
    return " ".join(parts)


def _problem(request, message: str, *, status: int, attempt: Attempt | None = None):
    """A clear message with a way on; as a fragment for htmx, a page otherwise."""
    template = "attempts/problem.html"
    if wants_fragment(request):
        template += "#problem"
    return render(request, template, {"message": message, "attempt": attempt}, status=status)


def _attempt_or_404(request, pk: int) -> Attempt:
    attempt = selectors.attempt_of(user=request.user, pk=pk)
    if attempt is None:
        raise Http404("No such attempt of yours.")
    return attempt


def _play_url(attempt: Attempt, index: int) -> str:
    if index >= len(attempt.question_ids):
        return f"{reverse('attempt_play', args=[attempt.pk])}?q=finish"
    return f"{reverse('attempt_play', args=[attempt.pk])}?q={index + 1}"


def _render_screen(
    request,
    attempt: Attempt,
    index: int,
    *,
    status: int = 200,
    answered=None,
    response=None,
    version=None,
    draft_order=None,
    draft_answer=None,
    **extra,
):
    """The question at `index`, or the finish screen of an exam at index == count.

    The `answered` positions or the `response` to this question, when the caller has
    them; otherwise the answered positions are read here.
    """
    if answered is None and response is None:
        answered = selectors.answered_positions(attempt=attempt)
    if index >= len(attempt.question_ids):
        context = {
            "attempt": attempt,
            "finish": True,
            "answered_count": len(answered),
            "nav": [
                {"number": i + 1, "answered": i in answered, "current": False}
                for i in range(len(attempt.question_ids))
            ],
        }
    else:
        screen = selectors.attempt_screen(
            attempt=attempt,
            index=index,
            viewer=request.user,
            answered=answered,
            response=response,
            draft_order=draft_order,
            version=version,
            draft_answer=draft_answer,
        )
        context = {"attempt": attempt, "screen": screen}
    context.update(extra)
    template = "attempts/play.html#screen" if wants_fragment(request) else "attempts/play.html"
    return render(request, template, context, status=status)


def _parse_index(attempt: Attempt, raw: str) -> int | None:
    count = len(attempt.question_ids)
    if raw == "finish":
        return count
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if raw.isdecimal() and len(raw) <= 5 and 1 <= int(raw) <= count:
        return int(raw) - 1
    return None


@login_required
@require_GET
def attempt_play(request, pk: int):
    """The screen the student is on, or `?q=N` (exam: any question; practice: answered ones)."""
    attempt = _attempt_or_404(request, pk)
    if services.attempt_expire_if_due(attempt=attempt):
        messages.info(request, "Time is up: your attempt was submitted with your saved answers.")
    if not attempt.is_open:
        return redirect_page(request, reverse("attempt_result", args=[attempt.pk]))
    raw = request.GET.get("q", "")
    index = attempt.current_index if raw == "" else _parse_index(attempt, raw[:MAX_FIELD])
    if index is None:
        return _problem(
            request, "There is no such question in this attempt.", status=400, attempt=attempt
        )
    draft_order = request.GET.getlist("order")[:MAX_ITEMS] or None
    if draft_order and not _is_item_order(attempt, index, draft_order):
        return _problem(
            request,
            "That order does not list this question's items, each once.",
            status=400,
            attempt=attempt,
        )
    answered = selectors.answered_positions(attempt=attempt)
    if attempt.mode == QuestionSet.Mode.PRACTICE:
        # Practice goes one question at a time: answered ones and the next one only.
        count = len(attempt.question_ids)
        limit = next((i for i in range(count) if i not in answered), count - 1)
        if index > limit:
            return redirect(_play_url(attempt, limit))
    services.attempt_move(attempt=attempt, index=index)
    return _render_screen(request, attempt, index, answered=answered, draft_order=draft_order)


def _is_item_order(attempt: Attempt, index: int, order: list[str]) -> bool:
    """`order` (a no-JavaScript move's redirect: ?order=…) is this ordering question's
    items, each once."""
    if index >= len(attempt.question_ids):
        return False
    snapshot = selectors.attempt_versions(attempt=attempt, indexes=[index])[index].snapshot
    items = [choice["id"] for choice in snapshot["choices"]]
    return snapshot["type"] == "ordering" and sorted(order) == sorted(items)


@login_required
@require_POST
def attempt_answer(request, pk: int):
    """Save the answer to one question; practice shows feedback, exam moves on.

    In an exam a question left blank is skipped (nothing saved); a half-filled one is a 400.
    """
    attempt = _attempt_or_404(request, pk)
    if services.attempt_expire_if_due(attempt=attempt):
        return _problem(
            request,
            "Time is up: your attempt was submitted with the answers saved before the "
            "deadline. This answer was not saved.",
            status=409,
            attempt=attempt,
        )
    if not attempt.is_open:
        return _problem(
            request,
            "This attempt has been submitted; answers can no longer change.",
            status=409,
            attempt=attempt,
        )
    index = _parse_index(attempt, request.POST.get("q", "")[:MAX_FIELD])
    if index is None or index >= len(attempt.question_ids):
        return _problem(
            request, "There is no such question in this attempt.", status=400, attempt=attempt
        )
    exam = attempt.mode == QuestionSet.Mode.EXAM
    next_index = index
    if exam:
        destinations = {
            "next": index + 1,
            "prev": max(index - 1, 0),
            "finish": len(attempt.question_ids),
            "stay": index,
        }
        go = request.POST.get("go", "next")[:MAX_FIELD]
        if go.startswith("q"):  # a question number in the exam's navigation
            jump = _parse_index(attempt, go[1:])
            if jump is not None:
                destinations[go] = jump
        if go not in destinations:
            return _problem(request, "Unknown navigation button.", status=400, attempt=attempt)
        next_index = destinations[go]
    # One query for this question and the next screen's.
    versions = selectors.attempt_versions(attempt=attempt, indexes=[index, next_index])
    version = versions[index]
    snapshot = version.snapshot
    order = attempt.option_order.get(str(attempt.question_ids[index]), {})
    if exam and request.POST.get("clear"):
        return _clear_answer(request, attempt, index)
    move = request.POST.get("move", "")
    if move and snapshot["type"] == "ordering":
        # "Move up/down" without JavaScript: redraw the list, save nothing yet.
        try:
            current = answers.parse_answer(
                snapshot, request.POST, order=order, attempt_id=attempt.pk
            )["order"]
            draft = answers.move_item(current, move[:100])
        except answers.AnswerInvalid as error:
            return _render_screen(request, attempt, index, status=400, error=str(error))
        if not wants_fragment(request):
            # Post/redirect/get: the address stays the question's, and a reload redraws
            # this order rather than posting the move again.
            return redirect(
                f"{_play_url(attempt, index)}&{urlencode({'order': draft}, doseq=True)}"
            )
        return _render_screen(request, attempt, index, draft_order=draft)
    saved_answer = not (exam and answers.is_blank(snapshot, request.POST))
    response = None
    try:
        if saved_answer:
            answer = answers.parse_answer(
                snapshot, request.POST, order=order, attempt_id=attempt.pk
            )
            response = services.attempt_answer(
                attempt=attempt,
                user=request.user,
                position=index,
                answer=answer,
                version=version,
                move_to=next_index,
            )
    except answers.AnswerInvalid as error:
        draft = answers.draft_answer(snapshot, request.POST, order=order, attempt_id=attempt.pk)
        return _render_screen(
            request, attempt, index, status=400, error=str(error), draft_answer=draft
        )
    except services.AnswerLocked as error:
        return _render_screen(request, attempt, index, status=409, error=str(error))
    except services.AttemptClosed as error:
        return _problem(request, str(error), status=409, attempt=attempt)
    url = _play_url(attempt, next_index)
    saved = f"Answer to question {index + 1} saved." if exam and saved_answer else ""
    if not wants_fragment(request):
        if saved:  # the next screen says so, as the swapped-in one does
            messages.success(request, saved)
        return redirect(url)
    services.attempt_move(attempt=attempt, index=next_index)
    if exam:
        screen = _render_screen(
            request, attempt, next_index, saved=saved, version=versions.get(next_index)
        )
        return push_url(screen, url)
    # Practice stays on this question to show the feedback: the answered screen replaces
    # the unanswered one in the history (a new entry would make "Back" show the same
    # question again, or its stale unanswered form).
    screen = _render_screen(request, attempt, index, response=response, version=version)
    return replace_url(screen, url)


def _clear_answer(request, attempt: Attempt, index: int):
    """An exam's "Clear my answer": the question is left unanswered, and stays on screen."""
    try:
        cleared = services.attempt_answer_clear(attempt=attempt, user=request.user, position=index)
    except services.AttemptClosed as error:
        return _problem(request, str(error), status=409, attempt=attempt)
    said = (
        f"Your answer to question {index + 1} was cleared: it counts as not answered."
        if cleared
        else f"Question {index + 1} has no saved answer to clear."
    )
    if not wants_fragment(request):
        messages.success(request, said)
        return redirect(_play_url(attempt, index))
    return _render_screen(request, attempt, index, saved=said)


@login_required
@require_POST
def attempt_submit(request, pk: int):
    """Hand in the attempt; the result page follows."""
    attempt = _attempt_or_404(request, pk)
    services.attempt_submit(attempt=attempt, user=request.user)
    return redirect_page(request, reverse("attempt_result", args=[attempt.pk]))


@login_required
@require_GET
def attempt_result(request, pk: int):
    """Score, pass or fail, time taken and a review of every question."""
    attempt = get_object_or_404(selectors.attempts_viewable_by(user=request.user), pk=pk)
    own = attempt.user_id == request.user.pk
    if own:
        services.attempt_expire_if_due(attempt=attempt)
        if attempt.is_open:
            return redirect("attempt_play", pk=attempt.pk)
    if attempt.is_open:
        return render(
            request,
            "attempts/problem.html",
            {"message": "This attempt is still in progress.", "attempt": attempt},
        )
    rows, revealed = selectors.attempt_review(attempt=attempt, viewer=request.user)
    return render(
        request,
        "attempts/result.html",
        {
            "attempt": attempt,
            "rows": rows,
            "revealed": revealed,
            "own": own,
            "time_taken": duration_text(attempt.time_taken),
        },
    )
