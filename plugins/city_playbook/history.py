"""The city's past, read from git: the date it last published, and its files at each commit.

Core module: no MkDocs import. Git is run as a command (`git log`, `git cat-file --batch`)
rather than through a library; benchmarks/README.md has the measurement behind that choice.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from .output import build_date

Basis = Literal["commit", "build"]


@dataclass(frozen=True)
class Published:
    """The day statuses are judged on (stale reviews, past due dates, editors' date warnings),
    and where it comes from.

    A city folder that git holds with no uncommitted change is judged as of its newest commit:
    that is when the city published what the site shows, so the same commit builds the same
    site on any later day, and a strict build does not start to fail a year after the last
    edit. Uncommitted edits (an editor at work) and folders outside git are judged as of the
    build date. SOURCE_DATE_EPOCH, when set, overrides both."""

    day: date
    basis: Basis
    commit: str | None = None
    """The newest commit that touched the folder, when git holds it (even with edits on top)."""
    clean: bool = False
    """True when the folder has no uncommitted change (its files are those of `commit`)."""


def git(folder: Path, *args: str) -> str | None:
    """Output of a git command run in `folder`, or None if git is missing or refuses (no repository)."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=120, check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def publication(folder: Path) -> Published:
    """When `folder` was last published (see Published)."""
    newest = git(folder, "log", "-1", "--format=%H %ct", "--", ".") if folder.is_dir() else None
    commit, _, when = (newest or "").strip().partition(" ")
    status = git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".") if commit else None
    clean = status == ""
    built = build_date()
    if clean:
        # A UTC day, as SOURCE_DATE_EPOCH gives, so the publishing workflow can pass the same
        # commit's time to MkDocs (the sitemap's dates) and both name the same day.
        committed = datetime.fromtimestamp(int(when), UTC).date()
        if built == committed or not os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
            return Published(committed, "commit", commit, clean=True)
    return Published(built, "build", commit or None, clean)
