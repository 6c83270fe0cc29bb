"""Percentages shown as whole numbers, rounded half up everywhere.

Templates use `floatformat:0`, which rounds half up (38.5 → 39); Python's format rounds
half to even (f"{38.5:.0f}" is "38"). Pages rendered in Python use this helper so a
student's 38.5% reads the same on the gradebook, the class progress page and My progress.
"""

import math


def whole_percent(value: float) -> str:
    """`value` (0–100) as a whole number, half up, without the % sign."""
    return str(math.floor(value + 0.5))


def minutes(n: int) -> str:
    """ "1 minute", "5 minutes": a count of minutes as a sentence says it."""
    return f"{n} minute" if n == 1 else f"{n} minutes"
