"""Checking loaded YAML against a model: every problem found, and the well-formed part of a
file kept (`salvage`) so that one mistake does not hide another."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    TypeAdapter,
    ValidationError,
)
from pydantic.fields import FieldInfo

from ..cache import memo
from ..diagnostics import Diagnostic, Severity, did_you_mean
from ..yamlsafe import Document, Key, nodes
from .annotations import model_at, unwrap
from .base import M, Shorthand, Strict
from .messages import empty, translate


def check(model: type[M], doc: Document, data: Any, path: Key = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (found at `path` in `doc`) and translate every error for editors."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors()
        return None, [diagnostic for err in errors if not _misspelt(model, err, errors)
                      for diagnostic in translate(model, doc, path, err)]


def salvage(model: type[M], data: Any) -> M:
    """The well-formed part of `data`, which failed `check`, so that the rules relating its
    values to each other and to the catalog still run on it: one mistake in a file must not
    hide another (a likelihood of 6 must not hide an unknown checklist id in the same risk).

    Every field that validates on its own keeps its value; one that does not is marked in
    `_invalid` (see `valid`) and holds its default, [] for a list, or None. Entries of a
    list keep their places, so messages still name the right item. The result is never
    validated and never published: the errors that made it are always reported, and stop
    the build. Pydantic has no mode that keeps the valid part of a model, hence this.
    """
    if isinstance(data, str) and issubclass(model, Shorthand):
        data = {model.shorthand_key: data}
    given = data if isinstance(data, dict) else None
    values: dict[str, Any] = {}
    invalid: set[str] = set()
    for name, info in model.model_fields.items():
        if given is None or name not in given:
            if given is None or info.is_required():
                invalid.add(name)
                values[name] = _stand_in(info)
            continue
        value, ok = _salvaged_field(model, name, given[name])
        values[name] = value
        if not ok:
            invalid.add(name)
    result = model.model_construct(**values)
    result._invalid = frozenset(invalid)
    return result


def valid(entry: BaseModel, *names: str) -> bool:
    """True when each of the named fields of `entry` was well formed (always, unless `entry`
    was salvaged): a rule about a value that is already reported as wrong would only add a
    second, misleading message."""
    return not getattr(entry, "_invalid", frozenset()).intersection(names)


def _salvaged_field(model: type[BaseModel], name: str, raw: Any) -> tuple[Any, bool]:
    info = model.model_fields[name]
    inner = unwrap(info.annotation)
    if isinstance(inner, type) and issubclass(inner, Strict):
        if raw is None:  # an empty key: fine where the entry is optional
            return (None, True) if not info.is_required() else (_stand_in(info), False)
        entry = salvage(inner, raw)
        return entry, not entry._invalid
    item = unwrap(get_args(inner)[0]) if get_origin(inner) is list else None
    if isinstance(item, type) and issubclass(item, Strict) and isinstance(raw, list):
        return [salvage(item, value) for value in raw], True  # each entry says what is wrong in it
    try:
        return _field_adapter(model, name).validate_python(raw), True
    except ValidationError:
        return _stand_in(info), False


def _stand_in(info: FieldInfo) -> Any:
    """What a salvaged field holds when its value is missing or not well formed: something the
    rules can read without checking its type first (its default, [], an entry of stand-ins)."""
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    inner = unwrap(info.annotation)
    if get_origin(inner) is list:
        return []
    return salvage(inner, None) if isinstance(inner, type) and issubclass(inner, Strict) else None


@memo()
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """One field's type with its constraints (`ge=1`), validated as strictly as the model does."""
    info = model.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation, config=ConfigDict(strict=True))


def _misspelt(model: type[BaseModel], err: Any, errors: list[Any]) -> bool:
    """A missing key that an unknown key next to it is a misspelling of (`stauts` for
    `status`): one mistake gets one message, the unknown key's did-you-mean."""
    if err["type"] != "missing":
        return False
    parent, name = err["loc"][:-1], str(err["loc"][-1])
    owner = model_at(model, parent)
    allowed = list(owner.model_fields) if owner else []
    suggestion = f" Did you mean '{name}'?"
    return any(e["type"] == "extra_forbidden" and e["loc"][:-1] == parent
               and did_you_mean(str(e["loc"][-1]), allowed) == suggestion for e in errors)


def empty_values(model: type[BaseModel], doc: Document, data: Any, path: Key = ()) -> Iterator[Diagnostic]:
    """Warnings for optional keys written without a value (`owner:`). The model reads them as
    left out, so the site would silently show nothing where the editor meant to write
    something. Keys that cannot be empty are not repeated here: their error says so."""
    for loc, value in nodes(data):
        if value is None and loc and isinstance(loc[-1], str):  # a key of a mapping, with no value
            owner = model_at(model, loc[:-1])
            info = owner.model_fields.get(loc[-1]) if owner else None
            if info is not None and type(None) in get_args(info.annotation):
                yield doc.error((*path, *loc), empty(doc, (*path, *loc), loc[-1], "write a value or delete the line"),
                                severity=Severity.WARNING)


def known(doc: Document, path: Key, value: str | None, choices: Iterable[str | None],
          what: str = "a known id") -> Iterator[Diagnostic]:
    """An error when `value` is not one of `choices`, with a did-you-mean. None, as a value or
    a choice, was not well formed (see `salvage`) and is reported already."""
    if value is not None and value not in choices:
        yield doc.error(path, f"'{value}' is not {what}."
                        f"{did_you_mean(value, sorted(c for c in choices if c is not None))}")


def unique(doc: Document, path: Key, ids: Sequence[str | None], field: str | None = "id") -> Iterator[Diagnostic]:
    """An error for each id used a second time in the list at `path` (of entries with an `id`
    field, or, with `field=None`, of plain values)."""
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value is None:
            continue
        if value in seen:
            if field:
                yield doc.error((*path, i, field), f"the id '{value}' is used twice; ids must be unique")
            else:
                yield doc.error((*path, i), f"'{value}' is written twice; write each once")
        seen.add(value)
