"""Teachers' workspace: search their questions and sets, edit questions and sets.

Every editor action is a real form POST (works without JavaScript); with htmx the same
POST returns only the changed fragment.
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from quizzes.core.decorators import teacher_required
from quizzes.core.htmx import redirect_page, wants_fragment
from quizzes.questions.forms import (
    MAX_ROWS,
    ChoiceRowFormSet,
    CitationForm,
    QuestionFilterForm,
    QuestionForm,
    QuestionSetForm,
    SetCopyForm,
    blank_rows_for,
)
from quizzes.questions.models import (
    BLANK_PATTERN,
    CHOICE_TYPES,
    Question,
    QuestionSet,
    QuestionType,
    publish_problems,
)
from quizzes.questions.selectors import (
    archived_sets,
    classes_assigned,
    passage_search,
    playable_count,
    public_sets_to_copy,
    question_in_attempts,
    question_search,
    question_sets_editable_by,
    questions_editable_by,
    running_attempts_in_another_mode,
    set_attempt_counts,
    set_items_with_questions,
    sets_holding,
    workspace_sets,
)
from quizzes.questions.services import (
    question_delete_or_archive,
    question_duplicate,
    question_save,
    question_set_copy,
    question_set_create,
    question_set_delete_or_archive,
    question_set_publish,
    question_set_restore,
    question_set_update,
    set_item_add,
    set_item_move,
    set_item_remove,
)
from quizzes.sources.models import Passage

PAGE_SIZE = 20
ROW_FIELDS = ["public_id", "text", "is_correct", "match_text", "blank", "weight"]


def _filtered_questions(request, data):
    form = QuestionFilterForm(data, user=request.user)
    if not form.is_valid():
        return form, None
    return form, question_search(user=request.user, filters=form.cleaned_data)


# --- Workspace -------------------------------------------------------------------------


@require_GET
@teacher_required
def workspace(request):
    """Questions (searchable, paginated) and sets of the signed-in teacher."""
    form, questions = _filtered_questions(request, request.GET)
    if questions is None:
        return render(
            request, "questions/workspace.html", {"filter_form": form, "page": None}, status=400
        )
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "query": query.urlencode(),
    }
    if wants_fragment(request):
        return render(request, "questions/workspace.html#results", context)
    context["sets"], context["archived"] = workspace_sets(user=request.user)
    context["public_sets"] = public_sets_to_copy(user=request.user)
    return render(request, "questions/workspace.html", context)


# --- Question editor -------------------------------------------------------------------


def _rows_from(data) -> list[dict]:
    try:
        total = int(data.get("choices-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    total = max(0, min(total, MAX_ROWS))
    return [
        {name: data.get(f"choices-{i}-{name}", "") for name in ROW_FIELDS} for i in range(total)
    ]


def _with_rows(data, rows: list[dict]) -> QueryDict:
    """A copy of the posted data whose answer-key rows are `rows`."""
    result = QueryDict(mutable=True)
    for key in data:
        if not key.startswith("choices-"):
            result.setlist(key, data.getlist(key))
    result["choices-TOTAL_FORMS"] = str(len(rows))
    result["choices-INITIAL_FORMS"] = "0"
    for i, row in enumerate(rows):
        for name in ROW_FIELDS:
            value = row.get(name)
            if value in (None, False, ""):
                continue
            result[f"choices-{i}-{name}"] = "on" if value is True else str(value)
    return result


def _data_from_question(question: Question | None, kind: str) -> QueryDict:
    data = QueryDict(mutable=True)
    if question is None:
        data.update({"type": kind, "difficulty": str(Question.Difficulty.MEDIUM)})
        return _with_rows(data, blank_rows_for(kind))
    for name in ["type", "prompt", "explanation", "difficulty", "unit"]:
        data[name] = str(getattr(question, name))
    for name in ["numeric_value", "numeric_tolerance"]:
        value = getattr(question, name)
        if value is not None:
            data[name] = format(value.normalize(), "f")
    if question.near_miss:
        data["near_miss"] = "on"
    if question.no_source:
        data["no_source"] = "on"
    data.setlist("topics", [str(pk) for pk in question.topics.values_list("pk", flat=True)])
    citation = question.citations.first()
    if citation is not None:
        data["cite-passage"] = str(citation.passage_id)
        data["cite-quote"] = citation.quote
    rows = [
        {
            "public_id": str(c.public_id),
            "text": c.text,
            "is_correct": c.is_correct,
            "match_text": c.match_text,
            "blank": c.blank,
            "weight": "" if c.weight is None else format(c.weight.normalize(), "f"),
        }
        for c in question.choices.all()
    ]
    return _with_rows(data, rows)


class Editor:
    """The editor's bound forms and what a student would see, from one set of data."""

    def __init__(self, data, question: Question | None, user):
        self.data = data
        self.form = QuestionForm(data, instance=question or Question())
        self.formset = ChoiceRowFormSet(data, prefix="choices")
        self.cite = CitationForm(data, prefix="cite", user=user)
        form_ok = self.form.is_valid()
        self.formset.question = self.form.instance
        self.valid = form_ok & self.formset.is_valid() & self.cite.is_valid()
        kind = data.get("type", "")
        self.kind = kind if kind in QuestionType.values else QuestionType.SINGLE_CHOICE
        # Shown once the teacher has done something (any POST): a form just opened
        # lists no problems, not even the answer key's of an empty new question.
        self.problems_shown = True

    @property
    def problems(self) -> list[str]:
        """Answer-key problems, shown live beside the preview."""
        if not self.problems_shown:
            return []
        return [str(problem) for problem in self.formset.non_form_errors()]

    def check_publish(self) -> None:
        """Refuse to publish without a topic, or without a citation unless marked as having
        no source: each problem is shown next to its field."""
        data = getattr(self.form, "cleaned_data", {})
        problems = publish_problems(
            topic_count=len(data.get("topics") or []),
            cited=self.passage is not None,
            no_source=bool(data.get("no_source")),
        )
        if "topics" in problems:
            self.form.add_error("topics", problems["topics"])
        if "citation" in problems:
            self.cite.add_error(None, problems["citation"])
        self.valid = self.valid and not problems

    @property
    def passage(self) -> Passage | None:
        return self.cite.cleaned_data.get("passage") if hasattr(self.cite, "cleaned_data") else None

    def preview(self) -> dict:
        rows = [
            row
            for row in _rows_from(self.data)
            if (row["text"] or "").strip() or (row["match_text"] or "").strip()
        ]
        prompt = self.data.get("prompt", "")
        parts = []
        if self.kind == QuestionType.FILL_BLANK:
            pieces = BLANK_PATTERN.split(prompt)
            parts = [
                {"text": piece} if i % 2 == 0 else {"blank": piece}
                for i, piece in enumerate(pieces)
            ]
        return {
            "kind": self.kind,
            "prompt": prompt,
            "parts": parts,
            "options": [r["text"] for r in rows],
            "matches": sorted(r["match_text"] for r in rows if r["match_text"]),
            "unit": self.data.get("unit", ""),
        }


