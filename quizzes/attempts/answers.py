"""Between the browser and grading.py: POST data to answer JSON, and what each widget shows.

Nothing here touches the database. Option ids in the page are Choice public ids (random
UUIDs, never the pk or a correctness flag). The right-hand side of a matching question
gets per-attempt tokens instead, because its values would otherwise equal the left item's
id and give the pairs away. The answer JSON shapes are those documented in grading.py.
"""

import random
import re

from django.utils.crypto import salted_hmac

from quizzes.questions.grading import answer_form, normalise, parse_number
from quizzes.questions.models import BLANK_PATTERN

MAX_TEXT = 500
MAX_BLANK = 200
MAX_NUMBER = 40
CHOICE_KINDS = {"single_choice", "true_false", "multiple_answer"}


class AnswerInvalid(ValueError):
    """The posted answer cannot be graded; the message tells the student why."""


def right_token(attempt_id: int, choice_id: str) -> str:
    """An opaque, per-attempt name for the right side of a matching pair.

    It starts with a letter: about one digest in 12,000 begins with twenty decimal digits,
    which the input boundary (quizsite/boundary.py) reads as a number beyond 64 bits and
    refuses, so such a match could never be chosen."""
    digest = salted_hmac("quizzes.attempts.match", f"{attempt_id}:{choice_id}", algorithm="sha256")
    return "m" + digest.hexdigest()[:20]


def blank_numbers(snapshot: dict) -> list[int]:
    return [int(n) for n in BLANK_PATTERN.findall(snapshot["prompt"])]


def _ids(snapshot: dict) -> list[str]:
    return [c["id"] for c in snapshot["choices"]]


def right_sides(snapshot: dict) -> list[str]:
    """One choice id per distinct right-hand text (the grader compares texts)."""
    seen: dict[str, str] = {}
    for choice in snapshot["choices"]:
        seen.setdefault(normalise(choice["match"]), choice["id"])
    return list(seen.values())


def option_order_for(snapshot: dict, *, shuffle: bool, rng: random.Random) -> dict:
    """The order the options are shown in, drawn once per attempt and stored with it.

    Ordering items and matching right sides are always shuffled (their stored order is the
    answer); an ordering list is never shown already in the right order.
    """
    kind = snapshot["type"]
    ids = _ids(snapshot)
    if kind == "true_false":
        # A fixed, familiar order: True first, whatever order the author typed them in.
        by_text = {c["id"]: normalise(c["text"]) for c in snapshot["choices"]}
        return {"order": sorted(ids, key=lambda i: by_text[i] != "true")}
    if kind == "ordering":
        correct = [c["id"] for c in sorted(snapshot["choices"], key=lambda c: c["position"])]
        order = ids[:]
        rng.shuffle(order)
        if order == correct and len(order) > 1:
            order = order[1:] + order[:1]
        return {"order": order}
    order = ids[:]
    if shuffle and kind in CHOICE_KINDS | {"matching"}:
        rng.shuffle(order)
    if kind == "matching":
        right = right_sides(snapshot)
        rng.shuffle(right)
        return {"order": order, "right": right}
    return {"order": order}


def stored_order(snapshot: dict, order: dict | None, attempt_id: int) -> dict:
    """The attempt's stored option order, or for an attempt without one a shuffle seeded by
    its id (stable across reloads, and never the answer key's own order)."""
    if order and order.get("order"):
        return order
    return option_order_for(snapshot, shuffle=True, rng=random.Random(attempt_id))


def move_item(order: list[str], move: str) -> list[str]:
    """Apply a "move up" / "move down" button ("up:<id>" or "down:<id>") to an order."""
    direction, _, item = move.partition(":")
    if direction not in {"up", "down"} or item not in order:
        raise AnswerInvalid("That item cannot be moved.")
    order = order[:]
    i = order.index(item)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    return order


def _number(value, *, unit: str) -> str:
    """A number as typed, without the question's unit if the student typed it too ("2.02%"
    when asked in %, so "2.02" is kept and shown as "2.02 %", not "2.02% %"); a percent
    sign where the question asks for none is refused, as is a decimal comma."""
    value = _text(value, limit=MAX_NUMBER, what="the number")
    unit = unit.strip()
    if unit and value.casefold().endswith(unit.casefold()):
        value = value[: -len(unit)].rstrip()
    if not value or "%" in value or parse_number(value) is None:
        # No example value: "such as 1949" would answer "In which year was NATO founded?".
        raise AnswerInvalid(
            "Please enter a number in digits, with a point, not a comma, before any "
            "decimals" + (f"; the unit, {unit}, is already given." if unit else ".")
        )
    return value


