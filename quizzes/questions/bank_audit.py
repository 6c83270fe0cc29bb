"""Figures about the shipped question bank (fixtures/question_bank.json), read from its JSON.

The bank tests assert them and `manage.py audit_question_bank` prints them, so a bank that
regresses (keys stored first, true/false keyed true, one sentence quizzed over and over,
a question answering another in its set) fails the suite instead of a later audit.
Pure functions of the bank's data and the documents' texts: no database.
"""

import re
from collections import Counter, defaultdict
from pathlib import Path

from quizzes.questions.grading import answer_form, normalise
from quizzes.sources.ingest import parse_document

# Sets that gather questions from every topic; every question also belongs to a topical one.
REVIEW_SETS = frozenset({"full-review"})
RECALL_TYPES = frozenset({"short_answer", "numeric", "fill_blank"})
CHOICE_TYPES = ("single_choice", "multiple_answer")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'])|\n+")
# A typed answer shorter than this ("US") is found inside too many unrelated words to say
# that another question shows it.
MIN_ANSWER_LENGTH = 3
BLANK = re.compile(r"\{\d+\}")


def topical_sets(bank: dict) -> list[dict]:
    return [s for s in bank["sets"] if s["slug"] not in REVIEW_SETS]


def orphans(bank: dict) -> list[str]:
    placed = {key for s in topical_sets(bank) for key in s["questions"]}
    return [q["key"] for q in bank["questions"] if q["key"] not in placed]


def false_share(bank: dict) -> float:
    keys = [q["answer"] for q in bank["questions"] if q["type"] == "true_false"]
    return sum(1 for answer in keys if answer is False) / len(keys)


def correct_positions(bank: dict, kind: str) -> Counter:
    """How often the correct option is stored at each position (1-based); for multiple
    answer, the position of the first correct option."""
    return Counter(
        next(i for i, o in enumerate(q["options"], start=1) if o["correct"])
        for q in bank["questions"]
        if q["type"] == kind
    )


def longest_is_correct_share(bank: dict, kind: str) -> float:
    """Share of questions whose single longest option is a correct one."""
    questions = [q for q in bank["questions"] if q["type"] == kind]
    hits = 0
    for q in questions:
        lengths = sorted((len(o["text"]), o["correct"]) for o in q["options"])
        if lengths[-1][1] and lengths[-1][0] > lengths[-2][0]:
            hits += 1
    return hits / len(questions)


