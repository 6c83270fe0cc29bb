"""Each fast path against the public API it stood in for: the A/B behind docs/performance.md's
"Fast paths kept and dropped".

The pieces are measured on the code from before they were gathered into
quizzes/core/fastpaths.py (commit ac1b3f4, where every one was still in use; exported with
`git archive`), on the load data `make bench` builds. One process serves the load-test
requests through quizsite.wsgi's application, as a gunicorn worker does
(bench/instructions.py's requests), and switches one piece off at a time by patching it
in place:

    all          every fast path, as the code was
    nocompiled   CompiledRead runs its queryset through the ORM (the signed-in user, the
                 player's attempt and saved answer, the home page's open attempts)
    nochrome     {% chrome_url %} reverses every time, as {% url %} does
    noredis      Django's own Redis cache client (a new redis.Redis per cache operation)

The variants take turns in blocks of requests, round after round, so the machine's load
hits them alike; a figure is the app process's CPU time per request in the cheapest round
and the median one (PostgreSQL's is the same SQL either way).

The prepared rating write is PostgreSQL's CPU, not the app's: it was measured with
bench/flashcard_requests.py, alternating two exported checkouts (BENCH_CODE_ROOT), one
with the write on Django's ordinary cursor (`--noprepared` prints how to make it).

    .venv/bin/python bench/fastpaths.py                      # needs `make bench`'s data
    .venv/bin/python bench/fastpaths.py --database qs_x --rounds 9 --block 40
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "ac1b3f4"
ENDPOINTS = ("signed_in_floor", "question_screen", "home", "study")
VARIANTS = ("all", "nocompiled", "nochrome", "noredis")
NOPREPARED = """\
git archive ac1b3f4 | tar -x -C /tmp/before   (and again into /tmp/noprepared), then in
/tmp/noprepared/quizzes/flashcards/services.py make _prepared_cursor() return
connection.cursor(), and run alternately, several times each:
BENCH_CODE_ROOT=/tmp/before .venv/bin/python /tmp/before/bench/flashcard_requests.py
BENCH_CODE_ROOT=/tmp/noprepared .venv/bin/python /tmp/noprepared/bench/flashcard_requests.py
comparing the rating POST's "+ pg" CPU column."""


