"""Load benchmark: the app under gunicorn + PostgreSQL + Redis, loaded with wrk, side by side
with a bare Django view (/healthz) and a one-query view (/healthz/db), in one run.

    .venv/bin/python bench/run_load.py --students 10000 --responses 1000000

Steps (every loop bounded in count and time, loopback only):
 1. create the database quizsite_bench (or --reuse it), migrate, ingest seeds, load the
    question bank, run bench/load_data.py (timed; database size recorded);
 2. collectstatic, start gunicorn (production settings plus the bench-only floor page,
    bench/bench_settings.py; DEBUG off, 2 sync workers, CONN_MAX_AGE=60, Redis cache +
    cached_db sessions) on 127.0.0.1:<free port>;
 3. add the student with 50,000 responses for "My progress" (once per database), log
    simulated students and teachers in by writing sessions (as `force_login` does),
    start open practice attempts for them, and write one request list per scenario
    (cookie + CSRF token + HX-Request headers; every answer/rating request distinct);
 4. run each scenario with `wrk -t2 -c8 -d<seconds> --latency` (--reps times, scenario
    order interleaved per repetition); right after each baseline, the same URL again with
    plain `wrk -t1 -c8` (no Lua script), the baseline the replay harness does not depress;
    wrk's own CPU time per request from getrusage; then read the workers' RSS from /proc;
 5. write bench/results/<timestamp>.json and print a summary; `bench/report.py` prints any
    run's table for docs/performance.md.
"""

import argparse
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv" / "bin"
LUA = ROOT / "bench" / "bench_lua" / "replay.lua"
RESULTS = ROOT / "bench" / "results"
PG = "postgres://postgres@127.0.0.1:5432"

# name: (description, target as a share of the one-query view's throughput, p99/p95 limit)
SCENARIOS = {
    "healthz": "Bare Django view: plain HttpResponse (baseline)",
    "healthz_db": "One primary-key read + one-line template (baseline)",
    "signed_in_floor": "Signed-in student, base.html with an empty content block (baseline)",
    "question_screen": "Question screen: next question of a practice attempt under way (full page)",
    "question_review": "The same screen reloaded after answering: the feedback shown (full page)",
    "answer_post": "Answer POST, HTMX, practice mode: saves, grades, returns feedback fragment",
    "flashcard_rate": "Flashcard rating POST (HTMX; 303 to the next card)",
    "study": "Flashcard study screen",
    "result": "Attempt result page",
    "my_assignments": "My assignments",
    "home": "Home (question sets)",
    "start": "Start attempt POST (resumes the open one: the lookup path)",
    "gradebook": "Gradebook of a class (teacher)",
    "item_analysis": "Item analysis of the set with ~50,000 responses (teacher)",
    "progress": "My progress of a student with ~50,000 responses",
}
TARGETS = {
    "answer_post": {"ratio_db_min": 0.40, "p99_ms_max": 50},
    "question_screen": {"ratio_db_min": 0.50, "p95_ms_max": 100},
    "flashcard_rate": {"ratio_db_min": 0.50, "p95_ms_max": 100},
    "question_review": {"p95_ms_max": 100},
    "study": {"p95_ms_max": 100},
    "result": {"p95_ms_max": 100},
    "my_assignments": {"p95_ms_max": 100},
    "home": {"p95_ms_max": 100},
    "start": {"p95_ms_max": 100},
    "gradebook": {"p95_ms_max": 300},
    "progress": {"p95_ms_max": 300},
    "item_analysis": {"p95_ms_max": 1000},
}
RSS_LIMIT_MB = 150
# Baselines also measured with plain wrk (no Lua script, one thread, no cookies): the
# replay script costs the load generator CPU that the two cores share with the server.
PLAIN_BASELINES = {"healthz": "/healthz", "healthz_db": "/healthz/db"}
PLAIN_THREADS = 1
# Scenarios whose repeated request is a cheap no-op: they must never wrap.
STATEFUL = {"answer_post", "flashcard_rate"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database: str) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-" + "x" * 50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        CONN_MAX_AGE="60",
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        # Production settings plus the bench-only /bench/floor page (bench_urls.py).
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        LOG_LEVEL="ERROR",
    )
    return env


