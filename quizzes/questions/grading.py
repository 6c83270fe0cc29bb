"""Grading: pure functions from a question snapshot and an answer to a score.

A snapshot is what `question_snapshot` records (see questions/services.py); an
answer is the JSON the player stores in Response.answer:

    single_choice, true_false  {"choice": "<choice id>"}
    multiple_answer            {"choices": ["<choice id>", ...]}
    short_answer               {"text": "..."}
    numeric                    {"value": "1949"}   (choices: extra values ± tolerance)
    ordering                   {"order": ["<choice id>", ...]}   (first to last)
    matching                   {"pairs": {"<left choice id>": "<right choice id>"}}
    fill_blank                 {"blanks": {"1": "...", "2": "..."}}

Choice weights (GIFT percentages, a share of the mark, negative allowed) override
the type's default credit where they are set.
"""

import re
import string
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from breame.spelling import get_american_spelling
from rapidfuzz.distance import OSA

# A near miss is a typo: one slip (a letter wrong, missing, extra, or two swapped) in an
# answer of 5 to 9 characters, two in a longer one, never in a digit. A share of the
# length (a similarity ratio) would let a long answer lose a whole word and still pass.
NEAR_MISS_MIN_LENGTH = 5
NEAR_MISS_LONG = 10


@dataclass(frozen=True)
class Grade:
    score: float  # share of the mark, 0 to 1
    correct: bool
    note: str = ""


def _grade(score: float, note: str = "") -> Grade:
    score = max(0.0, min(1.0, score))
    return Grade(score=round(score, 6), correct=score >= 0.999999, note=note)


