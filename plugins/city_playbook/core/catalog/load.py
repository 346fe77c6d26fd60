"""Loading the catalog: its files read strictly, checked, cross-checked, kept while they
do not change, and its text in another language."""

from __future__ import annotations

from pathlib import Path

from ..cache import folder_digest, registered
from ..diagnostics import Diagnostic, PlaybookError
from ..language import DEFAULT
from ..model import BenefitMap, Part, PrincipleSet, RiskChecklist, Standard
from ..output import default_catalog_dir
from ..yamlsafe import Document
from .checks import cross_check
from .read import reader
from .structure import Catalog, part_order
from .translation import translated

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
    catalog = _load(root) if language == DEFAULT else translated(load_catalog(root), language)
    _loaded[root, language] = (digest, catalog)
    return catalog


def _load(root: Path) -> Catalog:
    problems: list[Diagnostic] = []
    read = reader(root, root.name, problems)

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
    problems.extend(cross_check(catalog, standard_doc, part_docs, map_doc, principles_doc, risks_doc))
    if problems:
        raise PlaybookError(problems)
    return catalog
