"""Each stage on its own (issue 17): resolution, page layout and MkDocs settings, rendering,
open data and charts, called directly on the example city's real objects, in-process and
without MkDocs, so a failure names the stage that broke rather than a whole site build."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from city_playbook import Playbook, load_catalog, load_city, resolve
from city_playbook.adapter.settings import site_settings
from city_playbook.core.ids import anchor
from city_playbook.core.language import strings
from city_playbook.core.model import STATUSES
from city_playbook.core.output import Output
from city_playbook.core.resolve import Counts, overall_status
from city_playbook.site import charts
from city_playbook.site.opendata import DATA_FILES, data_files
from city_playbook.site.pages import nav, page_url, pages, part_src, relative_href
from city_playbook.site.render import render_site

EXAMPLE = Path(__file__).resolve().parents[1] / "city_config" / "northbridge"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    catalog = load_catalog()
    return resolve(catalog, load_city(EXAMPLE, catalog, TODAY), TODAY)


# Resolution

def test_every_catalog_recommendation_is_one_item_of_its_part_in_the_catalogs_order(playbook: Playbook) -> None:
    catalog = playbook.catalog
    assert list(playbook.parts) == catalog.part_ids
    items = [i for view in playbook.parts.values() for i in view.items]
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids))
    assert set(catalog.recommendations) <= set(ids)
    for view in playbook.parts.values():
        assert all(i.part == view.id and i.anchor == anchor(i.id) for i in view.items)
    assert {i.status for i in items} <= set(STATUSES)
    assert Counts.of(items).total == len(items)


@pytest.mark.parametrize(("statuses", "overall"), [
    (["done", "not-applicable"], "done"),
    (["not-applicable"], "not-applicable"),
    (["done", "planned"], "in-progress"),
    (["in-progress", "not-started"], "in-progress"),
    (["planned", "not-started"], "planned"),
    (["not-started"], "not-started"),
])
def test_a_groups_status_is_done_only_when_everything_applicable_is(statuses: list[str], overall: str) -> None:
    assert overall_status(statuses) == overall


# Page layout and the MkDocs settings

def test_every_part_has_its_page_and_the_navigation_names_only_pages(playbook: Playbook) -> None:
    listed = [page.src for page in pages(playbook, strings())]
    assert len(listed) == len(set(listed))
    assert {part_src(playbook, pid) for pid in playbook.catalog.part_ids} <= set(listed)

    def sources(entries: Any) -> list[str]:
        if isinstance(entries, str):
            return [entries]
        if isinstance(entries, dict):
            return [s for value in entries.values() for s in sources(value)]
        return [s for entry in entries for s in sources(entry)]
    assert set(sources(nav(playbook, strings()))) <= set(listed)


@pytest.mark.parametrize(("src", "directory_urls", "url"), [
    ("index.md", True, ""), ("roadmap.md", True, "roadmap/"), ("roadmap.md", False, "roadmap.html"),
    ("strategy-management/b1.md", True, "strategy-management/b1/"), ("a/index.md", False, "a/"),
])
def test_page_urls_are_the_ones_mkdocs_gives(src: str, directory_urls: bool, url: str) -> None:
    assert page_url(src, directory_urls) == url


def test_links_between_pages_are_relative_and_keep_their_fragment() -> None:
    assert relative_href("strategy-management/b1.md", "roadmap.md#phase-1", True) == "../../roadmap/#phase-1"
    assert relative_href("strategy-management/b1.md", "roadmap.md", False) == "../roadmap.html"
    assert relative_href("roadmap.md", "roadmap.md#phase-1", True) == "#phase-1"
    # For Zensical, which rewrites the link as if from annex-b.md; it serves it as ../principles/.
    assert relative_href("annex-b.md", "principles.md", True, from_source=True) == "principles/"


def output(name: str) -> Output:
    return Output(language="en", language_name="English", pages={}, data={}, name=name, site_name=name,
                  summary="A <b>bold</b> plan", nav=["index.md"])


def test_settings_add_what_the_playbook_needs_and_keep_what_the_project_wrote() -> None:
    config = {"markdown_extensions": ["toc", {"admonition": {}}], "extra_css": ["mine.css"]}
    changes = site_settings(output('Brighton & "Hove"'), config)
    assert changes["site_name"] == "Brighton & &quot;Hove&quot;"
    assert changes["site_description"] == "A &lt;b&gt;bold&lt;/b&gt; plan"
    assert changes["nav"] == ["index.md"]
    assert changes["markdown_extensions"] == ["toc", {"admonition": {}}, "attr_list"]
    assert changes["extra_css"][0] == "mine.css" and len(changes["extra_css"]) == 2

    settled = {"markdown_extensions": ["attr_list", "toc"], "nav": ["x.md"], "extra_css": changes["extra_css"],
               "extra_javascript": changes["extra_javascript"]}
    assert set(site_settings(output("X"), settled, set_site_name=False)) == {"site_description"}


# Rendering and open data

def test_every_page_renders_to_markdown_that_escapes_the_citys_text(playbook: Playbook) -> None:
    site = render_site(playbook, strings())
    assert list(site) == [page.src for page in pages(playbook, strings())]
    assert all(markdown.strip() for markdown in site.values())
    assert playbook.city.profile.name in site["index.md"]
    assert "<script" not in "".join(site.values())


def test_the_open_data_lists_every_part_and_links_each_item_to_its_page(playbook: Playbook) -> None:
    files = data_files(playbook)
    assert set(DATA_FILES.values()) <= set(files)
    data = json.loads(files[DATA_FILES["json"]])
    assert [part["id"] for part in data["parts"]] == playbook.catalog.part_ids
    b1a = next(r for part in data["parts"] for r in part["recommendations"] if r["id"] == "B1.a")
    assert b1a["url"].endswith(f"{page_url(part_src(playbook, 'B1'), True)}#b1-a")
    assert json.loads(files[DATA_FILES["schema"]])["type"] == "object"


# Charts

def test_the_status_bar_covers_the_whole_scale_once(playbook: Playbook) -> None:
    segments = charts.status_bar(Counts.of(i for view in playbook.parts.values() for i in view.items))
    assert [s.status for s in segments] == [s for s in STATUSES if s in {seg.status for seg in segments}]
    assert sum(s.width for s in segments) == pytest.approx(100, abs=0.01)
    for before, after in itertools.pairwise(segments):
        assert after.x == pytest.approx(before.x + before.width, abs=0.01)
    assert charts.status_bar(Counts.of_statuses([])) == []
