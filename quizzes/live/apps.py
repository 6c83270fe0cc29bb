from django.apps import AppConfig


class LiveConfig(AppConfig):
    """The live classroom game: a teacher hosts a set, players answer on their phones."""

    name = "quizzes.live"
    verbose_name = "Live games"
