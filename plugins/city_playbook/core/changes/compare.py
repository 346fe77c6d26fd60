"""Each revision's facts compared with the one before: the changes, and each
recommendation's last published status and since when."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import history
from ..diagnostics import Diagnostic, Severity
from ..model import STATUSES
from .change import Change, Subject, Timeline
from .facts import TRACKED, Facts

# The order of progress; not-applicable is outside it (an exclusion).
_PROGRESS = {s: i for i, s in enumerate(STATUSES) if s != "not-applicable"}
_SUBJECTS: dict[str, Subject] = {"commitments.yml": "recommendation", "risks.yml": "risk",
                                 "benefits.yml": "indicator"}


def walk(found: history.Log, facts_of: dict[str, Facts | str], display: str) -> Timeline:
    """Each revision compared with the one before, oldest first."""
    result = Timeline(first=found.revisions[0].day if found.revisions else None)
    current: dict[str, Facts | None] = dict.fromkeys(TRACKED)
    for rev in found.revisions:
        for name, blob in rev.files.items():
            facts = facts_of.get(f"{name}:{blob}") if blob else {}
            if isinstance(facts, str) or facts is None:  # broken (or unreadable) revision
                result.skipped.append(Diagnostic(
                    f"{display}/{name}", 0, 0, "", f"the version of commit {rev.commit[:12]} ({rev.day}) is "
                    f"left out of the history: {facts or 'git could not read it'}", Severity.WARNING))
                continue
            before = current[name]
            if before is not None:  # the first version of a file is where its history starts
                result.changes.extend(_compare(name, before, facts, rev))
            current[name] = facts
            if name == "commitments.yml":
                since = result.status_since
                since.update({rid: (f["status"], rev.day) for rid, f in facts.items()
                              if since.get(rid, ("",))[0] != f["status"]})
                for gone in since.keys() - facts.keys():
                    del since[gone]
    return result


def _compare(name: str, old: Facts, new: Facts, rev: history.Revision) -> Iterator[Change]:
    subject = _SUBJECTS[name]
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        title = (b or a or {}).get("title")
        if a is None or b is None:
            kind = ("new" if subject == "recommendation" else "risk-opened" if subject == "risk" else "indicator") \
                if a is None else "removed"
            if subject == "risk" and a is None and b and b["status"] == "closed":
                kind = "risk-closed"
            yield Change(kind, subject, key, "entry", None if a is None else _shown(a), None if b is None
                         else _shown(b), rev.day, rev.commit, title)
            continue
        for fname in ("status", "due", "owner", "value"):
            if fname in a and a.get(fname) != b.get(fname):
                yield Change(_kind(subject, fname, a.get(fname), b.get(fname)), subject, key, fname, a.get(fname),
                             b.get(fname), rev.day, rev.commit, title)


def _shown(facts: dict[str, Any]) -> str | None:
    return facts.get("status") or facts.get("value")


def _kind(subject: str, fname: str, old: str | None, new: str | None) -> str:
    if subject == "indicator":
        return "indicator"
    if subject == "risk":
        return "risk-closed" if new == "closed" else "risk-opened" if old == "closed" else "other"
    if fname == "status":
        if new == "not-applicable":
            return "excluded"
        if old in _PROGRESS and new in _PROGRESS:
            return "forward" if _PROGRESS[new] > _PROGRESS[old] else "back"
        return "other"
    if fname == "due":
        return "slipped" if old and new and new > old else "other"
    return "other"
