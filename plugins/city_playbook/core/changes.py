"""What changed, and when: the city's files at each commit, compared entry by entry.

Each revision of a tracked file is read with the same strict loader and models as the
current files, and reduced to the facts the site follows (a recommendation's status, due
date and owner; a risk's status; an indicator's latest value). Facts are compared, never
lines, so reordering or reformatting the YAML is not a change. A revision that does not
load or validate is left out, with a note naming its commit: history cannot be edited, so
it never fails a build. Facts are kept in a cache keyed by blob id (a hash of the file's
bytes), so a rebuild reads and parses only the revisions it has not seen.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from . import history
from .cache import default_cache_dir, memo
from .diagnostics import Diagnostic, Severity
from .model import STATUSES, Benefits, Risks, check
from .output import PACKAGE
from .yamlsafe import MAX_BYTES, Document, load_bytes, load_text

TRACKED = ("commitments.yml", "risks.yml", "benefits.yml")
# The order of progress; not-applicable is outside it (an exclusion).
_PROGRESS = {s: i for i, s in enumerate(STATUSES) if s != "not-applicable"}

Facts = dict[str, dict[str, Any]]
"""Per file: entry id -> the followed fields, as plain JSON values."""


Subject = Literal["recommendation", "risk", "indicator"]
_SUBJECTS: dict[str, Subject] = {"commitments.yml": "recommendation", "risks.yml": "risk",
                                 "benefits.yml": "indicator"}


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


def timeline(folder: Path, display: str, cache_dir: Path | None = None) -> Timeline:
    """The folder's history from git (see the module's docstring). A rebuild with the same
    commits (the same commit and blob ids) reads the result from the cache."""
    found = history.log(folder, TRACKED)
    if found.unavailable:
        return Timeline(unavailable=found.unavailable)
    store = _Store(cache_dir or default_cache_dir(), folder)
    key = hashlib.sha256(repr((display, [(r.commit, sorted(r.files.items())) for r in found.revisions]))
                         .encode()).hexdigest()
    kept = store.timeline(key)
    if kept is not None:
        return kept
    facts = store.facts()
    # Keyed by name and blob: the same bytes mean different things in different files.
    named = {f"{n}:{b}": (n, b) for r in found.revisions for n, b in r.files.items() if b}
    wanted = {b: k for k, (n, b) in named.items() if k not in facts}
    for blob, raw in history.blobs(folder, sorted(wanted)).items():
        facts[wanted[blob]] = _facts(named[wanted[blob]][0], raw)
    result = _walk(found, facts, display)
    store.save(key, result, facts)
    return result


def _walk(found: history.Log, facts_of: dict[str, Facts | str], display: str) -> Timeline:
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


def _facts(name: str, raw: bytes) -> Facts | str:
    """The followed fields of one revision of a file, or what is wrong with it."""
    if name == "commitments.yml":
        by_entry = _commitment_facts_by_entry(raw)
        if by_entry is not None:
            return by_entry
    return _whole_file_facts(name, raw)


def _commitment_facts_by_entry(raw: bytes) -> Facts | None:
    """commitments.yml read entry by entry: a commit usually changes one entry of a hundred, and
    each entry (a top-level key and the indented lines under it) is checked once per process,
    so reading 1,000 revisions costs about what reading a few dozen whole files does. None
    when the file cannot be split so simply, or any entry has a problem: the whole file is then
    read as a build reads it, which gives the verdict and the message. Written here, not taken
    from a library, because no YAML library reads a document piecewise."""
    if len(raw) > MAX_BYTES:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    chunks: list[list[str]] = []
    for line in text.splitlines(keepends=True):
        if line[:1] in ("-", "{", "[", "%", "?", "&", "*", "!", "|", ">") or line.startswith(("---", "...")):
            return None  # anything but a plain mapping of entries
        if line[:1] not in ("", " ", "#", "\n", "\r"):
            chunks.append([line])
        elif chunks:
            chunks[-1].append(line)
    result: Facts = {}
    for chunk in chunks:
        entry = _entry_facts("".join(chunk))
        if entry is None or entry[0] in result:
            return None
        if entry[1] is not None:
            result[entry[0]] = entry[1]
    return result


@memo(maxsize=65536)
def _entry_facts(text: str) -> tuple[str, dict[str, Any] | None] | None:
    """(key, facts) of one top-level entry of commitments.yml (facts None for a part's own text),
    or None if it has a problem."""
    doc, errors = load_text(text, "commitments.yml")
    if doc is None or errors or not isinstance(doc.data, dict) or len(doc.data) != 1:
        return None
    key = next(iter(doc.data))
    found = _whole_file_facts("commitments.yml", text.encode(), doc)
    return None if isinstance(found, str) else (key, found.get(key))


def _whole_file_facts(name: str, raw: bytes, doc: Document | None = None) -> Facts | str:
    from .city import commitment_entries  # the same split into statements and entries as a build's

    errors: list[Diagnostic] = []
    if doc is None:
        doc, errors = load_bytes(raw, name)
    if doc is None or errors or not isinstance(doc.data, dict | None):
        return errors[0].message if errors else "the file is not a mapping of keys to values"
    data = doc.data or {}
    problems: list[Diagnostic] = []
    if name == "commitments.yml":
        _, commitments = commitment_entries(replace(doc, data=data), problems)
        result = {rid: {"status": c.status, "due": c.due.isoformat() if c.due else None, "owner": c.owner}
                  for rid, c in commitments.items()}
    elif name == "risks.yml":
        risks, problems = check(Risks, doc, data)
        result = {r.id: {"status": r.status, "title": r.title} for r in risks.risks} if risks else {}
    else:
        benefits, problems = check(Benefits, doc, data)
        result = {i.id: {"value": f"{i.actuals[-1].value:g} {i.unit} ({i.actuals[-1].date})" if i.actuals else None,
                         "title": i.title} for i in benefits.indicators} if benefits else {}
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        where = f"line {errors[0].line}: " if errors[0].line else ""
        return f"{where}{errors[0].message}"
    return result


def _code_stamp() -> str:
    """The code that turns a file into facts: another version may read a file differently."""
    digest = hashlib.sha256()
    core = PACKAGE / "core"
    for module in (core / "changes.py", *sorted((core / "model").glob("*.py")), core / "yamlsafe.py",
                   *sorted((core / "city").glob("*.py"))):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


class _Store:
    """The history cache of one city folder, in the user's cache folder, as JSON (never pickle:
    see cache.OutputCache): the facts of every version read so far, by blob id, and the last
    timeline, by a hash of the commit and blob ids. A damaged or foreign file is ignored."""

    def __init__(self, folder: Path, city: Path) -> None:
        name = hashlib.sha256(str(city.resolve()).encode()).hexdigest()[:16]
        self.facts_path = folder / "history" / f"{name}.facts.json"
        self.timeline_path = folder / "history" / f"{name}.timeline.json"
        self.stamp = _code_stamp()
        self.known = 0

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            stored = json.loads(path.read_bytes())
            return stored if stored.get("code") == self.stamp else None
        except Exception:  # a damaged cache must never break a build: read again instead
            return None

    def timeline(self, key: str) -> Timeline | None:
        stored = self._read(self.timeline_path)
        if stored is None or stored.get("key") != key:
            return None
        try:
            t = stored["timeline"]
            return Timeline(
                [Change(**{**c, "day": date.fromisoformat(c["day"])}) for c in t["changes"]], None,
                date.fromisoformat(t["first"]) if t["first"] else None,
                [Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in t["skipped"]],
                {rid: (status, date.fromisoformat(day)) for rid, (status, day) in t["status_since"].items()})
        except (KeyError, TypeError, ValueError):
            return None

    def facts(self) -> dict[str, Facts | str]:
        stored = self._read(self.facts_path)
        found = stored.get("facts", {}) if stored else {}
        self.known = len(found)
        return found

    def save(self, key: str, result: Timeline, facts: dict[str, Facts | str]) -> None:
        timeline = {"changes": [{**dataclasses.asdict(c), "day": c.day.isoformat()} for c in result.changes],
                    "first": result.first.isoformat() if result.first else None,
                    "skipped": [dataclasses.asdict(d) for d in result.skipped],
                    "status_since": {rid: [s, d.isoformat()] for rid, (s, d) in result.status_since.items()}}
        files = [(self.timeline_path, {"code": self.stamp, "key": key, "timeline": timeline})]
        if len(facts) != self.known:
            files.append((self.facts_path, {"code": self.stamp, "facts": facts}))
        try:
            self.facts_path.parent.mkdir(parents=True, exist_ok=True)
            for path, record in files:
                partial = path.with_suffix(".partial")
                partial.write_text(json.dumps(record, sort_keys=True), "utf-8")
                partial.replace(path)
        except OSError:  # a read-only cache folder: the next build reads the history again
            pass
