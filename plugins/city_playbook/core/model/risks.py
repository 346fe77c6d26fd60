"""risks.yml: the city's risk register."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
)

from .base import IsoDate, PartId, Slug, Strict, Text


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
