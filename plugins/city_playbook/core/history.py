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
    shallow: bool = False
    """True in a shallow clone, which has no history to show (part of the output cache's key,
    so that fetching the whole history shows it at the next build)."""


def git(folder: Path, *args: str) -> str | None:
    """Output of a git command run in `folder`, or None if git is missing or refuses (no repository)."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=120, check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _newest(folder: Path) -> tuple[str, str, bool]:
    """The newest commit that touched `folder`, its time (Unix seconds) and whether the folder
    has no uncommitted change; ("", "", False) when git does not hold it."""
    newest = git(folder, "log", "-1", "--format=%H %ct", "--", ".") if folder.is_dir() else None
    commit, _, when = (newest or "").strip().partition(" ")
    status = git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".") if commit else None
    return commit, when, status == ""


def commit_epoch(folder: Path) -> str | None:
    """A SOURCE_DATE_EPOCH for building `folder` alone: the time of its newest commit when git
    holds it with no change waiting, else None (the build date applies). build-all dates each
    city with it, as the publishing workflow does for one city, so that an unedited city is
    judged, and cached, as of its own publication whatever else the repository holds."""
    _, when, clean = _newest(folder)
    return when if clean and when.isdigit() else None


def publication(folder: Path) -> Published:
    """When `folder` was last published (see Published)."""
    commit, when, clean = _newest(folder)
    shallow = bool(commit) and (git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    built = build_date()
    if clean:
        # A UTC day, as SOURCE_DATE_EPOCH gives, so the publishing workflow can pass the same
        # commit's time to MkDocs (the sitemap's dates) and both name the same day.
        committed = datetime.fromtimestamp(int(when), UTC).date()
        if built == committed or not os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
            return Published(committed, "commit", commit, clean=True, shallow=shallow)
    return Published(built, "build", commit or None, clean, shallow)


@dataclass(frozen=True)
class Revision:
    """One commit that changed the folder: the blob id of each of `names` it changed (None
    where it deleted the file)."""

    commit: str
    day: date
    files: dict[str, str | None]


@dataclass(frozen=True)
class Log:
    """The folder's revisions, oldest first, or why there are none to read."""

    revisions: list[Revision]
    unavailable: Literal["not-git", "shallow"] | None = None


_DELETED = "0" * 40


def log(folder: Path, names: tuple[str, ...]) -> Log:
    """Every commit on the first-parent line of HEAD that changed one of `names` in `folder`.

    First parent: a change reaches the published branch when it is merged, so a merge is dated
    by the merge, and a side branch's work in progress is not history. Renames are not
    followed: a city file has a fixed name."""
    if git(folder, "rev-parse", "--is-inside-work-tree") is None:
        return Log([], "not-git")
    if (git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return Log([], "shallow")
    out = git(folder, "log", "--first-parent", "--reverse", "--no-renames", "--raw", "--no-abbrev",
              "--relative", "--format=%x1e%H %ct", "--", *names)
    revisions = []
    for record in (out or "").split("\x1e")[1:]:
        head, *lines = record.strip("\n").split("\n")
        commit, _, seconds = head.partition(" ")
        files: dict[str, str | None] = {}
        for line in lines:
            meta, _, path = line.partition("\t")
            if path in names:  # ":100644 100644 <old> <new> M"
                new = meta.split()[3]
                files[path] = None if new == _DELETED else new
        if files:
            revisions.append(Revision(commit, datetime.fromtimestamp(int(seconds), UTC).date(), files))
    return Log(revisions)


def blobs(folder: Path, ids: list[str]) -> dict[str, bytes]:
    """The bytes of each blob, all through one `git cat-file --batch`."""
    if not ids:
        return {}
    try:
        done = subprocess.run(["git", "-C", str(folder), "cat-file", "--batch"], input="\n".join(ids).encode() + b"\n",
                              capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    out, found, at = done.stdout, {}, 0
    while at < len(out):
        end = out.index(b"\n", at)
        blob, kind, *size = out[at:end].decode().split()
        at = end + 1
        if kind == "blob":
            length = int(size[0])
            found[blob] = out[at:at + length]
            at += length + 1
    return found
