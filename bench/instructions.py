"""Instructions per request, counted by valgrind: a before/after far steadier than CPU time.

CPU time per request (request_cpu.py) moves by ±20 % on this shared machine from one run
to the next; the number of instructions the app executes moves less, but not by nothing:
two runs of the same code usually agree within 0.5 %, yet the question screen of one
commit (303ee05) counted 9.22 and 9.59 million in two runs on the same data (a 4 % step
whose cause was not found), and healthz_db, the shortest request, varies by ~10 %.
Repeat a count before trusting a change under ~5 %.

For each endpoint this runs the load-test database's requests through quizsite.wsgi's
application, as a gunicorn worker does, in two processes under `valgrind --tool=callgrind`
(with PYTHONHASHSEED fixed): one making FEW requests, one making FEW + MANY; the
difference divided by MANY is one request's instructions, start-up left out. Only the
app's process is counted, not PostgreSQL's or Redis's, and not the garbage collector
(disabled while counting; bench/gc_pauses.py measures it).

    .venv/bin/python bench/instructions.py                     # needs `make bench`'s data
    .venv/bin/python bench/instructions.py --endpoints question_screen --many 100

Each endpoint takes about a minute (valgrind runs Python ~50× slower).
"""

import argparse
import gc
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
ENDPOINTS = ("healthz_db", "signed_in_floor", "question_screen", "home", "study")


def configure(database: str) -> None:
    """The load benchmark server's settings (run_load.server_env), before Django starts."""
    from run_load import server_env

    # Under valgrind a run outlasts the bench's CONN_MAX_AGE of 60 s: a reconnect in the
    # middle of one run would count as requests' work.
    os.environ.update(server_env(database), ALLOWED_HOSTS="testserver", CONN_MAX_AGE="86400")


def requests_for(endpoint: str, application) -> list:
    """Callables making one request each through the WSGI `application`, as gunicorn does,
    signed in as students with open practice attempts (twenty of them, in turn)."""
    from django.conf import settings
    from django.test import Client, RequestFactory

    from quizzes.attempts.models import Attempt

    attempts = list(
        Attempt.objects.filter(
            status=Attempt.Status.IN_PROGRESS,
            question_set__mode="practice",
            user__username__startswith="load-student-",
        )
        .select_related("user")
        .order_by("pk")[:20]
    )
    if not attempts:
        sys.exit("No open practice attempts: run `make bench` first.")
    factory, calls = RequestFactory(), []
    for attempt in attempts:
        client = Client()
        client.force_login(attempt.user)
        client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
        cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
        path, query = {
            "healthz_db": ("/healthz/db", {}),
            "signed_in_floor": ("/bench/floor", {}),
            "question_screen": (f"/attempts/{attempt.pk}/", {"q": "1"}),
            "home": ("/", {}),
            "study": ("/study/", {}),
        }[endpoint]
        calls.append((path, query, cookie))

    def call(path: str, query: dict, cookie: str) -> None:
        statuses = []
        environ = factory.get(path, query, HTTP_COOKIE=cookie).environ
        body = application(environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            sys.exit(f"{endpoint}: {path} answered {statuses[0]}")

    return [lambda c=c: call(*c) for c in calls]


def run(endpoint: str, count: int, database: str) -> None:
    configure(database)
    from quizsite.wsgi import application

    calls = requests_for(endpoint, application)
    for request in calls:  # what the first requests load lazily is not counted
        request()
    # A collection lands in one run and not the other, adding its whole pass to a few
    # requests; its cost is gc_pauses.py's to measure.
    gc.disable()
    for i in range(count):
        calls[i % len(calls)]()


def instructions(endpoint: str, count: int, database: str) -> int:
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--inner",
            endpoint,
            "--count",
            str(count),
            "--database",
            database,
        ],
        env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONMALLOC": "malloc"},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    parser.add_argument("--few", type=int, default=20)
    parser.add_argument("--many", type=int, default=50)
    parser.add_argument("--database", default="quizsite_bench")
    parser.add_argument("--inner", choices=ENDPOINTS, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        run(args.inner, args.count, args.database)
        return
    print(f"{'endpoint':16} {'instructions per request':>25} {'× healthz_db':>13}")
    base = None
    for endpoint in args.endpoints.split(","):
        few = instructions(endpoint, args.few, args.database)
        per_request = (instructions(endpoint, args.few + args.many, args.database) - few) // (
            args.many
        )
        base = base or (per_request if endpoint == "healthz_db" else None)
        ratio = f"{per_request / base:13.2f}" if base else ""
        print(f"{endpoint:16} {per_request:25,} {ratio}", flush=True)


if __name__ == "__main__":
    main()