def hard_questions_per_set(bank: dict) -> dict[str, int]:
    difficulty = {q["key"]: q["difficulty"] for q in bank["questions"]}
    return {
        s["slug"]: sum(1 for key in s["questions"] if difficulty[key] == 3)
        for s in topical_sets(bank)
    }


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a passage."""
    spans, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def document_passages(seeds_dir: Path) -> dict[str, list[str]]:
    return {
        path.name: [p.text for p in parse_document(path.read_text(encoding="utf-8")).passages]
        for path in sorted(Path(seeds_dir).glob("*.txt"))
    }


def cited_sentences(quote: str, passages: list[str]) -> list[str]:
    """The sentences of the passage a quote lies in that the quote touches."""
    for text in passages:
        at = text.find(quote)
        if at >= 0:
            end = at + len(quote)
            return [text[a:b].strip() for a, b in sentences(text) if a < end and b > at]
    return []


def questions_per_sentence(bank: dict, documents: dict[str, list[str]]) -> Counter:
    counts: Counter = Counter()
    for q in bank["questions"]:
        touched = {
            (source["document"], sentence)
            for source in q["sources"]
            for sentence in cited_sentences(source["quote"], documents[source["document"]])
        }
        counts.update(touched)
    return counts


def sentence_uses_per_set(bank: dict, documents: dict[str, list[str]]) -> dict[str, Counter]:
    """Per topical set, how many of its questions cite each sentence: the closest measure of
    how often a set tests one fact."""
    by_key = {q["key"]: q for q in bank["questions"]}
    uses = {}
    for question_set in topical_sets(bank):
        counts: Counter = Counter()
        for key in question_set["questions"]:
            counts.update(
                {
                    (s["document"], sentence)
                    for s in by_key[key]["sources"]
                    for sentence in cited_sentences(s["quote"], documents[s["document"]])
                }
            )
        uses[question_set["slug"]] = counts
    return uses


def shown_texts(question: dict) -> list[str]:
    """What a student sees before answering: the prompt and every option, item or pair."""
    texts = [BLANK.sub("___", question["prompt"])]
    texts += [o["text"] for o in question.get("options", [])]
    texts += question.get("items", [])
    texts += [side for pair in question.get("pairs", []) for side in pair]
    return texts


def recall_answers(question: dict) -> list[str]:
    """The answers a recall question expects a student to produce from memory."""
    if question["type"] == "numeric":
        return [format(question["value"], "g")]
    if question["type"] == "short_answer":
        return question["accepted"]
    if question["type"] == "fill_blank":
        return [text for blank in question["blanks"] for text in blank]
    return []


def _shows(answer: str, text: str) -> bool:
    if re.fullmatch(r"[\d.]+", answer.strip()):
        number = re.escape(answer.strip())
        return bool(re.search(rf"(?<![\d.]){number}(?!\.?\d)", text))
    wanted = answer_form(answer)
    if len(wanted) < MIN_ANSWER_LENGTH:
        return False
    return f" {wanted} " in f" {answer_form(text)} " or f" {wanted} " in f" {normalise(text)} "


def giveaways(bank: dict) -> list[tuple[str, str, str, str]]:
    """(set, recall question, answer, question showing it) for each recall question whose
    answer another question of the same topical set shows before it is answered."""
    by_key = {q["key"]: q for q in bank["questions"]}
    found = []
    for question_set in topical_sets(bank):
        keys = question_set["questions"]
        for key in keys:
            for answer in recall_answers(by_key[key]):
                for other in keys:
                    if other != key and any(_shows(answer, t) for t in shown_texts(by_key[other])):
                        found.append((question_set["slug"], key, answer, other))
    return found


def redundant_accepted_answers(bank: dict) -> list[tuple[str, str]]:
    """Accepted answers that grading already treats as an earlier one of the same list."""
    redundant = []
    for q in bank["questions"]:
        lists = [q.get("accepted", [])] + q.get("blanks", [])
        for accepted in lists:
            seen = set()
            for text in accepted:
                form = answer_form(text)
                if form in seen:
                    redundant.append((q["key"], text))
                seen.add(form)
    return redundant


def uncovered_passages(
    bank: dict, documents: dict[str, list[str]], left_out: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Passages that no question cites and that are not listed as left out on purpose
    (by document and the passage's opening words)."""
    cited = defaultdict(set)
    for q in bank["questions"]:
        for source in q["sources"]:
            for index, text in enumerate(documents[source["document"]]):
                if source["quote"] in text:
                    cited[source["document"]].add(index)
    missing = []
    for document, passages in documents.items():
        for index, text in enumerate(passages):
            if index in cited[document]:
                continue
            if any(document == d and text.startswith(opening) for d, opening in left_out):
                continue
            missing.append((document, text[:80]))
    return missing


LEFT_OUT_ROW = re.compile(r"^\|\s*`(\d{3}_[0-9a-f]+\.txt)`\s*\|\s*“([^”]+)…?”\s*\|", re.MULTILINE)


def left_out_passages(format_doc: str) -> list[tuple[str, str]]:
    """(document, opening words) of each row of the left-out table in
    docs/question-bank-format.md."""
    return [(d, opening.rstrip("…")) for d, opening in LEFT_OUT_ROW.findall(format_doc)]


