"""The facts the history follows, read from one revision of a tracked file with the same
strict loader and models as the current files: a recommendation's status, due date and
owner; a risk's status; an indicator's latest value."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..cache import memo
from ..diagnostics import Diagnostic, Severity
from ..model import Benefits, Risks, check
from ..yamlsafe import MAX_BYTES, Document, load_bytes, load_text

TRACKED = ("commitments.yml", "risks.yml", "benefits.yml")

Facts = dict[str, dict[str, Any]]
"""Per file: entry id -> the followed fields, as plain JSON values."""


def file_facts(name: str, raw: bytes) -> Facts | str:
    """The followed fields of one revision of a file, or what is wrong with it."""
    if name == "commitments.yml":
        by_entry = _commitment_facts_by_entry(raw)
        if by_entry is not None:
            return by_entry
    return whole_file_facts(name, raw)


def _commitment_facts_by_entry(raw: bytes) -> Facts | None:
    """commitments.yml read entry by entry: a commit usually changes one entry of a hundred, and
    each entry (a top-level key and the indented lines under it) is checked once per process,
    so reading 1,000 revisions costs about what reading a few dozen whole files does. None
    when the file cannot be split so simply, or any entry has a problem: the whole file is then
    read as a build reads it, which gives the verdict and the message. Written here, not taken
    from a library, because no YAML library reads a document piecewise."""
    if len(raw) > MAX_BYTES:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    chunks: list[list[str]] = []
    for line in text.splitlines(keepends=True):
        if line[:1] in ("-", "{", "[", "%", "?", "&", "*", "!", "|", ">") or line.startswith(("---", "...")):
            return None  # anything but a plain mapping of entries
        if line[:1] not in ("", " ", "#", "\n", "\r"):
            chunks.append([line])
        elif chunks:
            chunks[-1].append(line)
    result: Facts = {}
    for chunk in chunks:
        entry = _entry_facts("".join(chunk))
        if entry is None or entry[0] in result:
            return None
        if entry[1] is not None:
            result[entry[0]] = entry[1]
    return result


@memo(maxsize=65536)
def _entry_facts(text: str) -> tuple[str, dict[str, Any] | None] | None:
    """(key, facts) of one top-level entry of commitments.yml (facts None for a part's own text),
    or None if it has a problem."""
    doc, errors = load_text(text, "commitments.yml")
    if doc is None or errors or not isinstance(doc.data, dict) or len(doc.data) != 1:
        return None
    key = next(iter(doc.data))
    found = whole_file_facts("commitments.yml", text.encode(), doc)
    return None if isinstance(found, str) else (key, found.get(key))


def whole_file_facts(name: str, raw: bytes, doc: Document | None = None) -> Facts | str:
    from ..city import commitment_entries  # the same split into statements and entries as a build's

    errors: list[Diagnostic] = []
    if doc is None:
        doc, errors = load_bytes(raw, name)
    if doc is None or errors or not isinstance(doc.data, dict | None):
        return errors[0].message if errors else "the file is not a mapping of keys to values"
    data = doc.data or {}
    problems: list[Diagnostic] = []
    if name == "commitments.yml":
        _, commitments = commitment_entries(replace(doc, data=data), problems)
        result = {rid: {"status": c.status, "due": c.due.isoformat() if c.due else None, "owner": c.owner}
                  for rid, c in commitments.items()}
    elif name == "risks.yml":
        risks, problems = check(Risks, doc, data)
        result = {r.id: {"status": r.status, "title": r.title} for r in risks.risks} if risks else {}
    else:
        benefits, problems = check(Benefits, doc, data)
        result = {i.id: {"value": f"{i.actuals[-1].value:g} {i.unit} ({i.actuals[-1].date})" if i.actuals else None,
                         "title": i.title} for i in benefits.indicators} if benefits else {}
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        where = f"line {errors[0].line}: " if errors[0].line else ""
        return f"{where}{errors[0].message}"
    return result
