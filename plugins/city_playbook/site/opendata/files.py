"""The downloads of the Open data page: the JSON, its JSON Schema and the CSV tables."""

from __future__ import annotations

import json

from pydantic import BaseModel

from ...core.cache import memo
from ...core.resolve import Playbook
from .build import open_data
from .models import OpenData
from .tables import TABLES

DATA_FILES = {
    "json": "data/playbook.json",
    "csv": "data/commitments.csv",
    "schema": "data/playbook.schema.json",
    **{t.name: t.path for t in TABLES},
}


def data_files(playbook: Playbook, directory_urls: bool = True) -> dict[str, bytes]:
    """The downloads of the Open data page, keyed by their path in the site."""
    data = open_data(playbook, directory_urls)
    return {
        DATA_FILES["json"]: data.model_dump_json(by_alias=True, indent=2).encode() + b"\n",
        **{t.path: t.write(data) for t in TABLES},
        DATA_FILES["schema"]: _open_data_schema(),
    }


def json_schema(model: type[BaseModel]) -> bytes:
    """The published JSON Schema (draft 2020-12) of an open-data model."""
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True).encode() + b"\n"


@memo()
def _open_data_schema() -> bytes:
    """The same for every city and build, so a long-lived process makes it once."""
    return json_schema(OpenData)
