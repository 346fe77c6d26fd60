"""Live preview: `mkdocs serve` rebuilds when a city or catalog file changes, and a broken
edit keeps the last good preview up, with the problem in the terminal and on the page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support import make_project

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def _wait(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = make_project(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=project, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}/"
            _wait(lambda: "Northbridge" in _fetch(base + "strategy-management/b1/"), "the first build")
            yield project, base, log
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_saving_a_city_file_rebuilds_and_a_broken_edit_keeps_the_last_good_preview(
        server: tuple[Path, str, Path]) -> None:
    project, base, log = server
    commitments = project / "city_config" / "test-city" / "commitments.yml"
    page = base + "strategy-management/b1/"
    original = commitments.read_text()

    commitments.write_text(original.replace("Leader of the Council", "Deputy Mayor for the Future", 1))
    _wait(lambda: "Deputy Mayor for the Future" in _fetch(page), "the rebuilt page after a valid edit")

    broken = original.replace("Leader of the Council", "Deputy Mayor for the Future", 1)
    broken = broken.replace("status: done", "status: finished", 1)
    commitments.write_text(broken)
    _wait(lambda: "pb-problems" in _fetch(page), "the problem banner on the preview")
    html = _fetch(page)
    assert "Deputy Mayor for the Future" in html, "the last good content stays up"
    assert "finished" in html and "is not a status" in html
    _wait(lambda: "commitments.yml:" in log.read_text(), "the error in the terminal")
    text = log.read_text()
    assert "Traceback" not in text
    line = next(n for n, s in enumerate(broken.splitlines(), 1) if "status: finished" in s)
    assert f"city_config/test-city/commitments.yml:{line}:" in text

    commitments.write_text(original)
    _wait(lambda: "pb-problems" not in _fetch(page) and "Leader of the Council" in _fetch(page),
          "the fixed page")


def test_saving_a_catalog_file_rebuilds_the_preview(tmp_path: Path) -> None:
    """The catalog is watched too: a project with its own catalog copy sees its edits."""
    import shutil

    from support import CATALOG

    project = make_project(tmp_path)
    shutil.copytree(CATALOG, project / "catalog")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("city: !ENV", "catalog: catalog\n      city: !ENV"))
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = f"http://127.0.0.1:{port}/strategy-management/b1/"
        _wait(lambda: "City vision" in _fetch(page), "the first build")
        part = project / "catalog" / "parts" / "B1.yml"
        part.write_text(part.read_text().replace("title: City vision", "title: City vision and mission"))
        _wait(lambda: "City vision and mission" in _fetch(page), "the rebuilt page after a catalog edit")
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_preview_of_a_city_in_two_languages_rebuilds_both(tmp_path: Path) -> None:
    from support import ROOT

    project = make_project(tmp_path, ROOT / "city_config" / "valdore")
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        french, english = (f"http://127.0.0.1:{port}/{p}strategy-management/b1/" for p in ("", "en/"))
        _wait(lambda: 'lang="en"' in _fetch(english) and 'lang="fr"' in _fetch(french), "the first build")
        city = project / "city_config" / "test-city" / "city.yml"
        original = city.read_text()
        city.write_text(original.replace("Valdoré is a river city", "Valdoré is a riverside city", 1))
        _wait(lambda: "Valdoré is a riverside city" in _fetch(english.removesuffix("strategy-management/b1/")),
              "the English home page after an edit of its text")
        city.write_text(original.replace("fictional: true", "fictional: maybe", 1))
        _wait(lambda: "pb-problems" in _fetch(english) and "pb-problems" in _fetch(french),
              "the problem banner in both languages")
    finally:
        process.terminate()
        process.wait(timeout=20)
