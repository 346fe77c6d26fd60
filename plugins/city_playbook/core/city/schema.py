"""JSON Schema of every city file, for editors' tools (completion and inline errors)."""

from __future__ import annotations

import re
from typing import Any

from ..catalog import Catalog, load_catalog
from ..ids import SLUG
from ..model import PART_ID_MARK, CityProfile, Commitment, PartStatement, PrincipleChoice, Strict
from .folder import OPTIONAL_FILES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schemas(catalog: Catalog | None = None) -> dict[str, dict[str, Any]]:
    """JSON Schema of every city file, keyed by the schema's file name (`city.schema.json`),
    with the part ids of `catalog` (the shipped one by default).

    Editors' tools (VS Code with the YAML extension, JetBrains IDEs, web editors) use these
    for completion and inline errors; the build's own checks remain the authority."""
    part_ids = (catalog or load_catalog()).part_ids
    parts = "|".join(re.escape(pid) for pid in part_ids)

    def keyed(title: str, description: str, patterns: dict[str, type[Strict]]) -> dict[str, Any]:
        defs: dict[str, Any] = {}
        properties = {}
        for pattern, model in patterns.items():
            schema = model.model_json_schema(ref_template="#/$defs/{model}")
            defs.update(schema.pop("$defs", {}))
            defs[model.__name__] = schema
            properties[pattern] = {"$ref": f"#/$defs/{model.__name__}"}
        return {"title": title, "description": description, "type": "object",
                "patternProperties": properties, "additionalProperties": False, "$defs": defs}

    result = {
        "city.schema.json": CityProfile.model_json_schema(),
        "principles.schema.json": keyed(
            "principles.yml", "Each Annex B principle id (or a new id for the city's own) and what "
            "the city decided.", {f"^{SLUG}$": PrincipleChoice}),
        "commitments.schema.json": keyed(
            "commitments.yml", "Part ids (B1) with the city's commitment text, and recommendation ids "
            "(B1.a, or B3.my-item for the city's own) with their status.",
            {f"^({parts})$": PartStatement, f"^({parts})\\.{SLUG}$": Commitment}),
    }
    for name, model in OPTIONAL_FILES.items():
        result[name.replace(".yml", ".schema.json")] = model.model_json_schema()
    for name, schema in result.items():
        _list_part_ids(schema, part_ids)
        schema["$schema"] = SCHEMA_DIALECT
        schema["$id"] = name
    return result


def _list_part_ids(schema: Any, part_ids: list[str]) -> None:
    """Each value marked as a part id (`PartId`) gets the catalog's ids as its enum."""
    if isinstance(schema, dict):
        if schema.pop(PART_ID_MARK, False):
            schema["enum"] = list(part_ids)
        for value in schema.values():
            _list_part_ids(value, part_ids)
    elif isinstance(schema, list):
        for value in schema:
            _list_part_ids(value, part_ids)
