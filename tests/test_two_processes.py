"""Two app processes share one session and one attempt through PostgreSQL and Redis.

This is the deployment of docs/deploy.md in miniature: two gunicorn processes on two
loopback ports, one database, one Redis. A student logs in and starts a practice attempt
on the first, answers on both, submits on the second and sees the result on the first.
Runs only when DATABASE_URL is PostgreSQL and REDIS_URL answers; it creates and drops
its own database (quizsite_twoproc), never the test database.
"""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "quizsite_twoproc"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")


def _redis_ok() -> bool:
    if not REDIS_URL:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres") or not _redis_ok(),
    reason="needs DATABASE_URL on PostgreSQL and a reachable REDIS_URL",
)

SETUP = """
import json
from quizzes.questions.models import QuestionType
from tests.factories import QuestionSetFactory, StudentFactory, make_question
student = StudentFactory(username="two-proc-student")
student.set_password("two-proc-password")
student.save()
questions = [make_question(QuestionType.SINGLE_CHOICE) for _ in range(2)]
question_set = QuestionSetFactory(questions=questions, shuffle_options=False)
print(json.dumps({
    "slug": question_set.slug,
    "right": [str(q.choices.get(is_correct=True).public_id) for q in questions],
    "wrong": [str(q.choices.filter(is_correct=False).first().public_id) for q in questions],
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin_url() -> str:
    parts = urllib.parse.urlsplit(DATABASE_URL)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies shared across both ports (cookies ignore the port), no redirects followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def request(self, url: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        if body is not None:
            request.add_header("X-CSRFToken", self.cookie("csrftoken"))
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def two_servers(tmp_path):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="two-processes-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        CONN_MAX_AGE="0",
        DATABASE_URL=urllib.parse.urlunsplit(
            urllib.parse.urlsplit(DATABASE_URL)._replace(path=f"/{DB_NAME}")
        ),
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="quizsite.settings",
        STATIC_ROOT=str(tmp_path / "static"),  # not the repository's: tests may be reading it
    )
    _admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DB_NAME}"')
    servers = []
    try:

        def manage(*args, stdin=None):
            return subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=env,
                input=stdin,
                capture_output=True,
                text=True,
                timeout=180,
                check=True,
            ).stdout

        manage("migrate", "--noinput", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        data = json.loads(manage("shell", "-c", SETUP).strip().splitlines()[-1])
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "quizsite.wsgi",
                    "--workers=1",
                    f"--bind=127.0.0.1:{port}",
                    "--timeout=20",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            servers.append((process, f"http://127.0.0.1:{port}"))
        for process, base in servers:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        pytest.fail(f"gunicorn at {base} did not start")
                    time.sleep(0.2)
        yield [base for _, base in servers], data, env
    finally:
        for process, _ in servers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        _admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def test_session_and_attempt_move_between_processes(two_servers):
    import psycopg
    import redis

    (a, b), data, env = two_servers
    browser = Browser()

    # Log in on A.
    status, _, page = browser.request(f"{a}/accounts/login/")
    assert status == 200
    status, headers, _ = browser.request(
        f"{a}/accounts/login/",
        {"username": "two-proc-student", "password": "two-proc-password"},
    )
    assert status == 302, "login failed"
    session_key = browser.cookie("sessionid")
    cache = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    assert cache.keys(f"*django.contrib.sessions.cached_db{session_key}"), "session not in Redis"

    # The session works on B too.
    status, _, page = browser.request(f"{b}/assignments/")
    assert status == 200 and "two-proc-student" in page

    # Start on A, answer question 1 on A.
    status, headers, _ = browser.request(f"{a}/sets/{data['slug']}/start/", {})
    assert status == 302
    play = headers["Location"]
    attempt_id = int(re.search(r"/attempts/(\d+)/", play).group(1))
    status, _, _ = browser.request(
        f"{a}/attempts/{attempt_id}/check/", {"q": "1", "choice": data["right"][0]}
    )
    assert status == 302

    # B continues the same attempt: question 2 is open, question 1's answer stands.
    status, _, page = browser.request(f"{b}/attempts/{attempt_id}/?q=2")
    assert status == 200 and "Question 2" in page
    status, _, page = browser.request(
        f"{b}/attempts/{attempt_id}/check/",
        {"q": "1", "choice": data["wrong"][0]},
        headers={"HX-Request": "true"},
    )
    assert status == 409 and "first answer stands" in page  # the answer given on A
    status, _, _ = browser.request(
        f"{b}/attempts/{attempt_id}/check/", {"q": "2", "choice": data["right"][1]}
    )
    assert status == 302
    status, _, _ = browser.request(f"{b}/attempts/{attempt_id}/submit/", {})
    assert status == 302

    # A shows the result both answers earned.
    status, _, page = browser.request(f"{a}/attempts/{attempt_id}/result/")
    assert status == 200 and "100" in page
    with psycopg.connect(env["DATABASE_URL"], connect_timeout=10) as conn:
        row = conn.execute(
            "SELECT status, percent, (SELECT count(*) FROM attempts_response WHERE attempt_id = %s)"
            " FROM attempts_attempt WHERE id = %s",
            [attempt_id, attempt_id],
        ).fetchone()
    assert row == ("submitted", 100.0, 2)
    cache.delete(*cache.keys(f"*django.contrib.sessions.cached_db{session_key}"))
