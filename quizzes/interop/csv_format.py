"""Questions as CSV: one row per question, columns documented in docs/interop.md.

Lists inside a cell are separated by `|` (a literal bar is written `\\|`);
fill-in answers separate blanks with `||`. Options and accepted answers may start
with a GIFT-style weight, `%50%`. Feedback does not travel in CSV.
"""

import csv
import io
import re
from decimal import Decimal

from quizzes.core.spreadsheets import protect_cell, unprotect_cell
from quizzes.interop.gift import QuestionError, numeric_answer, plain_number, split_weight
from quizzes.interop.parsed import (
    DEFAULT_DIFFICULTY,
    Answer,
    ImportFailed,
    LineError,
    ParsedQuestion,
    ParseResult,
    normalise_weights,
)
from quizzes.questions.models import QuestionType

COLUMNS = ["type", "prompt", "options", "correct", "explanation", "topic", "source quote"]
OPTIONAL = ["difficulty", "unit", "near miss"]
TYPES = {value for value, _ in QuestionType.choices}
BAR = re.compile(r"(?<!\\)\|")
DOUBLE_BAR = re.compile(r"(?<!\\)\|\|")


def split_list(cell: str) -> list[str]:
    cell = cell.strip()
    return [part.strip().replace("\\|", "|") for part in BAR.split(cell)] if cell else []


def join_list(items: list[str]) -> str:
    return " | ".join(str(item).replace("|", "\\|") for item in items)


def _percent(weight: Decimal | None) -> str:
    if weight is None:
        return ""
    value = (weight * 100).quantize(Decimal("0.00001")).normalize()
    return f"%{format(value, 'f') if value != 0 else '0'}%"


def _weighted(items: list[str]) -> list[tuple[Decimal | None, str]]:
    out = []
    for item in items:
        weight, text = split_weight(item)
        out.append((weight, text.strip()))
    return out


def _row_question(row: dict, line: int) -> ParsedQuestion:
    kind = row["type"].strip().lower().replace(" ", "_").replace("-", "_")
    if kind not in TYPES:
        raise QuestionError(f"unknown type “{row['type']}” (one of {', '.join(sorted(TYPES))})")
    q = ParsedQuestion(
        line=line,
        type=kind,
        prompt=row["prompt"].strip(),
        explanation=row.get("explanation", "").strip(),
        topics=split_list(row.get("topic", "")),
        sources=split_list(row.get("source quote", "")),
        sources_required=True,
        unit=row.get("unit", "").strip(),
        near_miss=row.get("near miss", "").strip().lower() in ("1", "true", "yes", "y"),
    )
    difficulty = row.get("difficulty", "").strip()
    if difficulty:
        if difficulty not in ("1", "2", "3"):
            raise QuestionError("difficulty must be 1, 2 or 3")
        q.difficulty = int(difficulty)
    options = row.get("options", "")
    correct = row.get("correct", "")
    if kind in ("single_choice", "multiple_answer"):
        wanted = split_list(correct)
        weighted = _weighted(split_list(options))
        texts = [text for _, text in weighted]
        for text in wanted:
            if text not in texts:
                raise QuestionError(f"the correct answer “{text}” is not one of the options")
        q.answers = [Answer(text=t, correct=t in wanted, weight=w) for w, t in weighted]
    elif kind == "true_false":
        value = correct.strip().lower()
        if value not in ("true", "false", "t", "f"):
            raise QuestionError("a true/false answer is true or false")
        truth = value.startswith("t")
        q.answers = [Answer("True", truth), Answer("False", not truth)]
    elif kind == "short_answer":
        q.answers = [
            Answer(text=t, correct=True, weight=w) for w, t in _weighted(split_list(correct))
        ]
    elif kind == "numeric":
        for weight, text in _weighted(split_list(correct)):
            value, tolerance = numeric_answer(text)
            full = weight is None or weight == 1
            q.answers.append(Answer(plain_number(value), full, weight, tolerance=tolerance))
        main = next((a for a in q.answers if a.correct), None)
        if main is None:
            raise QuestionError("a numeric question needs a value in the correct column")
        q.numeric_value, q.numeric_tolerance = Decimal(main.text), main.tolerance
        if len(q.answers) == 1 and main.weight is None:
            q.answers = []
    elif kind == "ordering":
        q.answers = [Answer(text=t, correct=True) for t in split_list(options)]
    elif kind == "matching":
        for pair in split_list(options):
            left, arrow, right = pair.partition("->")
            if not arrow:
                raise QuestionError(f"the pair “{pair}” needs the form left -> right")
            q.answers.append(Answer(text=left.strip(), match=right.strip(), correct=True))
    elif kind == "fill_blank":
        for number, cell in enumerate(DOUBLE_BAR.split(correct.strip()), start=1):
            q.answers += [Answer(text=t, correct=True, blank=number) for t in split_list(cell)]
    normalise_weights(q)
    return q


