"""`resolve`: the city's choices applied to the catalog, item by item, giving the Playbook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from ..catalog import Catalog
from ..changes import Timeline
from ..city import City
from .playbook import Playbook
from .rules import review_overdue
from .views import ChainView, Item, PartView, PrincipleView, Provenance


def resolve(catalog: Catalog, city: City, today: date, as_of: str = "build",
            timeline: Timeline | None = None) -> Playbook:
    timeline = timeline or Timeline(unavailable="not-git")
    stale_before = today - timedelta(days=city.profile.review_every_days)
    components = {c.id: c for c in catalog.standard.components}
    additions: dict[str, list[str]] = {}  # the city's own items by part, in the order written
    for rid, c in city.commitments.items():
        if c.statement is not None:
            additions.setdefault(rid.partition(".")[0], []).append(rid)
    parts: dict[str, PartView] = {}
    for part in catalog.ordered_parts():
        items = [_item(city, rec.id, part.id, rec.text, rec.source, today, stale_before)
                 for rec in part.recommendations]
        items += [_item(city, rid, part.id, city.commitments[rid].statement or "", "city", today,
                        stale_before) for rid in additions.get(part.id, ())]
        if timeline.status_since:
            items = [replace(i, history=tuple(timeline.of(i.id)), since=timeline.since(i.id, i.status))
                     for i in items]
        parts[part.id] = PartView(part, components[part.component], catalog.group_of.get(part.id), items,
                                  city.statements.get(part.id), [catalog.parts[p] for p in part.linkages])
    return Playbook(catalog, city, today, parts, _principles(catalog, city), _chains(catalog, city),
                    stale_before, as_of, timeline)


def _item(city: City, rid: str, part: str, text: str, provenance: Provenance, today: date,
          stale_before: date) -> Item:
    c = city.commitments.get(rid)
    if c is None:
        return Item(rid, part, text, provenance, "not-started", recorded=False)
    # An item never reviewed on its own is as fresh as the last review of the whole playbook;
    # that date decides the flag but is not shown as the item's own. With neither date there
    # is nothing to be overdue from: a new playbook is not flagged everywhere.
    reviewed = c.reviewed or city.profile.reviewed
    return Item(rid, part, text, provenance, c.status, True, c.owner, c.due, c.reviewed, tuple(c.evidence),
                c.note, c.reason, stale=review_overdue(reviewed, stale_before),
                overdue=c.due is not None and c.due < today and c.status not in ("done", "not-applicable"))


def _principles(catalog: Catalog, city: City) -> list[PrincipleView]:
    result = []
    for p in catalog.principles.principles:
        choice = city.principles.get(p.id)
        if choice is None:
            result.append(PrincipleView(p.id, p.group, p.title, p.text, "undecided"))
        else:
            result.append(PrincipleView(p.id, p.group, choice.title or p.title, choice.text or p.text,
                                        choice.status, p.text if choice.status == "adapted" else None,
                                        choice.reason, choice.agreed))
    for pid, choice in city.principles.items():
        if choice.status == "added":
            assert choice.group and choice.title and choice.text  # checked in city
            result.append(PrincipleView(pid, choice.group, choice.title, choice.text, "added",
                                        agreed=choice.agreed))
    return result


def _chains(catalog: Catalog, city: City) -> list[ChainView]:
    """Initiative -> changes -> outcomes -> purposes, following Annex A's links."""
    links: dict[str, list[str]] = {}
    for source, target in catalog.benefit_map.links:
        links.setdefault(source, []).append(target)
    chains = []
    for initiative in city.benefits.initiatives if city.benefits else ():
        outcomes = initiative.outcomes or sorted({o for c in initiative.changes for o in links.get(c, [])})
        purposes = sorted({p for o in outcomes for p in links.get(o, [])})
        chains.append(ChainView(initiative, tuple(initiative.changes), tuple(outcomes), tuple(purposes)))
    return chains
