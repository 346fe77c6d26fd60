"""Shared fixtures: real MkDocs builds of real city folders, in temporary directories."""

from __future__ import annotations

import importlib.util
import json
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


_BUILT: dict[str, Site] = {}


def example_built_with(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example city, built once per engine (and test process) with --strict."""
    if engine not in _BUILT:
        project = make_project(tmp_path_factory.mktemp(f"example-{engine}"))
        replay_history(project)  # the example's commits in this repository, so the site shows its history
        result = build(project, engine, "--strict")
        assert result.returncode == 0, result.stdout + result.stderr
        _BUILT[engine] = Site(project / "site", engine)
    return _BUILT[engine]


@pytest.fixture(scope="session", params=ENGINES)
def example_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example city built with each engine."""
    return example_built_with(request.param, tmp_path_factory)


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
    uploaded to shards/shard-<name>/ as the artifact steps do) and its merge step."""
    project = make_project(tmp_path_factory.mktemp("portfolio"), slug="harbour")
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
