"""The benefit map: initiatives, governance changes, outcomes and purposes in four columns,
each initiative's path in its own lane."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...core.resolve import ChainView
from .text import wrap


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
