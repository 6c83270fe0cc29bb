"""CPU per request, in one process, on the load-test database: app + PostgreSQL backend.

Throughput on a shared 2-core machine swings with whatever else runs; CPU time per request
does much less, so this is the number to compare before and after a change to a hot path.
For each endpoint it sends N requests through Django's full stack (the test client,
production settings: DEBUG off, Redis cache and sessions) and reports this process's CPU
time and its PostgreSQL backend's CPU time (from /proc), per request, with the ratio of
the one-query view's total to the endpoint's (what the load benchmark's throughput ratio
would be if the CPU were the only limit; gunicorn's own ~1 ms per request is left out) and
of the signed-in floor's (bench/bench_urls.py: what every signed-in page pays at least),
the wall time per request, and the CPU of PostgreSQL's parallel workers (the postmaster's
exited children; the backend's own CPU leaves them out).

    .venv/bin/python bench/request_cpu.py            # needs `make bench` to have built
    .venv/bin/python bench/request_cpu.py --first-student 2000 --requests 300
    .venv/bin/python bench/request_cpu.py --endpoints signed_in_floor,home --repeat 5

Every answer and rating is a distinct request (fresh attempts and due cards of students
from --first-student on), so each does the real work: lock, insert, grade, render.

progress_50k and item_analysis are the load benchmark's two heavy pages (run_load.py's
choice of student and set); `--cold` empties the report cache before each of their
requests, so they measure the computation rather than a cache hit:

    .venv/bin/python bench/request_cpu.py --endpoints progress_50k,item_analysis --cold
"""

import argparse
import os
import random
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STATEFUL = {"answer_post", "flashcard_rate"}  # each request changes state: measured once


