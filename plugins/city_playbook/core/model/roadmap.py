"""roadmap.yml: the phases and what each delivers."""

from __future__ import annotations

from pydantic import (
    Field,
)

from .base import IsoDate, Shorthand, Slug, Status, Strict, Text


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