def export(commit: str, database: str) -> Path:
    """The code at `commit` in a temporary folder, its static files collected."""
    tree = Path(tempfile.mkdtemp(prefix="bench-fastpaths-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True)
    if archive.returncode:
        sys.exit(archive.stderr.decode())
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=tree,
        env=env,
        check=True,
    )
    return tree


class Switches:
    """Turns the old code's fast paths off and on again, in this process."""

    def __init__(self):
        from django.core.cache import caches
        from django.core.cache.backends.redis import RedisCacheClient
        from quizzes.core.templatetags import chrome

        from quizsite import cache as fast_cache
        from quizzes.core import compiled

        self.caches, self.plain_client, self.fast_cache = caches, RedisCacheClient, fast_cache
        self.compiled, self.chrome = compiled, chrome
        self.compiled_all = compiled.CompiledRead.all
        self.urls = chrome._urls

    def set(self, variant: str) -> None:
        def through_the_orm(read, *, using="default", **ids):
            return list(read.build(**ids).using(using))

        self.compiled.CompiledRead.all = (
            through_the_orm if variant == "nocompiled" else self.compiled_all
        )
        self.chrome._urls = _Forgetful() if variant == "nochrome" else self.urls
        cache = self.caches["default"]
        wanted = self.plain_client if variant == "noredis" else self.fast_cache._ReusedClient
        if cache._class is not wanted:
            cache._class = wanted
            cache.__dict__.pop("_cache", None)  # the client object is made again


class _Forgetful(dict):
    """chrome_url's table of links, remembering none: each link reversed every time."""

    def __setitem__(self, key, value) -> None:
        pass


def inner(args) -> None:
    sys.path.insert(0, os.getcwd())
    sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
    from instructions import configure, requests_for

    configure(args.database)
    import gc

    from quizsite.wsgi import application

    switches = Switches()
    calls = {endpoint: requests_for(endpoint, application) for endpoint in args.endpoints}
    samples: dict[tuple[str, str], list[float]] = {}
    gc.disable()  # a collection would land in one block and not another
    for round_ in range(args.rounds):
        order = VARIANTS[round_ % len(VARIANTS) :] + VARIANTS[: round_ % len(VARIANTS)]
        for variant in order:
            switches.set(variant)
            for endpoint, requests in calls.items():
                for request in requests[:3]:  # what a switch made cold is not counted
                    request()
                started = time.process_time()
                for i in range(args.block):
                    requests[i % len(requests)]()
                cpu = (time.process_time() - started) / args.block
                samples.setdefault((variant, endpoint), []).append(cpu)
        gc.collect()
    print(f"{args.rounds} rounds of {args.block} requests per variant and endpoint")
    print("µs of app CPU per request, the cheapest round (least disturbed by the machine's")
    print("other load) / the median round; in brackets, what switching the piece off adds, as")
    print("a share of the request with every fast path (cheapest rounds)")
    print(f"{'endpoint':18}" + "".join(f"{v:>22}" for v in VARIANTS))
    for endpoint in args.endpoints:
        base = min(samples[("all", endpoint)])
        line = f"{endpoint:18}"
        for variant in VARIANTS:
            low = min(samples[(variant, endpoint)])
            median = statistics.median(samples[(variant, endpoint)])
            share = "" if variant == "all" else f" ({(low - base) / base:+4.0%})"
            line += f"{f'{low * 1e6:.0f} / {median * 1e6:.0f}{share}':>22}"
        print(line)
    pieces(switches, rounds=args.rounds)


# The links a student's page header renders (base.html and nav_items.html).
STUDENT_LINKS = [
    "home",
    "home",
    "document_list",
    "my_assignments",
    "join_class",
    "my_progress",
    "flashcards_study",
    "flashcards_stats",
    "flashcards_settings",
    "password_change",
    "logout",
]


def pieces(switches: Switches, *, rounds: int, calls: int = 2000) -> None:
    """What each of the two small pieces saves per use, measured alone (a whole request
    cannot resolve a few per cent on this machine): a cache read (every signed-in request
    makes one, its session) and the header's links of a student's page."""
    from django.core.cache import caches
    from django.template import engines

    links = engines["django"].from_string(
        "{% load chrome %}" + "".join(f"{{% chrome_url '{name}' %}}" for name in STUDENT_LINKS)
    )
    uses = {
        "noredis": lambda: caches["default"].get("bench-fastpaths"),
        "nochrome": lambda: links.render({}),
    }
    costs: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for piece, use in uses.items():
            for variant in ("all", piece):
                switches.set(variant)
                use()
                started = time.process_time()
                for _ in range(calls):
                    use()
                costs.setdefault((piece, variant), []).append(
                    (time.process_time() - started) / calls
                )
    print()
    print("µs of CPU per use, cheapest round: with the fast path / without it")
    for piece, what in (("noredis", "a session's cache read"), ("nochrome", "a page's links")):
        fast, slow = min(costs[(piece, "all")]), min(costs[(piece, piece)])
        saved = (slow - fast) * 1e6
        print(f"{what:24} {fast * 1e6:7.1f} / {slow * 1e6:7.1f}  saves {saved:.0f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="quizsite_bench")
    parser.add_argument("--commit", default=BEFORE)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--block", type=int, default=40)
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    parser.add_argument("--noprepared", action="store_true", help="How to A/B the write.")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.endpoints = args.endpoints.split(",")
    if args.noprepared:
        print(NOPREPARED)
        return
    if args.inner:
        inner(args)
        return
    tree = export(args.commit, args.database)
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--inner", *sys.argv[1:]],
        cwd=tree,
        check=True,
    )


if __name__ == "__main__":
    main()
