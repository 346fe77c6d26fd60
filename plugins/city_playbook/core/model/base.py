"""The building blocks of every model: strict parsing, the reusable annotated types (dates,
links, rich text, ids, translatable text)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from .. import richtext
from ..diagnostics import one_of
from ..ids import SLUG
from ..language import shipped
from ..yamlsafe import Key
from .annotations import follow, metadata

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise PydanticCustomError("iso_date", "'{value}' is not a date; write it as YYYY-MM-DD, "
                                      "for example 2026-03-31", {"value": value})
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("iso_date", "'{value}' is not a real date; check the month "
                                      "and day (YYYY-MM-DD)", {"value": value}) from None
    if isinstance(value, date):
        return value
    raise PydanticCustomError("iso_date", "expected a date written as YYYY-MM-DD, for example "
                              "2026-03-31", {})


def checked_link(value: str) -> str:
    scheme = _SCHEME.match(value)
    if not scheme or scheme.group(1).lower() not in richtext.ALLOWED_SCHEMES or any(c.isspace() for c in value):
        raise PydanticCustomError(
            "link", "'{value}' is not an allowed link; write a full address starting with "
            "https://, http://, mailto: or tel:", {"value": value})
    if (scheme.group(1).lower() in ("http", "https") and not value.lower().startswith(
            ("http://", "https://"))) or value.lower() in ("http://", "https://"):
        raise PydanticCustomError("link", "'{value}' is not a complete web address; write it like "
                                  "https://example.org/page", {"value": value})
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[A-Za-z]{2,}", value):
        raise PydanticCustomError("email", "'{value}' is not an email address; write it like "
                                  "name@city.example", {"value": value})
    return value


def _language(value: str) -> str:
    if value not in shipped():
        raise PydanticCustomError("language", "'{value}' is not a language the site can be written in; "
                                  "use one of {languages}", {"value": value, "languages": one_of(shipped())})
    return value


class Translatable:
    """Marks text an editor may write once (the site's default language) or per language,
    `vision: {fr: ..., en: ...}`; its JSON Schema accepts both forms."""

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        text = handler(core)
        per_language = {"type": "object", "minProperties": 1, "propertyNames": {"enum": list(shipped())},
                        "additionalProperties": text,
                        "description": "The text in each language of the site, e.g. {fr: ..., en: ...}."}
        return {"anyOf": [text, per_language]}


TRANSLATABLE = Translatable()
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), TRANSLATABLE]
LanguageCode = Annotated[str, AfterValidator(_language), Field(json_schema_extra={"enum": list(shipped())})]


def _rich(value: str) -> str:
    found = richtext.problems(value)
    if found:
        raise PydanticCustomError("rich_text", "{problems}", {"problems": "; ".join(p.message for p in found),
                                                              "found": found})
    return value


RichText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_rich),
    Field(json_schema_extra={"x-rich-text": True}),
    TRANSLATABLE,
]
IsoDate = Annotated[date, BeforeValidator(iso_date), Field(json_schema_extra={"type": "string",
                                                                                "format": "date"})]
Link = Annotated[str, AfterValidator(checked_link), Field(json_schema_extra={"format": "uri"})]
Email = Annotated[str, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
Slug = Annotated[str, StringConstraints(pattern=f"^{SLUG}$", max_length=60)]
PART_ID_MARK = "x-part-id"
"""Marks a part id in the JSON Schema, where `city.schemas` lists the catalog's part ids."""
PartId = Annotated[str, Field(json_schema_extra={PART_ID_MARK: True})]
"""A part of the standard, named in a city's file: which ids exist is the loaded catalog's
to say (it can be replaced with `--catalog`), so the city's rules check it, not a pattern."""
Status = Literal["not-started", "planned", "in-progress", "done", "not-applicable"]
STATUSES: tuple[str, ...] = get_args(Status)
Clause = Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$")]


M = TypeVar("M", bound="Strict")


class Strict(BaseModel):
    """Unknown keys are errors and nothing is coerced: what an editor wrote is what we use."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    # The fields that were not well formed, in a model made by `salvage`; always empty in a
    # validated one.
    _invalid: frozenset[str] = PrivateAttr(frozenset())


class Shorthand(Strict):
    """A model that may also be written as one bare value, which fills `shorthand_key`:
    `vision-1: adopted` means `vision-1: {status: adopted}`."""

    shorthand_key: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, value: Any) -> Any:
        return {cls.shorthand_key: value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        full = handler(core)
        short = handler.resolve_ref_schema(full)["properties"][cls.shorthand_key]
        return {"anyOf": [short, full]}


def translatable(model: Any, loc: Key) -> bool:
    """Whether the value at `loc` (in data checked against `model`) is text an editor may
    write per language."""
    found = follow(model, loc)
    return found is not None and (TRANSLATABLE in found[1] or TRANSLATABLE in metadata(found[0]))
