"""One build's open data, made from the resolved Playbook alone, so a per-language pass
can make it once per language."""

from __future__ import annotations

from ...core.resolve import Item, Playbook
from ..pages import item_href_target, page_url
from .models import (
    AboutOut,
    AxisOut,
    BenefitMapOut,
    BodyOut,
    CellOut,
    ContactOut,
    EvidenceOut,
    IndicatorOut,
    InitiativeOut,
    InteroperabilityOut,
    ItemOut,
    LinkOut,
    MapNodeOut,
    OpenData,
    PartOut,
    PhaseOut,
    PrincipleOut,
    ReadingOut,
    RiskOut,
    RoadmapItemOut,
)


def _href(target: str, directory_urls: bool) -> str:
    page, _, fragment = target.partition("#")
    return f"{page_url(page, directory_urls)}#{fragment}"


def _item(playbook: Playbook, item: Item, directory_urls: bool) -> ItemOut:
    return ItemOut(
        id=item.id, anchor=item.anchor, url=_href(item_href_target(playbook, item.id), directory_urls),
        part=item.part, text=item.text, provenance=item.provenance, status=item.status, recorded=item.recorded,
        owner=item.owner, due=item.due, reviewed=item.reviewed, stale=item.stale, overdue=item.overdue,
        evidence=[EvidenceOut(url=e.url, title=e.title) for e in item.evidence], note=item.note,
        reason=item.reason)


def open_data(playbook: Playbook, directory_urls: bool = True) -> OpenData:
    city = playbook.city
    profile = city.profile
    licence = profile.data_licence

    def href(target: str) -> str:
        return _href(target, directory_urls)

    contact = profile.contact
    bmap = playbook.catalog.benefit_map
    matrix = city.interoperability
    return OpenData.model_validate({
        "$schema": "playbook.schema.json",
        "standard": f"{playbook.catalog.standard.id}:{playbook.catalog.standard.year}",
        "city": profile.name,
        "language": playbook.catalog.language,
        "languages": list(profile.site_languages),
        "generated": playbook.today,
        "licence": licence.name if licence else None,
        "about": AboutOut(summary=profile.summary, vision=profile.vision, website=profile.website,
                          fictional=profile.fictional, reviewed=profile.reviewed,
                          review_every_days=profile.review_every_days,
                          contact=ContactOut(name=contact.name, email=contact.email, phone=contact.phone,
                                             url=contact.url)),
        "principles": [PrincipleOut(id=p.id, url=href(f"principles.md#principle-{p.id}"), group=p.group,
                                    title=p.title, text=p.text, status=p.status,
                                    catalog_text=p.catalog_text, reason=p.reason, agreed=p.agreed)
                       for p in playbook.principles],
        "parts": [PartOut(id=v.id, title=v.part.title, clause=v.part.clause, component=v.part.component,
                          group=v.group.id if v.group else None,
                          commitment=v.statement.commitment if v.statement else None,
                          lead=v.statement.lead if v.statement else None,
                          recommendations=[_item(playbook, i, directory_urls) for i in v.items])
                  for v in playbook.parts.values()],
        "roadmap": [PhaseOut(id=p.id, url=href(f"roadmap.md#phase-{p.id}"), title=p.title, start=p.start,
                             end=p.end, summary=p.summary, status=playbook.phase_status(p), late=playbook.phase_late(p),
                             items=[RoadmapItemOut(recommendation=e.item.id if e.item else None, title=e.title,
                                                   status=e.status) for e in playbook.roadmap_items(p)])
                    for p in (city.roadmap.phases if city.roadmap else ())],
        "governance": [BodyOut(id=b.id, url=href(f"governance.md#body-{b.id}"), name=b.name, remit=b.remit,
                               chair=b.chair, meets=b.meets, members=b.members, records=b.records, parts=b.parts)
                       for b in (city.governance.bodies if city.governance else ())],
        "interoperability": InteroperabilityOut(
            summary=matrix.summary, rows=[AxisOut(id=a.id, title=a.title) for a in matrix.rows],
            columns=[AxisOut(id=a.id, title=a.title) for a in matrix.columns],
            cells=[CellOut(row=c.row, column=c.column, url=href(f"interoperability.md#cell-{c.row}_{c.column}"),
                           status=c.status, owner=c.owner, barriers=c.barriers, actions=c.actions,
                           standards=c.standards) for c in matrix.cells]) if matrix else None,
        "benefit_map": BenefitMapOut(
            initiatives=[InitiativeOut(id=c.initiative.id, url=href(f"benefits.md#initiative-{c.initiative.id}"),
                                       title=c.initiative.title, summary=c.initiative.summary,
                                       owner=c.initiative.owner, recommendations=c.initiative.recommendations,
                                       changes=list(c.changes), outcomes=list(c.outcomes),
                                       purposes=list(c.purposes)) for c in playbook.chains],
            nodes=[*(MapNodeOut(id=c.id, kind="change", group=c.group, title=c.title, summary=c.summary)
                     for c in bmap.changes),
                   *(MapNodeOut(id=o.id, kind="outcome", group=o.kind, title=o.title, summary=o.summary)
                     for o in bmap.outcomes),
                   *(MapNodeOut(id=p.id, kind="purpose", group=None, title=p.title, summary=p.summary)
                     for p in playbook.catalog.standard.purposes)],
            links=[LinkOut(source=s, target=t) for s, t in bmap.links]),
        "indicators": [IndicatorOut(
            id=i.id, url=href(f"benefits.md#indicator-{i.id}"), title=i.title, unit=i.unit, direction=i.direction,
            outcome=i.outcome, initiative=i.initiative, owner=i.owner, source=i.source,
            progress=playbook.indicator_progress(i),
            readings=[ReadingOut(kind="baseline", date=i.baseline.date, value=i.baseline.value),
                      *(ReadingOut(kind="actual", date=r.date, value=r.value) for r in i.actuals),
                      ReadingOut(kind="target", date=i.target.date, value=i.target.value)])
            for i in (city.benefits.indicators if city.benefits else ())],
        "risks": [RiskOut(id=r.id, url=href(f"risk-register.md#risk-{r.id}"), title=r.title,
                          description=r.description, status=r.status, likelihood=r.likelihood, impact=r.impact,
                          score=v.score, level=v.level, owner=r.owner, mitigation=r.mitigation,
                          reviewed=r.reviewed, stale=v.stale, threatens=r.threatens, checklist=r.checklist)
                  for v in playbook.risks for r in (v.risk,)],
    })
