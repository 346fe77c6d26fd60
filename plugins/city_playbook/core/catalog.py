"""The ISO 37106 catalog in `content/`: loaded strictly and checked for broken references.

The catalog ships inside the package (so `pip install .` gives a working tool) and can be
replaced by a programme team's own copy with the same format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .cache import folder_digest, registered
from .diagnostics import Diagnostic, PlaybookError, Severity, one_of
from .language import DEFAULT, strings
from .model import (
    BenefitMap,
    BenefitMapText,
    CatalogRecommendation,
    Component,
    Group,
    Part,
    PartText,
    PrincipleSet,
    PrincipleSetText,
    RiskChecklist,
    RiskChecklistText,
    Standard,
    StandardText,
    Strict,
    check,
    known,
    unique,
)
from .output import default_catalog_dir
from .yamlsafe import Document, load_file

M = TypeVar("M", bound=Strict)



@dataclass
class Catalog:
    root: Path
    standard: Standard
    parts: dict[str, Part]
    benefit_map: BenefitMap
    principles: PrincipleSet
    risks: RiskChecklist
    language: str = DEFAULT
    untranslated: frozenset[str] = frozenset()
    """Texts shown in English because the catalog has none in `language`."""
    warnings: list[Diagnostic] = field(default_factory=list)
    recommendations: dict[str, CatalogRecommendation] = field(init=False)
    group_of: dict[str, Group] = field(init=False)
    page_of: dict[str, str] = field(init=False)
    """The page of each part that is a component by itself (A: principles), as standard.yml names it."""
    part_ids: list[str] = field(init=False)
    """Every part in the standard's order, as standard.yml lists them."""
    features_of: dict[str, list[str]] = field(init=False)
    """The city's pages (standard.yml's `features`) that belong to each part: B7 -> [roadmap]."""

    def __post_init__(self) -> None:
        self.part_ids = part_order(self.standard)
        self.recommendations = {r.id: r for p in self.parts.values() for r in p.recommendations}
        self.group_of = {pid: g for c in self.standard.components for g in c.groups for pid in g.parts}
        self.page_of = {c.id: c.page for c in self.standard.components if c.page and not c.groups}
        self.features_of = {}
        for feature, pid in self.standard.features:
            self.features_of.setdefault(pid, []).append(feature)

    def ordered_parts(self) -> list[Part]:
        return [self.parts[pid] for pid in self.part_ids if pid in self.parts]

    def part_ranges(self) -> str:
        """The part ids for a message, a component at a time: "A, B1-B14, C1-C3, D"."""
        return ", ".join(ids[0] if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"
                         for ids in (_parts_of(c) for c in self.standard.components))


def _parts_of(component: Component) -> list[str]:
    """A component's parts: those of its groups, or the component itself when it has none (A, D)."""
    return [pid for g in component.groups for pid in g.parts] or [component.id]


def part_order(standard: Standard) -> list[str]:
    """The parts in the order standard.yml gives them: the catalog, not the code, says which
    parts the standard has (it can be replaced with `--catalog`)."""
    return [pid for c in standard.components for pid in _parts_of(c)]


_loaded: dict[tuple[Path, str], tuple[bytes, Catalog]] = registered({})


def load_catalog(root: Path | None = None, language: str = DEFAULT) -> Catalog:
    """Load and cross-check the catalog, with its text in `language`; raise PlaybookError
    listing every problem. The catalog is written in English; another language's text comes
    from `i18n/<language>/`.

    A process that builds again (`mkdocs serve`, the workers of `build-all`) reuses the
    catalog it loaded before while the files are byte for byte the same: it is a third of
    the plugin's work on a rebuild, and nothing changes a Catalog once it is made."""
    root = root or default_catalog_dir()
    digest = folder_digest(root)
    if (root, language) in _loaded and _loaded[root, language][0] == digest:
        return _loaded[root, language][1]
    catalog = _load(root) if language == DEFAULT else _translated(load_catalog(root), language)
    _loaded[root, language] = (digest, catalog)
    return catalog


class _Read(Protocol):
    def __call__(self, relative: str, model: type[M]) -> tuple[M | None, Document | None]: ...


