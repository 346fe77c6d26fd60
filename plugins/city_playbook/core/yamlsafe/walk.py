"""The one event walker: parser events into values, marks and diagnostics, by our rules.

PyYAML's safe loader still does things editors do not expect: YAML 1.1 turns `no` into
false, `01234` into octal and `9:30` into 570, a duplicate key silently replaces the
first, and aliases can expand a small file exponentially. PyYAML has no option for
these, so we take its parser (which keeps marks) and turn its events into values with our
own, smaller rule set. Nothing here raises: problems come back as diagnostics.

`_walk` is that one walker, so the rules and their messages are written once. It reads
two parsers' events: libyaml's C parser (twenty times faster than PyYAML's pure-Python one,
which was half of the plugin's time) for well-formed files, and PyYAML's pure-Python parser
for anything libyaml's reading does not accept as it is (a syntax error, an anchor, a tag,
a second document): the messages of `hints` are written for its marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.reader import Reader

from ..diagnostics import Diagnostic
from .document import Document, Key, Mark, dotted
from .hints import path_at, split_lines, syntax_error

MAX_DEPTH = 40

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # None where PyYAML was built without libyaml
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")


class Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def refuse(event: Event) -> None:
    """Anchors, aliases and tags are refused where they appear: one rule for the walker and
    for `spans`' composer."""
    if isinstance(event, AliasEvent):
        raise Refused(event.start_mark, "aliases (*name) are not allowed; write the value out in full")
    if event.anchor is not None:
        raise Refused(event.start_mark, "anchors (&name) are not allowed; write each value out in full")
    if getattr(event, "tag", None) is not None:
        tag = event.tag.replace("tag:yaml.org,2002:", "!!")
        raise Refused(event.start_mark, f"tags such as '{tag}' are not allowed; remove it, and put "
                       "quotes around text")


def read_with_libyaml(text: str, name: str) -> tuple[Document | None, list[Diagnostic]] | None:
    """The walker over libyaml's events, or None when this file is left to
    `read_with_pyyaml` (see `libyaml_reads_alike`; also any anchor, tag, second document or
    syntax error, whose messages are written for PyYAML's marks)."""
    if _FAST_LOADER is None or not libyaml_reads_alike(text):
        return None
    try:
        return _walk(yaml.parse(text, Loader=_FAST_LOADER), name)
    except (Refused, yaml.YAMLError):
        return None


