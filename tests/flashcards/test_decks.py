"""The student's decks: the list (/study/decks/) and stopping a deck (…/remove/)."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from quizzes.flashcards.models import Card, Deck, ReviewLog, StudySettings
from quizzes.flashcards.selectors import cards_by_state, local_day, study_queue
from quizzes.flashcards.services import (
    card_review,
    card_undo,
    deck_add,
    deck_remove,
)
from quizzes.questions.models import Question, SetItem
from tests.conftest import HTMX
from tests.factories import QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db

DECKS = "/study/decks/"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def remove_url(deck) -> str:
    return f"/study/decks/{deck.pk}/remove/"


def rows(response) -> dict[str, tuple[int, int, int]]:
    """The deck list as the student reads it: set title -> (cards, due today, new)."""
    body = response.content.decode()
    found = re.findall(
        r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*'
        r'<td data-count="cards">(\d+)</td>\s*<td data-count="due">(\d+)</td>\s*'
        r'<td data-count="new">(\d+)</td>',
        body,
    )
    return {html.unescape(title): (int(c), int(d), int(n)) for title, c, d, n in found}


def status_text(response) -> str:
    """What the htmx response puts in the page's live region (#deck-status)."""
    match = re.search(
        r'<div id="deck-status" hx-swap-oob="innerHTML">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    assert match, "no live-region update in the fragment"
    return html.unescape(re.sub(r"<[^>]+>", "", match[1])).strip()


def review(user, card, *, rating=3, now=None):
    card.refresh_from_db()
    return card_review(user=user, card_id=card.pk, rating=rating, version=card.version, now=now)


def schedule(card) -> tuple:
    card.refresh_from_db()
    return (card.version, card.to_fsrs().to_dict())


# --- the list ------------------------------------------------------------------


def test_the_list_shows_each_deck_with_its_counts_and_links_to_the_set(as_user, student, deck_of):
    nato = deck_of(student, 3, title="NATO basics")
    later = deck_of(student, 2, title="Alliance history")
    cards = list(Card.objects.filter(user=student, question__set_items__question_set=nato))
    review(student, cards[0], rating=4)  # a review card due in days
    review(student, cards[1], rating=1)  # learning, due in a minute: due today (before
    # the end of the test's day, unless it runs across midnight in UTC)
    Question.objects.filter(pk=cards[2].question_id).update(status=Question.Status.ARCHIVED)
    response = as_user(student).get(DECKS)
    assert response.status_code == 200
    # Sorted by title; the archived question's card is not counted.
    assert list(rows(response).items()) == [
        ("Alliance history", (2, 0, 2)),
        ("NATO basics", (2, 1, 0)),
    ]
    body = response.content.decode()
    assert f'<a href="/sets/{nato.slug}/">NATO basics</a>' in body
    added = Deck.objects.get(user=student, question_set=later).created_at
    local = added.astimezone(student.tzinfo)
    assert f"{local.day} {local:%B %Y}</time>" in body  # the app's one date format
    assert 'Stop studying<span class="visually-hidden"> “NATO basics”</span>' in body
    for deck in Deck.objects.filter(user=student):
        assert f'action="{remove_url(deck)}"' in body


def test_the_list_counts_a_question_shared_by_two_sets_in_both(as_user, student):
    shared = QuestionFactory()
    first = QuestionSetFactory(title="First", questions=[shared, QuestionFactory()])
    second = QuestionSetFactory(title="Second", questions=[shared])
    deck_add(user=student, question_set=first)
    deck_add(user=student, question_set=second)
    assert Card.objects.filter(user=student).count() == 2
    assert rows(as_user(student).get(DECKS)) == {"First": (2, 0, 2), "Second": (1, 0, 1)}


def test_due_today_follows_the_students_day(as_user, student, deck_of):
    """ "Due today" is the study screen's count: reviewed cards due before local midnight."""
    student.time_zone = "Pacific/Auckland"
    student.save()
    deck_of(student, 2, title="Set")
    end = local_day(user=student).end
    today, tomorrow = Card.objects.filter(user=student)
    for card, due in ((today, end - timedelta(minutes=1)), (tomorrow, end)):
        Card.objects.filter(pk=card.pk).update(
            state=Card.State.REVIEW, stability=3.0, difficulty=5.0, due=due, last_review=NOW
        )
    client = as_user(student)
    assert rows(client.get(DECKS)) == {"Set": (2, 1, 0)}
    study = client.get("/study/").content.decode()
    assert 'data-count="due">1</strong>' in study


def test_empty_list_points_to_the_sets(as_user, student):
    body = as_user(student).get(DECKS).content.decode()
    assert "You are not studying any sets" in body
    assert '<a href="/">Question sets</a>' in body and "Study as flashcards" in body
    assert "<table" not in body


def test_full_page_and_htmx_fragment(as_user, student, deck_of):
    deck_of(student, 1, title="Only set")
    client = as_user(student)
    page = client.get(DECKS).content.decode()
    assert "<html" in page and "<h1>Your decks</h1>" in page
    assert '<div id="deck-status" role="status" aria-live="polite"></div>' in page
    assert "hx-swap-oob" not in page  # the live region is the page's own
    fragment = client.get(DECKS, **HTMX)
    body = fragment.content.decode()
    assert "<html" not in body and "<h1>" not in body
    assert rows(fragment) == {"Only set": (1, 0, 1)}
    assert status_text(fragment) == ""  # an empty update clears an earlier message
    restore = client.get(DECKS, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in restore.content.decode()


def test_the_flashcard_pages_link_to_the_decks(as_user, student, deck_of):
    question_set = deck_of(student, 1)
    client = as_user(student)
    for page in (
        "/study/",
        "/study/stats/",
        "/study/settings/",
        f"/study/sets/{question_set.slug}/cram/",
        f"/sets/{question_set.slug}/",
    ):
        assert f'href="{DECKS}"' in client.get(page).content.decode(), page
    assert 'href="/study/"' in client.get(DECKS).content.decode()


# --- who sees what -------------------------------------------------------------


def test_anonymous_is_sent_to_login_and_removes_nothing(client, student, deck_of):
    deck_of(student, 1)
    deck = Deck.objects.get(user=student)
    response = client.get(DECKS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(remove_url(deck))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Deck.objects.filter(pk=deck.pk).exists()


@pytest.mark.parametrize("who", ["other_student", "teacher", "other_teacher", "staff"])
def test_everyone_else_sees_only_their_own_list_and_cannot_remove_the_students_deck(
    request, as_user, student, teacher, deck_of, who
):
    """Teachers and staff have no decks of their own here: their own list is empty. The
    owning teacher (whose set it is) cannot remove a student's deck either."""
    deck_of(student, 2, owner=teacher, title="The student's set")
    deck = Deck.objects.get(user=student)
    viewer = request.getfixturevalue(who)
    client = as_user(viewer)
    response = client.get(DECKS)
    assert response.status_code == 200
    assert rows(response) == {}
    assert "You are not studying any sets" in response.content.decode()
    for extra in ({}, HTMX):
        assert client.post(remove_url(deck), **extra).status_code == 404
    assert Deck.objects.filter(pk=deck.pk).exists()
    assert study_queue(user=student, day=local_day(user=student)).counts.new == 2


@pytest.mark.parametrize("who", ["teacher", "staff"])
def test_teachers_and_staff_who_study_a_set_manage_their_own_deck(request, as_user, deck_of, who):
    user = request.getfixturevalue(who)
    deck_of(user, 1, title="Mine")
    client = as_user(user)
    assert rows(client.get(DECKS)) == {"Mine": (1, 0, 1)}
    response = client.post(remove_url(Deck.objects.get(user=user)))
    assert response.status_code == 303 and response["Location"] == DECKS
    assert not Deck.objects.filter(user=user).exists()


def test_the_student_removes_their_deck(as_user, student, other_student, deck_of):
    question_set = deck_of(student, 2, title="NATO basics")
    deck_add(user=other_student, question_set=question_set)
    deck = Deck.objects.get(user=student)
    client = as_user(student)
    response = client.post(remove_url(deck))
    assert response.status_code == 303 and response["Location"] == DECKS
    page = client.get(DECKS).content.decode()
    assert (
        "You stopped studying “NATO basics”. 2 cards left your queue. Their schedule and "
        "review history are kept. To bring them back as they were, choose “Study as "
        "flashcards” on the set's page." in html.unescape(page)
    )
    assert "You are not studying any sets" in page
    assert not Deck.objects.filter(user=student).exists()
    assert Card.objects.filter(user=student).count() == 2
    assert Deck.objects.filter(user=other_student).exists()  # another student's deck stays


# --- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/study/decks/abc/remove/",
        "/study/decks//remove/",
        "/study/decks/-1/remove/",
        "/study/decks/0/remove/",
        f"/study/decks/{2**63}/remove/",
        f"/study/decks/{'9' * 400}/remove/",
    ],
)
def test_a_malformed_or_impossible_deck_id_is_a_404_and_changes_nothing(
    as_user, student, deck_of, url
):
    deck_of(student, 1)
    response = as_user(student).post(url)
    assert response.status_code == 404
    assert Deck.objects.filter(user=student).count() == 1


def test_removing_needs_post(as_user, student, deck_of):
    deck_of(student, 1)
    deck = Deck.objects.get(user=student)
    client = as_user(student)
    for method in (client.get, client.put, client.delete):
        assert method(remove_url(deck)).status_code == 405
    assert client.post(DECKS).status_code == 405
    assert Deck.objects.filter(pk=deck.pk).exists()


def test_a_missing_deck_is_answered_as_another_users_deck(
    settings, as_user, student, other_student, deck_of
):
    """A deck already removed, one that never was and another student's: one 404 with one
    message, so that nobody learns which ids are decks; nothing changes."""
    settings.DEBUG = False  # the 404 page, not Django's technical one
    deck_of(student, 1)
    deck_of(other_student, 1)
    mine, theirs = (Deck.objects.get(user=u) for u in (student, other_student))
    client = as_user(student)
    assert client.post(remove_url(mine)).status_code == 303
    answers = {
        (response.status_code, html.unescape(response.text).count("not one of your decks"))
        for response in (
            client.post(remove_url(mine)),  # repeated
            client.post(remove_url(theirs)),
            client.post(f"/study/decks/{theirs.pk + 1000}/remove/"),  # never was
        )
    }
    assert answers == {(404, 1)}
    assert Deck.objects.filter(pk=theirs.pk).exists()


def test_with_htmx_the_list_is_swapped_and_the_message_announced(as_user, student, deck_of):
    deck_of(student, 3, title="Keep")
    deck_of(student, 2, title="Drop")
    drop = Deck.objects.get(user=student, question_set__title="Drop")
    client = as_user(student)
    page = client.get(DECKS).content.decode()
    form = re.search(rf'<form method="post" action="{remove_url(drop)}"[^>]*>', page)[0]
    assert f'hx-post="{remove_url(drop)}"' in form and 'hx-target="#decks"' in form
    response = client.post(remove_url(drop), follow=True, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert rows(response) == {"Keep": (3, 0, 3)}
    assert status_text(response).startswith("You stopped studying “Drop”. 2 cards left")
    assert 'class="message success"' in body


# --- what removing does to the cards -------------------------------------------


def test_a_removed_decks_cards_leave_the_queue_and_come_back_unchanged(student, deck_of):
    kept_set = deck_of(student, 1)
    removed_set = deck_of(student, 2)
    kept = Card.objects.get(user=student, question__set_items__question_set=kept_set)
    reviewed, new = Card.objects.filter(
        user=student, question__set_items__question_set=removed_set
    ).order_by("id")
    review(student, reviewed, rating=1, now=NOW)  # learning, due in a minute
    before = {card.pk: schedule(card) for card in (kept, reviewed, new)}
    logs = list(ReviewLog.objects.filter(user=student).values())
    soon = local_day(user=student, now=NOW + timedelta(minutes=5))
    queue = study_queue(user=student, day=soon)
    assert queue.card == reviewed and (queue.counts.due, queue.counts.new) == (1, 2)

    deck = Deck.objects.get(user=student, question_set=removed_set)
    removal = deck_remove(user=student, deck_id=deck.pk)
    assert (removal.left, removal.kept) == (2, 0)
    queue = study_queue(user=student, day=soon)
    assert queue.card == kept and (queue.counts.due, queue.counts.new) == (0, 1)
    for card in (reviewed, new):
        with pytest.raises(Card.DoesNotExist):
            study_queue(user=student, day=soon, card_id=card.pk)
    assert list(ReviewLog.objects.filter(user=student).values()) == logs
    assert [b.value for b in cards_by_state(user=student)] == [1, 0, 0, 0]

    assert deck_add(user=student, question_set=removed_set) == 0  # no new cards: the old ones
    assert {card.pk: schedule(card) for card in (kept, reviewed, new)} == before
    queue = study_queue(user=student, day=soon)
    assert queue.card == reviewed and (queue.counts.due, queue.counts.new) == (1, 2)
    assert list(ReviewLog.objects.filter(user=student).values()) == logs


def test_a_card_another_deck_still_has_stays_in_the_queue(as_user, student):
    shared, only_first = QuestionFactory(), QuestionFactory()
    first = QuestionSetFactory(title="First", questions=[shared, only_first])
    second = QuestionSetFactory(title="Second", questions=[shared])
    deck_add(user=student, question_set=first)
    deck_add(user=student, question_set=second)
    client = as_user(student)
    response = client.post(remove_url(Deck.objects.get(question_set=first)), follow=True)
    assert "1 card left your queue. 1 card stays: another set you study has it." in html.unescape(
        response.content.decode()
    )
    assert rows(response) == {"Second": (1, 0, 1)}
    queue = study_queue(user=student, day=local_day(user=student))
    assert queue.card.question_id == shared.pk and queue.counts.new == 1


def test_review_logs_survive_removal_and_statistics_keep_the_history(as_user, student, deck_of):
    deck_of(student, 2)
    cards = list(Card.objects.filter(user=student))
    client = as_user(student)
    for card in cards:
        client.post(f"/study/cards/{card.pk}/rate/", {"rating": 4, "version": 0})
    logged = set(ReviewLog.objects.filter(user=student).values_list("id", flat=True))
    assert len(logged) == 2
    client.post(remove_url(Deck.objects.get(user=student)))
    assert set(ReviewLog.objects.filter(user=student).values_list("id", flat=True)) == logged
    stats = client.get("/study/stats/").content.decode()
    per_day = re.search(r'id="reviews-per-day-table".*?</table>', stats, re.S)[0]
    assert re.findall(r"<td>(\d+)</td>", per_day)[-1] == "2"  # the reviews still count
    by_state = re.search(r'id="cards-by-state-table".*?</table>', stats, re.S)[0]
    assert re.findall(r"<td>(\d+)</td>", by_state) == ["0", "0", "0", "0"]  # no cards in play


def test_a_removed_decks_card_cannot_be_rated_from_a_page_shown_before(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    client = as_user(student)
    client.get("/study/", {"flip": card.pk})
    client.post(remove_url(Deck.objects.get(user=student)))
    response = client.post(f"/study/cards/{card.pk}/rate/", {"rating": 3, "version": 0})
    assert response.status_code == 404
    assert not ReviewLog.objects.exists()
    assert schedule(card)[0] == 0
    with pytest.raises(Card.DoesNotExist):
        card_review(user=student, card_id=card.pk, rating=3, version=0, now=NOW)


def test_a_card_left_without_a_deck_is_refused_even_when_the_form_carried_its_schedule(
    student, deck_of
):
    """The rating's single write checks the decks itself, not only the reads before it."""
    from quizzes.flashcards.services import _apply

    deck_of(student, 1)
    card = Card.objects.get(user=student)
    deck_remove(user=student, deck_id=Deck.objects.get(user=student).pk)
    assert (
        _apply(student, card, 3, retention=0.9, duration_ms=None, day=local_day(user=student))
        is None
    )
    assert not ReviewLog.objects.exists()


def test_undoing_a_rating_of_a_removed_decks_card_goes_back_to_the_queue(as_user, student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    client = as_user(student)
    client.post(f"/study/cards/{card.pk}/rate/", {"rating": 3, "version": 0})
    client.post(remove_url(Deck.objects.get(user=student)))
    response = client.post("/study/undo/", {"review": ReviewLog.objects.get().pk}, follow=True)
    assert response.redirect_chain == [("/study/", 303)]
    assert "Last rating undone. That card's set is not in your flashcards." in html.unescape(
        response.content.decode()
    )
    assert schedule(card)[1]["state"] == Card.State.LEARNING and not ReviewLog.objects.exists()


def test_a_question_taken_out_of_the_only_set_studied_leaves_the_queue(student, deck_of):
    """The decks decide what is studied: a question a teacher removes from the set leaves
    the queue with its card kept, and comes back if it is put back in."""
    question_set = deck_of(student, 2)
    first, second = Card.objects.filter(user=student).order_by("id")
    SetItem.objects.filter(question_set=question_set, question_id=first.question_id).delete()
    day = local_day(user=student)
    assert study_queue(user=student, day=day).counts.new == 1
    assert study_queue(user=student, day=day).card == second
    with pytest.raises(Card.DoesNotExist):
        card_review(user=student, card_id=first.pk, rating=3, version=0)
    SetItem.objects.create(question_set=question_set, question_id=first.question_id)
    assert study_queue(user=student, day=day).counts.new == 2


# --- the service -----------------------------------------------------------------


def test_deck_remove_is_only_for_the_owner_and_only_once(student, other_student, deck_of):
    deck_of(student, 2)
    deck = Deck.objects.get(user=student)
    with pytest.raises(Deck.DoesNotExist):
        deck_remove(user=other_student, deck_id=deck.pk)
    assert Deck.objects.filter(pk=deck.pk).exists()
    first = deck_remove(user=student, deck_id=deck.pk)
    assert first.question_set == deck.question_set
    with pytest.raises(Deck.DoesNotExist):
        deck_remove(user=student, deck_id=deck.pk)
    assert Card.objects.filter(user=student).count() == 2


def test_undo_still_works_on_the_history_of_a_removed_deck(student, deck_of):
    deck_of(student, 1)
    card = Card.objects.get(user=student)
    before = schedule(card)[1]
    result = review(student, card, now=NOW)
    deck_remove(user=student, deck_id=Deck.objects.get(user=student).pk)
    card_undo(user=student, review_id=result.review.pk, now=NOW)
    assert schedule(card)[1] == before


# --- query budgets -----------------------------------------------------------------


# The logged-in user's lookup, then: the list one query (decks with their counts); a
# removal the deck, its delete and the counts of its cards (plus a savepoint and its
# release: the test runs inside a transaction).
LIST_QUERIES = 1 + 1
REMOVE_QUERIES = 1 + 3 + 2


def _many_decks(user, collection, size: int) -> list[Deck]:
    """`size` cards in one deck, and 25 more decks over slices of the same questions."""
    cards = collection(user, size)
    questions = [card.question_id for card in cards]
    owner = Deck.objects.get(user=user).question_set.owner
    decks = []
    for n in range(25):
        question_set = QuestionSetFactory(owner=owner, title=f"Slice {n:02}")
        SetItem.objects.bulk_create(
            SetItem(question_set=question_set, question_id=qid, position=i)
            for i, qid in enumerate(questions[n::25])
        )
        decks.append(Deck.objects.create(user=user, question_set=question_set))
    return decks


@pytest.mark.parametrize("size", [10, 3000])
def test_query_budgets(
    as_user, student, other_student, collection, django_assert_max_num_queries, size
):
    decks = _many_decks(student, collection, size)
    collection(other_student, 50)  # another student's cards are not counted
    client = as_user(student)
    for extra in ({}, HTMX):
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(DECKS, **extra)
        assert len(rows(response)) == 26
    whole = Deck.objects.exclude(pk__in=[d.pk for d in decks]).get(user=student)
    assert rows(response)[whole.question_set.title][0] == size
    with django_assert_max_num_queries(REMOVE_QUERIES):
        assert client.post(remove_url(whole)).status_code == 303
    with django_assert_max_num_queries(REMOVE_QUERIES):
        assert client.post(remove_url(decks[0]), **HTMX).status_code == 303
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(DECKS, **HTMX)
    assert len(rows(response)) == 24
    # The cards of the first slice were only in the removed decks: they left play.
    assert Card.objects.filter(user=student).count() == size
    in_play = size - len(range(0, size, 25))
    assert sum(bar.value for bar in cards_by_state(user=student)) == in_play
    with django_assert_max_num_queries(1 + 1):  # the study screen is still one query
        assert client.get("/study/").status_code == 200


def test_the_deck_list_added_date_is_in_the_students_time_zone(as_user, student, deck_of):
    student.time_zone = "Pacific/Auckland"
    student.save()
    deck_of(student, 1)
    late = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)  # 01:30 on 2 March in Auckland
    Deck.objects.filter(user=student).update(created_at=late)
    body = as_user(student).get(DECKS).content.decode()
    assert '<time datetime="2026-03-02T01:30:00+13:00">2 March 2026</time>' in body


def test_the_deck_list_names_the_students_own_daily_limit(as_user, student, deck_of):
    """The limit comes from the student's StudySettings, or the default without one."""
    deck_of(student, 2)
    client = as_user(student)
    assert "new cards start at up to 20 a day" in client.get(DECKS).text
    StudySettings.objects.create(user=student, new_cards_per_day=7)
    assert "new cards start at up to 7 a day" in client.get(DECKS).text
