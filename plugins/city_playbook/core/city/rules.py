"""What a city's values mean together and against the catalog: a `not-applicable` needs a
reason, an id must exist, a phase cannot end before it starts. Each message points at the
exact key; the models have checked each value's shape already."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from ..catalog import Catalog
from ..diagnostics import Diagnostic, Severity, count, did_you_mean, one_of
from ..ids import SLUG
from ..model import Benefits, Interoperability, known, unique, valid
from ..yamlsafe import Document, Key
from .folder import City, display_path

_CITY_SUFFIX = re.compile(SLUG)


def additions_unknown(root: Path, docs: dict[str, Document]) -> bool:
    """True when the city's own items cannot be known because commitments.yml did not load or
    looks misnamed (commitment.yml, commitments.yaml): references to them are then not
    checked, instead of each being reported as unknown."""
    if (root / "commitments.yml").is_file():
        return "commitments.yml" not in docs
    return any(p.suffix in (".yml", ".yaml") and did_you_mean(p.name, ["commitments.yml"])
               for p in root.iterdir())


def cross_checks(city: City, catalog: Catalog, docs: dict[str, Document], today: date,
             additions_unknown: bool = False) -> Iterator[Diagnostic]:
    shown = display_path(city.root)
    yield from _principles(city, catalog, docs.get("principles.yml") or Document(f"{shown}/principles.yml", {}))
    yield from _commitment_rules(city, catalog, docs.get("commitments.yml")
                                 or Document(f"{shown}/commitments.yml", {}), today)
    # Every id written in commitments.yml counts as known here: one that is wrong (or whose entry
    # has an error) is reported there, once, rather than again at every reference to it.
    written = docs["commitments.yml"].data if "commitments.yml" in docs else {}
    rec_ids: set[str] | None = set(catalog.recommendations) | city.additions() | {
        k for k in written if "." in k}
    if additions_unknown:
        rec_ids = None
    if city.roadmap:
        yield from _roadmap(city, docs["roadmap.yml"], rec_ids)
    if city.governance:
        doc = docs["governance.yml"]
        yield from unique(doc, ("bodies",), [b.id for b in city.governance.bodies])
        for i, body in enumerate(city.governance.bodies):
            for j, pid in enumerate(body.parts):
                yield from _part_id(doc, ("bodies", i, "parts", j), pid, catalog)
    if city.interoperability:
        yield from _interoperability(city.interoperability, docs["interoperability.yml"])
    if city.benefits:
        yield from _benefits(city.benefits, catalog, docs["benefits.yml"], rec_ids)
    if city.risks:
        doc = docs["risks.yml"]
        checklist = {r.id for r in catalog.risks.risks}
        yield from unique(doc, ("risks",), [r.id for r in city.risks.risks])
        for i, risk in enumerate(city.risks.risks):
            for j, rid in enumerate(risk.checklist):
                yield from known(doc, ("risks", i, "checklist", j), rid, checklist, "an Annex C checklist item")
            for j, pid in enumerate(risk.threatens):
                yield from _part_id(doc, ("risks", i, "threatens", j), pid, catalog)
            if risk.status != "closed":
                yield from _review_date(doc, ("risks", i, "reviewed"), risk.reviewed, today,
                                        city.profile.review_every_days)


def _part_id(doc: Document, path: Key, pid: str | None, catalog: Catalog) -> Iterator[Diagnostic]:
    """A part named in a city's file is one of the loaded catalog's, whose ids the message lists."""
    if pid is not None and pid not in catalog.parts:
        yield doc.error(path, f"'{pid}' is not allowed here; use a part id: {catalog.part_ranges()}")


def _principles(city: City, catalog: Catalog, doc: Document) -> Iterator[Diagnostic]:
    defaults = {p.id for p in catalog.principles.principles}
    groups = [g.id for g in catalog.principles.groups]
    for pid, choice in city.principles.items():
        here = (pid,)
        if not valid(choice, "status"):  # what the rules below ask for depends on it
            continue
        if choice.status == "added":
            if pid in defaults:
                yield doc.error(here, f"'{pid}' is an Annex B principle; give your own principle a new "
                                "id, or set status to adopted or adapted", at_key=True)
            elif not _CITY_SUFFIX.fullmatch(pid):
                yield doc.error(here, f"'{pid}' cannot be an id: use lowercase letters, digits and dashes, "
                                "like local-1", at_key=True)
            for key in ("title", "text", "group"):
                if getattr(choice, key) is None and valid(choice, key):
                    choices = f": one of {one_of(groups)}" if key == "group" else ""
                    yield doc.error((*here, key), f"an added principle needs '{key}'{choices}")
        elif pid not in defaults:
            yield doc.error(here, f"'{pid}' is not an Annex B principle.{did_you_mean(pid, defaults)} "
                            "To add your own principle, set status: added", at_key=True)
        if choice.group is not None:
            if choice.status != "added":
                yield doc.error((*here, "group"), "'group' is only for added principles; delete it")
            else:
                yield from known(doc, (*here, "group"), choice.group, groups, f"a group ({one_of(groups)})")
        if choice.status == "adapted" and choice.text is None and valid(choice, "text"):
            yield doc.error((*here, "text"), "an adapted principle needs 'text': the city's wording")
        if choice.status == "adopted":
            for key in ("text", "title"):
                if getattr(choice, key) is not None:
                    yield doc.error((*here, key), f"'{key}' is only used when the principle is adapted "
                                    "or added; set status: adapted or delete it")
        if (choice.status == "not-adopted") != (choice.reason is not None) and valid(choice, "reason"):
            yield doc.error((*here, "reason"), "a principle that is not adopted needs a 'reason'"
                            if choice.reason is None else "'reason' is only shown for not-adopted "
                            "principles; delete it or set status: not-adopted")
    missing = sorted(defaults - set(city.principles))
    if missing:
        yield doc.error((), f"no decision yet on {count(len(missing), 'Annex B principle')}, shown as "
                        f"'not yet decided': {one_of(missing)}", severity=Severity.WARNING)


def _review_date(doc: Document, path: Key, reviewed: date | None, today: date,
                 cycle: int) -> Iterator[Diagnostic]:
    """A review date over a year old (or older than the city's own review cycle, when that
    is longer), or in the future, is probably a mistake. The public 'review overdue' flag
    follows the city's cycle alone."""
    if reviewed is None:
        return
    limit = max(365, cycle)
    if reviewed < today - timedelta(days=limit):
        yield doc.error(path, f"last reviewed {reviewed}, more than {limit} days ago; review it and update "
                        "the date", severity=Severity.WARNING)
    elif reviewed > today:
        yield doc.error(path, f"{reviewed} is in the future; write the date of the last review",
                        severity=Severity.WARNING)


