"""Authoring forms: the question editor (question + answer-key rows + citation),
the set settings form and the workspace search filters."""

from typing import cast

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from quizzes.questions.models import (
    CHOICE_TYPES,
    PLAYER_SETTINGS,
    Choice,
    Question,
    QuestionSet,
    QuestionType,
    Topic,
    validate_answer_key,
)
from quizzes.sources.models import Document, Passage

MAX_ROWS = 30
MAX_SEARCH = 200

# Types whose rows are all accepted answers (no "correct" checkbox in the editor).
ALL_CORRECT_TYPES = {
    QuestionType.SHORT_ANSWER,
    QuestionType.ORDERING,
    QuestionType.MATCHING,
    QuestionType.FILL_BLANK,
}


class EditorBoundField(forms.BoundField):
    """A field of the question editor, whose errors exist only once they are shown.

    The editor validates on every live preview and editing button too, and shows the
    errors only when a save is refused (`errors_shown`); until then a field must not say
    `aria-invalid` nor point `aria-describedby` at an error list that is not on the page.
    """

    form: "QuestionForm"

    @property
    def errors(self):
        if self.form.errors_shown:
            return super().errors
        return self.form.error_class(renderer=self.form.renderer)


class QuestionForm(forms.ModelForm):
    bound_field_class = EditorBoundField
    errors_shown = False  # set by the editor's view when it shows the errors

    class Meta:
        model = Question
        fields = [
            "type",
            "prompt",
            "explanation",
            "difficulty",
            "topics",
            "numeric_value",
            "numeric_tolerance",
            "unit",
            "near_miss",
            "no_source",
        ]
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
            "explanation": forms.Textarea(attrs={"rows": 2, "maxlength": 5000}),
            "topics": forms.CheckboxSelectMultiple,
        }

    def clean_prompt(self):
        prompt = self.cleaned_data["prompt"].strip()
        if len(prompt) > 5000:
            raise ValidationError("The prompt is too long (5,000 characters at most).")
        return prompt

    def clean_explanation(self):
        text = self.cleaned_data["explanation"].strip()
        if len(text) > 5000:
            raise ValidationError("The explanation is too long (5,000 characters at most).")
        return text


class ChoiceRowForm(forms.Form):
    """One answer-key row; `public_id` keeps a row's identity across edits."""

    public_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(max_length=500, required=False)
    is_correct = forms.BooleanField(required=False, label="Correct")
    match_text = forms.CharField(max_length=500, required=False, label="Matches")
    blank = forms.IntegerField(required=False, min_value=1, max_value=99, label="Blank number")
    weight = forms.DecimalField(
        required=False, max_digits=7, decimal_places=5, min_value=-1, max_value=1
    )


class BaseChoiceRowFormSet(forms.BaseFormSet):
    """Rows of the answer key, validated together with the question's type."""

    question: Question | None = None

    def choices(self) -> list[Choice]:
        """The answer key the rows describe; the editor keeps no rows for numeric questions."""
        kind = self.question.type if self.question else ""
        if kind == QuestionType.NUMERIC:
            return []
        rows = []
        for position, form in enumerate(self.forms):
            data = form.cleaned_data
            rows.append(
                Choice(
                    position=position,
                    text=(data.get("text") or "").strip(),
                    is_correct=True if kind in ALL_CORRECT_TYPES else bool(data.get("is_correct")),
                    match_text=(data.get("match_text") or "").strip(),
                    blank=data.get("blank"),
                    weight=data.get("weight"),
                )
            )
        return rows

    def clean(self):
        if any(self.errors) or self.question is None:
            return
        if not self.question.type:
            return
        try:
            validate_answer_key(self.question, self.choices())
        except ValidationError as error:
            raise ValidationError(error.messages) from error


# formset_factory makes a subclass of the formset class given: typed as that class.
ChoiceRowFormSet = cast(
    type[BaseChoiceRowFormSet],
    forms.formset_factory(
        ChoiceRowForm,
        formset=BaseChoiceRowFormSet,
        extra=0,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    ),
)


