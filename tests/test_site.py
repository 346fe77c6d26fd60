"""The built example site: every page, every checklist item, every count and link."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup, Tag

from support import CATALOG, EXAMPLE, ROOT, TODAY, Site, edit_yaml, load_yaml, make_project, mkdocs_here

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py

STATUSES = ["not-started", "planned", "in-progress", "done", "not-applicable"]
STATUS_LABELS = {"not-started": "Not started", "planned": "Planned", "in-progress": "In progress",
                 "done": "Done", "not-applicable": "Not applicable"}
GROUP_OF = {**{f"B{i}": "strategy-management" for i in range(1, 8)},
            **{f"B{i}": "citizen-centric-service-management" for i in range(8, 12)},
            **{f"B{i}": "digital-and-physical-resource-management" for i in range(12, 15)},
            **{f"C{i}": "benefit-realization" for i in range(1, 4)}}


README = ROOT / "README.md"


def page_of(part: str) -> str:
    return {"A": "principles/", "D": "key-risks/"}.get(part) or f"{GROUP_OF[part]}/{part.lower()}/"


def item(html: Callable[[str], BeautifulSoup], rid: str) -> Tag | None:
    """A recommendation's entry on its part's page."""
    return html(page_of(rid.split(".")[0])).find(id=rid.lower().replace(".", "-"))


def parsed_once(site: Site) -> Callable[[str], BeautifulSoup]:
    """`site.html`, each page parsed once per test: the tests that look up every item would
    otherwise parse its part's page again for each of its items (a hundred parses of the
    same 18 pages). Only for reading: the test's pages are shared by its own lookups."""
    return functools.cache(site.html)


def catalog_ids() -> list[str]:
    ids = []
    for part in ["A", *(f"B{i}" for i in range(1, 15)), "C1", "C2", "C3", "D"]:
        ids += [r["id"] for r in load_yaml(CATALOG / "parts" / f"{part}.yml")["recommendations"]]
    return ids


def expected_statuses() -> dict[str, str]:
    """Status of every item, straight from the YAML: catalog items without an entry are
    not started; entries with a statement are the city's additions."""
    commitments = {k: v for k, v in load_yaml(EXAMPLE / "commitments.yml").items() if "." in k}
    statuses = {rid: commitments.get(rid, {}).get("status", "not-started") for rid in catalog_ids()}
    statuses.update({rid: c["status"] for rid, c in commitments.items() if "statement" in c})
    return statuses


def catalog_texts() -> dict[str, str]:
    return {r["id"]: " ".join(r["text"].split()) for path in (CATALOG / "parts").glob("*.yml")
            for r in load_yaml(path)["recommendations"]}


def expected_flags(entry: dict | None, profile: dict) -> list[str]:
    """The notes an item should carry beside its status, worked out from the YAML alone: its
    entry in commitments.yml (None if it has none) and city.yml."""
    if entry is None:
        return ["no entry yet"]
    today = TODAY.date()
    flags = []
    if entry.get("due") and entry["due"] < today and entry["status"] not in ("done", "not-applicable"):
        flags.append("past due date")
    if (entry.get("reviewed") or profile["reviewed"]) < today - timedelta(days=profile["review_every_days"]):
        flags.append("review overdue")
    return flags


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
READABLE_DATE = re.compile(rf"[1-9]\d? ({'|'.join(MONTHS)}) \d{{4}}")


PAGES = ["", "principles/", "key-risks/", *(page_of(f"B{i}") for i in range(1, 15)),
         *(page_of(f"C{i}") for i in range(1, 4))]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_exists_with_a_title(example_site: Site, url: str) -> None:
    page = example_site.html(url)
    assert page.h1 is not None and page.h1.get_text(strip=True)
    assert "Northbridge" in page.title.get_text()


def test_part_pages_show_id_clause_summary_and_commitment(example_site: Site) -> None:
    commitments = load_yaml(EXAMPLE / "commitments.yml")
    for i in range(1, 15):
        part = load_yaml(CATALOG / "parts" / f"B{i}.yml")
        page = example_site.html(page_of(f"B{i}"))
        assert page.h1.get_text(" ", strip=True).startswith(f"B{i} {part['title']}")
        assert f"clause {part['clause']}" in page.select_one(".pb-kicker").get_text()
        summary = page.select_one(".pb-summary").get_text(" ", strip=True)
        assert " ".join(part["summary"]["context"].split()) in summary
        if f"B{i}" in commitments:
            first_words = " ".join(commitments[f"B{i}"]["commitment"].split()[:4]).strip("*_")
            assert first_words.split()[0].strip("*_") in page.select_one(".pb-commitment").get_text()