def _reader(folder: Path, shown: str, problems: list[Diagnostic]) -> _Read:
    """Reads a catalog file into its model; every problem goes into `problems`."""
    def read(relative: str, model: type[M]) -> tuple[M | None, Document | None]:
        doc, errors = load_file(folder / relative, display=f"{shown}/{relative}")
        problems.extend(errors)
        if doc is None:
            return None, None
        value, errors = check(model, doc, doc.data)
        problems.extend(errors)
        return value, doc
    return read


def _load(root: Path) -> Catalog:
    problems: list[Diagnostic] = []
    read = _reader(root, root.name, problems)

    standard, standard_doc = read("standard.yml", Standard)
    parts: dict[str, Part] = {}
    part_docs: dict[str, Document] = {}
    # Without a readable standard.yml its error is reported; the part files found are still
    # read, so that their own mistakes show in the same run.
    wanted = part_order(standard) if standard else sorted(p.stem for p in (root / "parts").glob("*.yml"))
    for pid in wanted:
        if not (root / "parts" / f"{pid}.yml").is_file():
            problems.append(Diagnostic(f"{root.name}/parts/{pid}.yml", 0, 0, "", "the file is missing"))
            continue
        part, doc = read(f"parts/{pid}.yml", Part)
        if part and doc:
            parts[pid], part_docs[pid] = part, doc
    benefit_map, map_doc = read("annexes/annex-a.yml", BenefitMap)
    principles, principles_doc = read("annexes/annex-b.yml", PrincipleSet)
    risks, risks_doc = read("annexes/annex-c.yml", RiskChecklist)
    if problems or not (standard and benefit_map and principles and risks):
        raise PlaybookError(problems)
    assert standard_doc and map_doc and principles_doc and risks_doc
    catalog = Catalog(root, standard, parts, benefit_map, principles, risks)
    problems.extend(_cross_check(catalog, standard_doc, part_docs, map_doc, principles_doc, risks_doc))
    if problems:
        raise PlaybookError(problems)
    return catalog


def _cross_check(catalog: Catalog, standard_doc: Document, part_docs: dict[str, Document],
                 map_doc: Document, principles_doc: Document, risks_doc: Document) -> Iterator[Diagnostic]:
    part_ids = set(catalog.parts)
    yield from _structure(catalog.standard, standard_doc, part_ids)
    component_of = {pid: c.id for c in catalog.standard.components for pid in _parts_of(c)}
    for pid, part in catalog.parts.items():
        doc = part_docs[pid]
        if part.id != pid:
            yield doc.error(("id",), f"the id '{part.id}' does not match the file name {pid}.yml")
        if part.component != component_of[pid]:
            yield doc.error(("component",), f"'{part.component}' is not the component that lists {pid} in "
                            f"standard.yml; write {component_of[pid]}")
        for i, rec in enumerate(part.recommendations):
            if not rec.id.startswith(f"{pid}."):
                yield doc.error(("recommendations", i, "id"), f"'{rec.id}' must start with '{pid}.'")
        yield from unique(doc, ("recommendations",), [r.id for r in part.recommendations])
        for i, link in enumerate(part.linkages):
            yield from known(doc, ("linkages", i), link, part_ids - {pid}, "another part")
    change_ids = {c.id for c in catalog.benefit_map.changes}
    outcome_ids = {o.id for o in catalog.benefit_map.outcomes}
    purpose_ids = {p.id for p in catalog.standard.purposes}
    yield from unique(map_doc, ("outcomes",), [o.id for o in catalog.benefit_map.outcomes])
    for i, (source, target) in enumerate(catalog.benefit_map.links):
        if source in change_ids:
            yield from known(map_doc, ("links", i, 1), target, outcome_ids, "an outcome")
        else:
            yield from known(map_doc, ("links", i, 0), source, outcome_ids,
                             "a governance change or an outcome")
            yield from known(map_doc, ("links", i, 1), target, purpose_ids, "a purpose")
    group_ids = {g.id for g in catalog.principles.groups}
    yield from unique(principles_doc, ("principles",), [p.id for p in catalog.principles.principles])
    for i, principle in enumerate(catalog.principles.principles):
        yield from known(principles_doc, ("principles", i, "group"), principle.group, group_ids, "a group")
    yield from unique(risks_doc, ("risks",), [r.id for r in catalog.risks.risks])
    for i, risk in enumerate(catalog.risks.risks):
        for j, pid in enumerate(risk.threatens):
            yield from known(risks_doc, ("risks", i, "threatens", j), pid, part_ids, "a part")



