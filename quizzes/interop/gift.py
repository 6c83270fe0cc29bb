"""Moodle's GIFT format: a parser and a writer, pure functions over ParsedQuestion.

Mapping (docs/interop.md has the full table):
- `{=a ~b ~c}` single choice; `{~%50%a ~%50%b ~%-100%c}` (no `=`) multiple answer;
  `{T}`/`{F}`/`{TRUE}`/`{FALSE}` true/false; `{=a =b}` short answer; `{=a -> b ...}`
  matching; `{#1949:0}`, `{#2023..2024}`, `{#=1822:0 =%50%1822:2}` numeric;
  `{}` essay (skipped with a warning: the app has no hand-marked type).
- Missing word (text after the braces): a short answer becomes fill_blank with `{1}`
  where the braces were (unless it has partial-credit answers, which only short_answer
  grades); any other type keeps a visible gap `_____` in its prompt.
- `$CATEGORY: a/b` names the topic of the questions after it; `####` is the
  explanation; `#` after an answer is that answer's feedback.
- App-only facts Moodle has no syntax for travel in comments Moodle ignores:
  `// source: <quote>` (one per citation) and `// quizsite: {json}` (type for ordering
  and fill_blank, difficulty, unit, near_miss, further topics).
"""

import html
import json
import re
from decimal import Decimal, InvalidOperation

import markdown
import nh3

from quizzes.interop.parsed import (
    DEFAULT_DIFFICULTY,
    GAP,
    Answer,
    ImportFailed,
    LineError,
    ParsedQuestion,
    ParseResult,
    default_multiple_weight,
    normalise_weights,
)

SPECIAL = "~=#{}:"
# Escaped characters become private-use placeholders while the structure is parsed.
PLACEHOLDER = {c: chr(0xE000 + i) for i, c in enumerate(SPECIAL + "\\")}
RESTORE = {v: k for k, v in PLACEHOLDER.items()}
ESCAPE = re.compile(r"\\([~=#{}:\\n])")
FORMAT_TAG = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
TRUE_FALSE = re.compile(r"^(TRUE|FALSE|T|F)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)
WEIGHT = re.compile(r"^\s*%\s*(-?\d+(?:\.\d+)?)\s*%")
CATEGORY_PREFIX = re.compile(r"^\$(course|system|module|cat\d*)\$/?", re.IGNORECASE)
META_KEYS = {"type", "difficulty", "unit", "near_miss", "topics"}


class QuestionError(Exception):
    """A problem in one question; the parser adds the line number."""


def _hide_escapes(text: str) -> str:
    return ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else PLACEHOLDER[m.group(1)], text)


def _restore(text: str) -> str:
    return "".join(RESTORE.get(c, c) for c in text)


