"""The gradebook's cells, rendered in Python: a 300 × 40 grid is 12,000 cells, and the
template engine alone would spend most of the page's time budget on them. A grid repeats
few distinct cells (a status and a whole percent), so each is built once."""

import functools

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from quizzes.classes.selectors import AssignmentStatus
from quizzes.core.formatting import whole_percent
from quizzes.reports.selectors import GradebookRow

register = template.Library()


@functools.lru_cache(maxsize=1024)
def _cell(status: str, percent: str | None) -> SafeString:
    return format_html(
        '<td class="cell-{}">{}<span class="cell-status">{}</span></td>',
        status,
        "" if percent is None else f"{percent}% ",
        AssignmentStatus.LABELS[status],
    )


@register.simple_tag
def gradebook_cells(row: GradebookRow) -> SafeString:
    return format_html_join(
        "",
        "{}",
        (
            (_cell(cell.status, None if cell.score is None else whole_percent(cell.score)),)
            for cell in row.cells
        ),
    )
