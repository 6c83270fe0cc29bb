from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    """Questions, their answer keys, versions and citations; question sets; the workspace."""

    name = "quizzes.questions"
    verbose_name = "Questions"
