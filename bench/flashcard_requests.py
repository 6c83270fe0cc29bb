"""Flashcard endpoints in one process against the load data: the rating POST (HTMX, 303 to
the study screen), the study screen (full page, and the htmx fragment a rating leads to)
and the one-query baseline `/healthz/db`, interleaved so noise hits all alike.

Wall time and CPU per request (this process, and its PostgreSQL backend from /proc), and
the statements each sends. Production settings (DEBUG off, cached templates, Redis
sessions), PostgreSQL `quizsite_bench` as built by `make bench` (BENCH_DATABASE_URL
overrides; not part of `make bench-micro`, which needs no load data). Every
rating is of a distinct due card at its current version (real work: lock, FSRS step,
review log, card update); half of them post the card as the study screen's form does
(signed schedule), half only rating and version as bench/run_load.py does (code without
forms.schedule_token gets the same form twice). The cards and logs are put back as they
were afterwards, so runs repeat exactly and the load benchmark's data is untouched.

    .venv/bin/python bench/flashcard_requests.py                # medians and query counts
    .venv/bin/python bench/flashcard_requests.py --profile rate # cProfile of the rating POST
    BENCH_CODE_ROOT=/tmp/base .venv/bin/python bench/flashcard_requests.py  # another checkout

BENCH_CODE_ROOT imports the app from another checkout (e.g. `git archive <commit>`), so
before and after can be run alternately on the same data.
"""

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/quizsite_bench"
)
for name, value in {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "CONN_MAX_AGE": "60",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_SETTINGS_MODULE": "quizsite.settings",
}.items():
    os.environ.setdefault(name, value)
STATIC_ROOT = os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="bench-static-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("collectstatic", "--noinput", verbosity=0)  # the manifest {% static %} reads

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

import quizzes  # noqa: E402
from quizzes.flashcards.models import Card, ReviewLog  # noqa: E402

try:  # the rating form's signed card (not in older checkouts)
    from quizzes.flashcards.forms import schedule_token
except ImportError:
    schedule_token = None
from quizzes.accounts.models import User  # noqa: E402


def token(card: Card) -> str:
    """The rating form's signed card, with the default retention (the load students have
    no StudySettings row); checkouts from before StudySettings sign the card alone."""
    try:
        return schedule_token(card, retention=0.9)
    except TypeError:
        return schedule_token(card)


assert Path(quizzes.__file__).resolve().is_relative_to(ROOT.resolve()), quizzes.__file__
HTMX = {"HTTP_HX_REQUEST": "true"}
CARD_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review", "version"]