def test_checklist_items_carry_their_status_icon_and_name(example_site: Site) -> None:
    statuses = expected_statuses()
    commitments, profile = load_yaml(EXAMPLE / "commitments.yml"), load_yaml(EXAMPLE / "city.yml")
    html = parsed_once(example_site)
    seen = 0
    for rid, status in statuses.items():
        entry = item(html, rid)
        assert entry is not None, rid
        icon = entry.select_one(".pb-item__icon")
        assert icon["role"] == "img" and f"pb-status--{status}" in icon["class"], rid
        assert icon.select_one(f"svg.pb-icon--{status}") is not None, rid
        flags = expected_flags(commitments.get(rid), profile)
        assert icon["aria-label"] == ", ".join([f"{rid}: {STATUS_LABELS[status]}", *flags])
        assert [f.get_text() for f in entry.select(".pb-flag")] == flags, rid
        assert f"pb-item--{status}" in entry["class"]
        assert entry.select_one(".pb-status").get_text() == STATUS_LABELS[status]
        seen += 1
    assert seen == len(statuses) > 90


def test_item_details_show_owner_due_evidence_note(example_site: Site) -> None:
    commitments = {k: v for k, v in load_yaml(EXAMPLE / "commitments.yml").items() if "." in k}
    html = parsed_once(example_site)
    for rid, c in commitments.items():
        entry = item(html, rid)
        text = entry.get_text(" ", strip=True)
        if c.get("owner"):
            assert " ".join(c["owner"].split()) in text, rid
        if c.get("due"):
            assert entry.find("time", attrs={"datetime": str(c["due"])}), rid
        for evidence in c.get("evidence", []):
            url = evidence if isinstance(evidence, str) else evidence["url"]
            assert entry.find("a", href=url), (rid, url)
        if c.get("note"):
            assert " ".join(c["note"].split()) in text, rid


def test_exclusions_show_their_reasons(example_site: Site) -> None:
    excluded = {k: v for k, v in load_yaml(EXAMPLE / "commitments.yml").items()
                if "." in k and v["status"] == "not-applicable"}
    assert excluded, "the example city must show an exclusion"
    html = parsed_once(example_site)
    for rid, c in excluded.items():
        assert " ".join(c["reason"].split()) in item(html, rid).get_text(" ", strip=True)


def test_city_additions_are_marked_as_the_citys(example_site: Site) -> None:
    added = {k: v for k, v in load_yaml(EXAMPLE / "commitments.yml").items() if "statement" in v}
    assert added
    html = parsed_once(example_site)
    for rid, c in added.items():
        entry = item(html, rid)
        assert entry.select_one(".pb-prov--city").get_text() == "Added by the city"
        assert " ".join(c["statement"].split()) in entry.get_text(" ", strip=True)


def test_progress_counts_on_home_match_the_yaml(example_site: Site) -> None:
    statuses = expected_statuses()
    home = example_site.html("")
    rows = {r.th.get_text(" ", strip=True): [td.get_text() for td in r.find_all("td")[:6]]
            for r in home.select("table.pb-counts tbody tr")}
    overall = Counter(statuses.values())
    assert rows["All parts"] == [str(overall[s]) for s in STATUSES] + [str(len(statuses))]
    for part in ["A", *(f"B{i}" for i in range(1, 15)), "C1", "C2", "C3", "D"]:
        mine = Counter(s for rid, s in statuses.items() if rid.split(".")[0] == part)
        row = next(v for k, v in rows.items() if k.split(" ")[0] == part)
        assert row == [str(mine[s]) for s in STATUSES] + [str(sum(mine.values()))], part
    headline = home.select_one(".pb-headline").get_text(" ", strip=True)
    applicable = len(statuses) - overall["not-applicable"]
    assert f"{overall['done']} of {applicable}" in headline


def test_principles_show_how_each_was_taken_up(example_site: Site) -> None:
    choices = load_yaml(EXAMPLE / "principles.yml")
    page = example_site.html("principles/")
    labels = {"adopted": "Adopted as written", "adapted": "Adapted by the city", "added": "Added by the city",
              "not-adopted": "Not adopted"}
    kinds = set()
    for pid, choice in choices.items():
        status = choice if isinstance(choice, str) else choice["status"]
        kinds.add(status)
        entry = page.find(id=f"principle-{pid}")
        assert entry.select_one(".pb-pstatus").get_text() == labels[status], pid
        if isinstance(choice, dict) and choice.get("text"):
            assert " ".join(choice["text"].split()) in entry.get_text(" ", strip=True)
    assert {"adopted", "adapted", "added"} <= kinds
    headings = [h.get_text(" ", strip=True) for h in page.find_all("h3")]
    assert {"Vision", "Citizen-centric", "Digitization", "Openness"} <= {h.rstrip("¶").strip() for h in headings}


