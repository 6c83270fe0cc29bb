"""The quiz player: one question per screen, answer, submit, result.

Every screen is a full page; with HX-Request only its `screen` fragment is sent. Forms
post to real URLs and redirect, so the player works without JavaScript. GETs change
nothing; each POST on a question is one intent with its own URL (`player_post`).
"""

import functools
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
    """The screen the student is on, or `?q=N` (exam: any question; practice: answered ones).

    Changes nothing: `?q=N` shows question N without remembering it (the answer and
    navigation POSTs do), and an attempt whose time is up reads as handed in.
    """
    attempt = _attempt_or_404(request, pk)
    was_open = attempt.is_open
    selectors.attempt_as_read(attempt)
    if not attempt.is_open:
        if was_open:  # its time is up: read as handed in at its deadline
            messages.info(
                request, "Time is up: your attempt was submitted with your saved answers."
            )
        return redirect_page(request, reverse("attempt_result", args=[attempt.pk]))
    raw = request.GET.get("q", "")
    answered = selectors.answered_positions(attempt=attempt)
    count = len(attempt.question_ids)
    index: int | None
    if raw == "":
        index = selectors.resume_index(attempt=attempt, answered=answered)
    else:
        index = _parse_index(attempt, raw[:MAX_FIELD])
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
    if attempt.mode == QuestionSet.Mode.PRACTICE:
        # Practice goes one question at a time: answered ones and the next one only.
        limit = next((i for i in range(count) if i not in answered), count - 1)
        if index > limit:
            return redirect(_play_url(attempt, limit))
    return _render_screen(request, attempt, index, answered=answered, draft_order=draft_order)


def _is_item_order(attempt: Attempt, index: int, order: list[str]) -> bool:
    """`order` (a no-JavaScript move's redirect: ?order=…) is this ordering question's
    items, each once."""
    if index >= len(attempt.question_ids):
        return False
    snapshot = selectors.attempt_versions(attempt=attempt, indexes=[index])[index].snapshot
    items = [choice["id"] for choice in snapshot["choices"]]
    return snapshot["type"] == "ordering" and sorted(order) == sorted(items)


# --- The player's POSTs ---------------------------------------------------------------
# Each intent on a question screen has its own URL (the buttons' `formaction`): check
# (practice), answer and go (exam), clear (exam), reorder (no JavaScript). They share
# `player_post`, which finds the attempt and the question and turns every refusal into
# its response in one place.


class BadPost(Exception):
    """A POST that no screen sends (a question or button that does not exist): a 400."""


def player_post(view):
    """A POST on question `q` (1-based) of the student's attempt: `view(request, attempt,
    index)` runs only while the attempt is open (one whose time is up is handed in first:
    services.attempt_refuse_if_closed). The services' refusals and bad input become
    responses here: a refused answer redraws its question with the reason (400; a
    practice answer that stands, 409), a closed attempt says so (409), anything else no
    screen sends is a 400."""

    @login_required
    @require_POST
    @functools.wraps(view)
    def wrapped(request, pk: int):
        attempt = _attempt_or_404(request, pk)
        index = 0  # set before anything that redraws a question can be raised
        try:
            services.attempt_refuse_if_closed(attempt=attempt)
            parsed = _parse_index(attempt, request.POST.get("q", "")[:MAX_FIELD])
            if parsed is None or parsed >= len(attempt.question_ids):
                raise BadPost("There is no such question in this attempt.")
            index = parsed
            return view(request, attempt, index)
        except BadPost as error:
            return _problem(request, str(error), status=400, attempt=attempt)
        except services.AttemptClosed as error:
            return _problem(request, str(error), status=409, attempt=attempt)
        except services.AnswerLocked as error:
            return _render_screen(request, attempt, index, status=409, error=str(error))
        except answers.AnswerInvalid as error:
            version = selectors.attempt_versions(attempt=attempt, indexes=[index])[index]
            draft = answers.draft_answer(
                version.snapshot,
                request.POST,
                order=_option_order(attempt, index),
                attempt_id=attempt.pk,
            )
            return _render_screen(
                request,
                attempt,
                index,
                status=400,
                error=str(error),
                version=version,
                draft_answer=draft,
            )

    return wrapped


