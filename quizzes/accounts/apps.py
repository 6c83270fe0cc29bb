from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users (role, time zone, study settings), sign-up, password change, sign-in throttling."""

    name = "quizzes.accounts"
    verbose_name = "Accounts"
