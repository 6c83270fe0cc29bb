"""The apps import downwards only (pyproject.toml, `lint-imports`); where a lower app's
page must know what only a higher one can tell, the higher one supplies it in its
AppConfig.ready() (docs/architecture.md, Layers). These tests pin that the supplied
parts are in use, and that the lower app on its own still stands."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve

from quizzes.attempts.services import AttemptRefused, attempt_start
from quizzes.classes.services import student_attempt_start
from quizzes.questions import models as question_models
from quizzes.questions.models import QuestionSet
from quizzes.questions.services import question_set_delete_or_archive
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    QuestionSetFactory,
    make_question,
)


@pytest.fixture
def class_set(teacher, student):
    """A set its teacher shares with their classes only, and a student of one of them."""
    MembershipFactory(student=student, classroom__owner=teacher)
    return QuestionSetFactory(
        owner=teacher,
        visibility=QuestionSet.Visibility.CLASSES,
        questions=[make_question("true_false", author=teacher)],
    )


def test_a_class_opens_its_teachers_sets_through_the_audience_classes_add(
    monkeypatch, student, other_student, class_set
):
    assert class_set in QuestionSet.objects.visible_to(student)
    assert class_set in QuestionSet.objects.listed_for(student)
    assert class_set not in QuestionSet.objects.visible_to(other_student)
    # The questions app on its own knows no classes: the set is its teacher's alone.
    monkeypatch.setattr(question_models, "SET_AUDIENCES", [])
    assert class_set not in QuestionSet.objects.visible_to(student)


def test_the_start_of_an_attempt_is_the_classes_apps(student, class_set):
    """The start URL is served by the classes app, which knows the assignment's terms."""
    assert resolve(f"/sets/{class_set.slug}/start/").func.__module__ == (
        "quizzes.classes.set_views"
    )


def test_an_exam_assigned_to_the_student_is_held_by_the_classes_app_not_the_attempts_app(
    student, class_set
):
    QuestionSet.objects.filter(pk=class_set.pk).update(mode=QuestionSet.Mode.EXAM)
    class_set.refresh_from_db()
    classroom = class_set.owner.classrooms.get()
    AssignmentFactory(classroom=classroom, question_set=class_set)
    with pytest.raises(AttemptRefused, match="sit it as the assignment"):
        student_attempt_start(user=student, question_set=class_set)
    # The attempts app starts whatever it is asked to: the rule is the caller's.
    assert attempt_start(user=student, question_set=class_set).assignment_id is None


def test_deleting_a_set_asks_the_apps_that_keep_its_attempts_and_assignments(student, class_set):
    classroom = class_set.owner.classrooms.get()
    assignment = AssignmentFactory(classroom=classroom, question_set=class_set)
    with pytest.raises(ValidationError, match="assigned to"):
        question_set_delete_or_archive(question_set=class_set)
    student_attempt_start(user=student, question_set=class_set, assignment=assignment)
    assignment.delete()
    assert question_set_delete_or_archive(question_set=class_set) == "archived"
