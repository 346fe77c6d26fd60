"""A change of one followed fact in one commit, a city's timeline of them, and how the
What has changed page groups and counts them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from ..diagnostics import Diagnostic

Subject = Literal["recommendation", "risk", "indicator"]


@dataclass(frozen=True)
class Change:
    """One fact that changed in one commit."""

    kind: str  # a key of `history.kind` in the strings: forward, back, slipped, ...
    subject: Subject
    id: str
    field: Literal["status", "due", "owner", "value", "entry"]  # entry: added or removed
    old: str | None
    new: str | None
    day: date
    commit: str
    title: str | None = None  # a risk's or an indicator's own title, from the file


@dataclass
class Timeline:
    """The changes of a city's published history, or why it has none."""

    changes: list[Change] = field(default_factory=list)  # oldest first
    unavailable: str | None = None  # "not-git" or "shallow"
    first: date | None = None  # the first published revision
    skipped: list[Diagnostic] = field(default_factory=list)
    status_since: dict[str, tuple[str, date]] = field(default_factory=dict)
    """Recommendation id -> its last published status and the day it was first published."""

    @cached_property
    def _by_item(self) -> dict[str, list[Change]]:
        found: dict[str, list[Change]] = {}
        for c in self.changes:
            if c.subject == "recommendation":
                found.setdefault(c.id, []).append(c)
        return found

    def of(self, rid: str) -> list[Change]:
        return self._by_item.get(rid, [])

    def since(self, rid: str, status: str) -> date | None:
        """The day the item's current status was published; None when the status shown is not
        the last published one (an edit not yet committed) or the history does not know it."""
        published = self.status_since.get(rid)
        return published[1] if published and published[0] == status else None

    def between(self, start: date, end: date | None = None) -> list[Change]:
        """Newest first, from `start` (included) to `end` (excluded)."""
        return [c for c in reversed(self.changes) if c.day >= start and (end is None or c.day < end)]


KINDS = ("forward", "back", "slipped", "new", "excluded", "risk-opened", "risk-closed", "indicator", "removed",
         "other")
"""The groups of the What has changed page, in the order shown."""


def grouped(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """Changes by kind, in the order of KINDS; kinds with none are left out."""
    return [(kind, found) for kind in KINDS if (found := [c for c in changes if c.kind == kind])]


def summary(changes: list[Change]) -> list[tuple[str, int]]:
    """The counts of the home page's line ("4 done, 2 slipped"), those that are not zero."""
    done = sum(c.kind == "forward" and c.new == "done" for c in changes)
    counts = {"done": done, "forward": sum(c.kind == "forward" for c in changes) - done,
              "slipped": sum(c.kind == "slipped" for c in changes),
              "back": sum(c.kind == "back" for c in changes),
              "new": sum(c.kind == "new" for c in changes)}
    counts["other"] = len(changes) - sum(counts.values())
    return [(key, n) for key, n in counts.items() if n]
