import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

BLANK_PATTERN = re.compile(r"\{(\d+)\}")


def parse_decimal(value) -> Decimal | None:
    """A finite number from text, or None."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


class Topic(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_ANSWER = "multiple_answer", "Multiple answer"
    TRUE_FALSE = "true_false", "True or false"
    SHORT_ANSWER = "short_answer", "Short answer"
    NUMERIC = "numeric", "Numeric"
    ORDERING = "ordering", "Ordering"
    MATCHING = "matching", "Matching"
    FILL_BLANK = "fill_blank", "Fill in the blanks"


CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_ANSWER, QuestionType.TRUE_FALSE}


class Question(models.Model):
    """A question as it is now. What students answered is kept in QuestionVersion."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Difficulty(models.IntegerChoices):
        EASY = 1, "Easy"
        MEDIUM = 2, "Medium"
        HARD = 3, "Hard"

    key = models.SlugField(max_length=120, unique=True, help_text="Stable handle for imports.")
    type = models.CharField(max_length=20, choices=QuestionType)
    prompt = models.TextField(
        help_text="For fill-in-the-blank, write blanks as {1}, {2} … in the text."
    )
    explanation = models.TextField(blank=True)
    difficulty = models.PositiveSmallIntegerField(choices=Difficulty, default=Difficulty.MEDIUM)
    topics = models.ManyToManyField(Topic, blank=True, related_name="questions")
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    numeric_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    numeric_tolerance = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    near_miss = models.BooleanField(
        "accept near misses",
        default=False,
        help_text="Short answer: accept small spelling mistakes.",
    )
    # A published question cites the passage that supports it; a teacher's own question
    # with no source document is published only when said so here (lists show it).
    no_source = models.BooleanField(
        "no source document",
        default=False,
        help_text="My own question: no source document supports it.",
    )
    current_version = models.ForeignKey(
        "QuestionVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        indexes = [models.Index(fields=["status", "type"])]

    def __str__(self) -> str:
        return self.prompt[:80]

    @property
    def blank_numbers(self) -> list[int]:
        return [int(n) for n in BLANK_PATTERN.findall(self.prompt)]

    def other_citations(self) -> list["Citation"]:
        """The citations after the first: the editor edits the first one and keeps these
        (a bank question may cite several passages)."""
        return list(self.citations.select_related("passage__document")[1:])

    def numeric_alternatives(self) -> list["Choice"]:
        """A numeric question's other accepted values (GIFT's several answers, some for
        part of the mark): its answer rows but the full-marks one for the main value,
        which `numeric_value` already carries."""

        def is_main(choice: Choice) -> bool:
            full = choice.is_correct and (choice.weight is None or choice.weight >= 1)
            return full and parse_decimal(choice.text) == self.numeric_value

        return [choice for choice in self.choices.all() if not is_main(choice)]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.type == QuestionType.NUMERIC:
            if self.numeric_value is None:
                errors["numeric_value"] = "A numeric question needs a value."
            if self.numeric_tolerance is not None and self.numeric_tolerance < 0:
                errors["numeric_tolerance"] = "The tolerance cannot be negative."
        if self.type == QuestionType.FILL_BLANK:
            numbers = self.blank_numbers
            if not numbers:
                errors["prompt"] = "A fill-in-the-blank question needs blanks written {1}, {2} …"
            elif sorted(numbers) != list(range(1, len(numbers) + 1)):
                errors["prompt"] = "Blanks must be numbered {1}, {2} … once each."
        if errors:
            raise ValidationError(errors)

    def full_clean_with_answer_key(self, choices: list["Choice"] | None = None) -> None:
        """Validate the question with its answer key (saved choices unless given)."""
        self.full_clean()
        validate_answer_key(self, list(self.choices.all()) if choices is None else choices)


def publish_problems(*, topic_count: int, cited: bool, no_source: bool) -> dict[str, str]:
    """Why a question may not be published yet, by editor field: a published question is
    filed under a topic and cites its passage, or is marked as having no source."""
    problems = {}
    if not topic_count:
        problems["topics"] = "Choose at least one topic before publishing."
    if not cited and not no_source:
        problems["citation"] = (
            "Cite the passage that supports the question, or mark it as having no source"
            " document, before publishing."
        )
    return problems


def validate_answer_key(question: Question, choices: list["Choice"]) -> None:
    """The per-type rules for a question's answer key.

    Choices are validated with their question because the rules span rows: the admin's
    inline formset, authoring forms, importers and the bank loader all call this.
    """
    kind = question.type
    correct = [c for c in choices if c.is_correct]
    problem = None
    if kind == QuestionType.SINGLE_CHOICE:
        if len(choices) < 2:
            problem = "A single-choice question needs at least two options."
        elif len(correct) != 1:
            problem = "A single-choice question needs exactly one correct option."
    elif kind == QuestionType.MULTIPLE_ANSWER:
        if len(choices) < 2:
            problem = "A multiple-answer question needs at least two options."
        elif not correct:
            problem = "A multiple-answer question needs at least one correct option."
    elif kind == QuestionType.TRUE_FALSE:
        if len(choices) != 2 or len(correct) != 1:
            problem = "A true/false question has two options, True and False, one correct."
    elif kind == QuestionType.SHORT_ANSWER:
        if not correct:
            problem = "A short-answer question needs at least one accepted answer."
    elif kind == QuestionType.ORDERING:
        if len(choices) < 3:
            problem = "An ordering question needs at least three items."
    elif kind == QuestionType.MATCHING:
        if len(choices) < 3:
            problem = "A matching question needs at least three pairs."
        elif any(not c.match_text.strip() for c in choices):
            problem = "Every matching pair needs both sides."
    elif kind == QuestionType.NUMERIC:
        if any(parse_decimal(c.text) is None for c in choices):
            problem = "Every numeric answer must be a number."
    elif kind == QuestionType.FILL_BLANK:
        numbers = set(question.blank_numbers)
        answered = {c.blank for c in choices if c.is_correct}
        if numbers != answered:
            problem = "Every blank needs an accepted answer, and every answer a blank."
    # Two options (items, left sides) a student cannot tell apart: which one they picked,
    # or where each goes, would be graded on an id the screen does not show.
    if not problem and kind in CHOICE_TYPES | {QuestionType.ORDERING, QuestionType.MATCHING}:
        plurals: dict[str, str] = {QuestionType.ORDERING: "items", QuestionType.MATCHING: "pairs"}
        what = plurals.get(kind, "options")
        seen: set[str] = set()
        for choice in choices:
            key = " ".join(choice.text.split()).casefold()
            if key and key in seen:
                problem = (
                    f"Two {what} have the same text, “{choice.text.strip()}”:"
                    " students could not tell them apart."
                )
                break
            seen.add(key)
    text_kinds = CHOICE_TYPES | {QuestionType.SHORT_ANSWER, QuestionType.ORDERING}
    if kind in text_kinds and any(not c.text.strip() for c in choices):
        empty: dict[str, str] = {
            QuestionType.SHORT_ANSWER: "Accepted answers cannot be empty.",
            QuestionType.ORDERING: "Items cannot be empty.",
        }
        problem = problem or empty.get(kind, "Options cannot be empty.")
    if problem:
        raise ValidationError(problem)


class Choice(models.Model):
    """One row of a question's answer key; what it means depends on the question type.

    single/multiple/true-false: an option (is_correct). short answer: an accepted answer.
    ordering: an item, `position` is its correct place. matching: `text` pairs with
    `match_text`. fill-in-the-blank: an accepted answer for blank number `blank`.
    numeric: optional extra accepted values (GIFT's several numeric answers), `text` is
    the number and `tolerance` its margin; `Question.numeric_value` stays the main answer.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    weight = models.DecimalField(
        max_digits=7,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-1)), MaxValueValidator(Decimal(1))],
        help_text="Share of the mark (−1 to 1); empty means the type's default.",
    )
    match_text = models.CharField(max_length=500, blank=True)
    blank = models.PositiveSmallIntegerField(null=True, blank=True)
    tolerance = models.DecimalField(
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Numeric: an accepted value is `text` ± this.",
    )
    feedback = models.CharField(
        max_length=500, blank=True, help_text="Shown to a student who picked this option."
    )

    class Meta:
        ordering = ["question_id", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Citation(models.Model):
    """The passage that supports a question, with a verbatim quote from it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="citations")
    passage = models.ForeignKey(
        "sources.Passage", on_delete=models.PROTECT, related_name="citations"
    )
    quote = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    # Addresses carry this, never the pk: a quote answers its question, so citations
    # must not be read one after another by counting.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["question_id", "position", "id"]

    def __str__(self) -> str:
        return f"“{self.quote[:60]}”"

    def get_absolute_url(self) -> str:
        return reverse("citation_in_source", args=[self.public_id])

    def clean(self) -> None:
        if self.passage_id and self.quote not in self.passage.text:
            raise ValidationError({"quote": "The quote must appear word for word in the passage."})


