"""Decks of sets a student can no longer see are deleted (flashcards.services.
decks_out_of_sight): when a set is made private or unpublished, or the student leaves the
class it came through. Cards and review logs are kept, so the history comes back when the
student can see the set again and studies it again."""

import pytest
from django.urls import reverse

from quizzes.classes.models import Membership
from quizzes.flashcards.models import Card, Deck, ReviewLog
from quizzes.flashcards.services import card_review, deck_add, decks_out_of_sight
from quizzes.questions.models import QuestionSet
from quizzes.questions.services import question_set_publish, question_set_update
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def studied_set(teacher, students, *, visibility=QuestionSet.Visibility.PUBLIC):
    """A published set of two questions that each of `students` studies."""
    question_set = QuestionSetFactory(
        owner=teacher,
        visibility=visibility,
        questions=[QuestionFactory(author=teacher) for _ in range(2)],
    )
    for student in students:
        deck_add(user=student, question_set=question_set)
    return question_set


def review_first_card(student, question_set):
    card = Card.objects.filter(user=student, question__set_items__question_set=question_set).first()
    card_review(user=student, card_id=card.pk, rating=3, version=card.version)
    card.refresh_from_db()
    return card


def deck_titles(client) -> str:
    return client.get(reverse("flashcards_decks")).text


def test_a_set_made_private_leaves_its_students_decks_and_keeps_their_history(
    as_user, teacher, student, other_student
):
    question_set = studied_set(teacher, [student, other_student, teacher])
    card = review_first_card(student, question_set)
    schedule = (card.due, card.stability, card.version)
    prompts = [item.question.prompt for item in question_set.items.all()]
    assert any(p in as_user(student).get(reverse("flashcards_study")).text for p in prompts)
    client = as_user(teacher)
    data = {
        "title": question_set.title,
        "description": "",
        "visibility": QuestionSet.Visibility.PRIVATE,
        "mode": question_set.mode,
        "pass_mark": "60",
        "reveal": question_set.reveal,
        "shuffle_options": "on",
    }
    response = client.post(reverse("set_edit", args=[question_set.slug]), data)
    assert response.status_code == 302
    assert list(Deck.objects.values_list("user_id", flat=True)) == [teacher.pk]  # the owner's
    assert Card.objects.filter(user=student).count() == 2
    assert ReviewLog.objects.filter(user=student).count() == 1
    assert question_set.title not in deck_titles(as_user(student))
    study = as_user(student).get(reverse("flashcards_study")).text
    assert not any(prompt in study for prompt in prompts)

    # Access returns (public again) and the student studies the set again: the same
    # cards, with their schedule and review history.
    question_set_update(
        question_set=question_set, fields={"visibility": QuestionSet.Visibility.PUBLIC}
    )
    assert deck_add(user=student, question_set=question_set) == 0
    card.refresh_from_db()
    assert (card.due, card.stability, card.version) == schedule
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert question_set.title in deck_titles(as_user(student))


def test_students_who_still_see_the_set_keep_their_decks(teacher, student, other_student):
    """Made "my classes": a student of the teacher's class still sees it, another does not;
    a set assigned to a student's class stays visible to them even when private."""
    question_set = studied_set(teacher, [student, other_student])
    MembershipFactory(classroom=ClassroomFactory(owner=teacher), student=student)
    question_set_update(
        question_set=question_set, fields={"visibility": QuestionSet.Visibility.CLASSES}
    )
    assert set(Deck.objects.values_list("user_id", flat=True)) == {student.pk}

    classroom = ClassroomFactory(owner=teacher)
    MembershipFactory(classroom=classroom, student=other_student)
    AssignmentFactory(classroom=classroom, question_set=question_set)
    deck_add(user=other_student, question_set=question_set)
    question_set_update(
        question_set=question_set, fields={"visibility": QuestionSet.Visibility.PRIVATE}
    )
    assert set(Deck.objects.values_list("user_id", flat=True)) == {other_student.pk}


def test_settings_saved_without_a_visibility_change_touch_no_deck(teacher, student):
    # Studied while it was visible to them; made private behind the services' back (as
    # the admin can), so only a visibility change through them would remove the deck.
    question_set = studied_set(teacher, [student])
    QuestionSet.objects.filter(pk=question_set.pk).update(visibility="private")
    question_set.refresh_from_db()
    question_set_update(question_set=question_set, fields={"pass_mark": 70})
    assert Deck.objects.filter(user=student).exists()


def test_an_unpublished_set_leaves_every_deck_but_its_owners_and_staffs(as_user, teacher, student):
    staff = StaffFactory()
    question_set = studied_set(teacher, [student, teacher, staff])
    response = as_user(teacher).post(
        reverse("set_publish", args=[question_set.slug]), {"publish": "0"}
    )
    assert response.status_code == 302
    assert set(Deck.objects.values_list("user_id", flat=True)) == {teacher.pk, staff.pk}
    assert Card.objects.filter(user=student).count() == 2
    question_set_publish(question_set=question_set, publish=True)
    deck_add(user=student, question_set=question_set)
    assert Card.objects.filter(user=student).count() == 2  # the same cards, none new