def _structure(standard: Standard, doc: Document, part_ids: set[str]) -> Iterator[Diagnostic]:
    """standard.yml defines the components, groups and parts: each id once, every group's
    part a file of the catalog, a page for each component that is a part by itself, and
    each of the city's pages (`features`) given to a part."""
    components = standard.components
    yield from unique(doc, ("components",), [c.id for c in components])
    yield from unique(doc, ("components",), [c.page for c in components], field="page")
    groups: set[str] = set()
    parts: set[str] = {c.id for c in components if not c.groups}
    for c, component in enumerate(components):
        if component.groups and component.page is not None:
            yield doc.error(("components", c, "page"), f"component {component.id} has groups, and its parts "
                            "have their own pages; delete 'page'")
        elif not component.groups and component.page is None:
            yield doc.error(("components", c), f"component {component.id} has no groups, so it is one part "
                            "with a page of its own; add 'page: NAME' (e.g. page: key-risks)")
        for g, group in enumerate(component.groups):
            here = ("components", c, "groups", g)
            if group.id in groups:
                yield doc.error((*here, "id"), f"the id '{group.id}' is used twice; ids must be unique")
            groups.add(group.id)
            for i, pid in enumerate(group.parts):
                yield from known(doc, (*here, "parts", i), pid, part_ids, "a part of the catalog")
                if pid in parts:
                    yield doc.error((*here, "parts", i), f"{pid} is listed twice; list each part once")
                parts.add(pid)
    for feature, pid in standard.features:
        yield from known(doc, ("features", feature), pid, part_ids, "a part of the catalog")


# --- The catalog's text in another language -----------------------------------------------

_TEXT_FIELDS = {"title", "summary", "context", "need", "text", "question", "key_questions", "mitigations"}