def _text(value, *, limit: int, what: str) -> str:
    """A text field of the answer; `what` names it in messages ("the answer", "blank 2")."""
    if not isinstance(value, str):
        raise AnswerInvalid(f"{what[:1].upper()}{what[1:]} must be text.")
    value = value.strip()
    if not value:
        raise AnswerInvalid(f"Please fill in {what}.")
    if len(value) > limit:
        raise AnswerInvalid(
            f"{what[:1].upper()}{what[1:]} is too long (at most {limit} characters)."
        )
    return value


def validate_answer(snapshot: dict, answer) -> dict:
    """Check an answer's shape against the question; return it cleaned or raise AnswerInvalid."""
    kind = snapshot["type"]
    ids = _ids(snapshot)
    if not isinstance(answer, dict):
        raise AnswerInvalid("The answer is malformed.")
    if kind in {"single_choice", "true_false"}:
        choice = answer.get("choice")
        if choice not in ids:
            raise AnswerInvalid("Please choose one of the options.")
        return {"choice": choice}
    if kind == "multiple_answer":
        chosen = answer.get("choices")
        if not isinstance(chosen, list) or not chosen:
            raise AnswerInvalid("Please choose at least one option.")
        if len(set(chosen)) != len(chosen) or any(c not in ids for c in chosen):
            raise AnswerInvalid("Those options do not belong to this question.")
        return {"choices": [c for c in ids if c in chosen]}
    if kind == "short_answer":
        return {"text": _text(answer.get("text"), limit=MAX_TEXT, what="the answer")}
    if kind == "numeric":
        return {"value": _number(answer.get("value"), unit=snapshot.get("unit", ""))}
    if kind == "ordering":
        order = answer.get("order")
        if not isinstance(order, list) or sorted(order) != sorted(ids):
            raise AnswerInvalid("Please put every item in order, each once.")
        return {"order": order}
    if kind == "matching":
        pairs = answer.get("pairs")
        if not isinstance(pairs, dict) or set(pairs) != set(ids):
            raise AnswerInvalid("Please choose a match for every item.")
        if any(value not in ids for value in pairs.values()):
            raise AnswerInvalid("Those matches do not belong to this question.")
        return {"pairs": {left: pairs[left] for left in ids}}
    if kind == "fill_blank":
        blanks = answer.get("blanks")
        numbers = [str(n) for n in blank_numbers(snapshot)]
        if not isinstance(blanks, dict) or set(blanks) != set(numbers):
            raise AnswerInvalid("Please fill in every blank.")
        return {
            "blanks": {n: _text(blanks[n], limit=MAX_BLANK, what=f"blank {n}") for n in numbers}
        }
    raise AnswerInvalid("This question type cannot be answered here.")


def is_blank(snapshot: dict, data) -> bool:
    """Whether the student gave nothing at all (an exam lets them skip a question)."""
    kind = snapshot["type"]
    if kind in {"single_choice", "true_false"}:
        return not data.get("choice")
    if kind == "multiple_answer":
        return not data.getlist("choices")
    if kind == "short_answer":
        return not data.get("text", "").strip()
    if kind == "numeric":
        return not data.get("value", "").strip()
    if kind == "ordering":
        return not data.getlist("order")
    if kind == "matching":
        return not any(data.get(f"match-{left}") for left in _ids(snapshot))
    return not any(data.get(f"blank-{n}", "").strip() for n in blank_numbers(snapshot))


