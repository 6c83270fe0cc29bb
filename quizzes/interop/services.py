"""Saving parsed questions: validated all together first, then bulk inserted at once.

The preview and the import run the same checks (`import_plan`), so what the preview
promises is what the import does; the import is one transaction, all or nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils.text import slugify

from quizzes.accounts.models import User
from quizzes.interop.parsed import ImportFailed, LineError, ParsedQuestion, ParseResult
from quizzes.questions.models import (
    Choice,
    Citation,
    Question,
    QuestionSet,
    QuestionVersion,
    SetItem,
    Topic,
    validate_answer_key,
)
from quizzes.questions.services import question_snapshot, unique_set_slug
from quizzes.sources.models import Passage

KEY_LENGTH = 80


@dataclass
class PlannedQuestion:
    parsed: ParsedQuestion
    question: Question
    choices: list[Choice]
    citations: list[tuple[Passage, str]]
    # The topics it will be filed under: a name in the file matches an existing topic by
    # name in any case or by slug ("founding of nato" and "Founding" file under "Founding
    # of NATO"), so the preview says which.
    topic_names: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    questions: list[PlannedQuestion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_topics: list[str] = field(default_factory=list)

    @property
    def type_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.questions:
            label = item.question.get_type_display()
            counts[label] = counts.get(label, 0) + 1
        return counts


@dataclass
class ImportSummary:
    questions: list[Question]
    question_set: QuestionSet | None
    warnings: list[str]


def _passage_for(quote: str, cache: dict[str, Passage | None]) -> Passage | None:
    if quote not in cache:
        cache[quote] = (
            Passage.objects.filter(
                document__is_current=True, document__owner__isnull=True, text__contains=quote
            )
            .order_by("document__file_name", "position")
            .first()
        )
    return cache[quote]


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return "; ".join(error.messages)


def _plan_question(parsed: ParsedQuestion, passages: dict) -> tuple[PlannedQuestion, list[str]]:
    """Model objects for one parsed question, validated; raises ValidationError."""
    question = Question(
        key="pending",
        type=parsed.type,
        prompt=parsed.prompt,
        explanation=parsed.explanation,
        difficulty=parsed.difficulty,
        status=Question.Status.PUBLISHED,
        numeric_value=parsed.numeric_value,
        numeric_tolerance=parsed.numeric_tolerance,
        unit=parsed.unit,
        near_miss=parsed.near_miss,
    )
    choices = [
        Choice(
            question=question,
            position=position,
            text=answer.text,
            is_correct=answer.correct,
            weight=answer.weight,
            match_text=answer.match,
            blank=answer.blank,
            tolerance=answer.tolerance,
            feedback=answer.feedback,
        )
        for position, answer in enumerate(parsed.answers)
    ]
    question.full_clean(
        exclude=["key", "author", "current_version"],
        validate_unique=False,
        validate_constraints=False,
    )
    for choice in choices:
        choice.full_clean(exclude=["question", "public_id"], validate_unique=False)
    validate_answer_key(question, choices)
    citations, warnings = [], []
    for quote in parsed.sources:
        passage = _passage_for(quote, passages)
        if passage is not None:
            citations.append((passage, quote))
        elif parsed.sources_required:
            raise ValidationError(f"the source quote “{quote[:80]}” is not in any current passage")
        else:
            warnings.append(
                f"Line {parsed.line}: source “{quote[:60]}” not found in the sources; "
                "imported without a citation."
            )
    # A question the file cites no passage for is the teacher's own: lists say "no source".
    question.no_source = not citations
    return PlannedQuestion(parsed, question, choices, citations), warnings


def import_plan(*, parsed: ParseResult) -> ImportPlan:
    """Check every question without writing; ImportFailed lists every problem by line."""
    plan = ImportPlan(warnings=list(parsed.warnings))
    errors: list[LineError] = []
    passages: dict[str, Passage | None] = {}
    for item in parsed.questions:
        try:
            planned, warnings = _plan_question(item, passages)
        except ValidationError as error:
            errors.append(LineError(item.line, _messages(error)))
            continue
        plan.questions.append(planned)
        plan.warnings += warnings
    if not parsed.questions and not errors:
        errors.append(LineError(1, "the file contains no questions"))
    if errors:
        raise ImportFailed(errors)
    known, new = _topics_for(_topic_names(parsed.questions))
    plan.new_topics = sorted(set(new.values()))
    for planned in plan.questions:
        planned.topic_names = list(
            dict.fromkeys(
                known[name].name if name in known else new[name] for name in planned.parsed.topics
            )
        )
    return plan


def _topic_names(questions: list[ParsedQuestion]) -> list[str]:
    """Every topic name in the file, once, in the order first met."""
    return list(dict.fromkeys(name for item in questions for name in item.topics))


def _topic_slug(name: str) -> str:
    return slugify(name.replace("/", " "))[:80] or "topic"


def _topics_for(names: list[str]) -> tuple[dict[str, Topic], dict[str, str]]:
    """Where each topic name in the file is filed: `known` maps a name to the existing topic
    it matches, `new` maps every other name to the name of the topic the import creates.

    Names match regardless of case ("founding of nato" is "Founding of NATO"; the exact
    spelling wins if both exist), else by slug ("Founding" is the topic whose slug is
    "founding"). Names new to the site that differ only in case make one topic, spelled as
    the file first spells it.
    """
    if not names:
        return {}, {}
    slugs = {_topic_slug(name) for name in names}
    lowered = {name.lower() for name in names}
    by_name: dict[str, list[Topic]] = {}
    by_slug: dict[str, Topic] = {}
    # Lower() narrows the rows (in one IN list, however many names); casefold() decides.
    candidates = (
        Topic.objects.annotate(lower_name=Lower("name"))
        .filter(Q(lower_name__in=lowered) | Q(slug__in=slugs))
        .order_by("pk")
    )
    for candidate in candidates:
        by_name.setdefault(candidate.name.casefold(), []).append(candidate)
        by_slug[candidate.slug] = candidate
    known: dict[str, Topic] = {}
    new: dict[str, str] = {}
    spelling: dict[str, str] = {}  # casefolded name -> the new topic's name
    for name in names:
        same = by_name.get(name.casefold(), [])
        topic = next((t for t in same if t.name == name), None) or (
            same[0] if same else by_slug.get(_topic_slug(name))
        )
        if topic is not None:
            known[name] = topic
        else:
            new[name] = spelling.setdefault(name.casefold(), name)
    return known, new


def _unique(base: str, taken: set[str], length: int) -> str:
    base = base[:length].strip("-") or "item"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = base[: length - len(suffix)].strip("-") + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _unused_title(title: str, *, owner: User) -> str:
    """`title`, or "title (2)", "title (3)"…: the same file imported twice (its name is the
    default title) would otherwise give the teacher two sets they cannot tell apart."""
    taken = set(
        QuestionSet.objects.filter(owner=owner, title__startswith=title).values_list(
            "title", flat=True
        )
    )
    candidate, n = title, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate = title[: 200 - len(suffix)] + suffix
        n += 1
    return candidate


@transaction.atomic
def questions_import(
    *, parsed: ParseResult, owner: User, set_name: str | None = None
) -> ImportSummary:
    """Create every parsed question, published and authored by `owner`, in bulk.

    Keys come from the GIFT title (or the prompt), made unique; a set is created
    (private to the owner) when `set_name` is given.
    """
    plan = import_plan(parsed=parsed)
    topics, new = _topics_for(_topic_names(parsed.questions))
    spellings = sorted(set(new.values()))
    taken_slugs = set(Topic.objects.values_list("slug", flat=True)) if spellings else set()
    created = Topic.objects.bulk_create(
        [
            Topic(slug=_unique(_topic_slug(name), taken_slugs, 80), name=name[:120])
            for name in spellings
        ]
    )
    by_spelling = dict(zip(spellings, created, strict=True))
    topics |= {name: by_spelling[spelling] for name, spelling in new.items()}

    taken = set(Question.objects.values_list("key", flat=True))
    questions = []
    for item in plan.questions:
        base = slugify(item.parsed.title or item.parsed.prompt[:KEY_LENGTH]) or "question"
        item.question.key = _unique(base, taken, KEY_LENGTH)
        item.question.author = owner
        questions.append(item.question)
    Question.objects.bulk_create(questions)
    Choice.objects.bulk_create(
        [choice for item in plan.questions for choice in item.choices], batch_size=500
    )
    citations = {
        item.question.pk: [
            Citation(question=item.question, passage=passage, quote=quote, position=position)
            for position, (passage, quote) in enumerate(item.citations)
        ]
        for item in plan.questions
    }
    Citation.objects.bulk_create([c for rows in citations.values() for c in rows], batch_size=500)
    through = Question.topics.through
    through.objects.bulk_create(
        [
            through(question_id=item.question.pk, topic_id=topic_id)
            for item in plan.questions
            for topic_id in dict.fromkeys(topics[name].pk for name in item.parsed.topics)
        ],
        batch_size=500,
    )

    # Version 1 of every question, as question_version_publish would record it, from the
    # rows just inserted (saves reading them back).
    versions = QuestionVersion.objects.bulk_create(
        [
            QuestionVersion(
                question=item.question,
                number=1,
                snapshot=question_snapshot(
                    item.question, choices=item.choices, citations=citations[item.question.pk]
                ),
            )
            for item in plan.questions
        ],
        batch_size=500,
    )
    first_version = QuestionVersion.objects.filter(question=OuterRef("pk"), number=1)
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(
        current_version=Subquery(first_version.values("pk")[:1])
    )
    by_question = {version.question_id: version for version in versions}
    for question in questions:
        question.current_version = by_question[question.pk]

    question_set = None
    if set_name:
        question_set = QuestionSet.objects.create(
            slug=unique_set_slug(slugify(set_name) or "imported"),
            title=_unused_title(set_name[:200], owner=owner),
            owner=owner,
            status=QuestionSet.Status.PUBLISHED,
            visibility=QuestionSet.Visibility.PRIVATE,
        )
        SetItem.objects.bulk_create(
            [
                SetItem(question_set=question_set, question=question, position=position)
                for position, question in enumerate(questions)
            ],
            batch_size=500,
        )
    return ImportSummary(questions=questions, question_set=question_set, warnings=plan.warnings)
