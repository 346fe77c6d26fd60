"""Line-preserving edits of a city file: change a few values, keep everything else.

Editors' comments, key order, quoting, indentation and line endings are theirs, and a
writer of city YAML must keep them all (Decap CMS, which does not, loses comments and
reorders keys). A round-trip library was weighed: ruamel.yaml 0.19 re-indents every list
of a file to one style and re-spaces comments, so on a file with mixed list indentation one
changed status rewrote seven unrelated lines, and it writes CRLF files back as LF. Here, an
edit replaces only the characters of the values it changes, found through the strict
loader's spans, and writes new keys and list items in the style of their neighbours. The
result is read back with the strict loader and must give exactly the data intended, or
nothing is written.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yaml.reader import Reader

from ..core.yamlsafe import Key, Span, load_text, spans

Scalar = str | int | float | bool | date | None


class EditError(Exception):
    """An edit that cannot be made without rewriting what the editor wrote."""


# What can be written plain: no indicator at the start, no ': ' or ' #' inside, no spaces
# around it, not a number, boolean or null. A quick filter; reading it back decides.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#\n]|:(?! )|(?<! )#)*(?<![\s:])")
_NOT_TEXT = re.compile(r"true|false|null|~|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?)?")


def scalar(value: Scalar) -> str:
    """A value written the way an editor would: plain where that reads back the same,
    else in double quotes (JSON's string syntax is YAML's double-quoted style)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if _PLAIN.fullmatch(value) and not _NOT_TEXT.fullmatch(value) and _reads_as(f"k: {value}", value):
        return value
    return _quoted(value)


def _quoted(value: str) -> str:
    """Double quotes, with the characters a YAML file may not hold, and those it reads as line
    breaks (NEL, LS, PS), written as escapes."""
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


_ESCAPE = re.compile(f"{Reader.NON_PRINTABLE.pattern}|[\x85\u2028\u2029]")


