"""Writes of the documents app: storing a teacher's document, drafting questions from it,
and the review queue's decisions."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.documents import drafting
from quizzes.documents.extraction import Extracted
from quizzes.documents.models import Draft, DraftingRun
from quizzes.questions.models import Choice, Question, QuestionType
from quizzes.questions.services import citations_follow, question_save
from quizzes.sources.ingest import document_version_create, parse_document
from quizzes.sources.models import Document


@dataclass
class Stored:
    document: Document
    created: bool  # False: the teacher already had this content, that document is returned


def _content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def document_store(*, owner: User, extracted: Extracted, file_name: str) -> Stored:
    """A teacher's document from its extracted text, split into passages as the seed
    documents are (sources.ingest). The same content twice is one document."""
    content_hash = _content_hash(extracted.text)
    same = Document.objects.filter(owner=owner, content_hash=content_hash, is_current=True).first()
    if same is not None:
        return Stored(document=same, created=False)
    parsed = parse_document(extracted.text)
    title = extracted.title or parsed.title or file_name.rsplit(".", 1)[0] or "Untitled document"
    document = document_version_create(
        text=extracted.text,
        content_hash=content_hash,
        title=title[:300],
        file_name=file_name[:255],
        previous=None,
        owner=owner,
        parsed=parsed,
    )
    return Stored(document=document, created=True)


@transaction.atomic
def document_new_version(
    *, document: Document, extracted: Extracted, file_name: str
) -> tuple[Document, list]:
    """Replace a teacher's document with a new version; its citations move to the passage
    that still holds their quote (questions.services.citations_follow), and those whose
    quote is gone are returned, left on the old version. Pending drafts of the old version
    are discarded: their quotes may be gone."""
    content_hash = _content_hash(extracted.text)
    if content_hash == document.content_hash:
        return document, []
    new = document_version_create(
        text=extracted.text,
        content_hash=content_hash,
        title=document.title,
        file_name=file_name[:255],
        previous=document,
    )
    broken = citations_follow(old=document, new=new)
    Draft.objects.filter(document=document, status=Draft.Status.PENDING).update(
        status=Draft.Status.DISCARDED
    )
    return new, broken


def document_retitle(*, document: Document, title: str) -> Document:
    document.title = title
    document.save(update_fields=["title"])
    return document


def drafts_propose(
    *,
    document: Document,
    owner: User,
    passages=None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Draft questions from the document (or some of its passages) into its review queue;
    a proposal already there (pending, accepted or discarded) is not proposed again.
    Returns how many are new. Drafting happens outside the transaction, so that
    `progress` (told after each passage) can be seen by others as it goes."""
    chosen = list(passages if passages is not None else document.passages.all())
    proposals = drafting.draft(
        (drafting.PassageText(key=p.pk, text=p.text) for p in chosen),
        document_text=document.text,
        progress=progress,
    )
    return _drafts_store(document=document, owner=owner, proposals=proposals)


@transaction.atomic
def _drafts_store(*, document: Document, owner: User, proposals: list) -> int:
    mine = Draft.objects.filter(document=document, owner=owner)
    known = set(mine.values_list("fingerprint", flat=True))
    last = mine.order_by("-position").first()
    start = last.position + 1 if last else 0
    new = [
        Draft(
            owner=owner,
            document=document,
            passage_id=proposal.passage,
            kind=proposal.kind,
            prompt=proposal.prompt,
            answer=proposal.answer[:500],
            quote=proposal.quote,
            reason=proposal.reason[:300],
            choices=proposal.choices,
            numeric_value=proposal.numeric_value,
            fingerprint=proposal.fingerprint,
            position=start + i,
        )
        for i, proposal in enumerate(p for p in proposals if p.fingerprint not in known)
    ]
    Draft.objects.bulk_create(new)
    return len(new)


