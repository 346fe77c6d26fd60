"""The catalog's text in another language (`i18n/<language>/`): text only, keyed by id,
so that a translation cannot change the structure or drift from it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, PlaybookError, Severity, one_of
from ..language import strings
from ..model import BenefitMapText, PartText, PrincipleSetText, RiskChecklistText, StandardText
from ..yamlsafe import Document
from .read import reader
from .structure import Catalog

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


def translated(base: Catalog, language: str) -> Catalog:
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
    read = reader(folder, shown, problems)

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
