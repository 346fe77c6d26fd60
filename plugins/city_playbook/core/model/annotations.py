"""The walk through a model's annotations that the error messages, the text written per
language and the YAML reference share. Pydantic gives the fields of one model, not the way
through nested ones (a list of models, an Optional, an Annotated alias); this follows it."""

from __future__ import annotations

from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..yamlsafe import Key


def unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional so only the real type is left."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def metadata(annotation: Any) -> list[Any]:
    """The Annotated metadata of an annotation, also inside an Optional."""
    if get_origin(annotation) is Annotated:
        return list(annotation.__metadata__)
    if get_origin(annotation) in (Union, UnionType):
        return [m for a in get_args(annotation) for m in metadata(a)]
    return []


def follow(model: Any, loc: Key) -> tuple[Any, list[Any]] | None:
    """The annotation of the value at `loc` in data checked against `model`, with the
    metadata of the field its last step names ([] after a list index or a dict key); None
    where `loc` leaves the model (a key it does not have, a step into a plain value)."""
    current, field_metadata = model, []
    for step in loc:
        current = unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(step))
            if info is None:
                return None
            current, field_metadata = info.annotation, list(info.metadata)
        else:  # a list or dict: step is an index or a key; go to the item type
            args = get_args(current)
            if not args:
                return None
            current, field_metadata = args[-1], []
    return current, field_metadata


def model_at(model: type[BaseModel], loc: Key) -> type[BaseModel] | None:
    """The model that holds the value at `loc`, if that value is an entry with keys."""
    found = follow(model, loc)
    inner = unwrap(found[0]) if found else None
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models used inside an annotation (in a list, an Optional, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in models_in(arg)]
