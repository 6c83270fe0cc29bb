"""My progress in a real browser: the filter swaps the history, the weak-spot quiz starts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import wait_until
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    DeckFactory,
    DocumentFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    StudentFactory,
)
from tests.reports.test_progress import answer, attempt_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_history_and_practise_weak_spots(live_server, browser_page, login, student):
    page = browser_page
    question = QuestionFactory(prompt="Which article covers collective defence?")
    attempt_at(student, timezone.now() - timedelta(days=120), 30)
    submitted = timezone.now() - timedelta(days=2)
    recent = attempt_at(student, submitted, 70)
    answer(recent, question, score=0, when=submitted - timedelta(minutes=5))
    login(page, student.username)
    page.get_by_role("link", name="My progress").click()
    summary = page.locator("#history-summary")
    assert summary.inner_text().startswith("1 submitted attempt, average 70%")
    page.get_by_label("Period").select_option("all")
    page.get_by_role("button", name="Show").click()
    wait_until(
        page, "document.querySelector('#history-summary').innerText.startsWith('2 submitted')"
    )
    assert "period=all" in page.url  # hx-push-url keeps the address shareable
    assert page.locator(".score-chart circle").count() >= 2
    page.screenshot_to("progress")

    page.get_by_role("button", name="Practise this question").click()
    page.wait_for_url("**/attempts/**")
    assert "Which article covers collective defence?" in page.content()


def test_filter_without_javascript(live_server, no_js_page, login, student):
    page = no_js_page
    attempt_at(student, timezone.now() - timedelta(days=60), 30)
    login(page, student.username)
    page.goto(f"{live_server.url}/progress/")
    page.get_by_label("Period").select_option("all")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/progress/?period=all**")
    assert page.locator("#history-summary").inner_text().startswith("1 submitted attempt")


def test_teacher_reaches_class_progress_from_the_class(live_server, browser_page, login, teacher):
    page = browser_page
    classroom = ClassroomFactory(owner=teacher, name="Year 9")
    assignment = AssignmentFactory(classroom=classroom)
    pupil = StudentFactory(first_name="Ada", last_name="Lovelace")
    MembershipFactory(classroom=classroom, student=pupil)
    idle = StudentFactory(first_name="Idle", last_name="Pupil")
    MembershipFactory(classroom=classroom, student=idle)
    attempt_at(pupil, timezone.now() - timedelta(days=1), 64, assignment=assignment)
    login(page, teacher.username)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    page.get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Progress: Year 9").wait_for()
    attention = page.locator(".attention").inner_text()
    assert "Idle Pupil: Has not studied yet" in attention
    assert "Ada Lovelace" not in attention
    assert "64% · 1 student" in page.locator("#assignments").inner_text()
    page.screenshot_to("class-progress")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download attempt history (CSV)").click()
    assert download.value.suggested_filename == "attempts-year-9.csv"


def test_wide_tables_scroll_inside_the_page_on_a_phone(
    live_server, browser, login, student, teacher
):
    """The activity heat map and item analysis scroll in their own box (keyboard-focusable),
    not the whole page, at 375 px."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        attempt_at(student, timezone.now() - timedelta(days=3), 60)
        question_set = QuestionSetFactory(
            owner=teacher, questions=[QuestionFactory(prompt="Which article? " * 8)]
        )
        pages = [
            (student, "/progress/", "Activity per day"),
            (teacher, f"/workspace/sets/{question_set.slug}/analysis/", "Item analysis table"),
        ]
        for user, path, region in pages:
            context.clear_cookies()
            login(page, user.username)
            page.goto(f"{live_server.url}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
            box = page.get_by_role("region", name=region)
            assert box.evaluate("el => el.scrollWidth > el.clientWidth"), path  # it scrolls
            box.focus()
            page.keyboard.press("ArrowRight")
            wait_until(page, "el => el.scrollLeft > 0", arg=box.element_handle())
    finally:
        context.close()


def test_pages_fit_a_phone_screen(live_server, browser, login, student, teacher):
    """At 375 px no page scrolls sideways: wide tables scroll in their own box and long
    selects shrink (the class page, My assignments, decks, workspace and set editor)."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        long_title = "Collective defence and the North Atlantic Treaty, article by article"
        question_set = QuestionSetFactory(
            owner=teacher,
            title=long_title,
            questions=[QuestionFactory(prompt="Which article covers collective defence? " * 3)],
        )
        classroom = ClassroomFactory(owner=teacher, name="Year 9 history, second group")
        MembershipFactory(classroom=classroom, student=student)
        AssignmentFactory(classroom=classroom, question_set=question_set)
        DeckFactory(user=student, question_set=question_set)
        # A long title stretches the workspace's "Source document" filter (as the seeds do).
        DocumentFactory(title="The North Atlantic Treaty Organization (NATO) is " * 3)
        pages = [
            (teacher, f"/classes/{classroom.pk}/"),
            (teacher, "/workspace/"),
            (teacher, f"/workspace/sets/{question_set.slug}/"),
            (student, "/assignments/"),
            (student, "/study/decks/"),
            (teacher, "/interop/import/"),  # its CSV example, a wide <pre>
        ]
        for user, path in pages:
            context.clear_cookies()
            login(page, user.username)
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (path, width)
    finally:
        context.close()
