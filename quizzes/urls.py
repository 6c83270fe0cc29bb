"""URLs of every concern; each concern's views live in its own module."""

from django.contrib.auth import views as auth_views
from django.urls import path

from quizzes.accounts import views as accounts
from quizzes.questions import views as questions
from quizzes.sources import views as sources

urlpatterns = [
    path("", questions.home, name="home"),
    path("sets/<slug:slug>/", questions.set_detail, name="set_detail"),
    path("sources/", sources.document_list, name="document_list"),
    path("sources/<slug:slug>/", sources.document_detail, name="document_detail"),
    path("citations/<int:pk>/", sources.citation_in_source, name="citation_in_source"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
