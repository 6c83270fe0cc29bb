"""Flashcard pages: the daily study screen, the student's decks, cram mode, statistics and
study settings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.attempts.answers import AnswerInvalid, validate_answer
from quizzes.core.charts import column_chart
from quizzes.core.decorators import login_required
from quizzes.core.htmx import wants_fragment
from quizzes.flashcards import selectors
from quizzes.flashcards.forms import (
    ANSWER_FIRST_TYPES,
    AnswerForm,
    CramForm,
    RatingForm,
    ShowForm,
    StudySettingsForm,
    UndoForm,
    schedule_token,
)
from quizzes.flashcards.models import Card, Deck, ReviewLog
from quizzes.flashcards.scheduling import preview_intervals
from quizzes.flashcards.services import (
    CardNotDue,
    DeckRemoval,
    NotLastReview,
    Outcome,
    card_review,
    card_undo,
    deck_add,
    deck_remove,
    study_settings_update,
)
from quizzes.questions.grading import grade
from quizzes.questions.models import QuestionSet

RATING_BUTTONS = [(r.value, r.label) for r in ReviewLog.Rating]
MAX_ID = 2**63 - 1  # BigAutoField
# A rating for a card that is not the student's, no longer in play (its set removed, say in
# another tab) or an id no card has.
NO_SUCH_CARD = "That card is not among the flashcards you study (its set may have been removed)."


def _now_ms() -> int:
    return int(timezone.now().timestamp() * 1000)


def _template(request, page: str) -> str:
    return f"{page}#study" if wants_fragment(request) else page


class _BadInput(Exception):
    """An answer given before flipping that cannot be graded (shown as a 400)."""


def _graded(request, snapshot: dict, faces: selectors.Faces) -> dict:
    """Grade an answer given before flipping; suggest Good when right, Again when not."""
    if faces.kind not in ANSWER_FIRST_TYPES:
        return {}
    form = AnswerForm(request.GET, option_ids=[o.id for o in faces.options])
    if not form.is_valid():
        raise _BadInput(" ".join(str(e) for errors in form.errors.values() for e in errors))
    answer = form.answer(faces.kind)
    if answer is None:
        return {}
    answer = validate_answer(snapshot, answer)  # "1,43": refused, as in the quiz
    result = grade(snapshot, answer)
    chosen = set(answer.get("choices") or [answer.get("choice")])
    return {
        "grade": result,
        "chosen": chosen,
        "given": answer.get("text") or answer.get("value") or "",
        "suggested": ReviewLog.Rating.GOOD if result.correct else ReviewLog.Rating.AGAIN,
    }


def _card_context(
    request,
    *,
    card_snapshot: dict,
    flipped: bool,
    shown_at: int | None,
    previews: dict[int, str] | None = None,
) -> dict:
    faces = selectors.card_faces(card_snapshot)
    previews = previews or {}
    context = {
        "faces": faces,
        "flipped": flipped,
        "answer_first": faces.kind in ANSWER_FIRST_TYPES,
        "shown_at": shown_at or _now_ms(),
        "rating_buttons": [(value, label, previews.get(value)) for value, label in RATING_BUTTONS],
    }
    if flipped:
        try:
            context.update(_graded(request, card_snapshot, faces))
        except AnswerInvalid as refused:
            # An answer that cannot be read keeps the card's front, with the reason and
            # what was typed, instead of showing the answer.
            context.update(
                flipped=False,
                answer_error=str(refused),
                answer_value=request.GET.get("value", "")[:50],
            )
    return context


def _study_screen(request):
    """The study screen: today's counts and the next card (or the card asked for)."""
    user = request.user
    day = selectors.local_day(user=user)
    form = ShowForm(request.GET)
    if not form.is_valid():
        return _study_error(request, "That card address is not valid.", 400)
    wanted = form.cleaned_data["flip"] or form.cleaned_data["card"]
    try:
        queue = selectors.study_queue(user=user, day=day, card_id=wanted)
    except Card.DoesNotExist as missing:
        raise Http404("No such card among yours.") from missing
    card = queue.card
    context: dict[str, Any] = {"counts": queue.counts, "card": card, "later": queue.later}
    if card is None and queue.later is None and not queue.counts.new_held:
        # Nothing to study: "all done for today" only makes sense to someone with decks.
        context["has_decks"] = selectors.has_decks(user=user)
    if card is not None:
        flipped = bool(form.cleaned_data["flip"])
        previews = None
        if flipped:
            previews = preview_intervals(retention=card.retention, card=card, now=day.now)
            context["schedule"] = schedule_token(card, retention=card.retention)
        try:
            context.update(
                _card_context(
                    request,
                    card_snapshot=card.snapshot,
                    flipped=flipped,
                    shown_at=form.cleaned_data["shown_at"],
                    previews=previews,
                )
            )
        except _BadInput as bad:
            return _study_error(request, str(bad), 400)
    status = 400 if context.get("answer_error") else 200
    return render(request, _template(request, "flashcards/study.html"), context, status=status)


