"""`city-playbook import`: a table of the open data, edited in a spreadsheet, back into the YAML.

Cities keep statuses and indicator readings current in spreadsheets. The import reads
commitments.csv or readings.csv in exactly the shape the site publishes, compares every
cell with what the city's files say now, and changes only the values that differ, with
line-preserving edits (see `yamledit`). Every bad cell is reported with its row and column;
the edited city is checked as `validate` checks it; nothing is written unless all is well,
and then atomically.
"""

from __future__ import annotations

import copy
import csv
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from .. import pipeline
from ..core.city import display_path
from ..core.diagnostics import Diagnostic, PlaybookError, did_you_mean, one_of
from ..core.model import STATUSES, checked_link, iso_date
from ..core.output import build_date
from ..core.yamlsafe import load_bytes
from ..site.opendata import TABLE, csv_text, csv_value, open_data
from .yamledit import EditError, Editor

IMPORTABLE = ("commitments", "readings")
# Worked out from the day of the build, so a sheet downloaded last month differs here
# without anyone having changed them; they are not read.
DERIVED_FROM_TODAY = ("stale", "overdue")
EDITABLE = ("status", "owner", "due", "reviewed", "evidence", "note", "reason")
KINDS = ("baseline", "actual", "target")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@dataclass
class Imported:
    """The outcome of reading one table against one city: the file to rewrite and why."""

    file: Path
    text: str | None
    """The file's new text; None when no value differs."""
    changes: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def write(self) -> None:
        """Replace the file in one step: a reader sees the old text or the new, never half."""
        if self.text is None:
            return
        fd, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=f".{self.file.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(self.text.encode("utf-8"))
            shutil.copymode(self.file, temporary)
            os.replace(temporary, self.file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@dataclass
class _Sheet:
    shown: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Diagnostic] = field(default_factory=list)

    def cell(self, row: int, column: str, message: str, rid: str = "") -> None:
        """A problem in one cell: row as the spreadsheet numbers it, column as a letter."""
        number = self.header.index(column) + 1 if column in self.header else 0
        where = f"column {_letter(number)} ({column})" if number else column
        self.problems.append(Diagnostic(self.shown, row, number, f"{rid} {where}".strip(), message))


def _letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read(path: Path) -> _Sheet:
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
    sheet = _Sheet(shown, [h.strip() for h in table[0]] if table else [], [])
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # an empty row a spreadsheet left at the end
        if len(cells) != len(sheet.header):
            sheet.problems.append(Diagnostic(shown, number, 0, "", f"the row has {len(cells)} cells and the "
                                             f"header {len(sheet.header)}; every row needs one cell per column"))
            continue
        sheet.rows.append((number, dict(zip(sheet.header, (csv_value(c) for c in cells), strict=True))))
    return sheet


def _check_header(sheet: _Sheet, name: str, required: Iterable[str]) -> None:
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


def import_table(table: Path, city_dir: Path, catalog_dir: Path | None = None) -> Imported:
    """Read `table` against the city in `city_dir`; raises PlaybookError with every problem."""
    sheet = _read(table)
    if "indicator" in sheet.header:
        name = "readings"
    elif "id" in sheet.header:
        name = "commitments"
    else:
        raise PlaybookError([Diagnostic(sheet.shown, 1, 0, "", "this is neither commitments.csv nor "
                                        "readings.csv as the site publishes them: the first row must name the "
                                        "columns, starting with id (commitments) or indicator (readings)")])
    _check_header(sheet, name, ("id",) if name == "commitments" else ("indicator", "kind", "date", "value"))
    if any(d.line == 1 and not d.column for d in sheet.problems):  # a missing column: every row would say so
        raise PlaybookError(sheet.problems)
    # The edited folder is no longer what git holds, so a build judges it as of the build date:
    # both checks use that day, and only the warnings the import itself brings are new.
    day = build_date()
    try:
        built = pipeline.build(city_dir, catalog_dir, today=day)
    except PlaybookError as exc:
        raise PlaybookError([*exc.diagnostics, Diagnostic(display_path(city_dir), 0, 0, "", "the city has "
                                                          "errors already; fix them, then import again")],
                            exc.warnings) from None
    filename = "commitments.yml" if name == "commitments" else "benefits.yml"
    target = Path(city_dir) / filename
    if not target.is_file():
        raise PlaybookError([Diagnostic(display_path(target), 0, 0, "", f"the file is missing; the import "
                                        f"updates {filename}, so write it first")])
    raw = target.read_bytes()
    doc, _ = load_bytes(raw, display_path(target))
    assert doc is not None  # the city has just loaded without errors
    text = raw.decode("utf-8-sig")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    editor = Editor(text)
    if name == "commitments":
        expected, changes, cells = _commitments(sheet, built, doc.data, editor)
    else:
        expected, changes, cells = _readings(sheet, doc.data or {}, editor)
    if not changes:
        if sheet.problems:
            raise PlaybookError(sheet.problems)
        return Imported(target, None)
    try:
        new_text = bom + editor.result(expected)
    except EditError as exc:
        sheet.problems.append(Diagnostic(display_path(target), 0, 0, "", str(exc)))
        raise PlaybookError(sheet.problems) from None
    # The rules that relate values (not-applicable needs a reason) are checked on the cells
    # that are right so far too, so that one run lists every problem.
    warnings = _validated(city_dir, catalog_dir, day, filename, new_text, built.warnings, sheet, cells)
    if sheet.problems:
        raise PlaybookError(sheet.problems)
    return Imported(target, new_text, changes, warnings)


