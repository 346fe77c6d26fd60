"""governance.yml: the bodies that steer the playbook."""

from __future__ import annotations

from pydantic import (
    Field,
)

from .base import Link, PartId, Slug, Strict, Text


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
