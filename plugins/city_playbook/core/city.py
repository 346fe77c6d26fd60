"""A city's folder: every file loaded strictly, validated, and checked against the catalog.

The models check each value's shape; this module checks what values mean together (a
`not-applicable` needs a reason, an id must exist) so every message can point at the
exact key. All problems of a run are collected before anything is raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .brand import AA, HEX, LOGO_TYPES, SVG_ACTIVE, WHITE, contrast, darkened
from .catalog import Catalog, load_catalog
from .diagnostics import Diagnostic, PlaybookError, Severity, count, did_you_mean, one_of
from .ids import CODE, SLUG
from .language import DEFAULT, shipped, strings
from .model import (
    PART_ID_MARK,
    Benefits,
    CityProfile,
    Commitment,
    Governance,
    Interoperability,
    PartStatement,
    PrincipleChoice,
    Risks,
    Roadmap,
    Strict,
    check,
    empty_values,
    known,
    salvage,
    translatable,
    unique,
    valid,
)
from .yamlsafe import Document, Key, load_file, nodes

OPTIONAL_FILES: dict[str, type[Strict]] = {
    "roadmap.yml": Roadmap,
    "governance.yml": Governance,
    "interoperability.yml": Interoperability,
    "benefits.yml": Benefits,
    "risks.yml": Risks,
}
KNOWN_FILES = ("city.yml", "principles.yml", "commitments.yml", *OPTIONAL_FILES)
IGNORED_FILES = ("README.md",)

# A key of commitments.yml shaped like a part id (B1, B15) is a part's statement, checked
# against the catalog's parts; anything else without a dot is neither.
_PART_KEY = re.compile(CODE)
_CITY_SUFFIX = re.compile(SLUG)


@dataclass
class City:
    root: Path
    profile: CityProfile
    principles: dict[str, PrincipleChoice] = field(default_factory=dict)
    statements: dict[str, PartStatement] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    roadmap: Roadmap | None = None
    governance: Governance | None = None
    interoperability: Interoperability | None = None
    benefits: Benefits | None = None
    risks: Risks | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    untranslated: frozenset[str] = frozenset()
    """Texts shown in the default language because this language's text is missing."""
    translations: dict[str, City] = field(default_factory=dict)
    """The city in each language of its site, the default (this one) first."""

    @property
    def slug(self) -> str:
        return self.root.name

    def additions(self) -> set[str]:
        return {rid for rid, c in self.commitments.items() if c.statement is not None}


