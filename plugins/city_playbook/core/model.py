"""Typed shapes of the catalog and of every city file.

The models check shape and vocabulary only (pydantic, strict: nothing is coerced). Rules
that relate one value to another, or to the catalog, live in `catalog` and `city`, where
they can name the exact key at fault. Field descriptions feed the JSON Schema and the
YAML reference (REFERENCE.md), so they are written for editors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from . import richtext
from .cache import memo
from .diagnostics import Diagnostic, Severity, did_you_mean, one_of
from .ids import SLUG
from .language import DEFAULT, shipped
from .yamlsafe import Document, Key, dotted, nodes

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _iso_date(value: Any) -> Any:
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


def _link(value: str) -> str:
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
IsoDate = Annotated[date, BeforeValidator(_iso_date), Field(json_schema_extra={"type": "string",
                                                                                "format": "date"})]
Link = Annotated[str, AfterValidator(_link), Field(json_schema_extra={"format": "uri"})]
Email = Annotated[str, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
Slug = Annotated[str, StringConstraints(pattern=f"^{SLUG}$", max_length=60)]
PartId = Annotated[str, StringConstraints(pattern=r"^(A|B(1[0-4]|[1-9])|C[1-3]|D)$")]
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


# --- The catalog (content/) -------------------------------------------------------------


class Summary(Strict):
    context: Text
    need: Text


class CatalogRecommendation(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-D][0-9]*\.[a-z]$")]
    source: Literal["standard", "guidance"]
    text: Text


class Part(Strict):
    id: PartId
    title: Text
    clause: Clause
    component: Literal["A", "B", "C", "D"]
    summary: Summary
    recommendations: list[CatalogRecommendation] = Field(min_length=1)
    key_questions: list[Text] = Field(min_length=2, max_length=4)
    linkages: list[PartId] = []


class Group(Strict):
    id: Slug
    title: Text
    clause: Clause
    summary: Text
    parts: list[PartId] = Field(min_length=1)


class Component(Strict):
    id: Literal["A", "B", "C", "D"]
    title: Text
    clause: Clause
    summary: Text
    groups: list[Group] = []


class Purpose(Strict):
    id: Slug
    title: Text
    summary: Text


class Standard(Strict):
    id: Text
    title: Text
    edition: int
    year: int
    summary: Text
    components: list[Component] = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)


class Change(Strict):
    id: Slug
    group: Literal["openness-and-collaboration", "integrated-smart-working"]
    title: Text
    summary: Text


class Outcome(Strict):
    id: Slug
    kind: Literal["social", "economic", "environmental"]
    title: Text
    summary: Text


class BenefitMap(Strict):
    id: Literal["annex-a"]
    title: Text
    summary: Text
    changes: list[Change] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    links: list[Annotated[list[Slug], Field(min_length=2, max_length=2)]]


class PrincipleGroup(Strict):
    id: Slug
    title: Text
    summary: Text


class Principle(Strict):
    id: Slug
    group: Slug
    title: Text
    text: Text


class PrincipleSet(Strict):
    id: Literal["annex-b"]
    title: Text
    summary: Text
    groups: list[PrincipleGroup] = Field(min_length=1)
    principles: list[Principle] = Field(min_length=1)


class ChecklistRisk(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^R[0-9]+$")]
    title: Text
    threatens: list[PartId] = Field(min_length=1)
    question: Text
    mitigations: list[Text] = Field(min_length=1)


class RiskChecklist(Strict):
    id: Literal["annex-c"]
    title: Text
    summary: Text
    risks: list[ChecklistRisk] = Field(min_length=1)


# --- The catalog's text in another language (content/i18n/<language>/) --------------------
# Text only, keyed by id: ids, letters, clauses, sources and links stay in the files above,
# so a translation cannot change the structure or drift from it.


class TitleSummary(Strict):
    title: Text
    summary: Text


class StandardText(Strict):
    title: Text
    summary: Text
    components: dict[str, TitleSummary]
    groups: dict[str, TitleSummary]
    purposes: dict[str, TitleSummary]


class PartText(Strict):
    title: Text
    summary: Summary
    recommendations: dict[str, Text]
    key_questions: list[Text]


class BenefitMapText(Strict):
    title: Text
    summary: Text
    changes: dict[str, TitleSummary]
    outcomes: dict[str, TitleSummary]


class PrincipleText(Strict):
    title: Text
    text: Text


class PrincipleSetText(Strict):
    title: Text
    summary: Text
    groups: dict[str, TitleSummary]
    principles: dict[str, PrincipleText]


class RiskText(Strict):
    title: Text
    question: Text
    mitigations: list[Text]


class RiskChecklistText(Strict):
    title: Text
    summary: Text
    risks: dict[str, RiskText]


# --- A city (city_config/<city>/) -------------------------------------------------------


class Feedback(Strict):
    """Where residents send comments. Give an email address, a web form, or both."""

    email: Email | None = Field(None, description="Address that receives comments; each page "
                                "pre-fills the subject with the page's id.")
    url: Link | None = Field(None, description="A web form for comments; the page id is added as "
                             "`?page=ID`.")


class Contact(Strict):
    """Who residents can contact about the playbook: a team or role, and how to reach it."""

    name: Text = Field(description="Team or role residents can contact about the playbook.")
    email: Email | None = Field(None, description="Contact email address.")
    phone: Text | None = Field(None, description="Contact phone number, as it should be shown.")
    url: Link | None = Field(None, description="Contact web page.")


class Accessibility(Strict):
    """Facts for the accessibility statement page."""

    reviewed: IsoDate | None = Field(None, description="When the site's accessibility was last "
                                     "checked. Until it has been, leave it out: the statement then "
                                     "says so.")
    contact_email: Email = Field(description="Where to report an accessibility problem.")
    standard: Text = Field("WCAG 2.2 level AA", description="The standard the site is checked "
                           "against.")
    known_issues: list[Text] = Field([], description="Problems you know of and have not fixed "
                                     "yet, one sentence each.")
    enforcement: Text | None = Field(None, description="How residents can escalate a complaint "
                                     "(for example, your national enforcement body).")


class DataLicence(Strict):
    """The licence under which the open data downloads are published."""

    name: Text = Field(description="Licence of the open data downloads, e.g. CC BY 4.0.")
    url: Link = Field(description="Link to the licence text.")


class CityProfile(Strict):
    """`city.yml`: who the city is and what it wants to achieve."""

    name: Text = Field(description="The city's name, as residents know it.")
    fictional: bool = Field(False, description="true for example or training cities: every page "
                            "then says the city is fictional.")
    language: LanguageCode | None = Field(
        None, description="Language of a site in one language (en or fr); en if left out. For "
        "several languages, write `languages` instead.")
    languages: list[LanguageCode] | None = Field(
        None, min_length=1, description="Languages of the site, the default first, e.g. [fr, en]: "
        "the default is at the site's root, each other language under /<code>/. Every text may "
        "then be written per language (`vision: {fr: ..., en: ...}`).")
    summary: Text = Field(description="One or two plain sentences about the playbook; used in "
                          "search results and link previews.")
    vision: RichText = Field(description="The city's vision (rich text: Markdown paragraphs, "
                             "lists, emphasis and links are allowed).")
    website: Link | None = Field(None, description="The city's own website.")
    reviewed: IsoDate | None = Field(None, description="When the playbook as a whole was last "
                                     "reviewed. Until it has been, leave it out: the home page then "
                                     "says so.")
    review_every_days: int = Field(365, ge=1, le=3650, description="How often the city reviews each "
                                   "commitment and risk; one whose `reviewed` date is older than this "
                                   "is shown publicly as 'review overdue'.")
    contact: Contact = Field(description="Who residents can contact about the playbook; shown on "
                             "the home page.")
    feedback: Feedback = Field(description="Where residents send comments; every page links to it.")
    accessibility: Accessibility = Field(description="Facts for the accessibility statement page.")
    data_licence: DataLicence | None = Field(None, description="Licence of the open data "
                                             "downloads. If left out, the data page says no "
                                             "licence has been set.")

    @property
    def site_languages(self) -> tuple[str, ...]:
        """The site's languages, the default first."""
        return tuple(self.languages or [self.language or DEFAULT])


