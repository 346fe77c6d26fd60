"""Reading a file: its size and encoding checked, its text parsed once per content and
kept for the next build of the same process."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..cache import memo
from ..diagnostics import Diagnostic
from .document import Document, dotted
from .hints import path_at, split_lines, tab_indents
from .walk import read_with_libyaml, read_with_pyyaml

MAX_BYTES = 5 * 1024 * 1024


REUSE_BYTES = 256 * 1024
"""Files up to this size are kept parsed between builds (a city's files are a few dozen KB
each). A larger one is parsed every time instead: parsed, a file takes about eight times as
much memory as its text."""


def load_file(path: Path, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one file. Returns the document (None when it cannot be read at all)
    and its problems; a document with problems (a duplicate key) can still be checked."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(name, 0, 0, "", f"cannot read the file: {exc.strerror or exc}")]
    if len(raw) > REUSE_BYTES:
        return load_bytes(raw, name)
    doc, errors = _parsed(raw, name)
    return doc, list(errors)


@memo(maxsize=32)
def _parsed(raw: bytes, name: str) -> tuple[Document | None, tuple[Diagnostic, ...]]:
    """Keyed on the bytes, so a rebuild in the same process (`mkdocs serve` after a save)
    parses again only the files that changed. The Document is then shared between builds:
    nothing may change it after loading. Room for a few cities' files, not a portfolio's."""
    doc, errors = load_bytes(raw, name)
    return doc, tuple(errors)


def load_bytes(raw: bytes, name: str) -> tuple[Document | None, list[Diagnostic]]:
    if len(raw) > MAX_BYTES:
        return None, [
            Diagnostic(name, 1, 1, "", f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}. "
                       "Split it or remove content.")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Count lines as YAML does (\r, \r\n, \n), so the line matches what an editor shows.
        before = split_lines(raw[: exc.start].decode("utf-8-sig", errors="replace"))
        line, column = len(before), len(before[-1]) + 1
        key = path_at(raw.decode("utf-8-sig", errors="replace"), line)
        return None, [
            Diagnostic(name, line, column, dotted(key), "the file is not UTF-8 text (the character "
                       f"here is the byte {raw[exc.start]:#04x}); save it as UTF-8 (in most editors: "
                       "Save with encoding, UTF-8)")
        ]
    return load_text(text, name)


def load_text(text: str, name: str) -> tuple[Document | None, list[Diagnostic]]:
    tabs = tab_indents(text, name)
    if tabs:
        return None, tabs
    doc, errors = read_with_libyaml(text, name) or read_with_pyyaml(text, name)
    return (replace(doc, text=text) if doc is not None else None), errors
