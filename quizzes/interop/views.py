"""Teachers import GIFT/CSV files (upload → preview → confirm) and export sets.

Between preview and confirm the uploaded text waits in the session (server side,
so it cannot be altered and large files never travel back through the browser);
a one-time token in the confirm form makes a repeated POST import nothing.
"""

import uuid

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.core.decorators import login_required
from quizzes.core.htmx import wants_fragment
from quizzes.interop.anki import anki_package
from quizzes.interop.csv_format import write_csv
from quizzes.interop.forms import ImportForm
from quizzes.interop.gift import write_gift
from quizzes.interop.parsed import ImportFailed
from quizzes.interop.selectors import exportable_sets, set_questions_for_export
from quizzes.interop.services import import_plan, questions_import
from quizzes.interop.uploads import parse

PENDING = "interop_pending_import"
EXPORTS = {
    "gift": ("text/plain; charset=utf-8", "gift"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "anki": ("application/octet-stream", "apkg"),
}


def _require_teacher(request) -> None:
    if not (request.user.is_teacher or request.user.is_staff):
        raise PermissionDenied("Only teachers can import and export questions.")


def _render(request, context: dict, status: int = 200):
    template = "interop/import.html#panel" if wants_fragment(request) else "interop/import.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_questions(request):
    """Upload a file; a valid one is previewed, a bad one listed line by line."""
    _require_teacher(request)
    if request.method == "GET":
        return _render(request, {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, {"form": form}, status=400)
    try:
        plan = import_plan(parsed=parse(form.text, form.format))
    except ImportFailed as failure:
        return _render(request, {"form": form, "errors": failure.errors}, status=400)
    token = uuid.uuid4().hex
    request.session[PENDING] = {
        "token": token,
        "text": form.text,
        "format": form.format,
        "set_name": form.cleaned_data["set_name"],
        "file_name": form.cleaned_data["file"].name,
    }
    return _render(
        request,
        {
            "form": ImportForm(),
            "plan": plan,
            "token": token,
            "set_name": form.cleaned_data["set_name"],
            "file_name": form.cleaned_data["file"].name,
        },
    )


@login_required
@require_POST
def import_confirm(request):
    """Create what the preview listed; a second POST of the same preview does nothing."""
    _require_teacher(request)
    pending = request.session.get(PENDING)
    token = request.POST.get("token", "")
    if not pending or pending["token"] != token or not cache.add(f"{PENDING}:{token}", 1, 3600):
        messages.error(request, "Nothing to import: this preview was already imported or expired.")
        return redirect("interop_import")
    del request.session[PENDING]
    try:
        summary = questions_import(
            parsed=parse(pending["text"], pending["format"]),
            owner=request.user,
            set_name=pending["set_name"],
        )
    except ImportFailed as failure:
        messages.error(request, f"Nothing imported: {failure}")
        return redirect("interop_import")
    except IntegrityError:
        # Another import took one of the same new keys at the same moment.
        messages.error(request, "Nothing imported: please upload the file again.")
        return redirect("interop_import")
    question_set = summary.question_set
    assert question_set is not None  # the form always names a set (the file's name at least)
    messages.success(
        request, f"Imported {len(summary.questions)} questions into “{question_set.title}”."
    )
    # The teacher goes on with the set where they can edit, publish and export it.
    return redirect("set_edit", question_set.slug)


@login_required
@require_GET
def export_set(request, slug: str, fmt: str):
    """Download a set as GIFT, CSV or an Anki package (exports hold the answer key)."""
    if fmt not in EXPORTS:
        raise Http404("Unknown export format.")
    _require_teacher(request)
    question_set = get_object_or_404(exportable_sets(user=request.user), slug=slug)
    questions = set_questions_for_export(question_set=question_set, user=request.user)
    content: str | bytes
    if fmt == "gift":
        content = write_gift(questions, heading=question_set.title)
    elif fmt == "csv":
        content = write_csv(questions)
    else:
        content = anki_package(
            questions=questions, deck_name=question_set.title, set_slug=question_set.slug
        )
    content_type, extension = EXPORTS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{question_set.slug}.{extension}"'
    return response
