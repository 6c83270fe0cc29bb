from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces every app uses: decorators, htmx helpers, formatting, CSV cells, the
    base template and the database-specific fast paths. It imports no other app."""

    name = "quizzes.core"
    verbose_name = "Core"

    def ready(self):
        from quizzes.core import checks  # noqa: F401  (registers the database check)
