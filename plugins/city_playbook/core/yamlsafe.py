"""Strict YAML loading that keeps the line and column of every key and value.

PyYAML's safe loader still does things editors do not expect: YAML 1.1 turns `no` into
false, `01234` into octal and `9:30` into 570, a duplicate key silently replaces the
first, and aliases can expand a small file exponentially. PyYAML has no option for
these, so we take its parser (which keeps marks) and turn its events into values with our
own, smaller rule set. Nothing here raises: problems come back as diagnostics.

One walker (`_walk`) turns parser events into values, marks and diagnostics, so the rules
and their messages are written once. It reads two parsers' events: libyaml's C parser
(twenty times faster than PyYAML's pure-Python one, which was half of the plugin's time) for
well-formed files, and, for anything libyaml's reading does not accept as it is (a syntax
error, an anchor, a tag, a second document), PyYAML's pure-Python parser, whose messages
the hints below are written for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader

from .cache import memo
from .diagnostics import Diagnostic

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

Key = tuple[str | int, ...]

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # None where PyYAML was built without libyaml
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")


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


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def _refuse(event: Event) -> None:
    """Anchors, aliases and tags are refused where they appear: one rule for the walker and
    for `spans`' composer."""
    if isinstance(event, AliasEvent):
        raise _Refused(event.start_mark, "aliases (*name) are not allowed; write the value out in full")
    if event.anchor is not None:
        raise _Refused(event.start_mark, "anchors (&name) are not allowed; write each value out in full")
    if getattr(event, "tag", None) is not None:
        tag = event.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(event.start_mark, f"tags such as '{tag}' are not allowed; remove it, and put "
                       "quotes around text")


class _Loader(yaml.SafeLoader):
    """PyYAML's parser and composer, refusing anchors, aliases and tags as they appear."""

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        _refuse(self.peek_event())
        return super().compose_node(parent, index)


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
        before = _lines(raw[: exc.start].decode("utf-8-sig", errors="replace"))
        line, column = len(before), len(before[-1]) + 1
        key = _path_at(raw.decode("utf-8-sig", errors="replace"), line)
        return None, [
            Diagnostic(name, line, column, dotted(key), "the file is not UTF-8 text (the character "
                       f"here is the byte {raw[exc.start]:#04x}); save it as UTF-8 (in most editors: "
                       "Save with encoding, UTF-8)")
        ]
    return load_text(text, name)


def load_text(text: str, name: str) -> tuple[Document | None, list[Diagnostic]]:
    tabs = _tab_indents(text, name)
    if tabs:
        return None, tabs
    doc, errors = read_with_libyaml(text, name) or read_with_pyyaml(text, name)
    return (replace(doc, text=text) if doc is not None else None), errors


def read_with_libyaml(text: str, name: str) -> tuple[Document | None, list[Diagnostic]] | None:
    """The walker over libyaml's events, or None when this file is left to
    `read_with_pyyaml` (see `libyaml_reads_alike`; also any anchor, tag, second document or
    syntax error, whose messages are written for PyYAML's marks)."""
    if _FAST_LOADER is None or not libyaml_reads_alike(text):
        return None
    try:
        return _walk(yaml.parse(text, Loader=_FAST_LOADER), name)
    except (_Refused, yaml.YAMLError):
        return None


