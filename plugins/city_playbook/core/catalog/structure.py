"""The loaded catalog as one value (Catalog), and the standard's structure as its
standard.yml gives it: the parts in order, their groups, pages and feature pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..language import DEFAULT
from ..model import (
    BenefitMap,
    CatalogRecommendation,
    Component,
    Group,
    Part,
    PrincipleSet,
    RiskChecklist,
    Standard,
)


@dataclass
class Catalog:
    root: Path
    standard: Standard
    parts: dict[str, Part]
    benefit_map: BenefitMap
    principles: PrincipleSet
    risks: RiskChecklist
    language: str = DEFAULT
    untranslated: frozenset[str] = frozenset()
    """Texts shown in English because the catalog has none in `language`."""
    warnings: list[Diagnostic] = field(default_factory=list)
    recommendations: dict[str, CatalogRecommendation] = field(init=False)
    group_of: dict[str, Group] = field(init=False)
    page_of: dict[str, str] = field(init=False)
    """The page of each part that is a component by itself (A: principles), as standard.yml names it."""
    part_ids: list[str] = field(init=False)
    """Every part in the standard's order, as standard.yml lists them."""
    features_of: dict[str, list[str]] = field(init=False)
    """The city's pages (standard.yml's `features`) that belong to each part: B7 -> [roadmap]."""

    def __post_init__(self) -> None:
        self.part_ids = part_order(self.standard)
        self.recommendations = {r.id: r for p in self.parts.values() for r in p.recommendations}
        self.group_of = {pid: g for c in self.standard.components for g in c.groups for pid in g.parts}
        self.page_of = {c.id: c.page for c in self.standard.components if c.page and not c.groups}
        self.features_of = {}
        for feature, pid in self.standard.features:
            self.features_of.setdefault(pid, []).append(feature)

    def ordered_parts(self) -> list[Part]:
        return [self.parts[pid] for pid in self.part_ids if pid in self.parts]

    def part_ranges(self) -> str:
        """The part ids for a message, a component at a time: "A, B1-B14, C1-C3, D"."""
        return ", ".join(ids[0] if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"
                         for ids in (parts_of(c) for c in self.standard.components))


def parts_of(component: Component) -> list[str]:
    """A component's parts: those of its groups, or the component itself when it has none (A, D)."""
    return [pid for g in component.groups for pid in g.parts] or [component.id]


def part_order(standard: Standard) -> list[str]:
    """The parts in the order standard.yml gives them: the catalog, not the code, says which
    parts the standard has (it can be replaced with `--catalog`)."""
    return [pid for c in standard.components for pid in parts_of(c)]
