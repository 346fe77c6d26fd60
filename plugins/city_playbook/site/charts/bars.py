"""Status bars and the portfolio's heat map: one shape per status or per city."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...core.model import STATUSES
from ...core.resolve import Counts


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
