import html
import re
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from quizzes.attempts.services import attempt_start, attempt_submit
from quizzes.flashcards.forms import schedule_token, shown_card
from quizzes.flashcards.models import Card, Deck, ReviewLog, StudySettings
from quizzes.flashcards.services import deck_add
from quizzes.questions.models import QuestionSet, QuestionType
from quizzes.questions.services import question_set_update
from tests.conftest import HTMX
from tests.factories import CardFactory, QuestionSetFactory, make_question

pytestmark = pytest.mark.django_db

STUDY = "/study/"


def rate_url(card):
    return f"/study/cards/{card.pk}/rate/"


def counts_text(response) -> str:
    match = re.search(
        r"Today: <strong[^>]*>(\d+)</strong> due, <strong[^>]*>(\d+)</strong> new",
        response.content.decode(),
    )
    assert match, "queue counts missing"
    return f"{match[1]} due, {match[2]} new"


# --- study screen ------------------------------------------------------------


@pytest.mark.parametrize("page", [STUDY, "/study/stats/", "/study/settings/"])
def test_anonymous_is_sent_to_login(client, page):
    response = client.get(page)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["student", "teacher", "staff"])
def test_anyone_logged_in_studies_their_own_cards(request, as_user, deck_of, who):
    user = request.getfixturevalue(who)
    deck_of(user, 3)
    response = as_user(user).get(STUDY)
    assert response.status_code == 200
    assert counts_text(response) == "0 due, 3 new"
    assert "Show answer" in response.content.decode()


def test_a_student_whose_cards_are_all_done_is_told_so(as_user, student, deck_of):
    deck_of(student, 1)
    Card.objects.filter(user=student).update(
        state=Card.State.REVIEW,
        stability=10.0,
        difficulty=5.0,
        due=timezone.now() + timedelta(days=5),
        last_review=timezone.now(),
    )
    body = as_user(student).get(STUDY).content.decode()
    assert "studied everything due today" in body and "no flashcard decks" not in body


def test_a_partly_right_answer_first_says_so(as_user, student):
    """As the quiz player does: "Partly right", not "Not quite", for part of the mark."""
    choices = [
        {"text": "Belgium", "is_correct": True},
        {"text": "Canada", "is_correct": True},
        {"text": "Sweden", "is_correct": False},
    ]
    question = make_question(QuestionType.MULTIPLE_ANSWER, choices=choices)
    QuestionSetFactory(questions=[question])
    card = CardFactory(user=student, question=question)
    canada = str(question.choices.get(text="Canada").public_id)
    body = as_user(student).get(STUDY, {"flip": card.pk, "choices": [canada]}, **HTMX).text
    assert "Partly right (" in body and "Not quite" not in body


def test_new_cards_kept_back_by_the_daily_limit_are_explained(as_user, student, deck_of):
    StudySettings.objects.create(user=student, new_cards_per_day=0)
    deck_of(student, 3)
    body = as_user(student).get(STUDY).content.decode()
    assert "Nothing to study right now" in body and "studied everything" not in body
    # A limit of 0 holds them until it changes, not until tomorrow.
    assert "3 new cards wait: your limit of new cards a day is 0" in body
    assert "another day" not in body and "Study settings" in body


def test_study_screen_without_cards_and_with_a_learning_card_later_today(as_user, student):
    client = as_user(student)
    body = client.get(STUDY).content.decode()
    # A new student is told how to get cards, not that they have studied everything.
    assert "Nothing to study right now" in body and "You have no flashcard decks yet" in body
    assert "studied everything" not in body and "Keys:" not in body
    assert counts_text(client.get(STUDY)) == "0 due, 0 new"
    assert "Undo last rating" not in body
    # A time zone other than UTC where it is now between 03:00 and 21:00, so in an hour it
    # is still today (Tokyo and Paris between them cover every hour).
    student.time_zone = next(
        tz
        for tz in ("Asia/Tokyo", "Europe/Paris")
        if 3 <= timezone.now().astimezone(ZoneInfo(tz)).hour < 21
    )
    student.save()
    question = make_question(QuestionType.SINGLE_CHOICE)
    QuestionSetFactory(questions=[question])
    due = timezone.now() + timedelta(hours=1)
    CardFactory(
        user=student,
        question=question,
        state=Card.State.LEARNING,
        step=1,
        stability=1.0,
        difficulty=5.0,
        due=due,
        last_review=timezone.now(),
    )
    body = client.get(STUDY).content.decode()
    assert "Nothing to study right now" in body
    local = due.astimezone(student.tzinfo)
    assert f"A learning card comes back at {local:%H:%M} today." in body


