"""The CSV downloads: one file per table, for spreadsheets, which want flat rows (a list
inside a record, such as an indicator's readings, becomes its own table keyed by the
record's id). Each column is described by the JSON field it comes from."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from pydantic import BaseModel

from .models import (
    BodyOut,
    CellOut,
    IndicatorOut,
    InitiativeOut,
    ItemOut,
    OpenData,
    PrincipleOut,
    ReadingOut,
    RiskOut,
    RoadmapItemOut,
)

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


def _axis(data: OpenData, side: str, axis_id: str) -> str:
    matrix = data.interoperability
    return next(a.title for a in (getattr(matrix, side) if matrix else ()) if a.id == axis_id)
