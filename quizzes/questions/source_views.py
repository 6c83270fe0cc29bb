"""The source pages that show a question's citation: a document with a cited quote
marked, and "Read in source". They live with the citations (the sources app below knows
no questions); their templates are the sources app's."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from quizzes.questions.models import Citation
from quizzes.sources.models import Document
from quizzes.sources.selectors import document_sections


@require_GET
def document_detail(request, slug: str):
    """A readable document with an anchor per passage; ?quote=ID highlights a citation."""
    document = get_object_or_404(Document, slug=slug, is_current=True)
    citation = None
    quote_id = request.GET.get("quote", "")
    if quote_id.isdecimal() and len(quote_id) <= 18:
        citation = Citation.objects.filter(pk=int(quote_id), passage__document=document).first()
    sections = document_sections(
        document=document,
        cited_passage_id=citation.passage_id if citation else None,
        quote=citation.quote if citation else "",
    )
    return render(
        request, "sources/document_detail.html", {"document": document, "sections": sections}
    )


@require_GET
def citation_in_source(request, pk: int):
    """'Read in source': the document of a citation, scrolled to its highlighted quote."""
    citation = get_object_or_404(Citation.objects.select_related("passage__document"), pk=pk)
    passage = citation.passage
    document = passage.document
    if not document.is_current:
        # The quote may have moved; show the current version of the same file.
        document = get_object_or_404(Document, file_name=document.file_name, is_current=True)
    url = reverse("document_detail", args=[document.slug])
    return redirect(f"{url}?quote={citation.pk}#{passage.anchor}")
