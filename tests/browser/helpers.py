"""Waits shared by the browser tests."""

import time

from playwright.sync_api import Error


def wait_until(page, expression: str, arg=None, timeout: float = 10.0):
    """Wait until `expression` (an expression, or a function of `arg`) is truthy in the page.

    Playwright's `page.wait_for_function` polls by evaluating its predicate with eval inside
    the page, which the app's Content-Security-Policy refuses (no 'unsafe-eval'): it fails
    with an EvalError and the page reports a violation. `page.evaluate` runs through
    DevTools, outside the page's CSP, so this polls with it instead.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression, arg) if arg is not None else page.evaluate(expression):
                return
        except Error as error:  # a navigation replaced the document: ask the new one
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for: {expression}")
        page.wait_for_timeout(50)


def htmx_settled(page):
    """Wait until htmx has settled its last swap: until then the new buttons are not wired to
    htmx yet, and a key press submits their form as a plain POST (a full page load)."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling"
    wait_until(page, f"!document.querySelector('{busy}')")
