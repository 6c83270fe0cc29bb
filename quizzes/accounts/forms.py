from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from quizzes.accounts.models import TIME_ZONES, User

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


class NamedAccount:
    """Everyone gives a name: rosters, gradebooks and CSVs show it (User.display_name).
    First name required, last name optional (some people have one name)."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_first_name(self) -> str:
        value = " ".join(self.cleaned_data.get("first_name", "").split())
        if not value:
            raise ValidationError("Give your first name: your teacher and classmates see it.")
        return value

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data.get("last_name", "").split())


class SignupForm(NamedAccount, CappedPasswords, auth_forms.UserCreationForm):
    # Anyone may sign up as a teacher; what they publish reaches the public library only
    # once staff approve it (QuestionSet.library_status).
    role = forms.ChoiceField(
        label="Account",
        choices=[(User.Role.STUDENT, "I'm a student"), (User.Role.TEACHER, "I teach")],
        help_text="Teachers make question sets and classes; you can study either way.",
        initial=User.Role.STUDENT,
        required=False,  # unsent (an older form, a script): a student, as before
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose student or teacher."},
    )
    # Filled in by app.js from the browser's own zone; without JavaScript it stays UTC,
    # and a zone this server does not know is read as UTC rather than refusing the sign-up.
    time_zone = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "username", "email"]
        labels = {
            "first_name": "First name",
            "last_name": "Last name (optional)",
            "email": "E-mail (optional)",
        }
        help_texts = {"email": "Only to reset your password if you forget it."}

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or User.Role.STUDENT

    def clean_time_zone(self) -> str:
        value = self.cleaned_data.get("time_zone") or ""
        return value if value in TIME_ZONES else "UTC"

    def save(self, commit: bool = True) -> User:
        self.instance.time_zone = self.cleaned_data["time_zone"]
        if "role" in self.fields:  # not on the invitation's form, which makes a teacher
            self.instance.role = self.cleaned_data["role"]
        return super().save(commit=commit)


class ProfileForm(NamedAccount, forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=[(tz, tz.replace("_", " ")) for tz in TIME_ZONES],
        help_text="Due dates, deadlines and the flashcards' “due today” follow this zone.",
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "time_zone"]
        labels = {"first_name": "First name", "last_name": "Last name", "email": "E-mail"}
        help_texts = {"email": "Used only to send you a link to reset your password."}


class PasswordChangeForm(CappedPasswords, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(CappedPasswords, auth_forms.SetPasswordForm):
    pass
