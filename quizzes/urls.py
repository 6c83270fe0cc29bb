"""URLs of every concern; each concern's views live in its own module."""

from django.contrib.auth import views as auth_views
from django.urls import path

from quizzes.accounts import views as accounts
from quizzes.attempts import views as attempts
from quizzes.flashcards import views as flashcards
from quizzes.questions import views as questions
from quizzes.sources import views as sources

urlpatterns = [
    path("", questions.home, name="home"),
    path("sets/<slug:slug>/", questions.set_detail, name="set_detail"),
    path("sets/<slug:slug>/start/", attempts.attempt_start, name="attempt_start"),
    path("attempts/<int:pk>/", attempts.attempt_play, name="attempt_play"),
    path("attempts/<int:pk>/answer/", attempts.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/submit/", attempts.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", attempts.attempt_result, name="attempt_result"),
    path("sources/", sources.document_list, name="document_list"),
    path("sources/<slug:slug>/", sources.document_detail, name="document_detail"),
    path("citations/<int:pk>/", sources.citation_in_source, name="citation_in_source"),
    path("study/", flashcards.study, name="flashcards_study"),
    path("study/cards/<int:pk>/rate/", flashcards.card_rate, name="flashcards_rate"),
    path("study/undo/", flashcards.review_undo, name="flashcards_undo"),
    path("study/sets/<slug:slug>/", flashcards.deck_create, name="flashcards_deck_add"),
    path("study/sets/<slug:slug>/cram/", flashcards.cram, name="flashcards_cram"),
    path("study/stats/", flashcards.stats, name="flashcards_stats"),
    path("study/settings/", flashcards.study_settings, name="flashcards_settings"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
