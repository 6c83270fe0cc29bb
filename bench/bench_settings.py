"""The load benchmark's settings: production settings plus bench-only URLs (bench_urls).

run_load.py's server and request_cpu.py use this module; nothing in production imports it.
"""

from quizsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