class PrincipleChoice(Shorthand):
    """One principle: adopted from Annex B, adapted, added by the city, or not adopted."""

    shorthand_key = "status"

    status: Literal["adopted", "adapted", "added", "not-adopted"] = Field(
        description="adopted (as written in the catalog), adapted (your wording), added (your "
                    "own principle) or not-adopted (with a reason).")
    title: Text | None = Field(None, description="Short title; required for added principles.")
    text: Text | None = Field(None, description="The city's wording; required for adapted and "
                              "added principles.")
    group: Slug | None = Field(None, description="vision, citizen-centric, digitization or "
                               "openness; required for added principles.")
    reason: Text | None = Field(None, description="Why the city does not adopt it; required "
                                "for not-adopted.")
    agreed: IsoDate | None = Field(None, description="When the principle was agreed.")


class Evidence(Shorthand):
    """A link that shows the work behind a commitment."""

    shorthand_key = "url"

    url: Link = Field(description="Link to the evidence (a decision, a report, a dataset).")
    title: Text | None = Field(None, description="What the link shows; defaults to the address.")


class PartStatement(Strict):
    """The city's own commitment for a whole part (key: a part id such as `B1`)."""

    unknown_key_hint: ClassVar[str] = (" A key without a dot, like B1, is a whole part; a "
                                       "recommendation's status goes under its own id, like B1.a.")

    commitment: RichText = Field(description="What the city commits to for this part, in its "
                                 "own words (rich text).")
    lead: Text | None = Field(None, description="The role or body that leads this part.")


