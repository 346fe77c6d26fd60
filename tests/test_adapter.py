"""The MkDocs adapter's own duties: the page head it writes, and refusing to build over a
clash or from a cache it cannot trust."""

from __future__ import annotations

import base64
import hashlib
import pickle
from pathlib import Path

import pytest

from city_playbook.site.csp import content_security_policy
from support import Site, make_project, mkdocs

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py

THEME_SCRIPT = "var __md_scope=new URL('.',location)"
PAGE = (f"<html><head><script>{THEME_SCRIPT}</script><script src='a.js'></script></head><body>"
        "<article><script>alert(1)</script></article>"
        '<script type="application/json" id="__config">{"base": "."}</script></body></html>')


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def test_the_policy_lists_the_themes_inline_scripts_and_never_one_in_the_article() -> None:
    policy = dict(part.split(" ", 1) for part in content_security_policy(PAGE).split("; "))
    assert policy["script-src"] == f"'self' {sha256(THEME_SCRIPT)}"
    assert sha256("alert(1)") not in policy["script-src"]
    assert "'unsafe-inline'" not in " ".join(policy.values())
    assert policy["style-src"] == "'self'" and policy["object-src"] == "'none'"


def test_a_name_and_summary_with_emoji_quotes_and_colons_stay_text_in_title_and_metadata(tmp_path: Path) -> None:
    """The summary becomes every page's front matter (the meta description): an emoji or a
    line separator there once made MkDocs show the front matter as page text."""
    project = make_project(tmp_path)
    city = project / "city_config" / "test-city" / "city.yml"
    name = 'Northbridge 🌉 "Bay": <b>old</b> town'
    summary = "Our bridge 🌉 plan: “open” data\u2028for all — #1 & <i>more</i>"
    text = city.read_text().replace("name: Northbridge\n", f"name: '{name}'\n")
    start = text.index("summary: >-")
    text = text[:start] + f'summary: "{summary}"\n' + text[text.index("website:"):]
    city.write_text(text, encoding="utf-8")
    result = mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    home = Site(project / "site").html("")
    assert home.title is not None and name in home.title.get_text()
    assert not [b for b in home.find_all("b") if b.get_text() == "old"], "the name is text, not markup"
    description = home.find("meta", attrs={"name": "description"})
    assert description is not None and description["content"] == " ".join(summary.split())
    article = home.find("article").get_text()
    assert "description:" not in article and "---" not in article


def test_a_file_in_docs_where_a_page_is_generated_is_an_error_before_site_is_touched(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert mkdocs(project).returncode == 0
    before = (project / "site" / "index.html").read_bytes()
    (project / "docs" / "index.md").write_text("# My own home page\n")
    result = mkdocs(project)
    assert result.returncode != 0
    assert "docs/index.md would be written to index.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_bytes() == before


class Payload:
    """Unpickling this would create the file named below."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.touch, (self.marker,))


def test_a_cache_file_is_read_as_data_and_never_run(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert mkdocs(project, env=cache).returncode == 0
    [cached] = (tmp_path / "cache" / "city-playbook").glob("*.json")
    marker = tmp_path / "ran"
    cached.write_bytes(pickle.dumps(Payload(marker)))
    result = mkdocs(project, env=cache)
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "the cache file was executed"
    assert cached.read_bytes().startswith(b"{"), "the foreign file was replaced by a fresh cache"
