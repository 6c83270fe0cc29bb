from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Teachers' own documents: upload, passages, drafted questions and their review."""

    name = "quizzes.documents"
    verbose_name = "Documents"
