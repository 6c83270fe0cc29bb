"""The design foundation in Chromium (issue 24): phone width without sideways scroll,
16 px inputs and 44 px touch targets, the menu that works without JavaScript, dark mode,
the student's dashboard, the time zone from the browser at sign-up, and a password reset
from the e-mail to the new password, with axe over the new pages in both schemes."""

import re

import pytest
from django.core import mail

from quizzes.accounts.models import User
from quizzes.attempts.services import attempt_start
from tests.browser.test_accessibility import Audit
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionSetFactory,
    make_question,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}

# Page width, inputs under 16 px or 44 px tall, and buttons/nav links under 44x44 px.
MEASURE = """() => {
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const small = [];
  const fields = "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), "
    + "select, textarea";
  for (const e of document.querySelectorAll(fields)) {
    if (!visible(e)) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    const height = e.getBoundingClientRect().height;
    if (size < 16 || height < 43.5) small.push(`${e.name || e.id}: ${size}px, ${height}px tall`);
  }
  // On a phone the account's name is a label over its links (no pointer events), not a target.
  const targets = ".site-header a, .site-header summary:not(.account summary), "
    + "main button:not(.link):not(.small), main [role=button]:not(.small)";
  for (const e of document.querySelectorAll(targets)) {
    if (!visible(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.height < 43.5) small.push(`${e.textContent.trim().slice(0, 30)}: ${r.width}x${r.height}`);
  }
  return {width: document.documentElement.scrollWidth, small};
}"""


def check_phone_page(page, name: str):
    found = page.evaluate(MEASURE)
    assert found["width"] <= 375, f"{name} is {found['width']} px wide at 375"
    assert not found["small"], f"{name}: {found['small']}"


@pytest.fixture
def student_world(student):
    question_set = QuestionSetFactory(
        title="Founding of NATO", questions=[make_question("true_false") for _ in range(3)]
    )
    classroom = ClassroomFactory(name="Demo class")
    MembershipFactory(classroom=classroom, student=student)
    AssignmentFactory(classroom=classroom, question_set=question_set)
    other = QuestionSetFactory(title="Article 5", questions=[make_question("true_false")])
    attempt_start(user=student, question_set=other)
    return classroom


