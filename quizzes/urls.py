"""URLs of every concern; each concern's views live in its own module."""

from django.contrib.auth import views as auth_views
from django.urls import path

from quizzes.accounts import views as accounts
from quizzes.attempts import views as attempts
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
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
