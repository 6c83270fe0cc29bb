"""A teacher's documents: upload, passages and coverage, citing, drafting and review."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.core.decorators import teacher_required
from quizzes.core.htmx import redirect_page, wants_fragment
from quizzes.documents import extraction, selectors, services
from quizzes.documents.forms import CiteForm, TitleForm, UploadForm, VersionForm
from quizzes.documents.models import Draft, DraftingRun
from quizzes.questions.selectors import question_sets_editable_by


def _readable(request, slug: str):
    return get_object_or_404(selectors.document_readable(user=request.user), slug=slug)


def _owned(request, slug: str):
    """A teacher's own uploaded document (staff: any teacher's) for changing it."""
    documents = selectors.document_readable(user=request.user).filter(owner__isnull=False)
    return get_object_or_404(documents, slug=slug)


def _extract_upload(form) -> extraction.Extracted:
    upload = form.cleaned_data.get("file")
    if upload:
        extraction.kind_of(upload.name)  # the type first: no need to read a wrong file
        return extraction.extract(name=upload.name, data=upload.read())
    extracted = extraction.pasted(form.cleaned_data["text"])
    extracted.title = form.cleaned_data.get("title", "")
    return extracted


@require_http_methods(["GET", "POST"])
@teacher_required
def document_list(request):
    """The teacher's documents, and the upload form (a file or pasted text)."""
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                extracted = _extract_upload(form)
            except extraction.ExtractionRefused as refusal:
                form.add_error("file" if form.cleaned_data.get("file") else "text", str(refusal))
            else:
                upload = form.cleaned_data.get("file")
                stored = services.document_store(
                    owner=request.user,
                    extracted=extracted,
                    file_name=upload.name if upload else "pasted.txt",
                )
                document = stored.document
                if stored.created:
                    messages.success(request, f"“{document.title}” is ready: check its title.")
                else:
                    messages.info(request, f"You already have this document: “{document.title}”.")
                return redirect_page(request, reverse("my_document", args=[document.slug]))
        status = 400
    else:
        form = UploadForm()
    context = {"form": form, "documents": selectors.documents_of(user=request.user)}
    template = "documents/document_list.html"
    if wants_fragment(request) and request.method == "POST":
        template += "#upload"
    return render(request, template, context, status=status)


def _document_page(request, document, *, title_form=None, version_form=None, status=200):
    context = {
        "document": document,
        "rows": selectors.coverage(document=document),
        "title_form": title_form or TitleForm(initial={"title": document.title}),
        "version_form": version_form or VersionForm(),
        "is_owner": document.owner_id is not None
        and (document.owner_id == request.user.pk or request.user.is_staff),
        "pending": document.drafts.filter(owner=request.user, status=Draft.Status.PENDING).count(),
    }
    context["uncited"] = [row for row in context["rows"] if not row.questions]
    template = "documents/document_detail.html"
    if wants_fragment(request) and request.method == "POST":
        template += "#settings"
    return render(request, template, context, status=status)


@require_GET
@teacher_required
def document_detail(request, slug: str):
    """The document's passages shaded by how many questions cite them (the coverage
    map), with the passages none cites listed."""
    return _document_page(request, _readable(request, slug))


@require_POST
@teacher_required
def document_retitle_view(request, slug: str):
    document = _owned(request, slug)
    form = TitleForm(request.POST)
    if not form.is_valid():
        return _document_page(request, document, title_form=form, status=400)
    services.document_retitle(document=document, title=form.cleaned_data["title"])
    messages.success(request, "Title saved.")
    return redirect_page(request, reverse("my_document", args=[document.slug]))


@require_POST
@teacher_required
def document_version_view(request, slug: str):
    """A new version of the file: citations move to the passage that still holds their
    quote."""
    document = _owned(request, slug)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            extracted = extraction.extract(name=upload.name, data=upload.read())
        except extraction.ExtractionRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            new, broken = services.document_new_version(
                document=document, extracted=extracted, file_name=upload.name
            )
            if new == document:
                messages.info(request, "This file is the version you already have.")
            else:
                messages.success(request, f"Version {new.version} saved.")
            for citation in broken:
                messages.warning(
                    request,
                    f"The quote of “{citation.question}” is not in the new version: "
                    "edit the question's citation.",
                )
            return redirect_page(request, reverse("my_document", args=[new.slug]))
    return _document_page(request, document, version_form=form, status=400)


