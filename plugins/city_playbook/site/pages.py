"""Where every page lives: the page list, the navigation and the URLs between pages.

Links between generated pages sit inside HTML blocks, which MkDocs does not rewrite, so
URLs are computed here the way MkDocs computes them; the open data export uses the same
functions so that its links match the site.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.cache import memo

if TYPE_CHECKING:  # layout is imported by the plugin on every build, the models only when needed
    from ..core.language import Strings
    from ..core.resolve import Playbook

from ..core.ids import anchor

HERE = Path(__file__).parent
ASSETS = {"assets/city-playbook/playbook.css": HERE / "assets" / "playbook.css",
          "assets/city-playbook/filter.js": HERE / "assets" / "filter.js"}
FEEDS = {"atom": "feed.xml", "json_feed": "feed.json"}
"""The feeds of the city's changes (feeds.py), linked from every page's head by the adapter."""


FEATURE_PAGES = {
    "governance": ("governance.md", "governance"),
    "interoperability": ("interoperability.md", "interoperability"),
    "roadmap": ("roadmap.md", "roadmap"),
    "benefits": ("benefits.md", "benefits"),
    "indicators": ("benefits.md#indicators", "benefits"),
    "risks": ("risk-register.md", "risk_register"),
}
"""Where each of the city's pages beyond the parts is (its target, and its title's key in
the strings' `nav`). Which part each belongs to is the catalog's to say (standard.yml's
`features`); the part's page links to it. The principles are on their part's own page."""


@dataclass(frozen=True)
class Page:
    src: str
    title: str
    template: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)
    searchable: bool = True


def part_src(playbook: Playbook, part_id: str) -> str:
    """A part's page: in its group's folder, or the page standard.yml names for a component
    that is a part by itself (A is on principles.md)."""
    catalog = playbook.catalog
    if part_id in catalog.page_of:
        return f"{catalog.page_of[part_id]}.md"
    return f"{catalog.group_of[part_id].id}/{part_id.lower()}.md"


def see_also(playbook: Playbook) -> dict[str, list[tuple[str, str]]]:
    """The city's pages each part's page links to (target, title's key), from the catalog."""
    return {pid: [FEATURE_PAGES[f] for f in features if f != "principles"]
            for pid, features in playbook.catalog.features_of.items()}


def item_href_target(playbook: Playbook, item_id: str) -> str:
    return f"{part_src(playbook, item_id.partition('.')[0])}#{anchor(item_id)}"


def pages(playbook: Playbook, t: Strings) -> list[Page]:
    """Every page of the site in one language, in navigation order."""
    title, describe = t.nav, t.describe
    summary = playbook.city.profile.summary
    principles = playbook.catalog.standard.features.principles
    result = [
        Page("index.md", title["home"], "home.md.j2", summary),
        Page(part_src(playbook, principles), title["principles"], "principles.md.j2",
             _describe(playbook, principles, t), {"view": playbook.parts[principles]}),
    ]
    for part_id, view in playbook.parts.items():
        if part_id != principles:
            result.append(Page(part_src(playbook, part_id), f"{part_id} {view.part.title}", "part.md.j2",
                               _describe(playbook, part_id, t), {"view": view}))
    result += [
        Page("changes.md", title["changes"], "changes.md.j2", describe["changes"]),
        # Out of the search index: its lists repeat every part page's items.
        Page("commitments.md", title["commitments"], "commitments.md.j2", describe["commitments"],
             searchable=False),
        Page("roadmap.md", title["roadmap"], "roadmap.md.j2", describe["roadmap"]),
        Page("benefits.md", title["benefits"], "benefits.md.j2", describe["benefits"]),
        Page("risk-register.md", title["risk_register"], "risks.md.j2", describe["risk_register"]),
        Page("governance.md", title["governance"], "governance.md.j2", describe["governance"]),
        Page("interoperability.md", title["interoperability"], "interoperability.md.j2",
             describe["interoperability"]),
        Page("annex-a.md", title["annex_a"], "annex_a.md.j2", playbook.catalog.benefit_map.title),
        Page("annex-b.md", title["annex_b"], "annex_b.md.j2", playbook.catalog.principles.title),
        Page("annex-c.md", title["annex_c"], "annex_c.md.j2", playbook.catalog.risks.title),
        Page("open-data.md", title["data"], "data.md.j2", describe["data"]),
        # Left out of the search index: it repeats every part page, and the index is
        # downloaded on a reader's first visit.
        Page("checklist.md", title["checklist"], "checklist.md.j2", describe["checklist"], searchable=False),
        Page("accessibility.md", title["accessibility"], "accessibility.md.j2", describe["accessibility"]),
    ]
    return result


def _describe(playbook: Playbook, part_id: str, t: Strings) -> str:
    part = playbook.parts[part_id].part
    return t.describe["part"].format(city=playbook.city.profile.name, part=f"{part_id} {part.title}",
                                     clause=part.clause)


def nav(playbook: Playbook, t: Strings) -> list[Any]:
    """The navigation in the shape `mkdocs.yml` uses, grouped as the standard groups parts."""
    by_src = {p.src: p for p in pages(playbook, t)}
    titles = t.nav

    def entry(src: str) -> dict[str, str]:
        return {by_src[src].title: src}

    result: list[Any] = [entry("index.md")]
    for component in playbook.catalog.standard.components:
        if not component.groups:
            result.append(entry(part_src(playbook, component.id)))
        for group in component.groups:
            result.append({group.title: [entry(part_src(playbook, p)) for p in group.parts]})
    result.append({titles["progress"]: [entry(s) for s in ("commitments.md", "changes.md", "roadmap.md", "benefits.md",
                                                           "risk-register.md", "governance.md",
                                                           "interoperability.md")]})
    result.append({titles["annexes"]: [entry(s) for s in ("annex-a.md", "annex-b.md", "annex-c.md")]})
    result.append({titles["about"]: [entry(s) for s in ("open-data.md", "checklist.md", "accessibility.md")]})
    return result


def page_url(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page (mkdocs.structure.files.File.url, which the core may not
    import): `a/b.md` -> `a/b/` or `a/b.html`, `a/index.md` -> `a/`."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_href(from_src: str, to: str, directory_urls: bool, from_source: bool = False) -> str:
    """A link from one page to a page or file (`path#fragment`) that works on any host path.

    MkDocs leaves links inside HTML as they are, so they start from the page's URL. Zensical
    rewrites them as it rewrites Markdown links, as if they started from the page's Markdown
    file (`from_source`): from `annex-b.md`, served at `annex-b/`, it turns `principles/`
    into `../principles/`."""
    target, _, fragment = to.partition("#")
    suffix = f"#{fragment}" if fragment else ""
    if target == from_src and (suffix or not from_source):  # Zensical keeps "#..." as it is
        return suffix or "./"
    return _relative_path(from_src, target, directory_urls, from_source) + suffix


@memo(maxsize=4096)
def _relative_path(from_src: str, target: str, directory_urls: bool, from_source: bool) -> str:
    """Memoised: a large city links thousands of items to the same few dozen pages, and
    `posixpath.relpath` was a tenth of rendering time."""
    to_url = page_url(target, directory_urls) if target.endswith(".md") else target
    # Without directory URLs a page's URL is in the folder of its Markdown file.
    here = page_url(from_src, directory_urls and not from_source)
    folder = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    path = posixpath.relpath(to_url or ".", folder or ".")
    if to_url.endswith("/") or not to_url:
        path += "/"
    return path
