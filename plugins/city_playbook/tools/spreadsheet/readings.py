"""readings.csv against benefits.yml: each indicator's baseline, target and actual
readings as the sheet gives them, checked cell by cell, and the line-preserving edits that
write them."""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic_core import PydanticCustomError

from ...core.diagnostics import did_you_mean, one_of
from ...core.model import iso_date
from ...site.opendata import csv_text
from ..yamledit import Editor
from .sheet import Sheet

KINDS = ("baseline", "actual", "target")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def reading_changes(sheet: Sheet, written: dict[str, Any],
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


def _number(sheet: Sheet, number: int, text: str, iid: str) -> float | int | None:
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
