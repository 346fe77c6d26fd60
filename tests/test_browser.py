"""The published site in real Chromium: accessible, usable at phone width, private, safe.

Every page of the example city is loaded from a local HTTP server, as a static host would
serve it. The figures (pages checked, violations, outside requests, payloads tried) are
printed in the "playbook figures" section at the end of the test run."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import page_urls, representative_urls, serve, site_urls
from support import BROWSER_ENGINES, EXAMPLE, FRENCH, Served, Site, build, edit_yaml, make_project, run, shared

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py

playwright = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# What the checks that differ between a city and a portfolio use: a page with search and
# the navigation drawer, a link in that drawer, where it leads, and a word search finds.
PROBE = {"city": ("strategy-management/b1/", "B2 Leadership and governance", "**/b2/", None),
         "portfolio": ("", "Recommendations", "**/recommendations/", "programme")}


def probe(engine: str) -> tuple[str, str, str, str | None]:
    return PROBE["portfolio" if engine == "portfolio" else "city"]


def search(page: Any, engine: str, words: str, *, by_touch: bool = False) -> None:
    """Search as a reader does, until a result shows. mkdocs-material has a search field in
    the header (behind a button on a phone); Zensical a button that opens a dialog, whose
    results are in a shadow root (which Playwright's selectors enter)."""
    if by_touch:
        page.locator("label.md-header__button[for='__search']").tap()
    else:
        page.locator(".md-search__button" if engine == "zensical" else ".md-search__input").click()
    page.keyboard.type(probe(engine)[3] or words)
    results = "li a[href*='?h=']" if engine == "zensical" else ".md-search-result__item"
    page.wait_for_selector(results, timeout=10_000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_has_no_axe_violations(browser: Any, any_served: Served, report: Any,
                                                  scheme: str) -> None:
    """axe-core's WCAG 2.2 AA rules, in the light and the dark palette, on a page of every
    kind that shows, between them, every kind of element of the site (browser.
    representative_urls): axe judges markup and styles, which the pages of one template share."""
    urls = representative_urls(any_served.site.root, any_served.urls)
    axe = axe_module.Axe()
    found: list[str] = []
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    for url in urls:
        page.goto(any_served.base + url)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == \
            ("slate" if scheme == "dark" else "default")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        for violation in results.response["violations"]:
            for node in violation["nodes"]:
                found.append(f"{scheme} /{url}: {violation['id']} at {node['target']}: "
                             f"{node.get('failureSummary', '')[:160]}")
    context.close()
    report[f"axe (WCAG 2.2 AA), {scheme} scheme, {any_served.engine}"] = (
        f"{len(urls)} of {len(any_served.urls)} pages checked (every kind of page and element), "
        f"{len(found)} violations")
    assert not found, "\n".join(found[:20])


def test_skip_link_is_the_first_keyboard_stop(browser: Any, served: Served) -> None:
    base = served.base
    page = browser.new_page()
    for url in ("", "strategy-management/b1/", "risk-register/"):
        page.goto(base + url)
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.tagName, document.activeElement.getAttribute('href'), "
                                "document.activeElement.textContent.trim()]")
        assert focused[0] == "A" and focused[2] == "Skip to content", focused
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == focused[1]
        assert page.evaluate(f"!!document.querySelector('article {focused[1]}')"), focused
    page.close()


def test_no_page_scrolls_sideways_at_360px_and_controls_stay_usable(
        browser: Any, any_served: Served, report: Any) -> None:
    base, urls, engine = any_served.base, any_served.urls, any_served.engine
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    wide = []
    outside = []
    for url in urls:
        page.goto(base + url)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            wide.append(f"/{url}: content {width[0]} px wide in a {width[1]} px window")
        # Every link and button in the article is reachable: inside the viewport, or inside a
        # region that scrolls on its own (wide tables and diagrams).
        outside += page.evaluate("""() => [...document.querySelectorAll('article a, article button, article input')]
            .filter(e => !e.closest('.pb-scroll'))
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1); })
            .map(e => location.pathname + ': ' + (e.textContent || e.outerHTML).trim().slice(0, 60))""")
    report[f"phone width (360 px), {engine}"] = (f"{len(urls)} pages, {len(wide)} scroll sideways, "
                                      f"{len(outside)} controls off screen")
    assert not wide, "\n".join(wide)
    assert not outside, "\n".join(outside[:20])
    # The navigation drawer and search open and close by touch.
    start, link, lands, _ = probe(engine)
    page.goto(base + start)
    page.locator(".md-header label[for='__drawer']").tap()
    drawer = page.get_by_role("navigation", name="Navigation")
    drawer.get_by_role("link", name=re.compile(r"^B2 ") if engine == FRENCH else link,
                       exact=engine != FRENCH).tap()
    page.wait_for_url(lands)
    search(page, engine, "vision" if engine == FRENCH else "interoperability", by_touch=True)
    context.close()


def test_loading_any_page_requests_nothing_from_another_origin_and_the_policy_blocks_nothing(
        browser: Any, any_served: Served, report: Any) -> None:
    """Both properties on one visit of every page (each until the network is idle), a search,
    and the colour scheme toggle: no request leaves the site's origin, and the content
    security policy blocks nothing the site uses (no violation, no failed load, no script
    error). One visit serves both, as loading the pages is what both checks cost."""
    base, urls, engine = any_served.base, any_served.urls, any_served.engine
    origin = urlsplit(base).netloc
    requests: list[str] = []
    context = browser.new_context()
    context.on("request", lambda request: requests.append(request.url))
    context.add_init_script("""window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));""")
    page = context.new_page()
    problems: list[str] = []
    # The theme's language selector looks for a sitemap.xml beside each hreflang link, which
    # it expects to be a language's root; ours lead to the same page in each language (so
    # they work without script and tell search engines the page's true translation), and
    # the lookup finds nothing. Those failures are counted apart; any other is a problem.
    lookups: list[str] = []
    page.on("response", lambda r: (lookups if r.url.endswith("/sitemap.xml") else problems).append(
        f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" and not (lookups and "404" in m.text) else None)
    for url in urls:
        page.goto(base + url, wait_until="networkidle")
        policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
        assert policy and "default-src 'self'" in policy and "'unsafe-eval'" not in policy
        problems += [f"/{url}: {v}" for v in page.evaluate("window.__violations")]
    page.goto(base + probe(engine)[0])
    search(page, engine, "vision" if engine == FRENCH else "privacy")
    page.keyboard.press("Escape")
    page.locator("[data-md-component='palette'] label").first.click()  # the colour scheme toggle
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    problems += page.evaluate("window.__violations")
    context.close()
    outside = [url for url in requests
               if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin]
    report[f"requests, {engine}"] = (f"{len(requests)} requests from {len(urls)} pages, a search and the "
                                     f"scheme toggle, {len(outside)} to another origin")
    report[f"content security policy, {engine}"] = (
        f"{len(urls)} pages, {len(problems)} violations or script errors"
        + (f"; {len(lookups)} sitemap lookups of the theme's language selector found nothing" if lookups else ""))
    assert requests and not outside and not problems, {"to another origin": outside, "blocked or failed": problems}


def test_charts_are_drawn_with_a_text_equivalent(browser: Any, served: Served) -> None:
    base = served.base
    for width, shown in ((1280, "wide"), (390, "narrow")):  # each screen gets the drawing made for its width
        page = browser.new_page(viewport={"width": width, "height": 900})
        for url, chart, equivalent in (("roadmap/", f"svg.pb-timeline.pb-chart--{shown}", "ol.pb-phases > li"),
                                       ("benefits/", "svg.pb-map", "table.pb-table tbody tr"),
                                       ("benefits/", f"svg.pb-line.pb-chart--{shown}", "table.pb-readings"),
                                       ("", "svg.pb-bar", "table.pb-counts tbody tr")):
            page.goto(base + url)
            box = page.locator(chart).first.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 5, (url, chart, box)
            assert page.locator(equivalent).count() > 0, (url, equivalent)
            other = "narrow" if shown == "wide" else "wide"
            hidden = page.locator(f"svg.pb-chart--{other}")
            assert all(hidden.nth(i).bounding_box() is None for i in range(hidden.count())), (url, width)
        page.close()


def test_the_print_stylesheet_leaves_only_the_content(browser: Any, served: Served) -> None:
    base = served.base
    page = browser.new_page()
    page.goto(base + "checklist/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""['.md-header', '.md-sidebar--primary', '.md-footer']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]
    assert page.locator("table.pb-print-table").count() == 19
    page.close()


# --- Script injection --------------------------------------------------------------------

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "\"><svg onload=\"window.__xss=1\">",
    "'><iframe srcdoc=\"<script>parent.__xss=1</script>\">",
    "[click me](javascript:window.__xss=1)",
    "text {: onclick=\"window.__xss=1\" }",
    "</title><script>window.__xss=1</script>",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "<a href=\"javascript:window.__xss=1\">x</a>",
    "`<script>window.__xss=1</script>`",
    "<details open ontoggle=\"window.__xss=1\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "{{ 7*7 }} {% raw %} ${window.__xss=1}",
    "- list\n\n# heading <script>window.__xss=1</script>",
    "<!-- --><script>window.__xss=1</script>",
    "javascript:window.__xss=1",
]
# Fields that hold free text (everything an editor can type words into).
TEXT_KEYS = {"name", "summary", "title", "text", "statement", "owner", "note", "reason", "remit", "chair",
             "meets", "members", "barriers", "actions", "standards", "description", "mitigation", "unit",
             "lead", "known_issues", "enforcement", "phone", "standard"}
# Rich text accepts Markdown; these payloads are valid Markdown and must be neutralised.
RICH_PAYLOADS = [
    "[link](https://ok.example/ \"t\\\" onmouseover=\\\"window.__xss=1\")",
    "<https://ok.example/\"onmouseover=\"window.__xss=1>",
    "[x](https://ok.example/\"onmouseover=\"window.__xss=1) and &lt;script&gt;window.__xss=1&lt;/script&gt;",
]


def _poison(value: Any, key: str, counter: list[int]) -> Any:
    """Put a payload in front of every free-text value, cycling through the payload list."""
    if isinstance(value, dict):
        return {k: _poison(v, k, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key, counter) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        payload = PAYLOADS[counter[0] % len(PAYLOADS)]
        counter[0] += 1
        return f"{payload} {value}"
    return value


@pytest.fixture(scope="session", params=BROWSER_ENGINES)
def poisoned_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, int]:
    """The poisoned city built by each engine, once per test run."""
    def make(folder: Path) -> int:
        project, placed = poisoned_project(folder)
        if request.param == "mkdocs":  # in English and French, so the French pages carry the payloads too
            edit_yaml(project / "city_config" / "test-city" / "city.yml",
                      lambda d: (d.pop("language", None), d.update(languages=["en", "fr"])))
        result = build(project, request.param)
        assert result.returncode == 0, result.stderr
        return placed

    folder, placed = shared(f"poisoned-{request.param}", tmp_path_factory, make)
    return Site(folder / "site", request.param), placed


def poisoned_project(folder: Path) -> tuple[Path, int]:
    """A project whose city has a payload in every text field; and how many were placed."""
    project = make_project(folder)
    city = project / "city_config" / "test-city"
    counter = [0]
    for path in sorted(city.glob("*.yml")):
        edit_yaml(path, lambda data, c=counter: data.update(_poison(data, "", c)))
    rich = len(RICH_PAYLOADS)

    def poison_rich(data: dict) -> None:
        for i, key in enumerate(k for k in data if "." not in k):
            data[key]["commitment"] = f"{RICH_PAYLOADS[i % rich]}\n\n{data[key]['commitment']}"
    edit_yaml(city / "commitments.yml", poison_rich)
    edit_yaml(city / "city.yml", lambda d: d.update(vision="\n\n".join([*RICH_PAYLOADS, d["vision"]])))
    return project, counter[0] + rich + len(
        [k for k in (EXAMPLE / "commitments.yml").read_text().splitlines() if re.match(r"^[A-D]\d*:", k)])


@pytest.fixture(scope="session")
def poisoned_portfolio(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The poisoned city and a broken copy whose error message carries a payload, built by
    build-all into a portfolio, once per test run."""
    def make(folder: Path) -> None:
        project, _ = poisoned_project(folder)
        cities = project / "city_config"
        shutil.copytree(cities / "test-city", cities / "broken")
        text = (cities / "broken" / "commitments.yml").read_text()
        (cities / "broken" / "commitments.yml").write_text(
            re.sub(r"status: done", "status: '<script>window.__xss=1</script>'", text, count=1))
        result = run([sys.executable, "-m", "city_playbook", "build-all", "-d", "portfolio-site"], project)
        assert result.returncode == 1 and "failed  broken" in result.stdout, result.stdout + result.stderr

    return Site(shared("poisoned-portfolio", tmp_path_factory, make)[0] / "portfolio-site")


def _run_payloads(browser: Any, site: Site, urls: list[str]) -> tuple[list[str], str]:
    """Load every page with the policy bypassed (escaping alone must stop every payload);
    returns what ran or could run, and the home page's text."""
    context = browser.new_context(bypass_csp=True)
    dialogs: list[str] = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    context.add_init_script("window.__xss = 0;")
    page = context.new_page()
    found: list[str] = []
    with serve(site.root) as base:
        for url in urls:
            page.goto(base + url, wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = !d.open)")
            page.mouse.move(5, 5)
            state = page.evaluate("""() => ({
                ran: window.__xss,
                handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                    .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
                jsLinks: [...document.querySelectorAll('[href],[src],[srcdoc]')].filter(e =>
                    /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '') || e.hasAttribute('srcdoc'))
                    .map(e => e.outerHTML.slice(0, 80)),
                scripts: [...document.scripts].filter(s => s.textContent.includes('__xss')).length,
                titles: document.head.querySelectorAll('title').length !== 1
                    || document.querySelectorAll('svg[onload], iframe, img[src=x], details[ontoggle]').length > 0,
            })""")
            if state["ran"] or state["handlers"] or state["jsLinks"] or state["scripts"] or state["titles"]:
                found.append(f"/{url}: {state}")
        page.goto(base)
        home = page.locator("body").inner_text()
    context.close()
    return found + dialogs, home


def test_injected_script_never_runs(browser: Any, poisoned_site: tuple[Site, int],
                                    report: Any) -> None:
    """Escaping alone must stop every payload, so the policy is bypassed for this test."""
    site, placed = poisoned_site
    urls = page_urls(site.root)
    found, home = _run_payloads(browser, site, urls)
    # The payload text is shown to readers as text, exactly as written.
    assert "<script>window.__xss=1</script>" in home
    report[f"script injection, {site.engine}"] = (f"{len(PAYLOADS) + len(RICH_PAYLOADS)} payloads placed {placed} times in "
                                  f"every kind of text field, {len(urls)} pages loaded, {len(found)} ran")
    assert not found, found[:5]


def test_injected_script_never_runs_on_the_portfolio(browser: Any, poisoned_portfolio: Site, report: Any) -> None:
    """The poisoned city's names, owners and the broken city's error message, on every
    portfolio page."""
    urls = site_urls(poisoned_portfolio.root)
    found, home = _run_payloads(browser, poisoned_portfolio, urls)
    assert "<script>window.__xss=1</script>" in home, "the failed city's message is shown as written"
    assert poisoned_portfolio.html("").select_one("table.pb-portfolio tbody th a").get_text().startswith("<")
    report["script injection, portfolio"] = f"{len(urls)} pages loaded, {len(found)} ran"
    assert not found, found[:5]


def test_injection_corpus_covered_the_titles_and_metadata(poisoned_site: tuple[Site, int]) -> None:
    site, _ = poisoned_site
    home = site.html("")
    assert "<script>" in home.select_one("meta[name=description]")["content"] or \
        "<" in home.select_one("meta[name=description]")["content"]
    assert "script" in home.title.get_text() or "<" in home.title.get_text() or "svg" in home.title.get_text()
    assert not home.find("script", string=re.compile("__xss"))




def test_changes_page_links_reach_the_items(browser: Any, served: Served) -> None:
    """The What has changed page is among the pages checked above; its links land on the item."""
    base, urls = served.base, served.urls
    assert "changes/" in urls
    page = browser.new_page()
    page.goto(base + "changes/")
    links = page.locator(".pb-changes a")
    if links.count() == 0:
        pytest.skip("the example site was built without history (not a full clone of this repository)")
    target = links.first.get_attribute("href") or ""
    links.first.click()
    fragment = target.partition("#")[2]
    if fragment:
        page.wait_for_url(re.compile(f"#{re.escape(fragment)}$"))
        assert page.locator(f"#{fragment}").is_visible()
    page.close()
