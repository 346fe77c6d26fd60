"""Shared fixtures: real MkDocs builds of real city folders, in temporary directories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "city_config" / "northbridge"
CATALOG = ROOT / "content"
# Every test sees the same "today", so stale and overdue flags do not drift with the calendar.
TODAY = datetime(2026, 11, 24, tzinfo=UTC)
os.environ["SOURCE_DATE_EPOCH"] = str(int(TODAY.timestamp()))
os.environ["NO_MKDOCS_2_WARNING"] = "1"
os.environ.pop("PLAYBOOK_CITY", None)
# The plugin's output cache lives in the user's cache folder; tests keep theirs apart.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="playbook-test-cache-")


@dataclass
class Site:
    root: Path

    def html(self, url: str) -> BeautifulSoup:
        path = self.root / url.strip("/") / "index.html" if not url.endswith(".html") else self.root / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def pages(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.html") if p.name != "404.html")


def make_project(tmp: Path, city: Path = EXAMPLE, slug: str = "test-city") -> Path:
    """A minimal repository: the project's mkdocs.yml and one city, in `tmp`."""
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text().replace("city_config/northbridge", f"city_config/{slug}")
    (tmp / "mkdocs.yml").write_text(config)
    shutil.copytree(city, tmp / "city_config" / slug)
    return tmp


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def mkdocs(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mkdocs", "build", *args], project, env)


def validate(project: Path, slug: str = "test-city", *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "city_playbook", "validate", f"city_config/{slug}", *args], project)


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text()) or {}


def edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = load_yaml(path)
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example city, built once with `mkdocs build --strict`."""
    project = make_project(tmp_path_factory.mktemp("example"))
    result = mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    return Site(project / "site")


# Figures the browser tests report (pages checked, violations, requests, payloads), printed
# at the end of every run whatever pytest's capture settings. They travel as user
# properties of the test reports, so they reach the summary from pytest-xdist's workers too.
REPORT: dict[str, str] = {}


class _Figures:
    def __init__(self, record: Callable[[str, object], None]) -> None:
        self.record = record

    def __setitem__(self, key: str, value: str) -> None:
        self.record(f"playbook figure: {key}", value)


@pytest.fixture
def report(record_property: Callable[[str, object], None]) -> _Figures:
    return _Figures(record_property)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name.startswith("playbook figure: "):
            REPORT[name.removeprefix("playbook figure: ")] = str(value)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REPORT:
        terminalreporter.section("playbook figures")
        for key, value in REPORT.items():
            terminalreporter.write_line(f"{key}: {value}")