def display_path(path: Path) -> str:
    """Paths as the editor typed them: relative to where the command runs, if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def city_folders(root: Path) -> list[Path]:
    """The folders directly in `root` that hold a city (a city.yml), in name order."""
    return sorted(p for p in root.iterdir() if (p / "city.yml").is_file()) if root.is_dir() else []


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

    problems[:0] = _stray_files(root, shown, _logo_name(docs.get("city.yml")))
    languages = _site_languages(docs.get("city.yml"))
    found: list[Diagnostic] = []
    cities: dict[str, City] = {}
    for language in languages:
        untranslated: set[str] = set()
        local = {name: _in_language(doc, name, language, languages, found, untranslated)
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
    statements, commitments = _commitments(docs.get("commitments.yml"), problems)
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
    found += problems + list(_meaning(city, catalog, docs, today, _additions_unknown(root, docs)))
    if "city.yml" in docs:
        found.extend(_languages(profile, docs["city.yml"]))
        found.extend(_feedback(profile, docs["city.yml"]))
        found.extend(_brand(profile, docs["city.yml"], root))
        found.extend(_placeholders(profile, docs))
    return city


# --- Text per language -------------------------------------------------------------------


def _site_languages(doc: Document | None) -> tuple[str, ...]:
    """The languages city.yml names, read before any file is checked: each language's pass
    checks the files with their text in that language. Anything malformed counts as the
    default language alone (checking city.yml then says what is wrong)."""
    data = doc.data if doc else {}
    wanted = data.get("languages") or [data.get("language") or DEFAULT]
    if (isinstance(wanted, list) and all(isinstance(w, str) and w in shipped() for w in wanted)
            and len(set(wanted)) == len(wanted)):
        return tuple(wanted)
    return (DEFAULT,)


def _model_of(name: str, loc: Key) -> tuple[Any, Key]:
    """The model that data at `loc` of a city file is checked against, and its place there."""
    if name == "commitments.yml":
        return (Commitment if "." in str(loc[0]) else PartStatement) if loc else None, loc[1:]
    if name == "principles.yml":
        return PrincipleChoice, loc[1:]
    return {"city.yml": CityProfile, **OPTIONAL_FILES}[name], loc


def _in_language(doc: Document, name: str, language: str, languages: tuple[str, ...], found: list[Diagnostic],
                 untranslated: set[str]) -> Document:
    """The file with each text written per language (`vision: {fr: ..., en: ...}`) replaced
    by its text in `language`. A missing translation is a warning, and the default
    language's text stands in (and is marked, in `untranslated`, to carry its own `lang`)."""
    default = languages[0]

    def choose(texts: dict[str, Any], loc: Key) -> Any:
        for code in texts:
            if code not in languages:
                found.append(doc.error((*loc, code), f"'{code}' is not a language of this site; write the text "
                                       f"under {one_of(languages)}, or add {code} to 'languages' in city.yml",
                                       at_key=True))
        if language in texts:
            return texts[language]
        if default not in texts:
            found.append(doc.error(loc, f"there is no text in {default}, the site's default language; add "
                                   f"'{default}: ...' on a line below, indented"))
            return next(iter(texts.values()))
        found.append(doc.error(loc, f"no text in {language} ({strings(language).language_name}); the {default} "
                               f"text is shown on those pages until you add '{language}: ...'",
                               severity=Severity.WARNING))
        if isinstance(texts[default], str):
            untranslated.add(" ".join(texts[default].split()))
        return texts[default]

    def walk(value: Any, loc: Key) -> Any:
        if isinstance(value, dict):
            model, place = _model_of(name, loc)
            if any(k in shipped() for k in value) and model is not None and translatable(model, place):
                return choose(value, loc)
            return {k: walk(v, (*loc, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*loc, i)) for i, v in enumerate(value)]
        return value

    return replace(doc, data=walk(doc.data, ()))


def _logo_name(doc: Document | None) -> str | None:
    """The logo's file as city.yml names it, read before city.yml is checked (so that the
    logo is not taken for a stray file)."""
    logo = doc.data.get("logo") if doc and isinstance(doc.data, dict) else None
    name = logo.get("file") if isinstance(logo, dict) else None
    return name if isinstance(name, str) else None


def _stray_files(root: Path, shown: str, logo: str | None) -> Iterator[Diagnostic]:
    """Nothing an editor writes is ignored: a misnamed file is an error, not a no-op."""
    for path in sorted(root.iterdir()):
        name = path.name
        if name in KNOWN_FILES or name in IGNORED_FILES or name.startswith(".") or name == logo:
            continue
        if path.suffix.lower() in (".yml", ".yaml"):
            stem = name.rsplit(".", 1)[0].lower() + ".yml"  # "Risks.YML" is risks.yml, misnamed
            if stem in KNOWN_FILES and (root / stem).is_file() and (root / stem).samefile(path):
                # A disk that ignores case (macOS, Windows) reads it; a Linux build server will not.
                yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"rename it to {stem}: the name must match "
                                 "exactly, or a build on another computer will not find it")
                continue
            # "commitments (copy).yml", "risks-old.yml", "city.yaml" beside city.yml
            original = next((k for k in KNOWN_FILES if (root / k).is_file() and name.startswith(k[:-4])), None)
            if original and (stem not in KNOWN_FILES or (root / stem).is_file()):
                yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"this looks like a copy of {original}, "
                                 f"and only {original} is read; move the copy out of the city folder",
                                 Severity.WARNING)
                continue
            hint = (f" Rename it to {stem}." if stem in KNOWN_FILES else did_you_mean(name, KNOWN_FILES))
            yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"this file is not read by the playbook.{hint} "
                             f"The files a city can have are: {one_of(KNOWN_FILES)}")
        else:
            kind = "folder" if path.is_dir() else "file"
            yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"this {kind} is not part of the playbook and is "
                             "not published; move it out of the city folder", Severity.WARNING)


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


