"""What one answer, rating and attempt write to PostgreSQL's WAL, with and without the
foreign-key indexes the models leave out (`db_index=False`: each would be a prefix of a
composite index the table has).

WAL bytes per row are deterministic where CPU time on this machine is not, and every
index on a table adds its own WAL record to each insert. For each table the script copies
rows as the app writes them (STATEMENTS) inside a transaction that it rolls back, so the
database is left as it was: once as the schema is, once with the dropped indexes created
again in that same transaction.

    .venv/bin/python bench/write_cost.py            # needs `make bench`'s data
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# Per table, a statement writing %s rows as the app does: new answers, review logs and
# attempts (copies of the newest rows, moved to numbers no row uses so that no unique index
# refuses them), and a rating's update of a card (its due date moves: not a HOT update, so
# every index of the table gets a new entry).
STATEMENTS = {
    "attempts_response": (
        "INSERT INTO attempts_response (attempt_id, question_id, question_version_id, "
        "position, answer, score, max_score, is_correct, note, answered_at, updated_at) "
        "SELECT attempt_id, question_id + 30000, question_version_id, position, answer, score, "
        "max_score, is_correct, note, answered_at, updated_at FROM attempts_response "
        "ORDER BY id DESC LIMIT %s"
    ),
    "flashcards_reviewlog": (
        "INSERT INTO flashcards_reviewlog (card_id, user_id, rating, kind, reviewed_at, "
        "duration_ms, state_before, state_after) SELECT card_id, user_id, rating, kind, "
        "reviewed_at, duration_ms, state_before, state_after FROM flashcards_reviewlog "
        "ORDER BY id DESC LIMIT %s"
    ),
    "flashcards_card": (
        "UPDATE flashcards_card SET due = due + interval '1 day', version = version + 1 "
        "WHERE id IN (SELECT id FROM flashcards_card ORDER BY id DESC LIMIT %s)"
    ),
    "attempts_attempt": (
        "INSERT INTO attempts_attempt (user_id, question_set_id, assignment_id, number, mode, "
        "status, question_ids, versions, option_order, current_index, started_at, deadline, "
        "time_limit_ends, due_at, submitted_at, score, max_score, percent, passed, pass_mark, "
        "late) SELECT user_id, question_set_id, assignment_id, number + 30000, mode, status, "
        "question_ids, versions, option_order, current_index, started_at, deadline, "
        "time_limit_ends, due_at, submitted_at, score, max_score, percent, passed, pass_mark, "
        "late FROM attempts_attempt ORDER BY id DESC LIMIT %s"
    ),
}
# The foreign-key indexes left out, each a prefix of a composite index: (table, index, column).
DROPPED = [
    ("attempts_attempt", "bench_attempt_assignment_id", "assignment_id"),
    ("attempts_attempt", "bench_attempt_question_set_id", "question_set_id"),
    ("attempts_attempt", "bench_attempt_user_id", "user_id"),
    ("flashcards_card", "bench_card_user_id", "user_id"),
    ("attempts_response", "bench_response_attempt_id", "attempt_id"),
    ("attempts_response", "bench_response_question_id", "question_id"),
    ("flashcards_reviewlog", "bench_reviewlog_user_id", "user_id"),
]


def wal_per_row(cursor, table: str, rows: int) -> tuple[str, str]:
    """Runs STATEMENTS[table]; returns the WAL range it wrote and the table's index count."""
    cursor.execute(
        "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s",
        [table],
    )
    indexes = cursor.fetchone()[0]
    cursor.execute("SELECT pg_current_wal_insert_lsn()")
    start = cursor.fetchone()[0]
    cursor.execute(STATEMENTS[table], [rows])
    cursor.execute("SELECT pg_current_wal_insert_lsn()")
    return (start, cursor.fetchone()[0]), indexes


def wal_stats(cursor, lsns: tuple[str, str], rows: int) -> tuple[float, float]:
    """Index records and WAL bytes per row, in this database only (the WAL is shared by the
    whole server) and without full-page images (they depend on what the last checkpoint
    left, not on the write)."""
    cursor.execute(
        "SELECT count(*) FILTER (WHERE resource_manager = 'Btree'),"
        " coalesce(sum(record_length - fpi_length), 0)"
        " FROM pg_get_wal_records_info(%s, %s)"
        " WHERE block_ref LIKE '%%/' || (SELECT oid FROM pg_database"
        "   WHERE datname = current_database()) || '/%%'",
        list(lsns),
    )
    index_records, size = cursor.fetchone()
    return index_records / rows, float(size) / rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="quizsite_bench")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    from run_load import server_env

    os.environ.update(server_env(args.database))
    import django

    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
    print(f"{'':20} {'now':>30}   {'with the prefix indexes':>30}")
    print(f"{'table':20} {'indexes  index recs  WAL B':>30}   {'indexes  index recs  WAL B':>30}")
    for table in STATEMENTS:
        line = f"{table:20}"
        for undo in (False, True):
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    for name_table, index, column in DROPPED if undo else []:
                        if name_table == table:
                            cursor.execute(f'CREATE INDEX "{index}" ON {table} ("{column}")')
                    lsns, indexes = wal_per_row(cursor, table, args.rows)
                    raise _Rollback
            except _Rollback:
                pass
            with connection.cursor() as cursor:
                # pg_get_wal_stats reads flushed WAL only; a segment switch flushes it.
                cursor.execute("SELECT pg_switch_wal()")
                records, size = wal_stats(cursor, lsns, args.rows)
            line += f" {indexes:7} {records:11.2f} {size:6.0f}   "
        print(line)


class _Rollback(Exception):
    """Leaves the database as it was."""


if __name__ == "__main__":
    main()
