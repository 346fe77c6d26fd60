"""The catalog's references checked against the catalog itself: the parts its groups list,
the linkages between parts, the Annexes' ids, and the city pages each part owns."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Standard, known, unique
from ..yamlsafe import Document
from .structure import Catalog, parts_of


def cross_check(catalog: Catalog, standard_doc: Document, part_docs: dict[str, Document],
                 map_doc: Document, principles_doc: Document, risks_doc: Document) -> Iterator[Diagnostic]:
    part_ids = set(catalog.parts)
    yield from _structure(catalog.standard, standard_doc, part_ids)
    component_of = {pid: c.id for c in catalog.standard.components for pid in parts_of(c)}
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
