"""The source pages that show a question's citation: a document with a cited quote
marked, and "Read in source". Who may read a citation is the attempts app's rule
(citations_readable_by: the quote answers its question), so they live here; the
sources app below knows no citations. Their templates are the sources app's."""

import uuid

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from quizzes.attempts.selectors import citations_readable_by
from quizzes.core.decorators import login_required
from quizzes.sources.models import Document
from quizzes.sources.selectors import document_sections


def _public_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if len(value) <= 36 else None
    except ValueError:
        return None


@require_GET
def document_detail(request, slug: str):
    """A readable document with an anchor per passage, open to everyone (a teacher's
    uploaded document: to its owner, staff, and through a citation one may read). ?quote=<public id>
    highlights a citation, for a signed-in user who may read it (the quote answers its
    question: `citations_readable_by`); others see the document as it is."""
    quote = request.GET.get("quote")
    if quote is not None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = get_object_or_404(Document, slug=slug, is_current=True)
    citation = None
    if quote and (public_id := _public_id(quote)) is not None:
        citation = (
            citations_readable_by(user=request.user)
            .filter(public_id=public_id, passage__document=document)
            .first()
        )
    private = document.owner_id is not None and not (
        request.user.is_authenticated
        and (request.user.is_staff or request.user.pk == document.owner_id)
    )
    if private and citation is None:
        # A teacher's document: read by others only through a citation they may read.
        raise Http404
    sections = document_sections(
        document=document,
        cited_passage_id=citation.passage_id if citation else None,
        quote=citation.quote if citation else "",
    )
    return render(
        request, "sources/document_detail.html", {"document": document, "sections": sections}
    )


@require_GET
@login_required
def citation_in_source(request, public_id: uuid.UUID):
    """'Read in source': the document of a citation, scrolled to its highlighted quote;
    404 for a citation the user may not read, as for one that does not exist."""
    citation = get_object_or_404(
        citations_readable_by(user=request.user).select_related("passage__document"),
        public_id=public_id,
    )
    passage = citation.passage
    document = passage.document
    if not document.is_current:
        # The quote may have moved; show the current version of the same file (a
        # teacher's uploads are one document across versions by their slug).
        lineage = (
            {"slug": document.slug}
            if document.owner_id
            else {"file_name": document.file_name, "owner": None}
        )
        document = get_object_or_404(Document, is_current=True, **lineage)
    url = reverse("document_detail", args=[document.slug])
    return redirect(f"{url}?quote={citation.public_id}#{passage.anchor}")