def _validated(city_dir: Path, catalog_dir: Path | None, day: date, filename: str, text: str,
               before: list[Diagnostic], sheet: _Sheet, cells: dict[str, tuple[int, str]]) -> list[Diagnostic]:
    """The checks of `validate`, on a copy of the city with the new file: its errors become
    errors of the cells that caused them; the warnings it adds are returned."""
    shown = display_path(city_dir)
    with tempfile.TemporaryDirectory(prefix="playbook-import-") as temporary:
        copy_dir = Path(temporary) / Path(city_dir).resolve().name
        shutil.copytree(city_dir, copy_dir, ignore=shutil.ignore_patterns(".*"))
        (copy_dir / filename).write_bytes(text.encode("utf-8"))
        copied = display_path(copy_dir)

        def real(d: Diagnostic) -> Diagnostic:
            return Diagnostic(d.file.replace(copied, shown, 1), d.line, d.column, d.path, d.message, d.severity)

        try:
            built = pipeline.build(copy_dir, catalog_dir, today=day)
            built.outputs()
        except PlaybookError as exc:
            for d in exc.diagnostics:
                key = next((k for k in cells if d.path == k or d.path.startswith((f"{k}.", f"{k}["))), None)
                if key is not None:
                    row, column = cells[key]
                    sheet.cell(row, column, f"after the import, {filename} would say: {d.message}", d.path)
                else:
                    sheet.problems.append(real(d))
            return []
    old = {(d.path, d.message) for d in before}
    return [real(d) for d in built.warnings if (d.path, d.message) not in old]


# --- commitments.csv -------------------------------------------------------------------------


def _commitments(sheet: _Sheet, built: pipeline.Built, written: dict[str, Any],
                 editor: Editor) -> tuple[dict[str, Any], list[str], dict[str, tuple[int, str]]]:
    """The new data of commitments.yml, the changes as lines for the editor, and for each
    changed entry the cell that changed it (for messages after the check)."""
    table = TABLE["commitments"]
    current = {row["id"]: {c: csv_text(row[c]) for c in table.columns} for row in table.rows(open_data(built.playbook))}
    expected = copy.deepcopy(written)
    changes: list[str] = []
    cells: dict[str, tuple[int, str]] = {}
    seen: dict[str, int] = {}
    order = list(written)
    for number, row in sheet.rows:
        rid = row.get("id", "").strip()
        if rid not in current:
            sheet.cell(number, "id", f"'{rid}' is not a recommendation of this playbook."
                       f"{did_you_mean(rid, current)} Keep the id as the site exported it" if rid else
                       "the id is empty; every row needs the id the site exported")
            continue
        if rid in seen:
            sheet.cell(number, "id", f"{rid} is also on row {seen[rid]}; keep one row per recommendation", rid)
            continue
        seen[rid] = number
        old, entry = current[rid], copy.deepcopy(written.get(rid) or {})
        changed: list[str] = []
        for column, value in row.items():
            if column not in table.columns or column == "id" or column in DERIVED_FROM_TODAY:
                continue
            if value.strip() == old[column].strip():
                continue
            key = "statement" if column == "text" and old["provenance"] == "city" else column
            if key not in (*EDITABLE, "statement"):
                why = ("the text of a catalog recommendation comes from the catalog" if column == "text"
                       else "the playbook works this column out")
                sheet.cell(number, column, f"{why}, so it cannot be imported; write it as it was: '{old[column]}'",
                           rid)
                continue
            new = _commitment_value(sheet, number, column, key, value.strip(), rid)
            if new is _BAD:
                continue
            if key == "evidence" and new is not None:
                new = _evidence(entry.get("evidence") or [], new)
            if new is None:
                entry.pop(key, None)
            else:
                entry[key] = new
            changed.append(key)
            changes.append(f"{rid} {column}: {_shown(old[column])} -> {_shown(value.strip())}")
            cells.setdefault(rid, (number, column))
        if not changed:
            continue
        if rid in written:
            _edit_entry(editor, rid, written[rid], entry, changed, sheet, number)
        else:
            entry = {"status": entry.get("status", old["status"]), **{k: v for k, v in entry.items()
                                                                        if k != "status"}}
            after = _place(rid, list(current), order)
            editor.add_entry(rid, entry, after)
            order.append(rid)
        expected[rid] = entry
    return expected, changes, cells


