from django.apps import AppConfig


class AttemptsConfig(AppConfig):
    """Quiz attempts and their responses: the quiz player."""

    name = "quizzes.attempts"
    verbose_name = "Attempts"

    def ready(self) -> None:
        # The questions app asks, before a question or set goes, what attempts keep of it
        # (questions/holds.py); only this app can read them.
        from quizzes.attempts import selectors
        from quizzes.questions.holds import HOLDS

        HOLDS.question_drawn = selectors.question_drawn
        HOLDS.set_attempt_counts = selectors.set_attempt_counts
        HOLDS.running_in_another_mode = selectors.running_in_another_mode
