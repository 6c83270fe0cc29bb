"""Joining through the class's link, in a second browser, on a phone; the teacher's class
page (link, QR code, copy button, new code), the printable card, and the assignment form
(a library set found by searching, default times, errors from the server)."""

import time

import pytest

from quizzes.classes.models import Assignment, Classroom, Membership
from tests.browser.helpers import htmx_settled, wait_until
from tests.factories import ClassroomFactory, QuestionSetFactory, TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 900}}


def _context(browser, request, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    folder = __import__("tests.browser.conftest", fromlist=["RESULTS"]).RESULTS
    folder = folder / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot_to = lambda name: page.screenshot(path=folder / f"{name}.png", full_page=True)
    return context, page


def _sign_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/**")


def _no_sideways_scroll(page, name):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{name} is {width} px wide at 375"


def test_new_student_signs_up_through_the_join_link_on_a_phone(live_server, browser, request):
    started = time.monotonic()
    teacher = TeacherFactory(username="hopper", first_name="Grace", last_name="Hopper")
    classroom = ClassroomFactory(owner=teacher, name="Year 9 History")
    url = live_server.url

    teacher_context, teacher_page = _context(browser, request, **WIDE)
    teacher_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    _sign_in(teacher_page, url, "hopper")
    teacher_page.goto(f"{url}/classes/{classroom.pk}/")
    link = teacher_page.locator(".join-link a").inner_text()
    assert link == f"{url}/join/{classroom.join_code}/"
    assert teacher_page.locator("figure.join-qr svg").is_visible()
    teacher_page.get_by_role("button", name="Copy link").click()
    teacher_page.get_by_text("Copied.").wait_for()
    assert teacher_page.evaluate("navigator.clipboard.readText()") == link
    teacher_page.screenshot_to("class-page-1280")

    # A new student, on a phone, in another browser.
    student_context, phone = _context(browser, request, **PHONE)
    phone.goto(link)
    phone.wait_for_url(f"{url}/accounts/signup/?next=*")
    assert (
        phone.get_by_role("link", name="Log in")
        .get_attribute("href")
        .endswith(f"/join/{classroom.join_code}/")
    )
    phone.get_by_label("Username").fill("newpupil")
    phone.get_by_label("First name").fill("Isaac")
    phone.get_by_label("Last name (optional)").fill("Newton")
    phone.locator("#id_password1").fill("a-long-pass-phrase-1")
    phone.locator("#id_password2").fill("a-long-pass-phrase-1")
    _no_sideways_scroll(phone, "sign-up")
    phone.get_by_role("button", name="Create account").click()
    phone.wait_for_url(link)
    phone.get_by_role("heading", name="Join Year 9 History").wait_for()
    phone.get_by_text("taught by Grace Hopper").wait_for()
    assert not Membership.objects.exists()  # opening the link did not join
    _no_sideways_scroll(phone, "join page")
    phone.screenshot_to("join-page-375")
    phone.get_by_role("button", name="Join Year 9 History").click()
    phone.wait_for_url(f"{url}/assignments/")
    phone.get_by_text("You joined Year 9 History.").wait_for()
    assert Membership.objects.get().student.username == "newpupil"
    phone.screenshot_to("joined-375")

    # The teacher makes a new code: the QR and link change at once; the old link is dead.
    old_qr = teacher_page.locator("figure.join-qr").inner_html()
    teacher_page.get_by_role("button", name="New code").click()
    htmx_settled(teacher_page)
    wait_until(
        teacher_page, f"!document.querySelector('.join-link').textContent.includes('{link}')"
    )
    assert teacher_page.locator("figure.join-qr").inner_html() != old_qr
    phone.goto(link)
    phone.get_by_role("heading", name="This join link is no longer valid").wait_for()
    assert "Ask your teacher for the new one" in phone.content()
    _no_sideways_scroll(phone, "invalid link")
    new_code = Classroom.objects.get().join_code
    assert teacher_page.locator(".join-link a").inner_text() == f"{url}/join/{new_code}/"
    print(f"\njoin-link flow: {time.monotonic() - started:.1f} s")
    student_context.close()
    teacher_context.close()


def test_join_card_prints_alone_and_fits_a_phone(live_server, browser, request):
    teacher = TeacherFactory(username="hopper")
    classroom = ClassroomFactory(owner=teacher, name="Year 9 History")
    url = live_server.url
    context, page = _context(browser, request, **PHONE)
    _sign_in(page, url, "hopper")
    page.goto(f"{url}/classes/{classroom.pk}/")
    _no_sideways_scroll(page, "class page")
    page.screenshot_to("class-page-375")
    page.get_by_role("link", name="Printable join card").click()
    page.get_by_role("heading", name="Join Year 9 History").wait_for()
    page.get_by_role("button", name="Print the card").wait_for()  # shown by its script
    _no_sideways_scroll(page, "join card")
    page.screenshot_to("join-card-375")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Print the card").is_visible()
    assert page.locator(".join-card-code").inner_text() == classroom.join_code
    page.screenshot_to("join-card-print")
    context.close()


def test_assignment_form_finds_a_library_set_and_shows_server_errors(live_server, browser, request):
    teacher = TeacherFactory(username="hopper", time_zone="Europe/Brussels")
    author = TeacherFactory(first_name="Ada", last_name="Lovelace")
    classroom = ClassroomFactory(owner=teacher, name="Year 9 History")
    QuestionSetFactory(owner=teacher, title="My own quiz")
    library = QuestionSetFactory(owner=author, title="Founding of NATO", visibility="public")
    for n in range(5):
        QuestionSetFactory(owner=author, title=f"Other library set {n}", visibility="public")
    url = live_server.url
    context, page = _context(browser, request, **PHONE)
    _sign_in(page, url, "hopper")
    page.goto(f"{url}/classes/{classroom.pk}/assignments/new/")
    assert page.get_by_label("Due at").input_value().endswith("T23:59")
    page.get_by_label("Find a set").fill("found")
    page.get_by_text("1 set matches “found”").wait_for()
    assert page.evaluate("document.activeElement.id") == "set-search"  # typing goes on
    page.get_by_label("Question set").select_option(label="Founding of NATO — Ada Lovelace")
    _no_sideways_scroll(page, "assignment form")
    page.screenshot_to("assignment-form-375")

    # A blank opening time, sent as it is (the form is novalidate): the server says so.
    page.get_by_label("Opens at").fill("")
    page.get_by_role("button", name="Assign").click()
    error = page.locator(".field-group", has=page.get_by_label("Opens at")).locator(".errorlist")
    error.get_by_text("Give the date and time the assignment opens.").wait_for()
    assert page.get_by_label("Question set").input_value() == str(library.pk)
    page.screenshot_to("assignment-form-error-375")
    page.get_by_label("Opens at").fill("2026-12-01T09:00")
    page.get_by_role("button", name="Assign").click()
    page.wait_for_url(f"{url}/classes/{classroom.pk}/")
    assert Assignment.objects.get().question_set == library
    context.close()
