"""The input boundary: values no view is ever asked to handle.

Views parse their own input (the quiz player reads POSTs without forms), so rules that hold
for every field live here rather than in each parser:

- no NUL character in the address, a query or form field's name or value: PostgreSQL text
  cannot hold one, so it could only ever fail as a 500 further in;
- no whole number a 64-bit column cannot hold (SQLite refuses to bind one with an
  OverflowError, PostgreSQL fails a write): a field whose value reads as an integer
  (as `int()` or a Django IntegerField would read it) must lie within ±2**63.

Such a request is answered 400 with a message before its view runs; nothing is saved. An
<int:…> in the address beyond 64 bits is a 404: no row has that id.
Uploaded files are not looked into here: their readers check their contents.
"""

import re

from django.http import Http404
from django.shortcuts import render

from quizzes.htmx import wants_fragment

LARGEST = 2**63 - 1
# What int() and forms.IntegerField take: a sign, Unicode decimal digits, underscores
# between digits, spaces around and (IntegerField) a trailing ".000".
INTEGER = re.compile(r"\s*[+-]?\d+(?:_\d+)*(?:\.0*)?\s*")
NO_NUL = "This request contains a NUL character, which no field accepts. Nothing was saved."
TOO_LARGE = (
    f"A number in this request is too large (the largest accepted is {LARGEST:,}). "
    "Nothing was saved."
)


def refusal(request) -> str | None:
    """Why the request breaks a boundary rule, or None."""
    if "\x00" in request.path:
        return NO_NUL
    fields = [request.GET]
    if request.method == "POST":
        fields.append(request.POST)
    for data in fields:
        for name, values in data.lists():
            if "\x00" in name:
                return NO_NUL
            for value in values:
                if "\x00" in value:
                    return NO_NUL
                if len(value) > 18 and _too_large(value):
                    return TOO_LARGE
    return None


def _too_large(value: str) -> bool:
    if not INTEGER.fullmatch(value):
        return False
    digits = value.strip().lstrip("+-").split(".")[0].replace("_", "").lstrip("0")
    # int() refuses more than a few thousand digits; a 64-bit value has at most 19.
    return len(digits) > 19 or int(digits or "0") > LARGEST + (value.strip()[0] == "-")


class InputBoundaryMiddleware:
    """Refuses (400) a request carrying what `refusal` names, after URL resolution and the
    CSRF check, before the view: a forged POST is still a 403 and an unknown address a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(
            isinstance(v, int) and not -LARGEST - 1 <= v <= LARGEST for v in view_kwargs.values()
        ):
            raise Http404("No such page: that id is larger than any id.")
        if problem := refusal(request):
            template = "bad_request.html#problem" if wants_fragment(request) else "bad_request.html"
            # A page asked for with a bad query is still there without it.
            again = request.path if request.method == "GET" and "\x00" not in request.path else ""
            return render(request, template, {"problem": problem, "again": again}, status=400)
        return None
