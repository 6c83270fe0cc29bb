from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Gradebook, item analysis, attempt review, My progress and class progress."""

    name = "quizzes.reports"
    verbose_name = "Reports"
