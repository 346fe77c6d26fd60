"""Every cache of the package in one place, and `clear()` to empty them all.

A build is fast because little of it is done twice. What is kept, where, and what decides
that it may be reused:

In the process (`mkdocs serve` rebuilds, the workers of `build-all`, the tests):

| what | module | keyed by |
| --- | --- | --- |
| parsed YAML files (up to 256 KiB each, 32 files) | yamlsafe | the file's bytes and shown name |
| checked catalog, per language | catalog | the catalog folder's digest (names and bytes) |
| facts of one commitments.yml entry in the history | changes | the entry's text |
| escaped text and attribute values, converted and sanitised rich text | richtext | the text |
| dates as a language writes them, the strings files, the shipped languages | language | language, pattern, date |
| relative links between pages | layout | the two paths and the URL style |
| front matter, the Jinja environment and its compiled templates | render | the page's description |
| the open-data and change-feed JSON Schemas | export, feeds | nothing: package constants |
| one field's validator, for salvaging a broken entry | model | the model and field |
| each page's HTML from the last `mkdocs serve` rebuild (*) | adapter.preview | its Markdown, the files, the options |

(*) Not reached by `clear()`: it lives on the plugin object, and every rebuild replaces it.

Every one is made with `memo` (or `registered`, for the catalog's own check of its
folder), so `clear()` reaches it without knowing the module.

On disk, in the user's cache folder (`default_cache_dir()`; XDG_CACHE_HOME on Linux), never in a
project: the output of each city's last build (OutputCache: a fingerprint of the package,
the catalog, the city's files, the libraries that shape the output, the publication date and
the URL style) and the last history timeline of each city (changes._Store: its commit and
blob ids). In Jinja's private per-user temporary folder: the compiled templates, ours and
the MkDocs theme's (site.bytecode: the template's source, Jinja's version and
the environment's options). `clear(disk=True)` deletes these too.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import gc
import hashlib
import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from .diagnostics import Diagnostic, Severity
from .output import Output

R = TypeVar("R")
D = TypeVar("D", bound=dict[Any, Any])

_clearers: list[Callable[[], None]] = []
_disk_clearers: list[Callable[[], None]] = []


def memo(maxsize: int | None = None) -> Callable[[Callable[..., R]], functools._lru_cache_wrapper[R]]:
    """functools.lru_cache (unbounded by default), registered so that clear() empties it."""
    def wrap(function: Callable[..., R]) -> functools._lru_cache_wrapper[R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _clearers.append(cached.cache_clear)
        return cached
    return wrap


def on_disk(clearer: Callable[[], None]) -> None:
    """A cache kept outside the user's cache folder (the compiled templates), for clear(disk=True)."""
    _disk_clearers.append(clearer)


def registered(store: D) -> D:
    """A module's own dict of kept values, registered so that clear() empties it."""
    _clearers.append(store.clear)
    return store


def default_cache_dir() -> Path:
    """The user's cache folder (XDG_CACHE_HOME on Linux), never inside a project: whoever can
    write there can already run code as this user, unlike the author of a pull request."""
    return Path(platformdirs.user_cache_dir("city-playbook", appauthor=False))


def clear(disk: bool = False) -> None:
    """Forget everything kept in this process; with `disk`, also the cached outputs and
    histories in the user's cache folder and the compiled templates. Nothing a build shows
    depends on a cache, so the next build is only slower."""
    for clearer in _clearers:
        clearer()
    if disk:
        shutil.rmtree(default_cache_dir(), ignore_errors=True)
        for clearer in _disk_clearers:
            clearer()


# --- On disk: the output of each city's last build -------------------------------------

FORMAT = 2  # bump when Output changes shape

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


class OutputCache:
    """One file per city in `folder`, holding the output of its last successful build (one
    Output per language, the default first). A national programme rebuilds hundreds of
    cities on every push, most of them unchanged: the build of an unchanged city then reads
    one file and imports none of the validation and rendering machinery.

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


# --- Not a cache, but there for the same reason: speed -----------------------------------


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Loading a city creates objects (YAML nodes, marks, models) that all live until the
    build ends; Python's cyclic collector would rescan them again and again as they pile
    up, which made loading grow faster than the files (17% slower per byte at 100 times
    the example city). Reference counting still frees everything else as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def frozen_for_the_build() -> None:
    """Take every object alive now out of the cyclic collector's view until `thawed()`.

    After the plugin's work, the process holds MkDocs, pydantic, the model classes, the city
    and its pages, all of which live until the build ends; each of the collector's full
    passes while MkDocs renders the pages would scan them again (the playbook's process
    holds more objects than a plain build's, so its collections cost more). gc.freeze() is
    the standard library's way to keep long-lived objects out of those passes."""
    gc.freeze()


def thawed() -> None:
    """The end of a build: what `frozen_for_the_build` set aside is collected again as usual,
    so a long-lived process (`mkdocs serve`, build-all's workers) frees a finished build."""
    gc.unfreeze()