def test_study_screen_shows_front_without_the_answer(as_user, student, deck_of):
    deck_of(student, 1)
    body = as_user(student).get(STUDY).content.decode()
    assert "when was NATO established?" in body
    assert "1949" in body  # an option, shown by its opaque id
    assert "(correct)" not in body and "is_correct" not in body
    assert "Read in source" not in body and "The treaty was signed" not in body


def test_flip_shows_answer_explanation_source_and_intervals(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    client = as_user(student)
    for extra in ({}, HTMX):
        response = client.get(STUDY, {"flip": card.pk}, **extra)
        body = response.content.decode()
        assert "<strong>1949</strong> (correct)" in body
        assert "The treaty was signed in Washington" in body
        assert "Read in source" in body
        for label in ("Again · 1m", "Hard · 6m", "Good · 10m", "Easy · "):
            assert label in body
        assert ("<html" in body) is (extra == {})


def test_another_students_card_cannot_be_seen_or_rated(as_user, student, other_student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    client = as_user(other_student)
    assert client.get(STUDY, {"flip": card.pk}).status_code == 404
    response = client.post(rate_url(card), {"rating": 3, "version": 0})
    assert response.status_code == 404
    assert not ReviewLog.objects.exists()


def test_teachers_do_not_see_students_cards(as_user, student, teacher, staff, deck_of):
    question_set = deck_of(student, 1, owner=teacher)
    card = Card.objects.get(user=student)
    for viewer in (teacher, staff):
        assert as_user(viewer).get(STUDY, {"flip": card.pk}).status_code == 404
    assert question_set.owner == teacher


@pytest.mark.parametrize("query", [{"flip": "x"}, {"card": "-1"}, {"shown_at": "soon"}])
def test_malformed_study_address_is_a_400(as_user, student, deck_of, query):
    deck_of(student, 1)
    response = as_user(student).get(STUDY, query)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


# --- rating ------------------------------------------------------------------


def test_rating_saves_review_and_redirects_to_next_card(as_user, student, deck_of):
    deck_of(student, 2)
    first, second = Card.objects.filter(user=student).order_by("id")
    client = as_user(student)
    shown = int((timezone.now() - timedelta(seconds=7)).timestamp() * 1000)
    response = client.post(rate_url(first), {"rating": 4, "version": 0, "shown_at": shown})
    assert response.status_code == 303 and response["Location"] == STUDY
    log = ReviewLog.objects.get()
    assert (log.card, log.rating, log.kind) == (first, 4, ReviewLog.Kind.NEW)
    assert 7000 <= log.duration_ms < 60000
    assert log.state_before["state"] == 1 and log.state_after["state"] == 2
    page = client.get(STUDY)
    assert counts_text(page) == "0 due, 1 new"
    assert f'name="flip" value="{second.pk}"' in page.content.decode()


def test_rating_with_htmx_follows_to_the_next_card_fragment(
    as_user, student, deck_of, far_from_midnight
):
    far_from_midnight(student)
    deck_of(student, 2)
    card = Card.objects.filter(user=student).first()
    client = as_user(student)
    response = client.post(rate_url(card), {"rating": 3, "version": 0}, follow=True, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="study"') and "<html" not in body
    assert counts_text(response) == "1 due, 1 new"


def test_double_post_is_applied_once(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    client = as_user(student)
    client.post(rate_url(card), {"rating": 3, "version": 0})
    response = client.post(rate_url(card), {"rating": 3, "version": 0}, follow=True)
    assert "That rating was already recorded." in response.content.decode()
    assert ReviewLog.objects.count() == 1
    card.refresh_from_db()
    assert card.version == 1


def test_rating_a_card_not_due_is_refused(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    client = as_user(student)
    client.post(rate_url(card), {"rating": 4, "version": 0})
    for extra in ({}, HTMX):
        response = client.post(rate_url(card), {"rating": 3, "version": 1}, **extra)
        assert response.status_code == 409
        assert "This card is not due until" in response.content.decode()
    assert ReviewLog.objects.count() == 1


def _flipped_form(client, card) -> dict:
    """The rating form's hidden fields on the card's back."""
    body = client.get(STUDY, {"flip": card.pk}, **HTMX).content.decode()
    form = re.search(r'<form method="post" action="[^"]*/rate/".*?</form>', body, re.S)[0]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    return {
        name: html.unescape(value)
        for name, value in fields.items()
        if name != "csrfmiddlewaretoken"
    }


def test_the_rating_form_carries_the_card_as_shown_and_a_rating_uses_it(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    before = card.to_fsrs().to_dict()
    client = as_user(student)
    form = _flipped_form(client, card)
    shown = shown_card(form["schedule"])
    assert form["version"] == "0" and shown.to_fsrs().to_dict() == before
    assert client.post(rate_url(card), {**form, "rating": 4}, **HTMX).status_code == 303
    log = ReviewLog.objects.get()
    card.refresh_from_db()
    assert log.state_before == before and log.state_after == card.to_fsrs().to_dict()
    assert card.state == Card.State.REVIEW and card.version == 1
    assert client.post(rate_url(card), {**form, "rating": 4}).status_code == 303  # repeated
    assert ReviewLog.objects.count() == 1 and Card.objects.get(pk=card.pk).version == 1


def test_a_schedule_the_server_did_not_sign_for_this_card_and_version_is_not_used(
    as_user, student, deck_of
):
    deck_of(student, 3)
    card, other, later = Card.objects.filter(user=student).order_by("id")
    client = as_user(student)
    client.post(rate_url(later), {"rating": 4, "version": 0})  # due in days
    later.refresh_from_db()
    token = schedule_token(later, retention=0.9)
    forged = token.replace(token.split(":")[0], token.split(":")[0][:-2] + "xx")
    for schedule in (
        forged,
        "not a token",
        schedule_token(Card.objects.get(pk=other.pk), retention=0.9),
    ):
        response = client.post(rate_url(later), {"rating": 3, "version": 1, "schedule": schedule})
        assert response.status_code == 409 and "not due until" in response.content.decode()
    old = schedule_token(Card.objects.get(pk=card.pk), retention=0.9)
    client.post(rate_url(card), {"rating": 3, "version": 0, "schedule": old})
    response = client.post(
        rate_url(card), {"rating": 1, "version": 0, "schedule": old}, follow=True
    )
    assert "That rating was already recorded." in response.content.decode()
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert ReviewLog.objects.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"rating": 5, "version": 0},
        {"rating": "good", "version": 0},
        {"rating": 3},
        {"rating": 3, "version": "x" * 5000},
        {"rating": 3, "version": 0, "shown_at": "yesterday"},
        {"rating": 3, "version": 0, "schedule": "x" * 401},
    ],
)
def test_bad_rating_input_is_a_400_and_changes_nothing(as_user, student, deck_of, data):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    response = as_user(student).post(rate_url(card), data)
    assert response.status_code == 400
    assert "That rating could not be read" in response.content.decode()
    assert not ReviewLog.objects.exists()
    card.refresh_from_db()
    assert card.is_new


@pytest.mark.parametrize("pk", [0, 2**63, int("9" * 30)])
def test_rating_an_impossible_card_id_is_a_404_and_changes_nothing(as_user, student, deck_of, pk):
    deck_of(student, 1)
    response = as_user(student).post(f"/study/cards/{pk}/rate/", {"rating": 3, "version": 0})
    assert response.status_code == 404
    assert not ReviewLog.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_rating_a_card_whose_set_was_removed_meanwhile_says_so(as_user, student, deck_of, headers):
    # As in a second tab: the deck is removed, then a rating is pressed on the open card.
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    Deck.objects.filter(user=student).delete()
    response = as_user(student).post(rate_url(card), {"rating": 3, "version": 0}, **headers)
    assert response.status_code == 404
    body = response.content.decode()
    assert '<section id="study"' in body and "its set may have been removed" in body
    assert ("<html" in body) is not bool(headers)
    assert not ReviewLog.objects.exists()


def test_rating_needs_post(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    assert as_user(student).get(rate_url(card)).status_code == 405


def test_anonymous_rating_changes_nothing(client, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    studying = {"HTTP_REFERER": f"http://testserver{STUDY}?flip={card.pk}"}
    response = client.post(rate_url(card), {"rating": 3, "version": 0}, **studying)
    # Signing in leads back to the card, not to the rating's POST-only address.
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/study/%3Fflip%3D{card.pk}"
    response = client.post(rate_url(card), {"rating": 3, "version": 0}, **studying, **HTMX)
    assert response["HX-Redirect"] == f"/accounts/login/?next=/study/%3Fflip%3D{card.pk}"
    assert not ReviewLog.objects.exists()


# --- undo --------------------------------------------------------------------


def test_undo_puts_the_card_back_and_shows_it(as_user, student, deck_of):
    deck_of(student, 2)
    card = Card.objects.filter(user=student).first()
    before = card.to_fsrs().to_dict()
    client = as_user(student)
    client.post(rate_url(card), {"rating": 4, "version": 0})
    page = client.get(STUDY).content.decode()
    review = ReviewLog.objects.get()
    assert f'name="review" value="{review.pk}"' in page
    response = client.post("/study/undo/", {"review": review.pk})
    assert response.status_code == 303 and response["Location"] == f"{STUDY}?card={card.pk}"
    card.refresh_from_db()
    assert card.to_fsrs().to_dict() == before
    assert not ReviewLog.objects.exists()
    again = client.post("/study/undo/", {"review": review.pk}, **HTMX)  # a second press
    assert again.status_code == 404
    assert "may have been undone already" in again.content.decode()
    assert '<section id="study"' in again.content.decode()
    assert as_user(student).post("/study/undo/", {"review": "abc"}).status_code == 400


def test_with_htmx_messages_go_to_the_live_region_that_stays_on_the_page(as_user, student, deck_of):
    # #study is replaced whole: a live region inside it would be new each time, unannounced.
    deck_of(student, 2)
    card = Card.objects.filter(user=student).first()
    client = as_user(student)
    client.post(rate_url(card), {"rating": 3, "version": 0})
    review = ReviewLog.objects.get()
    response = client.post("/study/undo/", {"review": review.pk}, follow=True, **HTMX)
    body = response.content.decode()
    oob = re.search(r'<div id="messages" hx-swap-oob="innerHTML">(.*?)</div>', body)
    assert oob and "Last rating undone." in oob[1]
    assert body.count("Last rating undone.") == 1
    # The next swap empties it again.
    body = client.get(STUDY, **HTMX).content.decode()
    assert '<div id="messages" hx-swap-oob="innerHTML"></div>' in body


def test_another_student_cannot_undo(as_user, student, other_student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    as_user(student).post(rate_url(card), {"rating": 4, "version": 0})
    review = ReviewLog.objects.get()
    assert as_user(other_student).post("/study/undo/", {"review": review.pk}).status_code == 404
    assert ReviewLog.objects.count() == 1


# --- answer first ------------------------------------------------------------


def _card_for(user, kind):
    question = make_question(kind)
    QuestionSetFactory(questions=[question])
    return CardFactory(user=user, question=question), question


@pytest.mark.parametrize(
    ("kind", "right", "wrong"),
    [
        (QuestionType.SINGLE_CHOICE, "choice:1949", "choice:1955"),
        (QuestionType.TRUE_FALSE, "choice:True", "choice:False"),
        (QuestionType.MULTIPLE_ANSWER, "choices:Belgium,Canada", "choices:Belgium,Sweden"),
        (QuestionType.NUMERIC, "value:1949", "value:1950"),
        (QuestionType.SHORT_ANSWER, "text:Washington treaty!", "text:Rome"),
    ],
)
def test_answer_first_grades_and_preselects(as_user, student, kind, right, wrong):
    card, question = _card_for(student, kind)
    ids = {c.text: str(c.public_id) for c in question.choices.all()}
    client = as_user(student)
    front = client.get(STUDY).content.decode()
    assert "Answer first (optional)" in front
    for answer, suggested, feedback in ((right, 3, "Correct."), (wrong, 1, "Not quite")):
        field, value = answer.split(":")
        if field in ("choice", "choices"):
            value = [ids[v] for v in value.split(",")]
        response = client.get(STUDY, {"flip": card.pk, field: value}, **HTMX)
        body = response.content.decode()
        assert feedback in body
        suggested_button = re.search(r'<button[^>]*class="rating rating-\d suggested"[^>]*>', body)
        assert suggested_button
        suggested_button = suggested_button[0]
        assert f'value="{suggested}"' in suggested_button


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_unreadable_number_keeps_the_front_with_the_reason(as_user, student, headers):
    card, _ = _card_for(student, QuestionType.NUMERIC)
    response = as_user(student).get(STUDY, {"flip": card.pk, "value": "1,43"}, **headers)
    assert response.status_code == 400
    body = response.content.decode()
    assert "with a point, not a comma" in body and 'role="alert"' in body
    box = re.search(r'<input[^>]*id="answer-value"[^>]*>', body)[0]
    assert 'value="1,43"' in box and 'aria-invalid="true"' in box
    assert "Not quite" not in body and "<h3>Answer</h3>" not in body  # not flipped
    assert not ReviewLog.objects.exists()


def test_a_numeric_front_names_its_unit(as_user, student):
    """The label says which unit to answer in, as the quiz player's does."""
    question = make_question(QuestionType.NUMERIC, numeric_value=Decimal("2"), unit="%")
    QuestionSetFactory(questions=[question])
    CardFactory(user=student, question=question)
    body = as_user(student).get(STUDY).content.decode()
    assert '<label for="answer-value">Your answer (in %)</label>' in body


@pytest.mark.parametrize("kind", [QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_ANSWER])
def test_options_are_not_shown_in_the_authored_order_with_the_answer_first(as_user, student, kind):
    # The authored order often puts the correct options first (the whole demo bank does).
    choices = [
        {"text": "Washington", "is_correct": True},
        {"text": "Berlin", "is_correct": False},
        {"text": "Paris", "is_correct": kind == QuestionType.MULTIPLE_ANSWER},
        {"text": "Lisbon", "is_correct": False},
    ]
    question = make_question(kind, choices=choices)
    question_set = QuestionSetFactory(questions=[question])
    CardFactory(user=student, question=question)
    client = as_user(student)
    label = r"<label><input[^>]*> ([A-Za-z]+)</label>"
    assert re.findall(label, client.get(STUDY).content.decode()) == [
        "Berlin",
        "Lisbon",
        "Paris",
        "Washington",
    ]
    cram = client.get(f"/study/sets/{question_set.slug}/cram/").content.decode()
    assert re.findall(label, cram) == ["Berlin", "Lisbon", "Paris", "Washington"]


def test_an_ordering_card_is_never_shown_already_in_the_right_order(as_user, student):
    # Items whose right order is also their alphabetical order.
    choices = [{"text": text, "is_correct": True} for text in ("Alpha", "Bravo", "Charlie")]
    question = make_question(QuestionType.ORDERING, choices=choices)
    QuestionSetFactory(questions=[question])
    CardFactory(user=student, question=question)
    front = as_user(student).get(STUDY).content.decode()
    shown = re.findall(r"<li>(Alpha|Bravo|Charlie)</li>", front)
    assert sorted(shown) == ["Alpha", "Bravo", "Charlie"]
    assert shown != ["Alpha", "Bravo", "Charlie"]


def test_a_matching_card_does_not_list_the_matches_in_the_order_of_the_pairs(as_user, student):
    # Items listed in the order of their matches (as in "match each event with its year").
    choices = [
        {"text": text, "match_text": year, "is_correct": True}
        for text, year in (("Founding", "1949"), ("KFOR", "1999"), ("Article 5", "2001"))
    ]
    question = make_question(QuestionType.MATCHING, choices=choices)
    QuestionSetFactory(questions=[question])
    CardFactory(user=student, question=question)
    front = as_user(student).get(STUDY).content.decode()
    shown = re.findall(r"<li>(1949|1999|2001)</li>", front)
    assert sorted(shown) == ["1949", "1999", "2001"]
    assert shown != ["1949", "1999", "2001"]


def test_answer_with_a_foreign_option_is_a_400(as_user, student):
    card, _ = _card_for(student, QuestionType.SINGLE_CHOICE)
    response = as_user(student).get(STUDY, {"flip": card.pk, "choice": "not-an-option"})
    assert response.status_code == 400
    assert "not part of this question" in response.content.decode()


def test_answer_too_long_is_a_400(as_user, student):
    card, _ = _card_for(student, QuestionType.SHORT_ANSWER)
    response = as_user(student).get(STUDY, {"flip": card.pk, "text": "x" * 501})
    assert response.status_code == 400


# --- decks and cram ----------------------------------------------------------


def test_study_as_flashcards_from_the_set_page(as_user, student):
    question_set = QuestionSetFactory(questions=[make_question(QuestionType.SINGLE_CHOICE)])
    client = as_user(student)
    page = client.get(f"/sets/{question_set.slug}/").content.decode()
    assert "Study as flashcards" in page and "Cram" in page
    response = client.post(f"/study/sets/{question_set.slug}/", follow=True)
    assert "(1 new card added;" in response.content.decode()
    assert counts_text(response) == "0 due, 1 new"
    assert Deck.objects.filter(user=student, question_set=question_set).exists()


@pytest.mark.parametrize(
    ("reveal", "why"),
    [
        (QuestionSet.Reveal.AFTER_DUE, "until after the due date"),
        (QuestionSet.Reveal.NEVER, "from students"),
    ],
)
def test_a_set_that_keeps_its_answers_back_has_no_flashcards(
    as_user, student, teacher, reveal, why
):
    """A card's back is the answer key: where the teacher holds the key back, the set page
    says why there are no flashcards, and a forged POST or cram address is refused."""
    question_set = QuestionSetFactory(
        owner=teacher, reveal=reveal, questions=[make_question(QuestionType.SINGLE_CHOICE)]
    )
    client = as_user(student)
    page = client.get(f"/sets/{question_set.slug}/").content.decode()
    assert f"its teacher keeps the answers back {why}" in page
    assert "Study as flashcards" not in page and "Cram" not in page
    refused = client.post(f"/study/sets/{question_set.slug}/")
    assert refused.status_code == 403 and why in refused.content.decode()
    cram = client.get(f"/study/sets/{question_set.slug}/cram/", {"n": 0, "flip": 1})
    assert cram.status_code == 403 and "(correct)" not in cram.content.decode()
    assert not Card.objects.exists() and not Deck.objects.exists()
    # Its owner sees the answers anyway and may check the cards.
    assert as_user(teacher).get(f"/study/sets/{question_set.slug}/cram/").status_code == 200


def test_an_exam_has_flashcards_only_for_students_who_handed_in_an_attempt(
    as_user, student, other_student, teacher
):
    """The backs are the answers: an exam's open once the student has seen its result."""
    exam = QuestionSetFactory(
        owner=teacher,
        mode=QuestionSet.Mode.EXAM,
        questions=[make_question(QuestionType.SINGLE_CHOICE)],
    )
    client = as_user(student)
    page = client.get(f"/sets/{exam.slug}/").content.decode()
    assert "its flashcards open once you have handed in an attempt" in page
    assert "Study as flashcards" not in page
    assert client.post(f"/study/sets/{exam.slug}/").status_code == 403
    cram = client.get(f"/study/sets/{exam.slug}/cram/", {"n": 0, "flip": 1})
    assert cram.status_code == 403 and "(correct)" not in cram.content.decode()
    attempt = attempt_start(user=student, question_set=exam)
    assert client.post(f"/study/sets/{exam.slug}/").status_code == 403  # still running
    attempt_submit(attempt=attempt, user=student)
    assert client.post(f"/study/sets/{exam.slug}/").status_code == 303
    assert Deck.objects.filter(user=student, question_set=exam).exists()
    assert as_user(other_student).post(f"/study/sets/{exam.slug}/").status_code == 403


def test_a_set_made_an_exam_leaves_the_decks_of_students_who_have_not_sat_it(
    student, other_student, teacher, deck_of
):
    practice = deck_of(student, 2, owner=teacher)
    deck_add(user=other_student, question_set=practice)
    attempt_submit(
        attempt=attempt_start(user=other_student, question_set=practice), user=other_student
    )
    question_set_update(question_set=practice, fields={"mode": QuestionSet.Mode.EXAM})
    assert not Deck.objects.filter(user=student).exists()
    assert Deck.objects.filter(user=other_student, question_set=practice).exists()
    assert Card.objects.filter(user=student).count() == 2  # cards and history are kept


def test_a_set_the_student_cannot_see_cannot_be_studied(as_user, student, teacher):
    private = QuestionSetFactory(
        owner=teacher,
        visibility=QuestionSet.Visibility.PRIVATE,
        questions=[make_question(QuestionType.SINGLE_CHOICE)],
    )
    client = as_user(student)
    assert client.post(f"/study/sets/{private.slug}/").status_code == 404
    assert client.get(f"/study/sets/{private.slug}/cram/").status_code == 404
    assert not Card.objects.exists()
    assert as_user(teacher).post(f"/study/sets/{private.slug}/").status_code == 303


def test_cram_goes_through_the_set_without_scheduling(as_user, student, deck_of):
    question_set = deck_of(student, 2)
    url = f"/study/sets/{question_set.slug}/cram/"
    client = as_user(student)
    first = client.get(url)
    assert "Card 1 of 2" in first.content.decode()
    back = client.get(url, {"n": 0, "flip": 1}, **HTMX).content.decode()
    assert "(correct)" in back and "Cram mode: ratings do not change your schedule." in back
    assert 'name="n" value="1"' in back
    assert "Card 2 of 2" in client.get(url, {"n": 1}).content.decode()
    assert "End of the set" in client.get(url, {"n": 2}).content.decode()
    assert client.get(url, {"n": "-3"}).status_code == 400
    assert not ReviewLog.objects.exists()
    assert all(c.is_new for c in Card.objects.all())


# --- settings ----------------------------------------------------------------


def test_settings_are_saved(as_user, student):
    client = as_user(student)
    assert "Desired retention" in client.get("/study/settings/").content.decode()
    response = client.post(
        "/study/settings/",
        {"desired_retention": "0.85", "new_cards_per_day": 7, "time_zone": "Europe/Brussels"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    settings = StudySettings.objects.get(user=student)
    # The time zone is the profile's (tests/accounts/test_profile.py), not a study setting.
    assert (settings.desired_retention, settings.new_cards_per_day, student.time_zone) == (
        0.85,
        7,
        "UTC",
    )
    page = client.get("/study/settings/").content.decode()
    assert 'value="7"' in page and 'value="0.85"' in page
    # Saved again: the same row changes.
    data = {"desired_retention": "0.9", "new_cards_per_day": 3, "time_zone": "UTC"}
    assert client.post("/study/settings/", data).status_code == 302
    assert StudySettings.objects.get(user=student).new_cards_per_day == 3


def test_reading_the_settings_writes_nothing(as_user, student):
    """Until a student saves them, the defaults apply and no row is made."""
    page = as_user(student).get("/study/settings/").content.decode()
    assert 'value="20"' in page and 'value="0.9"' in page
    assert not StudySettings.objects.filter(user=student).exists()


def test_settings_inputs_carry_the_limits_the_server_enforces(as_user, student):
    """New cards per day had min="0" but no max, so the browser let 501 through to a 400."""
    page = as_user(student).get("/study/settings/").content.decode()
    field = re.search(r'<input[^>]*name="new_cards_per_day"[^>]*>', page).group(0)
    assert 'min="0"' in field and 'max="500"' in field, field
    retention = re.search(r'<input[^>]*name="desired_retention"[^>]*>', page).group(0)
    assert 'min="0.7"' in retention and 'max="0.97"' in retention, retention


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("desired_retention", "0.5"),
        ("desired_retention", "0.99"),
        ("desired_retention", "lots"),
        ("new_cards_per_day", "-1"),
        ("new_cards_per_day", "501"),
    ],
)
def test_bad_settings_are_a_400_and_nothing_is_saved(as_user, student, field, value):
    data = {"desired_retention": "0.9", "new_cards_per_day": 20, "time_zone": "UTC", field: value}
    response = as_user(student).post("/study/settings/", data)
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    student.refresh_from_db()
    assert student.time_zone == "UTC"
    assert not StudySettings.objects.filter(user=student).exists()


# --- statistics --------------------------------------------------------------


def test_statistics_show_reviews_retention_states_and_forecast(as_user, student, deck_of):
    deck_of(student, 4)
    cards = list(Card.objects.filter(user=student).order_by("id"))
    client = as_user(student)
    for card, rating in zip(cards[:3], (4, 4, 1), strict=True):
        client.post(rate_url(card), {"rating": rating, "version": 0})
    for extra in ({}, HTMX):
        body = client.get("/study/stats/", **extra).content.decode()
        per_day = re.search(r'id="reviews-per-day-table".*?</table>', body, re.S)[0]
        assert re.findall(r"<td>(\d+)</td>", per_day)[-1] == "3"
        by_state = re.search(r'id="cards-by-state-table".*?</table>', body, re.S)[0]
        # new, learning, review, relearning
        assert re.findall(r"<td>(\d+)</td>", by_state) == ["1", "1", "2", "0"]
        forecast = re.search(r'id="due-forecast-table".*?</table>', body, re.S)[0]
        days = [int(n) for n in re.findall(r"<td>(\d+)</td>", forecast)]
        assert len(days) == 14 and days[0] == 1 and sum(days) == 3
        retention = re.search(r'id="retention-table".*?</table>', body, re.S)[0]
        assert "–" in retention  # no review-state reviews yet


def test_retention_counts_review_state_reviews_not_rated_again(student):
    from quizzes.flashcards.selectors import local_day, true_retention
    from quizzes.flashcards.services import card_review

    now = timezone.now()
    cards = [CardFactory(user=student, due=now) for _ in range(4)]
    for card in cards:
        card_review(user=student, card_id=card.pk, rating=4, version=0, now=now)
    later = now + timedelta(days=60)
    for card, rating in zip(cards, (1, 3, 3, 2), strict=True):
        card_review(user=student, card_id=card.pk, rating=rating, version=1, now=later)
    week, month = true_retention(user=student, day=local_day(user=student, now=later))
    assert (week.reviews, week.passed, week.percent) == (4, 3, 75.0)
    assert month.reviews == 4


def test_statistics_days_follow_the_time_zone(student):
    from datetime import UTC, date, datetime

    from quizzes.flashcards.selectors import local_day, reviews_per_day
    from quizzes.flashcards.services import card_review

    student.time_zone = "Pacific/Auckland"  # UTC+13 in March
    student.save()
    card = CardFactory(user=student, due=datetime(2026, 3, 1, tzinfo=UTC))
    when = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)  # 01:30 on 2 March in Auckland
    card_review(user=student, card_id=card.pk, rating=1, version=0, now=when)
    days = reviews_per_day(user=student, day=local_day(user=student, now=when))
    assert days[-1] == (date(2026, 3, 2), 1)


# --- query budgets -----------------------------------------------------------


# The logged-in user's lookup, then: the study screen one query (counts and the card);
# a rating two, the card's schedule (none if the form sent it) and one write (PostgreSQL:
# the card update and the log insert in one statement; SQLite: a transaction of two);
# statistics four.
STUDY_QUERIES = 1 + 1
RATE_QUERIES = 1 + (2 if connection.vendor == "postgresql" else 5)
STATS_QUERIES = 1 + 4


@pytest.mark.parametrize("size", [10, 5000])
def test_query_budgets(as_user, student, collection, django_assert_max_num_queries, size):
    cards = collection(student, size)
    client = as_user(student)
    with django_assert_max_num_queries(STUDY_QUERIES):
        front = client.get(STUDY)
    assert front.status_code == 200
    card_id = int(re.search(r'name="flip" value="(\d+)"', front.content.decode())[1])
    card = Card.objects.get(pk=card_id)
    with django_assert_max_num_queries(STUDY_QUERIES):
        assert client.get(STUDY, {"flip": card_id}, **HTMX).status_code == 200
    form = {**_flipped_form(client, card), "rating": 3}
    with django_assert_max_num_queries(RATE_QUERIES - 1):  # the form's schedule: no read
        response = client.post(rate_url(card), form)
    assert response.status_code == 303
    new_card = next(c for c in cards if c.last_review is None and c.pk != card_id)
    with django_assert_max_num_queries(RATE_QUERIES):
        response = client.post(rate_url(new_card), {"rating": 3, "version": 0})
    assert response.status_code == 303
    with django_assert_max_num_queries(STATS_QUERIES):
        assert client.get("/study/stats/").status_code == 200
    assert ReviewLog.objects.filter(user=student, card__in=[card, new_card]).count() >= 2


def test_statistics_count_only_the_students_own_reviews(as_user, student, other_student, deck_of):
    deck_of(student, 2)
    deck_of(other_student, 1)
    for card in Card.objects.filter(user=student):
        as_user(student).post(rate_url(card), {"rating": 4, "version": 0})
    body = as_user(other_student).get("/study/stats/").content.decode()
    per_day = re.search(r'id="reviews-per-day-table".*?</table>', body, re.S)[0]
    assert set(re.findall(r"<td>(\d+)</td>", per_day)) == {"0"}
    by_state = re.search(r'id="cards-by-state-table".*?</table>', body, re.S)[0]
    assert re.findall(r"<td>(\d+)</td>", by_state) == ["1", "0", "0", "0"]


BACK_LINES = {
    QuestionType.SINGLE_CHOICE: "<strong>1949</strong> (correct)",
    QuestionType.MULTIPLE_ANSWER: "<strong>Canada</strong> (correct)",
    QuestionType.TRUE_FALSE: "<strong>True</strong> (correct)",
    QuestionType.SHORT_ANSWER: '<p class="answer canonical"><strong>Washington Treaty</strong></p>',
    QuestionType.NUMERIC: "<li>1949</li>",
    QuestionType.ORDERING: "<li>1. NATO founded</li>",
    QuestionType.MATCHING: "<li>KFOR → 1999</li>",
    QuestionType.FILL_BLANK: "<li>Blank 1: 1949</li>",
}


@pytest.mark.parametrize("kind", list(QuestionType))
def test_every_question_type_has_a_front_without_the_answer_and_a_back_with_it(
    as_user, student, kind
):
    card, _ = _card_for(student, kind)
    client = as_user(student)
    front = client.get(STUDY).content.decode()
    back = client.get(STUDY, {"flip": card.pk}).content.decode()
    assert BACK_LINES[kind] in back
    assert BACK_LINES[kind] not in front
    assert "(correct)" not in front and "→" not in front
    if kind == QuestionType.FILL_BLANK:
        assert "NATO was established in _____." in front


def test_admin_lists_flashcard_models(as_user, staff, student, deck_of):
    deck_of(student, 1)
    client = as_user(staff)
    for model in ("deck", "card", "reviewlog"):
        response = client.get(f"/admin/flashcards/{model}/", {"q": student.username})
        assert response.status_code == 200
