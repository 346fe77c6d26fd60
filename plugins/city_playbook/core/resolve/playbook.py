"""The Playbook: the catalog tailored by one city, with every figure the site shows
computed from it once, so that templates only lay things out."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from markdown.extensions.toc import slugify_unicode

from ..catalog import Catalog
from ..changes import Change, Timeline
from ..city import City
from ..model import STATUSES, Cell, Indicator, Phase, Status
from .rules import overall_status, review_overdue, risk_level
from .views import (
    ChainView,
    Counts,
    Item,
    OwnerView,
    PartView,
    PrincipleView,
    ProgressRow,
    RiskCell,
    RiskRow,
    RiskView,
    RoadmapEntry,
)


@dataclass
class Playbook:
    catalog: Catalog
    city: City
    today: date
    parts: dict[str, PartView]
    principles: list[PrincipleView]
    chains: list[ChainView]
    review_cutoff: date
    """Anything last reviewed before this date is shown as 'review overdue'."""
    as_of: str = "build"
    """What `today` is: "commit" (the city's last published change) or "build" (history.Basis)."""
    timeline: Timeline = field(default_factory=Timeline)

    def changes_since_review(self) -> list[Change]:
        """Newest first: what was published on or after the whole playbook's last review (none
        when it has not been reviewed)."""
        reviewed = self.city.profile.reviewed
        return self.timeline.between(reviewed) if reviewed else []

    def changes_before_review(self) -> list[Change]:
        """Newest first: the rest of the last twelve months (all of them, with no review)."""
        return self.timeline.between(self.today - timedelta(days=365), self.city.profile.reviewed)

    @property
    def items(self) -> list[Item]:
        return [i for p in self.parts.values() for i in p.items]

    @property
    def counts(self) -> Counts:
        return Counts.of(self.items)

    def counts_for(self, part_ids: Iterable[str]) -> Counts:
        return Counts.of(i for pid in part_ids for i in self.parts[pid].items)

    @cached_property
    def untranslated(self) -> dict[str, str]:
        """Texts shown in another language than the page's, with the language they are in:
        the catalog's English where it has no translation, the city's default language
        where the city has not translated a text."""
        default = self.city.profile.site_languages[0]
        return {**dict.fromkeys(self.catalog.untranslated, "en"), **dict.fromkeys(self.city.untranslated, default)}

    def item(self, item_id: str) -> Item | None:
        return self._items_by_id.get(item_id)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        """An index, so that the roadmap's lookups stay linear as a city grows."""
        return {i.id: i for p in self.parts.values() for i in p.items}

    @property
    def stale_items(self) -> list[Item]:
        return [i for i in self.items if i.stale]

    @property
    def late_items(self) -> list[Item]:
        """Commitments past their due date and not done, the longest overdue first."""
        return sorted((i for i in self.items if i.overdue), key=lambda i: (i.due, i.id))

    @property
    def items_by_status(self) -> dict[str, list[Item]]:
        """Every item under its status, in the order of STATUSES and of the parts."""
        found: dict[str, list[Item]] = {s: [] for s in STATUSES}
        for item in self.items:
            found[item.status].append(item)
        return found

    @cached_property
    def owners(self) -> list[OwnerView]:
        """Every owner named by a commitment, alphabetically, then the items that name none.
        Anchors come from the name (Markdown's own slug rule), so a link to "what is mine"
        survives other owners being added; two names with one slug are numbered."""
        by_owner: dict[str | None, list[Item]] = {}
        for item in self.items:
            by_owner.setdefault(item.owner, []).append(item)
        names = sorted((o for o in by_owner if o is not None), key=lambda o: (o.casefold(), o))
        views: list[OwnerView] = []
        taken: set[str] = set()
        for owner in [*names, None] if None in by_owner else names:
            base = "owner-" + (slugify_unicode(owner, "-") if owner else "none")
            slug = next(f"{base}-{n}" if n else base for n in range(len(taken) + 1)
                        if (f"{base}-{n}" if n else base) not in taken)
            taken.add(slug)
            views.append(OwnerView(owner, slug, by_owner[owner]))
        return views

    @cached_property
    def progress_rows(self) -> list[ProgressRow]:
        """The whole playbook, then each component in the catalog's order: a component with
        groups as each group followed by its parts, any other as its one part."""
        rows = [ProgressRow("all", "", None, self.counts)]
        for component in self.catalog.standard.components:
            if not component.groups:
                rows.append(self._part_row(component.id))
            for group in component.groups:
                rows.append(ProgressRow("group", group.title, None, self.counts_for(group.parts)))
                rows += [self._part_row(pid) for pid in group.parts]
        return rows

    def _part_row(self, pid: str) -> ProgressRow:
        view = self.parts[pid]
        return ProgressRow("part", f"{pid} {view.part.title}", pid, view.counts)

    @cached_property
    def risks(self) -> list[RiskView]:
        """The register in the order of the file (the open data keeps it)."""
        return [RiskView(r, r.impact * r.likelihood, risk_level(r.impact * r.likelihood),
                         r.status != "closed" and review_overdue(r.reviewed, self.review_cutoff))
                for r in (self.city.risks.risks if self.city.risks else ())]

    @property
    def risks_by_score(self) -> list[RiskView]:
        """The register as residents read it: highest score first, the file's order among equals."""
        return sorted(self.risks, key=lambda v: -v.score)

    def roadmap_items(self, phase: Phase) -> list[RoadmapEntry]:
        entries = []
        for entry in phase.items:
            item = self.item(entry.recommendation) if entry.recommendation else None
            status = entry.status or (item.status if item else "planned")
            entries.append(RoadmapEntry(entry.title or (item.text if item else ""), status, item))
        return entries

    def phase_status(self, phase: Phase) -> Status:
        """A phase's status is its items' (not a key of its own, so it cannot disagree with them)."""
        return overall_status(e.status for e in self.roadmap_items(phase))

    def phase_late(self, phase: Phase) -> bool:
        """The phase's last day has passed and what it delivers is not all done."""
        return phase.end < self.today and self.phase_status(phase) not in ("done", "not-applicable")

    def benefit_titles(self) -> dict[str, str]:
        """Titles of everything that can stand on the benefit map, by id."""
        bmap = self.catalog.benefit_map
        titles = {c.id: c.title for c in bmap.changes} | {o.id: o.title for o in bmap.outcomes}
        titles |= {p.id: p.title for p in self.catalog.standard.purposes}
        return titles | {i.initiative.id: i.initiative.title for i in self.chains}

    def interop_cells(self) -> dict[tuple[str, str], Cell]:
        matrix = self.city.interoperability
        return {(c.row, c.column): c for c in matrix.cells} if matrix else {}

    def axis_title(self, axis_id: str) -> str:
        matrix = self.city.interoperability
        axes = [*matrix.rows, *matrix.columns] if matrix else []
        return next((a.title for a in axes if a.id == axis_id), axis_id)

    def risk_grid(self) -> list[RiskRow]:
        """Risks by impact (rows, 5 at the top) and likelihood (columns, 1 to 5), each cell
        with its level."""
        found: dict[tuple[int, int], list[RiskView]] = {}
        for view in self.risks:
            found.setdefault((view.risk.impact, view.risk.likelihood), []).append(view)
        return [RiskRow(impact, [RiskCell(risk_level(impact * likelihood), found.get((impact, likelihood), []))
                                 for likelihood in range(1, 6)])
                for impact in range(5, 0, -1)]

    def indicator_progress(self, indicator: Indicator) -> int | None:
        """Share of the way from baseline to target that the latest actual has come, in %."""
        if not indicator.actuals or indicator.target.value == indicator.baseline.value:
            return None
        span = indicator.target.value - indicator.baseline.value
        share = 100 * (indicator.actuals[-1].value - indicator.baseline.value) / span
        # A target a hair's breadth from the baseline gives absurd (even infinite) shares;
        # beyond ten times the way, the figure says nothing a reader can use.
        return round(share) if math.isfinite(share) and abs(share) <= 1000 else None
