"""The gradebook's cells, rendered in Python: a 300 × 40 grid is 12,000 cells, and the
template engine alone would spend most of the page's time budget on them."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quizzes.core.formatting import whole_percent

register = template.Library()


@register.simple_tag
def gradebook_cells(row) -> SafeString:
    parts = []
    for cell in row.cells:
        score = "" if cell.score is None else f"{whole_percent(cell.score)}% "
        parts.append(
            f'<td class="cell-{cell.status}">{score}'
            f'<span class="cell-status">{escape(cell.label)}</span></td>'
        )
    return mark_safe("".join(parts))
