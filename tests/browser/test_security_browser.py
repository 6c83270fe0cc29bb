"""Security as a browser sees it: the CSP watch itself, the admin working under the policy,
and the locked-out sign-in page (docs/deploy.md)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import RESULTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_watch_reports_a_violation(live_server, browser_page, csp_violations):
    """What every browser test relies on: a refused inline style is reported."""
    browser_page.goto(f"{live_server.url}/accounts/login/")
    assert csp_violations == []
    browser_page.evaluate("document.body.setAttribute('style', 'color: red')")
    expect(browser_page.locator("body")).to_have_attribute("style", "color: red")
    browser_page.wait_for_timeout(200)
    assert any("style-src-attr" in v or "inline style" in v for v in csp_violations)
    csp_violations.clear()  # provoked on purpose


def test_the_admin_works_under_the_policy(live_server, browser_page, staff):
    page = browser_page
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    # The question form's inlines are added by the admin's JavaScript.
    page.goto(f"{live_server.url}/admin/questions/question/add/")
    rows = page.locator(".inline-related:not(.empty-form)")
    before = rows.count()
    page.get_by_text("Add another Choice").click()
    expect(rows).to_have_count(before + 1)
    page.screenshot_to("admin-question-add")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_locked_out_sign_in_says_why(live_server, browser, student, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill(student.username)
        page.get_by_label("Password").fill("not-my-password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Too many failed sign-ins for this username")
    expect(alert).to_contain_text("Try again in 15 minutes")
    page.screenshot(path=RESULTS / "locked-out" / f"{width}.png", full_page=True)
    page.get_by_label("Username").fill(student.username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    context.close()
