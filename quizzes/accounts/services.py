"""Writes to accounts."""

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest

from quizzes.accounts.forms import PasswordChangeForm


@transaction.atomic
def password_change(*, request: HttpRequest, form: PasswordChangeForm) -> None:
    """Save the new password. Sessions elsewhere end (their hash no longer matches), as
    after a password change anyone would expect; this one is kept signed in."""
    user = form.save()
    update_session_auth_hash(request, user)
