"""Fixtures and hooks: real MkDocs builds of real city folders, made once per test run and
shared by the workers; the helpers they use are in support.py."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("support")  # its checks report their values, as a test's do

from support import (  # noqa: E402  (after the line above, or its asserts are not rewritten)
    BROWSER_ENGINES,
    ENGINES,
    FRENCH,
    TODAY,
    Portfolio,
    Served,
    Site,
    bilingual_built,
    edit_yaml,
    example_built_with,
    make_project,
    run_step,
    shared,
)

os.environ["SOURCE_DATE_EPOCH"] = str(int(TODAY.timestamp()))
os.environ["NO_MKDOCS_2_WARNING"] = "1"
os.environ.pop("PLAYBOOK_CITY", None)
# The plugin's output cache lives in the user's cache folder; tests keep theirs apart.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="playbook-test-cache-")


@pytest.fixture(scope="session", params=ENGINES)
def example_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example city built with each engine."""
    return example_built_with(request.param, tmp_path_factory)


# How pytest-xdist shares the tests between its workers (pyproject: --dist loadgroup). A
# file's tests go to one worker together, as its module-scoped fixtures (a build, a pool of
# builds) are made once per process; a file marked `spread` holds only session-wide fixtures
# built once per run (support.shared), so its tests go one by one to whichever worker is
# free, and the longest file no longer runs on one worker while the other waits.
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spread: the file's tests may run on different workers "
                                       "(it uses no module-scoped fixture that builds anything)")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not item.get_closest_marker("spread") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.path.name))


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


@pytest.fixture(scope="session")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    """Three cities (one broken) built as the portfolio workflow builds them: its list step,
    one shard step per matrix entry (each in a clean output folder, as on its own runner,
    uploaded to shards/shard-<name>/ as the artifact steps do) and its merge step. Built
    once per test run."""
    return shared("portfolio", tmp_path_factory, _build_portfolio)[1]


def _build_portfolio(folder: Path) -> Portfolio:
    project = make_project(folder, slug="harbour")
    cities = project / "city_config"
    shutil.copytree(cities / "harbour", cities / "riverside")
    edit_yaml(cities / "riverside" / "city.yml", lambda d: d.update(name="Riverside"))
    text = (cities / "riverside" / "commitments.yml").read_text()
    (cities / "riverside" / "commitments.yml").write_text(text.replace("status: done", "status: planned"))
    shutil.copytree(cities / "harbour", cities / "broken")
    text = (cities / "broken" / "commitments.yml").read_text()
    (cities / "broken" / "commitments.yml").write_text(text.replace("status: done", "status: finished", 1))

    steps = {}
    output = project / "github-output"
    steps["list"] = run_step("list", project, {"GITHUB_OUTPUT": str(output)})
    assert steps["list"].returncode == 0, steps["list"].stderr
    matrix = json.loads(output.read_text().strip().removeprefix("matrix="))
    for entry in matrix["include"]:
        steps[entry["name"]] = run_step("shard", project, {"SHARD": entry["shard"]})
        (project / "shards").mkdir(exist_ok=True)
        (project / "shard-out").rename(project / "shards" / f"shard-{entry['name']}")
    steps["merge"] = run_step("merge", project, {})
    return Portfolio(Site(project / "site"), project, steps, matrix)


# --- Browser checks (tests/browser.py has the helpers; tests/README.md says how to add one) ---

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium per test process, shared by every browser check; each check opens its
    own context (cookies, storage, viewport), which costs milliseconds, not a launch."""
    from browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _served(site: Site, urls: list[str], engine: str) -> Iterator[Served]:
    from browser import serve

    with serve(site.root) as base:
        yield Served(base, urls, engine, site)


@pytest.fixture(scope="session", params=BROWSER_ENGINES)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example built by each engine, on a local server, every page listed."""
    from browser import page_urls

    site = example_built_with(request.param, tmp_path_factory)
    yield from _served(site, page_urls(site.root), site.engine)


@pytest.fixture(scope="session", params=[*BROWSER_ENGINES, "portfolio", FRENCH])
def any_served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example built by each engine, and a portfolio (built with MkDocs; its own pages
    only, its cities being the example's pages again); and, built by MkDocs, the French pages
    of Valdoré, the bilingual example (its English pages, under /en/, come from the same
    templates as Northbridge's). Pages listed as browser.site_urls lists them."""
    from browser import site_urls

    if request.param == FRENCH:
        site = bilingual_built(tmp_path_factory)
        yield from _served(site, [u for u in site_urls(site.root) if not u.startswith("en/")], FRENCH)
    elif request.param == "portfolio":
        site = request.getfixturevalue("portfolio").site
        yield from _served(site, site_urls(site.root), "portfolio")
    else:
        site = example_built_with(request.param, tmp_path_factory)
        yield from _served(site, site_urls(site.root), site.engine)
