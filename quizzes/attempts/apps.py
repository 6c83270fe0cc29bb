from django.apps import AppConfig


class AttemptsConfig(AppConfig):
    """Quiz attempts and their responses: the quiz player."""

    name = "quizzes.attempts"
    verbose_name = "Attempts"