def _study_error(request, message: str, status: int):
    return render(
        request,
        _template(request, "flashcards/study.html"),
        {"error": message, "card": None, "counts": None},
        status=status,
    )


@login_required
@require_GET
def study(request):
    return _study_screen(request)


@login_required
@require_POST
def card_rate(request, pk: int):
    """Rate a card; the form's version makes a repeated POST a no-op."""
    if not 0 < pk <= MAX_ID:  # no card ever had this id
        return _study_error(request, NO_SUCH_CARD, 404)
    form = RatingForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items())
        return _study_error(request, f"That rating could not be read ({problems}).", 400)
    data = form.cleaned_data
    duration = _now_ms() - data["shown_at"] if data["shown_at"] else None
    try:
        result = card_review(
            user=request.user,
            card_id=pk,
            rating=data["rating"],
            version=data["version"],
            shown=data["schedule"],
            duration_ms=duration,
        )
    except Card.DoesNotExist:
        return _study_error(request, NO_SUCH_CARD, 404)
    except CardNotDue as not_due:
        return _study_error(request, not_due.reason, 409)
    if result.outcome is Outcome.ALREADY_APPLIED:
        messages.info(request, "That rating was already recorded.")
    return _see_other(reverse("flashcards_study"))


def _see_other(url: str):
    """Plain POST-then-redirect; htmx follows it and swaps the fragment of the next screen."""
    response = redirect(url)
    response.status_code = 303
    return response


@login_required
@require_POST
def review_undo(request):
    """Undo the student's last rating, putting the card back exactly as it was."""
    form = UndoForm(request.POST)
    if not form.is_valid():
        return _study_error(request, "That undo request could not be read.", 400)
    try:
        card = card_undo(user=request.user, review_id=form.cleaned_data["review"])
    except ReviewLog.DoesNotExist:
        return _study_error(
            request,
            "There is no such rating of yours to undo (it may have been undone already).",
            404,
        )
    except NotLastReview as older:
        return _study_error(request, str(older), 409)
    if not selectors.card_in_play(user=request.user, pk=card.pk):
        # Its set was removed from the student's decks since: the card is not shown.
        messages.info(request, "Last rating undone. That card's set is not in your flashcards.")
        return _see_other(reverse("flashcards_study"))
    messages.info(request, "Last rating undone.")
    return _see_other(f"{reverse('flashcards_study')}?card={card.pk}")


