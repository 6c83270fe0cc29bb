from django import template

register = template.Library()


@register.filter
def ordinal_place(number) -> str:
    """1 → "1st", 2 → "2nd", 11 → "11th": a place on the leaderboard."""
    try:
        n = int(number)
    except (TypeError, ValueError):
        return ""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