@dataclass
class Editor:
    """Edits collected on one file's text, applied together by `result`."""

    text: str
    _spans: dict[Key, Span] = field(init=False)
    _edits: list[tuple[int, int, int, str]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._spans = spans(self.text)
        self.newline = "\r\n" if "\r\n" in self.text else "\n"

    # --- where things are ------------------------------------------------------------------

    def has(self, path: Key) -> bool:
        return path in self._spans

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _column(self, index: int) -> int:
        return index - self._line_start(index)

    def _children(self, path: Key) -> list[Key]:
        return [p for p in self._spans if len(p) == len(path) + 1 and p[: len(path)] == path]

    def _content_end(self, path: Key) -> int:
        """The end of what is written for `path`: its last scalar, not the comments after it."""
        span = self._spans[path]
        if span.kind == "scalar" or span.flow:
            return span.end
        children = self._children(path)
        return self._content_end(children[-1]) if children else span.end

    def _line_end(self, index: int) -> int:
        """Just after the line break of the line that `index` ends (a block scalar's text
        already ends with its line break)."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _lines_of(self, path: Key) -> tuple[int, int]:
        """The whole lines that hold `path` (its key, or its list dash, to its last value)."""
        span = self._spans[path]
        start = span.key_start if span.key_start is not None else span.start
        return self._line_start(start), self._line_end(self._content_end(path))

    def _key_column(self, mapping: Key) -> int:
        """Column of the keys of a block mapping."""
        return self._column(self._spans[mapping].start)

    def _step(self) -> int:
        """How far the file indents the keys of an entry (2 unless it shows otherwise)."""
        for path, span in self._spans.items():
            if len(path) == 2 and isinstance(path[1], str) and span.key_start is not None:
                return max(self._column(span.key_start), 1)
        return 2

    def _list_offset(self) -> int:
        """How far this file indents a list under its key (0 or more), seen in its other lists."""
        for path, span in self._spans.items():
            parent = self._spans.get(path[:-1]) if path else None
            if (path and path[-1] == 0 and parent is not None and parent.kind == "sequence" and not parent.flow
                    and parent.key_start is not None):
                return max(self._column(span.start) - 2 - self._column(parent.key_start), 0)
        return self._step()

    def _dash(self, sequence: Key) -> str:
        """How an item of `sequence` starts its line: as its siblings do."""
        start = self._spans[self._children(sequence)[0]].start
        return self.text[self._line_start(start): start]

    # --- rendering new text -------------------------------------------------------------------

    def _block(self, value: Any, indent: int, first: str = "") -> str:
        """`value` as block YAML lines at `indent`; `first` starts the first line (a dash)."""
        nl = self.newline
        if isinstance(value, list):
            dash = " " * indent + "- "
            return "".join(self._block(item, len(dash), dash) if isinstance(item, dict)
                           else f"{dash}{scalar(item)}{nl}" for item in value)
        lines, lead = [], first or " " * indent
        for key, item in value.items():
            if isinstance(item, dict):
                lines.append(f"{lead}{key}:{nl}" + self._block(item, indent + self._step()))
            elif isinstance(item, list):
                lines.append(f"{lead}{key}:{nl}" + self._block(item, indent + self._list_offset()))
            else:
                lines.append(f"{lead}{key}: {scalar(item)}{nl}")
            lead = " " * indent
        return "".join(lines)

    def _replacement(self, span: Span, value: Scalar, column: int) -> str:
        """A scalar in the style of the one it replaces: a folded block stays folded, single
        quotes stay single quotes."""
        if isinstance(value, str) and span.style == ">" and " " in value:
            indent = " " * (column + self._step())
            lines = textwrap.wrap(value, width=max(88 - len(indent), 40), break_long_words=False,
                                  break_on_hyphens=False)
            block = ">-" + "".join(f"{self.newline}{indent}{line}" for line in lines) + self.newline
            if _reads_as(f"k: {block}", value):
                return block
        text = scalar(value)
        if isinstance(value, str) and span.style == '"':
            text = _quoted(value)
        if isinstance(value, str) and span.style == "'" and text.startswith('"'):
            quoted = "'" + value.replace("'", "''") + "'"
            if _reads_as(f"k: {quoted}", value):
                return quoted
        if span.style in ("|", ">"):  # the old block's text ended with its line break
            text += self.newline
        return text

    def _add(self, start: int, end: int, text: str) -> None:
        self._edits.append((start, end, len(self._edits), text))

    # --- edits -------------------------------------------------------------------------------

    def set(self, path: Key, value: Any) -> None:
        """Give `path` a new scalar value; a key that is not there yet is added at the end of
        its mapping (with a list or mapping as its value, if that is what `value` is)."""
        if not self.has(path):
            self.add_key(path, value)
            return
        span = self._spans[path]
        if span.kind != "scalar":
            raise EditError("a list or mapping is changed item by item")
        column = self._column(span.key_start if span.key_start is not None else span.start)
        self._add(span.start, span.end, self._replacement(span, value, column))

    def add_key(self, path: Key, value: Any) -> None:
        """A new key at the end of its mapping (after the lines of a key being deleted)."""
        mapping = path[:-1]
        span = self._spans[mapping]
        if span.flow or span.kind != "mapping":
            raise EditError("it is written on one line in braces {...}; write its keys on lines of their "
                            "own first")
        at = self._line_end(self._content_end(mapping))
        if at == len(self.text) and not self.text.endswith("\n"):
            self._add(at, at, self.newline)
        self._add(at, at, self._block({path[-1]: value}, self._key_column(mapping)))

    def add_entry(self, key: str, value: dict[str, Any], after: str | None) -> None:
        """A new top-level entry, after the entry `after` (or at the end of the file)."""
        end = self._line_end(self._content_end((after,))) if after else len(self.text)
        if end == len(self.text) and self.text and not self.text.endswith("\n"):
            self._add(end, end, self.newline)
        self._add(end, end, f"{key}:{self.newline}" + self._block(value, self._step()))

    def delete(self, path: Key) -> None:
        """Remove a key, or a list item, with the whole lines it is written on."""
        if self._spans[path[:-1]].flow:
            raise EditError("it is written on one line in brackets; write its items on lines of their own "
                            "first")
        span = self._spans[path]
        start, end = self._lines_of(path)
        begin = span.key_start if span.key_start is not None else span.start
        if self.text[start:begin].strip(" -"):
            raise EditError("it shares its line with another key; put each key on its own line first")
        self._add(start, end, "")

    def insert_item(self, sequence: Key, before: int | None, value: Any) -> None:
        """A new item in a block list that has items, before item `before` (None: at the end)."""
        if self._spans[sequence].flow:
            raise EditError("the list is written on one line in brackets; write its items on lines of "
                            "their own first")
        dash = self._dash(sequence)
        at = (self._line_end(self._content_end(sequence)) if before is None
              else self._lines_of((*sequence, before))[0])
        if at == len(self.text) and not self.text.endswith("\n"):
            self._add(at, at, self.newline)
        self._add(at, at, self._block(value, len(dash), dash) if isinstance(value, dict)
                  else f"{dash}{scalar(value)}{self.newline}")

    def result(self, expected: Any) -> str:
        """The edited text, read back with the strict loader: it must hold `expected`."""
        text = self.text
        for start, end, _, replacement in sorted(self._edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        doc, errors = load_text(text, "edited")
        if errors or doc is None or doc.data != expected:
            raise EditError("the file could not be changed without rewriting other lines")
        return text


def _reads_as(text: str, value: str) -> bool:
    doc, errors = load_text(text if text.endswith("\n") else text + "\n", "check")
    return not errors and doc is not None and doc.data == {"k": value}
