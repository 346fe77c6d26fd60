"""Loading a city: every file read strictly, validated against its model, read in each
language of the site, and cross-checked; all problems of a run are collected before
anything is raised."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..diagnostics import Diagnostic, PlaybookError, Severity, one_of
from ..ids import CODE
from ..model import (
    CityProfile,
    Commitment,
    PartStatement,
    PrincipleChoice,
    check,
    empty_values,
    salvage,
)
from ..yamlsafe import Document, Key, load_file
from .folder import KNOWN_FILES, OPTIONAL_FILES, City, city_folders, display_path, logo_name, stray_files
from .languages import in_language, site_languages
from .profile import profile_rules
from .rules import additions_unknown, cross_checks

# A key of commitments.yml shaped like a part id (B1, B15) is a part's statement, checked
# against the catalog's parts; anything else without a dot is neither.
_PART_KEY = re.compile(CODE)


def load_city(root: Path, catalog: Catalog, today: date) -> City:
    """Load, validate and cross-check a city. Raises PlaybookError with every error found;
    warnings come back on the City."""
    root = Path(root)
    shown = display_path(root)
    if root.is_file():
        folder = (f"give the city's folder, {display_path(root.parent)}" if root.name in KNOWN_FILES
                  else "give a city's folder, the one that holds its city.yml")
        raise PlaybookError([Diagnostic(shown, 0, 0, "", f"this is a file; {folder}")])
    if not root.is_dir():
        raise PlaybookError([Diagnostic(shown, 0, 0, "", "the city folder does not exist; create "
                                        "it with `city-playbook new SLUG` or check the path")])
    inside = [] if (root / "city.yml").exists() else [display_path(p) for p in city_folders(root)]
    if inside:
        raise PlaybookError([Diagnostic(shown, 0, 0, "", "this folder holds cities, not one city; "
                                        f"give one of them: {one_of(inside)}")])
    # Errors and warnings alike; they are told apart at the end.
    problems: list[Diagnostic] = []
    docs: dict[str, Document] = {}
    for name in KNOWN_FILES:
        path = root / name
        if not path.is_file():
            if name == "city.yml":
                problems.append(Diagnostic(f"{shown}/{name}", 0, 0, "", "the file is missing; every "
                                           "city needs a city.yml (see the README)"))
            continue
        doc, errors = load_file(path, f"{shown}/{name}")
        problems.extend(errors)
        if doc is not None:
            if doc.data is None:  # only comments: nothing written yet
                doc = replace(doc, data={})
            if not isinstance(doc.data, dict):
                problems.append(doc.error((), "the file must be a mapping of keys to values, one "
                                          "'key: value' per line"))
            else:
                docs[name] = doc

    problems[:0] = stray_files(root, shown, logo_name(docs.get("city.yml")))
    languages = site_languages(docs.get("city.yml"))
    found: list[Diagnostic] = []
    cities: dict[str, City] = {}
    for language in languages:
        untranslated: set[str] = set()
        local = {name: in_language(doc, name, language, languages, found, untranslated)
                 for name, doc in docs.items()}
        cities[language] = _checked(root, local, catalog, today, list(problems), found)
        cities[language].untranslated = frozenset(untranslated)
    found = list(dict.fromkeys(found))  # each language's pass finds the same mistakes in structure
    errors = [d for d in found if d.severity is Severity.ERROR]
    # A file that could not be read at all would only add follow-on warnings ("no entry for
    # 90 recommendations"); its errors say what to fix first.
    unread = {f"{shown}/{name}" for name in KNOWN_FILES if (root / name).is_file() and name not in docs}
    warnings = [d for d in found if d.severity is Severity.WARNING and d.file not in unread]
    if errors:
        raise PlaybookError(errors, warnings)
    for city in cities.values():
        city.warnings = sorted(warnings)
        city.translations = cities
    return cities[languages[0]]


def _checked(root: Path, docs: dict[str, Document], catalog: Catalog, today: date, problems: list[Diagnostic],
             found: list[Diagnostic]) -> City:
    """The city in one language, from its files' text in that language; every problem goes
    into `found`."""
    values: dict[str, Any] = {}
    if "city.yml" in docs:
        values["profile"] = _validated(CityProfile, docs["city.yml"], docs["city.yml"].data, (), problems)
    for name, model in OPTIONAL_FILES.items():
        if name in docs and not docs[name].data:
            # Only comments (as `city-playbook new` writes it): the same as no file, said aloud.
            problems.append(docs[name].error((), "nothing is written in this file yet, only comments, so "
                                             "its page says there is nothing yet; fill it in (the comments "
                                             "show how) or delete the file", severity=Severity.WARNING))
        elif name in docs:
            values[name.removesuffix(".yml")] = _validated(model, docs[name], docs[name].data, (), problems)
    principles = _entries(docs.get("principles.yml"), PrincipleChoice, problems)
    statements, commitments = commitment_entries(docs.get("commitments.yml"), problems)
    profile = values.get("profile")
    if profile is None:  # city.yml is missing or unreadable, and that is already in problems
        assert any(d.severity is Severity.ERROR for d in problems)
        # A stand-in that only lets the other files be cross-checked; this City is never returned.
        profile = salvage(CityProfile, None)

    # The cross-checks run on every file and entry, and on the well-formed part of those with
    # errors, so that an editor sees all problems in one run (a typo in commitments.yml must
    # not hide a phase that ends before it starts in roadmap.yml, nor a likelihood of 6 an
    # unknown checklist id in the same risk). A City with errors is never returned.
    city = City(root, profile, principles=principles, statements=statements, commitments=commitments,
                roadmap=values.get("roadmap"), governance=values.get("governance"),
                interoperability=values.get("interoperability"), benefits=values.get("benefits"),
                risks=values.get("risks"))
    found += problems + list(cross_checks(city, catalog, docs, today, additions_unknown(root, docs)))
    if "city.yml" in docs:
        found.extend(profile_rules(profile, docs, root))
    return city


def _validated(model: type[Any], doc: Document, data: Any, path: Key, problems: list[Diagnostic]) -> Any:
    """One file or entry checked against its model: its errors, and warnings for the keys
    it leaves empty, go into `problems`. Returns the model, or, when it has errors, its
    well-formed part (`salvage`), so that the cross-checks still run on the rest of it."""
    value, errors = check(model, doc, data, path)
    problems.extend(errors)
    problems.extend(empty_values(model, doc, data, path))
    return value if value is not None else salvage(model, data)


def _entries(doc: Document | None, model: type[Any], problems: list[Diagnostic]) -> dict[str, Any]:
    """A mapping of id -> model, each entry validated on its own so all errors are found."""
    if doc is None:
        return {}
    return {key: _validated(model, doc, value, (key,), problems) for key, value in doc.data.items()}


def commitment_entries(doc: Document | None, problems: list[Diagnostic]) -> tuple[dict[str, PartStatement],
                                                                            dict[str, Commitment]]:
    """commitments.yml mixes part statements (`B1:`) and recommendations (`B1.a:`)."""
    if doc is None:
        return {}, {}
    by_kind: dict[bool, dict[str, Any]] = {True: {}, False: {}}
    for key, value in doc.data.items():
        if "." not in key and not _PART_KEY.fullmatch(key):
            problems.append(doc.error((key,), f"'{key}' is neither a part id (like B1) nor a "
                                      "recommendation id (like B1.a)", at_key=True))
            continue
        by_kind["." in key][key] = value
    statements = _entries(replace(doc, data=by_kind[False]), PartStatement, problems)
    return statements, _entries(replace(doc, data=by_kind[True]), Commitment, problems)
