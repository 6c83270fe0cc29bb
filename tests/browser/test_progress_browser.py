"""My progress in a real browser: the filter swaps the history, the weak-spot quiz starts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
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
    page.wait_for_function(
        "document.querySelector('#history-summary').innerText.startsWith('2 submitted')"
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
