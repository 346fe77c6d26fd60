"""The ISO 37106 catalog in `content/`: loaded strictly and checked for broken references.

The catalog ships inside the package (so `pip install .` gives a working tool) and can be
replaced by a programme team's own copy with the same format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .diagnostics import Diagnostic, PlaybookError
from .model import (
    BenefitMap,
    CatalogRecommendation,
    Group,
    Part,
    PrincipleSet,
    RiskChecklist,
    Standard,
    check,
    known,
    unique,
)
from .output import default_catalog_dir, folder_digest
from .yamlsafe import Document, load_file

M = TypeVar("M", bound=BaseModel)

PART_ORDER = ("A", *(f"B{i}" for i in range(1, 15)), "C1", "C2", "C3", "D")


@dataclass
class Catalog:
    root: Path
    standard: Standard
    parts: dict[str, Part]
    benefit_map: BenefitMap
    principles: PrincipleSet
    risks: RiskChecklist
    recommendations: dict[str, CatalogRecommendation] = field(init=False)
    group_of: dict[str, Group] = field(init=False)

    def __post_init__(self) -> None:
        self.recommendations = {r.id: r for p in self.parts.values() for r in p.recommendations}
        self.group_of = {pid: g for c in self.standard.components for g in c.groups for pid in g.parts}

    def ordered_parts(self) -> list[Part]:
        return [self.parts[pid] for pid in PART_ORDER if pid in self.parts]


_loaded: dict[Path, tuple[bytes, Catalog]] = {}


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and cross-check the catalog; raise PlaybookError listing every problem.

    A process that builds again (`mkdocs serve`, the workers of `build-all`) reuses the
    catalog it loaded before while the files are byte for byte the same: it is a third of
    the plugin's work on a rebuild, and nothing changes a Catalog once it is made."""
    root = root or default_catalog_dir()
    digest = folder_digest(root)
    if root in _loaded and _loaded[root][0] == digest:
        return _loaded[root][1]
    catalog = _load(root)
    _loaded[root] = (digest, catalog)
    return catalog


def _load(root: Path) -> Catalog:
    problems: list[Diagnostic] = []

    def read(relative: str, model: type[M]) -> tuple[M | None, Document | None]:
        doc, errors = load_file(root / relative, display=f"{root.name}/{relative}")
        problems.extend(errors)
        if doc is None:
            return None, None
        value, errors = check(model, doc, doc.data)
        problems.extend(errors)
        return value, doc

    standard, standard_doc = read("standard.yml", Standard)
    parts: dict[str, Part] = {}
    part_docs: dict[str, Document] = {}
    for pid in PART_ORDER:
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
    for c, component in enumerate(catalog.standard.components):
        for g, group in enumerate(component.groups):
            for i, pid in enumerate(group.parts):
                yield from known(standard_doc, ("components", c, "groups", g, "parts", i), pid, part_ids,
                                 "a part of the catalog")
    for pid, part in catalog.parts.items():
        doc = part_docs[pid]
        if part.id != pid:
            yield doc.error(("id",), f"the id '{part.id}' does not match the file name {pid}.yml")
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

