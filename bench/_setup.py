"""Shared set-up for the teacher benchmarks: Django on a fresh, temporary database.

BENCH_DATABASE_URL chooses the database (default: a new SQLite file in /tmp that is
deleted afterwards). Run from the repository root, e.g.
    DEBUG=1 .venv/bin/python bench/bench_gradebook.py
"""

import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_fd, _path = tempfile.mkstemp(suffix=".sqlite3")
os.close(_fd)
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_path}")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0)


def timed(label: str, fn, runs: int = 7) -> float:
    """Run fn once to warm up, then `runs` times; print and return the median in ms."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    median = statistics.median(samples)
    print(f"{label}: median {median:.0f} ms (min {min(samples):.0f}, max {max(samples):.0f})")
    return median


@contextmanager
def without_report_cache():
    """Report figures computed on every request (reports.caching), as after new data."""
    from django.core.cache.backends.dummy import DummyCache

    from quizzes.reports import caching

    saved, caching.cache = caching.cache, DummyCache("", {})
    try:
        yield
    finally:
        caching.cache = saved


def cleanup() -> None:
    if "BENCH_DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(_path + suffix).unlink(missing_ok=True)
