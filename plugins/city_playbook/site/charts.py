"""Geometry for the build-time charts: status bars, roadmap timeline, benefit map, sparklines.

No chart library renders static, script-free SVG with our accessibility markup and no
outside requests, so the arithmetic is here and the SVG markup lives in templates. Each
chart has a text or table equivalent on the same page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..core.model import STATUSES, Indicator
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


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    y: float
    width: float
    status: str
    start: date
    end: date


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    start: date
    end: date
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    today: float | None


def timeline(phases: Sequence[tuple[str, date, date, str]], today: date, *, width: int = 640,
             row: int = 34, left: int = 0) -> Timeline:
    """Phases (label, start, end, status) placed on a shared time axis, with year ticks."""
    start = min(p[1] for p in phases)
    end = max(p[2] for p in phases)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(left + (width - left) * (day - start).days / span, 2)

    bars = [Bar(label, x(s), 24 + i * row, max(x(e) - x(s), 2.0), status, s, e)
            for i, (label, s, e, status) in enumerate(phases)]
    ticks = [(x(date(y, 1, 1)), str(y)) for y in range(start.year + 1, end.year + 1)]
    now = x(today) if start <= today <= end else None
    return Timeline(width, 24 + len(phases) * row + 8, start, end, bars, ticks, now)


@dataclass(frozen=True)
class Node:
    id: str
    lines: list[str]
    x: float
    y: float
    width: float
    height: float
    column: int


@dataclass(frozen=True)
class Edge:
    path: str
    column: int


@dataclass(frozen=True)
class BenefitMapChart:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    columns: list[float]


def benefit_map(chains: Sequence[ChainView], titles: dict[str, str], *, width: int = 760,
                node_width: int = 172, line: int = 16) -> BenefitMapChart:
    """Four columns (initiatives, changes, outcomes, purposes) joined by curves."""
    columns: list[list[str]] = [[], [], [], []]
    edges_by_id: set[tuple[str, str]] = set()
    for chain in chains:
        steps = [(chain.initiative.id,), chain.changes, chain.outcomes, chain.purposes]
        for column, ids in enumerate(steps):
            for node_id in ids:
                if node_id not in columns[column]:
                    columns[column].append(node_id)
        edges_by_id.update((chain.initiative.id, c) for c in chain.changes)
        edges_by_id.update((c, o) for c in chain.changes for o in chain.outcomes)
        edges_by_id.update((o, p) for o in chain.outcomes for p in chain.purposes)
    gap = (width - 4 * node_width) / 3
    xs = [round(i * (node_width + gap), 2) for i in range(4)]
    nodes: dict[str, Node] = {}
    heights = []
    for column, ids in enumerate(columns):
        y = 30.0
        for node_id in ids:
            lines = textwrap.wrap(titles.get(node_id, node_id), 24)[:3] or [node_id]
            height = 12 + line * len(lines)
            nodes[f"{column}:{node_id}"] = Node(node_id, lines, xs[column], y, node_width, height, column)
            y += height + 14
        heights.append(y)
    edges = []
    for source, target in sorted(edges_by_id):
        for column in range(3):
            a, b = nodes.get(f"{column}:{source}"), nodes.get(f"{column + 1}:{target}")
            if a and b:
                x1, y1 = a.x + a.width, a.y + a.height / 2
                x2, y2 = b.x, b.y + b.height / 2
                mid = (x1 + x2) / 2
                edges.append(Edge(f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} "
                                  f"{x2:.1f},{y2:.1f}", column))
    return BenefitMapChart(width, int(max(heights, default=60)) + 10, list(nodes.values()), edges, xs)


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    actual: str
    points: list[tuple[float, float]]
    target: tuple[float, float]
    baseline: tuple[float, float]
    low: float
    high: float


def sparkline(indicator: Indicator, *, width: int = 240, height: int = 64, pad: int = 8) -> Sparkline:
    """Baseline, actual values and target of an indicator on one small line chart."""
    readings = [indicator.baseline, *indicator.actuals, indicator.target]
    days = [r.date.toordinal() for r in readings]
    values = [r.value for r in readings]
    d0, d1 = min(days), max(days)
    v0, v1 = min(values), max(values)

    def point(day: int, value: float) -> tuple[float, float]:
        px = pad + (width - 2 * pad) * ((day - d0) / (d1 - d0) if d1 > d0 else 0.5)
        py = height - pad - (height - 2 * pad) * ((value - v0) / (v1 - v0) if v1 > v0 else 0.5)
        return round(px, 1), round(py, 1)

    measured = [point(d, v) for d, v in zip(days[:-1], values[:-1], strict=True)]
    return Sparkline(width, height, " ".join(f"{x},{y}" for x, y in measured), measured,
                     point(days[-1], values[-1]), measured[0], v0, v1)


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