class Commitment(Strict):
    """The city's commitment to one recommendation (key: its id, such as `B1.a`)."""

    status: Status = Field(description="not-started, planned, in-progress, done or "
                           "not-applicable.")
    statement: Text | None = Field(None, description="Only for the city's own additions (ids like "
                                   "`B3.youth-panel`): the recommendation in the city's words.")
    owner: Text | None = Field(None, description="The role or body accountable.")
    due: IsoDate | None = Field(None, description="When it is due (YYYY-MM-DD).")
    reviewed: IsoDate | None = Field(None, description="When this entry was last checked.")
    evidence: list[Evidence] = Field([], description="Links that show the work (a bare link or "
                                     "`{url: ..., title: ...}`); expected when status is done.")
    note: Text | None = Field(None, description="Plain-text note shown with the item.")
    reason: Text | None = Field(None, description="Why the recommendation does not apply; "
                                "required when status is not-applicable, shown publicly.")


class RoadmapItem(Shorthand):
    """One thing a phase delivers: a recommendation, or work of the city's own with a title."""

    shorthand_key = "recommendation"

    recommendation: str | None = Field(None, description="Id of the recommendation this item "
                                       "delivers, e.g. B7.b.")
    title: Text | None = Field(None, description="What will be delivered; defaults to the "
                               "recommendation's text.")
    status: Status | None = Field(None, description="Status of this item; defaults to the "
                                  "recommendation's status.")


class Phase(Strict):
    """One phase of the roadmap, drawn as a bar on the timeline."""

    id: Slug = Field(description="Short id, e.g. phase-1.")
    title: Text = Field(description="Name of the phase, e.g. Foundations.")
    start: IsoDate = Field(description="First day of the phase.")
    end: IsoDate = Field(description="Last day of the phase; on or after start.")
    summary: Text | None = Field(None, description="One or two sentences on what the phase is for.")
    items: list[RoadmapItem] = Field(min_length=1, description="What the phase delivers; at least one.")


