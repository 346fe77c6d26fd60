"""Pydantic's errors in an editor's words: one message per error, naming what to write.

A table keyed by pydantic's error type (`_MESSAGES`), as pydantic's documentation
recommends, and the few rules that need the model around the error (a misspelt key, a
value where a mapping belongs)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, get_args

from pydantic import (
    BaseModel,
    StringConstraints,
)

from ..diagnostics import Diagnostic, did_you_mean, one_of
from ..yamlsafe import Document, Key, dotted
from .annotations import model_at
from .base import STATUSES, Clause, Shorthand, Slug
from .standard import Code

# --- Checking loaded YAML against a model -----------------------------------------------

_PATTERN_HINTS = {
    Slug: "use lowercase letters, digits and dashes, like 'youth-panel'",
    Code: "write a component or part id: a capital letter, then capitals or digits, like B1",
    Clause: "write a clause number in quotes, like \"6.3\"",
}
_PATTERN_HINTS_BY_REGEX = {
    meta.pattern: hint
    for alias, hint in _PATTERN_HINTS.items()
    for meta in get_args(alias)[1:]
    if isinstance(meta, StringConstraints) and meta.pattern
}


def translate(model: type[BaseModel], doc: Document, path: Key, err: Any) -> list[Diagnostic]:
    """The messages for one pydantic error: one, or one per problem of a rich text, each on
    its own line of a long text."""
    if err["type"] == "rich_text":
        loc: Key = (*path, *err["loc"])
        marks = [doc.find(loc, problem.snippet) for problem in err["ctx"]["found"]]
        return [Diagnostic(doc.file, mark.line, mark.column, dotted(loc), problem.message)
                for mark, problem in zip(marks, err["ctx"]["found"], strict=True)]
    return [_translate_one(model, doc, path, err)]


# `accent: #1d4f91`: YAML reads a value that starts with # (after a space) as a comment, so
# the key has no value; what followed the # is what the editor meant to write.
_COMMENTED_VALUE = re.compile(r"[^:#]+:[ \t]+(#\S.*?)(?:[ \t]+#.*)?[ \t]*$")


def empty(doc: Document, loc: Key, name: str, advice: str) -> str:
    """The message for a key written without a value: `advice` says what to do, unless the
    value is there but was read as a comment, which the message then explains."""
    key = doc.key_marks.get(loc)
    lines = doc.text.splitlines()
    if key is not None and 0 < key.line <= len(lines):
        found = _COMMENTED_VALUE.match(lines[key.line - 1][key.column - 1:])
        if found:
            return (f"'{name}' is empty: YAML reads everything from a # on as a comment, so write the value "
                    f"in quotes: {name}: \"{found.group(1)}\"")
    return f"'{name}' is empty; {advice}"


def _translate_one(model: type[BaseModel], doc: Document, path: Key, err: Any) -> Diagnostic:
    loc: Key = (*path, *err["loc"])
    kind, value = err["type"], err.get("input")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    if kind == "extra_forbidden":
        owner = model_at(model, err["loc"][:-1])
        allowed = list(owner.model_fields) if owner else []
        hint = getattr(owner, "unknown_key_hint", "")
        return doc.error(loc, f"unknown key '{loc[-1]}'.{did_you_mean(str(loc[-1]), allowed)} "
                         f"Allowed keys here: {one_of(allowed)}.{hint}", at_key=True)
    if kind == "missing":
        return doc.error(loc, f"'{name}' is missing; add it{_described(model, err['loc'])}")
    if (value is None and kind not in ("iso_date",)) or kind == "string_too_short":
        return doc.error(loc, empty(doc, loc, name, _fill_in(model, err["loc"])))
    if kind == "literal_error":
        expected = [e.strip(" '") for e in err["ctx"]["expected"].replace(" or ", ", ").split(",")]
        return doc.error(loc, f"{_show(value)} is not a {name}; use one of {one_of(expected)}."
                         f"{did_you_mean(str(value), expected)}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return doc.error(loc, _not_a_mapping(model_at(model, err["loc"]), value, loc[-1] if loc else ""))
    return doc.error(loc, _message(kind, value, err))


def _not_a_mapping(owner: type[BaseModel] | None, value: Any, key: str | int) -> str:
    """What to write where an entry needs keys: say so in the entry's own terms."""
    kinds: dict[type, str] = {dict: "a mapping", list: "a list (lines starting with '- ')"}
    got = kinds.get(type(value), _show(value))
    if owner is not None and issubclass(owner, Shorthand):
        return (f"expected {owner.shorthand_key} as text, or a mapping (key: value lines), got {got}; "
                f"put text in quotes")
    if isinstance(value, str) and value in STATUSES and owner is not None and "status" in owner.model_fields:
        where = f"under '{key}:'" if isinstance(key, str) else "in the item"  # an id, or a place in a list
        return f"write 'status: {value}' on its own line, indented {where}"
    return f"expected a mapping (key: value lines), got {got}"


