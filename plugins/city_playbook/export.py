"""Open data (JSON, CSV, JSON Schema) and the plugin-free MkDocs project.

The JSON is dumped from pydantic models, and its published schema is generated from the
same models, so the data and its schema cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .layout import item_href_target, page_url
from .model import STATUSES
from .resolve import Item, Playbook

DATA_FILES = {
    "json": "data/playbook.json",
    "csv": "data/commitments.csv",
    "schema": "data/playbook.schema.json",
}


class _Open(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceOut(_Open):
    url: str = Field(description="Link to the evidence.")
    title: str | None = Field(description="What the link shows.")


class ItemOut(_Open):
    id: str = Field(description="Recommendation id, e.g. B1.a; city additions have ids such as "
                    "B3.youth-panel.")
    anchor: str = Field(description="Stable anchor of the item on its page, e.g. b1-a.")
    url: str = Field(description="Path of the item on this site, relative to the site root.")
    part: str = Field(description="Id of the part, e.g. B1.")
    text: str = Field(description="The recommendation, in the project's or the city's words.")
    provenance: Literal["standard", "guidance", "city"] = Field(
        description="standard: lettered in ISO 37106 (restated in the project's words); guidance: "
                    "the project's own recommendation; city: added by the city.")
    status: Literal[STATUSES] = Field(description="One of " + ", ".join(STATUSES) + ".")  # type: ignore[valid-type]
    recorded: bool = Field(description="false when the city has not yet made an entry.")
    owner: str | None = Field(description="Role or body accountable.")
    due: date | None = Field(description="Due date.")
    reviewed: date | None = Field(description="When the entry was last reviewed.")
    stale: bool = Field(description="true when the review is older than the city's limit.")
    overdue: bool = Field(description="true when the due date has passed and it is not done.")
    evidence: list[EvidenceOut] = Field(description="Links that show the work; in the CSV, the addresses "
                                        "separated by spaces.")
    note: str | None = Field(description="The city's note on the item.")
    reason: str | None = Field(description="Why it does not apply (status not-applicable).")


class PartOut(_Open):
    id: str
    title: str
    clause: str = Field(description="Clause of ISO 37106.")
    component: str
    group: str | None
    commitment: str | None = Field(description="The city's commitment for the part (Markdown).")
    recommendations: list[ItemOut]


class PrincipleOut(_Open):
    id: str
    group: str
    title: str
    text: str
    status: Literal["adopted", "adapted", "added", "not-adopted", "undecided"]
    reason: str | None


class OpenData(_Open):
    """Every commitment of one city's ISO 37106 playbook."""

    schema_: str = Field(alias="$schema", description="Location of this file's JSON Schema.")
    standard: str = Field(description="The standard the playbook follows.")
    city: str
    generated: date = Field(description="Build date of the site.")
    licence: str | None = Field(description="Licence of this data, if the city has set one.")
    principles: list[PrincipleOut]
    parts: list[PartOut]


def _item(playbook: Playbook, item: Item, directory_urls: bool) -> ItemOut:
    page, _, fragment = item_href_target(playbook, item.id).partition("#")
    return ItemOut(
        id=item.id, anchor=item.anchor, url=f"{page_url(page, directory_urls)}#{fragment}", part=item.part,
        text=item.text, provenance=item.provenance, status=item.status, recorded=item.recorded,
        owner=item.owner, due=item.due, reviewed=item.reviewed, stale=item.stale, overdue=item.overdue,
        evidence=[EvidenceOut(url=e.url, title=e.title) for e in item.evidence], note=item.note,
        reason=item.reason)


def open_data(playbook: Playbook, directory_urls: bool = True) -> OpenData:
    licence = playbook.city.profile.data_licence
    return OpenData.model_validate({
        "$schema": "playbook.schema.json",
        "standard": f"{playbook.catalog.standard.id}:{playbook.catalog.standard.year}",
        "city": playbook.city.profile.name,
        "generated": playbook.today,
        "licence": licence.name if licence else None,
        "principles": [PrincipleOut(id=p.id, group=p.group, title=p.title, text=p.text, status=p.status,
                                    reason=p.reason) for p in playbook.principles],
        "parts": [PartOut(id=v.id, title=v.part.title, clause=v.part.clause, component=v.part.component,
                          group=v.group.id if v.group else None,
                          commitment=v.statement.commitment if v.statement else None,
                          recommendations=[_item(playbook, i, directory_urls) for i in v.items])
                  for v in playbook.parts.values()],
    })


CSV_COLUMNS = ("id", "part", "provenance", "status", "owner", "due", "reviewed", "stale", "overdue",
               "evidence", "note", "reason", "text", "url")


def _cell(value: object) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a leading ' stops that."""
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def data_files(playbook: Playbook, directory_urls: bool = True) -> dict[str, bytes]:
    """The downloads of the Open data page, keyed by their path in the site."""
    data = open_data(playbook, directory_urls)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for part in data.parts:
        for item in part.recommendations:
            row = item.model_dump()
            row["evidence"] = " ".join(e["url"] for e in row["evidence"])
            writer.writerow(_cell(row[c]) for c in CSV_COLUMNS)
    return {
        DATA_FILES["json"]: data.model_dump_json(by_alias=True, indent=2).encode() + b"\n",
        DATA_FILES["csv"]: out.getvalue().encode("utf-8"),
        DATA_FILES["schema"]: _open_data_schema(),
    }


@cache
def _open_data_schema() -> bytes:
    """The same for every city and build, so a long-lived process makes it once."""
    schema = OpenData.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True).encode() + b"\n"


def field_reference() -> list[tuple[str, str]]:
    """(field, description) for every column of the CSV, for the Open data page."""
    fields = ItemOut.model_fields
    return [(c, (fields[c].description or "") if c in fields else "") for c in CSV_COLUMNS]
