from django.apps import AppConfig


class ClassesConfig(AppConfig):
    """Classrooms, memberships, assignments and teacher invites."""

    name = "quizzes.classes"
    verbose_name = "Classes"
