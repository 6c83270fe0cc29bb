"""How long the garbage collector stops a worker, with and without quizsite.wsgi's freeze.

A gunicorn worker loads the app through quizsite.wsgi, which freezes what is loaded at
start-up (gc.freeze) so that full collections leave it alone. This runs the same
question screens in two fresh processes on the load-test database (`make bench` builds
it): one set up through quizsite.wsgi, one through get_wsgi_application() alone (the
old wsgi.py). Each reports, per generation, the collections, their total and longest pause,
and the slowest request:

    .venv/bin/python bench/gc_pauses.py [--requests 3000]
"""

import argparse
import gc
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def measure(setup: str, requests: int, database: str) -> None:
    from instructions import configure, requests_for

    configure(database)
    if setup == "wsgi":
        from quizsite.wsgi import application
    else:  # wsgi.py before the freeze
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
    calls = requests_for("question_screen", application)
    for request in calls:  # the first requests load what is loaded lazily: not timed
        request()
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
        begin = time.perf_counter()
        calls[i % len(calls)]()
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
    parser.add_argument("--setup", choices=["wsgi", "get_wsgi_application"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        measure(args.setup, args.requests, args.database)
        return
    for setup in ("get_wsgi_application", "wsgi"):  # each in a fresh process
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
