"""Strict YAML loading that keeps the line and column of every key and value.

PyYAML's safe loader still does things editors do not expect: YAML 1.1 turns `no` into
false, `01234` into octal and `9:30` into 570, a duplicate key silently replaces the
first, and aliases can expand a small file exponentially. PyYAML has no option for
these, so we take its composer (which keeps marks) and turn nodes into values with our
own, smaller rule set. Nothing here raises: problems come back as diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

Key = tuple[str | int, ...]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Document:
    """A loaded file: plain data plus where each value (and each key) was written."""

    file: str
    data: Any
    marks: dict[Key, Mark] = field(default_factory=dict)
    key_marks: dict[Key, Mark] = field(default_factory=dict)

    def mark(self, path: Key) -> Mark:
        """The mark of the longest prefix of `path` that exists (a missing key points at
        its parent mapping)."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(path[:end])
            if found:
                return found
        return Mark(0, 0)  # a file that does not exist: no line to point at

    def key_mark(self, path: Key) -> Mark:
        return self.key_marks.get(path) or self.mark(path)

    def error(self, path: Key, message: str, *, at_key: bool = False, **kw: Any) -> Diagnostic:
        mark = self.key_mark(path) if at_key else self.mark(path)
        return Diagnostic(self.file, mark.line, mark.column, dotted(path), message, **kw)


def dotted(path: Key) -> str:
    return ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


class _Loader(yaml.SafeLoader):
    """PyYAML's parser and composer, refusing anchors, aliases and tags as they appear."""

    def compose_node(self, parent: Node | None, index: object) -> Node | None:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, "aliases (*name) are not allowed; write the value out in full")
        if event.anchor is not None:
            raise _Refused(event.start_mark, "anchors (&name) are not allowed; write each value out in full")
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, f"tags such as '{tag}' are not allowed; remove it, and put "
                           "quotes around text")
        return super().compose_node(parent, index)


def load_file(path: Path, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one file. Returns the document, or None and the reasons why not."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(name, 0, 0, "", f"cannot read the file: {exc.strerror or exc}")]
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> tuple[Document | None, list[Diagnostic]]:
    if len(raw) > MAX_BYTES:
        return None, [
            Diagnostic(name, 1, 1, "", f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}. "
                       "Split it or remove content.")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Diagnostic(name, line, column, "", "the file is not UTF-8 text; save it as UTF-8 "
                       "(in most editors: Save with encoding, UTF-8)")
        ]
    return load_text(text, name)


def load_text(text: str, name: str) -> tuple[Document | None, list[Diagnostic]]:
    tabs = _tab_indents(text, name)
    if tabs:
        return None, tabs
    try:
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as exc:
        return None, [Diagnostic(name, exc.mark.line + 1, exc.mark.column + 1, "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, name)]
    except yaml.YAMLError as exc:  # ReaderError: a control character in the text
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if position is not None else 1
        return None, [Diagnostic(name, line, 1, "", f"the file contains a character YAML cannot hold "
                                 f"({getattr(exc, 'reason', exc)}); delete it")]
    except RecursionError:
        return None, [Diagnostic(name, 1, 1, "", f"values are nested too deeply (limit {MAX_DEPTH})")]
    doc = Document(name, None)
    if node is None:
        return doc, []
    errors: list[Diagnostic] = []
    doc.data = _value(node, (), doc, errors, 0)
    return (None, errors) if errors else (doc, [])


def _tab_indents(text: str, name: str) -> list[Diagnostic]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append(Diagnostic(name, number, indent.index("\t") + 1, "",
                                    "a tab is used for indentation; indent with spaces"))
    return found


def _syntax_error(exc: yaml.MarkedYAMLError, name: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "the YAML is not well formed"
    hint = ""
    if "expected a single document" in str(exc):
        problem, hint = "the file holds more than one document", "; remove the extra '---' line"
    elif "mapping values are not allowed" in problem:
        hint = "; a value containing ': ' must be put in quotes"
    elif "cannot start any token" in problem:
        hint = "; put the value in quotes, like unit: \"%\""
    elif "found character" in problem and "'\\t'" in problem:
        hint = "; use spaces, not tabs"
    elif exc.context:
        hint = f" ({exc.context})"
    return Diagnostic(name, line, column, "", f"YAML syntax: {problem}{hint}")


def _scalar(node: ScalarNode) -> Any:
    """Only `true`/`false` are booleans, only plain decimal numbers are numbers."""
    value = node.value
    if node.style is not None:  # quoted or block: always text
        return value
    if value in ("true", "false"):
        return value == "true"
    if value in ("", "~", "null"):
        return None
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _value(node: Node, path: Key, doc: Document, errors: list[Diagnostic], depth: int) -> Any:
    doc.marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if depth > MAX_DEPTH:
        errors.append(doc.error(path, f"values are nested too deeply (limit {MAX_DEPTH})"))
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_value(item, (*path, i), doc, errors, depth + 1) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.value == "":
            errors.append(Diagnostic(doc.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                     dotted(path), "a key must be a plain name"))
            continue
        key = key_node.value
        here = (*path, key)
        if key in result:
            first = doc.key_marks[here]
            errors.append(Diagnostic(doc.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                     dotted(here), f"duplicate key '{key}': it is already set on line "
                                     f"{first.line}; keep one and delete the other"))
            continue
        doc.key_marks[here] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _value(value_node, here, doc, errors, depth + 1)
    return result
