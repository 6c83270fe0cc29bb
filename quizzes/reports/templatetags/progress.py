"""The score history's points and table rows and the activity heat map, rendered in Python:
a long history through the template engine took most of "My progress"'s time budget, and
the heat map's cells a good share of the page's rendering (docs/performance.md)."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from quizzes.core.formatting import whole_percent
from quizzes.reports.progress_selectors import PLOT, Activity, HeatDay, History, plot_y

register = template.Library()


def _titles(history: History) -> dict[str, SafeString]:
    """Each set's title escaped once (a history has a few sets and many points)."""
    return {title: escape(title) for title in {p.set_title for p in history.points}}


@register.simple_tag
def score_points(history: History) -> SafeString:
    """One SVG circle per attempt, its <title> naming the set, score and time."""
    titles = _titles(history)
    return format_html_join(
        "",
        '<circle class="s{}" cx="{}" cy="{}" r="4"><title>{}: {}% on {}</title></circle>',
        (
            (
                p.series,
                f"{p.x:.1f}",
                f"{p.y:.1f}",
                titles[p.set_title],
                whole_percent(p.percent),
                p.when,
            )
            for p in history.points
        ),
    )


@register.simple_tag
def score_axes(history: History) -> SafeString:
    """Gridlines at 0, 25, 50, 75 and 100% (labelled every 50), and the dates along the
    bottom with a tick each."""
    left, top, width, height = PLOT
    right, bottom = left + width, top + height
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}"/>{}',
        (
            (
                left,
                plot_y(v),
                right,
                plot_y(v),
                format_html(
                    '<text x="{}" y="{}" text-anchor="end">{}%</text>', left - 4, plot_y(v) + 4, v
                )
                if v % 50 == 0
                else "",
            )
            for v in (0, 25, 50, 75, 100)
        ),
    )
    last = len(history.axis) - 1
    dates = format_html_join(
        "",
        '<line class="tick" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text x="{}" y="{}" text-anchor="{}">{}</text>',
        (
            (
                t.x,
                bottom,
                t.x,
                bottom + 4,
                t.x,
                bottom + 18,
                "start" if i == 0 and last else "end" if i == last and last else "middle",
                t.label,
            )
            for i, t in enumerate(history.axis)
        ),
    )
    return format_html('<g class="grid">{}</g><g class="dates">{}</g>', grid, dates)


@register.simple_tag
def score_line(history: History) -> SafeString:
    """The attempts joined in time order: the score's course, drawn under the points."""
    if len(history.points) < 2:
        return SafeString("")
    coordinates = " ".join(f"{p.x:.1f},{p.y:.1f}" for p in history.points)
    return format_html('<polyline class="line" points="{}"/>', coordinates)


@register.simple_tag
def score_rows(history: History) -> SafeString:
    """The same attempts as table rows, each linking to its result page."""
    base = reverse("attempt_result", args=[0]).replace("/0/", "/{}/")
    titles = _titles(history)
    return format_html_join(
        "",
        '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}%</td></tr>',
        (
            (p.when, base.format(p.attempt_id), titles[p.set_title], whole_percent(p.percent))
            for p in history.points
        ),
    )


@register.simple_tag
def heatmap_rows(activity: Activity) -> SafeString:
    """Seven rows (Monday..Sunday) of a cell per week: shaded by level, the count inside
    for screen readers only."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        ((date_format(row[0].day, "D"), _heat_cells(row)) for row in activity.rows),
    )


def _heat_cells(row: list[HeatDay]) -> SafeString:
    return format_html_join(
        "",
        '<td class="level-{}{}" title="{}: {}">{}</td>',
        (
            (
                c.level,
                " future" if c.future else "",
                c.day.isoformat(),
                c.count,
                # The count is for screen readers and the table's readers without CSS;
                # the eye reads the shade (the legend says what it means).
                "" if c.future else format_html('<span class="visually-hidden">{}</span>', c.count),
            )
            for c in row
        ),
    )
