"""The catalog's shapes (content/): the standard, its parts, Annexes A to C, and their text
in another language (content/i18n/<language>/)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
)

from ..ids import CODE
from .base import Clause, Slug, Strict, Text

Code = Annotated[str, StringConstraints(pattern=f"^{CODE}$")]
"""A component or part id, as the catalog defines them (A, B1); references between them are
checked against the catalog itself (`catalog/checks.py`), not against a fixed list."""

# --- The catalog (content/) -------------------------------------------------------------


class Summary(Strict):
    context: Text
    need: Text


class CatalogRecommendation(Strict):
    id: Annotated[str, StringConstraints(pattern=f"^{CODE}\\.[a-z]$")]
    source: Literal["standard", "guidance"]
    text: Text


class Part(Strict):
    id: Code
    title: Text
    clause: Clause
    component: Code
    summary: Summary
    recommendations: list[CatalogRecommendation] = Field(min_length=1)
    key_questions: list[Text] = Field(min_length=2, max_length=4)
    linkages: list[Code] = []


class Group(Strict):
    id: Slug
    title: Text
    clause: Clause
    summary: Text
    parts: list[Code] = Field(min_length=1)


class Component(Strict):
    id: Code
    title: Text
    clause: Clause
    summary: Text
    groups: list[Group] = []
    page: Slug | None = Field(None, description="A component without groups is one part, on a page of "
                              "its own: the page's name, e.g. key-risks.")


class Features(Strict):
    """The city's pages beyond the parts, each showing the work of one part of the standard
    (whose page links to it): which part that is, the catalog says."""

    principles: Code = Field(description="The part whose page lists the city's principles (principles.yml).")
    governance: Code = Field(description="The part the governance page (governance.yml) belongs to.")
    interoperability: Code = Field(description="The part the interoperability page belongs to.")
    roadmap: Code = Field(description="The part the roadmap page (roadmap.yml) belongs to.")
    benefits: Code = Field(description="The part the benefits page (benefits.yml) belongs to.")
    indicators: Code = Field(description="The part the indicators on the benefits page belong to.")
    risks: Code = Field(description="The part the risk register (risks.yml) belongs to.")


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
    features: Features


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
    threatens: list[Code] = Field(min_length=1)
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
