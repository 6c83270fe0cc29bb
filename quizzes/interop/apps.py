from django.apps import AppConfig


class InteropConfig(AppConfig):
    """GIFT, CSV and Anki import and export."""

    name = "quizzes.interop"
    verbose_name = "Interop"