def drafting_run_start(*, document: Document, owner: User, passage=None) -> DraftingRun:
    """Queue a drafting run, unless one of the user's is already waiting or running on the
    document (a repeated click starts nothing new)."""
    from quizzes.documents.tasks import draft_document

    with transaction.atomic():
        active = (
            DraftingRun.objects.select_for_update()
            .filter(
                document=document,
                owner=owner,
                status__in=[DraftingRun.Status.QUEUED, DraftingRun.Status.RUNNING],
            )
            .first()
        )
        if active is not None:
            return active
        run = DraftingRun.objects.create(document=document, owner=owner, passage=passage)
    draft_document.enqueue(run.pk)
    run.refresh_from_db()
    return run


def drafting_run_perform(*, run_id: int) -> int:
    """The task's work: draft, then record how many drafts are new (or the failure)."""
    run = DraftingRun.objects.select_related("document", "owner", "passage").get(pk=run_id)
    if not run.is_active:
        return run.drafted
    DraftingRun.objects.filter(pk=run.pk).update(status=DraftingRun.Status.RUNNING)
    reported = -1

    def progress(done: int, total: int) -> None:
        # A write per tenth of the way, not per passage.
        nonlocal reported
        tenth = done * 10 // total
        if tenth != reported:
            reported = tenth
            DraftingRun.objects.filter(pk=run.pk).update(passages_done=done, passages_total=total)

    try:
        drafted = drafts_propose(
            document=run.document,
            owner=run.owner,
            passages=[run.passage] if run.passage else None,
            progress=progress,
        )
    except Exception:
        DraftingRun.objects.filter(pk=run.pk).update(
            status=DraftingRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    DraftingRun.objects.filter(pk=run.pk).update(
        status=DraftingRun.Status.DONE, drafted=drafted, finished_at=timezone.now()
    )
    return drafted


def _question_parts(draft: Draft) -> tuple[Question, list[Choice]]:
    question = Question(
        type=draft.kind,
        prompt=draft.prompt,
        explanation=f"From the document: “{draft.quote}”" if len(draft.quote) < 1500 else "",
        numeric_value=draft.numeric_value,
        numeric_tolerance=0 if draft.kind == QuestionType.NUMERIC else None,
    )
    choices = [
        Choice(
            text=row.get("text", ""),
            is_correct=bool(row.get("is_correct")),
            match_text=row.get("match_text", ""),
            blank=row.get("blank"),
            position=row.get("position", 0),
        )
        for row in draft.choices
    ]
    return question, choices


@transaction.atomic
def draft_accept(*, draft: Draft) -> Question:
    """The draft becomes a draft question in its teacher's workspace, citing its quote;
    editable and publishable as any other. Accepting twice gives the same question."""
    draft = Draft.objects.select_for_update().select_related("passage", "owner").get(pk=draft.pk)
    if draft.status == Draft.Status.ACCEPTED and draft.question is not None:
        return draft.question
    if draft.quote not in draft.passage.text:
        raise ValidationError("The quote is no longer in its passage.")
    question, choices = _question_parts(draft)
    question.key = "pending"  # question_save gives it its key; full_clean needs one
    question.full_clean_with_answer_key(choices)
    question.key = ""
    question = question_save(
        question=Question(),
        author=draft.owner,
        fields={
            "type": question.type,
            "prompt": question.prompt,
            "explanation": question.explanation,
            "numeric_value": question.numeric_value,
            "numeric_tolerance": question.numeric_tolerance,
        },
        topics=[],
        choices=choices,
        citation=(draft.passage, draft.quote),
        publish=False,
    )
    draft.status = Draft.Status.ACCEPTED
    draft.question = question
    draft.save(update_fields=["status", "question"])
    return question


def draft_discard(*, draft: Draft) -> None:
    Draft.objects.filter(pk=draft.pk, status=Draft.Status.PENDING).update(
        status=Draft.Status.DISCARDED
    )


@transaction.atomic
def drafts_decide(*, drafts: list[Draft], accept: bool) -> int:
    """Accept or discard several pending drafts at once; returns how many."""
    done = 0
    for draft in drafts:
        if draft.status != Draft.Status.PENDING:
            continue
        if accept:
            draft_accept(draft=draft)
        else:
            draft_discard(draft=draft)
        done += 1
    return done
