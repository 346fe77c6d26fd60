"""principles.yml: the city's choice for each Annex B principle."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
)

from .base import IsoDate, Shorthand, Slug, Text


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