# Options typed before the type changed to one with rows of its own (true/false's pair,
# numeric's none), carried in a hidden field so that changing back restores them.
KEPT_ROWS = "kept_rows"
TRUE_FALSE_TEXTS = [row["text"] for row in blank_rows_for(QuestionType.TRUE_FALSE)]


def _texts(rows: list[dict]) -> list[str]:
    return [(r.get("text") or "").strip() for r in rows]


def _typed(rows: list[dict]) -> bool:
    """Whether the rows hold anything the teacher wrote (not only true/false's pair)."""
    if any((r.get("match_text") or "").strip() for r in rows):
        return True
    texts = _texts(rows)
    return any(texts) and texts != TRUE_FALSE_TEXTS


def _kept_rows(data) -> list[dict]:
    try:
        kept = json.loads(data.get(KEPT_ROWS, "")[:100_000])
    except ValueError:
        return []
    if not isinstance(kept, list):
        return []
    return [
        {name: row[name] for name in ROW_FIELDS if isinstance(row.get(name), str | bool)}
        for row in kept[:MAX_ROWS]
        if isinstance(row, dict)
    ]


def _rows_for_type(kind: str, rows: list[dict], kept: list[dict]):
    """The rows (and the kept options) once the type changes to `kind`.

    Options the teacher typed are never thrown away: true/false (its own True/False pair)
    and numeric (no rows) keep them aside, and a later change to another type brings them
    back. Other types keep the rows as they are; untouched rows start as the type needs.
    """
    if kind in (QuestionType.TRUE_FALSE, QuestionType.NUMERIC):
        if _typed(rows):
            kept = rows
        if kind == QuestionType.TRUE_FALSE and _texts(rows) == TRUE_FALSE_TEXTS:
            return rows, kept  # already the pair: keep which one is correct
        return blank_rows_for(kind), kept
    if _typed(rows):
        return rows, kept
    if kept:
        return kept, []
    return (rows if any(_texts(rows)) else blank_rows_for(kind)), []


