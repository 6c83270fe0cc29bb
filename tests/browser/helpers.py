"""Waits shared by the browser tests."""


def htmx_settled(page):
    """Wait until htmx has settled its last swap: until then the new buttons are not wired to
    htmx yet, and a key press submits their form as a plain POST (a full page load)."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling"
    page.wait_for_function(f"!document.querySelector('{busy}')")
