"""Portfolios of many cities: does a city cost the same at 10, 100 and 500 cities?

For each N, N synthetic cities (the example, each with its own name and a different share
of its commitments done) are generated into a temporary folder, never committed, and built
with `city-playbook build-all --jobs <cores>` with the output cache off, so every city is
built in full. Reported: wall and CPU time (user + system, of build-all and its workers)
per city, the peak memory of the largest process, and the portfolio index's own cost
(measured apart: `city-playbook merge` of the built output into a new folder, which links
the cities' files and builds the portfolio). For the smallest N it also compares
`build-all --jobs 1` with a loop of plain MkDocs builds, in one process, of the projects
`city-playbook export` writes for the same cities (the cost build-all adds over MkDocs).

The machine these figures come from is shared and loaded: CPU time is steadier than wall
time there, and both are printed.

    python benchmarks/portfolio_scale.py --cities 10,100 [--ratio-cities 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_city  # noqa: E402
from run import PY, ROOT, environment  # noqa: E402

WRAPPER = (  # one command alone: wall, CPU of it and its children, largest peak RSS, its output
    "import json,resource,subprocess,sys,time\n"
    "t=time.perf_counter()\n"
    "r=subprocess.run(sys.argv[1:],capture_output=True,text=True)\n"
    "w=time.perf_counter()-t\n"
    "u=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc':r.returncode,'wall':w,'cpu':u.ru_utime+u.ru_stime,"
    "'rss_mb':u.ru_maxrss/1024,'out':r.stdout[-3000:],'err':r.stderr[-3000:]}))\n"
)
PLAIN_LOOP = (  # plain MkDocs builds of exported projects, one after another in one process
    "import sys\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "for config in sys.argv[1:]:\n"
    "    build(load_config(config_file=config))\n"
)


def measure(args: list[str], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([PY, "-c", WRAPPER, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["rc"] not in (0,):
        raise RuntimeError(f"{' '.join(args)} failed:\n{result['out']}\n{result['err']}")
    return result


def portfolio_repo(folder: Path, n: int) -> Path:
    """N cities whose progress differs: city i has i % 7 of its done items set back to planned."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text().replace("      city: !ENV", "      cache: false\n      city: !ENV")
    (folder / "mkdocs.yml").write_text(config)
    for i in range(1, n + 1):
        city = gen_city.generate(folder / "city_config" / f"city-{i:03d}", 1, name=f"Synthetic City {i:03d}")
        commitments = city / "commitments.yml"
        commitments.write_text(commitments.read_text().replace("status: done", "status: planned", i % 7))
    return folder


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def scale_run(work: Path, n: int, jobs: int, env: dict[str, str]) -> dict[str, Any]:
    repo = portfolio_repo(work / f"portfolio-{n}", n)
    built = measure([PY, "-m", "city_playbook", "build-all", "--jobs", str(jobs)], repo, env)
    index_line = re.search(r"ok      portfolio  ([0-9.]+) s", built["out"])
    merged = measure([PY, "-m", "city_playbook", "merge", "site", "--site-dir", "merged"], repo, env)
    site = repo / "site"
    pages = sum(1 for p in site.rglob("*.html") if p.relative_to(site).parts[0] in ("order", "recommendations")
                or p.parent == site)
    home = (site / "index.html").stat().st_size
    comparison = (site / "recommendations" / "b8-a" / "index.html").stat().st_size
    data = {name: (site / "data" / name).stat().st_size for name in ("portfolio.json", "commitments.csv")}
    return {"cities": n, "jobs": jobs, "wall": built["wall"], "cpu": built["cpu"], "rss_mb": built["rss_mb"],
            "index_wall_in_build_all": float(index_line.group(1)) if index_line else None,
            "index_wall": merged["wall"], "index_cpu": merged["cpu"], "index_rss_mb": merged["rss_mb"],
            "portfolio_pages": pages, "home_bytes": home, "comparison_bytes": comparison, "data_bytes": data}


def ratio_run(work: Path, n: int, env: dict[str, str]) -> dict[str, Any]:
    repo = work / f"portfolio-{n}"
    if not repo.is_dir():
        repo = portfolio_repo(repo, n)
    shutil.rmtree(repo / "site", ignore_errors=True)
    build_all = measure([PY, "-m", "city_playbook", "build-all", "--jobs", "1"], repo, env)
    configs = []
    for city in sorted((repo / "city_config").iterdir()):
        out = work / "exports" / city.name
        subprocess.run([PY, "-m", "city_playbook", "export", str(out)], cwd=repo, check=True, capture_output=True,
                       env={**env, "PLAYBOOK_CITY": f"city_config/{city.name}"})
        configs.append(str(out / "mkdocs.yml"))
    plain = measure([PY, "-c", PLAIN_LOOP, *configs], repo, env)
    return {"cities": n, "build_all_jobs1_wall": build_all["wall"], "build_all_jobs1_cpu": build_all["cpu"],
            "plain_loop_wall": plain["wall"], "plain_loop_cpu": plain["cpu"],
            "ratio_cpu": build_all["cpu"] / plain["cpu"], "ratio_wall": build_all["wall"] / plain["wall"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", default="10,100", help="comma-separated portfolio sizes")
    parser.add_argument("--ratio-cities", type=int, default=10,
                        help="size of the build-all / plain loop comparison; 0 skips it")
    parser.add_argument("--keep", type=Path, help="build here and keep it, instead of a temporary folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="playbook-portfolio-bench-"))
    env = environment(XDG_CACHE_HOME=str(work / "cache"))
    jobs = cores()
    results: dict[str, Any] = {"cores": jobs, "scale": [], "ratio": None}
    try:
        for n in (int(x) for x in args.cities.split(",")):
            row = scale_run(work, n, jobs, env)
            results["scale"].append(row)
            print(f"N={n:4d} jobs={jobs}: {row['wall'] / n:.2f} s wall, {row['cpu'] / n:.2f} s CPU per city; "
                  f"peak {row['rss_mb']:.0f} MB; index {row['index_wall']:.1f} s wall, {row['index_cpu']:.1f} s CPU "
                  f"({row['index_cpu'] / n * 1000:.0f} ms CPU per city), peak {row['index_rss_mb']:.0f} MB; "
                  f"home {row['home_bytes'] / 1024:.0f} KiB, comparison page {row['comparison_bytes'] / 1024:.0f} KiB",
                  flush=True)
        if args.ratio_cities:
            results["ratio"] = ratio = ratio_run(work, args.ratio_cities, env)
            print(f"N={ratio['cities']} build-all --jobs 1 / plain MkDocs loop in one process: "
                  f"{ratio['ratio_cpu']:.2f} in CPU time, {ratio['ratio_wall']:.2f} in wall time", flush=True)
        print(json.dumps(results, indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
