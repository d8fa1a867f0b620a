"""Small horizontal bar charts drawn on the server as SVG (no chart JavaScript).

Each bar has its label above it and its value at its end, so the chart reads at phone width;
geometry is computed here and the template only writes the numbers out. The chart is always
shown next to a table with the same values, and carries a title and a description of its own
(``role="img"`` with ``aria-labelledby``), so it is never the only way to read the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 400  # viewBox units; the SVG scales to its container
BAR_SPACE = 270  # the longest bar; the rest of the width is for its value
ROW = 40  # label line plus bar
BAR_HEIGHT = 14
TOP = 4


@dataclass(frozen=True)
class Bar:
    """One bar; ``top`` places its group, the other numbers are relative to it."""

    label: str
    value_text: str
    top: int
    width: int
    value_x: int
    css: str = ""


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = 0


def format_amount(value: Decimal | float | int) -> str:
    """1000 → "1,000"; 2.40 → "2.4"; 0.00 → "0"."""
    number = Decimal(value).normalize()
    if number == number.to_integral():
        return f"{int(number):,}"
    return f"{number:,f}"


def summary(items: list[tuple[str, Decimal, str]]) -> str:
    """A short text alternative: the highest and lowest bars (the table beside the chart
    has every value)."""
    if not items:
        return "No values."
    high = max(items, key=lambda item: item[1])
    low = min(items, key=lambda item: item[1])
    if high is low:
        return f"One bar: {high[0]}, {high[2]}."
    return (
        f"{len(items)} bars. Highest: {high[0]}, {high[2]}. Lowest: {low[0]}, {low[2]}. "
        "Every value is in the table."
    )


def bar_chart(
    chart_id: str,
    title: str,
    items: list[tuple[str, Decimal, str]],
    css: list[str] | None = None,
) -> BarChart:
    """A chart of ``(label, value, value_text)`` items in the order given.

    Bars are scaled to the largest value; a value of 0 draws no bar but keeps its label and
    its "0" so a food with none of the nutrient still shows.
    """
    largest = max((value for _, value, _ in items), default=Decimal(0)) or Decimal(1)
    bars = []
    for i, (label, value, value_text) in enumerate(items):
        top = TOP + i * ROW
        width = round(BAR_SPACE * float(value) / float(largest))
        bars.append(
            Bar(
                label=label,
                value_text=value_text,
                top=top,
                width=width,
                value_x=width + 6,
                css=(css[i] if css else ""),
            )
        )
    description = summary(items)
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        bars=tuple(bars),
        height=TOP * 2 + ROW * len(items),
    )
