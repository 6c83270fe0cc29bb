"""Build POST data for the player as a browser would send it."""

from django.urls import reverse

from quizzes.attempts.answers import blank_numbers, right_token
from quizzes.attempts.models import Attempt
from quizzes.questions.models import QuestionVersion


def snapshot_at(attempt: Attempt, index: int) -> dict:
    question_id = attempt.question_ids[index]
    return QuestionVersion.objects.get(pk=attempt.versions[str(question_id)]).snapshot


def answer_post(attempt: Attempt, index: int, *, correct: bool = True, **extra) -> dict:
    """The form fields answering question `index` rightly (or wrongly)."""
    snap = snapshot_at(attempt, index)
    kind = snap["type"]
    choices = snap["choices"]
    data: dict = {"q": str(index + 1), **extra}
    if kind in {"single_choice", "true_false"}:
        data["choice"] = next(c["id"] for c in choices if c["correct"] == correct)
    elif kind == "multiple_answer":
        data["choices"] = [c["id"] for c in choices if c["correct"] == correct]
    elif kind == "short_answer":
        data["text"] = choices[0]["text"] if correct else "nothing like it"
    elif kind == "numeric":
        data["value"] = snap["numeric_value"] if correct else "-12345"
    elif kind == "ordering":
        ordered = [c["id"] for c in sorted(choices, key=lambda c: c["position"])]
        data["order"] = ordered if correct else ordered[::-1]
    elif kind == "matching":
        rights = attempt.option_order[str(attempt.question_ids[index])]["right"]
        by_text = {next(c["match"] for c in choices if c["id"] == r): r for r in rights}
        lefts = [c["id"] for c in choices]
        targets = [by_text[c["match"]] for c in choices]
        if not correct:
            targets = targets[1:] + targets[:1]
        for left, target in zip(lefts, targets, strict=True):
            data[f"match-{left}"] = right_token(attempt.pk, target)
    elif kind == "fill_blank":
        for n in blank_numbers(snap):
            accepted = next(c["text"] for c in choices if c["blank"] == n)
            data[f"blank-{n}"] = accepted if correct else "wrong"
    return data


def answer_url(attempt: Attempt) -> str:
    """Where the answer form posts: a practice answer is checked, an exam's saved and the
    next question shown."""
    name = "attempt_answer" if attempt.mode == "exam" else "attempt_check"
    return reverse(name, args=[attempt.pk])


def go_url(attempt: Attempt) -> str:
    """An exam's navigation: save the answer on screen, go to `to`."""
    return reverse("attempt_go", args=[attempt.pk])


def clear_url(attempt: Attempt) -> str:
    return reverse("attempt_clear", args=[attempt.pk])


def reorder_url(attempt: Attempt) -> str:
    return reverse("attempt_reorder", args=[attempt.pk])
