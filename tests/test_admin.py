"""Every admin page loads for staff: list (with search and filters), add and change."""

import pytest
from django.contrib import admin
from django.urls import reverse

from quizzes.attempts.models import Attempt, Response
from quizzes.attempts.services import attempt_start
from quizzes.classes.models import Invite, PastMembership
from quizzes.classes.services import membership_remove, student_attempt_start
from quizzes.flashcards.models import ReviewLog
from quizzes.flashcards.services import card_review
from quizzes.questions.models import Choice, Question, QuestionVersion, SetItem
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    CardFactory,
    DeckFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    SetItemFactory,
    StudentFactory,
    StudySettingsFactory,
    TopicFactory,
)


@pytest.fixture
def content(db):
    item = SetItemFactory()
    AttemptFactory(question_set=item.question_set)
    ResponseFactory(question=item.question)
    MembershipFactory()
    membership_remove(membership=MembershipFactory())
    AssignmentFactory()
    TopicFactory()
    QuestionSetFactory()
    DeckFactory()
    StudySettingsFactory()
    card = CardFactory()
    card_review(user=card.user, card_id=card.pk, rating=3, version=card.version)
    Invite.objects.create(created_by=item.question_set.owner)


RECORDS = [Attempt, PastMembership, Response, ReviewLog]
OUR_APPS = [
    "core",
    "accounts",
    "sources",
    "questions",
    "attempts",
    "flashcards",
    "classes",
    "reports",
    "interop",
]


def admin_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def test_every_quizzes_model_is_registered():
    from django.apps import apps

    registered = set(admin_models())
    missing = [
        m.__name__
        for label in OUR_APPS
        for m in apps.get_app_config(label).get_models()
        if m not in registered
    ]
    assert missing == []


@pytest.mark.parametrize("model", admin_models(), ids=lambda m: m.__name__)
def test_admin_pages_load(client, staff, content, model):
    client.force_login(staff)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "nato"}).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # Records and question versions are written by the app, never added by hand.
    assert add.status_code == (403 if model in RECORDS or model is QuestionVersion else 200)
    obj = model.objects.first()
    assert obj is not None, f"no {opts.model_name} to open"
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


