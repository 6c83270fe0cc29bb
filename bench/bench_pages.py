"""Student pages in-process against the load data: home, my assignments, result, My progress.

Per page: the median time of many requests through django.test.Client with production
settings (DEBUG off, cached templates, Redis cache and cached_db sessions), the mean CPU
per request of this process and of its PostgreSQL backend, and the SQL statements each
request runs, on the database `make bench` built (10k students / 1M responses):

    .venv/bin/python bench/bench_pages.py [--runs 200] [--pages home,result_124]
    .venv/bin/python bench/bench_pages.py --profile result_124   # cProfile's top functions

BENCH_DATABASE_URL chooses another database. Pages: home, my_assignments, result_short
(attempts of up to 30 questions) and result_124 (the 124-question "Full review"), as the
first 300 load students (those bench/run_load.py uses); progress and progress_all (the
default 90 days and all time) as the student with 50,000 responses that run_load.py adds
(`--progress-student` adds it here). Nothing else is written but sessions. Without the load
data it says so and stops (so `make bench-micro` passes before a `make bench`). My progress
caches mastery's sums (reports.caching): a repeated request is what is timed; `--cold`
computes them on every request, as the first visit after a submission.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from run_load import server_env  # noqa: E402

# The load benchmark server's settings, for the test client.
os.environ.update(
    server_env("quizsite_bench"),
    ALLOWED_HOSTS="testserver",
    STATIC_ROOT=os.environ.get("STATIC_ROOT")
    or str(Path(tempfile.gettempdir()) / "quizsite-bench-pages-static"),
)
if "BENCH_DATABASE_URL" in os.environ:
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402
from django.test import Client  # noqa: E402

from quizzes.accounts.models import User  # noqa: E402
from quizzes.attempts.models import Attempt  # noqa: E402

PROGRESS_STUDENT = "load-progress-student"  # bench/load_data.add_progress_student's

STUDENTS = 300  # the first load students (by pk), as bench/run_load.py uses them


class Counter:
    """Counts the SQL statements run (connection.execute_wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def pages() -> dict[str, list[tuple[SimpleCookie, str]]]:
    """Per page, the (session cookie, URL) pairs its requests cycle through."""
    students = list(
        User.objects.filter(username__startswith="load-student-").order_by("pk")[:STUDENTS]
    )
    cookies: dict[int, SimpleCookie] = {}

    def client_of(user_id: int) -> SimpleCookie:
        if user_id not in cookies:
            login = Client()
            login.force_login(User.objects.get(pk=user_id))
            cookies[user_id] = login.cookies
        return cookies[user_id]

    submitted = Attempt.objects.filter(user__in=students, status="submitted").order_by("pk")
    short, full = [], []
    for pk, user_id, ids in submitted.values_list("pk", "user_id", "question_ids"):
        (full if len(ids) > 100 else short).append((user_id, f"/attempts/{pk}/result/"))
    found = {
        "home": [(client_of(s.pk), "/") for s in students[:20]],
        "my_assignments": [(client_of(s.pk), "/assignments/") for s in students[:20]],
        "result_short": [(client_of(u), url) for u, url in short[:40]],
        "result_124": [(client_of(u), url) for u, url in full[:40]],
    }
    heavy = User.objects.filter(username=PROGRESS_STUDENT).first()
    if heavy is not None:
        found["progress"] = [(client_of(heavy.pk), "/progress/")]
        found["progress_all"] = [(client_of(heavy.pk), "/progress/?period=all")]
    return found


CLIENT = Client()  # one handler, as in a worker: middleware loaded once


def get(cookies: SimpleCookie, url: str):
    CLIENT.cookies = cookies
    return CLIENT.get(url)


def backend_cpu_ms() -> float:
    """CPU time used so far by this connection's PostgreSQL backend (from /proc; 0 when the
    database is elsewhere or not PostgreSQL)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure(name: str, requests: list[tuple[SimpleCookie, str]], runs: int) -> dict:
    for cookies, url in requests:  # warm-up: templates, connection, sessions cached
        response = get(cookies, url)
        assert response.status_code == 200, (name, url, response.status_code)
    samples, queries = [], []
    app_cpu, db_cpu = time.process_time(), backend_cpu_ms()
    for i in range(runs):
        cookies, url = requests[i % len(requests)]
        counter = Counter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = get(cookies, url)
            samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (name, url, response.status_code)
        queries.append(counter.count)
    app_cpu = (time.process_time() - app_cpu) * 1000 / runs
    db_cpu = (backend_cpu_ms() - db_cpu) / runs
    samples.sort()
    return {
        "app_cpu_ms": app_cpu,  # mean per request: this process (Django) ...
        "db_cpu_ms": db_cpu,  # ... and its PostgreSQL backend: what a loaded server pays
        "median_ms": statistics.median(samples),
        "p90_ms": samples[int(len(samples) * 0.9)],
        "min_ms": samples[0],
        "queries": (min(queries), max(queries)),
        "kib": len(response.content) // 1024,
    }


def profile(requests: list[tuple[SimpleCookie, str]], runs: int) -> None:
    for cookies, url in requests:
        get(cookies, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(runs):
        get(*requests[i % len(requests)])
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(60)
    print(out.getvalue())


SLOW_PAGES = {"progress", "progress_all"}  # fewer requests by default: ~0.1-0.3 s each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=0, help="Requests per page (default 200, progress 40)."
    )
    parser.add_argument("--pages", default="", help="Comma-separated; default all.")
    parser.add_argument("--profile", default="", metavar="PAGE")
    parser.add_argument(
        "--progress-student", action="store_true", help=f"Add {PROGRESS_STUDENT} if missing."
    )
    parser.add_argument(
        "--cold", action="store_true", help="No report cache: figures computed every request."
    )
    args = parser.parse_args()
    if args.cold:
        from django.core.cache.backends.dummy import DummyCache

        from quizzes.reports import caching

        caching.cache = DummyCache("", {})
    try:
        loaded = User.objects.filter(username__startswith="load-student-").exists()
    except OperationalError as error:
        loaded, reason = False, str(error).strip().splitlines()[0]
    else:
        reason = "no load-student-… users"
    if not loaded:
        name = connection.settings_dict["NAME"]
        print(f"bench_pages: skipped, no load data in {name} ({reason}); run `make bench`.")
        return
    if args.progress_student:
        from bench.load_data import add_progress_student

        add_progress_student()
    call_command("collectstatic", "--noinput", verbosity=0)
    found = pages()
    if args.profile:
        profile(found[args.profile], max(1, min(args.runs or 200, 2000)))
        return
    wanted = [p for p in args.pages.split(",") if p] or list(found)
    print(f"code: {ROOT}  database: {connection.settings_dict['NAME']}")
    for name in wanted:
        runs = max(1, min(args.runs or (40 if name in SLOW_PAGES else 200), 2000))
        r = measure(name, found[name], runs)
        low, high = r["queries"]
        print(
            f"{name:16} median {r['median_ms']:6.1f} ms  p90 {r['p90_ms']:6.1f}  "
            f"min {r['min_ms']:6.1f}  CPU app {r['app_cpu_ms']:5.1f} "
            f"+ db {r['db_cpu_ms']:5.1f} ms  queries {low}{'' if low == high else f'-{high}'}  "
            f"{r['kib']} KiB  ({runs} requests)"
        )
    if "progress" not in found:
        print(f"(My progress skipped: no {PROGRESS_STUDENT}; --progress-student adds one)")


if __name__ == "__main__":
    main()
