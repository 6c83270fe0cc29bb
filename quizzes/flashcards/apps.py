from django.apps import AppConfig


class FlashcardsConfig(AppConfig):
    """Decks, cards (FSRS state) and review logs: flashcard study."""

    name = "quizzes.flashcards"
    verbose_name = "Flashcards"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from quizzes.flashcards import context_processors as nav
        from quizzes.flashcards import services
        from quizzes.flashcards.models import Deck
        from quizzes.questions import signals

        # A teacher's nav shows study tools once they have decks (context_processors.py).
        user_logged_in.connect(nav.remember_on_sign_in, dispatch_uid="flashcards.nav.sign_in")
        post_save.connect(nav.deck_added, sender=Deck, dispatch_uid="flashcards.nav.deck_added")

        # The questions app cannot call up to flashcards (quizzes/questions/signals.py).
        signals.set_out_of_sight.connect(
            services.decks_out_of_sight_receiver, dispatch_uid="flashcards.set_out_of_sight"
        )
        signals.set_item_added.connect(
            services.deck_cards_for_new_question_receiver,
            dispatch_uid="flashcards.set_item_added",
        )
