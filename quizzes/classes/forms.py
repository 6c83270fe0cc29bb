from datetime import timedelta
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from quizzes.accounts.forms import SignupForm
from quizzes.classes.models import Assignment, Classroom, Invite
from quizzes.questions.models import QuestionSet


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name"]


def join_code_from(text: str) -> str:
    """A join code as typed or printed ("abcd-2345", "ABCD 2345") as it is stored."""
    return "".join(text.split()).upper().replace("-", "")


class JoinForm(forms.Form):
    code = forms.CharField(max_length=20, label="Join code")

    def clean_code(self):
        return join_code_from(self.cleaned_data["code"])


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def set_choices(*, sets: list[QuestionSet], user) -> list:
    """The set picker's options, grouped: the teacher's own sets, the library's (public
    sets of others, with their author), and, for staff, other teachers' sets."""
    groups: dict[str, list[tuple[int, str]]] = {
        "Your sets": [],
        "Library": [],
        "Other teachers' sets": [],
    }
    for question_set in sets:
        if question_set.owner_id == user.pk:
            groups["Your sets"].append((question_set.pk, question_set.title))
            continue
        owner = question_set.owner
        label = f"{question_set.title} — {owner.display_name}"
        public = question_set.visibility == QuestionSet.Visibility.PUBLIC
        groups["Library" if public else "Other teachers' sets"].append((question_set.pk, label))
    return [("", "Choose a set…")] + [(name, rows) for name, rows in groups.items() if rows]


class AssignmentForm(forms.ModelForm):
    """Times are read in the teacher's time zone (the view activates it). A new
    assignment opens now and is due in seven days at 23:59 unless changed. Every error is
    the server's, next to its field (the form is `novalidate`)."""

    class Meta:
        model = Assignment
        fields = [
            "question_set",
            "opens_at",
            "due_at",
            "attempts_allowed",
            "accept_late",
            "grading",
        ]
        widgets = {"opens_at": DateTimeInput(), "due_at": DateTimeInput()}
        labels = {
            "accept_late": "Accept late submissions (marked late)",
            "opens_at": "Opens at",
            "due_at": "Due at",
        }
        error_messages = {
            "question_set": {
                "required": "Choose the question set to assign.",
                "invalid_choice": "Choose one of the sets in the list.",
            },
            "opens_at": {
                "required": "Give the date and time the assignment opens.",
                "invalid": "Enter a date and time, such as 2026-12-01 09:00.",
            },
            "due_at": {
                "required": "Give the date and time the assignment is due.",
                "invalid": "Enter a date and time, such as 2026-12-08 23:59.",
            },
        }

    def __init__(self, *args, sets=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["question_set"])
        field.queryset = sets if sets is not None else QuestionSet.objects.none()
        self.fields["attempts_allowed"].widget.attrs.update(min=1, max=100)
        if self.instance.pk is None and not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            due = (now + timedelta(days=7)).replace(hour=23, minute=59)
            self.initial.setdefault("opens_at", now)
            self.initial.setdefault("due_at", due)

    def set_choices(self, choices: list) -> None:
        """The picker's grouped options (searched), once validation, which reads the
        queryset, is done."""
        cast(forms.ModelChoiceField, self.fields["question_set"]).choices = choices

    def clean_attempts_allowed(self):
        value = self.cleaned_data["attempts_allowed"]
        if value is not None and not 1 <= value <= 100:
            raise ValidationError(
                "Allow between 1 and 100 attempts, or leave empty to use the set's limit."
            )
        return value

    def clean_question_set(self):
        question_set = self.cleaned_data["question_set"]
        if question_set.status != QuestionSet.Status.PUBLISHED:
            raise ValidationError("Publish the set before assigning it.")
        changed = self.instance.pk and question_set.pk != self.instance.question_set_id
        if changed and self.instance.attempts.exists():
            raise ValidationError(
                "Students have already attempted this assignment, so its set cannot change; "
                "assign the other set separately."
            )
        return question_set


class InviteForm(forms.ModelForm):
    class Meta:
        model = Invite
        fields = ["email"]


class TeacherSignupForm(SignupForm):
    role = None  # type: ignore[assignment]  # the invitation makes a teacher: no choice

    class Meta(SignupForm.Meta):
        fields = ["first_name", "last_name", "username", "email"]
