"""`timeline`: a city folder's published history, from git, through the cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import history
from ..cache import default_cache_dir
from .change import Timeline
from .compare import walk
from .facts import TRACKED, file_facts
from .store import Store


def timeline(folder: Path, display: str, cache_dir: Path | None = None) -> Timeline:
    """The folder's history from git (see the package's docstring). A rebuild with the same
    commits (the same commit and blob ids) reads the result from the cache."""
    found = history.log(folder, TRACKED)
    if found.unavailable:
        return Timeline(unavailable=found.unavailable)
    store = Store(cache_dir or default_cache_dir(), folder)
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
        facts[wanted[blob]] = file_facts(named[wanted[blob]][0], raw)
    result = walk(found, facts, display)
    store.save(key, result, facts)
    return result
