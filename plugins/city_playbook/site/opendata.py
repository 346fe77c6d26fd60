"""Open data (JSON, CSV, JSON Schema): every fact the site publishes, as data.

The JSON is dumped from pydantic models, and its published schema is generated from the
same models, so the data and its schema cannot drift apart. The layout is the usual one
for open data: one JSON file with a section per subject (for programs, which want the
nesting and one schema), and one CSV file per table (for spreadsheets, which want flat
rows: a list inside a record, such as an indicator's readings, becomes its own table
keyed by the record's id). Each CSV column is described by the JSON field it comes from.

`open_data` builds the record of one build; `tables` flattens it. Both read only the
resolved Playbook, so a per-language pass can call them once per language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field

from ..core.cache import memo
from ..core.model import STATUSES, Status
from ..core.resolve import Item, Playbook
from .pages import item_href_target, page_url

DATA_FILES = {
    "json": "data/playbook.json",
    "csv": "data/commitments.csv",
    "schema": "data/playbook.schema.json",
}

_STATUS = "One of " + ", ".join(STATUSES) + "."
Day = date  # a field named `date` would hide the type inside its model
_URL = "Path of this on the site, relative to the site root, with its anchor."


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
    status: Status = Field(description=_STATUS)
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
    id: str = Field(description="Part id: A, B1 to B14, C1 to C3 or D.")
    title: str = Field(description="Title of the part.")
    clause: str = Field(description="Clause of ISO 37106.")
    component: str = Field(description="Component of the standard the part belongs to: A, B, C or D.")
    group: str | None = Field(description="Id of the group of parts, for B and C.")
    commitment: str | None = Field(description="The city's commitment for the part (Markdown).")
    lead: str | None = Field(description="The role or body that leads the part.")
    recommendations: list[ItemOut] = Field(description="The part's recommendations, the city's own last.")


class PrincipleOut(_Open):
    id: str = Field(description="Annex B principle id, or the city's own id for an added principle.")
    url: str = Field(description=_URL)
    group: str = Field(description="Id of the group of principles.")
    title: str = Field(description="Title of the principle.")
    text: str = Field(description="The principle, in the catalog's or the city's wording.")
    status: Literal["adopted", "adapted", "added", "not-adopted", "undecided"] = Field(
        description="adopted, adapted (the city's wording), added (the city's own), not-adopted, or "
                    "undecided (no decision yet).")
    catalog_text: str | None = Field(description="The catalog's wording, for an adapted principle.")
    reason: str | None = Field(description="Why the city does not adopt it.")
    agreed: date | None = Field(description="When the principle was agreed.")


class ContactOut(_Open):
    name: str = Field(description="Team or role residents can contact.")
    email: str | None = Field(description="Contact email address.")
    phone: str | None = Field(description="Contact phone number.")
    url: str | None = Field(description="Contact web page.")


class AboutOut(_Open):
    summary: str = Field(description="One or two sentences about the playbook.")
    vision: str = Field(description="The city's vision (Markdown).")
    website: str | None = Field(description="The city's own website.")
    fictional: bool = Field(description="true for an example or training city.")
    reviewed: date | None = Field(description="When the playbook as a whole was last reviewed; null until "
                                  "it has been.")
    review_every_days: int = Field(description="Days after which a commitment's or risk's review is overdue.")
    contact: ContactOut = Field(description="Who residents can contact about the playbook.")


class RoadmapItemOut(_Open):
    recommendation: str | None = Field(description="Id of the recommendation the item delivers, if any.")
    title: str = Field(description="What the item delivers.")
    status: Status = Field(description=_STATUS)


class PhaseOut(_Open):
    id: str = Field(description="Stable id of the phase.")
    url: str = Field(description=_URL)
    title: str = Field(description="Name of the phase.")
    start: date = Field(description="First day of the phase.")
    end: date = Field(description="Last day of the phase.")
    summary: str | None = Field(description="What the phase is for.")
    status: Status = Field(description="Status of the whole phase, from its items: done only when "
                           "everything applicable is done.")
    late: bool = Field(description="True when the phase's last day has passed (on the date the site "
                       "judges by) and its status is neither done nor not-applicable.")
    items: list[RoadmapItemOut] = Field(description="What the phase delivers.")


class BodyOut(_Open):
    id: str = Field(description="Stable id of the body.")
    url: str = Field(description=_URL)
    name: str = Field(description="The body's name.")
    remit: str = Field(description="What the body decides or oversees.")
    chair: str = Field(description="Who chairs it.")
    meets: str | None = Field(description="How often it meets.")
    members: list[str] = Field(description="Member roles or organisations; in the CSV, one per line.")
    records: str | None = Field(description="Where its agendas and minutes are published.")
    parts: list[str] = Field(description="Ids of the parts it oversees; in the CSV, separated by spaces.")


class AxisOut(_Open):
    id: str = Field(description="Stable id of the row or column.")
    title: str = Field(description="Its heading in the matrix.")


class CellOut(_Open):
    row: str = Field(description="Id of the row.")
    column: str = Field(description="Id of the column.")
    url: str = Field(description=_URL)
    status: Status = Field(description=_STATUS)
    owner: str | None = Field(description="The role or body accountable for the actions.")
    barriers: list[str] = Field(description="What stops the two working together; in the CSV, one per line.")
    actions: list[str] = Field(description="What the city will do about it; in the CSV, one per line.")
    standards: list[str] = Field(description="Standards the actions draw on; in the CSV, one per line.")


class InteroperabilityOut(_Open):
    summary: str | None = Field(description="What the matrix is about.")
    rows: list[AxisOut] = Field(description="The matrix's rows.")
    columns: list[AxisOut] = Field(description="The matrix's columns.")
    cells: list[CellOut] = Field(description="The cells the city has assessed; any other is not assessed.")


class InitiativeOut(_Open):
    id: str = Field(description="Stable id of the initiative.")
    url: str = Field(description=_URL)
    title: str = Field(description="The initiative's name.")
    summary: str = Field(description="What it does.")
    owner: str | None = Field(description="The role or body accountable.")
    recommendations: list[str] = Field(description="Ids of the recommendations it delivers; in the CSV, "
                                       "separated by spaces.")
    changes: list[str] = Field(description="Ids of the governance changes it brings about; in the CSV, "
                               "separated by spaces.")
    outcomes: list[str] = Field(description="Ids of the outcomes it aims at; in the CSV, separated by spaces.")
    purposes: list[str] = Field(description="Ids of the ISO 37101 purposes those outcomes serve; in the "
                                "CSV, separated by spaces.")


class MapNodeOut(_Open):
    id: str = Field(description="Stable id.")
    kind: Literal["change", "outcome", "purpose"] = Field(description="change (a governance change), "
                                                          "outcome, or purpose (of ISO 37101).")
    group: str | None = Field(description="For a change, its group; for an outcome, social, economic or "
                              "environmental.")
    title: str = Field(description="Its title.")
    summary: str = Field(description="What it means, in the project's words.")


class LinkOut(_Open):
    source: str = Field(description="Id of a change or an outcome.")
    target: str = Field(description="Id of the outcome or purpose it leads to.")


class BenefitMapOut(_Open):
    initiatives: list[InitiativeOut] = Field(description="The city's initiatives, each traced to the "
                                             "purposes it serves.")
    nodes: list[MapNodeOut] = Field(description="Governance changes, outcomes and purposes of the map "
                                    "(Annex A, illustrative, in the project's words).")
    links: list[LinkOut] = Field(description="Which change leads to which outcome, and which outcome "
                                 "serves which purpose.")


class ReadingOut(_Open):
    kind: Literal["baseline", "actual", "target"] = Field(
        description="baseline (the value the city started from), actual (measured), or target (aimed "
                    "for, by its date).")
    date: Day = Field(description="When the value was measured, or, for the target, when it is due.")
    value: float = Field(description="The value, in the indicator's unit.")


class IndicatorOut(_Open):
    id: str = Field(description="Stable id of the indicator.")
    url: str = Field(description=_URL)
    title: str = Field(description="What is measured.")
    unit: str = Field(description="Unit of the values.")
    direction: Literal["increase", "decrease"] = Field(description="Which way is better.")
    outcome: str | None = Field(description="Id of the outcome it measures.")
    initiative: str | None = Field(description="Id of the initiative it tracks.")
    owner: str | None = Field(description="The role or body that reports the figures.")
    source: str | None = Field(description="Where the data comes from.")
    progress: int | None = Field(description="Share of the way from baseline to target that the latest "
                                 "actual has come, in %.")
    readings: list[ReadingOut] = Field(description="Baseline, actuals (oldest first) and target; in the "
                                       "CSV files, the table readings.csv.")


class RiskOut(_Open):
    id: str = Field(description="Stable id of the risk.")
    url: str = Field(description=_URL)
    title: str = Field(description="The risk in a few words.")
    description: str | None = Field(description="What could happen, and why.")
    status: Literal["open", "mitigating", "closed", "accepted"] = Field(
        description="open, mitigating, closed or accepted.")
    likelihood: int = Field(description="1 (rare) to 5 (almost certain).")
    impact: int = Field(description="1 (minor) to 5 (severe).")
    score: int = Field(description="impact times likelihood.")
    level: Literal["high", "medium", "low"] = Field(description="high for a score of 15 and above, medium "
                                                    "for 6 to 14, low below 6.")
    owner: str = Field(description="The role or body that manages the risk.")
    mitigation: str = Field(description="What the city does about it.")
    reviewed: date = Field(description="When the risk was last reviewed.")
    stale: bool = Field(description="true when it is not closed and its review is older than the city's limit.")
    threatens: list[str] = Field(description="Ids of the parts it threatens; in the CSV, separated by spaces.")
    checklist: list[str] = Field(description="Ids of the Annex C checklist items it relates to; in the CSV, "
                                 "separated by spaces.")


class OpenData(_Open):
    """Every fact of one city's ISO 37106 playbook that its site publishes."""

    schema_: str = Field(alias="$schema", description="Location of this file's JSON Schema.")
    standard: str = Field(description="The standard the playbook follows.")
    city: str = Field(description="The city's name.")
    language: str = Field(description="Language of the text in this file, e.g. fr. Each language of the "
                          "site publishes the same data, ids and statuses with its own text: the default "
                          "language's at data/, another's at <code>/data/.")
    languages: list[str] = Field(description="Every language the playbook is published in, the default first.")
    generated: date = Field(description="The date statuses are judged as of: the day of the city's last "
                            "published change, or the build date (see the README).")
    licence: str | None = Field(description="Licence of this data, if the city has set one.")
    about: AboutOut = Field(description="The city's summary, vision, review cycle and contact.")
    principles: list[PrincipleOut] = Field(description="Annex B principles and the city's own.")
    parts: list[PartOut] = Field(description="Every part with its recommendations and their status.")
    roadmap: list[PhaseOut] = Field(description="The phases of the roadmap (B7); empty if not published.")
    governance: list[BodyOut] = Field(description="The governance bodies (B2); empty if not published.")
    interoperability: InteroperabilityOut | None = Field(description="The interoperability matrix (B5); "
                                                         "null if not published.")
    benefit_map: BenefitMapOut = Field(description="The benefit map (C1).")
    indicators: list[IndicatorOut] = Field(description="The indicators of the benefits (C2), with their "
                                           "readings; empty if not published.")
    risks: list[RiskOut] = Field(description="The risk register (D); empty if not published.")