class QuestionVersion(models.Model):
    """An immutable snapshot of a question as students saw and were graded on it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.question.key} v{self.number}"


# Rules that open sets to people beyond their owner and the public, each `(user) -> Q` over
# QuestionSet, added by the apps above that give sets an audience in their
# AppConfig.ready() (classes: a class's sets to its students). The questions app cannot
# read those apps' tables, and the pages that ask (the player, flashcards, the
# workspace) sit below them.
SET_AUDIENCES: list[Callable[[Any], models.Q]] = []


class QuestionSetQuerySet(models.QuerySet):
    """Who may open a set: one rule for every page (docs/architecture.md, Visibility)."""

    def visible_to(self, user) -> "QuestionSetQuerySet":
        """Sets a user may open: published public sets, their classes' sets, and their own;
        staff may open every set. An archived set is open to nobody."""
        sets = self.exclude(status=QuestionSet.Status.ARCHIVED)
        if user.is_authenticated and user.is_staff:
            return sets
        return sets.filter(self._open_to(user))

    def listed_for(self, user) -> "QuestionSetQuerySet":
        """The sets open to the user as to any student or teacher, staff included: staff
        may open any set by its address, but a list of every student's weak-spot set and
        every teacher's draft would help nobody. A public set is listed to everyone (the
        public library) only once staff approved it; before, it is listed to its owner
        and their classes, and opens by its link (`visible_to`)."""
        return self.exclude(status=QuestionSet.Status.ARCHIVED).filter(
            self._open_to(user, library_only=True)
        )

    def in_library(self) -> "QuestionSetQuerySet":
        """The public library: published public sets staff approved."""
        return self.filter(self._library())

    def awaiting_review(self) -> "QuestionSetQuerySet":
        """Published public sets staff have not yet approved or rejected."""
        return self.filter(
            status=QuestionSet.Status.PUBLISHED,
            visibility=QuestionSet.Visibility.PUBLIC,
            library_status=QuestionSet.Library.PENDING,
        )

    @staticmethod
    def _library() -> models.Q:
        return models.Q(
            status=QuestionSet.Status.PUBLISHED,
            visibility=QuestionSet.Visibility.PUBLIC,
            library_status=QuestionSet.Library.APPROVED,
        )

    @staticmethod
    def _open_to(user, *, library_only: bool = False) -> models.Q:
        published = models.Q(status=QuestionSet.Status.PUBLISHED)
        if library_only:
            visible = QuestionSetQuerySet._library()
        else:
            visible = published & models.Q(visibility=QuestionSet.Visibility.PUBLIC)
        if user.is_authenticated:
            for audience in SET_AUDIENCES:
                visible |= published & audience(user)
            visible |= models.Q(owner=user)
        return visible


class QuestionSet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        # Deleted by its owner after students attempted it: out of every list and editor,
        # kept so their attempts and results stay (the admin can bring it back).
        ARCHIVED = "archived", "Archived"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private"
        CLASSES = "classes", "My classes"
        PUBLIC = "public", "Public"

    class Library(models.TextChoices):
        """Staff's review of a public set: only an approved one is listed to everyone."""

        PENDING = "pending", "Awaiting review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"

    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice (feedback after each answer)"
        EXAM = "exam", "Exam (feedback after submitting)"

    class Reveal(models.TextChoices):
        IMMEDIATELY = "immediately", "Immediately"
        AFTER_SUBMISSION = "after_submission", "After submission"
        AFTER_DUE = "after_due", "After the due date"
        NEVER = "never", "Never"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="question_sets"
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    visibility = models.CharField(max_length=12, choices=Visibility, default=Visibility.PRIVATE)
    questions = models.ManyToManyField(Question, through="SetItem", related_name="question_sets")
    library_status = models.CharField(
        "library review", max_length=10, choices=Library, default=Library.PENDING
    )
    library_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_reviews",
    )
    library_reviewed_at = models.DateTimeField(null=True, blank=True)

    mode = models.CharField(max_length=12, choices=Mode, default=Mode.PRACTICE)
    time_limit_minutes = models.PositiveIntegerField(
        "time limit (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Empty: unlimited.",
    )
    # Mixed by default: a set is often written grouped by type (four single choice, then the
    # true/false ones…), which no student should sit in that order.
    shuffle_questions = models.BooleanField(
        default=True,
        help_text="Each attempt draws its own order of the questions; off: always the set's order.",
    )
    shuffle_options = models.BooleanField(default=True)
    draw_count = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text="Draw this many random questions per attempt; empty: all.",
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=60, validators=[MaxValueValidator(100)], help_text="Percent needed to pass."
    )
    reveal = models.CharField(max_length=20, choices=Reveal, default=Reveal.IMMEDIATELY)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionSetQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "visibility"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("set_detail", args=[self.slug])

    @property
    def keeps_answers_back(self) -> bool:
        """Whether its teacher holds the answers back beyond a handed-in attempt (until the
        due date, or for good): a flashcard shows its answer, so such a set has none."""
        return self.reveal in (self.Reveal.AFTER_DUE, self.Reveal.NEVER)


# The settings the quiz player reads; a copied set keeps them, the set form edits them.
PLAYER_SETTINGS = (
    "mode",
    "time_limit_minutes",
    "attempts_allowed",
    "shuffle_questions",
    "shuffle_options",
    "draw_count",
    "pass_mark",
    "reveal",
)


class SetItem(models.Model):
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="set_items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["question_set_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "question"], name="set_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_set} #{self.position}"
