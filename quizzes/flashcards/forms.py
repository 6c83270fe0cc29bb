from datetime import datetime

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from quizzes.accounts.models import User
from quizzes.flashcards.models import Card, ReviewLog
from quizzes.questions.forms import bounds_from_model
from quizzes.questions.models import QuestionType

ANSWER_FIRST_TYPES = {
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTIPLE_ANSWER,
    QuestionType.TRUE_FALSE,
    QuestionType.NUMERIC,
    QuestionType.SHORT_ANSWER,
}


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(choices=ReviewLog.Rating.choices, coerce=int)
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1)
    shown_at = forms.IntegerField(
        required=False, min_value=0, max_value=2**53, help_text="Epoch ms the card was shown."
    )
    schedule = forms.CharField(
        required=False, max_length=400, help_text="The card as shown (schedule_token)."
    )

    def clean_schedule(self) -> Card | None:
        return shown_card(self.cleaned_data["schedule"])


SCHEDULE_SALT = "quizzes.flashcards.schedule"


def schedule_token(card: Card) -> str:
    """The card's id, version and schedule, signed, for the rating form to send back: a
    rating computed from them needs no read of the card (`card_review(shown=...)`)."""
    last_review = card.last_review.isoformat() if card.last_review else None
    values = [card.pk, card.version, card.state, card.step, card.stability, card.difficulty]
    return signing.dumps([*values, card.due.isoformat(), last_review], salt=SCHEDULE_SALT)


def shown_card(token: str) -> Card | None:
    """The unsaved card a `schedule_token` describes; None for anything we did not sign
    (the rating then reads the card instead)."""
    try:
        pk, version, state, step, stability, difficulty, due, last_review = signing.loads(
            token, salt=SCHEDULE_SALT
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return Card(
        pk=pk,
        version=version,
        state=state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=datetime.fromisoformat(due),
        last_review=datetime.fromisoformat(last_review) if last_review else None,
    )


class UndoForm(forms.Form):
    review = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ShowForm(forms.Form):
    """The query of the study screen: which card to show and whether flipped."""

    card = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    flip = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    shown_at = forms.IntegerField(required=False, min_value=0, max_value=2**53)


class CramForm(forms.Form):
    n = forms.IntegerField(required=False, min_value=0, max_value=100_000)
    flip = forms.BooleanField(required=False)
    shown_at = forms.IntegerField(required=False, min_value=0, max_value=2**53)


class AnswerForm(forms.Form):
    """An answer given before flipping; turned into the grading module's answer JSON."""

    choice = forms.CharField(required=False, max_length=64)
    choices = forms.MultipleChoiceField(required=False)
    text = forms.CharField(required=False, max_length=500)
    value = forms.CharField(required=False, max_length=50)

    def __init__(self, *args, option_ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(i, i) for i in option_ids]
        self.option_ids = set(option_ids)

    def clean_choice(self) -> str:
        choice = self.cleaned_data["choice"]
        if choice and choice not in self.option_ids:
            raise ValidationError("That option is not part of this question.")
        return choice

    def answer(self, kind: str) -> dict | None:
        """The answer JSON for `grade`, or None when nothing was answered."""
        data = self.cleaned_data
        if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE) and data["choice"]:
            return {"choice": data["choice"]}
        if kind == QuestionType.MULTIPLE_ANSWER and data["choices"]:
            return {"choices": data["choices"]}
        if kind == QuestionType.SHORT_ANSWER and data["text"].strip():
            return {"text": data["text"]}
        if kind == QuestionType.NUMERIC and data["value"].strip():
            return {"value": data["value"].strip()}
        return None


class StudySettingsForm(forms.ModelForm):
    """The flashcard scheduler's settings; the time zone its days follow is on the profile."""

    class Meta:
        model = User
        fields = ["desired_retention", "new_cards_per_day"]
        labels = {
            "desired_retention": "Desired retention",
            "new_cards_per_day": "New cards per day",
        }
        help_texts = {
            "desired_retention": "The chance of remembering a card when it is due, 0.70 to 0.97.",
            "new_cards_per_day": "How many new cards to start each day (0 to 500).",
        }
        widgets = {
            "desired_retention": forms.NumberInput(attrs={"step": "0.01", "min": 0.7, "max": 0.97})
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds_from_model(self)  # new cards per day: min="0" max="500", as the model allows
