"""Shared fixtures: real MkDocs builds of real city folders, in temporary directories."""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from filelock import FileLock

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


# The engines a city can build with (city-playbook build --engine): every site test runs on
# each one's build of the example, and the browser tests on MkDocs' and Zensical's.
ENGINES = ("mkdocs", "properdocs", "zensical")


@dataclass
class Site:
    root: Path
    engine: str = "mkdocs"

    def search_index(self) -> str:
        """The index the theme's search downloads: MkDocs' search plugin and Zensical name it apart."""
        path = "search.json" if self.engine == "zensical" else "search/search_index.json"
        return (self.root / path).read_text(encoding="utf-8")

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


def build(project: Path, engine: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The project built with `engine`, as the README tells a city to build it."""
    require_engine(engine)
    if engine == "mkdocs":
        return mkdocs(project, *args)
    if engine == "properdocs":
        return run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", *args], project)
    return run([sys.executable, "-m", "city_playbook", "build", "--engine", engine, *args], project)


def require_engine(engine: str) -> None:
    """Skip where an engine is missing (pip install -e ".[test]" installs them all); in CI
    (PLAYBOOK_REQUIRE_ENGINES=1) a missing engine is a failure."""
    if importlib.util.find_spec(engine) is None:
        message = f"{engine} is not installed (pip install -e '.[test]'); its builds are not tested"
        if os.environ.get("PLAYBOOK_REQUIRE_ENGINES") == "1":
            pytest.fail(message)
        pytest.skip(message)


def validate(project: Path, slug: str = "test-city", *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "city_playbook", "validate", f"city_config/{slug}", *args], project)


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text()) or {}


def edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = load_yaml(path)
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@city.test", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@city.test", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def replay_history(project: Path, city: Path = EXAMPLE, slug: str = "test-city") -> int:
    """Make `project` a git repository holding the commits of this repository that changed
    the example city (its files and dates as they were), so the site shows its real history.
    Returns the number of commits (0 outside a full clone of this repository)."""
    found = run(["git", "log", "--first-parent", "--reverse", "--format=%H %cI", "--", "."], city)
    shallow = run(["git", "rev-parse", "--is-shallow-repository"], city).stdout.strip() == "true"
    if found.returncode or shallow:
        return 0
    folder = project / "city_config" / slug
    git = {**GIT_ENV}
    run(["git", "init", "-q", "-b", "main"], project, git)
    commits = found.stdout.split()
    for sha, when in zip(commits[::2], commits[1::2], strict=True):
        shutil.rmtree(folder)
        folder.mkdir()
        names = run(["git", "ls-tree", "--name-only", sha, "./"], city).stdout.split()
        for name in names:
            (folder / name).write_bytes(subprocess.run(["git", "show", f"{sha}:./{name}"], cwd=city,
                                                       capture_output=True, check=True).stdout)
        run(["git", "add", "-A"], project, git)
        run(["git", "commit", "-q", "-m", f"as {sha[:12]}"], project,
            {**git, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    shutil.copytree(city, folder, dirs_exist_ok=True)  # edits not yet committed here, as they are
    return len(commits) // 2


def shared(name: str, tmp_path_factory: pytest.TempPathFactory, make: Callable[[Path], object]) -> tuple[Path, object]:
    """A folder that `make` fills once per test run, whichever pytest-xdist worker asks for it
    first; the others wait for it, then reuse it (and what `make` returned, pickled beside it).
    It lives under the run's base temporary folder, which all workers share. Whoever uses it
    only reads it: it is the same folder for every test of the run."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # each worker's basetemp is <the run's>/popen-gwN
    folder = root / "shared" / name
    done = folder.with_name(f"{name}.done")  # beside the folder, so nothing is added inside it
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(folder.with_name(f"{name}.lock")):
        if not done.exists():  # a failed or skipped `make` leaves no mark: the next asker tries again
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            done.write_bytes(pickle.dumps(make(folder)))
    return folder, pickle.loads(done.read_bytes())


def example_built_with(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example city, built once per engine and test run with --strict."""
    require_engine(engine)

    def history(folder: Path) -> None:
        make_project(folder)
        replay_history(folder)  # the example's commits in this repository, so the site shows its history

    def make(folder: Path) -> None:
        project, _ = shared("example-history", tmp_path_factory, history)
        shutil.copytree(project, folder, symlinks=True, dirs_exist_ok=True)
        result = build(folder, engine, "--strict")
        assert result.returncode == 0, result.stdout + result.stderr

    return Site(shared(f"example-{engine}", tmp_path_factory, make)[0] / "site", engine)


@pytest.fixture(scope="session", params=ENGINES)
def example_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example city built with each engine."""
    return example_built_with(request.param, tmp_path_factory)


BILINGUAL = ROOT / "city_config" / "valdore"


def bilingual_built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Valdoré, the bilingual example (French first, English under /en/), built once per test
    run by MkDocs with --strict."""
    def make(folder: Path) -> None:
        result = mkdocs(make_project(folder, BILINGUAL), "--strict")
        assert result.returncode == 0, result.stderr

    return Site(shared("bilingual", tmp_path_factory, make)[0] / "site")


# How pytest-xdist shares the tests between its workers (pyproject: --dist loadgroup). A
# file's tests go to one worker together, as its module-scoped fixtures (a build, a pool of
# builds) are made once per process; a file marked `spread` holds only session-wide fixtures
# built once per run (shared() above), so its tests go one by one to whichever worker is
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


WORKFLOW = ROOT / ".github" / "workflows" / "portfolio.yml"


@dataclass
class Portfolio:
    site: Site
    project: Path
    steps: dict[str, subprocess.CompletedProcess[str]]
    matrix: dict


def workflow_step(step_id: str) -> tuple[dict, dict]:
    """(job, step) of the portfolio workflow whose step has this id."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("id") == step_id:
                return job, step
    raise KeyError(step_id)


def run_step(step_id: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A workflow step's `run:` command, in bash as GitHub runs it, with the workflow's env."""
    workflow_env = {k: str(v) for k, v in yaml.safe_load(WORKFLOW.read_text())["env"].items()}
    _, step = workflow_step(step_id)
    bin_dir = str(Path(sys.executable).parent)  # city-playbook, as `pip install .` puts it on PATH
    return subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **workflow_env, **env,
                                            "PATH": bin_dir + os.pathsep + os.environ["PATH"]})


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

FRENCH = "mkdocs, French pages"
# ProperDocs writes the same pages as MkDocs, byte for byte but for the generator tag
# (tests/test_engines.py); Zensical writes its own HTML, so it is checked in the browser too.
BROWSER_ENGINES = ["mkdocs", "zensical"]


@dataclass
class Served:
    """A built site on a local HTTP server: its address, its pages, and which site it is."""
    base: str
    urls: list[str]
    engine: str
    """The engine that built it, "portfolio" or FRENCH."""
    site: Site


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