class Roadmap(Strict):
    """`roadmap.yml`: the phased roadmap of B7."""

    phases: list[Phase] = Field(min_length=1, description="The phases, in order; at least one.")


class Body(Strict):
    """A board, committee or forum that governs the programme."""

    id: Slug = Field(description="Short id, e.g. smart-city-board.")
    name: Text = Field(description="The body's name, as residents know it.")
    remit: Text = Field(description="What the body decides or oversees.")
    chair: Text = Field(description="Who chairs it (role, and name if public).")
    meets: Text | None = Field(None, description="How often it meets, e.g. monthly.")
    members: list[Text] = Field([], description="Member roles or organisations.")
    records: Link | None = Field(None, description="Where its agendas and minutes are published.")
    parts: list[PartId] = Field([], description="Parts of the playbook it oversees, e.g. [B2, B7].")


class Governance(Strict):
    """`governance.yml`: the governance bodies of B2."""

    bodies: list[Body] = Field(min_length=1, description="The governance bodies; at least one.")


class Axis(Strict):
    """A row or a column of the matrix: a service, a system, a partner or a data domain."""

    id: Slug = Field(description="Short id that cells refer to, e.g. transport.")
    title: Text = Field(description="The heading shown in the matrix.")


class Cell(Strict):
    """Where one row meets one column: how well the two work together, and what is being done."""

    row: Slug = Field(description="Id of a row.")
    column: Slug = Field(description="Id of a column.")
    status: Status = Field(description="not-started, planned, in-progress, done or not-applicable.")
    barriers: list[Text] = Field([], description="What stops things working together.")
    actions: list[Text] = Field([], description="What the city will do about it.")
    standards: list[Text] = Field([], description="Standards the actions draw on.")
    owner: Text | None = Field(None, description="The role or body accountable for the actions.")


class Interoperability(Strict):
    """`interoperability.yml`: the interoperability matrix of B5; rows and columns are yours."""

    summary: Text | None = Field(None, description="One or two sentences introducing the matrix.")
    rows: list[Axis] = Field(min_length=1, description="The matrix's rows; at least one.")
    columns: list[Axis] = Field(min_length=1, description="The matrix's columns; at least one.")
    cells: list[Cell] = Field([], description="The cells you have assessed; the others show as "
                              "'Not assessed'.")


class Initiative(Strict):
    """A programme or project of the city, placed on the benefit map."""

    id: Slug = Field(description="Short id that indicators refer to, e.g. open-data-portal.")
    title: Text = Field(description="The initiative's name.")
    summary: Text = Field(description="One or two sentences on what it does.")
    owner: Text | None = Field(None, description="The role or body accountable.")
    recommendations: list[str] = Field([], description="Ids of the recommendations it delivers.")
    changes: list[Slug] = Field(min_length=1, description="Annex A governance changes it brings "
                                "about, e.g. improved-transparency.")
    outcomes: list[Slug] = Field([], description="Annex A outcomes it aims at; defaults to those "
                                 "its changes lead to.")


class Reading(Strict):
    """One value of an indicator on one date."""

    date: IsoDate = Field(description="When the value was measured (or, for a target, is due).")
    # Finite and bounded: the charts and the progress figures do arithmetic with these, and
    # 1.0e400 (read as infinity) or two values near the float limit would break it.
    value: float = Field(allow_inf_nan=False, ge=-10**15, le=10**15,
                         description="The value, in the indicator's unit, without the unit.")


