"""The roadmap's timeline: phases on a shared time axis, a label for every year, and a
today line that crosses no label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .text import Box, text_width, wrap


@dataclass(frozen=True)
class PhaseMark:
    """What the timeline needs of a phase: its name, dates, status, and whether it ended unfinished."""

    title: str
    start: date
    end: date
    status: str
    late: bool


@dataclass(frozen=True)
class Bar:
    phase: PhaseMark
    x: float
    y: float
    width: float
    height: float
    lines: list[str]
    """The phase's title, wrapped; the status line follows it."""
    label_x: float
    label_y: float
    """Baseline of the first line."""
    label: Box


@dataclass(frozen=True)
class YearLabel:
    text: str
    x: float
    """Middle of the text (text-anchor: middle)."""
    box: Box


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    size: int
    line: int
    left: float
    """Where the time axis begins."""
    start: date
    end: date
    bars: list[Bar]
    boundaries: list[tuple[float, list[tuple[float, float]]]]
    """x of each 1 January inside the span, with the pieces (y1, y2) of its line."""
    years: list[YearLabel]
    axis: float
    """y of the line under the year labels."""
    today: float | None
    today_segments: list[tuple[float, float]]
    """Pieces (y1, y2) of the today line: it never crosses a label."""
    today_label: Box | None
    today_anchor: str


def clear_of(x: float, top: float, bottom: float, boxes: Sequence[Box], margin: float = 3) -> list[tuple[float, float]]:
    """The pieces (y1, y2) of a vertical line at `x` from `top` to `bottom` that cross none of `boxes`."""
    blocked = sorted((b.y - margin, b.y + b.height + margin) for b in boxes
                     if b.x - margin <= x <= b.x + b.width + margin)
    pieces = []
    for y1, y2 in blocked:
        if y1 > top:
            pieces.append((round(top, 2), round(min(y1, bottom), 2)))
        top = max(top, y2)
    if top < bottom:
        pieces.append((round(top, 2), round(bottom, 2)))
    return pieces


def timeline(phases: Sequence[PhaseMark], today: date, today_text: str, *, width: int = 700,
             label_width: int = 190, size: int = 14, bar: int = 28) -> Timeline:
    """Phases on a shared time axis with a label for every year.

    With `label_width`, each phase's name and status stand in a column left of the bars
    (wide screens); with 0, above its bar across the whole width (phones). Either way the
    today line is drawn only where no label is."""
    line = round(size * 1.3)
    start = min(p.start for p in phases)
    end = max(p.end for p in phases) + timedelta(days=1)  # the last day is a whole day
    span = max((end - start).days, 1)
    left = label_width + 10 if label_width else 0

    def x(day: date) -> float:
        return round(left + (width - left) * (day - start).days / span, 2)

    axis = line + 6
    years = []
    for year in range(start.year, end.year + 1):
        a, b = x(max(start, date(year, 1, 1))), x(min(end, date(year + 1, 1, 1)))
        if b <= a:
            continue
        w = text_width(str(year), size)
        middle = min(max((a + b) / 2, left + w / 2), width - w / 2)
        years.append(YearLabel(str(year), round(middle, 2), Box(middle - w / 2, axis - line, w, line)))
    boundaries = [x(date(y, 1, 1)) for y in range(start.year + 1, end.year + 1) if start < date(y, 1, 1) < end]

    bars, y = [], axis + 10.0
    for phase in phases:
        lines = wrap(phase.title, label_width or width, size)
        text_height = line * (len(lines) + 1)  # the title, then its status
        label_w = max(text_width(t, size) for t in [*lines, "x" * 24])
        if label_width:
            row = max(text_height, bar) + 14
            bar_y = y + (row - bar) / 2
            box = Box(0, y + 7, min(label_w, label_width), text_height)
        else:
            row = text_height + bar + 18
            bar_y = y + text_height + 10
            box = Box(0, y + 6, min(label_w, width), text_height)
        bx = x(phase.start)
        bars.append(Bar(phase, bx, round(bar_y, 2), max(x(phase.end + timedelta(days=1)) - bx, 2.0), bar, lines,
                        box.x, round(box.y + line - 4, 2), box))
        y += row
    bottom = y + line + 8  # a row under the bars for the today label
    now = x(today) if start <= today < end else None
    labels = [b.label for b in bars]
    segments: list[tuple[float, float]] = []
    today_box, anchor = None, "start"
    if now is not None:
        segments = clear_of(now, axis, y, labels)
        w = text_width(today_text, size)
        anchor = "end" if now > (left + width) / 2 else "start"
        today_box = Box(now - w - 4 if anchor == "end" else now + 4, y + 4, w, line)
    crossings = [(b, clear_of(b, axis - line, bottom, labels + ([today_box] if today_box else []))) for b in boundaries]
    return Timeline(width, int(bottom), size, line, left, start, end - timedelta(days=1), bars, crossings, years,
                    axis, now, segments, today_box, anchor)