def test_admin_refuses_an_invalid_answer_key_inline(client, staff, db):
    from tests.factories import QuestionFactory

    question = QuestionFactory()
    client.force_login(staff)
    url = reverse("admin:questions_question_change", args=[question.pk])
    choices = list(question.choices.all())
    data = {
        "key": question.key,
        "type": question.type,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "difficulty": question.difficulty,
        "status": question.status,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        "citations-TOTAL_FORMS": 0,
        "citations-INITIAL_FORMS": 0,
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
    }
    for i, choice in enumerate(choices):
        data |= {
            f"choices-{i}-id": choice.pk,
            f"choices-{i}-question": question.pk,
            f"choices-{i}-position": i,
            f"choices-{i}-text": choice.text,
            f"choices-{i}-is_correct": "on",  # every option correct: invalid
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "exactly one correct option" in response.text
    assert Choice.objects.filter(question=question, is_correct=True).count() == 1

    data["choices-1-is_correct"] = ""
    data["choices-2-is_correct"] = ""
    data["prompt"] = "Edited prompt"
    response = client.post(url, data)
    assert response.status_code == 302
    assert QuestionVersion.objects.filter(question=question).count() == 2


def _choice_admin_data(choice, **changes):
    data = {
        "question": choice.question_id,
        "position": choice.position,
        "text": choice.text,
        "is_correct": "on" if choice.is_correct else "",
        "weight": "",
        "match_text": choice.match_text,
        "blank": "",
        "tolerance": "",
        "feedback": choice.feedback,
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def test_choice_admin_keeps_the_answer_key_valid_and_versioned(client, staff, db):
    """Editing one choice on its own admin page follows the same rules as the question's
    inline: the answer key stays valid, and a change is recorded as a new version (the
    snapshot new attempts are graded on)."""
    from tests.factories import QuestionFactory

    question = QuestionFactory()
    wrong, right = (
        question.choices.filter(is_correct=False).first(),
        question.choices.get(is_correct=True),
    )
    client.force_login(staff)
    url = reverse("admin:questions_choice_change", args=[wrong.pk])

    two_correct = client.post(url, _choice_admin_data(wrong, is_correct="on"))
    assert two_correct.status_code == 200
    assert "exactly one correct option" in two_correct.text
    assert question.choices.filter(is_correct=True).count() == 1

    response = client.post(url, _choice_admin_data(wrong, text="Edited option"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2
    texts = [c["text"] for c in question.current_version.snapshot["choices"]]
    assert "Edited option" in texts and right.text in texts


def test_citation_admin_edit_records_a_version(client, staff, db):
    from tests.factories import QuestionFactory

    question = QuestionFactory()
    citation = question.citations.get()
    client.force_login(staff)
    url = reverse("admin:questions_citation_change", args=[citation.pk])
    data = {"question": question.pk, "passage": citation.passage_id, "quote": "NATO", "position": 0}
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.snapshot["citations"][0]["quote"] == "NATO"


def test_assignment_admin_refuses_a_due_time_before_the_opening(client, staff, db):
    assignment = AssignmentFactory()
    client.force_login(staff)
    url = reverse("admin:classes_assignment_change", args=[assignment.pk])
    data = {
        "classroom": assignment.classroom_id,
        "question_set": assignment.question_set_id,
        "opens_at_0": "2026-01-17",
        "opens_at_1": "09:00",
        "due_at_0": "2026-01-10",
        "due_at_1": "09:00",
        "grading": "best",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The due time must be after the opening time." in response.text
    assignment.refresh_from_db()
    assert assignment.due_at > assignment.opens_at


def test_admin_will_not_delete_what_attempts_were_graded_on(client, staff, db):
    """A question an attempt drew (answered or not) and its versions stay: the admin lists it
    as protected, as the workspace archives rather than deletes it."""
    drawn, spare = QuestionFactory(prompt="Drawn one"), QuestionFactory(prompt="Spare one")
    attempt_start(user=StudentFactory(), question_set=QuestionSetFactory(questions=[drawn]))
    SetItem.objects.filter(question=drawn).delete()  # out of every set, still in the attempt
    client.force_login(staff)
    delete = reverse("admin:questions_question_delete", args=[drawn.pk])
    page = client.get(delete)
    assert "Cannot delete question" in page.text and "drawn in students" in page.text
    client.post(delete, {"post": "yes"})
    assert Question.objects.filter(pk=drawn.pk).exists()
    changelist = reverse("admin:questions_question_changelist")
    both = {"action": "delete_selected", "_selected_action": [drawn.pk, spare.pk], "post": "yes"}
    client.post(changelist, both)
    assert Question.objects.filter(pk=drawn.pk).exists()
    client.post(reverse("admin:questions_question_delete", args=[spare.pk]), {"post": "yes"})
    assert not Question.objects.filter(pk=spare.pk).exists()  # nobody met it: deleted
    version = QuestionVersion.objects.filter(question=drawn).first()
    version_delete = reverse("admin:questions_questionversion_delete", args=[version.pk])
    assert "drawn in students" in client.get(version_delete).text
    client.post(version_delete, {"post": "yes"})
    assert QuestionVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.parametrize("model", RECORDS, ids=lambda m: m.__name__)
def test_admin_shows_records_read_only_and_can_delete_them(client, staff, content, model):
    """A score, an answer or a review is what the server computed at the time: staff can read
    and delete one, but an edit posted to the admin is refused and changes nothing."""
    client.force_login(staff)
    opts = model._meta
    obj = model.objects.first()
    before = model.objects.values().get(pk=obj.pk)
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text

    assert client.post(change, {"score": "99", "rating": "4", "percent": "100"}).status_code == 403
    assert model.objects.values().get(pk=obj.pk) == before

    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def test_admin_edits_follow_the_teachers_services(client, staff, db):
    """A due date changed here moves running attempts; a set made private here, or a
    membership deleted here, leaves the decks of students who can no longer see the set."""
    from datetime import timedelta

    from django.utils import timezone

    from quizzes.classes.models import Membership
    from quizzes.flashcards.models import Deck
    from quizzes.flashcards.services import deck_add
    from quizzes.questions.models import QuestionSet

    client.force_login(staff)
    assignment = AssignmentFactory(question_set__questions=[QuestionFactory()])
    student = MembershipFactory(classroom=assignment.classroom).student
    attempt = student_attempt_start(
        user=student, question_set=assignment.question_set, assignment=assignment
    )
    assert attempt.deadline == assignment.due_at  # late work refused: the due date caps it
    due = timezone.localtime(timezone.now() + timedelta(days=3))
    opens = timezone.localtime(assignment.opens_at)
    response = client.post(
        reverse("admin:classes_assignment_change", args=[assignment.pk]),
        {
            "classroom": assignment.classroom_id,
            "question_set": assignment.question_set_id,
            "opens_at_0": opens.strftime("%Y-%m-%d"),
            "opens_at_1": opens.strftime("%H:%M:%S"),
            "due_at_0": due.strftime("%Y-%m-%d"),
            "due_at_1": due.strftime("%H:%M:%S"),
            "grading": "best",
        },
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.deadline == due.replace(microsecond=0)

    question_set = assignment.question_set
    other = StudentFactory()
    deck_add(user=other, question_set=question_set)
    deck_add(user=student, question_set=question_set)
    data = {
        "slug": question_set.slug,
        "title": question_set.title,
        "description": "",
        "owner": question_set.owner_id,
        "status": "published",
        "visibility": "private",
        "mode": question_set.mode,
        "pass_mark": "60",
        "reveal": question_set.reveal,
        "shuffle_options": "on",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }
    response = client.post(
        reverse("admin:questions_questionset_change", args=[question_set.pk]), data
    )
    assert response.status_code == 302, response.text
    assert QuestionSet.objects.get(pk=question_set.pk).visibility == "private"
    # The student's class has it assigned: they still see it; the other student does not.
    assert list(Deck.objects.values_list("user_id", flat=True)) == [student.pk]

    membership = Membership.objects.get(student=student)
    response = client.post(
        reverse("admin:classes_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Deck.objects.exists()


@pytest.mark.parametrize("model", ["assignment", "classroom"])
def test_admin_deletes_an_assignment_or_class_as_the_teacher_does(client, staff, db, model):
    """Deleting here lifts the due date from running attempts and removes decks of the set
    from students who saw it only through the class, as "Remove…"/"Delete class…" do."""
    from quizzes.flashcards.models import Deck
    from quizzes.flashcards.services import deck_add

    assignment = AssignmentFactory(
        question_set__questions=[QuestionFactory()], question_set__visibility="private"
    )
    student = MembershipFactory(classroom=assignment.classroom).student
    question_set = assignment.question_set
    deck_add(user=student, question_set=question_set)
    attempt = student_attempt_start(user=student, question_set=question_set, assignment=assignment)
    assert attempt.due_at is not None
    target = assignment if model == "assignment" else assignment.classroom
    client.force_login(staff)
    url = reverse(f"admin:classes_{model}_delete", args=[target.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.assignment is None and attempt.due_at is None
    assert not Deck.objects.filter(user=student).exists()


def test_removing_a_student_in_the_class_admin_keeps_the_membership_history(client, staff):
    """The class admin's inline deletes a membership as "Remove student" does: it ends."""
    membership = MembershipFactory()
    classroom = membership.classroom
    client.force_login(staff)
    url = reverse("admin:classes_classroom_change", args=[classroom.pk])
    data = {
        "owner": classroom.owner_id,
        "name": classroom.name,
        "join_code": classroom.join_code,
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": membership.pk,
        "memberships-0-classroom": classroom.pk,
        "memberships-0-student": membership.student_id,
        "memberships-0-DELETE": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert not classroom.memberships.exists()
    assert PastMembership.objects.filter(
        classroom=classroom, student=membership.student, joined_at=membership.joined_at
    ).exists()