def read_with_pyyaml(text: str, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """The walker over PyYAML's pure-Python events, for its exact messages; any text."""
    try:
        return _walk(yaml.parse(text, Loader=yaml.SafeLoader), name)
    except Refused as exc:
        line = exc.mark.line + 1
        return None, [Diagnostic(name, line, exc.mark.column + 1, dotted(path_at(text, line)),
                                 exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_error(exc, name, text)]
    except yaml.YAMLError as exc:  # ReaderError: a control character in the text
        position = getattr(exc, "position", None)
        before = split_lines(text[:position]) if position is not None else [""]
        line, column = len(before), len(before[-1]) + 1
        return None, [Diagnostic(name, line, column, dotted(path_at(text, line)), "the file contains a "
                                 f"character YAML cannot hold ({getattr(exc, 'reason', exc)}); delete it")]


def _scalar(node: ScalarEvent) -> Any:
    """Only `true`/`false` are booleans, only plain decimal numbers are numbers."""
    value = node.value
    if node.style:  # quoted or block: always text (a plain scalar's style is None or "")
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


class _Frame:
    """A mapping or list being filled from events."""

    __slots__ = ("container", "depth", "key", "path", "skip_value")

    def __init__(self, container: dict[str, Any] | list[Any], path: Key, depth: int) -> None:
        self.container, self.path, self.depth = container, path, depth
        self.key: str | None = None
        self.skip_value = False


# Text where libyaml and PyYAML are known to disagree goes to PyYAML: tabs, a byte order
# mark, characters PyYAML refuses, `|#` (libyaml accepts it), and a last line without a line
# break (the mark of an empty value there differs).
_BLOCK_COMMENT = re.compile(r"[|>][-+0-9]*#")


def libyaml_reads_alike(text: str) -> bool:
    """Whether libyaml's events for `text` can be trusted to be PyYAML's."""
    return (text.endswith("\n") and "\t" not in text and "\ufeff" not in text
            and not Reader.NON_PRINTABLE.search(text) and not _BLOCK_COMMENT.search(text))


def _walk(events: Iterable[Event], name: str) -> tuple[Document, list[Diagnostic]]:
    """Values, marks and diagnostics from a parser's events: the one place that says what a
    file's values are. Raises Refused (anchor, alias, tag) and yaml.YAMLError (syntax, a
    second document) for the caller to report; anything else comes back as diagnostics, and
    the rest of the file is still read (a duplicate or bad key)."""
    doc = Document(name, None)
    errors: list[Diagnostic] = []
    stack: list[_Frame] = []
    root: Any = None
    root_mark = None
    skipping = 0  # open containers of a subtree being skipped (after a bad or duplicate key)
    for event in events:
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                refuse(event)
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            if skipping:
                skipping -= 1
            else:
                stack.pop()
            continue
        elif kind is AliasEvent:
            refuse(event)
        elif kind is DocumentStartEvent and root_mark is not None:
            # PyYAML's composer says this in these words, and _syntax_error words it for editors
            raise ComposerError("expected a single document in the stream", root_mark,
                                "but found another document", event.start_mark)
        else:
            continue  # stream and document boundaries
        if skipping:
            skipping += kind is not ScalarEvent
            continue
        mark = event.start_mark
        parent = stack[-1] if stack else None
        if parent is not None and isinstance(parent.container, dict):
            if parent.key is None and not parent.skip_value:  # this node is a key
                if kind is not ScalarEvent or event.value == "":
                    errors.append(Diagnostic(name, mark.line + 1, mark.column + 1, dotted(parent.path),
                                             "a key must be a plain name"))
                    skipping += kind is not ScalarEvent
                    parent.skip_value = True
                    continue
                here = (*parent.path, event.value)
                if event.value in parent.container:
                    first = doc.key_marks[here]
                    errors.append(Diagnostic(name, mark.line + 1, mark.column + 1, dotted(here),
                                             f"duplicate key '{event.value}': it is already set on line "
                                             f"{first.line}; keep one and delete the other"))
                    parent.skip_value = True
                    continue
                doc.key_marks[here] = Mark(mark.line + 1, mark.column + 1)
                parent.key = event.value
                continue
            if parent.skip_value:
                parent.skip_value = False
                skipping += kind is not ScalarEvent
                continue
            path: Key = (*parent.path, parent.key)  # type: ignore[arg-type]
        elif parent is not None:
            path = (*parent.path, len(parent.container))
        else:
            path = ()
            root_mark = mark
        doc.marks[path] = Mark(mark.line + 1, mark.column + 1)
        depth = parent.depth + 1 if parent else 0
        if depth > MAX_DEPTH:
            errors.append(doc.error(path, f"values are nested too deeply (limit {MAX_DEPTH})"))
            value: Any = None
            skipping += kind is not ScalarEvent
        elif kind is ScalarEvent:
            value = _scalar(event)
        else:
            value = {} if kind is MappingStartEvent else []
        if parent is None:
            root = value
        elif isinstance(parent.container, dict):
            parent.container[parent.key] = value  # type: ignore[index]
            parent.key = None
        else:
            parent.container.append(value)
        if kind is not ScalarEvent and depth <= MAX_DEPTH:
            stack.append(_Frame(value, path, depth))
    if root is None and not doc.marks:
        # Nothing but comments: a missing key is then reported at the top of the file, not at
        # line 0 (which editors cannot jump to).
        doc.marks[()] = Mark(1, 1)
    return replace(doc, data=root), errors
