"""What a build of one city produces, and the cache that keeps it between builds.

A national programme rebuilds hundreds of cities on every push, most of them unchanged.
Their output (pages, data files, settings, warnings) depends only on the package, the
catalog, the city's files, the build date and a few options, so it is kept on disk under
a fingerprint of all of these, as mkdocs-material keeps its plugins' work in `.cache/`.
A build of an unchanged city then reads one file and imports none of the validation and
rendering machinery. This module stays light for that reason: it imports only the
standard library.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic

PACKAGE = Path(__file__).resolve().parent
FORMAT = 1  # bump when Output changes shape


@dataclass(frozen=True)
class Output:
    """Everything the MkDocs adapter needs from the core, as plain values."""

    pages: dict[str, str]
    data: dict[str, bytes]
    name: str
    summary: str
    nav: list[Any]
    warnings: list[Diagnostic] = field(default_factory=list)


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


def fingerprint(folders: list[Path], *extra: object) -> str:
    """A hash of every file under `folders` (names and bytes) and of `extra` values."""
    digest = hashlib.sha256(f"{FORMAT}|{extra!r}".encode())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Cache:
    """One file per city in `folder`, holding the output of its last successful build."""

    def __init__(self, folder: Path, city: Path) -> None:
        self.path = folder / f"{hashlib.sha256(str(city.resolve()).encode()).hexdigest()[:16]}.pickle"

    def load(self, key: str) -> Output | None:
        """The stored output if it was made from exactly these inputs; anything else
        (no file, another key, a damaged or foreign file) is a miss. The file is one this
        plugin wrote inside the project; whoever can change it can change the project's code."""
        try:
            with self.path.open("rb") as stream:
                stored_key, output = pickle.load(stream)
        except Exception:  # a damaged cache must never break a build: rebuild instead
            return None
        return output if stored_key == key and isinstance(output, Output) else None

    def store(self, key: str, output: Output) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".partial")
            with partial.open("wb") as stream:
                pickle.dump((key, output), stream, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.path)
        except OSError:  # a read-only checkout still builds, just without the cache
            pass