class Indicator(Strict):
    """A measure of a benefit over time, with a small chart on the benefits page."""

    id: Slug = Field(description="Short id, e.g. online-services-share.")
    title: Text = Field(description="What is measured, in plain words.")
    unit: Text = Field(description="Unit of the values, e.g. % or tonnes CO2e.")
    direction: Literal["increase", "decrease"] = Field(description="Which way is better.")
    outcome: Slug | None = Field(None, description="The Annex A outcome it measures.")
    initiative: Slug | None = Field(None, description="The initiative it tracks.")
    baseline: Reading = Field(description="The value the city started from.")
    target: Reading = Field(description="The value the city aims for, and by when.")
    actuals: list[Reading] = Field([], description="Values measured since the baseline, oldest first.")
    source: Link | None = Field(None, description="Where the data comes from.")
    owner: Text | None = Field(None, description="The role or body that reports the figures.")


class Benefits(Strict):
    """`benefits.yml`: initiatives on the benefit map (C1) and indicators (C2)."""

    initiatives: list[Initiative] = Field([], description="The city's initiatives on the benefit map.")
    indicators: list[Indicator] = Field([], description="Indicators of the benefits (C2).")


class Risk(Strict):
    """One risk to the programme, in the register (D)."""

    id: Slug = Field(description="Short id, e.g. department-silos.")
    title: Text = Field(description="The risk in a few words.")
    description: Text | None = Field(None, description="What could happen, and why.")
    checklist: list[str] = Field([], description="Annex C checklist items it relates to, e.g. R3.")
    threatens: list[PartId] = Field([], description="Parts it threatens, e.g. [B4, B14].")
    likelihood: int = Field(ge=1, le=5, description="1 (rare) to 5 (almost certain).")
    impact: int = Field(ge=1, le=5, description="1 (minor) to 5 (severe).")
    owner: Text = Field(description="The role or body that manages the risk.")
    mitigation: Text = Field(description="What the city does to make it less likely or less harmful.")
    status: Literal["open", "mitigating", "closed", "accepted"] = Field(
        description="open (no action yet), mitigating (action under way), closed (no longer a risk) or "
                    "accepted (the city lives with it).")
    reviewed: IsoDate = Field(description="When the risk was last reviewed.")


class Risks(Strict):
    """`risks.yml`: the city's risk register (D, Annex C)."""

    risks: list[Risk] = Field(min_length=1, description="The risks; at least one.")


# --- Checking loaded YAML against a model -----------------------------------------------

_PATTERN_HINTS = {
    Slug: "use lowercase letters, digits and dashes, like 'youth-panel'",
    PartId: "use a part id: A, B1 to B14, C1 to C3, or D",
    Clause: "write a clause number in quotes, like \"6.3\"",
}
_PATTERN_HINTS_BY_REGEX = {
    meta.pattern: hint
    for alias, hint in _PATTERN_HINTS.items()
    for meta in get_args(alias)[1:]
    if isinstance(meta, StringConstraints) and meta.pattern
}