class CitationForm(forms.Form):
    passage = forms.ModelChoiceField(
        queryset=Passage.objects.filter(document__is_current=True).select_related("document"),
        required=False,
        widget=forms.HiddenInput,
    )
    quote = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Copy the supporting words exactly as they appear in the passage.",
    )
    passage_query = forms.CharField(required=False, max_length=MAX_SEARCH, label="Find a passage")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A teacher's document is private: only its owner (and staff) may cite it.
        passage_field = self.fields["passage"]
        assert isinstance(passage_field, forms.ModelChoiceField)
        passage_field.queryset = Passage.objects.citable_by(user).select_related("document")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        passage, quote = data.get("passage"), (data.get("quote") or "").strip()
        data["quote"] = quote
        if passage and not quote:
            self.add_error("quote", "Quote the words of the passage that support the question.")
        elif quote and not passage:
            self.add_error("quote", "Choose the passage this quote comes from.")
        elif passage and quote not in passage.text:
            self.add_error("quote", "The quote must appear word for word in the passage.")
        return data


def bounds_from_model(form: forms.ModelForm) -> None:
    """Give each number input the min and max its model field's validators enforce.

    Django derives a positive integer field's input from the column (min="0") and leaves
    the model's own validators (at least 1, at most 600 …) to the server, so the page
    offered values the server then refused. Only the validators the model declares are
    read (`_validators`), not the database's integer range, which on SQLite would put
    max="9223372036854775807" on every field.
    """
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField):
            continue
        # A field's bound may be a callable, read when validating: only numbers are shown.
        lows = [field.min_value] if isinstance(field.min_value, int) else []
        highs = [field.max_value] if isinstance(field.max_value, int) else []
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        for validator in model_field._validators:
            if isinstance(validator, MinValueValidator):
                lows.append(validator.limit_value)
            elif isinstance(validator, MaxValueValidator):
                highs.append(validator.limit_value)
        if lows:
            field.widget.attrs["min"] = max(lows)
        if highs:
            field.widget.attrs["max"] = min(highs)


class QuestionSetForm(forms.ModelForm):
    class Meta:
        model = QuestionSet
        fields = ["title", "description", "visibility", *PLAYER_SETTINGS]
        widgets = {"description": forms.Textarea(attrs={"rows": 3, "maxlength": 5000})}
        help_texts = {
            "time_limit_minutes": "Empty: no time limit.",
            "draw_count": (
                "Draw this many random questions per attempt; empty: all. While the set has"
                " fewer published questions, each attempt gets all of them."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds_from_model(self)

    def clean_description(self):
        text = self.cleaned_data["description"]
        if len(text) > 5000:
            raise ValidationError("The description is too long (5,000 characters at most).")
        return text


class QuestionFilterForm(forms.Form):
    """Workspace search; every field optional, unknown values are errors, not ignored."""

    q = forms.CharField(required=False, max_length=MAX_SEARCH, label="Text")
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), required=False, to_field_name="slug", empty_label="Any"
    )
    type = forms.ChoiceField(choices=[("", "Any"), *QuestionType.choices], required=False)
    document = forms.ModelChoiceField(
        queryset=Document.objects.none(),  # the user's: __init__
        required=False,
        to_field_name="slug",
        empty_label="Any",
        label="Source document",
    )
    status = forms.ChoiceField(choices=[("", "Any"), *Question.Status.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        documents = self.fields["document"]
        assert isinstance(documents, forms.ModelChoiceField)
        documents.queryset = Document.objects.in_workspace_of(user).order_by("title")


def blank_rows_for(kind: str) -> list[dict]:
    """Starting rows when a type is chosen, so the form shows what the type needs."""
    if kind == QuestionType.TRUE_FALSE:
        return [{"text": "True", "is_correct": True}, {"text": "False", "is_correct": False}]
    if kind == QuestionType.NUMERIC:
        return []
    count = 3 if kind in (QuestionType.ORDERING, QuestionType.MATCHING) else 2
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.FILL_BLANK):
        count = 1
    return [{} for _ in range(count)]


__all__ = [
    "CHOICE_TYPES",
    "ChoiceRowFormSet",
    "CitationForm",
    "QuestionFilterForm",
    "QuestionForm",
    "QuestionSetForm",
    "blank_rows_for",
]


class SetCopyForm(forms.Form):
    """The title of a copy: the teacher names it (prefilled with the original's title)."""

    title = forms.CharField(
        max_length=200,
        label="Title of your copy",
        error_messages={"required": "Give your copy a title."},
    )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Give your copy a title.")
        return title
