from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from quizzes.accounts.models import TIME_ZONES, User

MAX_PASSWORD = 128  # hashing a password costs in proportion to its length: cap what is sent


class CappedPasswords:
    """Django's password forms set no maximum length; these say one and keep to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if "password" in name:
                field.validators.append(MaxLengthValidator(MAX_PASSWORD))
                field.widget.attrs["maxlength"] = MAX_PASSWORD


class SignupForm(CappedPasswords, auth_forms.UserCreationForm):
    # Filled in by app.js from the browser's own zone; without JavaScript it stays UTC,
    # and a zone this server does not know is read as UTC rather than refusing the sign-up.
    time_zone = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}),
    )

    class Meta:
        model = User
        fields = ["username", "email"]
        labels = {"email": "E-mail (optional)"}
        help_texts = {"email": "Only to reset your password if you forget it."}

    def clean_time_zone(self) -> str:
        value = self.cleaned_data.get("time_zone") or ""
        return value if value in TIME_ZONES else "UTC"

    def save(self, commit: bool = True) -> User:
        self.instance.time_zone = self.cleaned_data["time_zone"]
        return super().save(commit=commit)


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=[(tz, tz.replace("_", " ")) for tz in TIME_ZONES],
        help_text="Due dates, deadlines and the flashcards' “due today” follow this zone.",
    )

    class Meta:
        model = User
        fields = ["email", "time_zone"]
        labels = {"email": "E-mail"}
        help_texts = {"email": "Used only to send you a link to reset your password."}


class PasswordChangeForm(CappedPasswords, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(CappedPasswords, auth_forms.SetPasswordForm):
    pass
