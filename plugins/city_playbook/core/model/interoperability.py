"""interoperability.yml: the matrix of what connects to what."""

from __future__ import annotations

from pydantic import (
    Field,
)

from .base import Slug, Status, Strict, Text


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