def _place(rid: str, catalog_order: list[str], written: list[str]) -> str | None:
    """The entry a new one goes after: the recommendation before it in the catalog's order
    that the file has, else its part's own entry (`B1:`), else the nearest earlier one."""
    part = rid.partition(".")[0]
    earlier = [k for k in catalog_order[: catalog_order.index(rid)] if k in written]
    same = [k for k in earlier if k.partition(".")[0] == part]
    if same:
        return same[-1]
    if part in written:
        return part
    return earlier[-1] if earlier else None


class _Bad:
    """A cell whose value was reported as wrong."""


_BAD: Any = _Bad()


def _commitment_value(sheet: _Sheet, number: int, column: str, key: str, value: str, rid: str) -> Any:
    """The YAML value for one cell, or _BAD after reporting it; None removes the key."""
    if key == "status":
        if value not in STATUSES:
            sheet.cell(number, column, f"'{value}' is not a status; write one of {one_of(STATUSES)}."
                       f"{did_you_mean(value, STATUSES)}", rid)
            return _BAD
        return value
    if not value:
        if key == "statement":
            sheet.cell(number, column, "the text of the city's own item cannot be empty", rid)
            return _BAD
        return None
    if key in ("due", "reviewed"):
        try:
            iso_date(value)
        except PydanticCustomError as exc:
            sheet.cell(number, column, f"{exc.message()}. A spreadsheet may show dates its own way: format the "
                       "column as text and write YYYY-MM-DD", rid)
            return _BAD
        return value
    if key == "evidence":
        links = value.split()
        for link in links:
            try:
                checked_link(link)
            except PydanticCustomError as exc:
                sheet.cell(number, column, f"{exc.message()}; separate the addresses with spaces", rid)
                return _BAD
        return links
    return value


def _evidence(old: list[Any], urls: list[str]) -> list[Any]:
    """The new evidence list: links already there keep their titles and their form."""
    by_url = {(item if isinstance(item, str) else item.get("url")): item for item in old}
    return [by_url.get(url, url) for url in urls]


def _edit_entry(editor: Editor, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str],
                sheet: _Sheet, number: int) -> None:
    try:
        for key in changed:
            if key not in new:
                editor.delete((rid, key))
            elif key == "evidence" and key in old:
                _edit_list(editor, (rid, key), old[key], new[key])
            else:
                editor.set((rid, key), new[key])
    except EditError as exc:
        sheet.cell(number, "id", f"{rid} in commitments.yml: {exc}", rid)


def _edit_list(editor: Editor, path: tuple[str | int, ...], old: list[Any], new: list[Any]) -> None:
    """Items kept stay as written; removed ones go; new ones go where the list puts them."""
    kept = [i for i, item in enumerate(old) if item in new]
    if [old[i] for i in kept] != [item for item in new if item in old] or not kept:
        for i in range(len(old)):
            editor.delete((*path, i))
        for item in new:
            editor.insert_item(path, None, item)
        return
    for i, item in enumerate(old):
        if item not in new:
            editor.delete((*path, i))
    following = iter(kept)
    upcoming = next(following, None)
    for item in new:
        if item in old:
            upcoming = next(following, None)
        else:
            editor.insert_item(path, upcoming, item)


def _shown(value: str) -> str:
    return f"'{value}'" if value else "(empty)"


# --- readings.csv ---------------------------------------------------------------------------------


