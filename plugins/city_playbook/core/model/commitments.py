"""commitments.yml: the city's statement per part and its status per recommendation."""

from __future__ import annotations

from typing import ClassVar

from pydantic import (
    Field,
)

from .base import IsoDate, Link, RichText, Shorthand, Status, Strict, Text


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
