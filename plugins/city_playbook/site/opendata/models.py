"""The published open data's format: one pydantic model per record, each field described.

The JSON is dumped from these models and its published schema generated from them, so the
data and its schema cannot drift apart; the CSV columns take their descriptions from them
too (`tables`).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...core.model import STATUSES, Status

_STATUS = "One of " + ", ".join(STATUSES) + "."
Day = date  # a field named `date` would hide the type inside its model
_URL = "Path of this on the site, relative to the site root, with its anchor."


class OpenRecord(BaseModel):
    """A record of the published data: every field declared, nothing changed once made (the
    portfolio's records are built on it too)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceOut(OpenRecord):
    url: str = Field(description="Link to the evidence.")
    title: str | None = Field(description="What the link shows.")


class ItemOut(OpenRecord):
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


class PartOut(OpenRecord):
    id: str = Field(description="Part id: A, B1 to B14, C1 to C3 or D.")
    title: str = Field(description="Title of the part.")
    clause: str = Field(description="Clause of ISO 37106.")
    component: str = Field(description="Component of the standard the part belongs to: A, B, C or D.")
    group: str | None = Field(description="Id of the group of parts, for B and C.")
    commitment: str | None = Field(description="The city's commitment for the part (Markdown).")
    lead: str | None = Field(description="The role or body that leads the part.")
    recommendations: list[ItemOut] = Field(description="The part's recommendations, the city's own last.")


class PrincipleOut(OpenRecord):
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


class ContactOut(OpenRecord):
    name: str = Field(description="Team or role residents can contact.")
    email: str | None = Field(description="Contact email address.")
    phone: str | None = Field(description="Contact phone number.")
    url: str | None = Field(description="Contact web page.")


class AboutOut(OpenRecord):
    summary: str = Field(description="One or two sentences about the playbook.")
    vision: str = Field(description="The city's vision (Markdown).")
    website: str | None = Field(description="The city's own website.")
    fictional: bool = Field(description="true for an example or training city.")
    reviewed: date | None = Field(description="When the playbook as a whole was last reviewed; null until "
                                  "it has been.")
    review_every_days: int = Field(description="Days after which a commitment's or risk's review is overdue.")
    contact: ContactOut = Field(description="Who residents can contact about the playbook.")


class RoadmapItemOut(OpenRecord):
    recommendation: str | None = Field(description="Id of the recommendation the item delivers, if any.")
    title: str = Field(description="What the item delivers.")
    status: Status = Field(description=_STATUS)


class PhaseOut(OpenRecord):
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


class BodyOut(OpenRecord):
    id: str = Field(description="Stable id of the body.")
    url: str = Field(description=_URL)
    name: str = Field(description="The body's name.")
    remit: str = Field(description="What the body decides or oversees.")
    chair: str = Field(description="Who chairs it.")
    meets: str | None = Field(description="How often it meets.")
    members: list[str] = Field(description="Member roles or organisations; in the CSV, one per line.")
    records: str | None = Field(description="Where its agendas and minutes are published.")
    parts: list[str] = Field(description="Ids of the parts it oversees; in the CSV, separated by spaces.")


class AxisOut(OpenRecord):
    id: str = Field(description="Stable id of the row or column.")
    title: str = Field(description="Its heading in the matrix.")


class CellOut(OpenRecord):
    row: str = Field(description="Id of the row.")
    column: str = Field(description="Id of the column.")
    url: str = Field(description=_URL)
    status: Status = Field(description=_STATUS)
    owner: str | None = Field(description="The role or body accountable for the actions.")
    barriers: list[str] = Field(description="What stops the two working together; in the CSV, one per line.")
    actions: list[str] = Field(description="What the city will do about it; in the CSV, one per line.")
    standards: list[str] = Field(description="Standards the actions draw on; in the CSV, one per line.")


class InteroperabilityOut(OpenRecord):
    summary: str | None = Field(description="What the matrix is about.")
    rows: list[AxisOut] = Field(description="The matrix's rows.")
    columns: list[AxisOut] = Field(description="The matrix's columns.")
    cells: list[CellOut] = Field(description="The cells the city has assessed; any other is not assessed.")


class InitiativeOut(OpenRecord):
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


class MapNodeOut(OpenRecord):
    id: str = Field(description="Stable id.")
    kind: Literal["change", "outcome", "purpose"] = Field(description="change (a governance change), "
                                                          "outcome, or purpose (of ISO 37101).")
    group: str | None = Field(description="For a change, its group; for an outcome, social, economic or "
                              "environmental.")
    title: str = Field(description="Its title.")
    summary: str = Field(description="What it means, in the project's words.")


class LinkOut(OpenRecord):
    source: str = Field(description="Id of a change or an outcome.")
    target: str = Field(description="Id of the outcome or purpose it leads to.")


class BenefitMapOut(OpenRecord):
    initiatives: list[InitiativeOut] = Field(description="The city's initiatives, each traced to the "
                                             "purposes it serves.")
    nodes: list[MapNodeOut] = Field(description="Governance changes, outcomes and purposes of the map "
                                    "(Annex A, illustrative, in the project's words).")
    links: list[LinkOut] = Field(description="Which change leads to which outcome, and which outcome "
                                 "serves which purpose.")


class ReadingOut(OpenRecord):
    kind: Literal["baseline", "actual", "target"] = Field(
        description="baseline (the value the city started from), actual (measured), or target (aimed "
                    "for, by its date).")
    date: Day = Field(description="When the value was measured, or, for the target, when it is due.")
    value: float = Field(description="The value, in the indicator's unit.")


class IndicatorOut(OpenRecord):
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


class RiskOut(OpenRecord):
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


class OpenData(OpenRecord):
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