@login_required
@require_POST
def deck_create(request, slug: str):
    """Start studying a set the student can see (again: picks up new questions)."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), slug=slug)
    if refusal := selectors.flashcards_refusal(question_set=question_set, user=request.user):
        raise PermissionDenied(refusal)
    made = deck_add(user=request.user, question_set=question_set)
    added = "1 new card" if made == 1 else f"{made} new cards"
    messages.success(
        request,
        f"“{question_set.title}” is in your flashcards ({added} added; cards you "
        "already had keep their schedule and history).",
    )
    return _see_other(reverse("flashcards_study"))


@login_required
@require_GET
def decks(request):
    """The sets the student studies, with their cards, due and new counts."""
    day = selectors.local_day(user=request.user)
    context = {"decks": list(selectors.decks(user=request.user, day=day))}
    page = "flashcards/decks.html"
    return render(request, f"{page}#decks" if wants_fragment(request) else page, context)


def _cards(n: int) -> str:
    return f"{n} card" if n == 1 else f"{n} cards"


def _removed_message(removal: DeckRemoval) -> str:
    title = removal.question_set.title
    parts = [f"You stopped studying “{title}”."]
    if removal.left:
        parts.append(f"{_cards(removal.left)} left your queue.")
    if removal.kept:
        verb, them = ("stays", "it") if removal.kept == 1 else ("stay", "them")
        parts.append(f"{_cards(removal.kept)} {verb}: another set you study has {them}.")
    if removal.left or removal.kept:
        parts.append("Their schedule and review history are kept.")
    parts.append(
        "To bring them back as they were, choose “Study as flashcards” on the set's page."
        if removal.left
        else "To study it again, choose “Study as flashcards” on the set's page."
    )
    return " ".join(parts)


@login_required
@require_POST
def deck_stop(request, pk: int):
    """Stop studying a deck; its cards leave the queue with their schedule and history kept.
    Any id that is not one of the user's decks is the same 404 (another user's, one already
    removed, one that never was), so the answer tells nobody which ids are decks."""
    not_yours = "That is not one of your decks (it may have been removed already)."
    if not 0 < pk <= MAX_ID:  # no deck ever had this id
        raise Http404(not_yours)
    try:
        removal = deck_remove(user=request.user, deck_id=pk)
    except Deck.DoesNotExist as missing:
        raise Http404(not_yours) from missing
    messages.success(request, _removed_message(removal))
    return _see_other(reverse("flashcards_decks"))


@login_required
@require_GET
def cram(request, slug: str):
    """Go through a set's questions in order without touching any schedule."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), slug=slug)
    if refusal := selectors.flashcards_refusal(question_set=question_set, user=request.user):
        raise PermissionDenied(refusal)
    form = CramForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            _template(request, "flashcards/cram.html"),
            {"question_set": question_set, "error": "That card address is not valid."},
            status=400,
        )
    questions = selectors.cram_questions(question_set=question_set, user=request.user)
    n = form.cleaned_data["n"] or 0
    total = questions.count()
    question = questions[n] if n < total else None
    context = {
        "question_set": question_set,
        "n": n,
        "total": total,
        "question": question,
        "cram_next": n + 1,
    }
    # A published question always has its current version.
    if question is not None and question.current_version is not None:
        try:
            context.update(
                _card_context(
                    request,
                    card_snapshot=question.current_version.snapshot,
                    flipped=form.cleaned_data["flip"],
                    shown_at=form.cleaned_data["shown_at"],
                )
            )
        except _BadInput as bad:
            context["error"] = str(bad)
            return render(request, _template(request, "flashcards/cram.html"), context, status=400)
    status = 400 if context.get("answer_error") else 200
    return render(request, _template(request, "flashcards/cram.html"), context, status=status)


@login_required
@require_GET
def stats(request):
    user = request.user
    day = selectors.local_day(user=user)
    context = {
        "day": day,
        "per_day": column_chart(selectors.reviews_per_day(user=user, day=day)),
        "retention": selectors.true_retention(user=user, day=day),
        "by_state": selectors.cards_by_state(user=user),
        "forecast": column_chart(selectors.due_forecast(user=user, day=day)),
    }
    return render(request, "flashcards/stats.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def study_settings(request):
    data = request.POST if request.method == "POST" else None
    form = StudySettingsForm(data, instance=selectors.study_settings_of(user=request.user))
    if request.method == "POST":
        if form.is_valid():
            study_settings_update(user=request.user, **form.cleaned_data)
            messages.success(request, "Study settings saved.")
            return redirect("flashcards_settings")
        status = 400
    else:
        status = 200
    return render(request, "flashcards/settings.html", {"form": form}, status=status)