def parse_csv(text: str) -> ParseResult:
    """Every row as a question, or ImportFailed naming each bad row's line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    result = ParseResult()
    errors: list[LineError] = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ImportFailed([LineError(1, f"not a readable CSV file ({error})")]) from None
    if header is None:
        raise ImportFailed([LineError(1, "the file is empty")])
    names = [h.strip().lower().replace("_", " ") for h in header]
    missing = [c for c in ("type", "prompt") if c not in names]
    unknown = [h for h in names if h not in COLUMNS + OPTIONAL]
    if missing or unknown:
        problem = []
        if missing:
            problem.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problem.append(f"unknown column(s) {', '.join(unknown)}")
        raise ImportFailed(
            [LineError(1, f"{'; '.join(problem)}; the columns are {', '.join(COLUMNS + OPTIONAL)}")]
        )
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(LineError(line, f"not readable as CSV ({error})"))
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            errors.append(LineError(start, f"{len(cells)} cells where the header has {len(names)}"))
            continue
        try:
            row = dict(zip(names, map(unprotect_cell, cells), strict=True))
            result.questions.append(_row_question(row, start))
        except QuestionError as error:
            errors.append(LineError(start, str(error)))
    if errors:
        raise ImportFailed(errors)
    return result


def _row(q: ParsedQuestion) -> list[str]:
    options, correct = "", ""
    answers = q.answers
    if q.type in ("single_choice", "multiple_answer"):
        options = join_list([_percent(a.weight) + a.text for a in answers])
        correct = join_list([a.text for a in answers if a.correct])
    elif q.type == "true_false":
        right = next((a for a in answers if a.correct), None)
        correct = "true" if right is None or right.text.lower().startswith("t") else "false"
    elif q.type == "short_answer":
        correct = join_list([_percent(a.weight) + a.text for a in answers if a.correct or a.weight])
    elif q.type == "numeric":
        if answers:
            entries = []
            for a in answers:
                weight = a.weight if a.weight is not None or a.correct else Decimal(0)
                entries.append(
                    f"{_percent(weight)}{a.text}:{plain_number(a.tolerance or Decimal(0))}"
                )
            correct = join_list(entries)
        else:
            value, tolerance = q.numeric_value or Decimal(0), q.numeric_tolerance or Decimal(0)
            correct = f"{plain_number(value)}:{plain_number(tolerance)}"
    elif q.type == "ordering":
        options = join_list([a.text for a in answers])
    elif q.type == "matching":
        options = join_list([f"{a.text} -> {a.match}" for a in answers])
    elif q.type == "fill_blank":
        blanks: dict[int, list[str]] = {}
        for a in answers:
            blanks.setdefault(a.blank or 1, []).append(a.text)
        correct = " || ".join(join_list(blanks[n]) for n in sorted(blanks))
    return [
        q.type,
        q.prompt,
        options,
        correct,
        q.explanation,
        join_list(q.topics),
        join_list(q.sources),
        str(q.difficulty) if q.difficulty != DEFAULT_DIFFICULTY else "",
        q.unit,
        "yes" if q.near_miss else "",
    ]


def write_csv(questions: list[ParsedQuestion]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL)
    writer.writerows([protect_cell(cell) for cell in _row(q)] for q in questions)
    return out.getvalue()