class Counter:
    """connection.execute_wrapper that counts statements."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def backend_cpu() -> float:
    """CPU seconds of this process's PostgreSQL backend so far (0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def due_cards(users: int, per_user: int) -> list[Card]:
    """Due review cards of the students with the most of them (highest ids first)."""
    now = timezone.now()
    due = Card.objects.filter(due__lte=now, last_review__isnull=False, question__isnull=False)
    user_ids = list(due.order_by("-user_id").values_list("user_id", flat=True).distinct()[:users])
    by_user: dict[int, list[Card]] = {}
    for card in due.filter(user_id__in=user_ids).order_by("-user_id", "pk"):
        by_user.setdefault(card.user_id, []).append(card)
    # Round-robin over students so each one's queue changes slowly, as under load.
    return [mine[i] for i in range(per_user) for mine in by_user.values() if i < len(mine)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="Requests per endpoint (≤ 2000).")
    parser.add_argument("--profile", choices=["rate", "rate_bare", "study", "fragment"])
    args = parser.parse_args()
    n = max(10, min(args.n, 2000))
    cards = due_cards(users=120, per_user=10)[:n]
    assert len(cards) >= 10, "not enough due cards: build quizsite_bench with make bench"
    n = len(cards)
    originals = {c.pk: {f: getattr(c, f) for f in CARD_FIELDS} for c in cards}
    user_ids = {c.user_id for c in cards}
    last_log = ReviewLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # One client (its handler loads the middleware once) with each student's session.
    client = Client()
    sessions = {}
    for user in User.objects.filter(pk__in=user_ids):
        client.cookies.clear()  # a new session each (login would flush the last one)
        client.force_login(user)
        sessions[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def as_student(user_id: int) -> Client:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[user_id]
        return client

    counter = Counter()
    names = ("healthz_db", "rate", "rate_bare", "fragment", "study")
    times: dict[str, list[float]] = {k: [] for k in names}
    queries: dict[str, set[int]] = {k: set() for k in times}
    profiler = cProfile.Profile() if args.profile else None

    cpu: dict[str, list[float]] = {k: [0.0, 0.0] for k in names}  # app, PostgreSQL (s)

    def run(name: str, fn) -> None:
        counter.n = 0
        profiling = profiler is not None and name == args.profile
        backend = backend_cpu()
        start, app = time.perf_counter(), time.process_time()
        if profiling:
            profiler.enable()
        with connection.execute_wrapper(counter):
            response = fn()
        if profiling:
            profiler.disable()
        times[name].append((time.perf_counter() - start) * 1000)
        cpu[name][0] += time.process_time() - app
        cpu[name][1] += backend_cpu() - backend
        queries[name].add(counter.n)
        expected = 303 if name.startswith("rate") else 200
        assert response.status_code == expected, (name, response.status_code)

    try:
        for user_id in list(sessions)[:3]:  # warm up templates, connections, caches
            as_student(user_id).get("/healthz/db")
            client.get("/study/")
            client.get("/study/", **HTMX)
        for card in cards:
            as_student(card.user_id)
            run("healthz_db", lambda: client.get("/healthz/db"))
            # Every other rating posts the schedule the form showed (as a browser does),
            # the others only rating and version (as bench/run_load.py does).
            form = {"rating": 3 if card.pk % 4 else 1, "version": card.version}
            bare = len(times["rate"]) > len(times["rate_bare"])
            if not bare and schedule_token is not None:
                form["schedule"] = token(card)
            run(
                "rate_bare" if bare else "rate",
                lambda form=form, card=card: client.post(
                    f"/study/cards/{card.pk}/rate/",
                    urlencode(form),
                    content_type="application/x-www-form-urlencoded",  # as htmx posts
                    **HTMX,
                ),
            )
            run("fragment", lambda: client.get("/study/", **HTMX))
            run("study", lambda: client.get("/study/"))
    finally:
        ReviewLog.objects.filter(user_id__in=user_ids, pk__gt=last_log).delete()
        for pk, fields in originals.items():
            Card.objects.filter(pk=pk).update(**fields)
        SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
        for key in sessions.values():
            SessionStore(session_key=key).delete()
        if STATIC_ROOT.startswith(tempfile.gettempdir() + "/bench-static-"):
            shutil.rmtree(STATIC_ROOT, ignore_errors=True)

    base = statistics.median(times["healthz_db"])
    print(f"code: {ROOT}  database: {connection.settings_dict['NAME']}  requests: {n} each")
    labels = {
        "healthz_db": "GET /healthz/db (one query)",
        "rate": "POST /study/cards/<id>/rate/ (HTMX, 303)",
        "rate_bare": "  the same without the form's schedule",
        "fragment": "GET /study/ (HTMX fragment)",
        "study": "GET /study/ (full page)",
    }
    print(
        f"{'ms per request':40} {'median':>7} {'p90':>6} {'ratio':>5}"
        f"  {'CPU app':>8} {'+ pg':>5} {'ratio':>5}  queries"
    )
    base_cpu = 1000 * sum(cpu["healthz_db"]) / len(times["healthz_db"])
    for name, label in labels.items():
        samples = times[name]
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        app, pg = (1000 * seconds / len(samples) for seconds in cpu[name])
        counts = "/".join(str(q) for q in sorted(queries[name]))
        print(
            f"{label:40} {median:7.2f} {p90:6.2f} {base / median:5.2f}"
            f"  {app:8.2f} {pg:5.2f} {base_cpu / (app + pg):5.2f}  {counts}"
        )
    if profiler is not None:
        stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
