"""What a build of one city produces, and the cache that keeps it between builds.

A national programme rebuilds hundreds of cities on every push, most of them unchanged.
Their output (pages, data files, settings, warnings) depends only on the package, the
catalog, the city's files, the build date and a few options, so it is kept on disk under
a fingerprint of all of these, in the user's cache folder. A build of an unchanged city
then reads one file and imports none of the validation and rendering machinery. This
module stays light for that reason: it imports only the standard library and
platformdirs.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import platformdirs

from .diagnostics import Diagnostic, Severity

PACKAGE = Path(__file__).resolve().parent.parent  # the city_playbook package, above core/
FORMAT = 2  # bump when Output changes shape


@dataclass(frozen=True)
class Output:
    """Everything the MkDocs adapter needs from the core for one language, as plain values."""

    language: str
    language_name: str
    """The language's name in itself (English, Français), for the language switcher."""
    pages: dict[str, str]
    data: dict[str, bytes]
    name: str
    site_name: str
    summary: str
    nav: list[Any]
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    """Shown to editors but never failing a build: revisions left out of the history."""


def default_catalog_dir() -> Path:
    """The packaged catalog, or the repository's `content/` when running from a checkout."""
    packaged = PACKAGE / "content"
    return packaged if packaged.is_dir() else PACKAGE.parent.parent / "content"


def build_date() -> date:
    """Today, or the date in SOURCE_DATE_EPOCH so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


# Libraries that shape the output: a sanitiser or parser upgrade must reach the published
# site even when no city file changed.
OUTPUT_LIBRARIES = ("babel", "jinja2", "markupsafe", "markdown", "nh3", "pydantic", "pydantic_core", "yaml")


def _installed() -> str:
    """Where each library's code is and when it was written: an upgrade rewrites it. Found
    without importing the libraries (that is what a cache hit saves) and without
    importlib.metadata, whose version lookups cost more than the rest of a hit together."""
    found = []
    for name in OUTPUT_LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        stamp = os.stat(origin).st_mtime_ns if origin and os.path.exists(origin) else 0
        found.append(f"{name}={origin}@{stamp}")
    return ",".join(found)


def fingerprint(folders: list[Path], *extra: object) -> str:
    """A hash of every file under `folders` (names and bytes), of the libraries that shape
    the output, of the Python version, of the working folder (messages show paths relative
    to it) and of `extra` values."""
    context = (FORMAT, sys.version, _installed(), os.getcwd(), extra)
    digest = hashlib.sha256(repr(context).encode())
    for folder in folders:
        digest.update(folder_digest(folder))
    return digest.hexdigest()


def folder_digest(folder: Path) -> bytes:
    """A hash of the names and bytes of every file under `folder`. Bytes, not modification
    times: a save within the same clock tick, or a checkout, must still count as a change."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def default_cache_dir() -> Path:
    """The user's cache folder (XDG_CACHE_HOME on Linux), never inside a project: whoever can
    write there can already run code as this user, unlike the author of a pull request."""
    return Path(platformdirs.user_cache_dir("city-playbook", appauthor=False))


class Cache:
    """One file per city in `folder`, holding the output of its last successful build (one
    Output per language, the default first).

    Stored as JSON, never pickle: the folder may travel between CI runs, or arrive in a
    pull request, so reading it must not be able to run code."""

    def __init__(self, folder: Path, city: Path) -> None:
        self.path = folder / f"{hashlib.sha256(str(city.resolve()).encode()).hexdigest()[:16]}.json"

    def load(self, key: str) -> list[Output] | None:
        """The stored outputs if they were made from exactly these inputs; anything else
        (no file, another key, a damaged or foreign file) is a miss."""
        try:
            stored = json.loads(self.path.read_bytes())
            if stored["key"] != key:
                return None
            return [Output(**{**o, "data": {src: base64.b64decode(data) for src, data in o["data"].items()},
                              **{kind: [Diagnostic(**{**w, "severity": Severity(w["severity"])}) for w in o[kind]]
                                 for kind in ("warnings", "notes")}})
                    for o in stored["outputs"]]
        except Exception:  # a damaged cache must never break a build: rebuild instead
            return None

    def store(self, key: str, outputs: list[Output]) -> None:
        record = {"key": key, "outputs": [
            {**dataclasses.asdict(o), "data": {src: base64.b64encode(data).decode() for src, data in o.data.items()}}
            for o in outputs]}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".partial")
            partial.write_text(json.dumps(record), encoding="utf-8")
            partial.replace(self.path)
        except OSError:  # a read-only checkout still builds, just without the cache
            pass