def _option_order(attempt: Attempt, index: int) -> dict:
    return attempt.option_order.get(str(attempt.question_ids[index]), {})


def _exam_only(attempt: Attempt) -> None:
    if attempt.mode != QuestionSet.Mode.EXAM:
        raise BadPost("This is a practice quiz: answer with “Check answer”.")


@player_post
def attempt_check(request, attempt: Attempt, index: int):
    """Practice: save the answer and show its feedback on the same screen (the first
    answer stands: the same one again changes nothing, another is refused)."""
    if attempt.mode != QuestionSet.Mode.PRACTICE:
        raise BadPost("This is an exam: its answers get no feedback before it is handed in.")
    version = selectors.attempt_versions(attempt=attempt, indexes=[index])[index]
    answer = answers.parse_answer(
        version.snapshot, request.POST, order=_option_order(attempt, index), attempt_id=attempt.pk
    )
    response = services.attempt_answer(
        attempt=attempt, user=request.user, position=index, answer=answer, version=version
    )
    url = _play_url(attempt, index)
    if not wants_fragment(request):
        return redirect(url)
    # The answered screen replaces the unanswered one in the history (a new entry would
    # make "Back" show the same question again, or its stale unanswered form).
    screen = _render_screen(request, attempt, index, response=response, version=version)
    return replace_url(screen, url)


@player_post
def attempt_answer(request, attempt: Attempt, index: int):
    """Exam, "Save and next": save the answer on screen (a blank one is skipped, a
    half-filled one refused) and go on to the next question, or the review after the last."""
    _exam_only(attempt)
    return _save_and_go(request, attempt, index, index + 1)


@player_post
def attempt_go(request, attempt: Attempt, index: int):
    """Exam navigation ("Save and go back", the question list, "Review and submit"): save
    the answer on screen as "Save and next" does, then go to `to`: `prev`, a question
    number or `finish`."""
    _exam_only(attempt)
    to = request.POST.get("to", "")[:MAX_FIELD]
    destination = max(index - 1, 0) if to == "prev" else _parse_index(attempt, to)
    if destination is None:
        raise BadPost("Unknown navigation button.")
    return _save_and_go(request, attempt, index, destination)


def _save_and_go(request, attempt: Attempt, index: int, destination: int):
    """Save the exam answer at `index` unless blank, and remember `destination` as the
    screen the student is on (resuming lands there)."""
    # One query for this question and the next screen's.
    versions = selectors.attempt_versions(attempt=attempt, indexes=[index, destination])
    version = versions[index]
    blank = answers.is_blank(version.snapshot, request.POST)
    if blank:
        services.attempt_move(attempt=attempt, index=destination)
    else:
        answer = answers.parse_answer(
            version.snapshot,
            request.POST,
            order=_option_order(attempt, index),
            attempt_id=attempt.pk,
        )
        services.attempt_answer(
            attempt=attempt,
            user=request.user,
            position=index,
            answer=answer,
            version=version,
            move_to=destination,
        )
    url = _play_url(attempt, destination)
    saved = "" if blank else f"Answer to question {index + 1} saved."
    if not wants_fragment(request):
        if saved:  # the next screen says so, as the swapped-in one does
            messages.success(request, saved)
        return redirect(url)
    screen = _render_screen(
        request, attempt, destination, saved=saved, version=versions.get(destination)
    )
    return push_url(screen, url)


@player_post
def attempt_clear(request, attempt: Attempt, index: int):
    """Exam, "Clear my answer": the question is left unanswered, and stays on screen."""
    cleared = services.attempt_answer_clear(attempt=attempt, user=request.user, position=index)
    said = (
        f"Your answer to question {index + 1} was cleared: it counts as not answered."
        if cleared
        else f"Question {index + 1} has no saved answer to clear."
    )
    if not wants_fragment(request):
        messages.success(request, said)
        return redirect(_play_url(attempt, index))
    return _render_screen(request, attempt, index, saved=said)


