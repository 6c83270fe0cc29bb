"""Wide tables scroll in a box of their own on a phone (375 px) instead of widening the page:
each table with more than two columns sits in <div class="table-scroll" role="region"
aria-label=… tabindex="0">, so the box can be reached and scrolled with the keyboard and is
announced by name. (The browser test in tests/browser/test_progress_browser.py checks the
scrolling itself.)"""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from quizzes.attempts.services import attempt_start
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
)

QUIZZES = Path(__file__).resolve().parent.parent / "quizzes"
TEMPLATES = sorted(p for p in QUIZZES.glob("**/templates/**/*.html") if "<table" in p.read_text())
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Tables(HTMLParser):
    """Each <table> with its column count (cells in its first row) and its ancestors' attrs.
    Template tags are left in as text; a tag such as `<tr{% if … %}>` is read as `tr`."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.tables: list[dict] = []
        self._open: list[dict] = []  # tables being read, innermost last

    def handle_starttag(self, tag, attrs):
        tag = tag.split("{")[0]
        if tag == "table":
            table = {"ancestors": [a for _, a in self.stack], "columns": 0, "rows": 0}
            self.tables.append(table)
            self._open.append(table)
        elif self._open and tag == "tr":
            self._open[-1]["rows"] += 1
        elif self._open and tag in ("th", "td") and self._open[-1]["rows"] == 1:
            self._open[-1]["columns"] += 1
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "table" and self._open:
            self._open.pop()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def tables(html: str) -> list[dict]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def scroll_box(table: dict) -> dict | None:
    for attrs in reversed(table["ancestors"]):
        if "table-scroll" in (attrs.get("class") or "").split():
            return attrs
    return None


def assert_scrolls(table: dict, where: str) -> None:
    box = scroll_box(table)
    assert box is not None, f"a {table['columns']}-column table in {where} is not in .table-scroll"
    assert box.get("role") == "region", where
    assert box.get("tabindex") == "0", where
    assert (box.get("aria-label") or "").strip() or box.get("aria-labelledby"), where


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(QUIZZES)))
def test_every_wide_table_in_the_templates_scrolls_in_a_region(template):
    source = template.read_text()
    for table in tables(source):
        if table["columns"] > 2:
            assert_scrolls(table, str(template))
            labelledby = scroll_box(table).get("aria-labelledby")
            if labelledby:
                assert f'id="{labelledby}"' in source, f"{template}: no element #{labelledby}"


def test_the_template_check_sees_an_unwrapped_table():
    found = tables("<section><table><tr><th>a</th><th>b</th><th>c</th></tr></table></section>")
    assert found[0]["columns"] == 3 and scroll_box(found[0]) is None


def rendered_tables(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    found = tables(response.content.decode())
    assert found, f"no table on {url}"
    return found


@pytest.mark.django_db
def test_student_pages_put_their_tables_in_scroll_regions(as_user, student):
    classroom = ClassroomFactory()
    MembershipFactory(classroom=classroom, student=student)
    AssignmentFactory(classroom=classroom)
    question_set = QuestionSetFactory(questions=[QuestionFactory()])
    attempt_start(user=student, question_set=question_set)
    client = as_user(student)
    for url in (question_set.get_absolute_url(), reverse("my_assignments")):
        for table in rendered_tables(client, url):
            assert_scrolls(table, url)


@pytest.mark.django_db
def test_teacher_pages_put_their_tables_in_scroll_regions(as_user, teacher):
    classroom = ClassroomFactory(owner=teacher)
    AssignmentFactory(classroom=classroom)
    QuestionFactory(author=teacher)
    client = as_user(teacher)
    for url in (reverse("class_detail", args=[classroom.pk]), reverse("workspace")):
        for table in rendered_tables(client, url):
            assert_scrolls(table, url)
