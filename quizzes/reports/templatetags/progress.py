"""The score history's points and table rows and the activity heat map, rendered in Python:
a long history through the template engine took most of "My progress"'s time budget, and
the heat map's cells a good share of the page's rendering (docs/performance.md)."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quizzes.core.formatting import whole_percent

register = template.Library()


def _titles(history) -> dict[str, str]:
    """Each set's title escaped once (a history has a few sets and many points)."""
    return {title: escape(title) for title in {p.set_title for p in history.points}}


@register.simple_tag
def score_points(history) -> SafeString:
    """One SVG circle per attempt, its <title> naming the set, score and time."""
    titles = _titles(history)
    return mark_safe(
        "".join(
            f'<circle class="s{p.series}" cx="{p.x:.1f}" cy="{p.y:.1f}" r="3">'
            f"<title>{titles[p.set_title]}: {whole_percent(p.percent)}% on {p.when}</title>"
            "</circle>"
            for p in history.points
        )
    )


@register.simple_tag
def score_rows(history) -> SafeString:
    """The same attempts as table rows, each linking to its result page."""
    base = reverse("attempt_result", args=[0]).replace("/0/", "/{}/")
    titles = _titles(history)
    return mark_safe(
        "".join(
            f'<tr><td>{p.when}</td><td><a href="{base.format(p.attempt_id)}">'
            f"{titles[p.set_title]}</a></td><td>{whole_percent(p.percent)}%</td></tr>"
            for p in history.points
        )
    )


@register.simple_tag
def heatmap_rows(activity) -> SafeString:
    """Seven rows (Monday..Sunday) of a cell per week: shaded by level, the count inside."""
    rows = []
    for row in activity.rows:
        cells = "".join(
            f'<td class="level-{c.level} future" title="{c.day.isoformat()}: {c.count}"></td>'
            if c.future
            else f'<td class="level-{c.level}" title="{c.day.isoformat()}: {c.count}">'
            f'<span class="count">{c.count}</span></td>'
            for c in row
        )
        rows.append(f'<tr><th scope="row">{date_format(row[0].day, "D")}</th>{cells}</tr>')
    return mark_safe("".join(rows))
