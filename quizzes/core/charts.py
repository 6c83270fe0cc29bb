"""Geometry of the server-drawn SVG charts: a column per day on a dated axis, and the
dates along a time axis. The templates draw what these compute; no chart library (the
pages carry no JavaScript for charts, and CSP allows no inline style, so every length is
an SVG attribute)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

# The column chart's viewBox: a left margin for the scale, COLUMN units a day, the
# baseline above the date labels. One unit draws about one CSS pixel at phone width.
COLUMN = 10
GAP = 2
LEFT = 26
TOP = 8
BASELINE = 100
HEIGHT = 122


@dataclass(frozen=True)
class Column:
    day: date
    value: int
    x: float
    y: float
    height: float
    width: float = COLUMN - GAP


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str = "start"  # SVG text-anchor: a label near the right edge ends at its tick


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    weeks: list[Tick]  # a tick at each Monday, labelled with its date ("7 Dec")
    top: int  # the scale's largest value (0: no reviews at all)
    width: int
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = BASELINE
    top_y: int = TOP

    @property
    def display_width(self) -> int:
        """The width to draw at, in CSS pixels, when there is room: one and a half per
        unit, so the labels read as 13-14 px and a 14-day chart is half a 30-day one."""
        return self.width * 3 // 2

    @property
    def total(self) -> int:
        return sum(column.value for column in self.columns)

    @property
    def active_days(self) -> int:
        return sum(1 for column in self.columns if column.value)

    @property
    def right(self) -> int:
        return self.width - 2

    @property
    def middle_y(self) -> float:
        return (TOP + BASELINE) / 2

    @property
    def half(self) -> int | None:
        """A middle gridline's value when it is a whole number different from the top."""
        return self.top // 2 if self.top >= 2 and self.top % 2 == 0 else None


def day_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def column_chart(values: list[tuple[date, int]]) -> ColumnChart:
    """Columns for consecutive days, scaled to the largest value, with the weeks marked."""
    top = max((value for _, value in values), default=0)
    span = BASELINE - TOP
    columns = []
    weeks = []
    for i, (day, value) in enumerate(values):
        x = LEFT + i * COLUMN + GAP / 2
        height = round(span * value / top, 1) if top else 0
        if value and height < 1:
            height = 1.0  # a day with reviews never looks like a day without
        columns.append(
            Column(day=day, value=value, x=x, y=round(BASELINE - height, 1), height=height)
        )
        if day.weekday() == 0:
            near_end = len(values) - i < 4  # too little room on the right for "30 Nov"
            anchor = "end" if near_end else "start"
            weeks.append(Tick(x=LEFT + i * COLUMN, label=day_label(day), anchor=anchor))
    return ColumnChart(columns=columns, weeks=weeks, top=top, width=LEFT + COLUMN * len(values) + 4)


def time_ticks(
    start: datetime, end: datetime, *, x0: float, width: float, count: int = 4
) -> list[Tick]:
    """Dates along a time axis from `start` (at x0) to `end` (at x0 + width): `count`
    evenly spaced, each labelled with its day ("7 Dec"), the year added when the axis
    spans more than one; one tick when start and end are the same moment."""
    span = (end - start).total_seconds()
    with_year = start.year != end.year
    fmt = "%-d %b %Y" if with_year else "%-d %b"
    if span <= 0:
        return [Tick(x=round(x0 + width / 2, 1), label=f"{start:{fmt}}")]
    ticks = []
    for i in range(count):
        fraction = i / (count - 1)
        moment = start + timedelta(seconds=span * fraction)
        ticks.append(Tick(x=round(x0 + width * fraction, 1), label=f"{moment:{fmt}}"))
    # Two ticks on one day (an axis of a few days) say the same thing: keep the first.
    unique: list[Tick] = []
    for tick in ticks:
        if not unique or unique[-1].label != tick.label:
            unique.append(tick)
    return unique
