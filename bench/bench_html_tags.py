"""The report tags that build HTML in Python (format_html_join), at the sizes of the
targets: the gradebook's 300 × 40 cells, a score history of 2,000 attempts (the chart's
points and the table's rows) and the 12-week heat map. CPU time per call, best of 7, so
the figure holds on a busy machine.

    DEBUG=1 .venv/bin/python bench/bench_html_tags.py
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

import _setup  # noqa: F401  # configures Django first

from quizzes.classes.selectors import AssignmentStatus
from quizzes.reports.progress_selectors import Activity, HeatDay, History, Point, Trend
from quizzes.reports.selectors import Cell, GradebookRow
from quizzes.reports.templatetags.gradebook import gradebook_cells
from quizzes.reports.templatetags.progress import heatmap_rows, score_points, score_rows

STUDENTS, ASSIGNMENTS, ATTEMPTS = 300, 40, 2000


def best_cpu_ms(fn, runs: int = 7) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return min(samples) * 1000


def main() -> None:
    rnd = random.Random(1)
    statuses = list(AssignmentStatus.LABELS)
    rows = [
        GradebookRow(
            student=None,  # the tag reads only the cells
            cells=[
                Cell(
                    status=rnd.choice(statuses),
                    score=rnd.choice([None, rnd.random() * 100]),
                    attempts=1,
                )
                for _ in range(ASSIGNMENTS)
            ],
        )
        for _ in range(STUDENTS)
    ]
    titles = ["NATO's founding", "Article 5 & <collective> defence", "Enlargement"]
    points = [
        Point(
            attempt_id=i + 1,
            submitted_at=datetime(2026, 1, 1, tzinfo=UTC),
            percent=rnd.random() * 100,
            set_title=rnd.choice(titles),
            x=rnd.random() * 600,
            y=rnd.random() * 200,
            series=i % 3,
            when="2026-12-07 10:00",
        )
        for i in range(ATTEMPTS)
    ]
    history = History(points=points, trend=Trend(per_week=None), daily={})
    first = date(2026, 9, 14)
    weeks = [
        [
            HeatDay(
                day=first + timedelta(days=7 * w + d),
                count=rnd.randint(0, 9),
                level=rnd.randint(0, 4),
                future=w == 11 and d > 3,
            )
            for d in range(7)
        ]
        for w in range(12)
    ]
    activity = Activity(streak=3, active_days=40, weeks=weeks)
    for label, fn in [
        (
            f"gradebook_cells, {STUDENTS} × {ASSIGNMENTS}",
            lambda: [gradebook_cells(r) for r in rows],
        ),
        (f"score_points, {ATTEMPTS} attempts", lambda: score_points(history)),
        (f"score_rows, {ATTEMPTS} attempts", lambda: score_rows(history)),
        ("heatmap_rows, 12 weeks", lambda: heatmap_rows(activity)),
    ]:
        print(f"{label}: {best_cpu_ms(fn):.1f} ms of CPU")


if __name__ == "__main__":
    main()
