"""URLs of flashcards; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.flashcards import views as flashcards

urlpatterns = [
    path("study/", flashcards.study, name="flashcards_study"),
    path("study/cards/<int:pk>/rate/", flashcards.card_rate, name="flashcards_rate"),
    path("study/undo/", flashcards.review_undo, name="flashcards_undo"),
    path("study/decks/", flashcards.decks, name="flashcards_decks"),
    path("study/decks/<int:pk>/remove/", flashcards.deck_stop, name="flashcards_deck_remove"),
    path("study/sets/<slug:slug>/", flashcards.deck_create, name="flashcards_deck_add"),
    path("study/sets/<slug:slug>/cram/", flashcards.cram, name="flashcards_cram"),
    path("study/stats/", flashcards.stats, name="flashcards_stats"),
    path("study/settings/", flashcards.study_settings, name="flashcards_settings"),
]
