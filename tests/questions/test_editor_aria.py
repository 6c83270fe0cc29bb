"""The question editor's ARIA: references point at elements on the page, and a field says
aria-invalid only while its error is shown (found by tests/browser/test_accessibility.py).

The live preview and the editing buttons validate the form without showing its errors;
Django would still mark such fields invalid and describe them by error lists the page does
not have.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.conftest import HTMX
from tests.questions.test_authoring import editor_data

pytestmark = pytest.mark.django_db

IDREFS = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage")


class Elements(HTMLParser):
    """Every start tag's attributes, in document order."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append({"tag": tag, **{name: value or "" for name, value in attrs}})

    @property
    def ids(self) -> set[str]:
        return {t["id"] for t in self.tags if "id" in t}

    def dangling(self) -> list[str]:
        ids = self.ids
        return [
            f"{t['tag']}#{t.get('id', '')} {name}={ref}"
            for t in self.tags
            for name in IDREFS
            for ref in t.get(name, "").split()
            if ref not in ids
        ]

    def invalid(self) -> list[str]:
        return [t.get("id", t["tag"]) for t in self.tags if t.get("aria-invalid") == "true"]


def test_a_new_question_has_no_dangling_aria_and_nothing_invalid(as_user, teacher):
    page = Elements(as_user(teacher).get(reverse("question_create")).text)
    assert page.dangling() == []
    assert page.invalid() == []
    prompt = next(t for t in page.tags if t.get("id") == "id_prompt")
    assert prompt["aria-describedby"] == "id_prompt_helptext"  # the help text under it


@pytest.mark.parametrize("op", ["type", "add", "find"])
@pytest.mark.parametrize("htmx", [False, True])
def test_editing_buttons_on_invalid_data_show_no_errors_and_mark_nothing(
    as_user, teacher, op, htmx
):
    """An empty prompt and a numeric question without its value are errors, not shown yet."""
    data = editor_data(kind="numeric", rows=[{}], op=op, prompt="")
    response = as_user(teacher).post(reverse("question_create"), data, **(HTMX if htmx else {}))
    assert response.status_code == 200
    page = Elements(response.text)
    assert page.dangling() == []
    assert page.invalid() == []
    assert 'class="errorlist' not in response.text


def test_a_refused_save_marks_the_fields_whose_errors_it_shows(as_user, teacher):
    data = editor_data(kind="numeric", rows=[{}], prompt="")
    response = as_user(teacher).post(reverse("question_create"), data)
    assert response.status_code == 400
    page = Elements(response.text)
    assert page.dangling() == []
    assert set(page.invalid()) == {"id_prompt", "id_numeric_value"}
    described = {
        t.get("id"): t["aria-describedby"].split() for t in page.tags if "aria-describedby" in t
    }
    assert "id_prompt_error" in described["id_prompt"]
    assert "id_numeric_value_error" in described["id_numeric_value"]
    errors = {t["id"] for t in page.tags if t["tag"] == "ul" and "errorlist" in t.get("class", "")}
    assert {"id_prompt_error", "id_numeric_value_error"} <= errors
