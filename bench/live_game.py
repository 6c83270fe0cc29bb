"""The live game under load (docs/performance.md, "Live game"): N simulated players, each
a WebSocket client over the real transport (Daphne + channels-redis + PostgreSQL), play a
game of Q questions driven by the host's services.

Measures: answers lost (sent and refused or missing); the time from the host's "next" to
the question's screen reaching the last player (p50/p95 over the questions); answers
recorded per second (server clock); the leaderboard query; the Daphne worker's peak RSS.

    dropdb -h 127.0.0.1 -U postgres --if-exists quizsite_live_bench
    createdb -h 127.0.0.1 -U postgres quizsite_live_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quizsite_live_bench \\
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/live_game.py --players 200

The database is migrated and the bench's rows added: give it a fresh database each run.
REDIS_URL is required: the host's pushes cross from this process to Daphne's.
"""

import argparse
import asyncio
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

STATE = re.compile(r'data-live-state="(\w+)" data-live-index="(-?\d+)"')
CHOICE = re.compile(r'name="choice" value="([0-9a-f-]{36})"')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10)
    return parser.parse_args()


def setup_game(players: int, questions: int):
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    from quizzes.accounts.models import User
    from quizzes.classes.models import Membership
    from quizzes.live import services
    from tests.factories import ClassroomFactory, QuestionSetFactory, TeacherFactory, make_question

    call_command("migrate", verbosity=0)
    tag = secrets.token_hex(3)
    teacher = TeacherFactory(username=f"bench-host-{tag}")
    classroom = ClassroomFactory(owner=teacher)
    students = User.objects.bulk_create(
        User(username=f"bench-{tag}-{n}", role=User.Role.STUDENT, password="!")
        for n in range(players)
    )
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    question_set = QuestionSetFactory(
        owner=teacher,
        slug=f"bench-live-{tag}",
        questions=[
            make_question("single_choice", author=teacher, key=f"bench-{tag}-{n}")
            for n in range(questions)
        ],
    )
    game = services.game_create(host=teacher, question_set=question_set, seconds=60)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    cookies = []
    for student in students:
        services.player_join(game=game, user=student)
        session = store()
        session[SESSION_KEY] = str(student.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = student.get_session_auth_hash()
        session.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return game, cookies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def post_answer(port: int, path: str, cookie: str, fields: dict) -> int:
    """One plain form POST, as a phone without htmx sends it; the status code."""
    token = secrets.token_hex(16)  # 32 characters: a CSRF secret, sent as cookie and header
    body = urlencode(fields).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: {cookie}; csrftoken={token}\r\nX-CSRFToken: {token}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head.encode() + body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    await reader.read()
    writer.close()
    return status


async def player(port, game_id, cookie, arrivals, statuses, connected):
    import websockets

    url = f"ws://127.0.0.1:{port}/ws/live/{game_id}/"
    headers = {"Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"}
    async with websockets.connect(url, additional_headers=headers, max_size=2**22) as ws:
        connected.append(1)
        answered = set()
        async for message in ws:
            match = STATE.search(message)
            if not match:
                continue
            state, index = match[1], int(match[2])
            if state == "ended":
                return
            if state != "question" or index in answered:
                continue
            arrivals.setdefault(index, []).append(time.perf_counter())
            answered.add(index)
            choices = CHOICE.findall(message)
            fields = {"position": index, "choice": secrets.choice(choices) if choices else ""}
            statuses.append(await post_answer(port, f"/live/{game_id}/answer/", cookie, fields))


async def run(args, game, cookies, port, daphne):
    from asgiref.sync import sync_to_async

    from quizzes.live import services
    from quizzes.live.models import LiveGame

    arrivals: dict[int, list[float]] = {}
    statuses: list[int] = []
    connected: list[int] = []
    clients = [
        asyncio.create_task(player(port, game.pk, c, arrivals, statuses, connected))
        for c in cookies
    ]
    while len(connected) < len(cookies):
        await asyncio.sleep(0.05)
    peak = rss_mb(daphne.pid)
    delays = []
    for index in range(args.questions):
        move = services.game_start if index == 0 else services.game_next
        started = time.perf_counter()
        await sync_to_async(move)(game=game)
        while len(arrivals.get(index, [])) < len(cookies):
            await asyncio.sleep(0.005)
            peak = max(peak, rss_mb(daphne.pid))
            if time.perf_counter() - started > 60:
                raise TimeoutError(f"question {index + 1} did not reach every player")
        delays.append(max(arrivals[index]) - started)
        # Every player answered: the game reveals itself. Wait for it.
        while (await sync_to_async(LiveGame.objects.get)(pk=game.pk)).state != "reveal":
            await asyncio.sleep(0.02)
            peak = max(peak, rss_mb(daphne.pid))
    await sync_to_async(services.game_end)(game=game)
    await asyncio.wait_for(asyncio.gather(*clients), timeout=60)
    return delays, statuses, peak


def main():
    args = parse_args()
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: see the docstring.")
    game, cookies = setup_game(args.players, args.questions)
    port = free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
    daphne = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "quizsite.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        delays, statuses, peak = asyncio.run(run(args, game, cookies, port, daphne))
    finally:
        daphne.terminate()
        daphne.wait(10)
    report(args, game, delays, statuses, peak)


def report(args, game, delays, statuses, peak):
    from django.db.models import Max, Min

    from quizzes.live.models import LiveAnswer
    from quizzes.live.selectors import leaderboard

    expected = args.players * args.questions
    saved = LiveAnswer.objects.filter(game=game).count()
    spans = (
        LiveAnswer.objects.filter(game=game)
        .values("position")
        .annotate(first=Min("received_at"), last=Max("received_at"))
    )
    seconds = sum((s["last"] - s["first"]).total_seconds() for s in spans) or float("nan")
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        leaderboard(game=game)
        timings.append((time.perf_counter() - start) * 1000)
    p95 = sorted(delays)[max(0, round(0.95 * len(delays)) - 1)]
    print(f"players {args.players}, questions {args.questions}")
    print(
        f"answers sent {len(statuses)}, accepted (302) {statuses.count(302)}, "
        f"saved {saved} of {expected}: lost {expected - saved}"
    )
    print(
        f"host 'next' to the last player's screen: p50 {statistics.median(delays) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
    )
    print(
        f"answers recorded per second (server clock, within each question): {saved / seconds:.0f}"
    )
    print(f"leaderboard query ({args.players} players): median {statistics.median(timings):.1f} ms")
    print(f"Daphne worker peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
