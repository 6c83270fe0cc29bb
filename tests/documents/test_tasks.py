"""Drafting through the database task queue and its worker, as `make run` runs it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from quizzes.documents.extraction import Extracted
from quizzes.documents.models import Draft, DraftingRun
from quizzes.documents.services import document_store
from tests.conftest import HTMX
from tests.documents.files import TREATY


# The worker manages its own database connections (it closes them between tasks), so the
# test commits as a real request would instead of running in a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_drafting_is_queued_then_done_by_the_worker(settings, as_user, teacher):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = document_store(
        owner=teacher, extracted=Extracted("", "\n".join(TREATY)), file_name="t.txt"
    ).document
    client = as_user(teacher)
    response = client.post(reverse("drafts_propose", args=[document.slug]))
    assert response.status_code == 302
    run = DraftingRun.objects.get()
    assert run.status == DraftingRun.Status.QUEUED and not Draft.objects.exists()
    # A second click while it waits starts nothing new.
    client.post(reverse("drafts_propose", args=[document.slug]))
    assert DraftingRun.objects.count() == 1
    polling = client.get(reverse("draft_review", args=[document.slug]), **HTMX)
    assert 'hx-trigger="every 1s"' in polling.text and "Drafting questions" in polling.text

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())

    run.refresh_from_db()
    assert run.status == DraftingRun.Status.DONE
    assert run.drafted == Draft.objects.count() > 0
    done = client.get(reverse("draft_review", args=[document.slug]), **HTMX)
    assert "every 1s" not in done.text
    assert f"{run.drafted} new drafts" in done.text