def manage(env: dict, *args: str, timeout: int = 1800) -> str:
    return run_python(env, "manage.py", *args, timeout=timeout)


def run_python(env: dict, script: str, *args: str, timeout: int = 1800) -> str:
    done = subprocess.run(
        [str(VENV / "python"), script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode:
        sys.exit(f"{script} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()


def built_before_the_apps(database: str) -> bool:
    return (
        psql("SELECT 1 FROM pg_tables WHERE tablename LIKE 'quizzes\\_%' LIMIT 1", database) == "1"
    )


def build_database(args, env: dict) -> dict:
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'") == "1"
    if exists and args.reuse and built_before_the_apps(args.database):
        # Its tables are the single quizzes app's (quizzes_*), which no migration converts.
        print(f"Database {args.database} was built before the apps were split: rebuilding it.")
    elif exists and args.reuse:
        print(f"Reusing database {args.database} (migrated to this code).")
        manage(env, "migrate", "--noinput", "-v0")
        return {"reused": True}
    if exists:
        psql(f'DROP DATABASE "{args.database}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{args.database}"')
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "ingest_documents", "seeds/")
    manage(env, "load_question_bank", "fixtures/question_bank.json")
    started = time.perf_counter()
    log = run_python(
        env,
        "bench/load_data.py",
        f"--students={args.students}",
        f"--responses={args.responses}",
        timeout=3600,
    )
    seconds = time.perf_counter() - started
    print(log)
    return {"reused": False, "generate_seconds": round(seconds, 1), "generate_log": log}


# --- preparing sessions and request lists (runs Django in this process) -----------------


def _django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def session_backend(backends: list[str]) -> str:
    """The backend a session names, as `force_login` picks it: the first that can load a
    user (django-axes's backend, listed first, only checks lockouts)."""
    from django.contrib.auth import load_backend

    return next(path for path in backends if hasattr(load_backend(path), "get_user"))


def _login(user) -> tuple[str, str]:
    """A session as `force_login` writes it (DB + cache), and a CSRF secret."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = session_backend(settings.AUTHENTICATION_BACKENDS)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key, secrets.token_hex(16)


def _headers(login: tuple[str, str], *, htmx: bool = False, post: bool = False) -> str:
    key, csrf = login
    parts = [f"Cookie: sessionid={key}; csrftoken={csrf}"]
    if post:
        parts += [f"X-CSRFToken: {csrf}", "Content-Type: application/x-www-form-urlencoded"]
    if htmx:
        parts.append("HX-Request: true")
    return "|".join(parts)


def post_fields(snapshot: dict, answer: dict, attempt_id: int) -> list[tuple[str, str]]:
    """The player's form fields for an answer JSON (the inverse of answers.parse_answer)."""
    from quizzes.attempts.answers import right_sides, right_token
    from quizzes.questions.grading import normalise

    kind = snapshot["type"]
    if "choice" in answer:
        return [("choice", answer["choice"])]
    if kind == "multiple_answer":
        return [("choices", c) for c in answer["choices"]]
    if kind == "short_answer":
        return [("text", answer["text"])]
    if kind == "numeric":
        return [("value", answer["value"])]
    if kind == "ordering":
        return [("order", c) for c in answer["order"]]
    if kind == "matching":
        match = {c["id"]: normalise(c["match"]) for c in snapshot["choices"]}
        rep = {match[i]: i for i in right_sides(snapshot)}
        return [
            (f"match-{left}", right_token(attempt_id, rep[match[right]]))
            for left, right in answer["pairs"].items()
        ]
    return [(f"blank-{n}", text) for n, text in answer["blanks"].items()]


def prepare(args, workdir: Path) -> dict:
    """Sessions, open attempts and one request file per scenario; returns file paths."""
    from urllib.parse import urlencode

    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from bench.load_data import (
        PROGRESS_STUDENT,
        add_progress_student,
        sample_answer,
    )
    from quizzes.accounts.models import User
    from quizzes.attempts.models import Attempt, Response
    from quizzes.attempts.services import AttemptRefused, attempt_start
    from quizzes.classes.models import Classroom
    from quizzes.flashcards.forms import schedule_token
    from quizzes.flashcards.models import Card, StudySettings
    from quizzes.questions.models import QuestionSet

    DEFAULT_RETENTION = StudySettings.DEFAULT_RETENTION  # the load students have no row

    rng = random.Random(7)
    started = time.perf_counter()
    # "My progress" for a student with ~50,000 responses (none of the generated students
    # has that many): added once, then kept with the data.
    if not User.objects.filter(username=PROGRESS_STUDENT).exists():
        add_progress_student()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after such an insert
        print(f"  added {PROGRESS_STUDENT} (50,000 responses)")
    progress_student = User.objects.get(username=PROGRESS_STUDENT)
    first = args.first_student
    students = list(
        User.objects.filter(username__startswith="load-student-").order_by("pk")[
            first : first + args.bench_students
        ]
    )
    logins = {s.pk: _login(s) for s in students}
    files: dict[str, Path] = {}

    def write(name: str, lines: list[str]) -> None:
        if not lines:
            sys.exit(f"No requests for {name}: is the data set built (or used up)?")
        path = workdir / f"{name}.tsv"
        path.write_text("\n".join(lines) + "\n")
        files[name] = path
        print(f"  {name}: {len(lines)} distinct requests")

    anyone = _headers(logins[students[0].pk])
    write("healthz", [f"GET\t/healthz\t{anyone}\t"])
    write("healthz_db", [f"GET\t/healthz/db\t{anyone}\t"])
    # The signed-in floor: session, user, CSRF, messages, base.html; as every bench student.
    write(
        "signed_in_floor",
        [f"GET\t/bench/floor\t{_headers(logins[s.pk])}\t" for s in students],
    )

    # Open practice attempts: one per (student, practice set), drawn by the real service.
    sets = list(QuestionSet.objects.filter(status="published", mode="practice").order_by("pk"))
    opened = []
    for student in students:
        for question_set in sets:
            if len(opened) >= args.open_attempts:
                break
            try:
                attempt = attempt_start(user=student, question_set=question_set)
            except AttemptRefused:
                continue
            if attempt.responses.exists():
                continue
            opened.append(attempt)
    print(f"  {len(opened)} open practice attempts")
    from quizzes.attempts.services import attempt_answer, attempt_move
    from quizzes.questions.models import QuestionVersion

    snapshots = dict(QuestionVersion.objects.values_list("pk", "snapshot"))

    def answer_first(attempt: Attempt, count: int) -> None:
        """Answer the attempt's first `count` questions through the service, as students
        do (about 70 % right)."""
        for position in range(count):
            snapshot = snapshots[attempt.versions[str(attempt.question_ids[position])]]
            answer = sample_answer(snapshot, correct=rng.random() < 0.7)
            attempt_answer(
                attempt=attempt, user=by_pk[attempt.user_id], position=position, answer=answer
            )

    # Every repetition must load the same pages, so each scenario has attempts of its own.
    # The question screen is the next question of an attempt under way: its first k
    # questions answered here (k drawn from 0 to all but one), never answered during the
    # run. Until the twelfth round it was question 1 of the attempts the answer scenario
    # then answered, so repetitions 2 and 3 measured that screen with its feedback. The
    # answered screen (a reload after answering) is question_review.
    by_pk = {s.pk: s for s in students}
    screens, reviews = opened[0::5], opened[1::5]
    answering = [a for i, a in enumerate(opened) if i % 5 > 1]
    screen = []
    for attempt in screens:
        done = rng.randrange(len(attempt.question_ids))
        answer_first(attempt, done)
        attempt_move(attempt=attempt, index=done)  # where the student is: a GET writes nothing
        headers = _headers(logins[attempt.user_id])
        screen.append(f"GET\t/attempts/{attempt.pk}/?q={done + 1}\t{headers}\t")
    for attempt in reviews:
        answer_first(attempt, 1)
    write("question_screen", screen)
    write(
        "question_review",
        [f"GET\t/attempts/{a.pk}/?q=1\t{_headers(logins[a.user_id])}\t" for a in reviews],
    )
    posts = []
    longest = max((len(a.question_ids) for a in answering), default=0)
    # Position-major order: consecutive requests go to different attempts (and students).
    for position in range(longest):
        for attempt in answering:
            if position >= len(attempt.question_ids):
                continue
            snapshot = snapshots[attempt.versions[str(attempt.question_ids[position])]]
            answer = sample_answer(snapshot, correct=rng.random() < 0.7)
            body = urlencode([("q", str(position + 1)), *post_fields(snapshot, answer, attempt.pk)])
            headers = _headers(logins[attempt.user_id], htmx=True, post=True)
            posts.append(f"POST\t/attempts/{attempt.pk}/check/\t{headers}\t{body}")
    write("answer_post", posts)
    starts = []
    for attempt in opened:
        headers = _headers(logins[attempt.user_id], htmx=True, post=True)
        starts.append(f"POST\t/sets/{attempt.question_set.slug}/start/\t{headers}\t")
    write("start", starts)

    # Flashcards: due review cards, each rated once. Raters are all students with due
    # cards (up to --raters), not only the bench students: a run must not run out of
    # distinct ratings, since a repeated one is a cheap no-op.
    now = timezone.now()
    raters = list(
        Card.objects.filter(due__lte=now, last_review__isnull=False, question__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")[: args.raters]
    )  # a rated card is no longer due, so a later run on the same data takes others
    for user in User.objects.filter(pk__in=raters).exclude(pk__in=list(logins)):
        logins[user.pk] = _login(user)
    cards = Card.objects.filter(
        user__in=raters, due__lte=now, last_review__isnull=False, question__isnull=False
    ).order_by("pk")
    by_user: dict[int, list[Card]] = {}
    for card in cards:
        by_user.setdefault(card.user_id, []).append(card)
    rates = []
    for round_ in range(max((len(v) for v in by_user.values()), default=0)):
        for user_id, mine in by_user.items():
            if round_ < len(mine):
                card = mine[round_]
                headers = _headers(logins[user_id], htmx=True, post=True)
                # The study screen's rating form: rating, version and the card as shown.
                rating = rng.choice((1, 3, 3, 4))
                form = {
                    "rating": rating,
                    "version": card.version,
                    "schedule": schedule_token(card, retention=DEFAULT_RETENTION),
                }
                body = urlencode(form)
                rates.append(f"POST\t/study/cards/{card.pk}/rate/\t{headers}\t{body}")
    write("flashcard_rate", rates)
    studying = [s.pk for s in students if s.pk in by_user] or [students[0].pk]
    write("study", [f"GET\t/study/\t{_headers(logins[u])}\t" for u in studying])
    results = Attempt.objects.filter(user__in=students, status="submitted").values_list(
        "pk", "user_id"
    )
    write(
        "result",
        [f"GET\t/attempts/{pk}/result/\t{_headers(logins[u])}\t" for pk, u in results[:5000]],
    )
    write("my_assignments", [f"GET\t/assignments/\t{_headers(logins[s.pk])}\t" for s in students])
    write("home", [f"GET\t/\t{_headers(logins[s.pk])}\t" for s in students])
    write("progress", [f"GET\t/progress/\t{_headers(_login(progress_student))}\t"])

    # Teachers: the gradebooks of their classes; item analysis as the bank's owner.
    classes = list(Classroom.objects.select_related("owner").order_by("pk")[:200])
    teacher_logins = {c.owner_id: _login(c.owner) for c in classes}
    write(
        "gradebook",
        [
            f"GET\t/classes/{c.pk}/gradebook/\t{_headers(teacher_logins[c.owner_id])}\t"
            for c in classes
        ],
    )
    # The set whose response count is nearest 50,000 (the target's size).
    per_set = dict(
        Response.objects.values_list("attempt__question_set").annotate(n=Count("pk")).order_by()
    )
    busiest = QuestionSet.objects.get(pk=min(per_set, key=lambda pk: abs(per_set[pk] - 50_000)))
    owner = busiest.owner
    if not owner.is_teacher:
        User.objects.filter(pk=owner.pk).update(role=User.Role.TEACHER)
        owner.refresh_from_db()
    item_responses = per_set[busiest.pk]
    write(
        "item_analysis",
        [f"GET\t/workspace/sets/{busiest.slug}/analysis/\t{_headers(_login(owner))}\t"],
    )
    connection.close()
    print(f"  prepared in {time.perf_counter() - started:.1f} s")
    return {
        "files": {k: str(v) for k, v in files.items()},
        "item_analysis_set": busiest.slug,
        "item_analysis_responses": item_responses,
        "gradebook_size": "30 students x 12 assignments (generated classes)",
        "progress_student": PROGRESS_STUDENT,
    }


# --- serving and loading --------------------------------------------------------------


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "quizsite.wsgi",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--timeout=30",
            "--graceful-timeout=5",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/db", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit(f"gunicorn did not answer within 30 s; see {log}")


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def children_cpu_seconds() -> float:
    """User + system CPU of the waited-for child processes so far (wrk, around a run)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_per_request_us(cpu_seconds: float, requests: int) -> float | None:
    return round(cpu_seconds * 1e6 / requests, 1) if requests else None


def run_timed(command: list[str], timeout: int) -> tuple[subprocess.CompletedProcess, float]:
    """Run wrk to the end; its CPU seconds (nothing else is waited for meanwhile)."""
    before = children_cpu_seconds()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    return done, children_cpu_seconds() - before


_TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return round(float(number) * _TIME_UNITS[unit], 3)


def parse_wrk_text(output: str) -> dict:
    """wrk's own report (`--latency`, no script): requests, req/s, latency percentiles
    (50, 75, 90, 99: wrk prints no 95th) and errors (socket errors + non-2xx/3xx)."""
    found = re.search(r"^\s*(\d+) requests in ", output, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if not (found and rps):
        raise ValueError(f"not a wrk report:\n{output}")
    percentiles = {
        int(p): _ms(t) for p, t in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, re.M)
    }
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in socket.groups()) if socket else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "requests": int(found.group(1)),
        "rps": float(rps.group(1)),
        "p50_ms": percentiles.get(50),
        "p90_ms": percentiles.get(90),
        "p99_ms": percentiles.get(99),
        "errors": errors,
    }


def run_plain_wrk(args, port: int, path: str) -> dict:
    """A baseline URL with plain wrk (`-t1 -c<connections>`, no script, no cookies)."""
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{PLAIN_THREADS}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout=5s",
        "--latency",
        f"http://127.0.0.1:{port}{path}",
    ]
    done, cpu = run_timed(command, args.duration + 60)
    try:
        result = parse_wrk_text(done.stdout)
    except ValueError:
        sys.exit(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    result["load_cpu_s"] = round(cpu, 3)
    result["load_cpu_us_per_request"] = cpu_per_request_us(cpu, result["requests"])
    return result


def run_wrk(args, port: int, requests_file: str, offset: int) -> dict:
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout=5s",
        "--latency",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        requests_file,
        str(offset),
        str(args.threads),
    ]
    done, cpu = run_timed(command, args.duration + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line[len("RESULT ") :])
    for refused in (x for x in done.stderr.splitlines() if x.startswith("ERROR ")):
        print(f"    {refused}")
    seconds = raw["duration_us"] / 1e6
    errors = raw["socket_errors"] + sum(
        n for code, n in raw["statuses"].items() if int(code) >= 400
    )
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": errors,
        "statuses": raw["statuses"],
        "load_cpu_s": round(cpu, 3),
        "load_cpu_us_per_request": cpu_per_request_us(cpu, raw["requests"]),
    }


def start_profile(server: subprocess.Popen, scenario: str, args) -> tuple | None:
    """py-spy on both workers for one wrk run; collapsed stacks to bench/results/."""
    if scenario != args.profile:
        return None
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"profile-{scenario}-{stamp}.txt"
    spy = subprocess.Popen(
        [
            str(VENV / "py-spy"),
            "record",
            "--subprocesses",
            "--nonblocking",
            "--format=raw",
            f"--duration={args.duration}",
            f"--output={out}",
            f"--pid={server.pid}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # let it attach
    return spy, out


def finish_profile(spy: tuple) -> str:
    process, out = spy
    process.wait(timeout=60)
    print(f"profile: {out.relative_to(ROOT)}")
    return str(out.relative_to(ROOT))


def summarise(runs: list[dict]) -> dict:
    """Median and range over the repetitions of each figure the runs have (plain wrk
    reports no p95)."""

    def med(key):
        values = [r[key] for r in runs]
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    summary = {
        key: med(key)
        for key in ("rps", "p95_ms", "p99_ms", "p50_ms", "load_cpu_us_per_request")
        if all(r.get(key) is not None for r in runs)
    }
    summary["errors"] = sum(r["errors"] for r in runs)
    summary["requests"] = sum(r["requests"] for r in runs)
    return summary


def add_ratios(results: dict, plain: dict) -> None:
    """Each scenario's median req/s over each baseline's of the same run: `ratio_<name>`
    against the replay harness's baselines, `ratio_<name>_plain` against plain wrk's."""
    harness = {
        name: results[name]["rps"]["median"]
        for name in ("healthz", "healthz_db", "signed_in_floor")
        if name in results
    }
    bare = {name: summary["rps"]["median"] for name, summary in plain.items()}
    for summary in results.values():
        rps = summary["rps"]["median"]
        for name, base in harness.items():
            if base:
                summary[f"ratio_{name}"] = round(rps / base, 3)
        for name, base in bare.items():
            if base:
                summary[f"ratio_{name}_plain"] = round(rps / base, 3)


def target_checks(summary: dict, target: dict) -> dict[str, bool]:
    """Each part of a scenario's target, judged on the medians. Ratios are to the harness's
    own baseline, as in every earlier run; a scenario that served nothing meets nothing."""
    checks = {"served": summary["requests"] > 0, "errors": summary["errors"] == 0}
    if "ratio_db_min" in target and "ratio_healthz_db" in summary:
        checks["throughput"] = summary["ratio_healthz_db"] >= target["ratio_db_min"]
    if "p99_ms_max" in target:
        checks["p99"] = summary["p99_ms"]["median"] < target["p99_ms_max"]
    if "p95_ms_max" in target:
        checks["p95"] = summary["p95_ms"]["median"] < target["p95_ms_max"]
    return checks


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.report import report

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--database", default="quizsite_bench")
    parser.add_argument("--reuse", action="store_true", help="Keep an existing database.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (default: free).")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--bench-students", type=int, default=300)
    parser.add_argument("--open-attempts", type=int, default=1500)
    parser.add_argument("--raters", type=int, default=3000, help="Students rating cards.")
    parser.add_argument(
        "--first-student", type=int, default=0, help="Skip students used by an earlier run."
    )
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument(
        "--profile",
        default="",
        metavar="SCENARIO",
        help="Record the workers with py-spy during this scenario's first repetition.",
    )
    args = parser.parse_args()
    if not (1 <= args.reps <= 10 and 1 <= args.duration <= 120):
        sys.exit("--reps must be 1..10 and --duration 1..120 s.")
    scenarios = [s for s in args.scenarios.split(",") if s]
    env = server_env(args.database)
    run = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([sys.executable.split("/")[-1], *sys.argv]),
        "machine": {"cpus": os.cpu_count(), "uname": " ".join(os.uname())},
        "settings": {
            "server": "gunicorn, 2 sync workers, DEBUG=0, CONN_MAX_AGE=60, Redis cache, "
            "cached_db sessions, 127.0.0.1, bench.bench_settings",
            "load": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
            f"{args.reps} repetitions",
            "plain_baselines": f"wrk -t{PLAIN_THREADS} -c{args.connections} "
            f"-d{args.duration}s --latency, no script, no cookies, after each baseline",
        },
        "data": {"students": args.students, "responses": args.responses},
    }
    run["data"].update(build_database(args, env))
    run["data"]["database_mib"] = round(
        int(psql(f"SELECT pg_database_size('{args.database}')")) / 2**20
    )
    run["data"]["rows"] = {
        table: int(psql(f"SELECT count(*) FROM {table}", args.database))
        for table in (
            "accounts_user",
            "attempts_attempt",
            "attempts_response",
            "flashcards_card",
            "flashcards_reviewlog",
        )
    }
    manage(env, "collectstatic", "--noinput", "-v0")
    workdir = Path(tempfile.mkdtemp(prefix="quizsite-bench-"))
    print("Preparing sessions and request lists:")
    _django(env)
    run["prepared"] = prepare(args, workdir)
    port = args.port or free_port()
    server = start_server(env, port, workdir / "gunicorn.log")
    try:
        run_wrk(args, port, run["prepared"]["files"]["healthz_db"], 0)  # warm-up
        results: dict[str, list] = {s: [] for s in scenarios}
        offsets: dict[str, int] = {s: 0 for s in scenarios}
        plain: dict[str, list] = {s: [] for s in PLAIN_BASELINES if s in scenarios}
        for rep in range(args.reps):
            for scenario in scenarios:
                spy = start_profile(server, scenario, args) if rep == 0 else None
                result = run_wrk(args, port, run["prepared"]["files"][scenario], offsets[scenario])
                if spy is not None:
                    run["profile"] = finish_profile(spy)
                # Stateful scenarios continue where the last run stopped (no repeats).
                offsets[scenario] += result["requests"]
                lines = Path(run["prepared"]["files"][scenario]).read_text().count("\n")
                result["distinct_requests"] = lines
                result["wrapped"] = offsets[scenario] > lines
                if result["wrapped"] and scenario in STATEFUL:
                    print(f"WARNING: {scenario} ran out of distinct requests (repeats are no-ops)")
                results[scenario].append(result)
                print(
                    f"rep {rep + 1} {scenario:16} {result['rps']:8.1f} req/s  "
                    f"p95 {result['p95_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
                    f"errors {result['errors']}  {result['statuses']}  "
                    f"wrk {result['load_cpu_us_per_request']} µs CPU/request"
                )
                if scenario in plain:
                    bare = run_plain_wrk(args, port, PLAIN_BASELINES[scenario])
                    plain[scenario].append(bare)
                    print(
                        f"rep {rep + 1} {scenario + ' plain':16} {bare['rps']:8.1f} req/s  "
                        f"p99 {bare['p99_ms']:7.1f} ms  errors {bare['errors']}  "
                        f"wrk {bare['load_cpu_us_per_request']} µs CPU/request"
                    )
        run["worker_rss_mb"] = worker_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    run["results"] = {}
    for scenario, runs in results.items():
        summary = summarise(runs)
        summary["description"] = SCENARIOS[scenario]
        summary["runs"] = runs
        run["results"][scenario] = summary
    run["plain_baselines"] = {}
    for baseline, runs in plain.items():
        summary = summarise(runs)
        summary["url"] = PLAIN_BASELINES[baseline]
        summary["runs"] = runs
        run["plain_baselines"][baseline] = summary
    add_ratios(run["results"], run["plain_baselines"])
    for scenario, summary in run["results"].items():
        target = TARGETS.get(scenario)
        if target:
            checks = target_checks(summary, target)
            summary["target"] = target
            summary["meets_target"] = all(checks.values())
            summary["checks"] = checks
    run["rss_ok"] = all(v < RSS_LIMIT_MB for v in run["worker_rss_mb"])
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{stamp}.json"
    out.write_text(json.dumps(run, indent=2) + "\n")
    print(f"\nWorker RSS after the run: {run['worker_rss_mb']} MB")
    print(f"Results: {out.relative_to(ROOT)}\n")
    print(report(run))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
