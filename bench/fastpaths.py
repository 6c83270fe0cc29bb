"""Each fast path against the public API it replaced: the A/B behind docs/performance.md's
"Fast paths kept and dropped".

The pieces were measured on the code from before they were gathered into
quizzes/core/fastpaths.py (commit ac1b3f4, where every one was still in use), each taken
out alone by a small patch of an exported copy, on the same load data:

    all            the code as it was (every fast path)
    nocompiled     CompiledRead runs its queryset through the ORM (the user, the attempt,
                   the saved answer, the home page's open attempts)
    nochrome       {% url %} in place of {% chrome_url %} in base.html and nav_items.html
    noredis        Django's own Redis cache client (a new redis.Redis per operation)
    noprepared     the rating's write on Django's ordinary cursor (client-side binding,
                   planned by PostgreSQL every time)

Instructions per request of the app's process (bench/instructions.py, callgrind: steady
on a shared machine) for the page endpoints, and CPU per rating, app and PostgreSQL
backend, for the prepared write (bench/flashcard_requests.py, interleaved runs: its gain
is PostgreSQL's planning, which the app's instruction count does not see).

    .venv/bin/python bench/fastpaths.py --database quizsite_bench        # after make bench
    .venv/bin/python bench/fastpaths.py --variants all,nochrome --endpoints signed_in_floor

Each instruction count takes a few minutes under valgrind on a busy machine.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "ac1b3f4"
ENDPOINTS = "signed_in_floor,question_screen,home,study"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    if old not in text:
        sys.exit(f"{path}: the patch no longer applies")
    path.write_text(text.replace(old, new, 1))


def nocompiled(tree: Path) -> None:
    _replace(
        tree / "quizzes/core/compiled.py",
        '    def all(self, *, using: str = "default", **ids: int) -> list[Model]:\n',
        '    def all(self, *, using: str = "default", **ids: int) -> list[Model]:\n'
        "        return list(self.build(**ids).using(using))\n",
    )


def nochrome(tree: Path) -> None:
    for name in ("base.html", "nav_items.html"):
        path = tree / "quizzes/core/templates" / name
        path.write_text(path.read_text().replace("{% chrome_url ", "{% url "))


def noredis(tree: Path) -> None:
    _replace(tree / "quizsite/cache.py", "        self._class = _ReusedClient", "        pass")


def noprepared(tree: Path) -> None:
    _replace(
        tree / "quizzes/flashcards/services.py",
        "    connection.ensure_connection()\n"
        "    return connection._prepare_cursor(psycopg.Cursor(connection.connection))",
        "    return connection.cursor()",
    )


VARIANTS = {
    "all": lambda tree: None,
    "nocompiled": nocompiled,
    "nochrome": nochrome,
    "noredis": noredis,
    "noprepared": noprepared,
}


def export(commit: str, variant: str, into: Path, database: str) -> Path:
    tree = into / variant
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    VARIANTS[variant](tree)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="quizsite_bench")
    parser.add_argument("--commit", default=BEFORE)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--endpoints", default=ENDPOINTS)
    parser.add_argument("--few", type=int, default=5)
    parser.add_argument("--many", type=int, default=20)
    parser.add_argument("--ratings", type=int, default=150)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-fastpaths-"))
    for variant in args.variants.split(","):
        tree = export(args.commit, variant, workdir, args.database)
        print(f"== {variant}", flush=True)
        if variant == "noprepared" or variant == "all":
            subprocess.run(
                [sys.executable, "bench/flashcard_requests.py", "--n", str(args.ratings)],
                cwd=tree,
                env={
                    **os.environ,
                    "BENCH_CODE_ROOT": str(tree),
                    "BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/" + args.database,
                },
                check=True,
            )
        if variant != "noprepared":
            subprocess.run(
                [
                    sys.executable,
                    "bench/instructions.py",
                    "--database",
                    args.database,
                    "--endpoints",
                    args.endpoints,
                    "--few",
                    str(args.few),
                    "--many",
                    str(args.many),
                ],
                cwd=tree,
                check=True,
            )


if __name__ == "__main__":
    main()