def test_every_internal_link_and_anchor_resolves(example_site: Site) -> None:
    checked = 0
    ids_of: dict = {}
    html = parsed_once(example_site)
    for path in example_site.pages():
        page = html(str(path.relative_to(example_site.root)))
        for link in page.find_all("a", href=True):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{path}: {href}"
            if parts.fragment and target.suffix == ".html":
                if target not in ids_of:
                    ids_of[target] = {e["id"] for e in html(
                        str(target.relative_to(example_site.root))).find_all(id=True)}
                assert parts.fragment in ids_of[target], f"{path}: {href}"
            checked += 1
    assert checked > 500


def test_linkages_are_links_to_the_linked_parts(example_site: Site) -> None:
    for i in range(1, 15):
        linkages = load_yaml(CATALOG / "parts" / f"B{i}.yml")["linkages"]
        page = example_site.html(page_of(f"B{i}"))
        links = [a.get_text(" ", strip=True).split(" ")[0] for a in page.select(".pb-linkages a")]
        assert links == linkages


def test_no_request_to_another_host_in_the_html(example_site: Site) -> None:
    for path in example_site.pages():
        page = example_site.html(str(path.relative_to(example_site.root)))
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute, "")
                assert not urlsplit(value).scheme and not value.startswith("//"), (path, value)
    assert "fonts.googleapis" not in (example_site.root / "index.html").read_text()


def test_search_index_covers_the_playbook(example_site: Site) -> None:
    index = example_site.search_index()
    assert "City vision" in index and "Identity and privacy management" in index


def test_a_past_due_date_is_named_apart_from_an_overdue_review(example_site: Site) -> None:
    """B1.f is in progress and its due date has passed: the tag and the icon's name say so."""
    item = example_site.html(page_of("B1")).find(id="b1-f")
    assert item.select_one(".pb-item__icon")["aria-label"] == "B1.f: In progress, past due date"
    assert [f.get_text() for f in item.select(".pb-flag--warn")] == ["past due date"]
    stale = example_site.html(page_of("B2")).find(id="b2-g")
    assert "review overdue" in stale.select_one(".pb-item__icon")["aria-label"]
    everywhere = [f.get_text() for p in PAGES for f in example_site.html(p).select(".pb-flag")]
    assert "past due date" in everywhere and "overdue" not in everywhere


def test_dates_are_written_out_with_iso_for_machines(example_site: Site) -> None:
    home = example_site.html("")
    reviewed = home.find("time", attrs={"datetime": "2026-10-15"})
    assert reviewed is not None and reviewed.get_text() == "15 October 2026"
    b1 = example_site.html(page_of("B1")).find(id="b1-f").find("time", attrs={"datetime": "2026-06-30"})
    assert b1.get_text() == "30 June 2026", "no leading zero on the day"
    times = 0
    for path in example_site.pages():
        article = example_site.html(str(path.relative_to(example_site.root))).find("article")
        if article is None:
            continue
        for time in article.find_all("time"):
            shown = date.fromisoformat(time["datetime"])
            assert time.get_text() == f"{shown.day} {MONTHS[shown.month - 1]} {shown.year}", (path, time)
            assert READABLE_DATE.fullmatch(time.get_text()), (path, time)
            times += 1
        text = article.get_text(" ")
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), (path, "an ISO date shown to readers")
    assert times > 100
    timeline = example_site.html("roadmap/").find("title", id="timeline-title-wide").get_text()
    assert READABLE_DATE.search(timeline)


def test_overdue_reviews_on_home_name_each_recommendation(example_site: Site) -> None:
    texts = catalog_texts()
    entries = example_site.html("").select(".pb-stale li")
    assert [e.a.get_text() for e in entries] == ["B2.g", "B4.c"]
    for entry in entries:
        rid = entry.a.get_text()
        assert entry.a["href"].endswith(f"#{rid.lower().replace('.', '-')}")
        assert texts[rid] in entry.get_text(" ", strip=True)
        assert READABLE_DATE.fullmatch(entry.find("time").get_text())


