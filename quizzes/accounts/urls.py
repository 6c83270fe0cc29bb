"""URLs of accounts; quizsite/urls.py includes them at the site root."""

from django.contrib.auth import views as auth_views
from django.urls import path

from quizzes.accounts import views as accounts

urlpatterns = [
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/password/", accounts.password_change_view, name="password_change"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