def _in_shown_type(data) -> QueryDict:
    """The editor data in the type its rows were written for: a type picked in the select
    but not applied with "Change type" changes nothing, so the preview and the other
    editing buttons go on with the type on screen (the select then shows it again)."""
    data = data.copy()
    shown = data.get("shown_type")
    if shown in QuestionType.values:
        data["type"] = shown
    return data


def _rows_for_blanks(prompt: str, rows: list[dict]) -> tuple[list[dict], int]:
    """Rows with one for every blank of the prompt that has none yet (an untouched row
    takes the first such blank); returns the rows and the index of the last row added or
    given a blank (-1: every blank had its row)."""
    answered = {(row.get("blank") or "").strip() for row in rows}
    last = -1
    for number in dict.fromkeys(BLANK_PATTERN.findall(prompt)):
        if str(int(number)) in answered:
            continue
        free = next(
            (
                i
                for i, row in enumerate(rows)
                if not (row.get("blank") or "").strip() and not (row.get("text") or "").strip()
            ),
            None,
        )
        if free is None:
            if len(rows) >= MAX_ROWS:
                break
            rows.append({})
            free = len(rows) - 1
        rows[free] = {**rows[free], "blank": str(int(number))}
        answered.add(str(int(number)))
        last = free
    return rows, last


def _next_blank(prompt: str) -> int:
    return max((int(n) for n in BLANK_PATTERN.findall(prompt)), default=0) + 1


def _apply_op(op: str, data, user) -> tuple[QueryDict, str, list[Passage]]:
    """Change the unsaved editor data for an editing button; returns (data, focus, found)."""
    name, _, arg = op.partition("-")
    data = data.copy() if name == "type" else _in_shown_type(data)
    rows = _rows_from(data)
    focus = ""
    found: list[Passage] = []
    index = int(arg) if arg.isdecimal() else -1
    if name == "add" and len(rows) < MAX_ROWS:
        rows.append({})
        focus = f"text-{len(rows) - 1}"
    elif name == "remove" and 0 <= index < len(rows):
        rows.pop(index)
        focus = "add-option"
    elif name in ("up", "down") and 0 <= index < len(rows):
        target = index - 1 if name == "up" else index + 1
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
            index = target
        focus = f"{name}-{index}"
    elif name == "type":
        kind = data.get("type", "")
        if kind in QuestionType.values:
            rows, kept = _rows_for_type(kind, rows, _kept_rows(data))
            data.pop(KEPT_ROWS, None)
            if kept:
                data[KEPT_ROWS] = json.dumps(kept)
        focus = "id_numeric_value" if kind == QuestionType.NUMERIC else "options"
        if arg == "select":
            focus = "id_type"  # applied as it was chosen: the teacher is still on the select
    elif name == "blank":
        # "Insert blank": with JavaScript the marker is already at the cursor ("placed");
        # without, the next blank goes at the end of the prompt.
        prompt = data.get("prompt", "")
        if arg != "placed" and len(prompt) < 4990:
            data["prompt"] = f"{prompt.rstrip()} {{{_next_blank(prompt)}}}".lstrip()
        rows, added = _rows_for_blanks(data.get("prompt", ""), rows)
        focus = f"text-{added}" if added >= 0 else "id_prompt"
    elif name == "find":
        found = passage_search(text=data.get("cite-passage_query", "")[:200], user=user)
        focus = "passage-results"
    elif name == "pick" and index > 0:
        data["cite-passage"] = str(index)
        focus = "id_cite-quote"
    elif name == "unpick":
        data.pop("cite-passage", None)
        data.pop("cite-quote", None)
        focus = "id_cite-passage_query"
    return _with_rows(data, rows), focus, found


