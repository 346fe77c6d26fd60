"""The citizens' view in real Chromium: statuses told by words and shapes, the commitments
filter with and without script, phone width, and screenshots of every page kind.

One browser, a few pages per kind. The screenshots (1280 px and 390 px wide, the top of
each page) are written to a temporary folder; with PLAYBOOK_SCREENSHOTS=update they replace
the reference images in tests/screenshots/, which the README shows and a person looks at
when the pages change on purpose."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from browser import serve
from support import Served, bilingual_built

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py

pytest.importorskip("playwright.sync_api")

SCREENSHOTS = Path(__file__).parent / "screenshots"
# One page of each kind the generator writes (the charts pages included, to be looked at).
KINDS = {"home": "", "part": "strategy-management/b3/", "principles": "principles/",
         "risks": "risk-register/", "interoperability": "interoperability/", "commitments": "commitments/",
         "checklist": "checklist/", "roadmap": "roadmap/", "benefits": "benefits/",
         "governance": "governance/", "changes": "changes/", "data": "open-data/"}
WIDTHS = [(1280, 900), (390, 844)]  # desktop and phone
STATUS_PAGES = ["", "strategy-management/b3/", "principles/", "risk-register/", "interoperability/",
                "commitments/"]


# The example as MkDocs builds it (conftest's `served`), the build the reference images show.
MKDOCS = pytest.mark.parametrize("served", ["mkdocs"], indirect=True)


# Every status icon on a page: its kind of status and value (from its classes), its drawing,
# and whether a reader learns the value from words: the text beside it in its badge or
# legend entry, or the accessible name of the element that holds it.
ICONS = """() => [...document.querySelectorAll('article svg.pb-icon')].map(svg => {
    const holder = svg.closest('[role=img][aria-label], .pb-badge, .pb-mix__entry, .pb-finder__link');
    const value = [...svg.classList].find(c => c.startsWith('pb-icon--')).slice(9);
    const kind = holder && [...holder.classList].find(c => /^pb-(status|rstatus|pstatus)--/.test(c));
    return {value, kind: kind ? kind.split('--')[0] : 'status', drawing: svg.innerHTML,
            hidden: svg.getAttribute('aria-hidden') === 'true',
            words: holder ? (holder.getAttribute('aria-label') || holder.textContent).trim() : ''};
})"""


@MKDOCS
def test_each_status_has_its_own_icon_and_is_never_told_by_colour_or_shape_alone(
        browser: Any, served: Served, report: Any) -> None:
    base = served.base
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    drawings: dict[tuple[str, str], set[str]] = {}
    checked = 0
    for url in STATUS_PAGES:
        page.goto(base + url)
        for icon in page.evaluate(ICONS):
            checked += 1
            assert icon["hidden"], (url, icon)  # the drawing is not read out twice
            assert icon["words"], f"/{url}: a {icon['value']} icon with no words beside it"
            drawings.setdefault((icon["kind"], icon["value"]), set()).add(icon["drawing"])
    page.close()
    assert all(len(d) == 1 for d in drawings.values()), "one value, one drawing everywhere"
    for kind in {k for k, _ in drawings}:
        mine = {value: d.pop() for (k, value), d in drawings.items() if k == kind}
        assert len(set(mine.values())) == len(mine), f"two values of {kind} share an icon: {mine}"
    found = {k: sorted(v for kk, v in drawings if kk == k) for k, _ in drawings}
    assert found["pb-status"] == sorted(["done", "in-progress", "planned", "not-started", "not-applicable"])
    assert set(found["pb-rstatus"]) >= {"open", "mitigating", "closed"}
    assert set(found["pb-pstatus"]) >= {"adopted", "adapted", "added", "not-adopted"}
    report["status icons"] = f"{checked} icons on {len(STATUS_PAGES)} pages, {len(drawings)} values, each its own"


@MKDOCS
def test_the_commitments_filter_works_without_script_and_with_it(browser: Any, served: Served) -> None:
    base = served.base
    without = browser.new_context(java_script_enabled=False)
    page = without.new_page()
    page.goto(base + "commitments/")
    assert page.locator("#pb-filter").is_hidden(), "no form that cannot work"
    late = page.locator("#late ~ .pb-scroll").first.locator("tbody tr")
    assert late.count() == 2
    page.locator(".pb-finder a[href='#owner-head-of-data']").click()
    assert page.evaluate("location.hash") == "#owner-head-of-data"
    without.close()

    page = browser.new_page()
    page.goto(base + "commitments/")
    form = page.locator("#pb-filter")
    assert form.is_visible()
    table = page.locator("#pb-filter ~ .pb-scroll").first.locator("tbody tr")
    total = table.count()
    assert total > 90 and page.locator(".pb-filter__count").inner_text() == f"{total} commitments shown."
    form.get_by_label("Past their due date").check()
    assert page.locator(".pb-filter__count").inner_text() == "2 commitments shown."
    assert sorted(r.locator("th").inner_text() for r in table.all() if r.is_visible()) == ["B1.f", "B10.c"]
    form.get_by_label("Past their due date").uncheck()
    form.get_by_label("Owner").select_option("Head of Data")
    form.get_by_label("Status").select_option("in-progress")
    shown = [r for r in table.all() if r.is_visible()]
    assert shown and all(r.get_attribute("data-owner") == "Head of Data"
                         and r.get_attribute("data-status") == "in-progress" for r in shown)
    page.close()


@MKDOCS
def test_no_page_kind_is_wider_than_a_360px_screen(browser: Any, served: Served) -> None:
    """At 360 px the page itself never scrolls sideways: wide tables scroll in their own
    region, and nothing hidden for screen readers sticks out of it (checked without the
    mobile viewport, which would widen itself to the content)."""
    base = served.base
    page = browser.new_page(viewport={"width": 360, "height": 740})
    wide = []
    for url in KINDS.values():
        page.goto(base + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"/{url}: {width} px")
    page.close()
    assert not wide, wide


def _shoot(browser: Any, base: str, urls: dict[str, str], out: Path, scheme: str = "light") -> list[Path]:
    written = []
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        page = context.new_page()
        for kind, url in urls.items():
            page.goto(base + url)
            path = out / f"{kind}-{width}.png"
            page.screenshot(path=str(path), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": min(2 * height, 1800)})
            written.append(path)
        context.close()
    return written


@MKDOCS
def test_screenshots_of_every_page_kind_at_desktop_and_phone_width(
        browser: Any, served: Served, tmp_path: Path, report: Any) -> None:
    base = served.base
    update = os.environ.get("PLAYBOOK_SCREENSHOTS") == "update"
    out = SCREENSHOTS if update else tmp_path
    out.mkdir(exist_ok=True)
    written = _shoot(browser, base, KINDS, out)
    assert len(written) == len(KINDS) * len(WIDTHS)
    for path in written:
        assert path.stat().st_size > 10_000, f"{path.name} looks empty"
    missing = [p.name for p in written if not (SCREENSHOTS / p.name).is_file()]
    assert not missing, f"no reference image for {missing}: run with PLAYBOOK_SCREENSHOTS=update and look at them"
    widths = " and ".join(str(w) for w, _ in WIDTHS)
    report["screenshots"] = f"{len(written)} ({len(KINDS)} page kinds at {widths} px)"


def test_french_pages_show_the_same_summary_in_french(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Valdoré, French first: the home page's figures and legend in French, its logo and colours."""
    with serve(bilingual_built(tmp_path_factory).root) as address:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(address)
        legend = page.locator(".pb-mix--big .pb-mix__legend").inner_text()
        assert "Réalisé" in legend and "En cours" in legend, legend
        assert page.evaluate("document.documentElement.scrollWidth") == 390
        # Its logo (a file of the site, with the French text alternative) and its header colour.
        logo = page.locator(".pb-logo img")
        assert logo.get_attribute("alt") == "Ville de Valdoré"
        assert logo.get_attribute("src") == "assets/city-playbook/logo.svg"
        assert page.evaluate("document.querySelector('.pb-logo img').naturalWidth") > 0
        header = "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
        assert page.evaluate(header) == "rgb(15, 90, 110)"
        page.goto(address + "en/")
        assert page.locator(".pb-logo img").get_attribute("alt") == "City of Valdoré"
        page.goto(address + "commitments/")
        assert page.locator(".pb-filter__count").inner_text().endswith("affichés.")
        page.close()