def _href(target: str, directory_urls: bool) -> str:
    page, _, fragment = target.partition("#")
    return f"{page_url(page, directory_urls)}#{fragment}"


def _item(playbook: Playbook, item: Item, directory_urls: bool) -> ItemOut:
    return ItemOut(
        id=item.id, anchor=item.anchor, url=_href(item_href_target(playbook, item.id), directory_urls),
        part=item.part, text=item.text, provenance=item.provenance, status=item.status, recorded=item.recorded,
        owner=item.owner, due=item.due, reviewed=item.reviewed, stale=item.stale, overdue=item.overdue,
        evidence=[EvidenceOut(url=e.url, title=e.title) for e in item.evidence], note=item.note,
        reason=item.reason)


def open_data(playbook: Playbook, directory_urls: bool = True) -> OpenData:
    city = playbook.city
    profile = city.profile
    licence = profile.data_licence

    def href(target: str) -> str:
        return _href(target, directory_urls)

    contact = profile.contact
    bmap = playbook.catalog.benefit_map
    matrix = city.interoperability
    return OpenData.model_validate({
        "$schema": "playbook.schema.json",
        "standard": f"{playbook.catalog.standard.id}:{playbook.catalog.standard.year}",
        "city": profile.name,
        "language": playbook.catalog.language,
        "languages": list(profile.site_languages),
        "generated": playbook.today,
        "licence": licence.name if licence else None,
        "about": AboutOut(summary=profile.summary, vision=profile.vision, website=profile.website,
                          fictional=profile.fictional, reviewed=profile.reviewed,
                          review_every_days=profile.review_every_days,
                          contact=ContactOut(name=contact.name, email=contact.email, phone=contact.phone,
                                             url=contact.url)),
        "principles": [PrincipleOut(id=p.id, url=href(f"principles.md#principle-{p.id}"), group=p.group,
                                    title=p.title, text=p.text, status=p.status,
                                    catalog_text=p.catalog_text, reason=p.reason, agreed=p.agreed)
                       for p in playbook.principles],
        "parts": [PartOut(id=v.id, title=v.part.title, clause=v.part.clause, component=v.part.component,
                          group=v.group.id if v.group else None,
                          commitment=v.statement.commitment if v.statement else None,
                          lead=v.statement.lead if v.statement else None,
                          recommendations=[_item(playbook, i, directory_urls) for i in v.items])
                  for v in playbook.parts.values()],
        "roadmap": [PhaseOut(id=p.id, url=href(f"roadmap.md#phase-{p.id}"), title=p.title, start=p.start,
                             end=p.end, summary=p.summary, status=playbook.phase_status(p), late=playbook.phase_late(p),
                             items=[RoadmapItemOut(recommendation=e.item.id if e.item else None, title=e.title,
                                                   status=e.status) for e in playbook.roadmap_items(p)])
                    for p in (city.roadmap.phases if city.roadmap else ())],
        "governance": [BodyOut(id=b.id, url=href(f"governance.md#body-{b.id}"), name=b.name, remit=b.remit,
                               chair=b.chair, meets=b.meets, members=b.members, records=b.records, parts=b.parts)
                       for b in (city.governance.bodies if city.governance else ())],
        "interoperability": InteroperabilityOut(
            summary=matrix.summary, rows=[AxisOut(id=a.id, title=a.title) for a in matrix.rows],
            columns=[AxisOut(id=a.id, title=a.title) for a in matrix.columns],
            cells=[CellOut(row=c.row, column=c.column, url=href(f"interoperability.md#cell-{c.row}_{c.column}"),
                           status=c.status, owner=c.owner, barriers=c.barriers, actions=c.actions,
                           standards=c.standards) for c in matrix.cells]) if matrix else None,
        "benefit_map": BenefitMapOut(
            initiatives=[InitiativeOut(id=c.initiative.id, url=href(f"benefits.md#initiative-{c.initiative.id}"),
                                       title=c.initiative.title, summary=c.initiative.summary,
                                       owner=c.initiative.owner, recommendations=c.initiative.recommendations,
                                       changes=list(c.changes), outcomes=list(c.outcomes),
                                       purposes=list(c.purposes)) for c in playbook.chains],
            nodes=[*(MapNodeOut(id=c.id, kind="change", group=c.group, title=c.title, summary=c.summary)
                     for c in bmap.changes),
                   *(MapNodeOut(id=o.id, kind="outcome", group=o.kind, title=o.title, summary=o.summary)
                     for o in bmap.outcomes),
                   *(MapNodeOut(id=p.id, kind="purpose", group=None, title=p.title, summary=p.summary)
                     for p in playbook.catalog.standard.purposes)],
            links=[LinkOut(source=s, target=t) for s, t in bmap.links]),
        "indicators": [IndicatorOut(
            id=i.id, url=href(f"benefits.md#indicator-{i.id}"), title=i.title, unit=i.unit, direction=i.direction,
            outcome=i.outcome, initiative=i.initiative, owner=i.owner, source=i.source,
            progress=playbook.indicator_progress(i),
            readings=[ReadingOut(kind="baseline", date=i.baseline.date, value=i.baseline.value),
                      *(ReadingOut(kind="actual", date=r.date, value=r.value) for r in i.actuals),
                      ReadingOut(kind="target", date=i.target.date, value=i.target.value)])
            for i in (city.benefits.indicators if city.benefits else ())],
        "risks": [RiskOut(id=r.id, url=href(f"risk-register.md#risk-{r.id}"), title=r.title,
                          description=r.description, status=r.status, likelihood=r.likelihood, impact=r.impact,
                          score=v.score, level=v.level, owner=r.owner, mitigation=r.mitigation,
                          reviewed=r.reviewed, stale=v.stale, threatens=r.threatens, checklist=r.checklist)
                  for v in playbook.risks for r in (v.risk,)],
    })


