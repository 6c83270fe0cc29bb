"""Every URL the app answers a GET on, as every role, with sample arguments: found from
the URL resolver, so that a new view is covered without being listed here."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.classes.models import Invite
from quizzes.live import services as live_services
from quizzes.questions.models import Citation
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    CardFactory,
    ClassroomFactory,
    DeckFactory,
    DocumentFactory,
    MembershipFactory,
    PassageFactory,
    QuestionFactory,
    QuestionSetFactory,
    StaffFactory,
    StudentFactory,
    TeacherFactory,
)

# My progress swaps its score history by target; every other view ignores the target.
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "score-history"}


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # Django's own admin, not the app's views
                continue
            yield from _named_patterns(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern


@pytest.fixture
def world(db):
    """One of everything a URL can name, owned by `teacher` and used by `student`."""
    teacher, student = TeacherFactory(), StudentFactory()
    questions = [QuestionFactory(author=teacher) for _ in range(3)]
    question_set = QuestionSetFactory(owner=teacher, questions=questions)
    classroom = ClassroomFactory(owner=teacher)
    membership = MembershipFactory(classroom=classroom, student=student)
    assignment = AssignmentFactory(classroom=classroom, question_set=question_set)
    attempt = AttemptFactory(user=student, question_set=question_set, assignment=assignment)
    # A classmate whose timed attempt ran out and who never came back.
    classmate = MembershipFactory(classroom=classroom).student
    AttemptFactory(
        user=classmate,
        question_set=question_set,
        assignment=assignment,
        started_at=timezone.now() - timedelta(hours=2),
        deadline=timezone.now() - timedelta(hours=1),
        time_limit_ends=timezone.now() - timedelta(hours=1),
    )
    deck = DeckFactory(user=student, question_set=question_set)
    card = CardFactory(user=student, question=questions[0], deck=deck)
    invite = Invite.objects.create(created_by=teacher, email="new@example.org")
    citation = Citation.objects.filter(question=questions[0]).first()
    pks = {
        "attempt": attempt.pk,
        "question": questions[0].pk,
        "classes": classroom.pk,
        "card": card.pk,
        "deck": deck.pk,
    }
    values = {
        "slug": question_set.slug,
        "item": question_set.items.first().pk,
        "membership": membership.pk,
        "assignment": assignment.pk,
        "student": student.pk,
        "token": invite.token,
        "code": classroom.join_code,
        "fmt": "csv",
        "public_id": citation.public_id,
        "uidb64": "MQ",
        "position": 1,
    }
    own_document = DocumentFactory(owner=teacher)
    PassageFactory(document=own_document, position=1)
    game = live_services.game_create(host=teacher, question_set=question_set)
    player = live_services.player_join(game=game, user=student)
    pks["live"] = game.pk
    values.update({"action": "start", "player": player.pk, "pin": game.pin})
    return {
        "teacher": teacher,
        "student": student,
        "staff": StaffFactory(),
        "pks": pks,
        "values": values,
        "document_slug": citation.passage.document.slug,
        "own_document_slug": own_document.slug,
    }


def _pk_kind(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    for prefix, kind in [
        ("attempts/", "attempt"),
        ("reports/attempts/", "attempt"),
        ("workspace/questions/", "question"),
        ("classes/", "classes"),
        ("study/cards/", "card"),
        ("study/decks/", "deck"),
        ("live/", "live"),
    ]:
        if route.startswith(prefix):
            kind_found = kind
    return kind_found


def _url(pattern: URLPattern, world) -> str:
    kwargs = {}
    for name in pattern.pattern.regex.groupindex:
        if name == "pk":
            kwargs[name] = world["pks"][_pk_kind(pattern)]
        elif name == "slug" and pattern.name == "document_detail":
            kwargs[name] = world["document_slug"]
        elif name == "slug" and str(pattern.pattern).startswith("documents/"):
            kwargs[name] = world["own_document_slug"]
        else:
            kwargs[name] = world["values"][name]
    return reverse(pattern.name, kwargs=kwargs)


def get_endpoints(world) -> list[tuple[str, str]]:
    """(name, URL) of every named app URL, with sample arguments."""
    return [(p.name, _url(p, world)) for p in _named_patterns(get_resolver().url_patterns)]


ROLES = ["anonymous", "student", "teacher", "staff"]


def _as(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world[role])
    return client


def _is_page(response) -> bool:
    return response.content.lstrip().lower().startswith(b"<!doctype html")


def test_every_url_answering_page_or_fragment_varies_on_hx_request(client, world):
    """A URL that answers a plain GET with a page and an htmx GET with a fragment sends
    `Vary: HX-Request` both ways: a cache must never serve one for the other."""
    branching = set()
    for role in ROLES:
        for name, url in get_endpoints(world):
            _as(client, world, role)
            page = client.get(url)
            fragment = client.get(url, **HTMX)
            if page.status_code != 200 or not _is_page(page) or _is_page(fragment):
                continue
            branching.add(name)
            for response in (page, fragment):
                assert "HX-Request" in response.get("Vary", ""), (role, name, response)
    # The enumeration reached the views that answer both ways, those that once forgot.
    assert {
        "flashcards_study",
        "flashcards_decks",
        "flashcards_cram",
        "my_progress",
        "workspace",
        "attempt_play",
    } <= branching


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _writes_of_gets(client, world, urls, roles=ROLES) -> dict[str, tuple]:
    """The first write query of each URL name whose GET writes, as any role, page or
    fragment; each GET runs against the same world (its writes are rolled back)."""
    writers: dict[str, tuple] = {}
    for role in roles:
        for name, url in urls:
            _as(client, world, role)
            for headers in ({}, HTMX):
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    client.get(url, **headers)
                    transaction.set_rollback(True)
                writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
                if writes:
                    writers.setdefault(name, (role, url, writes[0][:80]))
    return writers


def test_no_get_writes_to_the_database(client, world):
    """A GET changes nothing: crawlers, prefetching browsers and a reload must not record
    anything. Checked with an open attempt, then with the student's attempt overdue, and
    with the player asked for another question than the one the student is on."""
    urls = [*get_endpoints(world), ("attempt_play", _play_url(world, 2))]
    writers = _writes_of_gets(client, world, urls)
    Attempt.objects.filter(pk=world["pks"]["attempt"]).update(
        deadline=timezone.now() - timedelta(hours=1)
    )
    attempt_urls = [(name, url) for name, url in urls if "/attempts/" in url]
    for name, found in _writes_of_gets(client, world, attempt_urls, ["student", "teacher"]).items():
        writers.setdefault(name, found)
    assert writers == {}


def _play_url(world, question: int) -> str:
    return reverse("attempt_play", args=[world["pks"]["attempt"]]) + f"?q={question}"


def test_the_write_check_catches_a_get_that_writes(client, world, monkeypatch):
    """The check above can fail: the player as it once was, handing in an overdue attempt
    on a GET, is caught."""
    from quizzes.attempts import selectors, services

    def expire_then_read(attempt, **kwargs):
        services.attempt_expire_if_due(attempt=attempt)
        return attempt

    monkeypatch.setattr(selectors, "attempt_as_read", expire_then_read)
    Attempt.objects.filter(pk=world["pks"]["attempt"]).update(
        deadline=timezone.now() - timedelta(hours=1)
    )
    writers = _writes_of_gets(client, world, [("attempt_play", _play_url(world, 1))], ["student"])
    assert set(writers) == {"attempt_play"}
