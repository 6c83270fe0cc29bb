from django.apps import AppConfig


class FlashcardsConfig(AppConfig):
    """Decks, cards (FSRS state) and review logs: flashcard study."""

    name = "quizzes.flashcards"
    verbose_name = "Flashcards"
