"""Load the hand-written question bank (docs/question-bank-format.md) into the database.

Idempotent: a second load of the same file changes nothing; an edited entry updates
its question, and a new version is recorded only when the content changed. A bank
question whose key is no longer in the file is retired as a teacher's deleted question
is: archived if an attempt drew it (its attempts and scores stay), deleted otherwise.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from quizzes.accounts.models import User
from quizzes.questions.models import (
    Choice,
    Citation,
    Question,
    QuestionSet,
    QuestionType,
    SetItem,
    Topic,
)
from quizzes.questions.services import question_delete_or_archive, question_version_publish
from quizzes.sources.models import Passage

BANK_OWNER = "nato-library"


class BankError(Exception):
    pass


def bank_owner() -> User:
    owner, _ = User.objects.get_or_create(
        username=BANK_OWNER,
        defaults={"role": User.Role.TEACHER, "first_name": "NATO", "last_name": "library"},
    )
    if owner.has_usable_password():
        owner.set_unusable_password()
        owner.save(update_fields=["password"])
    return owner


def choices_from_entry(entry: dict) -> list[dict]:
    """The answer-key rows an entry describes, in the Choice model's terms."""
    kind = entry["type"]
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_ANSWER):
        return [{"text": o["text"], "is_correct": bool(o["correct"])} for o in entry["options"]]
    if kind == QuestionType.TRUE_FALSE:
        return [
            {"text": "True", "is_correct": entry["answer"] is True},
            {"text": "False", "is_correct": entry["answer"] is False},
        ]
    if kind == QuestionType.SHORT_ANSWER:
        return [{"text": text, "is_correct": True} for text in entry["accepted"]]
    if kind == QuestionType.ORDERING:
        return [{"text": text, "is_correct": True} for text in entry["items"]]
    if kind == QuestionType.MATCHING:
        return [
            {"text": left, "match_text": right, "is_correct": True}
            for left, right in entry["pairs"]
        ]
    if kind == QuestionType.FILL_BLANK:
        return [
            {"text": text, "blank": number, "is_correct": True}
            for number, accepted in enumerate(entry["blanks"], start=1)
            for text in accepted
        ]
    if kind == QuestionType.NUMERIC:
        return []
    raise BankError(f"{entry.get('key')}: unknown type {kind!r}")


def find_passage(document: str, quote: str) -> Passage:
    passage = (
        Passage.objects.filter(
            document__file_name=document,
            document__is_current=True,
            document__owner__isnull=True,
            text__contains=quote,
        )
        .order_by("position")
        .first()
    )
    if passage is None:
        raise BankError(f"quote not found in {document}: “{quote[:80]}”")
    return passage


def _key(rows) -> list[tuple]:
    return [
        (r["text"], r.get("is_correct", False), r.get("match_text", ""), r.get("blank"))
        for r in rows
    ]


def upsert_question(entry: dict, *, owner: User, topics: dict[str, Topic]) -> Question:
    kind = entry["type"]
    fields = {
        "type": kind,
        "prompt": entry["prompt"],
        "explanation": entry.get("explanation", ""),
        "difficulty": entry.get("difficulty", 2),
        "status": Question.Status.PUBLISHED,
        "unit": entry.get("unit", ""),
        "near_miss": bool(entry.get("near_miss", False)),
        "numeric_value": Decimal(str(entry["value"])) if kind == QuestionType.NUMERIC else None,
        "numeric_tolerance": Decimal(str(entry.get("tolerance", 0)))
        if kind == QuestionType.NUMERIC
        else None,
    }
    question = Question.objects.filter(key=entry["key"]).first()
    if question is None:
        question = Question.objects.create(key=entry["key"], author=owner, **fields)
    else:
        changed = {
            name: value for name, value in fields.items() if getattr(question, name) != value
        }
        for name, value in changed.items():
            setattr(question, name, value)
        if changed:
            question.save()

    rows = choices_from_entry(entry)
    existing = [
        {"text": c.text, "is_correct": c.is_correct, "match_text": c.match_text, "blank": c.blank}
        for c in question.choices.all()
    ]
    if _key(existing) != _key(rows):
        question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(question=question, position=i, **row) for i, row in enumerate(rows)
        )

    cited = [(find_passage(s["document"], s["quote"]), s["quote"]) for s in entry["sources"]]
    if [(c.passage_id, c.quote) for c in question.citations.all()] != [(p.pk, q) for p, q in cited]:
        question.citations.all().delete()
        Citation.objects.bulk_create(
            Citation(question=question, passage=p, quote=q, position=i)
            for i, (p, q) in enumerate(cited)
        )

    wanted_topics = {topics[slug].pk for slug in entry["topics"]}
    if set(question.topics.values_list("pk", flat=True)) != wanted_topics:
        question.topics.set(wanted_topics)

    try:
        question.full_clean_with_answer_key()
    except ValidationError as error:
        raise BankError(f"{entry['key']}: {'; '.join(error.messages)}") from error
    question_version_publish(question=question)
    return question


@transaction.atomic
def load_question_bank(path: Path) -> dict[str, int]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    owner = bank_owner()
    topics = {}
    for item in data["topics"]:
        topic, _ = Topic.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"]}
        )
        topics[topic.slug] = topic
    questions = {}
    for entry in data["questions"]:
        if entry["key"] in questions:
            raise BankError(f"duplicate question key {entry['key']}")
        questions[entry["key"]] = upsert_question(entry, owner=owner, topics=topics)
    retired = (
        Question.objects.filter(author=owner)
        .exclude(key__in=questions)
        .exclude(status=Question.Status.ARCHIVED)
    )
    retired_count = 0
    for question in retired:
        question_delete_or_archive(question=question)
        retired_count += 1
    for item in data["sets"]:
        question_set, _ = QuestionSet.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "description": item.get("description", ""),
                "owner": owner,
                "status": QuestionSet.Status.PUBLISHED,
                "visibility": QuestionSet.Visibility.PUBLIC,
                "library_status": QuestionSet.Library.APPROVED,  # the shipped library
            },
        )
        wanted = [questions[key].pk for key in item["questions"]]
        current = list(question_set.items.values_list("question_id", flat=True))
        if current != wanted:
            question_set.items.all().delete()
            SetItem.objects.bulk_create(
                SetItem(question_set=question_set, question_id=qid, position=i)
                for i, qid in enumerate(wanted)
            )
    return {
        "topics": len(topics),
        "questions": len(questions),
        "sets": len(data["sets"]),
        "retired": retired_count,
    }
