"""commitments.csv against commitments.yml: the values a sheet changes, checked cell by
cell, and the line-preserving edits that write them."""

from __future__ import annotations

import copy
from typing import Any

from pydantic_core import PydanticCustomError

from ... import pipeline
from ...core.diagnostics import did_you_mean, one_of
from ...core.model import STATUSES, checked_link, iso_date
from ...site.opendata import TABLE, csv_text, open_data
from ..yamledit import EditError, Editor
from .sheet import Sheet

# Worked out from the day of the build, so a sheet downloaded last month differs here
# without anyone having changed them; they are not read.
DERIVED_FROM_TODAY = ("stale", "overdue")
EDITABLE = ("status", "owner", "due", "reviewed", "evidence", "note", "reason")


def commitment_changes(sheet: Sheet, built: pipeline.Built, written: dict[str, Any],
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


def _commitment_value(sheet: Sheet, number: int, column: str, key: str, value: str, rid: str) -> Any:
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
                sheet: Sheet, number: int) -> None:
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
