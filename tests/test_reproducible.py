"""Reproducible builds: the same inputs and SOURCE_DATE_EPOCH give byte-identical sites.

Two builds of the example city run in two separate project folders (so no absolute path
can leak into the output unnoticed) and in two processes with different hash seeds (so no
set or hash ordering can leak either). Every file of the two site/ trees is compared byte
for byte, generated data and the compressed sitemap included, and the dates the site
carries are checked to come from SOURCE_DATE_EPOCH rather than from the clock.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import struct
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from support import make_project, mkdocs

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py

# Not the conftest's "today": the dates below can only come from here.
EPOCH = int(datetime(2026, 10, 31, 15, 30, tzinfo=UTC).timestamp())
DAY = "2026-10-31"
MIDNIGHT = int(datetime(2026, 10, 31, tzinfo=UTC).timestamp())
SITE_URL = "https://playbook.example/northbridge/"  # so that sitemap.xml lists every page


def start_build(project: Path, hash_seed: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": hash_seed,
           "PLAYBOOK_SITE_URL": SITE_URL}
    env.pop("PLAYBOOK_CITY", None)
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    projects = [make_project(tmp_path / name) for name in ("first", "second")]
    builds = [start_build(project, seed) for project, seed in zip(projects, "12", strict=True)]
    for build in builds:
        _, stderr = build.communicate(timeout=300)
        assert build.returncode == 0, stderr
    first, second = (tree(project / "site") for project in projects)

    assert sorted(first) == sorted(second), "the two builds wrote different files"
    different = [path for path in first if first[path] != second[path]]
    assert not different, f"{len(different)} file(s) differ between two builds: {different[:10]}"
    # A real site, not two empty folders: every page, the data and the search index.
    assert {"index.html", "sitemap.xml", "sitemap.xml.gz", "data/playbook.json",
            "data/commitments.csv", "search/search_index.json"} <= set(first)
    assert sum(path.endswith("index.html") for path in first) >= 30

    sitemap = first["sitemap.xml"].decode()
    dates = re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)
    assert len(dates) == sitemap.count("<url>") >= 30
    assert set(dates) == {DAY}
    compressed = first["sitemap.xml.gz"]
    # MkDocs stamps the gzip header with the newest page's date (midnight UTC of that day).
    assert struct.unpack("<I", compressed[4:8])[0] == MIDNIGHT
    assert gzip.decompress(compressed) == first["sitemap.xml"]

    data = json.loads(first["data/playbook.json"])
    assert data["generated"] == DAY
    assert f"Generated <time datetime=\"{DAY}\">" in first["checklist/index.html"].decode()


def test_an_unchanged_city_is_built_from_the_cache_with_the_same_result(tmp_path: Path) -> None:
    """The cache gives byte-identical sites, and any change to an input is a miss."""
    project = make_project(tmp_path)
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert mkdocs(project, env=cache).returncode == 0
    first = tree(project / "site")
    cache_files = list((tmp_path / "cache" / "city-playbook").glob("*.json"))
    assert len(cache_files) == 1
    assert not (project / ".cache").exists(), "nothing in the project can stand in for a build's output"
    stamp = cache_files[0].stat().st_mtime_ns
    assert mkdocs(project, env=cache).returncode == 0
    assert tree(project / "site") == first
    assert cache_files[0].stat().st_mtime_ns == stamp, "a hit does not rewrite the cache"

    commitments = project / "city_config" / "test-city" / "commitments.yml"
    commitments.write_text(commitments.read_text().replace("Leader of the Council", "Deputy Mayor", 1))
    assert mkdocs(project, env=cache).returncode == 0
    assert "Deputy Mayor" in (project / "site" / "strategy-management" / "b1" / "index.html").read_text()

    cache_files[0].write_bytes(b"{not json")
    assert mkdocs(project, env=cache).returncode == 0, "a damaged cache is rebuilt, never an error"
    assert "Deputy Mayor" in (project / "site" / "strategy-management" / "b1" / "index.html").read_text()

    commitments.write_text(commitments.read_text().replace("status: done", "status: finished", 1))
    result = mkdocs(project, env=cache)
    assert result.returncode != 0 and "is not a status" in result.stderr, "errors are never cached"
