"""Tailoring: the city's choices applied to the catalog, giving one Playbook to render.

This is the "resolved profile" step of NIST OSCAL: every item carries its provenance
(the standard, the project's guidance, or the city) and its status, and every figure the
site shows (counts, stale flags, the benefit chain, the risk grid) is computed here once,
so templates only lay things out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Literal

from markdown.extensions.toc import slugify_unicode

from .catalog import Catalog
from .changes import Change, Timeline
from .city import City
from .ids import anchor
from .model import (
    STATUSES,
    Cell,
    Component,
    Evidence,
    Group,
    Indicator,
    Initiative,
    Part,
    PartStatement,
    Phase,
    Risk,
    Status,
)

Provenance = Literal["standard", "guidance", "city"]
PrincipleStatus = Literal["adopted", "adapted", "added", "not-adopted", "undecided"]
RiskLevel = Literal["high", "medium", "low"]


@dataclass(frozen=True)
class Item:
    id: str
    part: str
    text: str
    provenance: Provenance
    status: Status
    recorded: bool
    owner: str | None = None
    due: date | None = None
    reviewed: date | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    reason: str | None = None
    stale: bool = False
    overdue: bool = False
    history: tuple[Change, ...] = ()
    """Each published change of its status, due date and owner, oldest first."""
    since: date | None = None
    """When its current status was published, if the history says."""

    @property
    def anchor(self) -> str:
        return anchor(self.id)

    @property
    def flags(self) -> tuple[str, ...]:
        """Notes shown beside the status (keys of `flag` in the strings), in one place, so that
        the visible tags and the status icon's accessible name always say the same."""
        found = (("no-entry", not self.recorded), ("past-due", self.overdue), ("review-overdue", self.stale))
        return tuple(key for key, on in found if on)


@dataclass
class Counts:
    """How many items have each status; `done_share` excludes not-applicable items."""

    by_status: dict[str, int]

    @classmethod
    def of(cls, items: Iterable[Item]) -> Counts:
        return cls.of_statuses(i.status for i in items)

    @classmethod
    def of_statuses(cls, statuses: Iterable[str]) -> Counts:
        found = Counter(statuses)
        return cls({s: found.get(s, 0) for s in STATUSES})

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def applicable(self) -> int:
        return self.total - self.by_status["not-applicable"]

    @property
    def done_percent(self) -> int:
        """Rounded down, so that 199 of 200 is never shown as 100%."""
        return 100 * self.by_status["done"] // self.applicable if self.applicable else 0


@dataclass
class PartView:
    part: Part
    component: Component
    group: Group | None
    items: list[Item]
    statement: PartStatement | None
    linkages: list[Part]

    @property
    def id(self) -> str:
        return self.part.id

    @property
    def counts(self) -> Counts:
        return Counts.of(self.items)


@dataclass(frozen=True)
class PrincipleView:
    id: str
    group: str
    title: str
    text: str
    status: PrincipleStatus
    catalog_text: str | None = None
    reason: str | None = None
    agreed: date | None = None


@dataclass(frozen=True)
class ChainView:
    """One initiative traced through governance changes and outcomes to the purposes."""

    initiative: Initiative
    changes: tuple[str, ...]
    outcomes: tuple[str, ...]
    purposes: tuple[str, ...]


@dataclass(frozen=True)
class RiskView:
    """A risk with what the register shows beside it, decided here once for the pages and
    the open data: its score (impact x likelihood), level and whether its review is overdue."""

    risk: Risk
    score: int
    level: RiskLevel
    stale: bool


@dataclass(frozen=True)
class ProgressRow:
    """One row of the progress figures: the whole ("all"), a group of parts, or one entry
    (a part; in a portfolio a recommendation), whose id `part` the row links to."""

    kind: str  # all | group | part
    label: str
    part: str | None
    counts: Counts


@dataclass(frozen=True)
class OwnerView:
    """The commitments one role or body answers for (`owner` None: those that name nobody),
    with the page anchor residents and officers link to."""

    owner: str | None
    slug: str
    items: list[Item]


@dataclass(frozen=True)
class RoadmapEntry:
    title: str
    status: Status
    item: Item | None


@dataclass(frozen=True)
class RiskCell:
    level: RiskLevel
    risks: list[RiskView]


@dataclass(frozen=True)
class RiskRow:
    impact: int
    cells: list[RiskCell]