def escape(text: str) -> str:
    """Text written into GIFT with its control characters escaped, on one line."""
    out = str(text).replace("\\", "\\\\")
    for c in SPECIAL:
        out = out.replace(c, "\\" + c)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def html_to_text(value: str) -> str:
    """Sanitise HTML with nh3 and flatten it: questions are stored as plain text."""
    value = nh3.clean(value)
    value = re.sub(r"(?i)<br\s*/?>", "\n", value)
    value = re.sub(r"(?i)</(p|div|li|h[1-6]|tr|blockquote|pre)>", "\n", value)
    value = html.unescape(nh3.clean(value, tags=set()))
    lines = [" ".join(line.split()) for line in value.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _formatted(text: str, fmt: str) -> str:
    if fmt == "html":
        return html_to_text(text)
    if fmt == "markdown":
        return html_to_text(markdown.markdown(text))
    return text


def _number(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        raise QuestionError(f"{what} “{_restore(text.strip())}” is not a number") from None
    if not value.is_finite():
        raise QuestionError(f"{what} “{text.strip()}” is not a number")
    return value


def split_weight(text: str) -> tuple[Decimal | None, str]:
    """Split a leading %n% off an answer: the weight as a share of the mark."""
    match = WEIGHT.match(text)
    if not match:
        return None, text
    percent = Decimal(match.group(1))
    if not -100 <= percent <= 100:
        raise QuestionError(f"the weight %{match.group(1)}% must be between -100 and 100")
    return (percent / 100).quantize(Decimal("0.00001")), text[match.end() :]


def _feedback(text: str) -> tuple[str, str]:
    body, _, feedback = text.partition("#")
    return body.strip(), feedback.strip()


def _split_answers(body: str) -> list[tuple[str, str]]:
    body = body.strip()
    if not body or body[0] not in "~=":
        raise QuestionError(
            "answers must start with = (right) or ~ (wrong); "
            "escape a literal ~ = # { } : with a backslash"
        )
    return [(m.group(1), m.group(2)) for m in re.finditer(r"([~=])([^~=]*)", body)]


def numeric_answer(text: str) -> tuple[Decimal, Decimal]:
    if ".." in text:
        low_text, _, high_text = text.partition("..")
        low, high = _number(low_text, "the range start"), _number(high_text, "the range end")
        if high < low:
            raise QuestionError(f"the range {low}..{high} ends before it starts")
        return (low + high) / 2, (high - low) / 2
    value_text, colon, tolerance_text = text.partition(":")
    value = _number(value_text, "the numeric answer")
    tolerance = _number(tolerance_text, "the tolerance") if colon else Decimal(0)
    if tolerance < 0:
        raise QuestionError("the tolerance cannot be negative")
    return value, tolerance


def plain_number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != 0 else "0"


def _clean_html(question: ParsedQuestion) -> None:
    """An [html] question's other texts are HTML too: sanitised and flattened as its prompt."""
    question.explanation = html_to_text(question.explanation)
    for answer in question.answers:
        answer.feedback = html_to_text(answer.feedback)
        answer.match = html_to_text(answer.match)
        text = html_to_text(answer.text)
        if answer.text.strip() and not text:
            raise QuestionError(
                f"the answer “{answer.text[:60]}” has no text once its HTML is cleaned"
            )
        answer.text = text


def _parse_numeric(question: ParsedQuestion, body: str) -> None:
    question.type = "numeric"
    body = body.strip()
    entries = _split_answers(body) if body[:1] in ("=", "~") else [("=", body)]
    answers = []
    for marker, raw in entries:
        weight, rest = split_weight(raw)
        text, feedback = _feedback(rest)
        if not text:
            raise QuestionError("a numeric answer is empty")
        value, tolerance = numeric_answer(text)
        if marker == "~" and weight is None:
            weight = Decimal(0)
        correct = marker == "=" and (weight is None or weight == 1)
        answers.append(
            Answer(
                text=plain_number(value),
                correct=correct,
                weight=weight,
                feedback=_restore(feedback),
                tolerance=tolerance,
            )
        )
    main = next((a for a in answers if a.correct), None)
    if main is None:
        raise QuestionError("a numeric question needs one fully right answer (=value)")
    question.numeric_value = Decimal(main.text)
    question.numeric_tolerance = main.tolerance
    simple = len(answers) == 1 and not main.feedback and main.weight is None
    question.answers = [] if simple else answers


def _parse_choices(question: ParsedQuestion, body: str) -> None:
    entries = _split_answers(body)
    markers = {marker for marker, _ in entries}
    pairs = ["->" in raw for _, raw in entries]
    if markers == {"="} and any(pairs):
        if not all(pairs):
            raise QuestionError("every matching pair needs the form =left -> right")
        question.type = "matching"
        for _, raw in entries:
            text, feedback = _feedback(raw)
            left, _, right = text.partition("->")
            question.answers.append(
                Answer(text=_restore(left.strip()), match=_restore(right.strip()), correct=True)
            )
        return
    if markers == {"="}:
        question.type = "short_answer"
    else:
        question.type = "single_choice" if "=" in markers else "multiple_answer"
    for marker, raw in entries:
        weight, rest = split_weight(raw)
        text, feedback = _feedback(rest)
        if not text:
            raise QuestionError("an answer is empty")
        if question.type == "multiple_answer":
            weight = Decimal(0) if weight is None else weight
            correct = weight > 0
        elif question.type == "short_answer":
            correct = True
        else:
            correct = marker == "=" and (weight is None or weight == 1)
        question.answers.append(
            Answer(text=_restore(text), correct=correct, weight=weight, feedback=_restore(feedback))
        )


def _parse_true_false(question: ParsedQuestion, match: re.Match) -> None:
    question.type = "true_false"
    value = match.group(1).upper().startswith("T")
    feedbacks = (match.group(2) or "").split("#")[1:]
    wrong_feedback = feedbacks[0].strip() if feedbacks else ""
    right_feedback = feedbacks[1].strip() if len(feedbacks) > 1 else ""
    question.answers = [
        Answer(
            text=label,
            correct=correct,
            feedback=_restore(right_feedback if correct else wrong_feedback),
        )
        for label, correct in (("True", value), ("False", not value))
    ]


def _apply_meta(question: ParsedQuestion, meta: dict, before: str, after: str) -> None:
    unknown = set(meta) - META_KEYS
    if unknown:
        raise QuestionError(f"unknown // quizsite: keys {', '.join(sorted(unknown))}")
    if "difficulty" in meta:
        if meta["difficulty"] not in (1, 2, 3):
            raise QuestionError("difficulty must be 1, 2 or 3")
        question.difficulty = meta["difficulty"]
    question.unit = str(meta.get("unit", ""))
    question.near_miss = bool(meta.get("near_miss", False))
    if "topics" in meta:
        question.topics = [str(t) for t in meta["topics"]]
    wanted = meta.get("type")
    if wanted is None or wanted == question.type:
        return
    if wanted == "ordering" and question.type == "matching":
        try:
            ranked = sorted(question.answers, key=lambda a: int(a.text))
        except ValueError:
            raise QuestionError("an ordering question lists its items as =1 -> item") from None
        question.type = "ordering"
        question.answers = [Answer(text=a.match, correct=True) for a in ranked]
        return
    if wanted == "fill_blank" and question.type == "matching":
        try:
            question.answers = [
                Answer(text=a.match, correct=True, blank=int(a.text)) for a in question.answers
            ]
        except ValueError:
            raise QuestionError("a fill-in question lists its answers as =blank -> text") from None
        question.type = "fill_blank"
        return
    if wanted == "fill_blank" and question.type == "short_answer":
        question.type = "fill_blank"
        question.prompt = (before + "{1}" + after).strip()
        for a in question.answers:
            a.blank = 1
        return
    raise QuestionError(f"cannot read these answers as a {wanted} question")


def parse_question(
    text: str, *, line: int, category: str, comments: list[str]
) -> ParsedQuestion | None:
    """One question block (comments already removed); None for an essay."""
    text = _hide_escapes(text).strip()
    question = ParsedQuestion(line=line, type="", prompt="", topics=[category] if category else [])
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise QuestionError("the title is not closed with ::")
        question.title = _restore(text[2:end]).strip()
        text = text[end + 2 :].strip()
    fmt = "moodle"
    tag = FORMAT_TAG.match(text)
    if tag:
        fmt = tag.group(1).lower()
        text = text[tag.end() :]
    start = text.find("{")
    if start < 0:
        raise QuestionError("no answer block {…} (a text without answers is not a question)")
    end = text.find("}", start)
    if end < 0:
        raise QuestionError("the answer block is not closed with }")
    before, body, after = text[:start], text[start + 1 : end], text[end + 1 :]
    if "{" in body or "{" in after or "}" in after or "}" in before:
        raise QuestionError("more than one answer block; escape a literal brace as \\{ or \\}")
    before, after = _restore(before), _restore(after)
    if fmt in ("html", "markdown"):
        before = _formatted(before, fmt) + " "
        after = (" " + _formatted(after, fmt)) if after.strip() else ""
    body, _, general = body.partition("####")
    question.explanation = _restore(general).strip()
    stripped = body.strip()
    if not stripped:
        return None
    true_false = TRUE_FALSE.match(stripped)
    if stripped.startswith("#"):
        _parse_numeric(question, stripped[1:])
    elif true_false:
        _parse_true_false(question, true_false)
    else:
        _parse_choices(question, stripped)
    if fmt == "html":
        _clean_html(question)
    full_credit = all(a.weight in (None, 1) for a in question.answers)
    if after.strip() and question.type == "short_answer" and full_credit:
        question.type = "fill_blank"
        question.prompt = (before + "{1}" + after).strip()
        for a in question.answers:
            a.blank = 1
    elif after.strip():
        question.prompt = (before + GAP + after).strip()
    else:
        question.prompt = before.strip()
    for comment in comments:
        key, _, value = comment.partition(":")
        if key.strip().lower() == "source" and value.strip():
            question.sources.append(value.strip())
        elif key.strip().lower() == "quizsite":
            try:
                meta = json.loads(value)
            except ValueError:
                raise QuestionError("the // quizsite: comment is not valid JSON") from None
            if not isinstance(meta, dict):
                raise QuestionError("the // quizsite: comment must be a JSON object")
            _apply_meta(question, meta, before, after)
    if not question.prompt:
        raise QuestionError("the question has no text")
    if question.type == "multiple_answer" and not any(a.correct for a in question.answers):
        raise QuestionError("a multiple-answer question needs an answer with a positive weight")
    normalise_weights(question)
    return question


def _blocks(text: str):
    """Yield (first line number, category, comments, block text) for each question."""
    category = ""
    lines: list[str] = []
    comments: list[str] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("//"):
            comments.append(line[2:].strip())
            continue
        if line.upper().startswith("$CATEGORY:"):
            if lines:
                yield first, category, comments, "\n".join(lines)
                lines, comments = [], []
            category = CATEGORY_PREFIX.sub("", line[len("$CATEGORY:") :].strip()).strip("/ ")
            comments = []
            continue
        if not line:
            if lines:
                yield first, category, comments, "\n".join(lines)
            lines, comments = [], []
            continue
        if not lines:
            first = number
        lines.append(raw)
    if lines:
        yield first, category, comments, "\n".join(lines)


def parse_gift(text: str) -> ParseResult:
    """Every question of a GIFT file, or ImportFailed listing every malformed one."""
    result = ParseResult()
    errors: list[LineError] = []
    for line, category, comments, block in _blocks(text.lstrip("\ufeff")):
        try:
            question = parse_question(block, line=line, category=category, comments=comments)
        except QuestionError as error:
            errors.append(LineError(line, str(error)))
            continue
        if question is None:
            result.warnings.append(
                f"Line {line}: essay question skipped (the app has no hand-marked questions)."
            )
            continue
        result.questions.append(question)
    if errors:
        raise ImportFailed(errors)
    return result


# Writing


def _percent(weight: Decimal) -> str:
    value = (Decimal(weight) * 100).quantize(Decimal("0.00001")).normalize()
    return f"%{format(value, 'f') if value != 0 else '0'}%"


def _option(marker: str, answer: Answer, weight: Decimal | None) -> str:
    out = marker + (_percent(weight) if weight is not None else "") + escape(answer.text)
    return out + (f"#{escape(answer.feedback)}" if answer.feedback else "")


def _answer_block(question: ParsedQuestion) -> str:
    kind = question.type
    answers = question.answers
    if kind == "single_choice":
        parts = [_option("=" if a.correct else "~", a, a.weight) for a in answers]
    elif kind == "multiple_answer":
        k = sum(1 for a in answers if a.correct)
        parts = [
            _option("~", a, a.weight if a.weight is not None else default_multiple_weight(a, k))
            for a in answers
        ]
    elif kind == "true_false":
        right = next((a for a in answers if a.correct), Answer("True", True))
        wrong = next((a for a in answers if not a.correct), Answer("False"))
        parts = ["T" if right.text.lower().startswith("t") else "F"]
        if wrong.feedback or right.feedback:
            parts[0] += f"#{escape(wrong.feedback)}"
        if right.feedback:
            parts[0] += f"#{escape(right.feedback)}"
    elif kind in ("short_answer", "fill_blank") and all(a.blank in (None, 1) for a in answers):
        parts = [_option("=", a, a.weight) for a in answers if a.correct or a.weight]
    elif kind == "fill_blank":
        parts = [f"={a.blank} -> {escape(a.text)}" for a in answers]
    elif kind == "numeric":
        if answers:
            parts = [
                ("=" if a.correct else "~")
                + (_percent(a.weight) if a.weight is not None else "")
                + f"{a.text}:{plain_number(a.tolerance or Decimal(0))}"
                + (f"#{escape(a.feedback)}" if a.feedback else "")
                for a in answers
            ]
            parts[0] = "#" + parts[0]
        else:
            value = plain_number(question.numeric_value or Decimal(0))
            parts = [f"#{value}:{plain_number(question.numeric_tolerance or Decimal(0))}"]
    elif kind == "matching":
        parts = [f"={escape(a.text)} -> {escape(a.match)}" for a in answers]
    elif kind == "ordering":
        parts = [f"={i} -> {escape(a.text)}" for i, a in enumerate(answers, start=1)]
    else:
        raise ValueError(f"no GIFT form for {kind}")
    block = " ".join(parts)
    if question.explanation:
        block += f" ####{escape(question.explanation)}"
    return "{" + block + "}"


def _meta(question: ParsedQuestion) -> dict:
    meta: dict = {}
    if question.type in ("ordering", "fill_blank"):
        meta["type"] = question.type
    if question.difficulty != DEFAULT_DIFFICULTY:
        meta["difficulty"] = question.difficulty
    if question.unit:
        meta["unit"] = question.unit
    if question.near_miss:
        meta["near_miss"] = True
    if len(question.topics) > 1:
        meta["topics"] = question.topics
    return meta


def write_question(question: ParsedQuestion) -> str:
    lines = [f"// source: {' '.join(quote.split())}" for quote in question.sources]
    meta = _meta(question)
    if meta:
        lines.append(f"// quizsite: {json.dumps(meta, ensure_ascii=False)}")
    title = f"::{escape(question.title)}::" if question.title else ""
    prompt = question.prompt
    block = _answer_block(question)
    single_blank = question.type == "fill_blank" and all(a.blank == 1 for a in question.answers)
    marker = "{1}" if single_blank else (GAP if question.type != "fill_blank" else None)
    if marker and prompt.count(marker) == 1 and prompt.split(marker)[1].strip():
        before, after = prompt.split(marker)
        body = f"{escape(before)}{block}{escape(after)}"
    elif single_blank and prompt.count("{1}") == 1:
        body = f"{escape(prompt.split('{1}')[0])}{block}"
    else:
        body = f"{escape(prompt)} {block}"
    if body.startswith(("//", "[", "$")):
        body = "[plain]" + body
    lines.append(f"{title}{body}")
    return "\n".join(lines)


def write_gift(questions: list[ParsedQuestion], *, heading: str = "") -> str:
    """A GIFT file; `$CATEGORY:` lines carry each question's first topic."""
    out = [f"// {' '.join(heading.split())}", ""] if heading else []
    category = ""
    for question in questions:
        topic = question.topics[0] if question.topics else ""
        if topic != category:
            out += [f"$CATEGORY: {topic}", ""]
            category = topic
        out += [write_question(question), ""]
    return "\n".join(out)
