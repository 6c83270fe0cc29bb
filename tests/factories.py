"""factory-boy factories for every model; tests build their data with these."""

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.flashcards.models import Card, Deck, StudySettings
from quizzes.questions.models import (
    Choice,
    Citation,
    Question,
    QuestionSet,
    QuestionType,
    SetItem,
    Topic,
)
from quizzes.questions.services import question_version_publish
from quizzes.sources.models import Document, Passage


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.STUDENT
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StudentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"student{n}")


class TeacherFactory(UserFactory):
    username = factory.Sequence(lambda n: f"teacher{n}")
    role = User.Role.TEACHER


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    slug = factory.Sequence(lambda n: f"document-{n}")
    title = factory.Sequence(lambda n: f"Document {n}")
    file_name = factory.Sequence(lambda n: f"doc{n}.txt")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    text = "NATO was established on April 4, 1949."


class PassageFactory(DjangoModelFactory):
    class Meta:
        model = Passage

    document = factory.SubFactory(DocumentFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = "History"
    text = "NATO was established on April 4, 1949."
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.text))


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class QuestionFactory(DjangoModelFactory):
    """A published single-choice question with three options (the first correct).

    Pass `choices=[...]` as dicts to replace the default answer key, and
    `type=` for another type; a current version is recorded after creation.
    """

    class Meta:
        model = Question
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"question-{n}")
    type = QuestionType.SINGLE_CHOICE
    prompt = factory.Sequence(lambda n: f"Question {n}: when was NATO established?")
    explanation = "The treaty was signed in Washington on 4 April 1949."
    status = Question.Status.PUBLISHED
    author = factory.SubFactory(TeacherFactory)

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if not create:
            return
        rows = extracted
        if rows is None:
            rows = default_choices(obj)
        for position, row in enumerate(rows):
            Choice.objects.create(question=obj, position=position, **row)

    @factory.post_generation
    def citation(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            passage = extracted or PassageFactory()
            Citation.objects.create(question=obj, passage=passage, quote="April 4, 1949")

    @factory.post_generation
    def version(obj, create, extracted, **kwargs):
        if create:
            question_version_publish(question=obj)


def default_choices(question: Question) -> list[dict]:
    kind = question.type
    if kind == QuestionType.TRUE_FALSE:
        return [{"text": "True", "is_correct": True}, {"text": "False", "is_correct": False}]
    if kind == QuestionType.MULTIPLE_ANSWER:
        return [
            {"text": "Belgium", "is_correct": True},
            {"text": "Canada", "is_correct": True},
            {"text": "Sweden", "is_correct": False},
            {"text": "Finland", "is_correct": False},
        ]
    if kind == QuestionType.SHORT_ANSWER:
        return [
            {"text": "Washington Treaty", "is_correct": True},
            {"text": "North Atlantic Treaty", "is_correct": True},
        ]
    if kind == QuestionType.ORDERING:
        return [
            {"text": "NATO founded", "is_correct": True},
            {"text": "KFOR established", "is_correct": True},
            {"text": "Finland joins", "is_correct": True},
        ]
    if kind == QuestionType.MATCHING:
        return [
            {"text": "KFOR", "match_text": "1999", "is_correct": True},
            {"text": "ISAF", "match_text": "2001", "is_correct": True},
            {"text": "Unified Protector", "match_text": "2011", "is_correct": True},
        ]
    if kind == QuestionType.FILL_BLANK:
        return [{"text": "1949", "blank": 1, "is_correct": True}]
    if kind == QuestionType.NUMERIC:
        return []
    return [
        {"text": "1949", "is_correct": True},
        {"text": "1955", "is_correct": False},
        {"text": "1961", "is_correct": False},
    ]


def make_question(kind: str, **kwargs) -> Question:
    """A valid question of any type, with type-specific fields filled in."""
    extra: dict = {}
    if kind == QuestionType.NUMERIC:
        extra = {"numeric_value": Decimal("1949"), "numeric_tolerance": Decimal("0")}
    if kind == QuestionType.FILL_BLANK:
        extra = {"prompt": "NATO was established in {1}."}
    return QuestionFactory(type=kind, **{**extra, **kwargs})


class QuestionSetFactory(DjangoModelFactory):
    class Meta:
        model = QuestionSet
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"set-{n}")
    title = factory.Sequence(lambda n: f"Question set {n}")
    owner = factory.SubFactory(TeacherFactory)
    status = QuestionSet.Status.PUBLISHED
    visibility = QuestionSet.Visibility.PUBLIC
    # In the library, as before staff approval existed; the review has its own tests.
    library_status = QuestionSet.Library.APPROVED
    # Tests address questions by position; the mixed order (the model's default) has its
    # own tests in tests/attempts/test_question_order.py.
    shuffle_questions = False

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create and extracted:
            SetItem.objects.bulk_create(
                SetItem(question_set=obj, question=q, position=i) for i, q in enumerate(extracted)
            )