def test_a_student_removed_from_a_class_loses_only_the_decks_they_no_longer_see(
    as_user, teacher, student
):
    through_class = studied_set(teacher, [], visibility=QuestionSet.Visibility.CLASSES)
    assigned = studied_set(teacher, [], visibility=QuestionSet.Visibility.PRIVATE)
    public = studied_set(teacher, [])
    classroom = ClassroomFactory(owner=teacher)
    membership = MembershipFactory(classroom=classroom, student=student)
    AssignmentFactory(classroom=classroom, question_set=assigned)
    for question_set in (through_class, assigned, public):
        deck_add(user=student, question_set=question_set)
    review_first_card(student, assigned)

    url = reverse("class_remove_student", args=[classroom.pk, membership.pk])
    assert as_user(teacher).post(url).status_code == 302
    assert not Membership.objects.exists()
    assert list(Deck.objects.values_list("question_set_id", flat=True)) == [public.pk]
    assert Card.objects.filter(user=student).count() == 6
    assert ReviewLog.objects.filter(user=student).count() == 1

    # Back in the class: the sets are visible again, and studying them brings the cards
    # back as they were.
    MembershipFactory(classroom=classroom, student=student)
    assert deck_add(user=student, question_set=assigned) == 0
    titles = deck_titles(as_user(student))
    assert assigned.title in titles and through_class.title not in titles


def test_a_question_shared_with_a_visible_deck_stays_in_play(teacher, student):
    hidden = studied_set(teacher, [student])
    shared = hidden.items.first().question
    other = QuestionSetFactory(owner=teacher, questions=[shared])
    deck_add(user=student, question_set=other)
    question_set_update(question_set=hidden, fields={"visibility": QuestionSet.Visibility.PRIVATE})
    assert list(Deck.objects.values_list("question_set_id", flat=True)) == [other.pk]
    from quizzes.flashcards.selectors import active_cards

    assert list(active_cards(user=student).values_list("question_id", flat=True)) == [shared.pk]


def test_nothing_to_do_is_harmless(teacher, student):
    question_set = studied_set(teacher, [student])
    assert decks_out_of_sight(question_set=question_set) == 0
    assert decks_out_of_sight(user=student) == 0
    assert Deck.objects.count() == 1


# --- the delete paths and the reveal rule -------------------------------------------------


def _set_assigned_to_class_only(teacher, student):
    """A private set the student sees (and studies) only because it is assigned to their
    class."""
    classroom = ClassroomFactory(owner=teacher)
    MembershipFactory(classroom=classroom, student=student)
    question_set = studied_set(teacher, [], visibility=QuestionSet.Visibility.PRIVATE)
    assignment = AssignmentFactory(classroom=classroom, question_set=question_set)
    deck_add(user=student, question_set=question_set)
    return classroom, assignment, question_set


def test_removing_the_assignment_takes_the_deck_its_set_came_through(as_user, teacher, student):
    classroom, assignment, question_set = _set_assigned_to_class_only(teacher, student)
    card = review_first_card(student, question_set)
    as_user(teacher).post(reverse("assignment_remove", args=[classroom.pk, assignment.pk]))
    assert not Deck.objects.filter(user=student).exists()
    assert Card.objects.filter(pk=card.pk).exists() and ReviewLog.objects.exists()


def test_deleting_the_class_takes_the_decks_its_sets_came_through(as_user, teacher, student):
    classroom, _, question_set = _set_assigned_to_class_only(teacher, student)
    public = studied_set(teacher, [student])  # seen without the class: stays
    as_user(teacher).post(reverse("class_delete", args=[classroom.pk]))
    assert list(Deck.objects.filter(user=student).values_list("question_set", flat=True)) == [
        public.pk
    ]


def test_archiving_a_set_takes_every_deck_of_it(as_user, teacher, student):
    from quizzes.attempts.services import attempt_start

    question_set = studied_set(teacher, [student, teacher])
    attempt_start(user=student, question_set=question_set)  # so it is archived, not deleted
    as_user(teacher).post(reverse("set_delete", args=[question_set.slug]))
    question_set.refresh_from_db()
    assert question_set.status == QuestionSet.Status.ARCHIVED
    assert not Deck.objects.exists() and Card.objects.filter(user=student).exists()


def test_a_set_that_starts_keeping_its_answers_back_leaves_students_decks(teacher, student):
    question_set = studied_set(teacher, [student, teacher])
    question_set_update(question_set=question_set, fields={"reveal": QuestionSet.Reveal.NEVER})
    assert list(Deck.objects.values_list("user", flat=True)) == [teacher.pk]  # owner keeps it