def _readings(sheet: _Sheet, written: dict[str, Any],
              editor: Editor) -> tuple[dict[str, Any], list[str], dict[str, tuple[int, str]]]:
    """The new data of benefits.yml: for each indicator in the sheet, its baseline and target
    as the sheet gives them, and its actuals exactly the sheet's actual rows, oldest first."""
    indicators = {ind["id"]: i for i, ind in enumerate(written.get("indicators") or [])}
    given: dict[str, dict[str, list[tuple[int, str, float | int]]]] = {}
    for number, row in sheet.rows:
        iid, kind = row.get("indicator", "").strip(), row.get("kind", "").strip()
        if iid not in indicators:
            sheet.cell(number, "indicator", f"'{iid}' is not an indicator in benefits.yml."
                       f"{did_you_mean(iid, indicators)} Keep the id as the site exported it")
            continue
        if kind not in KINDS:
            sheet.cell(number, "kind", f"'{kind}' is not a kind of reading; write one of {one_of(KINDS)}."
                       f"{did_you_mean(kind, KINDS)}", iid)
            continue
        day, value = row.get("date", "").strip(), _number(sheet, number, row.get("value", "").strip(), iid)
        try:
            iso_date(day)
        except PydanticCustomError as exc:
            sheet.cell(number, "date", f"{exc.message()}. A spreadsheet may show dates its own way: format the "
                       "column as text and write YYYY-MM-DD", iid)
            continue
        if value is None:
            continue
        same = given.setdefault(iid, {}).setdefault(kind, [])
        earlier = next((n for n, d, _ in same if kind != "actual" or d == day), None)
        if earlier is not None:
            what = f"a {kind}" if kind != "actual" else f"an actual value for {day}"
            sheet.cell(number, "kind" if kind != "actual" else "date", f"row {earlier} already gives {what} of "
                       f"{iid}; keep one", iid)
            continue
        same.append((number, day, value))
    expected = copy.deepcopy(written)
    changes: list[str] = []
    cells: dict[str, tuple[int, str]] = {}
    for iid, kinds in given.items():
        i = indicators[iid]
        here: tuple[str | int, ...] = ("indicators", i)
        old, new = written["indicators"][i], expected["indicators"][i]
        for kind in ("baseline", "target"):
            for number, day, value in kinds.get(kind, []):
                for key, wanted in (("date", day), ("value", value)):
                    if old[kind][key] != wanted:
                        editor.set((*here, kind, key), wanted)
                        new[kind][key] = wanted
                        changes.append(f"{iid} {kind} {key}: {csv_text(old[kind][key])} -> {csv_text(wanted)}")
                        cells.setdefault(f"indicators[{i + 1}]", (number, key))
        rows = sorted(kinds.get("actual", []), key=lambda r: r[1])
        before = old.get("actuals") or []
        after = [{"date": day, "value": value} for _, day, value in rows]
        if [(r["date"], r["value"]) for r in before] == [(r["date"], r["value"]) for r in after]:
            continue
        _edit_actuals(editor, (*here, "actuals"), before, rows, "actuals" in old)
        if after:
            new["actuals"] = after
        else:
            new.pop("actuals", None)
        dates = {r["date"]: r["value"] for r in before}
        for number, day, value in rows:
            if dates.get(day) != value:
                was = csv_text(dates[day]) if day in dates else "no value"
                changes.append(f"{iid} actual {day}: {was} -> {csv_text(value)}")
                cells.setdefault(f"indicators[{i + 1}]", (number, "value"))
        changes += [f"{iid} actual {r['date']}: {csv_text(r['value'])} -> removed" for r in before
                    if r["date"] not in {d for _, d, _ in rows}]
    return expected, changes, cells


def _number(sheet: _Sheet, number: int, text: str, iid: str) -> float | int | None:
    if _NUMBER.fullmatch(text):
        value = float(text) if "." in text else int(text)
        if abs(value) <= 10**15:
            return value
    hint = ("use a point for decimals, like 6.4" if re.fullmatch(r"-?[0-9]+,[0-9]+", text)
            else "write a plain number without units or separators, like 3100 or 2.5")
    sheet.cell(number, "value", f"'{text}' is not a number; {hint}", iid)
    return None


def _edit_actuals(editor: Editor, path: tuple[str | int, ...], before: list[dict[str, Any]],
                  rows: list[tuple[int, str, float | int]], present: bool) -> None:
    """Readings of the same date keep their lines (only a changed value is rewritten)."""
    wanted = {day: value for _, day, value in rows}
    if present and (not before or not rows):  # `actuals: []`, or every reading removed
        editor.delete(path)
    if not before or not rows:
        if rows:
            editor.add_key(path, [{"date": day, "value": value} for _, day, value in rows])
        return
    staying = [i for i, r in enumerate(before) if r["date"] in wanted]
    for i, reading in enumerate(before):
        if reading["date"] not in wanted:
            editor.delete((*path, i))
        elif reading["value"] != wanted[reading["date"]]:
            editor.set((*path, i, "value"), wanted[reading["date"]])
    known = {before[i]["date"] for i in staying}
    for _, day, value in rows:
        if day not in known:
            later = next((i for i in staying if before[i]["date"] > day), None)
            editor.insert_item(path, later, {"date": day, "value": value})

