from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """The source documents and their passages."""

    name = "quizzes.sources"
    verbose_name = "Sources"
