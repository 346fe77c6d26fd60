"""What the tests share besides fixtures (those are in conftest.py): the project's paths, the
pinned "today", real builds of real city folders in temporary directories, and the sites,
portfolios and served sites the fixtures hand to the tests. Test files import it by name
(`from support import ...`), as they import browser.py."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import pickle
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "city_config" / "northbridge"
CATALOG = ROOT / "content"
# Every test sees the same "today" (conftest.py gives it to the builds as SOURCE_DATE_EPOCH),
# so stale and overdue flags do not drift with the calendar.
TODAY = datetime(2026, 11, 24, tzinfo=UTC)

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


def mkdocs_here(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` run in this process, in `project`: the real command (MkDocs' own click
    command, the plugin and the theme), without the second or two a new Python process spends
    importing them. For the many builds that only read what the command prints and how it
    ends; tests that must prove the exit code and the absence of a traceback of a real
    process keep `mkdocs()` (test_broken_configs.py checks that both print the same)."""
    from mkdocs.__main__ import cli

    return command_here(cli, project, "build", *args)


def command_here(command: click.Command, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A click command run in this process, in `project`, as a new process would run it: any
    exception but SystemExit fails the test with its traceback (a process would print it),
    and what MkDocs' command adds to the process's logging (a handler on the "mkdocs"
    logger and a filter that drops messages it logged before, on every call) is taken away
    again, so that one build cannot hide the messages of the next."""
    loggers = [logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")]
    saved = [(log.handlers[:], log.filters[:], log.level, log.propagate) for log in loggers]
    try:
        with contextlib.chdir(project), warnings.catch_warnings():
            result = CliRunner().invoke(command, list(args))
    finally:
        for log, (handlers, filters, level, propagate) in zip(loggers, saved, strict=True):
            log.handlers[:], log.filters[:], log.propagate = handlers, filters, propagate
            log.setLevel(level)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["(in this process)", *args], result.exit_code, result.stdout, result.stderr)


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


BILINGUAL = ROOT / "city_config" / "valdore"


def bilingual_built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Valdoré, the bilingual example (French first, English under /en/), built once per test
    run by MkDocs with --strict."""
    def make(folder: Path) -> None:
        result = mkdocs(make_project(folder, BILINGUAL), "--strict")
        assert result.returncode == 0, result.stderr

    return Site(shared("bilingual", tmp_path_factory, make)[0] / "site")


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
