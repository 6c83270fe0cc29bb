from django.apps import AppConfig


class FlashcardsConfig(AppConfig):
    """Decks, cards (FSRS state) and review logs: flashcard study."""

    name = "quizzes.flashcards"
    verbose_name = "Flashcards"

    def ready(self):
        from quizzes.flashcards import services
        from quizzes.questions import signals

        # The questions app cannot call up to flashcards (quizzes/questions/signals.py).
        signals.set_out_of_sight.connect(
            services.decks_out_of_sight_receiver, dispatch_uid="flashcards.set_out_of_sight"
        )
        signals.set_item_added.connect(
            services.deck_cards_for_new_question_receiver,
            dispatch_uid="flashcards.set_item_added",
        )