@require_POST
@teacher_required
def drafts_propose_view(request, slug: str):
    """Draft questions from the document, or from one passage (`passage`: its position):
    the task worker drafts while the review page shows its progress."""
    document = _readable(request, slug)
    passages = None
    position = request.POST.get("passage", "")
    if position:
        passage = None
        if position.isdecimal() and len(position) < 10:
            passage = document.passages.filter(position=int(position)).first()
        if passage is None:
            problem = (
                f"“{document.title}” has no passage numbered “{position[:20]}”; "
                "nothing was drafted."
            )
            return render(request, "bad_request.html", {"problem": problem}, status=400)
        passages = [passage]
    services.drafting_run_start(
        document=document, owner=request.user, passage=passages[0] if passages else None
    )
    return redirect_page(request, reverse("draft_review", args=[document.slug]))


@require_GET
@teacher_required
def draft_review(request, slug: str):
    """The review queue: pending drafts by passage, accepted, edited or discarded one by
    one or in bulk."""
    document = _readable(request, slug)
    return _review_page(request, document)


def _review_page(request, document, *, status=200, problem=""):
    context = {
        "document": document,
        "groups": selectors.review_queue(document=document, owner=request.user),
        "run": DraftingRun.objects.filter(document=document, owner=request.user).first(),
        "problem": problem,
    }
    template = "documents/draft_review.html"
    if wants_fragment(request):
        template += "#queue"
    return render(request, template, context, status=status)


DECISIONS = {"accept", "discard", "edit"}


@require_POST
@teacher_required
def draft_decide(request, slug: str):
    """Accept, discard, or accept and edit the chosen drafts (`draft`: one or more ids)."""
    document = _readable(request, slug)
    decision = request.POST.get("decision", "")
    ids = request.POST.getlist("draft")
    if decision not in DECISIONS or not ids or not all(i.isdecimal() for i in ids):
        return _review_page(
            request, document, status=400, problem="Choose drafts and what to do with them."
        )
    drafts = list(
        Draft.objects.filter(document=document, owner=request.user, pk__in=ids).order_by("position")
    )
    if len(drafts) != len(set(ids)):
        raise Http404
    try:
        if decision == "edit":
            if len(drafts) != 1:
                return _review_page(
                    request, document, status=400, problem="Edit one draft at a time."
                )
            question = services.draft_accept(draft=drafts[0])
            return redirect_page(request, reverse("question_edit", args=[question.pk]))
        done = services.drafts_decide(drafts=drafts, accept=decision == "accept")
    except ValidationError as error:
        return _review_page(request, document, status=409, problem=" ".join(error.messages))
    verb = (
        "accepted: they are draft questions in your workspace"
        if decision == "accept"
        else "discarded"
    )
    messages.success(request, f"{done} {verb}.")
    if wants_fragment(request):
        return _review_page(request, document)
    return redirect_page(request, reverse("draft_review", args=[document.slug]))


@require_http_methods(["GET", "POST"])
@teacher_required
def passage_detail(request, slug: str, position: int):
    """One passage: the questions citing it, "Cite this" (select words, or copy them: the
    quote is checked word for word) and "Draft questions from this passage"."""
    document = _readable(request, slug)
    passage = get_object_or_404(document.passages, position=position)
    status = 200
    if request.method == "POST":
        form = CiteForm(request.POST, passage=passage)
        if form.is_valid():
            query = urlencode(
                {"cite-passage": passage.pk, "cite-quote": form.cleaned_data["quote"]}
            )
            return redirect_page(request, f"{reverse('question_create')}?{query}")
        status = 400
    else:
        form = CiteForm(passage=passage)
    citations = passage.citations.select_related("question").order_by("question_id")
    context = {
        "document": document,
        "passage": passage,
        "form": form,
        "citations": citations,
    }
    template = "documents/passage_detail.html"
    if wants_fragment(request) and request.method == "POST":
        template += "#cite"
    return render(request, template, context, status=status)


@require_GET
@teacher_required
def set_coverage_view(request, slug: str):
    """The coverage map of a set's documents: each passage of every document the set's
    questions cite, shaded by how many of them cite it, from the set editor."""
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    context = {
        "question_set": question_set,
        "documents": selectors.set_coverage(question_set=question_set),
    }
    return render(request, "documents/set_coverage.html", context)