def read_with_pyyaml(text: str, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """The walker over PyYAML's pure-Python events, for its exact messages; any text."""
    try:
        return _walk(yaml.parse(text, Loader=yaml.SafeLoader), name)
    except _Refused as exc:
        line = exc.mark.line + 1
        return None, [Diagnostic(name, line, exc.mark.column + 1, dotted(_path_at(text, line)),
                                 exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, name, text)]
    except yaml.YAMLError as exc:  # ReaderError: a control character in the text
        position = getattr(exc, "position", None)
        before = _lines(text[:position]) if position is not None else [""]
        line, column = len(before), len(before[-1]) + 1
        return None, [Diagnostic(name, line, column, dotted(_path_at(text, line)), "the file contains a "
                                 f"character YAML cannot hold ({getattr(exc, 'reason', exc)}); delete it")]


_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s#"'\[\]{},][^#]*?)[ \t]*:(?:[ \t]|$)""")


def _lines(text: str) -> list[str]:
    """The lines of `text` as YAML (and so every mark) counts them."""
    return _LINE_BREAK.split(text)


def _tab_indents(text: str, name: str) -> list[Diagnostic]:
    found = []
    lines = _lines(text)
    for number, line in enumerate(lines, 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip(" \t"):  # a blank line with a tab in it is harmless
            found.append((number, indent.index("\t") + 1))
    paths = _key_paths(text) if found else []
    return [Diagnostic(name, number, column, dotted(paths[number - 1]), "a tab is used for indentation; "
                       "indent with spaces") for number, column in found]


def _path_at(text: str, line: int) -> Key:
    """The key path written on `line` (1-based), or () when there is none."""
    paths = _key_paths(text)
    return paths[line - 1] if 0 < line <= len(paths) else ()


def _key_paths(text: str) -> list[Key]:
    """The key path of every line, read from the indentation alone, in one pass.

    Used for files that cannot be parsed (tabs, bad bytes, syntax errors, anchors), so that
    even those messages name the key at fault. It is a best guess, never an error. A line of
    a block of text (`key: |`) belongs to its key."""
    found: list[Key] = []
    stack: list[tuple[int, str | int]] = []
    block: int | None = None  # the indent of a `key: |` whose text lines we are inside
    for raw in _lines(text):
        content = raw.lstrip(" \t")
        indent = start = len(raw) - len(content)
        if content and not content.startswith("#") and (block is None or indent <= block):
            block = None
            if content.startswith(("---", "...", "%")):
                stack.clear()
                content = ""
            while content == "-" or content.startswith(("- ", "-\t")):
                while stack and stack[-1][0] > indent:
                    stack.pop()
                if stack and stack[-1][0] == indent and isinstance(stack[-1][1], int):
                    stack[-1] = (indent, stack[-1][1] + 1)
                else:
                    stack.append((indent, 0))
                rest = content[1:].lstrip(" \t")
                indent += len(content) - len(rest)
                content = rest
            match = _KEY.match(content)
            if match:
                while stack and stack[-1][0] >= indent:
                    stack.pop()
                stack.append((indent, match.group("key").strip("\"'")))
                start = indent
                content = content[match.end():].lstrip(" \t")
            if content.startswith(("|", ">")):
                block = start
        found.append(tuple(step for _, step in stack))
    return found


def _syntax_error(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
    problem = exc.problem or "the YAML is not well formed"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and context.startswith(("while scanning a quoted", "while parsing a flow",
                                                "while scanning a simple key")):
        mark = exc.context_mark  # where the unclosed quote, bracket or key starts: the fix goes there
    apostrophe = _apostrophe(exc, text)
    if apostrophe:
        mark = exc.problem_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opener = text[mark.index] if mark and mark.index < len(text) else ""
    path = _path_at(text, line)
    key = next((f"{p}: " for p in reversed(path) if isinstance(p, str)), "")
    hint = ""
    if apostrophe:
        column -= 1  # at the apostrophe itself, not the letter after it
        problem, hint = apostrophe
    elif "expected a single document" in str(exc):
        problem, hint = "the file holds more than one document", "; remove the extra '---' line"
    elif context.startswith("while scanning a quoted"):
        problem, hint = f"the quote {opener} that starts here is never closed", (
            f"; end the text with {opener}, or remove the quote")
    elif context.startswith("while parsing a flow"):
        closer = {"[": "]", "{": "}"}.get(opener, "]")
        problem, hint = f"the '{opener}' that starts here is not closed ({problem})", (
            f"; end it with '{closer}' on the same line, or put the text in quotes")
    elif context.startswith("while scanning a simple key"):
        problem, hint = "this line is not 'key: value'", (
            "; add ': ' after the key, or join it to the line above")
    elif "mapping values are not allowed" in problem:
        problem, hint = "a ':' where no new key can start", (
            "; if the ':' is part of the text, put the whole value in quotes; if a new key starts "
            "here, put it on its own line, lined up with the keys above it")
    elif "expected <block end>" in problem:
        problem, hint = "the indentation does not match the lines above", (
            "; keys at the same level must start in the same column, and a list needs '- ' "
            "before every item")
    elif "cannot start any token" in problem:
        hint = f"; put the value in quotes, like {key}\"{opener}...\""
    elif "found character" in problem and "'\\t'" in problem:
        hint = "; use spaces, not tabs"
    elif context:
        hint = f" ({context})"
    return Diagnostic(name, line, column, dotted(path), f"YAML syntax: {problem}{hint}")


def _apostrophe(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str] | None:
    """An apostrophe inside single quotes ('It's', 'l'eau') ends the quoted text, and the parser
    then reports the letters after it as a layout problem. Recognise the shape (a letter, an
    apostrophe, a letter where the parser stopped) and say what it is and how to write it."""
    mark = exc.problem_mark
    if not mark or "'<scalar>'" not in (exc.problem or "") or mark.index < 2:
        return None
    if not (text[mark.index - 1] == "'" and text[mark.index - 2].isalnum()
            and mark.index < len(text) and text[mark.index].isalnum()):
        return None
    at = mark.index - 1
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line, at = text[start:end if end >= 0 else len(text)], at - start
    head, tail = re.search(r"\w*'\w*$", line[:at + 1]), re.match(r"\w*", line[at + 1:])
    assert head and tail  # both always match: line[at] is the apostrophe, and \w* matches ""
    word = head.group(0) + tail.group(0)
    opening, closing = line.find("'"), line.rfind("'")
    inner = line[opening + 1:closing]
    written = ""
    if opening < at < closing and not re.search(r"[\"\\]|''", inner):
        written = f': "{inner}"'
    return (f"the apostrophe in {word} ends the text in single quotes early",
            f"; write the apostrophe twice ({word.replace(chr(39), chr(39) * 2)}), or put the text in "
            f"double quotes instead{written}")


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


@dataclass(frozen=True)
class Span:
    """Where one value is written in a file's text (character offsets), for line-preserving
    edits: `city-playbook import` changes a value by rewriting only these characters."""

    start: int
    end: int
    key_start: int | None
    """Where the value's key starts, when the value belongs to a mapping."""
    style: str | None
    """A scalar's style (None or '' plain, ' or " quoted, | or > block), else None."""
    flow: bool
    """A mapping or list written in brackets on one line."""
    kind: str
    """scalar, mapping or sequence."""


def spans(text: str) -> dict[Key, Span]:
    """The Span of every value of a well-formed file, keyed by the paths of Document.marks.
    Read with the strict loader's composer (anchors, aliases and tags refused); only the
    import needs these, so a build never pays for them."""
    found: dict[Key, Span] = {}

    def walk(node: Node, path: Key, key_start: int | None) -> None:
        kind = {ScalarNode: "scalar", MappingNode: "mapping", SequenceNode: "sequence"}[type(node)]
        found[path] = Span(node.start_mark.index, node.end_mark.index, key_start,
                           node.style if isinstance(node, ScalarNode) else None,
                           bool(getattr(node, "flow_style", False)), kind)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value), key.start_mark.index)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i), None)

    root = yaml.compose(text, Loader=_Loader)
    if root is not None:
        walk(root, (), None)
    return found


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
    file's values are. Raises _Refused (anchor, alias, tag) and yaml.YAMLError (syntax, a
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
                _refuse(event)
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            if skipping:
                skipping -= 1
            else:
                stack.pop()
            continue
        elif kind is AliasEvent:
            _refuse(event)
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