def review_overdue(reviewed: date | None, cutoff: date) -> bool:
    """The one rule for 'review overdue' (items and risks): last reviewed before the cutoff,
    the start of the city's review cycle. Never reviewed is not overdue: nothing to count from."""
    return reviewed is not None and reviewed < cutoff


def risk_level(score: int) -> RiskLevel:
    """high, medium or low, from the score impact x likelihood (as the register explains)."""
    return "high" if score >= 15 else "medium" if score >= 6 else "low"


def overall_status(statuses: Iterable[str]) -> Status:
    """One status for a group of items: done only when everything applicable is done."""
    found = set(statuses)
    if found <= {"done", "not-applicable"}:
        return "done" if "done" in found else "not-applicable"
    if found & {"in-progress", "done"}:
        return "in-progress"
    return "planned" if "planned" in found else "not-started"


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


def resolve(catalog: Catalog, city: City, today: date, as_of: str = "build",
            timeline: Timeline | None = None) -> Playbook:
    timeline = timeline or Timeline(unavailable="not-git")
    stale_before = today - timedelta(days=city.profile.review_every_days)
    components = {c.id: c for c in catalog.standard.components}
    additions: dict[str, list[str]] = {}  # the city's own items by part, in the order written
    for rid, c in city.commitments.items():
        if c.statement is not None:
            additions.setdefault(rid.partition(".")[0], []).append(rid)
    parts: dict[str, PartView] = {}
    for part in catalog.ordered_parts():
        items = [_item(city, rec.id, part.id, rec.text, rec.source, today, stale_before)
                 for rec in part.recommendations]
        items += [_item(city, rid, part.id, city.commitments[rid].statement or "", "city", today,
                        stale_before) for rid in additions.get(part.id, ())]
        if timeline.status_since:
            items = [replace(i, history=tuple(timeline.of(i.id)), since=timeline.since(i.id, i.status))
                     for i in items]
        parts[part.id] = PartView(part, components[part.component], catalog.group_of.get(part.id), items,
                                  city.statements.get(part.id), [catalog.parts[p] for p in part.linkages])
    return Playbook(catalog, city, today, parts, _principles(catalog, city), _chains(catalog, city),
                    stale_before, as_of, timeline)


def _item(city: City, rid: str, part: str, text: str, provenance: Provenance, today: date,
          stale_before: date) -> Item:
    c = city.commitments.get(rid)
    if c is None:
        return Item(rid, part, text, provenance, "not-started", recorded=False)
    # An item never reviewed on its own is as fresh as the last review of the whole playbook;
    # that date decides the flag but is not shown as the item's own. With neither date there
    # is nothing to be overdue from: a new playbook is not flagged everywhere.
    reviewed = c.reviewed or city.profile.reviewed
    return Item(rid, part, text, provenance, c.status, True, c.owner, c.due, c.reviewed, tuple(c.evidence),
                c.note, c.reason, stale=review_overdue(reviewed, stale_before),
                overdue=c.due is not None and c.due < today and c.status not in ("done", "not-applicable"))


def _principles(catalog: Catalog, city: City) -> list[PrincipleView]:
    result = []
    for p in catalog.principles.principles:
        choice = city.principles.get(p.id)
        if choice is None:
            result.append(PrincipleView(p.id, p.group, p.title, p.text, "undecided"))
        else:
            result.append(PrincipleView(p.id, p.group, choice.title or p.title, choice.text or p.text,
                                        choice.status, p.text if choice.status == "adapted" else None,
                                        choice.reason, choice.agreed))
    for pid, choice in city.principles.items():
        if choice.status == "added":
            assert choice.group and choice.title and choice.text  # checked in city
            result.append(PrincipleView(pid, choice.group, choice.title, choice.text, "added",
                                        agreed=choice.agreed))
    return result


def _chains(catalog: Catalog, city: City) -> list[ChainView]:
    """Initiative -> changes -> outcomes -> purposes, following Annex A's links."""
    links: dict[str, list[str]] = {}
    for source, target in catalog.benefit_map.links:
        links.setdefault(source, []).append(target)
    chains = []
    for initiative in city.benefits.initiatives if city.benefits else ():
        outcomes = initiative.outcomes or sorted({o for c in initiative.changes for o in links.get(c, [])})
        purposes = sorted({p for o in outcomes for p in links.get(o, [])})
        chains.append(ChainView(initiative, tuple(initiative.changes), tuple(outcomes), tuple(purposes)))
    return chains
