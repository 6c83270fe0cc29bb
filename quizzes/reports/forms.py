"""Forms of the reports' pages."""

from django import forms

from quizzes.questions.models import QuestionSet, Topic


class ProgressFilterForm(forms.Form):
    """The score history's filters; unknown values are errors, not silently ignored."""

    period = forms.ChoiceField(
        choices=[("30", "Last 30 days"), ("90", "Last 90 days"), ("all", "All time")],
        required=False,
    )
    set = forms.SlugField(required=False, max_length=120, label="Question set")
    topic = forms.SlugField(required=False, max_length=80)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_set(self):
        slug = self.cleaned_data["set"]
        if not slug:
            return None
        found = QuestionSet.objects.filter(slug=slug, attempts__user=self.user).first()
        if found is None:
            raise forms.ValidationError("You have no attempts at that question set.")
        return found

    def clean_topic(self):
        slug = self.cleaned_data["topic"]
        if not slug:
            return None
        found = Topic.objects.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError("There is no such topic.")
        return found