def _render_editor(request, editor, question, *, status=200, show_errors=False, **extra):
    editor.form.errors_shown = show_errors
    if extra.get("focus") in ("id_numeric_value", "id_prompt"):
        field = editor.form.fields[extra["focus"].removeprefix("id_")]
        field.widget.attrs["data-autofocus"] = ""
    focus_kind, _, row = extra.get("focus", "").rpartition("-")
    if row.isdecimal():
        extra.update(focus_kind=focus_kind, focus_row=int(row))
    context = {
        "editor": editor,
        "question": question,
        "show_errors": show_errors,
        "choice_types": CHOICE_TYPES,
        "action": reverse("question_edit", args=[question.pk])
        if question
        else reverse("question_create"),
        **extra,
    }
    template = "questions/question_form.html"
    if wants_fragment(request):
        template += "#editor"
    return render(request, template, context, status=status)


SAVE_OPS = {"save_draft", "publish"}


def _question_editor(request, question: Question | None):
    if request.method == "GET":
        kind = request.GET.get("type", QuestionType.SINGLE_CHOICE)
        if kind not in QuestionType.values:
            kind = QuestionType.SINGLE_CHOICE
        data = _data_from_question(question, kind)
        if question is None and "cite-passage" in request.GET:
            # "Cite this" from a document's passage: the editor checks the quote.
            data["cite-passage"] = request.GET["cite-passage"]
            data["cite-quote"] = request.GET.get("cite-quote", "")
        editor = Editor(data, question, request.user)
        editor.problems_shown = False
        return _render_editor(request, editor, question)
    op = request.POST.get("op", "save_draft")
    if op not in SAVE_OPS:
        data, focus, found = _apply_op(op, request.POST, request.user)
        return _render_editor(
            request,
            Editor(data, question, request.user),
            question,
            focus=focus,
            found=found,
            searched=op == "find",
        )
    shown, kind = request.POST.get("shown_type"), request.POST.get("type")
    if shown in QuestionType.values and kind in QuestionType.values and shown != kind:
        # A type chosen in the select but not applied with "Change type": the answer key
        # on the page was written for the other type, so show the new type's before saving.
        data, focus, found = _apply_op("type", request.POST, request.user)
        return _render_editor(
            request,
            Editor(data, question, request.user),
            question,
            status=400,
            type_changed=QuestionType(kind).label,
        )
    editor = Editor(request.POST, question, request.user)
    if op == "publish":
        editor.check_publish()
    if not editor.valid:
        return _render_editor(request, editor, question, status=400, show_errors=True)
    fields = {k: v for k, v in editor.form.cleaned_data.items() if k != "topics"}
    passage = editor.cite.cleaned_data.get("passage")
    saved = question_save(
        question=question or Question(),
        author=request.user,
        fields=fields,
        topics=list(editor.form.cleaned_data["topics"]),
        choices=_choices_with_ids(editor),
        citation=(passage, editor.cite.cleaned_data["quote"]) if passage else None,
        publish=op == "publish",
    )
    messages.success(
        request, "Question published." if op == "publish" else "Question saved as a draft."
    )
    return redirect_page(request, reverse("question_edit", args=[saved.pk]))


def _choices_with_ids(editor: Editor) -> list | None:
    if editor.kind == QuestionType.NUMERIC:
        return None  # the editor edits the main value; other accepted values are kept
    choices = editor.formset.choices()
    for choice, form in zip(choices, editor.formset.forms, strict=False):
        choice.public_id = form.cleaned_data.get("public_id")
    return choices


@require_http_methods(["GET", "POST"])
@teacher_required
def question_create(request):
    return _question_editor(request, None)


@require_http_methods(["GET", "POST"])
@teacher_required
def question_edit(request, pk: int):
    question = get_object_or_404(
        questions_editable_by(user=request.user).select_related("current_version"), pk=pk
    )
    return _question_editor(request, question)


@require_POST
@teacher_required
def question_preview(request):
    """What a student would see, and the answer-key problems, for unsaved editor data."""
    editor = Editor(_in_shown_type(request.POST), None, request.user)
    return render(request, "questions/question_form.html#preview", {"editor": editor})


