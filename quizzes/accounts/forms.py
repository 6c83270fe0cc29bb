from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from quizzes.accounts.models import User

MAX_PASSWORD = 128  # hashing a password costs in proportion to its length: cap what is sent


class CappedPasswords:
    """Django's password forms set no maximum length; these say one and keep to it."""

    fields: dict[str, forms.Field]  # the form's, this being mixed into a form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if "password" in name:
                field.validators.append(MaxLengthValidator(MAX_PASSWORD))
                field.widget.attrs["maxlength"] = MAX_PASSWORD


class SignupForm(CappedPasswords, auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["username"]


class PasswordChangeForm(CappedPasswords, auth_forms.PasswordChangeForm):
    pass
