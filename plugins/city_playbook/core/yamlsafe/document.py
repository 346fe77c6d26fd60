"""A loaded file: its plain data, and the line and column of every key and value, so that
every message can point at what the editor wrote."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """A loaded file: plain data plus where each value (and each key) was written. Frozen:
    `load_file` hands the same Document to every build of a process while the file's bytes
    stay the same, so nothing may change it once loaded (the loaders fill its marks while
    they read, then make the final one with `dataclasses.replace`)."""

    file: str
    data: Any
    marks: dict[Key, Mark] = field(default_factory=dict)
    key_marks: dict[Key, Mark] = field(default_factory=dict)
    text: str = ""

    def mark(self, path: Key) -> Mark:
        """The mark of the longest prefix of `path` that exists (a missing key points at
        its parent mapping)."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(path[:end])
            if found:
                return found
        return Mark(0, 0)  # a file that does not exist: no line to point at

    def find(self, path: Key, snippet: str) -> Mark:
        """Where `snippet` is written inside the value at `path`: a problem in a long block of
        text is reported on its own line, not on the line where the block starts. The search
        stays inside the value (lines indented deeper than its key); if the snippet is not
        there as written (an escape sequence in quotes), the value's own mark is used."""
        start = self.mark(path)
        key = self.key_marks.get(path)
        if not snippet or not start.line or key is None:
            return start
        lines = self.text.splitlines()
        for number in range(start.line - 1, len(lines)):
            line = lines[number]
            if number > start.line - 1 and line.strip() and len(line) - len(line.lstrip(" ")) < key.column:
                break  # back at the key's level or above: the value has ended
            column = line.find(snippet, start.column - 1 if number == start.line - 1 else 0)
            if column >= 0:
                return Mark(number + 1, column + 1)
        return start

    def key_mark(self, path: Key) -> Mark:
        return self.key_marks.get(path) or self.mark(path)

    def error(self, path: Key, message: str, *, at_key: bool = False, **kw: Any) -> Diagnostic:
        mark = self.key_mark(path) if at_key else self.mark(path)
        return Diagnostic(self.file, mark.line, mark.column, dotted(path), message, **kw)


def nodes(value: Any, path: Key = ()) -> Iterator[tuple[Key, Any]]:
    """Every value of loaded data with its path, the value itself first: the paths are those
    of Document.marks, so a check that finds something can point at it."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(item, (*path, i))


def dotted(path: Key) -> str:
    return ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
