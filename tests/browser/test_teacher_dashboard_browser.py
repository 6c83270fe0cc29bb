"""A visitor signs up as a teacher and lands on their dashboard; the demo teacher's
dashboard shows the demo class's assignments, Ana's submissions and Ben needing attention;
staff approve a set into the library. At 375 px and 1280 px, without sideways scroll."""

import io

import pytest
from django.core.management import call_command

from quizzes.accounts.models import User
from quizzes.classes.management.commands.create_demo_accounts import DEMO_PASSWORD
from quizzes.questions.models import QuestionSet, QuestionType
from tests.factories import QuestionSetFactory, UserFactory, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 900}}


def library_sets():
    owner = UserFactory(username="nato-library")
    for i in range(2):
        questions = [make_question(QuestionType.SINGLE_CHOICE) for _ in range(3)]
        QuestionSetFactory(owner=owner, title=f"Library set {i}", questions=questions)


@pytest.mark.parametrize("size", ["phone", "wide"])
def test_a_visitor_signs_up_as_a_teacher_and_lands_on_the_dashboard(live_server, browser, size):
    context = browser.new_context(**(PHONE if size == "phone" else WIDE))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name (optional)").fill("Hopper")
    page.get_by_label("Username").fill(f"grace-{size}")
    page.get_by_label("I teach").check()
    page.locator("#id_password1").fill("a-long-pass-phrase-1")
    page.locator("#id_password2").fill("a-long-pass-phrase-1")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Hello, Grace").is_visible()
    assert page.get_by_role("button", name="New class").is_visible()
    assert User.objects.get(username=f"grace-{size}").is_teacher
    assert page.evaluate("document.documentElement.scrollWidth") <= (
        375 if size == "phone" else 1280
    )
    context.close()


@pytest.mark.parametrize("size", ["phone", "wide"])
def test_the_demo_teachers_dashboard_has_real_content(
    live_server, browser, login, settings, request, size
):
    library_sets()
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=io.StringIO())
    settings.DEBUG = False
    context = browser.new_context(**(PHONE if size == "phone" else WIDE))
    page = context.new_page()
    login(page, "teacher", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")
    open_panel = page.locator("section[aria-labelledby=open-heading]")
    assert "1/2" in open_panel.inner_text()
    assert "Ana Silva" in page.locator("section[aria-labelledby=recent-heading]").inner_text()
    attention = page.locator("section[aria-labelledby=attention-heading]").inner_text()
    assert "Ben Okafor" in attention and "missed Library set 1" in attention
    width = 375 if size == "phone" else 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for button in page.locator(".teacher-actions a").all():
        assert button.bounding_box()["height"] >= 44
    from tests.browser.conftest import RESULTS

    folder = RESULTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"teacher-dashboard-{width}.png", full_page=True)
    context.close()


def test_staff_approve_a_set_into_the_library(live_server, browser_page, login, staff):
    teacher_set = QuestionSetFactory(
        title="A new teacher's set", library_status=QuestionSet.Library.PENDING
    )
    page = browser_page
    login(page, staff.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Library review").click()
    page.get_by_role("button", name="Approve A new teacher's set").click()
    page.wait_for_selector("text=is now in the library")
    teacher_set.refresh_from_db()
    assert teacher_set.library_status == QuestionSet.Library.APPROVED
    assert page.get_by_text("No sets are waiting for review.").is_visible()
