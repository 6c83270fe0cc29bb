"""Background work of the documents app, through Django's tasks API (django.tasks).

The backend is settings.TASKS: django-tasks-db's database backend, whose worker
(`manage.py db_worker`) `make run` starts, so it works on SQLite and PostgreSQL alike;
the tests run tasks at once (ImmediateBackend)."""

from django.tasks import task

from quizzes.documents.services import drafting_run_perform


@task
def draft_document(run_id: int) -> int:
    """Draft the run's questions; returns how many are new."""
    return drafting_run_perform(run_id=run_id)
