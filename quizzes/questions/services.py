"""Writes to questions: snapshots that pin what students were graded on."""

import logging
import re
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from quizzes.accounts.models import User
from quizzes.questions.models import (
    PLAYER_SETTINGS,
    Choice,
    Citation,
    Question,
    QuestionSet,
    QuestionType,
    QuestionVersion,
    SetItem,
    Topic,
    publish_problems,
)
from quizzes.questions.selectors import (
    classes_assigned,
    question_in_attempts,
    set_attempt_counts,
    shared_items,
)
from quizzes.questions.signals import set_item_added, set_out_of_sight
from quizzes.sources.ingest import IngestReport, given_titles, ingest_file
from quizzes.sources.models import Document, Passage

logger = logging.getLogger(__name__)


def _number(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def question_snapshot(
    question: Question,
    *,
    choices: list[Choice] | None = None,
    citations: list[Citation] | None = None,
) -> dict:
    """Everything needed to show and grade the question, as plain JSON. An importer that
    has just created the question's choices and citations passes them, saving reading
    them back."""
    if choices is None:
        choices = list(question.choices.all())
    if citations is None:
        citations = list(question.citations.all())
    return {
        "type": question.type,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "unit": question.unit,
        "near_miss": question.near_miss,
        "numeric_value": _number(question.numeric_value),
        "numeric_tolerance": _number(question.numeric_tolerance),
        "choices": [
            {
                "id": str(choice.public_id),
                "text": choice.text,
                "correct": choice.is_correct,
                "weight": _number(choice.weight),
                "match": choice.match_text,
                "blank": choice.blank,
                "position": choice.position,
                "tolerance": _number(choice.tolerance),
                "feedback": choice.feedback,
            }
            for choice in choices
        ],
        "citations": [
            {
                "id": citation.pk,
                "public_id": str(citation.public_id),  # its address: citation_url
                "quote": citation.quote,
                "passage_id": citation.passage_id,
            }
            for citation in citations
        ],
    }


@transaction.atomic
def question_version_publish(*, question: Question) -> QuestionVersion:
    """Record the question's current content as a version, unless it is unchanged."""
    snapshot = question_snapshot(question)
    current = question.current_version
    if current is not None and current.snapshot == snapshot:
        return current
    version = QuestionVersion.objects.create(
        question=question,
        number=(current.number + 1) if current else 1,
        snapshot=snapshot,
    )
    question.current_version = version
    question.save(update_fields=["current_version", "updated_at"])
    return version


# --- Authoring -------------------------------------------------------------------------


def new_question_key() -> str:
    return f"q-{uuid.uuid4().hex[:16]}"


# Set slugs no title may take: "new" would be shadowed by /workspace/sets/new/, and
# weak-spots-<user id> and mistakes-<user id> are kept for that user's own practice sets
# (weak_spots_slug, mistakes_slug).
RESERVED_SET_SLUGS = frozenset({"new"})
PERSONAL_SET_SLUG = re.compile(r"(?:weak-spots|mistakes)-\d+")


def weak_spots_slug(user: User) -> str:
    return f"weak-spots-{user.pk}"


def mistakes_slug(user: User) -> str:
    return f"mistakes-{user.pk}"


@transaction.atomic
def weak_spots_set_save(*, owner: User, questions: list[Question] | None) -> QuestionSet:
    """The student's own practice set of their weak spots ("My progress"), made if new and
    held to its settings: one per student (slug `weak_spots_slug`, which no title can
    take), private, practice, published, answers shown at once, untimed and unlimited.
    Its items become `questions`, in order (None: left as they are, while an attempt at
    it is under way). Locked until the caller's transaction ends.

    Only its owner sees it, so only their deck can hold it: the caller adds their cards
    for the new questions in one `deck_add` (no `set_item_added` per question)."""
    return _personal_set_save(
        owner=owner,
        slug=weak_spots_slug(owner),
        title="My weak spots",
        description="Questions you answered wrongly most often lately.",
        questions=questions,
    )


@transaction.atomic
def mistakes_set_save(*, owner: User, title: str, questions: list[Question]) -> QuestionSet:
    """The student's own practice set of the questions they did not get fully right in
    one attempt (the result page's "Practise my mistakes"): one per student (slug
    `mistakes_slug`), held to the settings of the weak-spots set, its title naming the
    set the mistakes came from and its items replaced by `questions`, in order."""
    return _personal_set_save(
        owner=owner,
        slug=mistakes_slug(owner),
        title=f"My mistakes: {title}"[: QuestionSet._meta.get_field("title").max_length],
        description="The questions you did not get fully right in your last attempt.",
        questions=questions,
        retitle=True,
    )


def _personal_set_save(
    *,
    owner: User,
    slug: str,
    title: str,
    description: str,
    questions: list[Question] | None,
    retitle: bool = False,
) -> QuestionSet:
    squatter = QuestionSet.objects.filter(slug=slug).exclude(owner=owner).first()
    if squatter is not None:
        # Only a set made before the slug was reserved, or named so in the admin, holds
        # it: that set moves to a slug of its own rather than blocking the student.
        logger.warning("Set %s moved off the reserved slug %s", squatter.pk, slug)
        squatter.slug = unique_set_slug(squatter.title)
        squatter.save(update_fields=["slug"])
    question_set, _ = QuestionSet.objects.select_for_update().get_or_create(
        slug=slug, owner=owner, defaults={"title": title, "description": description}
    )
    if retitle:
        question_set.title = title
        question_set.description = description
    question_set.status = QuestionSet.Status.PUBLISHED
    question_set.visibility = QuestionSet.Visibility.PRIVATE
    question_set.mode = QuestionSet.Mode.PRACTICE
    question_set.reveal = QuestionSet.Reveal.IMMEDIATELY
    question_set.draw_count = None
    question_set.attempts_allowed = None
    question_set.time_limit_minutes = None
    question_set.save()
    if questions is not None:
        question_set.items.all().delete()
        SetItem.objects.bulk_create(
            SetItem(question_set=question_set, question=question, position=position)
            for position, question in enumerate(questions)
        )
    return question_set


def unique_set_slug(title: str) -> str:
    """The one maker of slugs for the sets the app names (new sets, copies, imports): free,
    and never one reserved above, so no title can take another user's feature's set."""
    base = slugify(title)[:100].strip("-") or "set"
    slug = base
    while (
        slug in RESERVED_SET_SLUGS
        or PERSONAL_SET_SLUG.fullmatch(slug)
        or QuestionSet.objects.filter(slug=slug).exists()
    ):
        slug = f"{base}-{uuid.uuid4().hex[:6]}"
    return slug


@transaction.atomic
def question_save(
    *,
    question: Question,
    author: User,
    fields: dict,
    topics: list[Topic],
    choices: list[Choice] | None,
    citation: tuple[Passage, str] | None,
    publish: bool,
) -> Question:
    """Save the editor's content and record a version if anything changed.

    Choices keep their public ids when they are kept (matched by `public_id`), so option
    statistics stay comparable across versions. `choices=None` (a numeric question: the
    editor edits its main value only) keeps the other accepted values an import brought,
    with their partial credit, unless the question was of another type until now.
    Responses keep the version they were graded on: versions are new rows, never edited.
    Publishing needs a topic and a citation, or `no_source` (ValidationError otherwise);
    a cited question is never marked as having no source.
    """
    is_new = question.pk is None
    no_source = bool(fields.get("no_source")) and citation is None  # a cited one has a source
    fields = {**fields, "no_source": no_source}
    if publish and (
        problems := publish_problems(
            topic_count=len(topics), cited=citation is not None, no_source=no_source
        )
    ):
        raise ValidationError(problems)
    if choices is None:
        # Numeric, from the editor: keep the other accepted values the question had (its
        # main value's row goes, or it would still give full marks once the value is
        # edited); a question of another type until now keeps none of its rows.
        was = None if is_new else Question.objects.get(pk=question.pk)
        kept = was.numeric_alternatives() if was and was.type == QuestionType.NUMERIC else []
        choices = kept  # `_choices_replace` finds each by its public id and keeps it
    for name, value in fields.items():
        setattr(question, name, value)
    if is_new:
        question.key = new_question_key()
        question.author = author
    if publish:
        question.status = Question.Status.PUBLISHED
    elif is_new:
        question.status = Question.Status.DRAFT
    # Otherwise the status stays: a published question is never quietly unpublished out
    # of the sets students take.
    if question.type != QuestionType.NUMERIC:
        question.numeric_value = question.numeric_tolerance = None
    question.save()
    question.topics.set(topics)

    _choices_replace(question, choices, is_new=is_new)

    first = question.citations.first() if not is_new else None
    if citation is None:
        if first is not None:
            first.delete()
    else:
        passage, quote = citation
        if first is None:
            Citation.objects.create(question=question, passage=passage, quote=quote, position=0)
        elif (first.passage_id, first.quote) != (passage.pk, quote):
            first.passage = passage
            first.quote = quote
            first.save()
    question_version_publish(question=question)
    return question


def _choices_replace(question: Question, choices: list[Choice], *, is_new: bool) -> None:
    """Make the question's answer rows these, keeping a row (and its public id) that the
    editor sent back with its id."""
    existing = {str(c.public_id): c for c in question.choices.all()} if not is_new else {}
    kept: set[str] = set()
    for position, choice in enumerate(choices):
        current = existing.get(str(choice.public_id)) if choice.public_id else None
        if current is not None and str(current.public_id) not in kept:
            kept.add(str(current.public_id))
            target = current
        else:
            target = Choice(question=question)
        target.position = position
        target.text = choice.text
        target.is_correct = choice.is_correct
        target.match_text = choice.match_text
        target.blank = choice.blank
        target.weight = choice.weight
        target.tolerance = choice.tolerance
        target.save()
        kept.add(str(target.public_id))
    question.choices.exclude(public_id__in=list(kept)).delete()


@transaction.atomic
def question_duplicate(
    *, question: Question, author: User, status: str = Question.Status.DRAFT
) -> Question:
    """A copy owned by `author` (a draft unless told), with its own answer key,
    citations and version."""
    topics = list(question.topics.all())
    choices = list(question.choices.all())
    citations = list(question.citations.all())
    copy = Question.objects.create(
        key=new_question_key(),
        type=question.type,
        prompt=question.prompt,
        explanation=question.explanation,
        difficulty=question.difficulty,
        status=status,
        author=author,
        numeric_value=question.numeric_value,
        numeric_tolerance=question.numeric_tolerance,
        unit=question.unit,
        near_miss=question.near_miss,
        no_source=question.no_source,
    )
    copy.topics.set(topics)
    Choice.objects.bulk_create(choice_copy(choice=c, question=copy) for c in choices)
    Citation.objects.bulk_create(
        Citation(question=copy, passage_id=c.passage_id, quote=c.quote, position=c.position)
        for c in citations
    )
    question_version_publish(question=copy)
    return copy


@transaction.atomic
def question_delete_or_archive(*, question: Question) -> str:
    """Delete a question no attempt has drawn; archive one that an attempt drew (answered or
    not: a running attempt and every result page show it), so attempts and scores stay.

    Returns "deleted" or "archived". Either way it leaves every set.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    SetItem.objects.filter(question=question).delete()
    if question_in_attempts(question=question):
        question.status = Question.Status.ARCHIVED
        question.save(update_fields=["status", "updated_at"])
        return "archived"
    Question.objects.filter(pk=question.pk).update(current_version=None)
    question.delete()
    return "deleted"


@transaction.atomic
def question_set_create(*, owner: User, fields: dict) -> QuestionSet:
    question_set = QuestionSet(owner=owner, status=QuestionSet.Status.DRAFT, **fields)
    question_set.slug = unique_set_slug(question_set.title)
    question_set.save()
    return question_set


@transaction.atomic
def question_set_update(*, question_set: QuestionSet, fields: dict) -> QuestionSet:
    """Save the set's settings; if its visibility, reveal or mode changed, the decks of
    students who can no longer see it, or study it as flashcards, are deleted (their cards
    and review logs are kept: flashcards' decks_out_of_sight, told by set_out_of_sight)."""
    # Read as stored: a ModelForm's validation has already put the new values on the object.
    watched = ("visibility", "reveal", "mode")
    stored = QuestionSet.objects.values_list(*watched).get(pk=question_set.pk)
    for name, value in fields.items():
        setattr(question_set, name, value)
    made_public = (
        question_set.visibility == QuestionSet.Visibility.PUBLIC
        and stored[0] != QuestionSet.Visibility.PUBLIC
    )
    if made_public:  # staff review it (again) before it is listed to everyone
        question_set.library_status = _library_status_for(question_set.owner)
        question_set.library_reviewed_by = None
        question_set.library_reviewed_at = None
    question_set.save()
    if tuple(getattr(question_set, name) for name in watched) != stored:
        set_out_of_sight.send(sender=QuestionSet, question_set=question_set)
    return question_set


@transaction.atomic
def question_set_publish(*, question_set: QuestionSet, publish: bool) -> QuestionSet:
    if publish and not question_set.items.exists():
        raise ValidationError("Add at least one question before publishing.")
    if publish and question_set.items.exclude(question__status=Question.Status.PUBLISHED).exists():
        raise ValidationError(
            "Publish or remove the draft questions first: students never see unpublished ones."
        )
    if not publish:
        _refuse_if_assigned(question_set, "unpublished")
    question_set.status = QuestionSet.Status.PUBLISHED if publish else QuestionSet.Status.DRAFT
    question_set.save(update_fields=["status", "updated_at"])
    if not publish:  # only its owner and staff see a draft
        set_out_of_sight.send(sender=QuestionSet, question_set=question_set)
    return question_set


def _refuse_if_assigned(question_set: QuestionSet, done: str) -> None:
    classes = [classroom.name for classroom in classes_assigned(question_set=question_set)]
    if classes:
        raise ValidationError(
            f"This set is assigned to {', '.join(classes)}: {done}, its students could no "
            "longer start it or see it. Remove those assignments first (each class's page "
            "lists its assignments)."
        )


@transaction.atomic
def question_set_delete_or_archive(*, question_set: QuestionSet) -> str:
    """Delete a set no student has attempted; archive one they have, so that their
    attempts and results stay. Its questions stay in the bank either way. A set assigned
    to a class is refused, as unpublishing it is."""
    QuestionSet.objects.select_for_update().filter(pk=question_set.pk).first()
    _refuse_if_assigned(question_set, "deleted")
    if set_attempt_counts(question_set=question_set)["attempts"]:
        question_set.status = QuestionSet.Status.ARCHIVED
        question_set.save(update_fields=["status", "updated_at"])
        # Nobody sees an archived set.
        set_out_of_sight.send(sender=QuestionSet, question_set=question_set)
        return "archived"
    question_set.delete()
    return "deleted"


@transaction.atomic
def question_set_restore(*, question_set: QuestionSet) -> QuestionSet:
    """Bring an archived set back as a draft: its owner publishes it again when ready
    (students' decks of it were removed when it was archived and are not restored)."""
    question_set.status = QuestionSet.Status.DRAFT
    question_set.save(update_fields=["status", "updated_at"])
    return question_set


@transaction.atomic
def set_item_add(*, question_set: QuestionSet, question: Question) -> SetItem:
    """Append a question; adding it twice keeps one item (unique constraint)."""
    QuestionSet.objects.select_for_update().filter(pk=question_set.pk).first()
    if question.status == Question.Status.ARCHIVED:
        raise ValidationError("An archived question cannot be added to a set.")
    item = SetItem.objects.filter(question_set=question_set, question=question).first()
    if item is not None:
        return item
    last = question_set.items.order_by("-position").values_list("position", flat=True).first()
    item = SetItem.objects.create(
        question_set=question_set, question=question, position=0 if last is None else last + 1
    )
    set_item_added.send(sender=QuestionSet, question_set=question_set, question=question)
    return item


@transaction.atomic
def set_item_remove(*, item: SetItem) -> None:
    item.delete()


@transaction.atomic
def set_item_move(*, item: SetItem, offset: int) -> None:
    """Move an item up (-1) or down (+1), renumbering positions 0..n-1."""
    items = list(SetItem.objects.select_for_update().filter(question_set_id=item.question_set_id))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    for position, it in enumerate(items):
        it.position = position
    SetItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def question_set_copy(*, question_set: QuestionSet, owner: User, title: str) -> QuestionSet:
    """Copy a set into `owner`'s workspace as a private draft titled as the teacher names
    it, with copies of its questions (same status as the originals) so the teacher can edit
    them without touching them; another teacher's drafts are not copied (shared_items).
    A set is assigned as it is; copying is for editing."""
    fields = {name: getattr(question_set, name) for name in ("description", *PLAYER_SETTINGS)}
    copy = question_set_create(
        owner=owner,
        fields={
            "title": title,
            "visibility": QuestionSet.Visibility.PRIVATE,
            **fields,
        },
    )
    items = (
        shared_items(question_set=question_set, user=owner)
        .select_related("question")
        .order_by("position", "id")
    )
    SetItem.objects.bulk_create(
        SetItem(
            question_set=copy,
            question=question_duplicate(
                question=item.question, author=owner, status=item.question.status
            ),
            position=position,
        )
        for position, item in enumerate(items)
    )
    return copy


def choice_copy(*, choice: Choice, question: Question) -> Choice:
    """An unsaved copy of a choice for another question, every answer-key field included."""
    skipped = {"id", "question", "public_id"}
    fields = {
        f.attname: getattr(choice, f.attname)
        for f in Choice._meta.concrete_fields
        if f.name not in skipped
    }
    return Choice(question=question, **fields)


@transaction.atomic
def source_file_ingest(
    *, path: Path, report: IngestReport, title: str | None = None
) -> list[Citation]:
    """Ingest one source file (sources.ingest.ingest_file); when it is a new version of a
    document, the citations of the previous version move to the new version's passage
    that still contains their quote. Returns the citations whose quote is gone: they are
    left in place, on the old version, for their author to fix."""
    document = ingest_file(path=path, report=report, title=title)
    broken: list[Citation] = []
    for old, new in report.replaced:
        if new == document:
            broken += citations_follow(old=old, new=new)
    return broken


def sources_ingest(*, directory: Path) -> tuple[IngestReport, list[Citation]]:
    """Every .txt file of a folder, as source_file_ingest does for one."""
    report = IngestReport()
    broken: list[Citation] = []
    titles = given_titles(directory)
    for path in sorted(directory.glob("*.txt")):
        broken += source_file_ingest(path=path, report=report, title=titles.get(path.name))
    return report, broken


def citations_follow(*, old: Document, new: Document) -> list[Citation]:
    """Move the citations of `old` to the passage of `new` that contains their quote; the
    ones no passage contains are returned, unchanged."""
    passages = list(new.passages.all())
    broken = []
    for citation in Citation.objects.filter(passage__document=old).select_related("question"):
        match = next((p for p in passages if citation.quote in p.text), None)
        if match is None:
            broken.append(citation)
        else:
            citation.passage = match
            citation.save(update_fields=["passage"])
    return broken


def _library_status_for(owner: User) -> str:
    """A staff member's own public set needs no second reviewer."""
    return QuestionSet.Library.APPROVED if owner.is_staff else QuestionSet.Library.PENDING


@transaction.atomic
def question_set_library_review(
    *, question_set: QuestionSet, reviewer: User, approve: bool
) -> QuestionSet:
    """Staff approve a public set into the library (listed to every student) or keep it out;
    either way it still reaches its teacher's classes and opens by its link."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    if (
        question_set.status != QuestionSet.Status.PUBLISHED
        or question_set.visibility != QuestionSet.Visibility.PUBLIC
    ):
        raise ValidationError("Only a published public set can be reviewed for the library.")
    question_set.library_status = (
        QuestionSet.Library.APPROVED if approve else QuestionSet.Library.REJECTED
    )
    question_set.library_reviewed_by = reviewer
    question_set.library_reviewed_at = timezone.now()
    question_set.save(
        update_fields=["library_status", "library_reviewed_by", "library_reviewed_at"]
    )
    return question_set
