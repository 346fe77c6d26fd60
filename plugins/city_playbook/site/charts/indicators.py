"""An indicator's chart: round axes, its readings, baseline and target."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from ...core.model import Indicator, Reading
from .text import text_width


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round axis values (1, 2 or 5 times a power of ten apart) that cover low..high.

    Written here rather than taken from a plotting library: it is the one piece of one
    we would use, and those libraries draw charts we could not make accessible."""
    if high <= low:
        low, high = low - 1, high + 1
    # Never a step below what a float can add to values this large (up to 10**15).
    raw = max((high - low) / count, max(abs(low), abs(high)) * 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks: list[float] = []
    value = first
    while value < high + step * 0.999 or len(ticks) < 3:
        ticks.append(round(value, 10))
        value = first + step * len(ticks)
    return ticks


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: float
    day: date


@dataclass(frozen=True)
class IndicatorChart:
    """An indicator's baseline, measured values and target on real axes."""

    width: int
    height: int
    size: int
    left: float
    right: float
    top: float
    bottom: float
    y_ticks: list[tuple[float, float]]
    """(y, value) of each horizontal grid line."""
    x_ticks: list[tuple[float, str]]
    """(x, year) of each 1 January, labelled below the axis."""
    measured: list[ChartPoint]
    """The baseline first, then every actual value."""
    target: ChartPoint
    line: str
    above: dict[str, bool]
    """For "baseline", "latest" and "target": whether its label goes above the point, on
    the side away from the line that reaches it."""

    @property
    def latest(self) -> ChartPoint:
        return self.measured[-1]


def indicator_chart(indicator: Indicator, *, width: int = 560, height: int = 230, size: int = 13) -> IndicatorChart:
    """The values of one indicator over time, with a y axis of round numbers and years below."""
    readings = [indicator.baseline, *indicator.actuals, indicator.target]
    values = [r.value for r in readings]
    # Each label goes on the side away from the line that reaches its point.
    rest = values[1:-1] or values[-1:]
    above = {"baseline": rest[0] < values[0], "latest": len(values) < 3 or values[-3] <= values[-2],
             "target": values[0] <= values[-1]}
    labelled = [(values[0], above["baseline"]), (values[-2], above["latest"]), (values[-1], above["target"])]
    ticks = nice_ticks(min(values), max(values))
    top, bottom = size * 2.4, height - size * 3.4
    room = (size + 12) / (bottom - top)  # a label's height, as a share of the plot's
    step = ticks[1] - ticks[0]
    for _ in range(4):  # a label that would run into an axis gets one more step of axis
        span = ticks[-1] - ticks[0]
        below = any(not up and value - ticks[0] < room * span for value, up in labelled)
        over = any(up and ticks[-1] - value < room * span for value, up in labelled)
        if below:
            ticks.insert(0, round(ticks[0] - step, 10))
        if over:
            ticks.append(round(ticks[-1] + step, 10))
    low, high = ticks[0], ticks[-1]
    longest = max(len(f"{t:,g}") for t in ticks) + 1
    left, right = text_width("0" * longest, size) + 8, width - text_width("0" * 8, size)
    d0 = min(r.date for r in readings).toordinal()
    d1 = max(max(r.date for r in readings).toordinal(), d0 + 1)

    def point(reading: Reading) -> ChartPoint:
        px = left + (right - left) * (reading.date.toordinal() - d0) / (d1 - d0)
        py = bottom - (bottom - top) * (reading.value - low) / (high - low)
        return ChartPoint(round(px, 1), round(py, 1), reading.value, reading.date)

    first, last = date.fromordinal(d0), date.fromordinal(d1)
    min_gap = text_width("0000", size) + 6
    x_ticks: list[tuple[float, str]] = []
    for year in range(first.year + 1, last.year + 1):
        px = round(left + (right - left) * (date(year, 1, 1).toordinal() - d0) / (d1 - d0), 1)
        if not x_ticks or px - x_ticks[-1][0] >= min_gap:
            x_ticks.append((px, str(year)))
    measured = [point(r) for r in readings[:-1]]
    y_ticks = [(round(bottom - (bottom - top) * (t - low) / (high - low), 1), t) for t in ticks]
    return IndicatorChart(width, height, size, round(left, 1), round(right, 1), round(top, 1), round(bottom, 1),
                          y_ticks, x_ticks, measured, point(indicator.target),
                          " ".join(f"{p.x},{p.y}" for p in measured), above)