def configure(database: str) -> None:
    """The load benchmark server's settings (run_load.server_env), for the test client; the
    process is set up as a gunicorn worker is, through quizsite.wsgi."""
    from run_load import server_env

    os.environ.update(server_env(database), ALLOWED_HOSTS="testserver")
    import quizsite.wsgi  # noqa: F401


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def backend_cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def reaped_children_cpu_seconds(backend: int) -> float:
    """CPU of the postmaster's exited children (cutime + cstime): PostgreSQL's parallel
    query workers, which the backend's own CPU leaves out. Other sessions' backends that
    exit meanwhile count too, so it is an upper bound on a shared server."""
    fields = _stat(int(_stat(backend)[1]))  # the backend's parent is the postmaster
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="quizsite_bench")
    parser.add_argument("--first-student", type=int, default=5000)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument(
        "--heavy-requests",
        type=int,
        default=40,
        help="Requests for the heavy report pages (progress_50k, item_analysis).",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="Run progress_50k and item_analysis without the report cache (every request "
        "computes its figures, as after a new answer).",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Measure each read-only endpoint this many times and report the cheapest run "
        "(steadier on a busy machine; answers and ratings run once: a replay is a no-op).",
    )
    parser.add_argument(
        "--endpoints",
        help="Comma-separated endpoints to measure (default: all; healthz_db is always "
        "measured). Leaving out answer_post keeps the fresh attempts for another run; "
        "without question_screen and answer_post no practice attempt is started.",
    )
    parser.add_argument(
        "--profile",
        metavar="ENDPOINT",
        help="Also run ENDPOINT's requests under cProfile and print the top functions.",
    )
    parser.add_argument(
        "--profile-file", metavar="PATH", help="Also save --profile's raw stats (pstats) here."
    )
    args = parser.parse_args()
    configure(args.database)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from run_load import post_fields

    from bench.load_data import sample_answer
    from quizzes.accounts.models import User
    from quizzes.attempts.models import Attempt
    from quizzes.attempts.services import AttemptRefused, attempt_start
    from quizzes.flashcards.forms import schedule_token
    from quizzes.flashcards.models import Card
    from quizzes.questions.models import QuestionSet, QuestionVersion

    wanted = set(args.endpoints.split(",")) if args.endpoints else None

    rng = random.Random(7)
    students = list(
        User.objects.filter(username__startswith="load-student-").order_by("pk")[
            args.first_student : args.first_student + args.students
        ]
    )
    practice = QuestionSet.objects.filter(status="published", mode="practice").order_by("pk")
    warm = Client()
    warm.get("/healthz")  # builds the middleware chain once, shared by every client
    handler = warm.handler

    def signed_in(user) -> Client:
        """A client with a session and a CSRF cookie, as run_load.py's requests carry."""
        client = Client()
        client.force_login(user)
        client.cookies[settings.CSRF_COOKIE_NAME] = secrets.token_hex(16)
        client.handler = handler
        return client

    clients, attempts = {}, []
    for student in students:
        clients[student.pk] = signed_in(student)
        if wanted is not None and not wanted & {"question_screen", "answer_post"}:
            continue
        for question_set in practice:
            try:
                attempt = attempt_start(user=student, question_set=question_set)
            except AttemptRefused:
                continue
            if not attempt.responses.exists() and len(attempt.question_ids) >= 8:
                attempts.append(attempt)
                break
    if not attempts and (wanted is None or wanted & {"question_screen", "answer_post"}):
        sys.exit("No fresh practice attempts: try another --first-student.")
    snapshots = dict(QuestionVersion.objects.values_list("pk", "snapshot"))
    first = clients[students[0].pk]

    def answer(attempt: Attempt, position: int):
        snapshot = snapshots[attempt.versions[str(attempt.question_ids[position])]]
        fields = post_fields(
            snapshot, sample_answer(snapshot, correct=rng.random() < 0.7), attempt.pk
        )
        body = urlencode([("q", str(position + 1)), *fields])
        return lambda: clients[attempt.user_id].post(
            f"/attempts/{attempt.pk}/check/",  # a practice answer: attempt_check
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_HX_REQUEST="true",
        )

    answers = [answer(attempt, position) for position in range(8) for attempt in attempts][
        : args.requests
    ]
    # Raters: students with review cards due now, one card each (a rated card is no longer
    # due, so the next run takes others).
    due, raters = [], set()
    for card in Card.objects.filter(due__lte=timezone.now(), last_review__isnull=False).order_by(
        "user_id", "pk"
    )[: args.requests * 20]:
        if card.user_id not in raters and len(due) < args.requests:
            raters.add(card.user_id)
            due.append(card)
    for user in User.objects.filter(pk__in=raters - clients.keys()):
        clients[user.pk] = signed_in(user)
    ratings = [
        (
            lambda card=card: clients[card.user_id].post(
                f"/study/cards/{card.pk}/rate/",
                urlencode(  # the study screen's rating form, as htmx posts it
                    {
                        "rating": rng.choice((1, 3, 3, 4)),
                        "version": card.version,
                        "schedule": schedule_token(card),
                    }
                ),
                content_type="application/x-www-form-urlencoded",
                HTTP_HX_REQUEST="true",
            )
        )
        for card in due
    ]
    heavy = heavy_pages(handler, args.heavy_requests, cold=args.cold)
    submitted = Attempt.objects.filter(user__in=students, status="submitted").values_list(
        "pk", "user_id"
    )[: args.requests]
    endpoints = {
        "healthz": [lambda: first.get("/healthz")] * args.requests,
        "healthz_db": [lambda: first.get("/healthz/db")] * args.requests,
        # The cheapest signed-in page (bench_urls.py): session, user, base.html.
        "signed_in_floor": [(lambda c=c: c.get("/bench/floor")) for c in clients.values()],
        "question_screen": [
            (lambda a=a: clients[a.user_id].get(f"/attempts/{a.pk}/?q=1"))
            for a in attempts * (args.requests // max(len(attempts), 1) + 1)
        ][: args.requests],
        "answer_post": answers,
        "flashcard_rate": ratings,
        "study": [(lambda c=c: c.get("/study/")) for c in list(clients.values())[: args.requests]],
        "result": [
            (lambda pk=pk, u=u: clients[u].get(f"/attempts/{pk}/result/")) for pk, u in submitted
        ],
        "my_assignments": [(lambda c=c: c.get("/assignments/")) for c in clients.values()],
        "home": [(lambda c=c: c.get("/")) for c in clients.values()],
        "progress": [(lambda c=c: c.get("/progress/")) for c in clients.values()],
        **heavy,
    }
    if wanted is not None:
        wanted |= {"healthz_db", args.profile}  # the ratio's baseline
        unknown = wanted - endpoints.keys() - {None}
        if unknown:
            sys.exit(f"Unknown endpoints: {', '.join(sorted(unknown))}")
        endpoints = {k: v for k, v in endpoints.items() if k in wanted}
    profiled = endpoints.get(args.profile, [])
    if args.profile in STATEFUL:
        # A replayed answer or rating is a no-op (a read and a refusal): measure the first
        # half of the requests and profile the other, each doing the real work once.
        calls = endpoints[args.profile]
        endpoints[args.profile], profiled = calls[: len(calls) // 2], calls[len(calls) // 2 :]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    print(
        f"{'endpoint':16} {'n':>4} {'app ms':>7} {'pg ms':>6} {'total':>6} {'1-query/this':>13}"
        f" {'floor/this':>10} {'wall ms':>8} {'pg workers ms':>13}"
    )
    base = floor = None
    for name, calls in endpoints.items():
        if not calls:
            continue
        calls[0]()  # warm-up (templates, version cache)
        runs = []
        for _ in range(1 if name in STATEFUL else args.repeat):
            app, pg = time.process_time(), backend_cpu_seconds(backend)
            workers, wall = reaped_children_cpu_seconds(backend), time.perf_counter()
            statuses = {calls[i]().status_code for i in range(1, len(calls))}
            n = len(calls) - 1
            app = (time.process_time() - app) * 1000 / n
            pg = (backend_cpu_seconds(backend) - pg) * 1000 / n
            wall = (time.perf_counter() - wall) * 1000 / n
            workers = (reaped_children_cpu_seconds(backend) - workers) * 1000 / n
            runs.append((app + pg, app, pg, wall, workers))
        total, app, pg, wall, workers = min(runs)  # other processes only ever add to it
        if name == "healthz_db":
            base = total
        elif name == "signed_in_floor":
            floor = total
        ratio = f"{base / total:13.2f}" if base else " " * 13
        ratio += f" {floor / total:10.2f}" if floor else " " * 11
        codes = sorted(statuses)
        print(
            f"{name:16} {len(calls):4} {app:7.2f} {pg:6.2f} {total:6.2f} {ratio}"
            f" {wall:8.2f} {workers:13.2f}  {codes}"
        )
    if args.profile:
        profile(profiled if args.profile in STATEFUL else profiled[1:], args.profile_file)


def heavy_pages(handler, n: int, *, cold: bool = False) -> dict:
    """The load benchmark's two heavy pages, as run_load.py picks them: "My progress" of the
    student with 50,000 responses, and item analysis of the set whose response count is
    nearest 50,000, as its owner (a teacher). The same page n times: after the first, what a
    cache keyed on the data serves; with `cold`, every time without the report cache."""
    from django.db.models import Count
    from django.test import Client

    from bench.load_data import PROGRESS_STUDENT
    from quizzes.accounts.models import User
    from quizzes.attempts.models import Response
    from quizzes.questions.models import QuestionSet

    student = User.objects.filter(username=PROGRESS_STUDENT).first()
    per_set = dict(
        Response.objects.values_list("attempt__question_set").annotate(n=Count("pk")).order_by()
    )
    busiest = QuestionSet.objects.select_related("owner").get(
        pk=min(per_set, key=lambda pk: abs(per_set[pk] - 50_000))
    )
    pages = {}
    for name, user, url in (
        ("progress_50k", student, "/progress/"),
        ("item_analysis", busiest.owner, f"/workspace/sets/{busiest.slug}/analysis/"),
    ):
        if user is None or (name == "item_analysis" and not user.is_teacher):
            continue  # run_load.py adds the student and makes the owner a teacher
        client = Client()
        client.force_login(user)
        client.handler = handler
        pages[name] = [lambda client=client, url=url: client.get(url)] * n
    if cold:
        from django.core.cache.backends.dummy import DummyCache

        from quizzes.reports import caching

        caching.cache = DummyCache("", {})  # misses every time: the figures are computed
    return pages


def profile(calls, path: str | None = None) -> None:
    """cProfile of `calls`: read-only requests made once already (the same again), or
    answers and ratings not yet made."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    if path:
        profiler.dump_stats(path)
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(60)
    stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