@player_post
def attempt_reorder(request, attempt: Attempt, index: int):
    """An ordering question's "Move up/down" without JavaScript (player.js moves items in
    the page): the list is redrawn with the move made, and nothing is saved yet."""
    version = selectors.attempt_versions(attempt=attempt, indexes=[index])[index]
    if version.snapshot["type"] != "ordering":
        raise BadPost("Only the items of an ordering question can be moved.")
    current = answers.parse_answer(
        version.snapshot, request.POST, order=_option_order(attempt, index), attempt_id=attempt.pk
    )["order"]
    draft = answers.move_item(current, request.POST.get("move", "")[:100])
    if not wants_fragment(request):
        # Post/redirect/get: the address stays the question's, and a reload redraws
        # this order rather than posting the move again.
        return redirect(f"{_play_url(attempt, index)}&{urlencode({'order': draft}, doseq=True)}")
    return _render_screen(request, attempt, index, version=version, draft_order=draft)


@player_post
def attempt_draft(request, attempt: Attempt, index: int):
    """Exam: save what is on screen as it changes (player.js's debounced `input` and
    `change`), so an answer typed but never saved is graded when the time is up. In an
    exam an answer is a draft until the attempt is handed in, so the draft is the saved
    response itself (one per question: a repeated or concurrent draft replaces it, never
    adds one); a screen emptied clears it. The screen stays as it is: only the status line
    is sent back. Practice has no drafts: its answer is the one checked."""
    _exam_only(attempt)
    version = selectors.attempt_versions(attempt=attempt, indexes=[index])[index]
    context = {"attempt": attempt, "number": index + 1}
    if answers.is_blank(version.snapshot, request.POST):
        services.attempt_answer_clear(attempt=attempt, user=request.user, position=index)
        context["cleared"] = True
        return render(request, "attempts/_draft_status.html", context)
    try:
        answer = answers.parse_answer(
            version.snapshot,
            request.POST,
            order=_option_order(attempt, index),
            attempt_id=attempt.pk,
        )
    except answers.AnswerInvalid as error:
        # Half typed ("1,4", a matching half chosen): the last saved answer stands.
        context["error"] = str(error)
        return render(request, "attempts/_draft_status.html", context, status=422)
    response = services.attempt_answer(
        attempt=attempt,
        user=request.user,
        position=index,
        answer=answer,
        version=version,
        keep_place=True,
    )
    context["saved_at"] = response.updated_at
    return render(request, "attempts/_draft_status.html", context)


@login_required
@require_GET
def attempt_confirm_submit(request, pk: int):
    """ "Submit" and "End now" ask first, and say which questions are unanswered: this
    page (or, with htmx, this screen) holds the real hand-in button. Writes nothing."""
    attempt = _attempt_or_404(request, pk)
    was_open = attempt.is_open
    selectors.attempt_as_read(attempt)
    if not attempt.is_open:
        if was_open:
            messages.info(
                request, "Time is up: your attempt was submitted with your saved answers."
            )
        return redirect_page(request, reverse("attempt_result", args=[attempt.pk]))
    answered = selectors.answered_positions(attempt=attempt)
    unanswered = [i + 1 for i in range(len(attempt.question_ids)) if i not in answered]
    context = {
        "attempt": attempt,
        "confirm": True,
        "exam": attempt.mode == QuestionSet.Mode.EXAM,
        "unanswered": unanswered,
        "unanswered_count": len(unanswered),
        "answered_count": len(answered),
    }
    template = "attempts/play.html#screen" if wants_fragment(request) else "attempts/play.html"
    return render(request, template, context)


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
    attempt = selectors.attempt_as_read(attempt)
    own = attempt.user_id == request.user.pk
    if own and attempt.is_open:
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
            "actions": selectors.result_actions(attempt=attempt, viewer=request.user, rows=rows),
            # Marks per topic would tell the key of a set whose answers are kept back.
            "topics": selectors.topic_breakdown(attempt=attempt) if revealed else [],
        },
    )


@login_required
@require_POST
def attempt_practise_mistakes(request, pk: int):
    """The result page's "Practise my mistakes": a practice attempt of the questions not
    fully right in this attempt of the student's (404 for anyone else's)."""
    attempt = _attempt_or_404(request, pk)
    try:
        practice = services.attempt_practise_mistakes(user=request.user, attempt=attempt)
    except services.AttemptRefused as refusal:
        return _problem(request, str(refusal), status=409, attempt=attempt)
    return redirect_page(request, reverse("attempt_play", args=[practice.pk]))