def _texts(value: Any) -> Iterator[str]:
    """Every text of a catalog model (its titles, summaries, statements and questions)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _TEXT_FIELDS and isinstance(item, str):
                yield item
            elif key in _TEXT_FIELDS and isinstance(item, list):
                yield from (i for i in item if isinstance(i, str))
            else:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _translated(base: Catalog, language: str) -> Catalog:
    """The catalog with its text from `i18n/<language>/`: text only, keyed by id, so every
    id, letter, clause and link stays the English catalog's. A catalog without the folder
    is shown in English on that language's pages, with a warning; one with the folder must
    translate every entry, and nothing else."""
    folder = base.root / "i18n" / language
    shown = f"{base.root.name}/i18n/{language}"
    if not folder.is_dir():
        everything = [base.standard, *base.parts.values(), base.benefit_map, base.principles, base.risks]
        warning = Diagnostic(shown, 0, 0, "", f"the catalog has no text in {language} "
                             f"({strings(language).language_name}); its English text is shown on those pages. "
                             "Add the folder (see FORMAT.md in the catalog)", Severity.WARNING)
        return replace(base, language=language, warnings=[warning],
                       untranslated=frozenset(" ".join(t.split())
                                              for t in _texts([m.model_dump() for m in everything])))
    problems: list[Diagnostic] = []
    read = _reader(folder, shown, problems)

    standard, standard_doc = read("standard.yml", StandardText)
    parts = {pid: read(f"parts/{pid}.yml", PartText) for pid in base.parts}
    benefit_map, map_doc = read("annexes/annex-a.yml", BenefitMapText)
    principles, principles_doc = read("annexes/annex-b.yml", PrincipleSetText)
    risks, risks_doc = read("annexes/annex-c.yml", RiskChecklistText)
    if problems:
        raise PlaybookError(problems)
    assert standard and standard_doc and benefit_map and map_doc and principles and principles_doc
    assert risks and risks_doc
    en = base.standard
    problems += _same_ids(standard_doc, ("components",), standard.components, [c.id for c in en.components])
    problems += _same_ids(standard_doc, ("groups",), standard.groups,
                          [g.id for c in en.components for g in c.groups])
    problems += _same_ids(standard_doc, ("purposes",), standard.purposes, [p.id for p in en.purposes])
    for pid, (text, doc) in parts.items():
        assert text and doc
        part = base.parts[pid]
        problems += _same_ids(doc, ("recommendations",), text.recommendations, [r.id for r in part.recommendations])
        problems += _same_count(doc, ("key_questions",), text.key_questions, part.key_questions)
    problems += _same_ids(map_doc, ("changes",), benefit_map.changes, [c.id for c in base.benefit_map.changes])
    problems += _same_ids(map_doc, ("outcomes",), benefit_map.outcomes, [o.id for o in base.benefit_map.outcomes])
    problems += _same_ids(principles_doc, ("groups",), principles.groups, [g.id for g in base.principles.groups])
    problems += _same_ids(principles_doc, ("principles",), principles.principles,
                          [p.id for p in base.principles.principles])
    problems += _same_ids(risks_doc, ("risks",), risks.risks, [r.id for r in base.risks.risks])
    for risk in base.risks.risks:
        if risk.id in risks.risks:
            problems += _same_count(risks_doc, ("risks", risk.id, "mitigations"), risks.risks[risk.id].mitigations,
                                    risk.mitigations)
    if problems:
        raise PlaybookError(problems)

    def titled(model: Any, text: Any) -> Any:
        return model.model_copy(update={"title": text.title, "summary": text.summary})

    new_standard = en.model_copy(update={
        "title": standard.title, "summary": standard.summary,
        "components": [titled(c, standard.components[c.id]).model_copy(update={
            "groups": [titled(g, standard.groups[g.id]) for g in c.groups]}) for c in en.components],
        "purposes": [titled(p, standard.purposes[p.id]) for p in en.purposes]})
    new_parts = {}
    for pid, part in base.parts.items():
        text = parts[pid][0]
        assert text
        new_parts[pid] = part.model_copy(update={
            "title": text.title, "summary": text.summary, "key_questions": text.key_questions,
            "recommendations": [r.model_copy(update={"text": text.recommendations[r.id]})
                                for r in part.recommendations]})
    new_map = titled(base.benefit_map, benefit_map).model_copy(update={
        "changes": [titled(c, benefit_map.changes[c.id]) for c in base.benefit_map.changes],
        "outcomes": [titled(o, benefit_map.outcomes[o.id]) for o in base.benefit_map.outcomes]})
    new_principles = titled(base.principles, principles).model_copy(update={
        "groups": [titled(g, principles.groups[g.id]) for g in base.principles.groups],
        "principles": [p.model_copy(update={"title": principles.principles[p.id].title,
                                            "text": principles.principles[p.id].text})
                       for p in base.principles.principles]})
    new_risks = titled(base.risks, risks).model_copy(update={
        "risks": [r.model_copy(update={"title": risks.risks[r.id].title, "question": risks.risks[r.id].question,
                                       "mitigations": risks.risks[r.id].mitigations}) for r in base.risks.risks]})
    return Catalog(base.root, new_standard, new_parts, new_map, new_principles, new_risks, language)


def _same_ids(doc: Document, path: tuple[str, ...], written: dict[str, Any], ids: list[str]) -> Iterator[Diagnostic]:
    """A translation has an entry for every id of the catalog, and for nothing else."""
    missing = [i for i in ids if i not in written]
    if missing:
        yield doc.error(path, f"no text for {one_of(missing)}; add an entry for each, keyed by its id")
    for key in written:
        if key not in ids:
            yield doc.error((*path, key), f"'{key}' is not in the catalog; the ids here are {one_of(ids)}",
                            at_key=True)


def _same_count(doc: Document, path: tuple[str, ...], written: list[str], english: list[str]) -> Iterator[Diagnostic]:
    if len(written) != len(english):
        yield doc.error(path, f"write {len(english)} entries, one for each in the English catalog and in the "
                        f"same order; there are {len(written)}")
