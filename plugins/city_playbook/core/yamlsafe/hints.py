"""Messages for files the parser cannot read (tabs, bad bytes, syntax errors): what is
wrong in words an editor knows, where, and what to write; and the key a line belongs to,
guessed from the indentation, so that even those messages name the key at fault."""

from __future__ import annotations

import re

import yaml

from ..diagnostics import Diagnostic
from .document import Key, dotted

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s#"'\[\]{},][^#]*?)[ \t]*:(?:[ \t]|$)""")


def split_lines(text: str) -> list[str]:
    """The lines of `text` as YAML (and so every mark) counts them."""
    return _LINE_BREAK.split(text)


def tab_indents(text: str, name: str) -> list[Diagnostic]:
    found = []
    lines = split_lines(text)
    for number, line in enumerate(lines, 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip(" \t"):  # a blank line with a tab in it is harmless
            found.append((number, indent.index("\t") + 1))
    paths = _key_paths(text) if found else []
    return [Diagnostic(name, number, column, dotted(paths[number - 1]), "a tab is used for indentation; "
                       "indent with spaces") for number, column in found]


def path_at(text: str, line: int) -> Key:
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
    for raw in split_lines(text):
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


def syntax_error(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
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
    path = path_at(text, line)
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