def parse_answer(snapshot: dict, data, *, order: dict, attempt_id: int) -> dict:
    """Turn the widget's POST fields into the answer JSON, validated."""
    kind = snapshot["type"]
    if kind in {"single_choice", "true_false"}:
        answer: dict = {"choice": data.get("choice")}
    elif kind == "multiple_answer":
        answer = {"choices": data.getlist("choices")}
    elif kind == "short_answer":
        answer = {"text": data.get("text", "")}
    elif kind == "numeric":
        answer = {"value": data.get("value", "")}
    elif kind == "ordering":
        answer = {"order": data.getlist("order")}
    elif kind == "matching":
        rights = stored_order(snapshot, order, attempt_id).get("right", [])
        by_token = {right_token(attempt_id, cid): cid for cid in rights}
        pairs = {}
        for left in _ids(snapshot):
            token = data.get(f"match-{left}", "")
            if not token:
                raise AnswerInvalid("Please choose a match for every item.")
            if token not in by_token:
                raise AnswerInvalid("Those matches do not belong to this question.")
            pairs[left] = by_token[token]
        answer = {"pairs": pairs}
    elif kind == "fill_blank":
        answer = {"blanks": {str(n): data.get(f"blank-{n}", "") for n in blank_numbers(snapshot)}}
    else:
        raise AnswerInvalid("This question type cannot be answered here.")
    return validate_answer(snapshot, answer)


def draft_answer(snapshot: dict, data, *, order: dict, attempt_id: int) -> dict:
    """The posted fields as an answer, unvalidated: a refused answer is shown back as the
    student gave it (half a matching, one blank of two), not wiped. Unknown ids are dropped
    by the widget; texts are cut to their fields' sizes."""
    kind = snapshot["type"]
    if kind in {"single_choice", "true_false"}:
        return {"choice": data.get("choice", "")}
    if kind == "multiple_answer":
        return {"choices": data.getlist("choices")}
    if kind == "short_answer":
        return {"text": data.get("text", "")[:MAX_TEXT]}
    if kind == "numeric":
        return {"value": data.get("value", "")[:MAX_NUMBER]}
    if kind == "ordering":
        posted = data.getlist("order")
        return {"order": posted} if sorted(posted) == sorted(_ids(snapshot)) else {}
    if kind == "matching":
        rights = stored_order(snapshot, order, attempt_id).get("right", [])
        by_token = {right_token(attempt_id, cid): cid for cid in rights}
        pairs = {left: by_token.get(data.get(f"match-{left}", "")) for left in _ids(snapshot)}
        return {"pairs": {left: right for left, right in pairs.items() if right}}
    if kind == "fill_blank":
        return {
            "blanks": {
                str(n): data.get(f"blank-{n}", "")[:MAX_BLANK] for n in blank_numbers(snapshot)
            }
        }
    return {}


def widget(
    snapshot: dict, *, order: dict, attempt_id: int, answer: dict | None, draft: list | None = None
) -> dict:
    """What the template needs to draw the question's controls, with any saved answer filled in.

    Carries texts and opaque ids only: no correctness, no positions.
    """
    kind = snapshot["type"]
    answer = answer or {}
    order = stored_order(snapshot, order, attempt_id)
    text_of = {c["id"]: c["text"] for c in snapshot["choices"]}
    shown = [i for i in order.get("order", []) if i in text_of] or _ids(snapshot)
    if kind in CHOICE_KINDS:
        chosen = set(answer.get("choices") or []) | {answer.get("choice")}
        return {"options": [{"id": i, "text": text_of[i], "checked": i in chosen} for i in shown]}
    if kind == "ordering":
        current = draft or answer.get("order") or shown
        return {"items": [{"id": i, "text": text_of[i]} for i in current if i in text_of]}
    if kind == "matching":
        pairs = answer.get("pairs") or {}
        match_of = {c["id"]: c["match"] for c in snapshot["choices"]}
        rights = [i for i in order.get("right", []) if i in match_of] or right_sides(snapshot)
        token = {i: right_token(attempt_id, i) for i in rights}
        by_text = {normalise(match_of[i]): i for i in rights}
        return {
            "lefts": [
                {
                    "id": i,
                    "text": text_of[i],
                    "selected": token.get(by_text.get(normalise(match_of.get(pairs.get(i), ""))))
                    if i in pairs
                    else "",
                }
                for i in shown
            ],
            "rights": [{"token": token[i], "text": match_of[i]} for i in rights],
        }
    if kind == "fill_blank":
        blanks = answer.get("blanks") or {}
        parts = re.split(BLANK_PATTERN, snapshot["prompt"])
        segments = []
        for n, part in enumerate(parts):
            if n % 2:
                # A blank's label carries the words before it: tabbing from blank to blank,
                # a screen reader says where each one is in the sentence.
                segments.append(
                    {
                        "blank": int(part),
                        "value": blanks.get(part, ""),
                        "before": " ".join(parts[n - 1].split()[-5:]),
                        "of": len(parts) // 2,
                    }
                )
            elif part:
                segments.append({"text": part})
        return {"segments": segments}
    if kind == "numeric":
        return {"value": answer.get("value", ""), "unit": snapshot.get("unit", "")}
    return {"value": answer.get("text", "")}