# --- CSV: one file per table ---------------------------------------------------------------

# Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which
# they may drop before such a sign) as a formula. OWASP's advice is a leading apostrophe,
# which spreadsheets show as text. A cell that itself starts with an apostrophe gets one
# too, so that `city-playbook import` can always take exactly one away.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(text: str) -> str:
    """A value as it is written into a CSV cell, safe to open in a spreadsheet."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_value(cell: str) -> str:
    """The value a CSV cell stands for: `csv_cell` undone, exactly."""
    return cell[1:] if cell.startswith("'") else cell


def csv_text(value: object, lines: bool = False) -> str:
    """How a value is written in the CSV: lists of ids separated by spaces (lists of text,
    `lines`, one per line), booleans as true/false, whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ("\n" if lines else " ").join(csv_text(v) for v in value)
    return str(value)


Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns, each described by the JSON field it comes from."""

    name: str
    model: type[BaseModel]
    columns: tuple[str, ...]
    rows: Callable[[OpenData], Iterable[Row]]
    extra: tuple[tuple[str, str], ...] = ()  # (column, description) of columns the model lacks
    lines: tuple[str, ...] = ()  # columns that hold lists of text, written one per line

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    def described(self) -> list[tuple[str, str]]:
        extra = dict(self.extra)
        fields = self.model.model_fields
        return [(c, extra[c] if c in extra else fields[c].description or "") for c in self.columns]

    def cells(self, data: OpenData, *lead: str) -> Iterator[list[str]]:
        """Its rows as CSV cells, after the `lead` cells (a portfolio puts the city's slug
        first), every cell safe to open in a spreadsheet."""
        for row in self.rows(data):
            yield [csv_cell(v) for v in lead] + [csv_cell(csv_text(row[c], c in self.lines)) for c in self.columns]

    def write(self, data: OpenData) -> bytes:
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(self.columns)
        writer.writerows(self.cells(data))
        return out.getvalue().encode("utf-8")


def csv_writer(out: TextIO) -> Any:
    """The CSV dialect of every download: commas, minimal quoting, \\n line ends."""
    return csv.writer(out, lineterminator="\n")


def _commitment_rows(data: OpenData) -> Iterable[Row]:
    for part in data.parts:
        for item in part.recommendations:
            yield item.model_dump() | {"evidence": [e.url for e in item.evidence]}


def _reading_rows(data: OpenData) -> Iterable[Row]:
    for indicator in data.indicators:
        for reading in indicator.readings:
            yield {"indicator": indicator.id, **reading.model_dump()}


def _roadmap_rows(data: OpenData) -> Iterable[Row]:
    for phase in data.roadmap:
        for item in phase.items:
            yield {"phase": phase.id, "phase_title": phase.title, "start": phase.start, "end": phase.end,
                   "phase_status": phase.status, **item.model_dump()}


TABLES = (
    Table("commitments", ItemOut, ("id", "part", "provenance", "status", "owner", "due", "reviewed", "stale",
                                   "overdue", "evidence", "note", "reason", "text", "url"), _commitment_rows),
    Table("readings", ReadingOut, ("indicator", "kind", "date", "value"), _reading_rows,
          (("indicator", "Id of the indicator (a row of indicators.csv)."),)),
    Table("indicators", IndicatorOut, ("id", "title", "unit", "direction", "outcome", "initiative", "owner",
                                       "source", "progress", "url"),
          lambda data: (i.model_dump() for i in data.indicators)),
    Table("risks", RiskOut, (*(c for c in RiskOut.model_fields if c != "url"), "url"),
          lambda data: (r.model_dump() for r in data.risks)),
    Table("roadmap", RoadmapItemOut, ("phase", "phase_title", "start", "end", "phase_status", "recommendation",
                                      "title", "status"), _roadmap_rows,
          (("phase", "Id of the phase; one row per item the phase delivers."), ("phase_title", "Name of the phase."),
           ("start", "First day of the phase."), ("end", "Last day of the phase."),
           ("phase_status", "Status of the whole phase, from its items."))),
    Table("governance", BodyOut, tuple(BodyOut.model_fields), lambda data: (b.model_dump() for b in data.governance),
          lines=("members",)),
    Table("interoperability", CellOut, ("row", "row_title", "column", "column_title", "status", "owner",
                                        "barriers", "actions", "standards", "url"),
          lambda data: (c.model_dump() | {"row_title": _axis(data, "rows", c.row),
                                          "column_title": _axis(data, "columns", c.column)}
                        for c in (data.interoperability.cells if data.interoperability else ())),
          (("row_title", "Heading of the row."), ("column_title", "Heading of the column.")),
          ("barriers", "actions", "standards")),
    Table("initiatives", InitiativeOut, tuple(InitiativeOut.model_fields),
          lambda data: (i.model_dump() for i in data.benefit_map.initiatives)),
    Table("principles", PrincipleOut, (*(c for c in PrincipleOut.model_fields if c != "url"), "url"),
          lambda data: (p.model_dump() for p in data.principles)),
)
TABLE = {t.name: t for t in TABLES}
DATA_FILES |= {t.name: t.path for t in TABLES}


def _axis(data: OpenData, side: str, axis_id: str) -> str:
    matrix = data.interoperability
    return next(a.title for a in (getattr(matrix, side) if matrix else ()) if a.id == axis_id)


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
