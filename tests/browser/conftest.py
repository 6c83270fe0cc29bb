"""Shared set-up for browser tests: Debian's Chromium driven by Playwright.

Playwright's own browser download does not work here, so the system Chromium is used.
Screenshots go under test-results/<test name>/.

Every page any test opens is watched for Content-Security-Policy violations (Chromium's
console errors, and the page's securitypolicyviolation events): a test whose pages report
one fails at its teardown, with the list.
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

# Also reported with JavaScript on; Chromium's own console error covers pages without it.
CSP_REPORTER = """document.addEventListener("securitypolicyviolation", (event) => {
  const element = event.target instanceof Element ? event.target.outerHTML.slice(0, 160) : "";
  console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}:${event.columnNumber}`
    + ` ${element}`);
});"""


class CspWatch:
    """Makes every context the browser opens report its pages' CSP violations here,
    however the test opens it (browser.new_context, browser.new_page, or
    page.context.browser.new_page: Playwright hands out the same Browser object)."""

    def __init__(self, browser):
        self.violations: list[str] = []
        self.contexts: list = []
        new_context = browser.new_context

        def watched_context(**options):
            context = new_context(**options)
            context.add_init_script(CSP_REPORTER)
            context.on("console", self._console)
            self.contexts.append(context)
            return context

        def watched_page(**options):
            return watched_context(**options).new_page()  # closed with the test's contexts

        browser.new_context = watched_context
        browser.new_page = watched_page

    def _console(self, message):
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or text.startswith("CSP violation")
        ):
            self.violations.append(f"{message.page.url if message.page else '?'}: {text}")

    def end_test(self) -> list[str]:
        """The test's violations; its contexts still open are closed (delivering their
        last events) and the watch starts afresh for the next test."""
        for context in self.contexts:
            context.close()
        found, self.violations, self.contexts = self.violations, [], []
        return found


@pytest.fixture(scope="session")
def _chromium():
    # Playwright's sync API runs an event loop; Django's ORM is still used synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser, CspWatch(browser)
        browser.close()


@pytest.fixture
def browser(_chromium):
    return _chromium[0]


@pytest.fixture
def csp_violations(_chromium):
    """The CSP violations reported so far in this test (a test that provokes one on
    purpose empties this list)."""
    return _chromium[1].violations


@pytest.fixture(autouse=True)
def _fail_on_csp_violations(request):
    yield
    if "_chromium" not in request.fixturenames:
        return
    found = request.getfixturevalue("_chromium")[1].end_test()
    if found:
        pytest.fail(f"{len(found)} Content-Security-Policy violation(s):\n" + "\n".join(found))


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