def figures(bank: dict, documents: dict[str, list[str]]) -> dict:
    per_sentence = questions_per_sentence(bank, documents)
    per_set = sentence_uses_per_set(bank, documents)
    figures = {
        "questions": len(bank["questions"]),
        "per_type": dict(Counter(q["type"] for q in bank["questions"])),
        "true_false_keyed_false": round(false_share(bank), 3),
        "orphans": orphans(bank),
        "hard_per_set": hard_questions_per_set(bank),
        "most_questions_per_sentence": max(per_sentence.values()),
        "most_uses_of_a_sentence_in_a_set": max(max(c.values()) for c in per_set.values()),
        "giveaways": len(giveaways(bank)),
        "redundant_accepted_answers": len(redundant_accepted_answers(bank)),
    }
    for kind in CHOICE_TYPES:
        positions = correct_positions(bank, kind)
        total = sum(positions.values())
        figures[f"{kind}_correct_positions"] = dict(sorted(positions.items()))
        figures[f"{kind}_largest_position_share"] = round(max(positions.values()) / total, 3)
        figures[f"{kind}_longest_is_correct"] = round(longest_is_correct_share(bank, kind), 3)
    return figures


ANSWER_FIELDS = ("options", "answer", "accepted", "blanks", "pairs", "items", "value", "tolerance")


def _changed_fields(old: dict, new: dict) -> list[str]:
    names = [name for name in ANSWER_FIELDS if old.get(name) != new.get(name)]
    if "options" in names and sorted(map(str, old["options"])) == sorted(map(str, new["options"])):
        names[names.index("options")] = "option order"
    if old["sources"] != new["sources"]:
        names.append("sources")
    if old["difficulty"] != new["difficulty"]:
        names.append(f"difficulty {old['difficulty']} → {new['difficulty']}")
    return names


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def changes_note(old: dict, new: dict, format_doc: str) -> str:
    """docs/question-bank-changes.md: each rewritten, replaced, retired and added question
    between two versions of the bank, and the passages left out on purpose."""
    old_q = {q["key"]: q for q in old["questions"]}
    new_q = {q["key"]: q for q in new["questions"]}
    replaced_by = {q["replaces"]: q["key"] for q in new["questions"] if q.get("replaces")}
    lines = [
        "# Question bank changes (issue 27)",
        "",
        "Generated by `manage.py audit_question_bank --changes-from OLD.json --note "
        "docs/question-bank-changes.md` from the bank before and after; do not edit by hand.",
        "",
        f"Questions: {len(old_q)} → {len(new_q)}.",
        "",
        "## Rewritten in place (same key)",
        "",
        "| key | old stem | new stem | also changed |",
        "| --- | --- | --- | --- |",
    ]
    for key, before in old_q.items():
        after = new_q.get(key)
        if after is None:
            continue
        changed = _changed_fields(before, after)
        if before["prompt"] != after["prompt"] or changed:
            new_stem = after["prompt"] if after["prompt"] != before["prompt"] else "(unchanged)"
            lines.append(
                f"| `{key}` | {_cell(before['prompt'])} | {_cell(new_stem)} | "
                f"{', '.join(changed) or '–'} |"
            )
    lines += [
        "",
        "## Replaced (old key retired, new question in its place)",
        "",
        "Acronym and word-order giveaways, and repeats of the most-quoted sentences (the Finland "
        "and Sweden years, the spending figures, the Innovation Fund), gave way to questions on "
        "facts that had none.",
        "",
        "| old key | old stem | new key | new stem |",
        "| --- | --- | --- | --- |",
    ]
    for old_key, new_key in replaced_by.items():
        lines.append(
            f"| `{old_key}` | {_cell(old_q[old_key]['prompt'])} | `{new_key}` | "
            f"{_cell(new_q[new_key]['prompt'])} |"
        )
    retired = [k for k in old_q if k not in new_q and k not in replaced_by]
    if retired:
        lines += ["", "## Retired without replacement", ""]
        lines += [f"- `{k}`: {old_q[k]['prompt']}" for k in retired]
    added = [k for k in new_q if k not in old_q and not new_q[k].get("replaces")]
    lines += ["", f"## Added ({len(added)})", ""]
    lines += [f"- `{k}`: {new_q[k]['prompt']}" for k in added]
    section = format_doc.split("## Passages left out on purpose", 1)[-1]
    lines += ["", "## Passages left out on purpose", section.rstrip()]
    return "\n".join(lines) + "\n"