def prompt_with_gaps(prompt: str) -> str:
    """A prompt as read outside the player: fill-in blanks shown as numbered gaps
    ("____ (1)") rather than {1}, matching describe_answer's and describe_correct's
    "Blank 1: …" lines. The student's result, the teacher's review and weak spots use it."""
    return BLANK_PATTERN.sub(r"____ (\1)", prompt)


def describe_answer(snapshot: dict, answer: dict | None) -> list[str]:
    """The student's answer in words, one line per part."""
    if not answer:
        return []
    kind = snapshot["type"]
    text_of = {c["id"]: c["text"] for c in snapshot["choices"]}
    if kind in {"single_choice", "true_false"}:
        return [text_of.get(answer.get("choice"), "")]
    if kind == "multiple_answer":
        return [text_of[c] for c in answer.get("choices", []) if c in text_of]
    if kind == "short_answer":
        return [answer.get("text", "")]
    if kind == "numeric":
        return [" ".join(filter(None, [answer.get("value", ""), snapshot.get("unit", "")]))]
    if kind == "ordering":
        return [f"{n}. {text_of[c]}" for n, c in enumerate(answer.get("order", []), 1)]
    if kind == "matching":
        match_of = {c["id"]: c["match"] for c in snapshot["choices"]}
        return [
            f"{text_of[left]} → {match_of.get(right, '')}"
            for left, right in (answer.get("pairs") or {}).items()
            if left in text_of
        ]
    if kind == "fill_blank":
        return [f"Blank {n}: {value}" for n, value in (answer.get("blanks") or {}).items()]
    return []


def describe_correct(snapshot: dict) -> list[str]:
    """The right answer in words, for feedback and review when the reveal rule allows."""
    kind = snapshot["type"]
    choices = snapshot["choices"]
    if kind in CHOICE_KINDS:
        return [c["text"] for c in choices if c["correct"]]
    if kind == "short_answer":
        # The first accepted answer is the canonical one; the rest are alternatives.
        accepted = [c["text"] for c in choices if c["correct"]]
        also = [f"Also accepted: {', '.join(accepted[1:])}"] if len(accepted) > 1 else []
        return accepted[:1] + also
    if kind == "numeric":
        value = snapshot.get("numeric_value") or ""
        tolerance = snapshot.get("numeric_tolerance")
        unit = f" {snapshot['unit']}" if snapshot.get("unit") else ""
        if tolerance and parse_number(tolerance):
            return [f"{value}{unit} (± {tolerance})"]
        return [f"{value}{unit}"]
    if kind == "ordering":
        ordered = sorted(choices, key=lambda c: c["position"])
        return [f"{n}. {c['text']}" for n, c in enumerate(ordered, 1)]
    if kind == "matching":
        return [f"{c['text']} → {c['match']}" for c in choices]
    if kind == "fill_blank":
        by_blank: dict[int, list[str]] = {}
        for choice in choices:
            by_blank.setdefault(choice["blank"], []).append(choice["text"])
        return [f"Blank {n}: {' or '.join(texts)}" for n, texts in sorted(by_blank.items())]
    return []


# --- Practice feedback, marked in place ---------------------------------------------------
# Each mark is an icon, a word and a state (the colour): readable without CSS and without
# colour. Only drawn once the answer is saved (the page before it carries no correctness).

RIGHT, WRONG, MISSED, GIVEN = "right", "wrong", "missed", "given"
ICONS = {RIGHT: "✓", WRONG: "✗", MISSED: "→", GIVEN: "•"}


def _mark(state: str, word: str) -> dict:
    return {"state": state, "icon": ICONS[state], "word": word}


def _choice_feedback(snapshot: dict, widget: dict, *, detail: bool, revealed: bool) -> dict:
    correct = {c["id"] for c in snapshot["choices"] if c["correct"]}
    options = []
    for option in widget["options"]:
        mark = None
        if option["checked"]:
            right = option["id"] in correct
            if detail:
                mark = _mark(RIGHT, "Correct") if right else _mark(WRONG, "Your answer")
            else:
                mark = _mark(GIVEN, "Your answer")
        elif revealed and option["id"] in correct:
            mark = _mark(MISSED, "Correct answer")
        options.append({**option, "mark": mark})
    return {**widget, "options": options}


