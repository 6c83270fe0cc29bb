"""Shared set-up for browser tests: Debian's Chromium driven by Playwright.

Playwright's own browser download does not work here, so the system Chromium is used.
Screenshots go under test-results/<test name>/.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop; Django's ORM is still used synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, request, **context_options):
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    folder = RESULTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot_to = lambda name: page.screenshot(path=folder / f"{name}.png", full_page=True)
    return context, page


@pytest.fixture
def browser_page(browser, request):
    """A fresh page (own cookies) with `page.screenshot_to(name)` saving into test-results/."""
    context, page = _page(browser, request)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, request):
    """A page with JavaScript disabled, to check the plain-form fallbacks."""
    context, page = _page(browser, request, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    """Log a page in through the real login form."""

    def do_login(page, username: str, password: str = "pass-word-123"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return do_login
