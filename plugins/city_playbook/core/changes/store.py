"""The history cache of a city folder: facts by blob id and the last timeline, as JSON."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..output import PACKAGE
from .change import Change, Timeline
from .facts import Facts


def _code_stamp() -> str:
    """The code that turns a file into facts: another version may read a file differently."""
    digest = hashlib.sha256()
    core = PACKAGE / "core"
    for package in ("changes", "model", "yamlsafe", "city"):
        for module in sorted((core / package).glob("*.py")):
            digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


class Store:
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
