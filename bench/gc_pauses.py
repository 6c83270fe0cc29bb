"""How long the garbage collector stops a worker, with and without quizsite.wsgi's freeze.

A gunicorn worker loads the app through quizsite.wsgi, which freezes what is loaded at
start-up (gc.freeze) so that full collections leave it alone. This runs the same
question screens in two fresh processes on the load-test database (`make bench` builds
it): one set up through quizsite.wsgi, one through plain django.setup() (the old
wsgi.py). Each reports, per generation, the collections, their total and longest pause,
and the slowest request:

    .venv/bin/python bench/gc_pauses.py [--requests 3000]
"""

import argparse
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def measure(setup: str, requests: int, database: str) -> None:
    from run_load import server_env

    os.environ.update(server_env(database), ALLOWED_HOSTS="testserver")
    if setup == "wsgi":
        from quizsite.wsgi import application
    else:  # wsgi.py before the freeze
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()

    from django.conf import settings
    from django.test import Client, RequestFactory

    from quizzes.models import Attempt

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
    factory, pages = RequestFactory(), []
    for attempt in attempts:
        client = Client()
        client.force_login(attempt.user)
        client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
        cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
        pages.append((f"/attempts/{attempt.pk}/", cookie))
    statuses = []

    def get(path: str, cookie: str) -> str:
        """One request through the WSGI application, as gunicorn makes it."""
        environ = factory.get(path, {"q": "1"}, HTTP_COOKIE=cookie).environ
        body = application(environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
        return statuses.pop()

    for path, cookie in pages:  # the first requests load what is loaded lazily: not timed
        assert get(path, cookie).startswith("200"), "the question screen did not answer"
    pauses = {generation: [0, 0.0, 0.0] for generation in range(3)}  # n, total, longest
    started = [0.0]

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            return
        pause = time.perf_counter() - started[0]
        entry = pauses[info["generation"]]
        entry[0] += 1
        entry[1] += pause
        entry[2] = max(entry[2], pause)

    gc.callbacks.append(timed)
    slowest = 0.0
    for i in range(requests):
        path, cookie = pages[i % len(pages)]
        begin = time.perf_counter()
        assert get(path, cookie).startswith("200")
        slowest = max(slowest, time.perf_counter() - begin)
    print(
        f"set up through {setup}: {len(gc.get_objects())} objects tracked, "
        f"{gc.get_freeze_count()} frozen; slowest request {slowest * 1000:.1f} ms"
    )
    for generation, (n, total, longest) in pauses.items():
        print(
            f"  generation {generation}: {n:4} collections, {total * 1000:7.1f} ms in all,"
            f" longest {longest * 1000:6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--database", default="quizsite_bench")
    parser.add_argument("--setup", choices=["wsgi", "django.setup"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        measure(args.setup, args.requests, args.database)
        return
    for setup in ("django.setup", "wsgi"):  # each in a fresh process
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--setup",
                setup,
                "--requests",
                str(args.requests),
                "--database",
                args.database,
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
