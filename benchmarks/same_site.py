"""Are two commits' sites byte-identical? Builds the example cities at both and compares.

A refactoring (issue 17's move into subpackages, for one) must not change one byte of what
a city publishes. This builds city_config/northbridge and city_config/valdore with
`mkdocs build --strict` from each commit's own tree (extracted with `git archive`, so
neither the working tree nor another branch leaks in), with a fixed SOURCE_DATE_EPOCH and
a fresh cache, and lists every file that differs:

    python benchmarks/same_site.py main arch          # exit 0 when every file is the same
    python benchmarks/same_site.py main --keep /tmp/x # keep the trees for a closer look

A second argument `WORKTREE` (the default) means the files as they are now, uncommitted
changes included. Run it in the project's virtual environment: the installed libraries
are the same for both builds, only the project's code and files differ.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITIES = ("northbridge", "valdore")
EPOCH = 1795478400  # 2026-11-24, the benchmarks' date: the example's dates raise no warning
WORKTREE = "WORKTREE"


def extract(commit: str, into: Path) -> Path:
    """The commit's files (or the working tree's, for WORKTREE) in `into`."""
    into.mkdir(parents=True)
    if commit == WORKTREE:
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                                check=True, capture_output=True).stdout.decode().split("\0")
        for name in filter(None, listed):
            if (ROOT / name).is_file():
                (into / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, into / name)
        return into
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def plugin_entry_point(tree: Path, shadow: Path) -> None:
    """Make MkDocs find the plugin where `tree`'s pyproject says it lives.

    MkDocs finds plugins by entry point, read from installed metadata; the installed one
    names the current layout's module. A distribution of the same name earlier on
    sys.path wins (importlib.metadata keeps the first of each name), so a dist-info with
    this tree's entry points, put on PYTHONPATH beside the tree's code, is the one used.
    """
    project = tomllib.loads((tree / "pyproject.toml").read_text())["project"]
    info = shadow / f"city_playbook-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: city-playbook\nVersion: {project['version']}\n")
    lines = [f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
             for group, points in project.get("entry-points", {}).items()]
    lines.append("[console_scripts]\n" + "".join(f"{n} = {t}\n" for n, t in project["scripts"].items()))
    (info / "entry_points.txt").write_text("\n".join(lines))


def environment(tree: Path, city: str, work: Path) -> dict[str, str]:
    """The environment in which MkDocs builds `city` with `tree`'s code (not the installed
    one), a fixed date and hash seed, and a cache folder of its own under `work`."""
    shadow = work / "shadow"
    if not shadow.exists():
        plugin_entry_point(tree, shadow)
    return {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1",
            "PLAYBOOK_CITY": f"city_config/{city}", "PLAYBOOK_SITE_URL": f"https://playbook.example/{city}/",
            "XDG_CACHE_HOME": str(work / "cache"), "PYTHONHASHSEED": "0",
            "PYTHONPATH": os.pathsep.join([str(shadow), str(tree / "plugins")])}


def build(tree: Path, city: str, work: Path) -> dict[str, str]:
    """Every file of the city's site, by path, as a SHA-256."""
    site = work / f"site-{city}"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=tree, env=environment(tree, city, work), capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{city} did not build at {tree}:\n{done.stderr}")
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a commit (branch, tag, id)")
    parser.add_argument("after", nargs="?", default=WORKTREE, help=f"a commit, or {WORKTREE} (default)")
    parser.add_argument("--keep", type=Path, help="build in this new folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="same-site-"))
    differences = 0
    try:
        sites = {}
        for label, commit in (("before", args.before), ("after", args.after)):
            tree = extract(commit, work / label / "tree")
            sites[label] = {city: build(tree, city, work / label) for city in CITIES}
        for city in CITIES:
            before, after = sites["before"][city], sites["after"][city]
            changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
            differences += len(changed)
            print(f"{city}: {len(before)} files before, {len(after)} after, {len(changed)} differ")
            for path in changed[:20]:
                state = "only before" if path not in after else "only after" if path not in before else "changed"
                print(f"  {path}: {state}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