def test_the_accessibility_statement_claims_nothing_the_city_did_not_say(example_site: Site) -> None:
    text = example_site.html("accessibility/").find("article").get_text(" ", strip=True)
    assert "generator's maintainers" in text and "axe-core" in text
    assert "Every page is tested" not in text and "We know of no" not in text
    assert "Northbridge last reviewed the accessibility of this site on 15 October 2026" in text


def test_the_accessibility_statement_of_a_city_without_a_review_says_so(tmp_path: Path) -> None:
    def not_yet(data: dict) -> None:
        data["accessibility"]["known_issues"] = []
        del data["accessibility"]["reviewed"]

    project = make_project(tmp_path)
    edit_yaml(project / "city_config" / "test-city" / "city.yml", not_yet)
    # Not --strict: the city rightly warns that no review date is given.
    assert (result := mkdocs_here(project)).returncode == 0, result.stderr
    text = Site(project / "site").html("accessibility/").find("article").get_text(" ", strip=True)
    assert "Northbridge has not listed any known accessibility problems" in text
    assert "Northbridge has not yet recorded a review of this site's accessibility" in text


def test_counts_of_one_take_the_singular(tmp_path: Path) -> None:
    """One item of each status but not-started, one stale review, one phase, one initiative."""
    project = make_project(tmp_path)
    city = project / "city_config" / "test-city"
    keep = {"A.a": "done", "B2.g": "in-progress", "B1.e": "planned", "C3.e": "not-applicable"}

    def one_each(data: dict) -> None:
        for key in [k for k in data if "." in k and k not in keep]:
            del data[key]
        assert {k: data[k]["status"] for k in keep} == keep, "the example city changed"

    edit_yaml(city / "commitments.yml", one_each)
    edit_yaml(city / "roadmap.yml", lambda d: d.update(phases=d["phases"][:1]))

    def one_initiative(data: dict) -> None:
        data["initiatives"] = data["initiatives"][:1]
        data["indicators"] = [i for i in data["indicators"]
                              if i.get("initiative") in (None, data["initiatives"][0]["id"])]

    edit_yaml(city / "benefits.yml", one_initiative)
    # Not --strict: the city rightly warns that most recommendations have no entry.
    assert (result := mkdocs_here(project)).returncode == 0, result.stderr
    site = Site(project / "site")
    home = site.html("")
    applicable = len(catalog_ids()) - 1
    assert home.select_one(".pb-headline").get_text(" ", strip=True) == (
        f"1 of {applicable} applicable recommendations is done ({100 // applicable}%). 1 is in progress, "
        f"1 is planned, {applicable - 3} have not been started, and 1 does not apply.")
    stale = home.find(id="stale").find_next("p").get_text(" ", strip=True)
    assert stale.startswith("This commitment has not been reviewed for more than 270 days")
    assert [e.a.get_text() for e in home.select(".pb-stale li")] == ["B2.g"]
    timeline = site.html("roadmap/").find("title", id="timeline-title-wide").get_text()
    assert timeline.startswith("Timeline of 1 phase from") and "the phase is listed" in timeline
    benefit_map = site.html("benefits/").find("title", id="map_title").get_text()
    assert benefit_map.startswith("Benefit map: 1 initiative linked")
    for page in [site.html(""), site.html("roadmap/"), site.html("benefits/"), site.html("checklist/")]:
        assert not re.search(r"\b1 (are|do|have|initiatives|phases|days|recommendations)\b",
                             page.find("article").get_text(" ", strip=True))


def test_the_readme_way_to_view_the_site_serves_every_page_the_home_page_links_to(example_site: Site) -> None:
    """The README tells readers to view site/ with Python's web server, because from file://
    every link opens a folder listing. Run exactly that command and follow the links."""
    command = re.search(r"^(python3 -m http\.server -d site)\b", README.read_text(encoding="utf-8"), re.M)
    assert command, "the README no longer says how to view the built site"
    args = [sys.executable, *command.group(1).split()[1:-1], str(example_site.root), "0", "--bind", "127.0.0.1"]
    server = subprocess.Popen([args[0], "-u", *args[1:]], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    try:
        assert server.stdout is not None
        port = re.search(r"port (\d+)", server.stdout.readline()).group(1)
        home = f"http://127.0.0.1:{port}/"
        links = {urljoin(home, a["href"]).split("#")[0] for a in example_site.html("/").find_all("a", href=True)
                 if not urlsplit(a["href"]).scheme and not a["href"].startswith("#")}
        assert len(links) > 20
        for link in sorted(links):
            with urlopen(link, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
            assert response.status == 200, link
            assert "Directory listing for" not in body, f"{link} opens a folder listing, not a page"
    finally:
        server.terminate()
        server.wait(timeout=30)
