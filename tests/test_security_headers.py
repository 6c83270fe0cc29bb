"""Content-Security-Policy and Permissions-Policy on every page (settings.SECURE_CSP,
PERMISSIONS_POLICY). The browser tests fail on any violation a page reports
(tests/browser/conftest.py); this checks the headers and that no template needs inline code."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/admin/login/"])
def test_anonymous_pages_enforce_the_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"  # and, on pages that use one, a nonce:
    assert all(value.startswith("'nonce-") for value in csp["script-src"][1:])
    assert csp["style-src"] == ["'self'"]
    assert (csp["object-src"], csp["base-uri"]) == (["'none'"], ["'none'"])
    assert csp["frame-ancestors"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert not any(
        value in ("'unsafe-inline'", "'unsafe-eval'") for values in csp.values() for value in values
    )
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_signed_in_pages_and_the_admin_enforce_it(as_user, student, staff):
    response = as_user(student).get(reverse("home"))
    assert policy(response)["script-src"] == ["'self'"]  # no nonce where nothing uses it
    admin = as_user(staff).get(reverse("admin:index"))
    assert admin.status_code == 200
    # The admin marks its scripts with {% csp_nonce_attr %}: that page's nonce is sent.
    (nonce,) = re.findall(r"'nonce-([^']+)'", " ".join(policy(admin)["script-src"]))
    assert f'nonce="{nonce}"' in admin.text


TEMPLATE_ROOTS = [settings.BASE_DIR / "quizzes"]
INLINE = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "an on… event attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "htmx's eval (hx-on, js: values)": re.compile(r"hx-on|[\"']js:", re.I),
}
COMMENTS = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


def test_no_template_needs_inline_script_or_style():
    """What the policy refuses, found before a browser does: each would be a violation."""
    templates = [path for root in TEMPLATE_ROOTS for path in root.rglob("templates/**/*.html")]
    assert len(templates) > 50
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(COMMENTS.sub("", path.read_text()))
    ]
    assert not found, "\n".join(found)
