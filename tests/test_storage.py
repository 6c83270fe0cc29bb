"""Static URLs (quizsite/storage.py): the same URLs as the manifest storage's, worked out
once."""

import json

import pytest
from django.test import override_settings

from quizsite.storage import StaticFilesStorage


@pytest.fixture
def manifest(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"a.css": "a.0123abcd.css"}, "hash": "x"})
    )
    return tmp_path


@override_settings(DEBUG=False)
def test_static_urls_come_from_the_manifest_once(manifest, monkeypatch):
    storage = StaticFilesStorage(location=manifest, base_url="/static/")
    assert storage.url("a.css") == "/static/a.0123abcd.css"
    monkeypatch.setattr(storage, "stored_name", lambda name: pytest.fail("not remembered"))
    assert storage.url("a.css") == "/static/a.0123abcd.css"


@override_settings(DEBUG=False)
def test_a_file_missing_from_the_manifest_is_an_error_every_time(manifest):
    storage = StaticFilesStorage(location=manifest, base_url="/static/")
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("missing.css")


@override_settings(DEBUG=True)
def test_debug_serves_unhashed_names(manifest):
    storage = StaticFilesStorage(location=manifest, base_url="/static/")
    assert storage.url("a.css") == "/static/a.css"


@pytest.mark.django_db
def test_debug_pages_do_not_load_django_htmx_error_page_helper(client, settings):
    """With DEBUG on (`make run`), django-htmx's helper script replaces the whole page with
    any 400/403 htmx response, but the app answers refused input (an empty quiz answer, an
    item that cannot be added) with 4xx fragments that htmx must swap into place."""
    settings.DEBUG = True
    page = client.get("/accounts/login/").text
    assert "/static/django_htmx/htmx-2.min.js" in page
    assert "django-htmx.js" not in page