def _commitments(doc: Document | None, problems: list[Diagnostic]) -> tuple[dict[str, PartStatement],
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


# --- What the values mean together ------------------------------------------------------


def _additions_unknown(root: Path, docs: dict[str, Document]) -> bool:
    """True when the city's own items cannot be known because commitments.yml did not load or
    looks misnamed (commitment.yml, commitments.yaml): references to them are then not
    checked, instead of each being reported as unknown."""
    if (root / "commitments.yml").is_file():
        return "commitments.yml" not in docs
    return any(p.suffix in (".yml", ".yaml") and did_you_mean(p.name, ["commitments.yml"])
               for p in root.iterdir())


def _meaning(city: City, catalog: Catalog, docs: dict[str, Document], today: date,
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


def _languages(profile: CityProfile, doc: Document) -> Iterator[Diagnostic]:
    if profile.language and profile.languages:
        yield doc.error(("languages",), "write either 'language' (a site in one language) or 'languages' "
                        "(several, the default first), not both; delete the 'language' line", at_key=True)
    yield from unique(doc, ("languages",), list(profile.languages or ()), field=None)


def _feedback(profile: CityProfile, doc: Document) -> Iterator[Diagnostic]:
    """Checked apart from the other files, which are cross-checked even when city.yml is broken."""
    feedback = profile.feedback
    if feedback is not None and valid(feedback, "email", "url") and feedback.email is None and feedback.url is None:
        yield doc.error(("feedback",), "give residents a way to respond: add 'email' or 'url' (a web "
                        "form) under feedback")


def _brand(profile: CityProfile, doc: Document, root: Path) -> Iterator[Diagnostic]:
    """The city's colours keep WCAG 2.2 AA contrast, and its logo is an image file of its folder."""
    colours = profile.colours if valid(profile, "colours") else None
    for key, what in (("primary", "the header's white text"), ("accent", "links on the white page")):
        value = getattr(colours, key, None)
        if value is None:
            continue
        if not HEX.fullmatch(value):
            yield doc.error(("colours", key), f"'{value}' is not a colour: write # and six hexadecimal "
                            "digits, in quotes, e.g. \"#1d4f91\"")
        elif (ratio := contrast(value, WHITE)) < AA:
            shown = int(ratio * 10) / 10  # rounded down: 4.46 is not "4.5"
            yield doc.error(("colours", key), f"{what} would have a contrast of only {shown}:1 with "
                            f"{value}, and WCAG 2.2 AA needs 4.5:1; write a darker colour, e.g. "
                            f"\"{darkened(value)}\" (the same hue)")
    logo = profile.logo if valid(profile, "logo") else None
    if logo is None or not valid(logo, "file"):
        return
    name, here = logo.file, ("logo", "file")
    if Path(name).name != name or name.startswith("."):
        yield doc.error(here, "write only the file's name, e.g. logo.svg, and put the file in the city's "
                        "folder beside city.yml")
    elif not name.lower().endswith(LOGO_TYPES):
        yield doc.error(here, f"'{name}' is not an image the site can show: use a file ending in "
                        f"{one_of(LOGO_TYPES)}")
    elif not (root / name).is_file():
        yield doc.error(here, f"there is no file {name} in the city's folder; put the logo beside city.yml "
                        "or correct the name")
    elif name.lower().endswith(".svg") and SVG_ACTIVE.search((root / name).read_bytes()):
        yield doc.error(here, f"{name} holds script, event handlers or links to other sites, which the site "
                        "does not publish; save it again as a plain drawing (in Inkscape: Save As, "
                        "Optimized SVG)")


# Hosts reserved for examples (RFC 2606 and RFC 6761): mail and links there reach no one.
_EXAMPLE_HOST = re.compile(r"(?:^|\.)(?:example|invalid|test|example\.(?:com|net|org))\.?$", re.I)
# A web address's host, or an email address's domain, anywhere in a text.
_ADDRESS = re.compile(r"https?://(?:[^@/\s]*@)?([^/:?#\s)\]>\"']+)|[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.I)
VISION_PLACEHOLDER = "Write the city's vision here."


def _placeholders(profile: CityProfile, docs: dict[str, Document]) -> Iterator[Diagnostic]:
    """What `city-playbook new` wrote and nobody has replaced yet. Each is valid, so it would
    be published as if it were the city's own: a vision that is an instruction, addresses
    that reach no one, an accessibility review that never happened."""
    doc = docs["city.yml"]
    if valid(profile, "vision") and VISION_PLACEHOLDER in profile.vision:
        yield doc.error(("vision",), "this is still the text `city-playbook new` wrote; write the city's "
                        "own vision", severity=Severity.WARNING)
    if valid(profile, "reviewed") and profile.reviewed is None:
        yield doc.error(("reviewed",), "no date of the last review of the whole playbook, so the home page "
                        "says it has not been reviewed yet; add 'reviewed: YYYY-MM-DD' once it has",
                        severity=Severity.WARNING)
    access = profile.accessibility
    if access is not None and valid(access, "reviewed") and access.reviewed is None:
        yield doc.error(("accessibility",), "no date of the last accessibility review, so the statement "
                        "says the site has not been reviewed yet; add 'reviewed: YYYY-MM-DD' once it "
                        "has", severity=Severity.WARNING)
    if profile.fictional or not valid(profile, "fictional"):  # an example city may use example addresses
        return
    for other in docs.values():
        for path, text in nodes(other.data):
            if not isinstance(text, str):
                continue
            placeholder = next((m.group(0) for m in _ADDRESS.finditer(text)
                                if _EXAMPLE_HOST.search(m.group(1) or m.group(2))), None)
            if placeholder:
                yield other.error(path, f"'{placeholder}' is a placeholder address that reaches no one; "
                                  "write the real one (or set fictional: true in city.yml for a training "
                                  "city)", severity=Severity.WARNING)


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


# --- JSON Schema for editors' tools ------------------------------------------------------

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schemas(catalog: Catalog | None = None) -> dict[str, dict[str, Any]]:
    """JSON Schema of every city file, keyed by the schema's file name (`city.schema.json`),
    with the part ids of `catalog` (the shipped one by default).

    Editors' tools (VS Code with the YAML extension, JetBrains IDEs, web editors) use these
    for completion and inline errors; the build's own checks remain the authority."""
    part_ids = (catalog or load_catalog()).part_ids
    parts = "|".join(re.escape(pid) for pid in part_ids)

    def keyed(title: str, description: str, patterns: dict[str, type[Strict]]) -> dict[str, Any]:
        defs: dict[str, Any] = {}
        properties = {}
        for pattern, model in patterns.items():
            schema = model.model_json_schema(ref_template="#/$defs/{model}")
            defs.update(schema.pop("$defs", {}))
            defs[model.__name__] = schema
            properties[pattern] = {"$ref": f"#/$defs/{model.__name__}"}
        return {"title": title, "description": description, "type": "object",
                "patternProperties": properties, "additionalProperties": False, "$defs": defs}

    result = {
        "city.schema.json": CityProfile.model_json_schema(),
        "principles.schema.json": keyed(
            "principles.yml", "Each Annex B principle id (or a new id for the city's own) and what "
            "the city decided.", {f"^{SLUG}$": PrincipleChoice}),
        "commitments.schema.json": keyed(
            "commitments.yml", "Part ids (B1) with the city's commitment text, and recommendation ids "
            "(B1.a, or B3.my-item for the city's own) with their status.",
            {f"^({parts})$": PartStatement, f"^({parts})\\.{SLUG}$": Commitment}),
    }
    for name, model in OPTIONAL_FILES.items():
        result[name.replace(".yml", ".schema.json")] = model.model_json_schema()
    for name, schema in result.items():
        _list_part_ids(schema, part_ids)
        schema["$schema"] = SCHEMA_DIALECT
        schema["$id"] = name
    return result


def _list_part_ids(schema: Any, part_ids: list[str]) -> None:
    """Each value marked as a part id (`PartId`) gets the catalog's ids as its enum."""
    if isinstance(schema, dict):
        if schema.pop(PART_ID_MARK, False):
            schema["enum"] = list(part_ids)
        for value in schema.values():
            _list_part_ids(value, part_ids)
    elif isinstance(schema, list):
        for value in schema:
            _list_part_ids(value, part_ids)