def test_phone_pages_fit_and_have_large_targets(
    live_server, browser, login, student, teacher, student_world
):
    url = live_server.url
    for who, paths in {
        None: ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
        student: ["/", "/assignments/", "/accounts/profile/", "/accounts/password/"],
    }.items():
        context = browser.new_context(**PHONE)
        page = context.new_page()
        if who is not None:
            login(page, who.username)
        for path in paths:
            page.goto(f"{url}{path}")
            check_phone_page(page, path)
        if who is not None:  # My assignments as cards: Start within the screen
            page.goto(f"{url}/assignments/")
            start = page.locator("main button", has_text="Start").first.bounding_box()
            assert start["x"] >= 0 and start["x"] + start["width"] <= 375, start
        context.close()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    student_world.owner = teacher
    student_world.save()
    login(page, teacher.username)
    for path in ["/", f"/classes/{student_world.pk}/", f"/classes/{student_world.pk}/gradebook/"]:
        page.goto(f"{url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    context.close()


def test_the_quiz_shows_only_its_title_and_a_way_out(live_server, browser, login, student):
    question_set = QuestionSetFactory(
        title="Founding of NATO", questions=[make_question("true_false")]
    )
    attempt = attempt_start(user=student, question_set=question_set)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    login(page, student.username)
    page.goto(f"{live_server.url}{attempt.get_absolute_url()}")
    assert page.get_by_role("navigation", name="Main").count() == 0
    header = page.locator("header.site-header")
    assert header.locator(".title").inner_text() == "Founding of NATO"
    header.get_by_role("link", name="Leave quiz").click()
    page.wait_for_url(f"{live_server.url}/")
    context.close()


def test_the_phone_menu_opens_without_javascript(live_server, browser, student):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.get_by_role("link", name="Log in").is_visible()
    nav.locator("summary", has_text="Menu").click()
    assert nav.get_by_role("link", name="Log in").is_visible()
    nav.get_by_role("link", name="Sign up").click()
    page.wait_for_url(f"{live_server.url}/accounts/signup/")
    context.close()


def test_wide_screen_shows_the_nav_open_and_dark_mode_follows_the_system(
    live_server, browser, login, teacher
):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark")
    page = context.new_page()
    login(page, teacher.username)
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.locator("summary", has_text="Menu").is_visible()
    names = [n.strip() for n in nav.locator(".nav-menu > ul > li > a").all_inner_texts()]
    assert names[:4] == ["Workspace", "My documents", "Classes", "Import questions"]
    assert "Flashcards" not in names  # this teacher does not study
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = map(int, re.findall(r"\d+", background)[:3])
    assert red + green + blue < 150, background
    nav.locator(".account summary").click()
    assert nav.get_by_role("link", name="Profile and time zone").is_visible()
    context.close()


def test_the_student_dashboard_continues_and_lists_what_is_due(
    live_server, browser_page, login, student, student_world
):
    login(browser_page, student.username)
    page = browser_page
    assert page.get_by_role("heading", name="Pick up where you left off").is_visible()
    page.get_by_role("link", name="Continue Article 5").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/"))
    page.goto(f"{live_server.url}/")
    due = page.get_by_role("region", name="Due soon")
    assert due.get_by_text("Founding of NATO").is_visible()
    due.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/"))


def test_sign_up_takes_the_browsers_time_zone_and_utc_without_javascript(live_server, browser):
    for zone, script, expected in [("Asia/Tokyo", True, "Asia/Tokyo"), (None, False, "UTC")]:
        options = {"java_script_enabled": script} | ({"timezone_id": zone} if zone else {})
        context = browser.new_context(**options)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/signup/")
        name = f"new-{expected.replace('/', '-').lower()}"
        page.get_by_label("First name").fill("Nia")
        page.get_by_label("Username").fill(name)
        page.locator("#id_password1").fill("a-long-pass-phrase-1")
        page.locator("#id_password2").fill("a-long-pass-phrase-1")
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url(f"{live_server.url}/")
        assert User.objects.get(username=name).time_zone == expected
        page.goto(f"{live_server.url}/accounts/profile/")
        assert page.get_by_label("Time zone").input_value() == expected
        context.close()


def test_forgot_password_end_to_end(live_server, browser, student):
    student.email = "pupil@example.org"
    student.save(update_fields=["email"])
    audit = Audit("password-reset")
    for scheme in ["light", "dark"]:
        context = browser.new_context(color_scheme=scheme, **PHONE)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("link", name="Forgot password?").click()
        audit(page, f"form-{scheme}")
        page.get_by_label("Email").fill("pupil@example.org")
        page.get_by_role("button", name="Send the link").click()
        page.get_by_role("heading", name="Check your e-mail").wait_for()
        audit(page, f"sent-{scheme}")
        link = re.search(r"http://\S+/accounts/password/reset/\S+/", mail.outbox[-1].body).group(0)
        page.goto(link)
        page.get_by_role("heading", name="Choose a new password").wait_for(timeout=5000)
        audit(page, f"new-password-{scheme}")
        password = f"brand-new-{scheme}-pass-77"
        page.locator("#id_new_password1").fill(password)
        page.locator("#id_new_password2").fill(password)
        page.get_by_role("button", name="Set new password").click()
        page.get_by_role("heading", name="Your password was changed").wait_for()
        page.locator("main").get_by_role("button", name="Log in").click()
        page.get_by_label("Username").fill(student.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/accounts/profile/")
        audit(page, f"profile-{scheme}")
        context.close()
    assert len(mail.outbox) == 2
    audit.assert_clean()