def normalise(text: str) -> str:
    """Compare text ignoring case, accents, punctuation and spacing."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    punctuation = string.punctuation + "’‘“”–—…"
    cleaned = "".join(" " if c in punctuation else c for c in without_accents.casefold())
    return " ".join(cleaned.split())


# A parenthesised acronym after a name: "Partnership for Peace (PfP)".
PARENTHESISED_ACRONYM = re.compile(r"\s*\(\s*[A-Za-z][A-Za-z.]{1,11}\s*\)")
# A possessive at the end: "Russia's", "Allies’".
TRAILING_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")
LEADING_ARTICLES = ("the", "a", "an")
OPTIONAL_PREFIXES = (("nato", "s"), ("nato",))


def answer_form(text: str) -> str:
    """What a typed answer means, for comparing it with an accepted one: normalised as
    `normalise` does, and also ignoring a leading article, a trailing possessive, a
    parenthesised acronym, an optional "NATO" prefix and British or American spelling
    ("programme" and "program", "defence" and "defense"; breame's word lists).

    Both sides go through it, so an accepted answer written either way matches both."""
    text = PARENTHESISED_ACRONYM.sub("", str(text)).strip()
    text = TRAILING_POSSESSIVE.sub("", text)
    words = normalise(text).split()
    if len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    for prefix in OPTIONAL_PREFIXES:
        if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
            break
    return " ".join(get_american_spelling(word) for word in words)


def _weight(choice: dict, default: float) -> float:
    return float(choice["weight"]) if choice.get("weight") is not None else default


def grade_single_choice(snapshot: dict, answer: dict) -> Grade:
    chosen = answer.get("choice")
    for choice in snapshot["choices"]:
        if choice["id"] == chosen:
            return _grade(_weight(choice, 1.0 if choice["correct"] else 0.0))
    return _grade(0)


def grade_multiple_answer(snapshot: dict, answer: dict) -> Grade:
    chosen = set(answer.get("choices") or [])
    k = sum(1 for c in snapshot["choices"] if c["correct"]) or 1
    total = 0.0
    for choice in snapshot["choices"]:
        if choice["id"] in chosen:
            total += _weight(choice, 1 / k if choice["correct"] else -1 / k)
    return _grade(total)


def grade_short_answer(snapshot: dict, answer: dict) -> Grade:
    given = answer_form(answer.get("text", ""))
    if not given:
        return _grade(0)
    accepted = [c for c in snapshot["choices"] if c["correct"] or _weight(c, 0.0) > 0]
    best = 0.0
    for choice in accepted:
        if answer_form(choice["text"]) == given:
            best = max(best, _weight(choice, 1.0))
    if best > 0 or not snapshot.get("near_miss"):
        return _grade(best)
    for choice in accepted:
        if _is_typo(given, answer_form(choice["text"])):
            return _grade(_weight(choice, 1.0), note=f"Check your spelling: “{choice['text']}”.")
    return _grade(0)


def _is_typo(given: str, target: str) -> bool:
    if min(len(given), len(target)) < NEAR_MISS_MIN_LENGTH:
        return False
    if [c for c in given if c.isdigit()] != [c for c in target if c.isdigit()]:
        return False
    slips = 1 if len(target) < NEAR_MISS_LONG else 2
    return OSA.distance(given, target, score_cutoff=slips) <= slips


# Commas only between groups of three digits ("1,000,000.5"): "1,43" is a decimal comma, and
# reading it as 143 would mark a right answer wrong without saying why.
THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def parse_number(value) -> Decimal | None:
    """A number as typed: "1949", "-2.5", "1,000" or "2.02%" (a percent sign is the unit
    the question asks in); None for anything else, a decimal comma included."""
    text = str(value).strip().removesuffix("%").rstrip()
    if "," in text:
        if not THOUSANDS.fullmatch(text):
            return None
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def grade_numeric(snapshot: dict, answer: dict) -> Grade:
    """Full marks within the main value's tolerance; extra answers (choices) may give
    partial credit. The best matching answer counts."""
    given = parse_number(answer.get("value", ""))
    if given is None:
        return _grade(0)
    best = 0.0
    target = parse_number(snapshot.get("numeric_value"))
    tolerance = parse_number(snapshot.get("numeric_tolerance") or 0) or Decimal(0)
    if target is not None and abs(given - target) <= tolerance:
        best = 1.0
    for choice in snapshot["choices"]:
        value = parse_number(choice["text"])
        margin = parse_number(choice.get("tolerance") or 0) or Decimal(0)
        if value is not None and abs(given - value) <= margin:
            best = max(best, _weight(choice, 1.0 if choice["correct"] else 0.0))
    return _grade(best)


def grade_ordering(snapshot: dict, answer: dict) -> Grade:
    """Share of neighbouring pairs, as the student placed them, in the right relative order."""
    rank = {
        c["id"]: i for i, c in enumerate(sorted(snapshot["choices"], key=lambda c: c["position"]))
    }
    order = [item for item in (answer.get("order") or []) if item in rank]
    if len(order) != len(rank) or len(set(order)) != len(order) or len(order) < 2:
        return _grade(0)
    right = sum(1 for a, b in zip(order, order[1:], strict=False) if rank[a] < rank[b])
    return _grade(right / (len(order) - 1))


def grade_matching(snapshot: dict, answer: dict) -> Grade:
    """Share of left items paired with a right side that matches them.

    A pair is right when the chosen right side has the same text as the item's own, so two
    items sharing a right side (two treaties signed in the same year) are both gradable.
    """
    pairs = answer.get("pairs") or {}
    match_of = {c["id"]: normalise(c["match"]) for c in snapshot["choices"]}
    if not match_of:
        return _grade(0)
    right = sum(
        1
        for left, target in match_of.items()
        if pairs.get(left) in match_of and match_of[pairs[left]] == target
    )
    return _grade(right / len(match_of))


def grade_fill_blank(snapshot: dict, answer: dict) -> Grade:
    blanks = answer.get("blanks") or {}
    accepted: dict[int, set[str]] = {}
    for choice in snapshot["choices"]:
        accepted.setdefault(choice["blank"], set()).add(answer_form(choice["text"]))
    if not accepted:
        return _grade(0)
    right = sum(
        1 for number, texts in accepted.items() if answer_form(blanks.get(str(number), "")) in texts
    )
    return _grade(right / len(accepted))


GRADERS = {
    "single_choice": grade_single_choice,
    "true_false": grade_single_choice,
    "multiple_answer": grade_multiple_answer,
    "short_answer": grade_short_answer,
    "numeric": grade_numeric,
    "ordering": grade_ordering,
    "matching": grade_matching,
    "fill_blank": grade_fill_blank,
}


def grade(snapshot: dict, answer: dict) -> Grade:
    return GRADERS[snapshot["type"]](snapshot, answer)