def check(model: type[M], doc: Document, data: Any, path: Key = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (found at `path` in `doc`) and translate every error for editors."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors()
        return None, [diagnostic for err in errors if not _misspelt(model, err, errors)
                      for diagnostic in _translate(model, doc, path, err)]


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
    inner = _unwrap(info.annotation)
    if isinstance(inner, type) and issubclass(inner, Strict):
        if raw is None:  # an empty key: fine where the entry is optional
            return (None, True) if not info.is_required() else (_stand_in(info), False)
        entry = salvage(inner, raw)
        return entry, not entry._invalid
    item = _unwrap(get_args(inner)[0]) if get_origin(inner) is list else None
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
    inner = _unwrap(info.annotation)
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
    owner = _model_at(model, parent)
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
            owner = _model_at(model, loc[:-1])
            info = owner.model_fields.get(loc[-1]) if owner else None
            if info is not None and type(None) in get_args(info.annotation):
                yield doc.error((*path, *loc), f"'{loc[-1]}' is empty; write a value or delete the line",
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


def _translate(model: type[BaseModel], doc: Document, path: Key, err: Any) -> list[Diagnostic]:
    """The messages for one pydantic error: one, or one per problem of a rich text, each on
    its own line of a long text."""
    if err["type"] == "rich_text":
        loc: Key = (*path, *err["loc"])
        marks = [doc.find(loc, problem.snippet) for problem in err["ctx"]["found"]]
        return [Diagnostic(doc.file, mark.line, mark.column, dotted(loc), problem.message)
                for mark, problem in zip(marks, err["ctx"]["found"], strict=True)]
    return [_translate_one(model, doc, path, err)]


def _translate_one(model: type[BaseModel], doc: Document, path: Key, err: Any) -> Diagnostic:
    loc: Key = (*path, *err["loc"])
    kind, value = err["type"], err.get("input")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    if kind == "extra_forbidden":
        owner = _model_at(model, err["loc"][:-1])
        allowed = list(owner.model_fields) if owner else []
        hint = getattr(owner, "unknown_key_hint", "")
        return doc.error(loc, f"unknown key '{loc[-1]}'.{did_you_mean(str(loc[-1]), allowed)} "
                         f"Allowed keys here: {one_of(allowed)}.{hint}", at_key=True)
    if kind == "missing":
        return doc.error(loc, f"'{name}' is missing; add it{_described(model, err['loc'])}")
    if (value is None and kind not in ("iso_date",)) or kind == "string_too_short":
        return doc.error(loc, f"'{name}' is empty; {_fill_in(model, err['loc'])}")
    if kind == "literal_error":
        expected = [e.strip(" '") for e in err["ctx"]["expected"].replace(" or ", ", ").split(",")]
        return doc.error(loc, f"{_show(value)} is not a {name}; use one of {one_of(expected)}."
                         f"{did_you_mean(str(value), expected)}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return doc.error(loc, _not_a_mapping(_model_at(model, err["loc"]), value, loc[-1] if loc else ""))
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
    owner = _model_at(model, loc[:-1]) if loc else None
    info = owner.model_fields.get(str(loc[-1])) if owner else None
    if info is not None and not info.is_required():
        return "write a value or delete the line"
    keys = _model_at(model, loc)
    if keys is not None:
        return f"add its keys ({one_of(keys.model_fields)}) on the lines below it, indented"
    return f"write a value{_described(model, loc)}"


def _described(model: type[BaseModel], loc: Key) -> str:
    owner = _model_at(model, loc[:-1])
    info = owner.model_fields.get(str(loc[-1])) if owner else None
    return f" ({info.description})" if info and info.description else ""


def _model_at(model: type[BaseModel], loc: Key) -> type[BaseModel] | None:
    """Follow an error location through the annotations to the model that holds it."""
    current: Any = model
    for step in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(step))
            if info is None:
                return None
            current = info.annotation
        else:  # a list or dict: step is an index or a key; go to the item type
            args = get_args(current)
            current = args[-1] if args else None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def translatable(model: Any, loc: Key) -> bool:
    """Whether the value at `loc` (in data checked against `model`) is text an editor may
    write per language."""
    current, metadata = model, []
    for step in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(step))
            if info is None:
                return False
            current, metadata = info.annotation, list(info.metadata)
        else:  # a list or dict: step is an index or a key; go to the item type
            args = get_args(current)
            if not args:
                return False
            current, metadata = args[-1], []
    return TRANSLATABLE in metadata or TRANSLATABLE in _metadata(current)


def _metadata(annotation: Any) -> list[Any]:
    """The Annotated metadata of an annotation, also inside an Optional."""
    if get_origin(annotation) is Annotated:
        return list(annotation.__metadata__)
    if get_origin(annotation) in (Union, UnionType):
        return [m for a in get_args(annotation) for m in _metadata(a)]
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional so only the real type is left."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            annotation = members[0] if len(members) == 1 else annotation
            if len(members) != 1:
                return annotation
        else:
            return annotation
