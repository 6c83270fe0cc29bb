"""The live game in real browsers over a real WebSocket (docs/live.md).

The teacher hosts a three-question game; three students join by PIN on phones (375 px),
answer (one wrong, one slow), one reloads mid-question and comes back with its score; the
leaderboard's order is checked, and each student's answers are saved as a live attempt
of the set. Daphne serves the ASGI application in a thread of this process, on the test
database (pytest-django's live_server is WSGI only: no WebSockets).
"""

import re
import socket
import threading
import time

import pytest

from quizzes.attempts.models import LIVE_MODE, Attempt
from quizzes.live.models import LiveGame, LivePlayer
from quizzes.live.selectors import leaderboard
from tests.browser.helpers import wait_until
from tests.factories import (
    ClassroomFactory,
    MembershipFactory,
    QuestionSetFactory,
    StudentFactory,
    TeacherFactory,
    make_question,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def asgi_url(django_db_setup, django_db_blocker):
    """Daphne serving quizsite.asgi in a daemon thread for the rest of the session."""
    with django_db_blocker.unblock():
        from daphne.server import Server

        from quizsite.asgi import application

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        ready = threading.Event()
        server = Server(
            application,
            endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
            signal_handlers=False,
            ready_callable=ready.set,
        )
        threading.Thread(target=server.run, daemon=True).start()
        assert ready.wait(20), "Daphne did not start"
        yield f"http://127.0.0.1:{port}"


def login(page, base: str, username: str):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def stage_state(page) -> str:
    return page.locator("#live-stage").get_attribute("data-live-state") or ""


def wait_for_screen(page, state: str, index: int | None = None):
    expression = f"document.querySelector('#live-stage[data-live-state=\"{state}\"]')"
    if index is not None:
        expression = (
            f'document.querySelector(\'#live-stage[data-live-state="{state}"]'
            f'[data-live-index="{index}"]\')'
        )
    wait_until(page, f"!!{expression}", timeout=15)


def tile(page, text: str):
    return page.locator("button.live-tile", has_text=text)


@pytest.mark.django_db(transaction=True)
def test_a_class_plays_a_live_game(asgi_url, browser, request):
    teacher = TeacherFactory(username="host")
    classroom = ClassroomFactory(owner=teacher)
    names = ["ana", "ben", "cy"]
    for name in names:
        MembershipFactory(classroom=classroom, student=StudentFactory(username=name))
    questions = [make_question("single_choice", author=teacher) for _ in range(3)]
    question_set = QuestionSetFactory(
        questions=questions, owner=teacher, shuffle_options=False, title="Founding live"
    )
    shots = []

    def shot(page, name):
        path = f"test-results/{request.node.name}/{name}.png"
        page.screenshot(path=path, full_page=True)
        shots.append(path)

    host_context = browser.new_context(viewport={"width": 1280, "height": 800})
    host_context.set_default_timeout(15_000)
    host = host_context.new_page()
    login(host, asgi_url, "host")
    host.goto(f"{asgi_url}/sets/{question_set.slug}/")
    host.get_by_role("button", name="Host live").click()
    host.wait_for_url(re.compile(r"/live/\d+/host/$"))
    pin = host.locator(".live-pin").inner_text().strip()
    assert re.fullmatch(r"\d{6}", pin)

    phones = {}
    for name in names:
        context = browser.new_context(
            viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, asgi_url, name)
        page.goto(f"{asgi_url}/play/")
        page.get_by_label("Game PIN").fill(pin)
        page.locator("form.live-join button[type=submit]").click()
        page.wait_for_url(re.compile(r"/live/\d+/$"))
        assert "You're in!" in page.content()
        phones[name] = page
    # The players appear on the host's lobby as they join, pushed over the socket.
    wait_until(host, "document.querySelectorAll('.live-players li').length === 3")
    shot(host, "host-lobby-1280")
    shot(phones["ana"], "player-lobby-375")

    host.get_by_role("button", name="Start the game").click()
    for page in phones.values():
        wait_for_screen(page, "question", 0)
    shot(host, "host-question-1280")
    shot(phones["ana"], "player-question-375")
    # No sideways scroll on a phone.
    assert phones["ana"].evaluate("document.documentElement.scrollWidth <= 375")

    # Question 1: ana right at once, ben wrong, cy right but slowly.
    tile(phones["ana"], "1949").click()
    tile(phones["ben"], "1955").click()
    phones["cy"].wait_for_timeout(2500)
    tile(phones["cy"], "1949").click()
    # Everyone answered: the question is revealed without the host's click.
    wait_for_screen(host, "reveal", 0)
    for page in phones.values():
        wait_for_screen(page, "reveal", 0)
    assert "Right!" in phones["ana"].locator("#live-stage").inner_text()
    assert "Not this time" in phones["ben"].locator("#live-stage").inner_text()
    shot(host, "host-reveal-1280")
    shot(phones["ben"], "player-reveal-375")
    assert "April 4, 1949" in host.locator(".live-source").first.inner_text()

    # Question 2: cy reloads mid-question and comes back to the question with its score.
    host.get_by_role("button", name="Next question").click()
    for page in phones.values():
        wait_for_screen(page, "question", 1)
    cy_score = phones["cy"].locator("[data-live-score]").inner_text()
    assert int(cy_score) > 0
    phones["cy"].reload()
    wait_for_screen(phones["cy"], "question", 1)
    assert phones["cy"].locator("[data-live-score]").inner_text() == cy_score
    tile(phones["ana"], "1949").click()
    tile(phones["ben"], "1949").click()
    phones["cy"].wait_for_timeout(1000)
    tile(phones["cy"], "1949").click()
    wait_for_screen(host, "reveal", 1)

    # Question 3, then the podium.
    host.get_by_role("button", name="Next question").click()
    for name in names:
        wait_for_screen(phones[name], "question", 2)
        tile(phones[name], "1949").click()
    wait_for_screen(host, "reveal", 2)
    host.get_by_role("button", name="Show the podium").click()
    wait_for_screen(host, "ended")
    for page in phones.values():
        wait_for_screen(page, "ended")
    shot(host, "host-podium-1280")
    shot(phones["cy"], "player-end-375")

    game = LiveGame.objects.get()
    order = [p.nickname for p in leaderboard(game=game)]
    assert order == ["ana", "cy", "ben"]
    shown = host.locator(".live-leaderboard li .live-name").all_inner_texts()
    assert shown == order
    assert "1st" in phones["ana"].locator(".live-final").inner_text()
    assert "3rd" in phones["ben"].locator(".live-final").inner_text()

    # Each student's answers are a live attempt of the set, graded as the player grades.
    attempts = {a.user.username: a for a in Attempt.objects.select_related("user")}
    assert {a.mode for a in attempts.values()} == {LIVE_MODE}
    assert (attempts["ana"].percent, attempts["ben"].percent) == (100.0, round(200 / 3, 1))
    assert all(p.attempt_id for p in LivePlayer.objects.all())
    phones["ana"].goto(f"{asgi_url}/sets/{question_set.slug}/")
    assert "(live game)" in phones["ana"].content()
    time.sleep(0.2)
    for context in browser.contexts:
        context.close()