class SetItemFactory(DjangoModelFactory):
    class Meta:
        model = SetItem

    question_set = factory.SubFactory(QuestionSetFactory)
    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)


class ClassroomFactory(DjangoModelFactory):
    class Meta:
        model = Classroom

    owner = factory.SubFactory(TeacherFactory)
    name = factory.Sequence(lambda n: f"Class {n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    classroom = factory.SubFactory(ClassroomFactory)
    student = factory.SubFactory(StudentFactory)


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    classroom = factory.SubFactory(ClassroomFactory)
    question_set = factory.SubFactory(
        QuestionSetFactory, owner=factory.SelfAttribute("..classroom.owner")
    )
    opens_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))
    due_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))


class AttemptFactory(DjangoModelFactory):
    class Meta:
        model = Attempt

    user = factory.SubFactory(StudentFactory)
    question_set = factory.SubFactory(QuestionSetFactory)
    number = factory.Sequence(lambda n: n + 1)
    mode = factory.LazyAttribute(lambda o: o.question_set.mode)
    pass_mark = factory.LazyAttribute(lambda o: o.question_set.pass_mark)
    question_ids = factory.LazyAttribute(
        lambda o: list(o.question_set.items.values_list("question_id", flat=True))
    )
    versions = factory.LazyAttribute(
        lambda o: {
            str(qid): vid
            for qid, vid in Question.objects.filter(pk__in=o.question_ids).values_list(
                "pk", "current_version_id"
            )
        }
    )


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(QuestionFactory)
    question_version = factory.LazyAttribute(lambda o: o.question.current_version)
    position = 0
    answer = factory.LazyFunction(dict)
    score = 1.0
    is_correct = True


class StudySettingsFactory(DjangoModelFactory):
    class Meta:
        model = StudySettings

    user = factory.SubFactory(StudentFactory)


class DeckFactory(DjangoModelFactory):
    class Meta:
        model = Deck

    user = factory.SubFactory(StudentFactory)
    question_set = factory.SubFactory(QuestionSetFactory)


class CardFactory(DjangoModelFactory):
    """A new (never reviewed) flashcard, due now, in play: a card is studied only while one
    of its student's decks has its question, so by default the question is put in a set of
    its own that the student studies. `deck=some_deck` puts it in that deck's set instead;
    `deck=False` makes a card no deck has (out of the queue, as after its deck was removed).
    """

    class Meta:
        model = Card
        skip_postgeneration_save = True

    user = factory.SubFactory(StudentFactory)
    question = factory.SubFactory(QuestionFactory)
    due = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def deck(obj, create, extracted, **kwargs):
        if not create or extracted is False or obj.question_id is None:
            return
        deck = extracted or DeckFactory(
            user=obj.user, question_set=QuestionSetFactory(owner=obj.question.author)
        )
        SetItem.objects.get_or_create(
            question_set=deck.question_set, question=obj.question, defaults={"position": 0}
        )
