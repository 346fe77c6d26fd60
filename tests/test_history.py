"""Dates and history from git: real repositories in tmp_path, built with MkDocs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import Site, make_project

GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@city.test", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@city.test", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, when: str | None = None) -> str:
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV, **dates})
    return done.stdout


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def init(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")


def build_on(project: Path, day: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` with the clock set to `day` (time-machine), and no SOURCE_DATE_EPOCH, so
    the build judges dates as an editor's or CI's build would on that day."""
    code = (f"import sys, time_machine; time_machine.travel({day!r}, tick=False).start(); "
            f"from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', *{list(args)!r}]; cli()")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                          timeout=300, env=env)


def test_example_builds_strictly_for_years_and_keeps_its_flags(tmp_path: Path) -> None:
    """Committed as it is in this repository, the example passes `--strict` in 2031 and still
    shows both flags it exists to demonstrate, as of the date it was published. An uncommitted
    edit is judged as of the build date, so the same build then fails: the clock was moved."""
    project = make_project(tmp_path)
    init(project)
    commit(project, "Publish the example city", "2026-11-24T12:00:00+00:00")
    result = build_on(project, "2031-06-01", "--strict")
    assert result.returncode == 0, result.stderr
    site = Site(project / "site")
    flags = set()
    for page in site.pages():
        html = Site(page.parent).html(page.name)
        flags |= {f.get_text() for f in html.select(".pb-flag--warn")}
        as_of = html.select_one(".pb-as-of")
        assert as_of is not None, page
        assert as_of.get_text() == "Statuses as of 24 November 2026, the date of the city's last published change."
    assert {"past due date", "review overdue"} <= flags

    commitments = project / "city_config" / "test-city" / "commitments.yml"
    commitments.write_text(commitments.read_text() + "\n# an edit not yet committed\n")
    result = build_on(project, "2031-06-01", "--strict")
    assert result.returncode != 0
    assert "more than 365 days ago" in result.stderr