def _commitment_rules(city: City, catalog: Catalog, doc: Document, today: date) -> Iterator[Diagnostic]:
    for pid in city.statements:
        if pid not in catalog.parts:
            yield doc.error((pid,), f"'{pid}' is not a part of the playbook."
                            f"{did_you_mean(pid, catalog.parts)}", at_key=True)
    for rid, c in city.commitments.items():
        here = (rid,)
        part, _, suffix = rid.partition(".")
        if part not in catalog.parts:
            yield doc.error(here, f"'{rid}' does not start with a part id ({catalog.part_ranges()})."
                            f"{did_you_mean(rid, catalog.recommendations)}", at_key=True)
            continue
        # A statement that is not well formed is reported as such: here it counts as written.
        unstated = c.statement is None and valid(c, "statement")
        if rid in catalog.recommendations:
            if c.statement is not None:
                yield doc.error((*here, "statement"), f"{rid} is a catalog recommendation: its text comes "
                                f"from the catalog. Delete 'statement', or give your own item a new id "
                                f"such as {part}.my-item")
        elif len(suffix) > 1 and unstated and _CITY_SUFFIX.fullmatch(suffix):
            # A descriptive id is the city's own item, which says what it is in a statement.
            yield doc.error(here, f"'{rid}' is not in the catalog, so it is one of the city's own "
                            "items: add a 'statement' with the recommendation in the city's words",
                            at_key=True)
        elif len(suffix) == 1 or unstated:
            letters = [r.id for r in catalog.parts[part].recommendations]
            yield doc.error(here, f"'{rid}' is not in the catalog ({part} has {one_of(letters)})."
                            f"{did_you_mean(rid, letters)} To add the city's own item, use a descriptive "
                            f"id such as {part}.my-item and give it a 'statement'", at_key=True)
        elif not _CITY_SUFFIX.fullmatch(suffix):
            yield doc.error(here, f"'{rid}': after '{part}.' use lowercase letters, digits and dashes, "
                            "like B3.youth-panel", at_key=True)
        if (c.status == "not-applicable") != (c.reason is not None) and valid(c, "status", "reason"):
            yield doc.error((*here, "reason"), "status not-applicable needs a 'reason'; it is shown to "
                            "the public" if c.reason is None else "'reason' is only shown when status "
                            "is not-applicable; move it to 'note' or change the status")
        if c.status == "done" and not c.evidence and valid(c, "evidence"):
            yield doc.error((*here, "status"), "done, but no evidence is linked; add an 'evidence' link "
                            "so residents can see the work", severity=Severity.WARNING)
        yield from _review_date(doc, (*here, "reviewed"), c.reviewed, today, city.profile.review_every_days)
    missing = [rid for rid in catalog.recommendations if rid not in doc.data]  # written, even if wrong
    if missing:
        yield doc.error((), f"no entry for {count(len(missing), 'recommendation')}, shown as not "
                        f"started: {one_of(missing)}", severity=Severity.WARNING)


