"""The report tags build their HTML with format_html: what a user typed (a set's title)
arrives escaped, the markup around it does not, and a grid's repeated cells read alike."""

from datetime import UTC, date, datetime, timedelta

from django.urls import reverse

from quizzes.reports.progress_selectors import Activity, HeatDay, History, Point, Trend
from quizzes.reports.selectors import Cell, GradebookRow
from quizzes.reports.templatetags.gradebook import gradebook_cells
from quizzes.reports.templatetags.progress import heatmap_rows, score_points, score_rows

HOSTILE = 'Set <script>alert("x")</script> & co'
ESCAPED = "Set &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


def history() -> History:
    point = Point(
        attempt_id=7,
        submitted_at=datetime(2026, 12, 7, tzinfo=UTC),
        percent=62.5,
        set_title=HOSTILE,
        x=12.34,
        y=56.78,
        series=2,
        when="2026-12-07 10:00",
    )
    return History(points=[point], trend=Trend(per_week=None), daily={})


def test_score_points_and_rows_escape_the_set_title():
    points, rows = score_points(history()), score_rows(history())
    assert points == (
        '<circle class="s2" cx="12.3" cy="56.8" r="4">'
        f"<title>{ESCAPED}: 63% on 2026-12-07 10:00</title></circle>"
    )
    assert rows == (
        f'<tr><td>2026-12-07 10:00</td><td><a href="{reverse("attempt_result", args=[7])}">'
        f"{ESCAPED}</a></td><td>63%</td></tr>"
    )
    assert "<script>" not in points + rows


def test_gradebook_cells_repeat_alike_and_say_their_status():
    row = GradebookRow(
        student=None,  # the tag reads only the cells
        cells=[
            Cell(status="submitted", score=62.5, attempts=1),
            Cell(status="not_started", score=None, attempts=0),
            Cell(status="submitted", score=62.5, attempts=2),
        ],
    )
    html = gradebook_cells(row)
    submitted = '<td class="cell-submitted">63% <span class="cell-status">Submitted</span></td>'
    assert html == (
        submitted
        + '<td class="cell-not_started"><span class="cell-status">Not started</span></td>'
        + submitted
    )


def test_heatmap_rows_mark_future_days_without_a_count():
    monday = date(2026, 11, 30)
    week = [
        HeatDay(day=monday + timedelta(days=i), count=i, level=min(i, 4), future=i > 4)
        for i in range(7)
    ]
    html = heatmap_rows(Activity(streak=0, active_days=4, weeks=[week]))
    assert html.startswith(
        '<tr><th scope="row">Mon</th><td class="level-0" title="2026-11-30: 0">'
        '<span class="visually-hidden">0</span></td></tr>'  # no visible "0" in every cell
    )
    assert '<td class="level-4 future" title="2026-12-05: 5"></td>' in html
    assert html.count("<tr>") == 7
