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


@pytest.mark.django_db
def test_a_run_records_its_progress_by_passage_and_the_page_shows_it(as_user, teacher, monkeypatch):
    """Progress is written as drafting goes (a tenth of the way at a time), outside the
    transaction that stores the drafts, so the polling page can show it."""
    from quizzes.documents import services

    document = document_store(
        owner=teacher, extracted=Extracted("", "\n\n".join(TREATY)), file_name="t.txt"
    ).document
    run = DraftingRun.objects.create(document=document, owner=teacher)
    seen: list[tuple[int, int]] = []
    real_draft = services.drafting.draft

    def watching_draft(passages, *, document_text, progress):
        def spy(done, total):
            progress(done, total)
            row = DraftingRun.objects.get(pk=run.pk)
            seen.append((row.passages_done, row.passages_total))

        return real_draft(passages, document_text=document_text, progress=spy)

    monkeypatch.setattr(services.drafting, "draft", watching_draft)
    services.drafting_run_perform(run_id=run.pk)
    total = document.passages.count()
    assert total > 1
    assert seen[-1] == (total, total)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)

    # What the page shows while a run is under way.
    DraftingRun.objects.filter(pk=run.pk).update(
        status=DraftingRun.Status.RUNNING, passages_done=1, passages_total=4
    )
    page = as_user(teacher).get(reverse("draft_review", args=[document.slug]), **HTMX)
    assert "25% (1 of 4 passages)" in page.text
    assert '<progress value="1" max="4"' in page.text
