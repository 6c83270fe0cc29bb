from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from quizzes.accounts.forms import SignupForm
from quizzes.classes.models import Assignment, Classroom, Invite
from quizzes.questions.models import QuestionSet


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name"]


class JoinForm(forms.Form):
    code = forms.CharField(max_length=20, label="Join code")

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper().replace("-", "")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AssignmentForm(forms.ModelForm):
    """Times are read in the teacher's time zone (the view activates it)."""

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
        labels = {"accept_late": "Accept late submissions (marked late)"}

    def __init__(self, *args, sets=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["question_set"]).queryset = (
            sets if sets is not None else QuestionSet.objects.none()
        )
        self.fields["attempts_allowed"].widget.attrs.update(min=1, max=100)

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