def _roadmap(city: City, doc: Document, rec_ids: set[str] | None) -> Iterator[Diagnostic]:
    roadmap = city.roadmap
    assert roadmap is not None
    yield from unique(doc, ("phases",), [p.id for p in roadmap.phases])
    for i, phase in enumerate(roadmap.phases):
        if valid(phase, "start", "end") and phase.end < phase.start:
            yield doc.error(("phases", i, "end"), f"the phase ends ({phase.end}) before it starts "
                            f"({phase.start}); check both dates")
        for j, item in enumerate(phase.items):
            here = ("phases", i, "items", j)
            if not valid(item, "recommendation"):
                continue
            if item.recommendation is None:
                if (item.title is None or item.status is None) and valid(item, "title", "status"):
                    yield doc.error(here, "an item without a 'recommendation' id needs a 'title' and a "
                                    "'status'")
                continue
            if rec_ids is not None:
                yield from known(doc, (*here, "recommendation"), item.recommendation, rec_ids,
                                 "a recommendation in the catalog or commitments.yml")
            committed = city.commitments.get(item.recommendation)
            if item.status and committed and valid(committed, "status") and committed.status != item.status:
                yield doc.error((*here, "status"), f"says {item.status}, but commitments.yml says "
                                f"{item.recommendation} is {committed.status}; the roadmap shows "
                                f"{item.status}. Delete this status to follow commitments.yml",
                                severity=Severity.WARNING)


def _interoperability(matrix: Interoperability, doc: Document) -> Iterator[Diagnostic]:
    rows, columns = [r.id for r in matrix.rows], [c.id for c in matrix.columns]
    yield from unique(doc, ("rows",), rows)
    yield from unique(doc, ("columns",), columns)
    seen: dict[tuple[str, str], int] = {}
    for i, cell in enumerate(matrix.cells):
        yield from known(doc, ("cells", i, "row"), cell.row, rows, "a row id")
        yield from known(doc, ("cells", i, "column"), cell.column, columns, "a column id")
        if not valid(cell, "row", "column"):
            continue
        if (cell.row, cell.column) in seen:
            yield doc.error(("cells", i), f"there is already a cell for {cell.row} x {cell.column} "
                            f"(cells[{seen[(cell.row, cell.column)] + 1}]); merge them")
        seen.setdefault((cell.row, cell.column), i)


def _benefits(benefits: Benefits, catalog: Catalog, doc: Document,
              rec_ids: set[str] | None) -> Iterator[Diagnostic]:
    changes = {c.id for c in catalog.benefit_map.changes}
    outcomes = {o.id for o in catalog.benefit_map.outcomes}
    initiatives = [i.id for i in benefits.initiatives]
    yield from unique(doc, ("initiatives",), initiatives)
    yield from unique(doc, ("indicators",), [i.id for i in benefits.indicators])
    for i, initiative in enumerate(benefits.initiatives):
        here = ("initiatives", i)
        for j, rid in enumerate(initiative.recommendations):
            if rec_ids is not None:
                yield from known(doc, (*here, "recommendations", j), rid, rec_ids, "a recommendation")
        for j, cid in enumerate(initiative.changes):
            yield from known(doc, (*here, "changes", j), cid, changes, "an Annex A governance change")
        for j, oid in enumerate(initiative.outcomes):
            yield from known(doc, (*here, "outcomes", j), oid, outcomes, "an Annex A outcome")
    for i, indicator in enumerate(benefits.indicators):
        here = ("indicators", i)
        if indicator.outcome is not None:
            yield from known(doc, (*here, "outcome"), indicator.outcome, outcomes, "an Annex A outcome")
        if indicator.initiative is not None:
            yield from known(doc, (*here, "initiative"), indicator.initiative, initiatives, "an initiative")
        if valid(indicator.target, "date") and valid(indicator.baseline, "date") \
                and indicator.target.date < indicator.baseline.date:
            yield doc.error((*here, "target", "date"), "the target date is before the baseline date; "
                            "the target is the value hoped for later")
        dates = [r.date for r in indicator.actuals]
        if all(valid(r, "date") for r in indicator.actuals) and dates != sorted(set(dates)):
            yield doc.error((*here, "actuals"), "list the actual values oldest first, one per date")
