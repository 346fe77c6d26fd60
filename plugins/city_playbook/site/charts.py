"""Geometry for the build-time charts: status bars, roadmap timeline, benefit map, indicator charts.

No chart library renders static, script-free SVG with our accessibility markup and no
outside requests, so the arithmetic is here and the SVG markup lives in templates. Each
chart has a text or table equivalent on the same page.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.model import STATUSES, Indicator, Reading
from ..core.resolve import ChainView, Counts


@dataclass(frozen=True)
class Segment:
    status: str
    x: float
    width: float


def status_bar(counts: Counts) -> list[Segment]:
    """Stacked bar segments on a 0-100 scale, one per non-empty status."""
    total = counts.total or 1
    segments, x = [], 0.0
    for status in STATUSES:
        width = 100 * counts.by_status[status] / total
        if width:
            segments.append(Segment(status, round(x, 3), round(width, 3)))
            x += width
    return segments


# SVG text cannot wrap or measure itself, so lines are wrapped here with a safe upper bound
# of the width of a character of the theme's system sans-serif font (about 0.5 em on
# average, 0.6 em leaves room for bold and wide letters).
CHAR_EM = 0.6


def text_width(text: str, size: float) -> float:
    """An upper estimate of the width of `text` at font size `size`, in user units."""
    return len(text) * size * CHAR_EM


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` in lines that fit `width`; every word is kept (a word longer than a line is split)."""
    return textwrap.wrap(text, max(1, int(width / (size * CHAR_EM)))) or [text]


@dataclass(frozen=True)
class Box:
    """Where a piece of text stands, to keep lines and other text clear of it."""

    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return (self.x < other.x + other.width and other.x < self.x + self.width
                and self.y < other.y + other.height and other.y < self.y + self.height)


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


@dataclass(frozen=True)
class Node:
    id: str
    lines: list[str]
    x: float
    y: float
    width: float
    height: float
    column: int
    ports: dict[int, float]
    """Where each initiative's path meets the node (y, by the initiative's index)."""


@dataclass(frozen=True)
class Route:
    """One initiative's path through the map: its own lane in every gap between columns."""

    index: int
    start: Node
    """The initiative's own node."""
    paths: list[str]
    """One SVG path per gap between columns."""
    through: list[Node]
    """The other nodes it reaches, to be outlined while the path is highlighted."""


@dataclass(frozen=True)
class BenefitMapChart:
    width: int
    height: int
    size: int
    line: int
    nodes: list[Node]
    """Governance changes, outcomes and purposes, which many initiatives share."""
    routes: list[Route]
    columns: list[float]
    gap: float


LANE = 7
"""Space between two initiatives' lanes in a gap, enough for a 3 px highlighted line."""


def benefit_map(chains: Sequence[ChainView], titles: dict[str, str], *, width: int = 760, size: int = 13,
                min_node: int = 130, min_gap: int = 48) -> BenefitMapChart:
    """Four columns (initiatives, changes, outcomes, purposes). Each initiative's path has
    a lane of its own in each gap and a port of its own on each node it reaches, so no
    two paths share a line: every path can be followed, and highlighted on its own."""
    columns: list[list[str]] = [[], [], [], []]
    for chain in chains:
        for column, ids in enumerate([(chain.initiative.id,), chain.changes, chain.outcomes, chain.purposes]):
            columns[column] += [i for i in ids if i not in columns[column]]
    gap = max(min_gap, 28 + LANE * (len(chains) - 1))
    node_width = max(min_node, (width - 3 * gap) / 4)
    width = round(4 * node_width + 3 * gap)
    xs = [round(i * (node_width + gap), 2) for i in range(4)]
    line = round(size * 1.3)
    through: dict[tuple[int, str], list[int]] = {}
    for index, chain in enumerate(chains):
        for column, ids in enumerate([(chain.initiative.id,), chain.changes, chain.outcomes, chain.purposes]):
            for node_id in ids:
                through.setdefault((column, node_id), []).append(index)
    placed: dict[tuple[int, str], Node] = {}
    top = line + 14.0
    for column, column_ids in enumerate(columns):
        y = top
        for node_id in column_ids:
            lines = wrap(titles.get(node_id, node_id), node_width - 16, size)
            users = through[(column, node_id)]
            height = max(12 + line * len(lines), 8 + 8 * len(users))
            ports = {u: round(y + height * (k + 1) / (len(users) + 1), 1) for k, u in enumerate(users)}
            placed[(column, node_id)] = Node(node_id, lines, xs[column], y, node_width, height, column, ports)
            y += height + 12
    routes = []
    for index, chain in enumerate(chains):
        steps = [(chain.initiative.id,), chain.changes, chain.outcomes, chain.purposes]
        paths = []
        for column in range(3):
            lane = round(xs[column] + node_width + 14 + LANE * index, 1)
            ends = [(placed[(column, s)].x + node_width, placed[(column, s)].ports[index]) for s in steps[column]]
            ends += [(placed[(column + 1, t)].x, placed[(column + 1, t)].ports[index]) for t in steps[column + 1]]
            ys = [y for _, y in ends]
            paths.append(" ".join([f"M{lane},{min(ys)}V{max(ys)}", *(f"M{x:.1f},{y}H{lane}" for x, y in ends)]))
        routes.append(Route(index, placed[(0, chain.initiative.id)], paths,
                            [placed[(c, i)] for c in (1, 2, 3) for i in steps[c]]))
    bottom = max(n.y + n.height for n in placed.values()) + 10
    return BenefitMapChart(width, int(bottom), size, line, [n for (c, _), n in placed.items() if c], routes, xs, gap)


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


@dataclass(frozen=True)
class HeatCell:
    status: str
    x: int
    y: int


@dataclass(frozen=True)
class HeatMap:
    width: int
    height: int
    size: int
    cells: list[HeatCell]


def heat_map(statuses: Sequence[str], *, columns: int = 25, size: int = 12, gap: int = 2) -> HeatMap:
    """One square per city, row by row in the order given (the same city order on every
    comparison page, so a city keeps its place from one recommendation to the next)."""
    step = size + gap
    cells = [HeatCell(status, (i % columns) * step, (i // columns) * step) for i, status in enumerate(statuses)]
    rows = max(1, -(-len(statuses) // columns))
    return HeatMap(min(len(statuses), columns) * step or step, rows * step, size, cells)
