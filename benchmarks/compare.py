"""Is the work tree slower than a commit? Instructions of the same builds at both.

A refactoring must not slow a build down, and a speed-up must show against where it
started. This counts, with valgrind's callgrind (a count does not move with the machine's
load, unlike a time on a shared machine), the instructions of

- **changed**: one `mkdocs build` of the example city in a new process with the output cache
  off (`cache: false`), so the plugin does its whole work, as for a city just edited;
- **unchanged**: one `mkdocs build` of the same city, unchanged since the last build (the
  output cache is used);
- **rebuild** (with `--rebuild`): one `mkdocs serve` rebuild after an edit of the city
  (`inprocess.py --serve` with 2 rounds minus 1 round);

at each side, built from that side's own tree (as `same_site.py` extracts it), and the plain
MkDocs build of the example's `city-playbook export` output, and prints the ratios:

    python benchmarks/compare.py 741514e            # the commit against the work tree
    python benchmarks/compare.py main speed --rebuild
    python benchmarks/compare.py 741514e --also main   # two commits against the work tree

Each side's compiled templates and output cache are filled by one uncounted build first.
About 4 minutes on 2 idle cores (8 with `--rebuild`); far longer on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import same_site  # noqa: E402

CITY = "northbridge"


def commands(tree: Path, work: Path, rebuild: bool) -> dict[str, tuple[list[str], dict[str, str], Path]]:
    """What to count at one side: name -> (command, environment, folder to run it in)."""
    env = same_site.environment(tree, CITY, work)
    changed = run.make_project(work / "changed", tree / "city_config" / CITY, slug=CITY, root=tree)
    unchanged = run.make_project(work / "unchanged", tree / "city_config" / CITY, slug=CITY, cache=True, root=tree)

    def build(project: Path) -> list[str]:
        return [run.PY, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(work / "site")]

    for project in (changed, unchanged):  # compiled templates, the output cache (its key holds the working folder)
        subprocess.run(build(project), env=env, cwd=project, check=True, capture_output=True)
    counted = {"changed": (build(changed), env, changed), "unchanged": (build(unchanged), env, unchanged)}
    if rebuild:
        for rounds in (1, 2):
            project = run.make_project(work / f"rebuild-{rounds}", tree / "city_config" / CITY, slug=CITY, root=tree)
            config = str(project / "mkdocs.yml")
            counted[f"rebuild {rounds}"] = ([run.PY, str(HERE / "inprocess.py"), "--playbook", config, "--plain",
                                             config, "--city", str(project / "city_config" / CITY), "--rounds",
                                             str(rounds), "--only", "playbook", "--serve"], env, project)
    return counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a commit (branch, tag, id)")
    parser.add_argument("after", nargs="?", default=same_site.WORKTREE,
                        help=f"a commit, or {same_site.WORKTREE} (default)")
    parser.add_argument("--also", action="append", default=[], metavar="COMMIT",
                        help="another commit to compare with `after` in the same run (repeatable)")
    parser.add_argument("--rebuild", action="store_true", help="also count a `mkdocs serve` rebuild")
    parser.add_argument("--json", type=Path, help="also write the counts to this file")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed")
    work = Path(tempfile.mkdtemp(prefix="compare-"))
    try:
        jobs: dict[tuple[str, str], tuple[list[str], dict[str, str], Path]] = {}
        sides = {commit: commit for commit in (args.before, *args.also)} | {"after": args.after}
        for label, commit in sides.items():
            tree = same_site.extract(commit, work / label / "tree")
            jobs |= {(label, name): job for name, job in commands(tree, work / label, args.rebuild).items()}
        export = work / "export"
        after_env = jobs[("after", "changed")][1]
        subprocess.run([run.PY, "-m", "city_playbook", "export", str(export), "-f", "mkdocs.yml"],
                       cwd=jobs[("after", "changed")][2], env=after_env, check=True, capture_output=True)
        jobs[("plain", "plain")] = ([run.PY, "-m", "mkdocs", "build", "-q", "-f", str(export / "mkdocs.yml"),
                                     "-d", str(work / "site-plain")], after_env, export)
        with ThreadPoolExecutor(max_workers=2) as pool:  # the counts do not depend on what else runs
            counts = dict(zip(jobs, pool.map(lambda job: run._instructions(job[0], job[1], job[2]),
                                             jobs.values()), strict=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    plain = counts[("plain", "plain")]
    figures = {label: {name: counts[(label, name)] for name in ("changed", "unchanged")} for label in sides}
    if args.rebuild:
        for label in figures:
            figures[label]["rebuild"] = counts[(label, "rebuild 2")] - counts[(label, "rebuild 1")]
    g = 1e9
    for commit in sides:
        if commit == "after":
            continue
        print(f"\nInstructions (callgrind), {commit} -> {args.after}; plain build of the export: {plain / g:.3f} G\n")
        print("| build | before G | after G | after / before | before / plain | after / plain |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name in figures[commit]:
            before, after = figures[commit][name], figures["after"][name]
            to_plain = (f"{before / plain:.3f} | {after / plain:.3f}" if name != "rebuild"
                        else "- | -")  # a rebuild is not comparable with a build in a new process
            print(f"| {name} | {before / g:.3f} | {after / g:.3f} | {after / before:.3f} | {to_plain} |")
    if args.json:
        args.json.write_text(json.dumps({"sides": sides, "plain": plain, **figures}, indent=2) + "\n",
                                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
