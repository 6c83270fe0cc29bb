"""Benchmark: import a generated 2,000-question GIFT file; print seconds and queries.

Run: DEBUG=1 .venv/bin/python bench/bench_gift_import.py [COUNT]
(uses a throw-away test database on whatever DATABASE_URL points at). Exits 1 if the
import takes 5 s or more, the issue's budget.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BUDGET_SECONDS = 5.0

TEMPLATES = [
    "::q{i}::Who is buried in tomb {i}?{{~Grant ~Jefferson =no one#Right ####Nobody is.}}",
    "::q{i}::Which two were entombed ({i})? {{~%-100%No one ~%50%Grant ~%50%Grant's wife}}",
    "::q{i}::Grant is buried in tomb {i}.{{F#Wrong#Right}}",
    "::q{i}::Two plus {i} equals?{{=four =%50%4}}",
    "::q{i}::When was Grant born ({i})?{{#=1822:0 =%50%1822:2}}",
    "::q{i}::In which years ({i})?{{#2023..2024}}",
    "::q{i}::Match ({i}) {{=cat -> cat food =dog -> dog food =cow -> grass}}",
    "::q{i}::Moodle costs {{~lots =nothing ~a little}} to download ({i}).",
]


def gift_file(count: int) -> str:
    blocks = []
    for i in range(count):
        if i % 100 == 0:
            blocks.append(f"$CATEGORY: bench/topic {i // 100}")
        blocks.append(TEMPLATES[i % len(TEMPLATES)].format(i=i))
    return "\n\n".join(blocks) + "\n"


def main(count: int) -> int:
    from quizzes.accounts.models import User
    from quizzes.interop.gift import parse_gift
    from quizzes.interop.services import questions_import
    from quizzes.questions.models import Question

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        owner = User.objects.create(username="bench-teacher", role=User.Role.TEACHER)
        text = gift_file(count)
        started = time.perf_counter()
        parsed = parse_gift(text)
        parsed_at = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            questions_import(parsed=parsed, owner=owner, set_name="Bench")
        finished = time.perf_counter()
        assert Question.objects.count() == count
        total = finished - started
        print(
            f"GIFT import of {count} questions ({len(text.encode()):,} bytes) "
            f"on {connection.vendor}: parse {parsed_at - started:.2f} s, "
            f"save {finished - parsed_at:.2f} s, total {total:.2f} s, "
            f"{len(queries)} queries"
        )
        return 0 if total < BUDGET_SECONDS else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
