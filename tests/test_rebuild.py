"""Rebuilds in one process (`mkdocs serve`, build-all workers) reuse what has not changed,
and never show anything stale: every saved change reaches the next build."""

from __future__ import annotations

import logging
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from city_playbook import pipeline
from city_playbook.core.city import display_path
from city_playbook.core.yamlsafe import load_file
from support import EXAMPLE, make_project

TODAY = date(2026, 11, 24)


def test_a_file_is_parsed_again_only_when_its_bytes_change(tmp_path: Path) -> None:
    path = tmp_path / "risks.yml"
    shutil.copy(EXAMPLE / "risks.yml", path)
    first, errors = load_file(path, "risks.yml")
    assert first is not None and not errors
    again, _ = load_file(path, "risks.yml")
    assert again is first
    assert load_file(path, "elsewhere/risks.yml")[0] is not first  # messages name the file as given
    path.write_text(path.read_text().replace("risks:", "risks:\n# a comment that changes nothing\n", 1))
    edited, _ = load_file(path, "risks.yml")
    assert edited is not first and edited.data == first.data


def test_an_edit_reaches_the_next_build_in_the_same_process(tmp_path: Path) -> None:
    city = tmp_path / "city"
    shutil.copytree(EXAMPLE, city)
    commitments = city / "commitments.yml"
    text = commitments.read_text()
    for note in ("first edit", "second edit"):
        commitments.write_text(text.replace("\nB1.a:\n", f"\nB1.a:\n  note: {note}\n", 1))
        page = pipeline.build(city, today=TODAY).output().pages["strategy-management/b1.md"]
        assert note in page
    commitments.write_text(text)
    page = pipeline.build(city, today=TODAY).output().pages["strategy-management/b1.md"]
    assert "second edit" not in page


def test_a_file_of_comments_only_stays_as_loaded_for_the_next_build(tmp_path: Path) -> None:
    """load_city reads such a file as an empty mapping without changing the shared Document."""
    city = tmp_path / "city"
    shutil.copytree(EXAMPLE, city)
    (city / "principles.yml").write_text("# nothing here yet\n")
    shown = [pipeline.build(city, today=TODAY) for _ in range(2)]
    assert all("principles.md" in built.output().pages for built in shown)
    document, _ = load_file(city / "principles.yml", f"{display_path(city)}/principles.yml")
    assert document is not None and document.data is None


def test_a_large_file_is_parsed_every_time_rather_than_kept(tmp_path: Path) -> None:
    """A 100x city's commitments.yml is megabytes; kept parsed, it would stay in memory."""
    from city_playbook.core.yamlsafe import REUSE_BYTES

    path = tmp_path / "big.yml"
    path.write_text("notes:\n" + "".join(f"  - line {i} of a long file\n" for i in range(REUSE_BYTES // 20)))
    assert path.stat().st_size > REUSE_BYTES
    first, errors = load_file(path)
    assert first is not None and not errors
    assert load_file(path)[0] is not first


def test_one_clear_forgets_every_cache_of_the_process(tmp_path: Path) -> None:
    """tests and long-lived processes can start afresh with one call: a file and the catalog
    are read again, and the memos of every module are empty."""
    from city_playbook.core import cache, richtext
    from city_playbook.core.catalog import load_catalog

    path = tmp_path / "risks.yml"
    shutil.copy(EXAMPLE / "risks.yml", path)
    first, _ = load_file(path, "risks.yml")
    catalog = load_catalog()
    richtext.to_html("Some *rich* text")
    assert load_file(path, "risks.yml")[0] is first and load_catalog() is catalog
    cache.clear()
    assert richtext.to_html.cache_info().currsize == 0
    assert load_file(path, "risks.yml")[0] is not first
    assert load_catalog() is not catalog


def _preview_rebuild(project: Path, site: Path, started: bool = True) -> Any:
    """One `mkdocs serve` rebuild in this process: MkDocs loads the configuration again and
    keeps the plugin objects, told "serve" once."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    if not started:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    return config.plugins["city-playbook"]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_preview_rebuild_converts_only_changed_pages_and_writes_what_a_full_conversion_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from city_playbook.adapter.preview import Conversions

    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    (project / "docs" / "extra.md").write_text("# Extra\n\nSee [the old page](gone.md).\n")
    commitments = project / "city_config" / "test-city" / "commitments.yml"
    text = commitments.read_text()
    missing = "contains a link 'gone.md', but the target is not found"
    caplog.set_level(logging.DEBUG, logger="mkdocs")
    plugin = _preview_rebuild(project, tmp_path / "first", started=False)
    assert caplog.text.count(missing) == 1
    caplog.clear()
    commitments.write_text(text.replace("\nB1.a:\n", "\nB1.a:\n  note: an edit in the preview\n", 1))
    plugin = _preview_rebuild(project, tmp_path / "reused")
    assert "an edit in the preview" in (tmp_path / "reused" / "strategy-management" / "b1" / "index.html").read_text()
    assert caplog.text.count(missing) == 1  # the kept page's message, logged again
    reused = re.search(r"(\d+) of (\d+) pages reused", caplog.text)
    assert reused and 0 < int(reused[1]) < int(reused[2])  # the changed pages were converted again
    plugin.conversions = Conversions()  # the same rebuild with nothing kept: every page converted
    _preview_rebuild(project, tmp_path / "converted")
    assert _files(tmp_path / "reused") == _files(tmp_path / "converted")