def _ordering_feedback(snapshot: dict, widget: dict, *, detail: bool, revealed: bool) -> dict:
    ordered = sorted(snapshot["choices"], key=lambda c: c["position"])
    rank = {c["id"]: n for n, c in enumerate(ordered)}
    items = []
    for n, item in enumerate(widget["items"]):
        mark = None
        if detail:
            at = rank.get(item["id"])
            if at == n:
                mark = _mark(RIGHT, "Right place")
            elif at is not None:
                mark = _mark(WRONG, f"Belongs at {at + 1}" if revealed else "Wrong place")
        items.append({**item, "mark": mark})
    return {**widget, "items": items}


def _matching_feedback(
    snapshot: dict, widget: dict, answer: dict, *, detail: bool, revealed: bool
) -> dict:
    match_of = {c["id"]: c["match"] for c in snapshot["choices"]}
    pairs = answer.get("pairs") or {}
    lefts = []
    for left in widget["lefts"]:
        mark, expected = None, ""
        if detail:
            chosen = match_of.get(pairs.get(left["id"]), "")
            if normalise(chosen) == normalise(match_of.get(left["id"], "")):
                mark = _mark(RIGHT, "Correct")
            else:
                mark = _mark(WRONG, "Your answer")
                expected = match_of.get(left["id"], "") if revealed else ""
        lefts.append({**left, "mark": mark, "expected": expected})
    return {**widget, "lefts": lefts}


def _blank_feedback(snapshot: dict, widget: dict, *, detail: bool, revealed: bool) -> dict:
    accepted: dict[int, list[str]] = {}
    for choice in snapshot["choices"]:
        accepted.setdefault(choice["blank"], []).append(choice["text"])
    segments = []
    for segment in widget["segments"]:
        if "blank" in segment and detail:
            texts = accepted.get(segment["blank"], [])
            if answer_form(segment["value"]) in {answer_form(t) for t in texts}:
                segment = {**segment, "mark": _mark(RIGHT, "Correct")}
            else:
                expected = " or ".join(texts) if revealed else ""
                segment = {**segment, "mark": _mark(WRONG, "Your answer"), "expected": expected}
        segments.append(segment)
    return {**widget, "segments": segments}


def feedback(
    snapshot: dict, widget: dict, answer: dict | None, *, correct: bool, revealed: bool
) -> dict:
    """Practice feedback in place: `widget` (what the controls show) with a mark on each
    option, item, pair or blank, and for typed answers the answer given and the accepted
    ones. Where the answers are kept back (`revealed` false) an answer fully right is still
    marked right part by part, and a single choice's one option is marked as the whole
    answer is; otherwise a part says only "Your answer", since marking parts would tell the
    key piece by piece. "Correct answer" appears only when the answer was not fully right.

    Returns the marked widget under "widget", and "given" / "accepted" lines (typed
    answers) and "order" (an ordering's right order, numbered once by its list)."""
    kind = snapshot["type"]
    answer = answer or {}
    show_key = revealed and not correct
    detail = revealed or correct or kind in {"single_choice", "true_false"}
    result: dict = {"widget": widget, "given": [], "accepted": [], "order": []}
    if kind in CHOICE_KINDS:
        result["widget"] = _choice_feedback(snapshot, widget, detail=detail, revealed=show_key)
    elif kind == "ordering":
        result["widget"] = _ordering_feedback(snapshot, widget, detail=detail, revealed=revealed)
        if show_key:
            ordered = sorted(snapshot["choices"], key=lambda c: c["position"])
            result["order"] = [c["text"] for c in ordered]
    elif kind == "matching":
        result["widget"] = _matching_feedback(
            snapshot, widget, answer, detail=detail, revealed=revealed
        )
    elif kind == "fill_blank":
        result["widget"] = _blank_feedback(snapshot, widget, detail=detail, revealed=revealed)
    else:  # short answer, numeric: the answer given, and what is accepted
        state = _mark(RIGHT, "Correct") if correct else _mark(WRONG, "Your answer")
        result["given"] = [
            {"text": line, "mark": state} for line in describe_answer(snapshot, answer)
        ]
        if show_key:
            result["accepted"] = describe_correct(snapshot)
    return result
