"""An exam set's flashcards hold only the questions whose answers the student has been
shown: those they answered in an attempt they handed in (issue 22). With a draw of 2 of 4
questions, one handed-in attempt gives 2 cards, not 4: in the study queue, in cram mode
and in the deck list."""

import pytest
from django.urls import reverse

from quizzes.attempts import services as attempts
from quizzes.flashcards.models import Deck
from quizzes.flashcards.selectors import active_cards, cram_questions
from quizzes.models import Choice, QuestionSet
from tests.factories import QuestionFactory, QuestionSetFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn_exam(student):
    """An exam of 4 questions drawing 2, which the student has sat once and handed in."""
    exam = QuestionSetFactory(
        questions=[QuestionFactory() for _ in range(4)],
        mode=QuestionSet.Mode.EXAM,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
        draw_count=2,
    )
    attempt = attempts.attempt_start(user=student, question_set=exam)
    for position, question_id in enumerate(attempt.question_ids):
        wrong = Choice.objects.filter(question_id=question_id, is_correct=False).first()
        attempts.attempt_answer(
            attempt=attempt,
            user=student,
            position=position,
            answer={"choice": str(wrong.public_id)},
        )
    attempts.attempt_submit(attempt=attempt, user=student)
    exam.shown = set(attempt.question_ids)
    return exam


def test_study_queue_holds_only_the_questions_answered_in_a_handed_in_attempt(
    as_user, student, drawn_exam
):
    client = as_user(student)
    assert client.post(reverse("flashcards_deck_add", args=[drawn_exam.slug])).status_code == 303
    assert {c.question_id for c in active_cards(user=student)} == drawn_exam.shown
    page = client.get(reverse("flashcards_study")).text
    assert '<strong data-count="new">2</strong>' in page
    decks = client.get(reverse("flashcards_decks")).text
    deck = Deck.objects.get(user=student)
    assert deck.question_set == drawn_exam
    assert '<td data-count="cards">2</td>' in decks
    assert '<td data-count="new">2</td>' in decks


def test_the_card_shown_is_one_of_the_questions_shown(as_user, student, drawn_exam):
    client = as_user(student)
    client.post(reverse("flashcards_deck_add", args=[drawn_exam.slug]))
    page = client.get(reverse("flashcards_study")).text
    prompts = {q.prompt for q in drawn_exam.questions.all()}
    on_card = {p for p in prompts if p in page}
    assert len(on_card) == 1
    assert {q.pk for q in drawn_exam.questions.filter(prompt__in=on_card)} <= drawn_exam.shown


def test_cram_mode_goes_through_the_questions_shown_only(as_user, student, drawn_exam):
    client = as_user(student)
    url = reverse("flashcards_cram", args=[drawn_exam.slug])
    first = client.get(url, {"n": 0, "flip": 1})
    assert first.status_code == 200
    assert "Card 1 of 2" in first.text
    assert "End of the set" in client.get(url, {"n": 2}).text
    assert [q.pk for q in cram_questions(question_set=drawn_exam, user=student)] == [
        q.pk
        for q in drawn_exam.questions.order_by("set_items__position")
        if q.pk in drawn_exam.shown
    ]


def test_its_owner_and_staff_study_the_whole_exam(drawn_exam):
    assert cram_questions(question_set=drawn_exam, user=drawn_exam.owner).count() == 4
    assert cram_questions(question_set=drawn_exam, user=StaffFactory()).count() == 4


def test_a_practice_set_gives_every_card(as_user, student, deck_of):
    practice = deck_of(student, n=3)
    assert practice.mode == QuestionSet.Mode.PRACTICE
    assert active_cards(user=student).count() == 3
    assert cram_questions(question_set=practice, user=student).count() == 3
