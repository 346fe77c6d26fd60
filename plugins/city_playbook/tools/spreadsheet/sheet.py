"""A CSV table as a spreadsheet saved it: its header, its rows by the spreadsheet's row
numbers, and the problems found in its cells, each named by row and column letter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...core.city import display_path
from ...core.diagnostics import Diagnostic, PlaybookError, did_you_mean, one_of
from ...site.opendata import TABLE, csv_value


@dataclass
class Sheet:
    shown: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Diagnostic] = field(default_factory=list)

    def cell(self, row: int, column: str, message: str, rid: str = "") -> None:
        """A problem in one cell: row as the spreadsheet numbers it, column as a letter."""
        number = self.header.index(column) + 1 if column in self.header else 0
        where = f"column {column_letter(number)} ({column})" if number else column
        self.problems.append(Diagnostic(self.shown, row, number, f"{rid} {where}".strip(), message))


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path) -> Sheet:
    shown = display_path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlaybookError([Diagnostic(shown, 0, 0, "", "the file is not UTF-8 text; in the spreadsheet, "
                                        "save it as 'CSV UTF-8 (comma delimited)'")]) from None
    first = text.split("\n", 1)[0]
    # Spreadsheets set to a language with a decimal comma save CSV with semicolons.
    delimiter = max(",;\t", key=first.count)
    table = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    sheet = Sheet(shown, [h.strip() for h in table[0]] if table else [], [])
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # an empty row a spreadsheet left at the end
        if len(cells) != len(sheet.header):
            sheet.problems.append(Diagnostic(shown, number, 0, "", f"the row has {len(cells)} cells and the "
                                             f"header {len(sheet.header)}; every row needs one cell per column"))
            continue
        sheet.rows.append((number, dict(zip(sheet.header, (csv_value(c) for c in cells), strict=True))))
    return sheet


def check_header(sheet: Sheet, name: str, required: Iterable[str]) -> None:
    columns = TABLE[name].columns
    for column in sheet.header:
        if column not in columns:
            sheet.cell(1, column, f"'{column}' is not a column of {name}.csv.{did_you_mean(column, columns)} "
                       f"Its columns are {one_of(columns)}")
        elif sheet.header.count(column) > 1:
            sheet.cell(1, column, f"the column '{column}' is there twice; keep one")
    for column in required:
        if column not in sheet.header:
            sheet.problems.append(Diagnostic(sheet.shown, 1, 0, column, f"the column '{column}' is missing; "
                                             f"the first row must name the columns, as in the {name}.csv "
                                             "the site publishes"))
