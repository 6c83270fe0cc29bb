"""Reads of the documents app: who sees a document, its coverage, its review queue."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from quizzes.accounts.models import User
from quizzes.documents.models import Draft
from quizzes.sources.models import Document, Passage


def documents_of(*, user: User) -> QuerySet[Document]:
    """The user's own current documents (staff: every teacher's), newest first."""
    documents = Document.objects.filter(is_current=True, owner__isnull=False)
    if not user.is_staff:
        documents = documents.filter(owner=user)
    return (
        documents.select_related("owner")
        .annotate(pending=Count("drafts", filter=Q(drafts__status=Draft.Status.PENDING)))
        .order_by("-ingested_at", "-pk")
    )


def document_readable(*, user: User) -> QuerySet[Document]:
    """Current documents whose pages (passages, coverage, drafts) a user may open: their
    own; staff every one, the shipped ones too (the coverage of the shipped bank)."""
    documents = Document.objects.filter(is_current=True)
    return documents if user.is_staff else documents.filter(owner=user)


@dataclass
class CoverageRow:
    passage: Passage
    questions: int
    shade: int  # 0 none, 1 one, 2 two or three, 3 more


def coverage(*, document: Document) -> list[CoverageRow]:
    """Each passage with how many questions cite it (one query)."""
    passages = document.passages.annotate(
        cited_by=Count("citations__question", distinct=True)
    ).order_by("position")
    rows = []
    for passage in passages:
        n = passage.cited_by
        rows.append(CoverageRow(passage, n, 0 if n == 0 else 1 if n == 1 else 2 if n <= 3 else 3))
    return rows


@dataclass
class DocumentCoverage:
    document: Document
    rows: list[CoverageRow]

    @property
    def uncited(self) -> list[CoverageRow]:
        return [row for row in self.rows if not row.questions]


def set_coverage(*, question_set) -> list[DocumentCoverage]:
    """For each document the set's questions cite, its passages with how many of the set's
    questions cite each (two queries whatever the size)."""
    counts: dict[int, int] = dict(
        Passage.objects.filter(citations__question__set_items__question_set=question_set)
        .values_list("pk")
        .annotate(n=Count("citations__question", distinct=True))
    )
    documents_ids = Passage.objects.filter(pk__in=list(counts)).values("document_id")
    passages = (
        Passage.objects.filter(document_id__in=documents_ids)
        .select_related("document")
        .order_by("document__title", "document_id", "position")
    )
    coverage: list[DocumentCoverage] = []
    for passage in passages:
        if not coverage or coverage[-1].document.pk != passage.document_id:
            coverage.append(DocumentCoverage(passage.document, []))
        n = counts.get(passage.pk, 0)
        shade = 0 if n == 0 else 1 if n == 1 else 2 if n <= 3 else 3
        coverage[-1].rows.append(CoverageRow(passage, n, shade))
    return coverage


@dataclass
class PassageDrafts:
    passage: Passage
    drafts: list[Draft]


def review_queue(*, document: Document, owner: User, limit: int = 200) -> list[PassageDrafts]:
    """The user's pending drafts grouped by passage, in passage order (one query)."""
    drafts = (
        Draft.objects.filter(document=document, owner=owner, status=Draft.Status.PENDING)
        .select_related("passage")
        .order_by("passage__position", "position")[:limit]
    )
    groups: list[PassageDrafts] = []
    for draft in drafts:
        if not groups or groups[-1].passage.pk != draft.passage_id:
            groups.append(PassageDrafts(draft.passage, []))
        groups[-1].drafts.append(draft)
    return groups