@require_POST
@teacher_required
def question_duplicate_view(request, pk: int):
    question = get_object_or_404(questions_editable_by(user=request.user), pk=pk)
    copy = question_duplicate(question=question, author=request.user)
    messages.success(request, "Question duplicated; this is the copy (a draft).")
    return redirect_page(request, reverse("question_edit", args=[copy.pk]))


@require_http_methods(["GET", "POST"])
@teacher_required
def question_delete(request, pk: int):
    """GET asks first, saying what will happen (archived or deleted, which sets and classes
    lose it); POST does it."""
    question = get_object_or_404(questions_editable_by(user=request.user), pk=pk)
    if request.method == "GET":
        context = {
            "question": question,
            "archive": question_in_attempts(question=question),
            "sets": sets_holding(question=question),
        }
        return render(request, "questions/question_delete.html", context)
    outcome = question_delete_or_archive(question=question)
    if outcome == "archived":
        messages.success(
            request, "The question was in students' attempts, so it was archived and kept."
        )
    else:
        messages.success(request, "Question deleted.")
    return redirect_page(request, reverse("workspace"))


# --- Question sets -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@teacher_required
def set_create(request):
    form = QuestionSetForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            question_set = question_set_create(owner=request.user, fields=form.cleaned_data)
            _saved(request, "Set created. Add questions below.", question_set)
            return redirect_page(request, reverse("set_edit", args=[question_set.slug]))
        return render(request, "questions/set_form.html", {"form": form}, status=400)
    return render(request, "questions/set_form.html", {"form": form})


def _saved(request, said: str, question_set) -> None:
    """Say the settings were saved, with what they do not change at once: a draw count
    larger than the set's questions (accepted, since a set grows later: the player draws
    all there are), and attempts under way that keep the mode they started in."""
    notes = []
    draw = question_set.draw_count
    count = playable_count(question_set=question_set) if draw else 0
    if draw and draw > count:
        plural = "" if count == 1 else "s"
        notes.append(
            f"The draw count is {draw}, but this set has {count} published question"
            f"{plural}: each attempt gets all of them until it has more."
        )
    if running := running_attempts_in_another_mode(question_set=question_set):
        now = question_set.mode  # "exam" or "practice"
        was = "practice" if now == "exam" else "exam"
        notes.append(
            f"The attempt under way keeps the {was} mode it started in"
            if running == 1
            else f"The {running} attempts under way keep the {was} mode they started in"
        )
        notes[-1] += f"; new attempts start in {now} mode."
    if notes:
        messages.warning(request, " ".join([said, *notes]))
    else:
        messages.success(request, said)


def _set_editor_context(request, question_set, form):
    filter_form, questions = _filtered_questions(request, request.GET)
    results = []
    if questions is not None:
        results = list(questions.exclude(set_items__question_set=question_set)[:PAGE_SIZE])
    return {
        "question_set": question_set,
        "form": form,
        "items": set_items_with_questions(question_set=question_set),
        "filter_form": filter_form,
        "results": results,
        "query": request.GET.urlencode(),
    }


@require_http_methods(["GET", "POST"])
@teacher_required
def set_edit(request, slug: str):
    """Settings, items (reorder with buttons) and a bank search to add questions."""
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    form = QuestionSetForm(request.POST or None, instance=question_set)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
            question_set_update(question_set=question_set, fields=fields)
            _saved(request, "Settings saved.", question_set)
            return redirect_page(request, reverse("set_edit", args=[slug]))
        status = 400
        question_set.refresh_from_db()
    context = _set_editor_context(request, question_set, form)
    if wants_fragment(request) and request.method == "GET":
        return render(request, "questions/set_edit.html#search-results", context)
    return render(request, "questions/set_edit.html", context, status=status)


def _set_items_response(request, question_set, **focus):
    if wants_fragment(request):
        context = {
            "question_set": question_set,
            "items": set_items_with_questions(question_set=question_set),
            **focus,
        }
        response = render(request, "questions/set_edit.html#items", context)
        # The bank search below lists only questions not in the set: tell it to refresh.
        return trigger_client_event(response, "setItemsChanged")
    return redirect(reverse("set_edit", args=[question_set.slug]) + "#items")


