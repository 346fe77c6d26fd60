"""What the pages and the open data show, as plain values: an item with its provenance,
status and flags, the counts, and the views of parts, principles, chains and risks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..changes import Change
from ..ids import anchor
from ..model import (
    STATUSES,
    Component,
    Evidence,
    Group,
    Initiative,
    Part,
    PartStatement,
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
