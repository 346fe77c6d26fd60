"""History benchmarks: a synthetic city with N commits, read from git and built with MkDocs.

    python benchmarks/history.py                 # 250, 500 and 1,000 commits; about 5 minutes
    python benchmarks/history.py --commits 1000 --rounds 1

For each size it writes, in a temporary folder, a git repository holding the example city and
N commits that each change one fact (a status, a due date, an owner, a risk's status, an
indicator's latest value) or only reformat a file, with git fast-import. It then measures:

- **readers**: reading every revision of the tracked files (the commit list and each blob's
  bytes) with the git command (`git log --raw` + one `git cat-file --batch`, what the playbook
  uses), with dulwich and with pygit2, when those are installed. Wall time and CPU time
  (this process's and its children's), median of the rounds.
- **builds**: `mkdocs build` (output cache off) of the city outside git (no history), in git
  with an empty history cache (the first build on a machine), and in git with the cache
  filled (every later build). Wall and CPU time, median of the rounds, and the ratios to the
  build without history.

The machine is shared: read the CPU times and the ratios, not single wall-clock figures.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "city_config" / "northbridge"
sys.path.insert(0, str(ROOT / "plugins"))

from city_playbook.core import changes, history  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
STATUSES = ("not-started", "planned", "in-progress")


def synthetic_repo(out: Path, commits: int) -> Path:
    """A project (mkdocs.yml, docs/, the city) in git with `commits` commits after the first."""
    out.mkdir(parents=True)
    (out / "docs").mkdir()
    config = (ROOT / "mkdocs.yml").read_text().replace(
        "city: !ENV [PLAYBOOK_CITY, city_config/northbridge]",
        "city: city_config/northbridge\n      cache: false")
    (out / "mkdocs.yml").write_text(config)
    files = {p.name: p.read_text() for p in sorted(EXAMPLE.glob("*.yml"))}
    ids = [rid for rid, status in re.findall(r"^([A-D][0-9]*\.[a-z0-9-]+):\n  status: ([a-z-]+)",
                                             files["commitments.yml"], re.M) if status in STATUSES]
    stream: list[bytes] = []

    def commit(n: int, changed: dict[str, str]) -> None:
        stream.append(f"commit refs/heads/main\ncommitter Editor <e@city.test> {1767225600 + n * 3600} +0000\n"
                      f"data 9\ncommit {n % 10}\n".encode())
        for name, text in changed.items():
            raw = text.encode()
            stream.append(f"M 100644 inline city_config/northbridge/{name}\ndata {len(raw)}\n".encode() + raw + b"\n")

    commit(0, files)
    for n in range(1, commits + 1):
        rid = ids[n % len(ids)]
        text = files["commitments.yml"]
        if n % 10 == 9:  # a reformat: trailing comment lines, no change of any fact
            files["commitments.yml"] = text + f"# reformatted {n}\n"
        elif n % 10 == 7:  # a risk's status
            files["risks.yml"] = files["risks.yml"].replace("status: mitigating", "status: open", 1) \
                if "status: mitigating" in files["risks.yml"] else files["risks.yml"].replace(
                    "status: open", "status: mitigating", 1)
        else:  # the next status of one recommendation (never done, which wants evidence)
            block = re.search(rf"^{re.escape(rid)}:\n  status: ([a-z-]+)", text, re.M)
            assert block
            new = STATUSES[(STATUSES.index(block.group(1)) + 1) % len(STATUSES)]
            files["commitments.yml"] = text[:block.start(1)] + new + text[block.end(1):]
        changed = {k: v for k, v in files.items() if k in ("commitments.yml", "risks.yml")}
        commit(n, changed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=ENV)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=out, input=b"".join(stream), check=True, env=ENV)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True, env=ENV)
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(work: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median wall and CPU seconds (this process and the processes it started)."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu, child = time.perf_counter(), time.process_time(), _children_cpu()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu + _children_cpu() - child)
    return statistics.median(walls), statistics.median(cpus)


def read_with_git(city: Path) -> int:
    found = history.log(city, changes.TRACKED)
    return len(history.blobs(city, sorted({b for r in found.revisions for b in r.files.values() if b})))


def read_with_dulwich(city: Path) -> int:
    from dulwich.repo import Repo

    repo = Repo(str(city.parents[1]))
    prefix = b"city_config/northbridge/"
    seen: dict[bytes, bytes] = {}
    commit = repo[repo.head()]
    while True:
        tree = repo[commit.tree]
        for name in changes.TRACKED:
            try:
                _, blob = tree.lookup_path(repo.object_store.__getitem__, prefix + name.encode())
            except KeyError:
                continue
            if blob not in seen:
                seen[blob] = repo[blob].data
        if not commit.parents:
            return len(seen)
        commit = repo[commit.parents[0]]


def read_with_pygit2(city: Path) -> int:
    import pygit2

    repo = pygit2.Repository(str(city.parents[1]))
    seen: dict[str, bytes] = {}
    commit = repo.head.peel(pygit2.Commit)
    while True:
        for name in changes.TRACKED:
            try:
                entry = commit.tree[f"city_config/northbridge/{name}"]
            except KeyError:
                continue
            if str(entry.id) not in seen:
                seen[str(entry.id)] = repo[entry.id].data
        if not commit.parents:
            return len(seen)
        commit = commit.parents[0]


def build(project: Path, cache: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True,
                          env={**ENV, "XDG_CACHE_HOME": str(cache)}, check=False)
    assert done.returncode == 0, done.stderr.decode()


def _size(base: Path, n: int, rounds: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The readers' table rows for a repository of `n` commits, and its first and later builds."""
    project = synthetic_repo(base / f"repo-{n}", n)
    city = project / "city_config" / "northbridge"
    for reader in (read_with_git, read_with_dulwich, read_with_pygit2):
        try:
            wall, cpu = measure(lambda reader=reader: reader(city), rounds)
        except ImportError:
            continue
        print(f"| {n} | {reader.__name__.removeprefix('read_with_')} | {wall:.3f} | {cpu:.3f} |")
    fresh = iter(range(rounds))
    cold = measure(lambda: build(project, base / f"cache-cold-{n}-{next(fresh)}"), rounds)
    build(project, base / f"cache-warm-{n}")
    warm = measure(lambda: build(project, base / f"cache-warm-{n}"), rounds)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, nargs="*", default=[250, 500, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="playbook-history-") as tmp:
        base = Path(tmp)
        plain = base / "plain"
        shutil.copytree(synthetic_repo(base / "seed", 0), plain, ignore=shutil.ignore_patterns(".git"))
        no_history = measure(lambda: build(plain, base / "cache-plain"), args.rounds)
        print(f"build without history: wall {no_history[0]:.2f} s, CPU {no_history[1]:.2f} s")
        print("\n| commits | reader | wall (s) | CPU (s) |\n| --- | --- | --- | --- |")
        rows = []
        for n in args.commits:
            rows.append((n, *_size(base, n, args.rounds)))
        print("\n| commits | first build wall / CPU (s) | ratio | later builds wall / CPU (s) | ratio |\n"
              "| --- | --- | --- | --- | --- |")
        for n, cold, warm in rows:
            print(f"| {n} | {cold[0]:.2f} / {cold[1]:.2f} | {cold[1] / no_history[1]:.2f} | "
                  f"{warm[0]:.2f} / {warm[1]:.2f} | {warm[1] / no_history[1]:.2f} |")


if __name__ == "__main__":
    main()
