"""`city-playbook import` as a whole: a table of the open data, edited in a spreadsheet, back into the YAML.

Cities keep statuses and indicator readings current in spreadsheets. The import reads
commitments.csv or readings.csv in exactly the shape the site publishes, compares every
cell with what the city's files say now, and changes only the values that differ, with
line-preserving edits (see `yamledit`). Every bad cell is reported with its row and column;
the edited city is checked as `validate` checks it; nothing is written unless all is well,
and then atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ... import pipeline
from ...core.city import display_path
from ...core.diagnostics import Diagnostic, PlaybookError
from ...core.output import build_date
from ...core.yamlsafe import load_bytes
from ..yamledit import EditError, Editor
from .commitments import commitment_changes
from .readings import reading_changes
from .sheet import Sheet, check_header, read_sheet


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


def import_table(table: Path, city_dir: Path, catalog_dir: Path | None = None) -> Imported:
    """Read `table` against the city in `city_dir`; raises PlaybookError with every problem."""
    sheet = read_sheet(table)
    if "indicator" in sheet.header:
        name = "readings"
    elif "id" in sheet.header:
        name = "commitments"
    else:
        raise PlaybookError([Diagnostic(sheet.shown, 1, 0, "", "this is neither commitments.csv nor "
                                        "readings.csv as the site publishes them: the first row must name the "
                                        "columns, starting with id (commitments) or indicator (readings)")])
    check_header(sheet, name, ("id",) if name == "commitments" else ("indicator", "kind", "date", "value"))
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
        expected, changes, cells = commitment_changes(sheet, built, doc.data, editor)
    else:
        expected, changes, cells = reading_changes(sheet, doc.data or {}, editor)
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
               before: list[Diagnostic], sheet: Sheet, cells: dict[str, tuple[int, str]]) -> list[Diagnostic]:
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