def _got(value: Any) -> str:
    """What the editor wrote, in the words of a message: a mapping, a list, the number 3, 'x'."""
    shape: dict[type, str] = {dict: "a mapping (key: value lines)", list: "a list (lines starting with '- ')"}
    return shape.get(type(value)) or (f"the number {value}" if isinstance(value, int | float)
                                      and not isinstance(value, bool) else _show(value))


def _expected_text(value: Any, err: Any) -> str:
    hint = f"; put it in quotes: '{value}'" if isinstance(value, int | float | bool) else ""
    return f"expected text, got {_got(value)}{hint}"


def _expected_bool(value: Any, err: Any) -> str:
    if value in ("true", "false"):
        return f"{_show(value)} is text because of the quotes; write {value} without quotes"
    return f"{_show(value)} is not true or false; write true or false"


def _expected_number(value: Any, err: Any, whole: bool) -> str:
    hint = "; write a plain number, like 365" if whole else "; write a plain number, like 3100 or 2.5"
    if isinstance(value, str) and re.fullmatch(r"-?0[0-9]+", value):
        hint = f"; write it without the leading zero, like {int(value)}"
    elif isinstance(value, str) and re.fullmatch(r"[\d\s,.']+", value):
        hint = "; write numbers without separators, like 3100 or 2.5"
    elif isinstance(value, str) and re.fullmatch(r"\d+:\d+", value):
        hint = "; a time such as 9:30 is not a number: write a plain number, or put text in quotes"
    return f"expected a {'whole ' if whole else ''}number, got {_got(value)}{hint}"


def _pattern(value: Any, err: Any) -> str:
    hint = _PATTERN_HINTS_BY_REGEX.get(err["ctx"]["pattern"], f"it must match {err['ctx']['pattern']}")
    return f"{_show(value)} is not allowed here; {hint}"


def _whole_number(value: Any, err: Any) -> str:
    return _expected_number(value, err, whole=True)


def _any_number(value: Any, err: Any) -> str:
    return _expected_number(value, err, whole=False)


def _out_of_range(value: Any, err: Any) -> str:
    return f"{_show(value)} is out of range; write a number {err['msg'].removeprefix('Input should be ')}"


def _expected_list(value: Any, err: Any) -> str:
    return f"expected a list (lines starting with '- '), got {_got(value)}"


# Our message for each of pydantic's error types (as pydantic's documentation recommends:
# a table keyed by `type`); a type not listed keeps pydantic's own message.
_MESSAGES: dict[str, Callable[[Any, Any], str]] = {
    "string_type": _expected_text,
    "bool_type": _expected_bool,
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), _whole_number),
    **dict.fromkeys(("float_type", "float_parsing"), _any_number),
    **dict.fromkeys(("list_type", "tuple_type"), _expected_list),
    "string_too_long": lambda value, err: f"is too long (at most {err['ctx']['max_length']} characters)",
    "string_pattern_mismatch": _pattern,
    "too_short": lambda value, err: f"needs at least {err['ctx']['min_length']} item(s)",
    "too_long": lambda value, err: f"has too many items (at most {err['ctx']['max_length']})",
    "finite_number": lambda value, err: "the number is too large to use; write a plain number, like 3100 or 2.5",
    **dict.fromkeys(("greater_than_equal", "less_than_equal", "greater_than", "less_than"), _out_of_range),
}


def _message(kind: str, value: Any, err: Any) -> str:
    say = _MESSAGES.get(kind)
    return say(value, err) if say else err["msg"]


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _fill_in(model: type[BaseModel], loc: Key) -> str:
    """What to do about an empty value: a required key needs one, an optional one can go."""
    owner = model_at(model, loc[:-1]) if loc else None
    info = owner.model_fields.get(str(loc[-1])) if owner else None
    if info is not None and not info.is_required():
        return "write a value or delete the line"
    keys = model_at(model, loc)
    if keys is not None:
        return f"add its keys ({one_of(keys.model_fields)}) on the lines below it, indented"
    return f"write a value{_described(model, loc)}"


def _described(model: type[BaseModel], loc: Key) -> str:
    owner = model_at(model, loc[:-1])
    info = owner.model_fields.get(str(loc[-1])) if owner else None
    return f" ({info.description})" if info and info.description else ""