@require_POST
@teacher_required
def set_item_add_view(request, slug: str):
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    question_id = request.POST.get("question", "")
    if not (question_id.isdecimal() and len(question_id) <= 18):
        return _set_items_refused(request, question_set, "Choose a question to add.")
    question = get_object_or_404(questions_editable_by(user=request.user), pk=int(question_id))
    try:
        set_item_add(question_set=question_set, question=question)
    except ValidationError as error:
        return _set_items_refused(request, question_set, " ".join(error.messages))
    return _set_items_response(request, question_set)


def _set_items_refused(request, question_set, error: str):
    """The set's items as they are, with why the change was refused (400): with htmx the
    items list is swapped, so a bare message would take the list's place."""
    if wants_fragment(request):
        context = {
            "question_set": question_set,
            "items": set_items_with_questions(question_set=question_set),
            "items_error": error,
        }
        return render(request, "questions/set_edit.html#items", context, status=400)
    form = QuestionSetForm(instance=question_set)
    context = {**_set_editor_context(request, question_set, form), "items_error": error}
    return render(request, "questions/set_edit.html", context, status=400)


@require_POST
@teacher_required
def set_item_remove_view(request, slug: str, item: int):
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    set_item_remove(item=get_object_or_404(question_set.items, pk=item))
    return _set_items_response(request, question_set)


@require_POST
@teacher_required
def set_item_move_view(request, slug: str, item: int):
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest("Direction must be up or down.")
    set_item = get_object_or_404(question_set.items, pk=item)
    set_item_move(item=set_item, offset=-1 if direction == "up" else 1)
    return _set_items_response(
        request, question_set, focus_item=set_item.pk, focus_direction=direction
    )


@require_POST
@teacher_required
def set_publish(request, slug: str):
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    publish = request.POST.get("publish")
    if publish not in ("1", "0"):
        return HttpResponseBadRequest("Say whether to publish (1) or unpublish (0).")
    try:
        question_set_publish(question_set=question_set, publish=publish == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Set published." if publish == "1" else "Set unpublished.")
    return redirect_page(request, reverse("set_edit", args=[slug]))


@require_http_methods(["GET", "POST"])
@teacher_required
def set_delete(request, slug: str):
    """GET asks first, saying what will happen (deleted, or archived because students made
    attempts; refused while it is assigned); POST does it."""
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    if request.method == "GET":
        context = {
            "question_set": question_set,
            "classes": classes_assigned(question_set=question_set),
            "counts": set_attempt_counts(question_set=question_set),
        }
        return render(request, "questions/set_delete.html", context)
    try:
        outcome = question_set_delete_or_archive(question_set=question_set)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_page(request, reverse("set_delete", args=[slug]))
    if outcome == "archived":
        messages.success(
            request,
            f"“{question_set.title}” was archived: students' attempts and results keep it.",
        )
    else:
        messages.success(request, f"“{question_set.title}” was deleted.")
    return redirect_page(request, reverse("workspace"))


@require_POST
@teacher_required
def set_restore(request, slug: str):
    """Bring an archived set back to the workspace, as a draft."""
    question_set = get_object_or_404(archived_sets(user=request.user), slug=slug)
    question_set_restore(question_set=question_set)
    messages.success(request, f"“{question_set.title}” is back in your workspace, unpublished.")
    return redirect_page(request, reverse("set_edit", args=[slug]))


@require_http_methods(["GET", "POST"])
@teacher_required
def set_copy(request, slug: str):
    """Copy a set the teacher can see (public, or their own) into their workspace, to edit
    it: GET asks for the copy's title (the original's, to change), POST copies. A set is
    assigned to a class as it is, without a copy."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), slug=slug)
    form = SetCopyForm(
        request.POST if request.method == "POST" else None, initial={"title": question_set.title}
    )
    if request.method == "POST" and form.is_valid():
        copy = question_set_copy(
            question_set=question_set, owner=request.user, title=form.cleaned_data["title"]
        )
        messages.success(request, f"Copied “{question_set.title}” into your workspace.")
        return redirect_page(request, reverse("set_edit", args=[copy.slug]))
    status = 400 if request.method == "POST" else 200
    context = {"question_set": question_set, "form": form}
    return render(request, "questions/set_copy.html", context, status=status)
