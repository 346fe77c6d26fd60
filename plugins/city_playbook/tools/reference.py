"""The YAML reference for editors, generated from the models so it cannot fall out of date.

`city-playbook reference` prints it; REFERENCE.md carries a copy that a test keeps current.
"""

from __future__ import annotations

from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from ..core.catalog import Catalog, load_catalog
from ..core.city import OPTIONAL_FILES
from ..core.language import shipped
from ..core.model import (
    TRANSLATABLE,
    CityProfile,
    Commitment,
    Email,
    IsoDate,
    LanguageCode,
    Link,
    PartStatement,
    PrincipleChoice,
    RichText,
    Shorthand,
    models_in,
)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


FILES: list[tuple[str, type[BaseModel], str]] = [
    ("city.yml", CityProfile, "Required. Who the city is."),
    ("principles.yml", PrincipleChoice, "Keys are principle ids from Annex B (`vision-1`), or new ids "
     "for the city's own principles; each value is:"),
    ("commitments.yml", Commitment, "Keys are recommendation ids (`B1.a`, or `B3.my-item` for the "
     "city's own additions); each value is:"),
    *((name, model, _sentence((model.__doc__ or "").split(":", 1)[-1])) for name, model in OPTIONAL_FILES.items()),
]
# The reusable annotated types, recognised by their validators.
_NAMED = {
    validator: label
    for alias, label in ((IsoDate, "date (YYYY-MM-DD)"), (Link, "link (https, http, mailto, tel)"),
                         (RichText, "rich text (Markdown)"), (Email, "email address"),
                         (LanguageCode, "language code: " + ", ".join(f"`{c}`" for c in shipped())))
    for validator in get_args(alias)[1:] if isinstance(validator, BeforeValidator | AfterValidator)
}


def _type(annotation: Any, metadata: list[Any] | None = None) -> str:
    shown = _base_type(annotation, metadata)
    if TRANSLATABLE in (*(metadata or ()), *getattr(annotation, "__metadata__", ())):
        return f"{shown}, or one per language"
    return shown


def _base_type(annotation: Any, metadata: list[Any] | None = None) -> str:
    for item in (*(metadata or ()), *getattr(annotation, "__metadata__", ())):
        if item in _NAMED:
            return _NAMED[item]
    origin = get_origin(annotation)
    if origin in (Union, UnionType):
        return " or ".join(_type(a) for a in get_args(annotation) if a is not type(None))
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in get_args(annotation))
    if origin is list:
        return f"list of {_type(get_args(annotation)[0])}"
    if get_origin(annotation) is not None and hasattr(annotation, "__metadata__"):
        return _type(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {str: "text", int: "whole number", float: "number", bool: "`true` or `false`"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _table(model: type[BaseModel]) -> list[str]:
    lines = ["| key | type | required | meaning |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        lines.append(f"| `{name}` | {_type(info.annotation, info.metadata)} | {'yes' if info.is_required() else 'no'}"
                     f" | {(info.description or '').replace('|', '/')}{_default(info)} |")
    if issubclass(model, Shorthand):
        lines.append(f"\nMay also be written as just the value of `{model.shorthand_key}`.")
    return lines


def _default(info: FieldInfo) -> str:
    if info.is_required() or info.default in (None, [], ""):
        return ""
    value = str(info.default).lower() if isinstance(info.default, bool) else info.default
    return f" Default: `{value}`."


def _catalog_ids(catalog: Catalog) -> list[str]:
    """The ids the city's files refer to but the editor did not choose: each with its name,
    so nobody has to guess them from the site."""
    bmap = catalog.benefit_map
    groups = {g.id: g.title for g in catalog.principles.groups}
    lists = [
        ("Parts", "keys of `commitments.yml` (`B1:`), the start of every recommendation id (`B1.a`), "
         "`parts` in `governance.yml`, `threatens` in `risks.yml`",
         [(p.id, p.title) for p in catalog.ordered_parts()]),
        ("Annex A governance changes", "`changes` of an initiative in `benefits.yml`",
         [(c.id, c.title) for c in bmap.changes]),
        ("Annex A outcomes", "`outcomes` of an initiative and `outcome` of an indicator in `benefits.yml`",
         [(o.id, o.title) for o in bmap.outcomes]),
        ("Annex B principles", "keys of `principles.yml`",
         [(p.id, f"{p.title} ({groups[p.group]})") for p in catalog.principles.principles]),
        ("Annex C checklist items", "`checklist` of a risk in `risks.yml`",
         [(r.id, r.title) for r in catalog.risks.risks]),
    ]
    lines = ["#### Ids from the catalog", "",
             "The ids below come from the standard's structure and the catalog; write them exactly as "
             "shown. Each is also shown next to its name on the site (the part pages and Annexes A to C).", ""]
    for title, used, rows in lists:
        lines += [f"##### {title}", "", f"Used in: {used}.", "", "| id | name |", "| --- | --- |",
                  *(f"| `{rid}` | {name.replace('|', '/')} |" for rid, name in rows), ""]
    return lines


def markdown(catalog: Catalog | None = None) -> str:
    lines: list[str] = []
    done: set[type[BaseModel]] = set()
    queue: list[type[BaseModel]] = []
    for filename, model, intro in FILES:
        lines += [f"#### `{filename}`", "", intro, "", *_table(model), ""]
        if filename == "commitments.yml":
            lines += ["Keys that are part ids (`B1`) hold the city's text for the whole part:", "",
                      *_table(PartStatement), ""]
        done.add(model)
        queue += [m for info in model.model_fields.values() for m in models_in(info.annotation)]
    while queue:
        model = queue.pop(0)
        if model in done:
            continue
        done.add(model)
        lines += [f"#### {model.__name__}", "", (model.__doc__ or "").strip(), "", *_table(model), ""]
        queue += [m for info in model.model_fields.values() for m in models_in(info.annotation)]
    lines += _catalog_ids(catalog or load_catalog())
    return "\n".join(line for line in lines).replace("\n\n\n", "\n\n").strip() + "\n"
