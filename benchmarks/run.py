"""Performance and scale of the city playbook, measured against plain MkDocs. One command:

    python benchmarks/run.py            # everything, 8-10 minutes on 2 cores
    python benchmarks/run.py --quick    # fewer runs and no 100x city, about 2 minutes
    python benchmarks/run.py --only overhead,steps
    python benchmarks/run.py --only instructions   # instruction counts (valgrind), ~6 minutes
    python benchmarks/run.py --only engines        # MkDocs, ProperDocs, Zensical side by side

prints every figure as Markdown tables and writes them, with the raw numbers, to
benchmarks/out/ (report.md, results.json, profile.txt). Every build is a real `mkdocs build`
in a new process, in a temporary project; generated cities are never written to the
repository. See benchmarks/README.md for what each figure means and the recorded results.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html
import itertools
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_city  # noqa: E402
import navsite  # noqa: E402

EXAMPLE = ROOT / "city_config" / "northbridge"
OUT = HERE / "out"
EPOCH = 1795478400  # 2026-11-24, the tests' "today": the example's dates raise no warning
PY = sys.executable
WRAPPER = (  # runs one command and reports its wall time, CPU time and peak memory alone
    "import json,resource,subprocess,sys,time\n"
    "t=time.perf_counter()\n"
    "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,text=True)\n"
    "w=time.perf_counter()-t\n"
    "u=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc':r.returncode,'wall':w,'cpu':u.ru_utime+u.ru_stime,"
    "'rss_mb':u.ru_maxrss/1024,'stderr':r.stderr[-4000:]}))\n"
)


# --- Helpers -------------------------------------------------------------------------------


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1", **extra}
    env.pop("PLAYBOOK_CITY", None)
    return env


def make_project(folder: Path, city: Path, slug: str = "city", cache: bool = False, root: Path = ROOT) -> Path:
    """The mkdocs.yml and docs/ of `root` (the repository) with one city, in `folder`. The
    plugin's output cache is off unless asked for, so that every build measures the plugin's
    full work."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(root / "docs", folder / "docs", dirs_exist_ok=True)
    config = (root / "mkdocs.yml").read_text().replace("city_config/northbridge", f"city_config/{slug}")
    if not cache:
        config = config.replace("      city: !ENV", "      cache: false\n      city: !ENV")
    (folder / "mkdocs.yml").write_text(config)
    target = folder / "city_config" / slug
    if target.resolve() != city.resolve():
        shutil.copytree(city, target, dirs_exist_ok=True)
    return folder


def measure(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Wall time, CPU time (user + system) and peak RSS of one command, on its own."""
    done = subprocess.run([PY, "-c", WRAPPER, *args], cwd=cwd, env=env or environment(),
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result['stderr']}")
    return result


def mkdocs_build(config: Path, site: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    return measure([PY, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], env=env)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


class Report:
    """Markdown tables, printed as they are made and kept for report.md."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.parts.append(text)

    def table(self, title: str, headers: list[str], rows: list[list[Any]], note: str = "") -> None:
        self.say(f"\n### {title}\n")
        self.say("| " + " | ".join(headers) + " |")
        self.say("|" + "|".join(" --- " for _ in headers) + "|")
        for row in rows:
            self.say("| " + " | ".join(str(c) for c in row) + " |")
        if note:
            self.say(f"\n{note}")


def site_stats(site: Path) -> dict[str, Any]:
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    largest = max(pages, key=lambda p: p.stat().st_size)
    index = (site / "index.html").read_text(encoding="utf-8")
    search = site / "search" / "search_index.json"
    return {"pages": len(pages), "html_bytes": sum(p.stat().st_size for p in pages),
            "largest": largest.parent.relative_to(site).as_posix() + "/",
            "largest_bytes": largest.stat().st_size,
            "nav_bytes": navsite.nav_bytes(index),
            "search_bytes": search.stat().st_size if search.exists() else 0}


def probe(city: Path, site: Path | None, repeats: int, profile: Path | None = None) -> dict[str, Any]:
    args = [PY, str(HERE / "probe.py"), "--city", str(city), "--repeats", str(repeats)]
    if site:
        args += ["--site", str(site)]
    if profile:
        args += ["--profile", str(profile)]
    done = subprocess.run(args, env=environment(), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def built_example(results: dict[str, Any]) -> Path | None:
    """The example's site built by the overhead section, if it ran."""
    site = results.get("_sites", {}).get("example")
    return Path(site) if site and Path(site).is_dir() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- 1. Overhead against plain MkDocs ----------------------------------------------------------


def overhead(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    runs = 7 if quick else 11
    project = make_project(work / "overhead", EXAMPLE)  # output cache off: the full work each time
    cached = make_project(work / "overhead-cached", EXAMPLE, cache=True)  # as an unchanged city
    export = work / "overhead-export"
    subprocess.run([PY, "-m", "city_playbook", "export", str(export), "-f", "mkdocs.yml"], cwd=project,
                   env=environment(), check=True, capture_output=True)
    sites = {name: work / f"overhead-site-{name}" for name in ("playbook", "cached", "plain", "cold")}
    fresh = work / "fresh-tmp"

    def playbook() -> dict[str, Any]:
        return mkdocs_build(project / "mkdocs.yml", sites["playbook"])

    def unchanged() -> dict[str, Any]:
        return mkdocs_build(cached / "mkdocs.yml", sites["cached"])

    def plain() -> dict[str, Any]:
        return mkdocs_build(export / "mkdocs.yml", sites["plain"])

    def cold() -> dict[str, Any]:  # as the very first build: no compiled templates kept yet
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        return mkdocs_build(project / "mkdocs.yml", sites["cold"], env=environment(TMPDIR=str(fresh)))

    builds: dict[str, Callable[[], dict[str, Any]]] = {"playbook": playbook, "cached": unchanged,
                                                       "plain": plain, "cold": cold}
    for build in builds.values():  # warm-up: file cache, compiled templates, the output cache
        build()
    times: dict[str, list[dict[str, Any]]] = {name: [] for name in builds}
    names = list(builds)
    for i in range(runs):  # alternated, each round in a rotated order
        for name in names[i % len(names):] + names[: i % len(names)]:
            times[name].append(builds[name]())

    rounds = 7 if quick else 15
    done = subprocess.run([PY, str(HERE / "inprocess.py"), "--playbook", str(project / "mkdocs.yml"),
                           "--plain", str(export / "mkdocs.yml"), "--city", str(project / "city_config" / "city"),
                           "--rounds", str(rounds)], env=environment(), capture_output=True, text=True, check=True)
    in_process = json.loads(done.stdout)
    warm = {name: {"wall": median([w for w, _ in ts]), "cpu": median([c for _, c in ts])}
            for name, ts in in_process["builds"].items()}
    hooks = median(in_process["hooks"])

    def html_pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    same_pages = html_pages(sites["playbook"]) == html_pages(sites["plain"])
    med = {name: {k: median([t[k] for t in ts]) for k in ("wall", "cpu", "rss_mb")}
           for name, ts in times.items()}
    pairs = [a["wall"] / b["wall"] for a, b in zip(times["playbook"], times["plain"], strict=True)]
    ratio = {"wall": med["playbook"]["wall"] / med["plain"]["wall"],
             "cpu": med["playbook"]["cpu"] / med["plain"]["cpu"],
             "cached_wall": med["cached"]["wall"] / med["plain"]["wall"],
             "cached_cpu": med["cached"]["cpu"] / med["plain"]["cpu"],
             "cold_wall": med["cold"]["wall"] / med["plain"]["wall"],
             "pairwise_wall_median": median(pairs),
             "best_wall": min(t["wall"] for t in times["playbook"]) / min(t["wall"] for t in times["plain"]),
             "best_cpu": min(t["cpu"] for t in times["playbook"]) / min(t["cpu"] for t in times["plain"]),
             "in_process_wall": warm["playbook"]["wall"] / warm["plain"]["wall"],
             "in_process_cpu": warm["playbook"]["cpu"] / warm["plain"]["cpu"],
             "in_process_paired_wall": median([a[0] / b[0] for a, b in zip(
                 in_process["builds"]["playbook"], in_process["builds"]["plain"], strict=True)]),
             "in_process_hooks": (warm["plain"]["wall"] + hooks) / warm["plain"]["wall"]}
    results["overhead"] = {"runs": runs, "median": med, "ratio": ratio, "same_pages": same_pages,
                           "in_process": {"rounds": rounds, "median": warm, "hooks_s": hooks},
                           "pages": len(html_pages(sites["plain"])),
                           "raw": {n: [(t["wall"], t["cpu"]) for t in ts] for n, ts in times.items()}}
    rows = [["playbook, unchanged city (output cache hit)", f"{med['cached']['wall']:.2f}",
             f"{med['cached']['cpu']:.2f}", f"{med['cached']['rss_mb']:.0f}", ""],
            ["playbook, changed city (full plugin work, `cache: false`)", f"{med['playbook']['wall']:.2f}",
             f"{med['playbook']['cpu']:.2f}", f"{med['playbook']['rss_mb']:.0f}", ""],
            ["plain MkDocs, `city-playbook export` output", f"{med['plain']['wall']:.2f}",
             f"{med['plain']['cpu']:.2f}", f"{med['plain']['rss_mb']:.0f}", ""],
            ["playbook, first build on a machine (no caches)", f"{med['cold']['wall']:.2f}",
             f"{med['cold']['cpu']:.2f}", f"{med['cold']['rss_mb']:.0f}", ""],
            ["in one long-lived process (`mkdocs serve`, a build-all worker): playbook, changed city",
             f"{warm['playbook']['wall']:.2f}", f"{warm['playbook']['cpu']:.2f}", "-", ""],
            ["in the same process: plain MkDocs, `city-playbook export` output",
             f"{warm['plain']['wall']:.2f}", f"{warm['plain']['cpu']:.2f}", "-", ""]]
    r.table(f"Overhead: example city, median of {runs} alternated runs",
            ["build", "wall s", "CPU s", "peak MB", ""], rows,
            f"**Ratio playbook / plain, unchanged city: {ratio['cached_wall']:.3f} (wall), "
            f"{ratio['cached_cpu']:.3f} (CPU); changed city: {ratio['wall']:.3f} (wall), "
            f"{ratio['cpu']:.3f} (CPU)**; changed city, "
            f"median of the {runs} paired wall ratios {ratio['pairwise_wall_median']:.3f}; best of "
            f"{runs}: {ratio['best_wall']:.3f} (wall), {ratio['best_cpu']:.3f} (CPU); first "
            f"build {ratio['cold_wall']:.3f}. **In one long-lived process, changed city: "
            f"{ratio['in_process_wall']:.3f} (wall), {ratio['in_process_cpu']:.3f} (CPU)**, median of "
            f"{rounds} alternated builds each (`benchmarks/inprocess.py`), median of the paired wall ratios "
            f"{ratio['in_process_paired_wall']:.3f}; time inside the plugin's hooks {ms(hooks)} ms a build, "
            f"which over the plain build is {ratio['in_process_hooks']:.3f}. Target: 1.05. Both sites have the same "
            f"{len(html_pages(sites['plain']))} HTML pages: {same_pages}.")
    results["_sites"] = {"example": str(sites["playbook"]), "example_project": str(project)}


def languages(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    """The cost of a second language: the example city in English alone and in English and
    French (each language its own MkDocs pass), each against a plain MkDocs build of its own
    export (one project per language, built one after the other)."""
    runs = 3 if quick else 5
    variants: dict[str, tuple[Path, list[Path]]] = {}
    for name, line in (("one language (en)", "language: en"), ("two languages (en, fr)", "languages: [en, fr]")):
        folder = work / ("languages-" + name.split()[0])
        project = make_project(folder / "project", EXAMPLE)
        city = project / "city_config" / "city" / "city.yml"
        city.write_text(city.read_text().replace("\nlanguage: en\n", f"\n{line}\n"))
        export = folder / "export"
        subprocess.run([PY, "-m", "city_playbook", "export", str(export), "-f", "mkdocs.yml"], cwd=project,
                       env=environment(), check=True, capture_output=True)
        variants[name] = (project, sorted(export.glob("**/mkdocs.yml"), key=lambda p: len(p.parts)))

    def playbook(name: str) -> dict[str, Any]:
        return mkdocs_build(variants[name][0] / "mkdocs.yml", work / "languages-site")

    def plain(name: str) -> dict[str, Any]:
        parts = [measure([PY, "-m", "mkdocs", "build", "-q", "-f", str(c)]) for c in variants[name][1]]
        return {k: sum(p[k] for p in parts) for k in ("wall", "cpu")}

    times: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for i in range(runs + 1):  # the first round warms up and is not counted
        for name in variants:
            for kind, build in (("playbook", playbook), ("plain", plain)):
                result = build(name)
                if i:
                    times.setdefault((name, kind), []).append(result)
    rows, found = [], {}
    for name in variants:
        med = {kind: {k: median([t[k] for t in times[name, kind]]) for k in ("wall", "cpu")}
               for kind in ("playbook", "plain")}
        ratio = {k: med["playbook"][k] / med["plain"][k] for k in ("wall", "cpu")}
        found[name] = {"median": med, "ratio": ratio}
        rows.append([name, f"{med['playbook']['wall']:.2f}", f"{med['playbook']['cpu']:.2f}",
                     f"{med['plain']['wall']:.2f}", f"{med['plain']['cpu']:.2f}",
                     f"{ratio['wall']:.3f}", f"{ratio['cpu']:.3f}"])
    results["languages"] = {"runs": runs, **found}
    r.table(f"A second language: the example city, median of {runs} rounds (output cache off)",
            ["site", "playbook wall s", "CPU s", "plain MkDocs wall s", "CPU s", "ratio wall", "ratio CPU"], rows,
            "Plain MkDocs builds the `city-playbook export` of each language, one project after the other. "
            "The ratio with two languages is to be compared with the ratio with one: a second language "
            "should cost what its own plain build costs, and no more.")


# --- 2. The plugin's own steps -------------------------------------------------------------------


def steps(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    site = built_example(results)
    if site is None:
        project = make_project(work / "steps", EXAMPLE)
        site = work / "steps-site"
        mkdocs_build(project / "mkdocs.yml", site)
    processes = 3 if quick else 7
    found = [probe(EXAMPLE, site, repeats=10 if quick else 30) for _ in range(processes)]
    cold = {k: median([f["cold"][k] for f in found]) for k in found[0]["cold"]}
    warm = {k: median([f["warm"][k] for f in found]) for k in found[0]["warm"]}
    prof = probe(EXAMPLE, site, 0, profile=OUT / "profile.txt")
    results["steps"] = {"cold": cold, "warm": warm, "profile": prof, "processes": processes}
    what = {"import": "the plugin's modules (pydantic, models, Jinja environment)",
            "load": "strict YAML of 23 catalog files and 8 city files (yamlsafe); warm: the 8 city "
                    "files (the catalog is reused; a rebuild parses only the files saved since)",
            "validate": "pydantic models and the catalog/city cross-checks",
            "resolve": "the city's choices applied to the catalog",
            "render": "Jinja templates to the Markdown of 31 pages",
            "data": "open data: JSON, CSV, JSON Schema",
            "csp": "Content-Security-Policy hook over every built page",
            "total": ""}
    rows = [[k, ms(cold[k]), f"{100 * cold[k] / cold['total']:.0f}%", ms(warm[k]) if k in warm else "-",
             what[k]] for k in cold]
    overhead_ms = ""
    if "overhead" in results:
        med = results["overhead"]["median"]
        overhead_ms = (f" The measured build-time difference (playbook - plain, wall) was "
                       f"{ms(med['playbook']['wall'] - med['plain']['wall'])} ms, CPU "
                       f"{ms(med['playbook']['cpu'] - med['plain']['cpu'])} ms.")
    r.table(f"Plugin steps, example city (median of {processes} fresh processes)",
            ["step", "cold ms (one `mkdocs build`)", "share", "warm ms (`mkdocs serve` rebuild)", "what"],
            rows, f"Cold: once, in a new process, after the modules MkDocs imports anyway.{overhead_ms}")
    total = prof["total"]
    rows = [[label, ms(t), f"{100 * t / total:.0f}%"] for label, t in prof["by_library"].items()]
    r.table("Profile of the cold plugin steps (cProfile self time by library)", ["where", "ms", "share"],
            rows, "Top functions by self time: " + "; ".join(
                f"`{name}` {ms(t)} ms" for name, t in prof["top_self"][:6])
            + ". cProfile slows Python code about 2-3x; shares, not absolute times, are the point. "
            "Full listing: benchmarks/out/profile.txt.")


# --- 3. Scale: 1x, 10x, 100x ---------------------------------------------------------------------


def scale(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    factors = (1, 10) if quick else (1, 10, 100)
    base = gen_city.example_counts()
    rows, timing_rows, site_rows = [], [], []
    found: dict[int, dict[str, Any]] = {}
    for k in factors:
        city = gen_city.generate(work / f"scale-{k}" / "city_config" / "city", k)
        project = make_project(work / f"scale-{k}", city)
        sizes = {p.name: p.stat().st_size for p in city.glob("*.yml")}
        runs = 1 if (quick or k >= 100) else 3
        builds = [mkdocs_build(project / "mkdocs.yml", work / f"scale-{k}-site") for _ in range(runs)]
        subprocess.run([PY, "-m", "city_playbook", "export", str(work / f"scale-{k}-export"), "-f",
                        "mkdocs.yml"], cwd=project, env=environment(), check=True, capture_output=True)
        plain = mkdocs_build(work / f"scale-{k}-export" / "mkdocs.yml", work / f"scale-{k}-plain")
        steps_k = probe(city, work / f"scale-{k}-site", repeats={1: 10, 10: 4}.get(k, 1))
        stats = site_stats(work / f"scale-{k}-site")
        items = 90 + (k - 1) * base["commitments"] + 3
        entries = items + k * (base["initiatives"] + base["indicators"] + base["risks"]
                               + base["roadmap_items"])
        found[k] = {"items": items, "entries": entries, "sizes": sizes, "steps": steps_k["warm"],
                    "cold": steps_k["cold"], "stats": stats,
                    "build": {m: median([b[m] for b in builds]) for m in ("wall", "cpu", "rss_mb")},
                    "plain": {m: plain[m] for m in ("wall", "cpu", "rss_mb")}}
    results["scale"] = found
    for k, f in found.items():
        b, p, s = f["build"], f["plain"], f["steps"]
        plugin = s["load"] + s["validate"] + s["resolve"] + s["render"] + s["data"]
        rows.append([f"{k}x", f"{f['items']:,}", f"{k * base['indicators']:,} / {k * base['risks']:,} / "
                     f"{k * base['initiatives']:,} / {k * base['roadmap_items']:,}",
                     f"{max(f['sizes'].values()) / 1024 / 1024:.2f}", f"{b['wall']:.1f}", f"{b['cpu']:.1f}",
                     f"{b['rss_mb']:.0f}", f"{p['wall']:.1f}", f"{p['rss_mb']:.0f}",
                     f"{b['cpu'] / p['cpu']:.2f}", f"{plugin:.2f}"])
        st = f["stats"]
        site_rows.append([f"{k}x", st["pages"], f"{st['html_bytes'] / 1e6:.1f}",
                          f"{st['largest']} {st['largest_bytes'] / 1e6:.2f}", kb(st["nav_bytes"]),
                          f"{st['search_bytes'] / 1e6:.2f}"])
    r.table("Scale: full builds of synthetic cities (the example grown k times)",
            ["city", "commitments", "indicators / risks / initiatives / roadmap items",
             "largest YAML file MiB (limit 5)", "build wall s", "build CPU s", "peak MB",
             "plain build wall s", "plain peak MB", "CPU ratio", "plugin steps s (warm)"], rows,
            "Plain: `mkdocs build` of the same city's `city-playbook export` output. "
            f"Builds: median of {1 if quick else 3} run(s) (100x: 1).")
    scales = list(found)
    for step in ("load", "validate", "resolve", "render", "data", "plugin steps", "mkdocs build (wall)",
                 "mkdocs build (CPU)", "plain build (CPU)", "peak memory (MB)"):
        def value(k: int, step: str = step) -> float:
            f = found[k]
            if step == "plugin steps":
                return sum(f["steps"][x] for x in ("load", "validate", "resolve", "render", "data"))
            if step.startswith("mkdocs build"):
                return f["build"]["wall" if "wall" in step else "cpu"]
            if step == "plain build (CPU)":
                return f["plain"]["cpu"]
            if step == "peak memory (MB)":
                return f["build"]["rss_mb"] / 1000  # shown as MB below, marginal as KB/entry
            return f["steps"][step]
        cells = [f"{value(k) * 1000:,.0f}" if value(k) >= 0.01 else f"{value(k) * 1000:.1f}" for k in scales]
        margins = []
        for a, b in itertools.pairwise(scales):
            extra = found[b]["entries"] - found[a]["entries"]
            margins.append(f"{1e6 * (value(b) - value(a)) / extra:,.1f}")
        timing_rows.append([step, *cells, *margins])
    headers = ["step", *(f"{k}x ms" for k in scales),
               *(f"{a}x→{b}x µs per added entry" for a, b in itertools.pairwise(scales))]
    r.table("Scale: cost of each step, and what each added city entry costs (linear = the same "
            "marginal cost at every scale)", headers, timing_rows,
            "Entries: " + ", ".join(f"{k}x {found[k]['entries']:,}" for k in scales) + " (commitments + "
            "initiatives + indicators + risks + roadmap items). Plugin steps: warm, in-process, median of "
            "repeats (10, 4, 1). The peak-memory row is in MB, and its marginal cost in KB per entry. The "
            "1x figures include the fixed cost of the catalog (23 files), hence the marginal columns.")
    r.table("Scale: the built site (city size grows page length, not page count)",
            ["city", "HTML pages", "HTML MB", "largest page MB", "navigation KB per page",
             "search index MB"], site_rows,
            "The page count is fixed by the standard's structure (one page per part), so "
            "mkdocs-material's navigation, written into every page, is the same size at every scale.")


# --- 4. Navigation: page count, not city size ----------------------------------------------


def navigation(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    counts = (36, 144) if quick else (36, 144, 576)
    rows, found = [], {}
    for pages in counts:
        for name, features in navsite.VARIANTS.items():
            if quick and name not in ("playbook (sections)", "tabs + sections + prune"):
                continue
            out = navsite.generate(work / f"nav-{pages}-{len(found)}", pages, features)
            build = mkdocs_build(out / "mkdocs.yml", out / "site")
            html_files = sorted((out / "site").rglob("*.html"))
            total = sum(p.stat().st_size for p in html_files)
            first = (out / "site" / "section-001" / "page-0001" / "index.html").read_text()
            found[f"{pages}/{name}"] = {"wall": build["wall"], "cpu": build["cpu"], "html_bytes": total,
                                        "nav_bytes": navsite.nav_bytes(first)}
            rows.append([pages, name, f"{build['cpu']:.1f}", f"{total / 1e6:.1f}",
                         kb(navsite.nav_bytes(first)), f"{1000 * build['cpu'] / pages:.0f}"])
            shutil.rmtree(out)
    results["navigation"] = found
    r.table("Navigation: a plain site with many pages (mkdocs-material writes the nav into every page)",
            ["pages", "theme features", "build CPU s", "HTML MB", "nav KB per page", "CPU ms per page"],
            rows, "Under navigation.sections every section is open, so navigation.prune has nothing "
            "to prune; with tabs (or collapsed sections) it keeps the nav per page small.")


# --- 5. Edit to preview under `mkdocs serve` -------------------------------------------------


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8")


SERVE_WRAPPER = (  # `mkdocs serve` with every log line stamped on the clock this process reads too
    "import logging,sys,time\n"
    "class Stamp(logging.Handler):\n"
    "    def emit(self, record):\n"
    "        sys.stderr.write(f'@{time.monotonic():.4f} {record.getMessage()}\\n'); sys.stderr.flush()\n"
    "logging.getLogger('mkdocs').addHandler(Stamp())\n"
    "sys.argv = ['mkdocs', 'serve', *sys.argv[1:]]\n"
    "from mkdocs.__main__ import cli\n"
    "cli()\n"
)
STAMP = re.compile(r"^@([0-9.]+) (.*)$", re.M)
STEPS = {"Detected file changes": "detected", "Building documentation...": "building",
         "Reloading browsers": "built"}


@contextlib.contextmanager
def serving(project: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as stream:
        server = subprocess.Popen([PY, "-c", SERVE_WRAPPER, "-a", f"127.0.0.1:{port}"], cwd=project,
                                  env=environment(), stdout=stream, stderr=subprocess.STDOUT)
        try:
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _stamps(log: Path, since: float) -> dict[str, float]:
    """When the server logged each step of the first rebuild after `since`."""
    found: dict[str, float] = {}
    for at, message in STAMP.findall(log.read_text(errors="replace")):
        step = STEPS.get(re.sub(r"^\[[0-9:]+\] ", "", message))  # livereload's lines start with [HH:MM:SS]
        if step and float(at) > since and step not in found:
            found[step] = float(at)
    return found


def edit_to_preview(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    """A save, then what a browser with the page open sees: MkDocs' livereload script waits
    on /livereload/<epoch>/<id> (answered when a rebuild is complete), then reloads the page."""
    edits = 3 if quick else 6
    rows, found = [], {}
    parts = ("watcher", "debounce", "rebuild", "reload")
    for k in (1, 10):
        city = gen_city.generate(work / f"serve-{k}" / "city_config" / "city", k)
        project = make_project(work / f"serve-{k}", city)
        commitments = city / "commitments.yml"
        text = commitments.read_text(encoding="utf-8")
        assert "\nB1.a:\n" in text
        commitments.write_text(text.replace("\nB1.a:\n", "\nB1.a:\n  note: benchmarkedit0\n", 1))
        port = free_port()
        log = work / f"serve-{k}.log"
        page = f"http://127.0.0.1:{port}/strategy-management/b1/"
        times: list[dict[str, float]] = []
        with serving(project, port, log) as server:
            deadline = time.monotonic() + 300
            while True:  # the first build
                with contextlib.suppress(OSError):
                    if "benchmarkedit0" in _fetch(page):
                        break
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"mkdocs serve did not start: {log.read_text()[-2000:]}")
                time.sleep(0.2)
            for n in range(1, edits + 1):
                time.sleep(1.5)  # let the server settle, as an editor would between saves
                script = re.search(r"livereload\((\d+), (\d+)\)", _fetch(page))
                assert script, "the page has no livereload script"
                waiting = ThreadPoolExecutor(max_workers=1)
                notified = waiting.submit(_fetch, f"http://127.0.0.1:{port}/livereload/{script[1]}/{script[2]}")
                time.sleep(0.2)  # the browser's request is waiting before the save
                text = commitments.read_text(encoding="utf-8")
                staged = commitments.with_suffix(".tmp")
                staged.write_text(text.replace(f"benchmarkedit{n - 1}\n", f"benchmarkedit{n}\n"))
                saved = time.monotonic()
                os.replace(staged, commitments)  # one save, as editors do
                notified.result(timeout=300)
                waiting.shutdown()
                shown = re.compile(rf"benchmarkedit{n}\b")
                while not shown.search(_fetch(page)):  # the reload
                    if time.monotonic() - saved > 300:
                        raise RuntimeError(f"the edit did not show: {log.read_text()[-2000:]}")
                    time.sleep(0.02)
                done = time.monotonic()
                stamp = _stamps(log, saved)
                times.append({"total": done - saved, "watcher": stamp["detected"] - saved,
                              "debounce": stamp["building"] - stamp["detected"],
                              "rebuild": stamp["built"] - stamp["building"], "reload": done - stamp["built"],
                              "load": os.getloadavg()[0]})
        found[k] = times
        totals = [t["total"] for t in times]
        rows.append([f"{k}x", len(times), f"{median(totals):.2f}", f"{min(totals):.2f} - {max(totals):.2f}",
                     *(f"{median([t[p] for t in times]):.3f}" for p in parts),
                     f"{min(t['load'] for t in times):.1f} - {max(t['load'] for t in times):.1f}"])
    results["edit_to_preview"] = found
    r.table("Edit to preview: save commitments.yml, until the reloaded page shows the change",
            ["city", "edits", "median s", "range s", "watcher s", "debounce s", "rebuild s", "reload s",
             "load average"], rows,
            "Medians of each part, from the server's own log lines stamped on the same clock: watcher "
            "= from the save to MkDocs' 'Detected file changes' (the watched files are polled every "
            "0.1 s); debounce = until 'Building documentation...' (MkDocs waits 0.1 s without another "
            "change); rebuild = until 'Reloading browsers'; reload = until the page, fetched again when "
            "the livereload request a browser keeps waiting is answered, shows the change.")


# --- 6. Portfolio: many cities with build-all ----------------------------------------------


def portfolio(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    counts = (1, 2, 4) if quick else (1, 2, 4, 8, 16)
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows, found = [], {}
    runs = [(n, jobs) for n in counts] + ([] if quick else [(4, 1)])
    for n, j in runs:
        repo = work / f"portfolio-{n}-{j}"
        (repo / "docs").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
        for i in range(1, n + 1):
            gen_city.generate(repo / "city_config" / f"city-{i:02d}", 1, name=f"Synthetic City {i:02d}")
        took = measure([PY, "-m", "city_playbook", "build-all", "--jobs", str(j)], cwd=repo)
        built = sum(1 for p in (repo / "site").iterdir() if (p / "index.html").is_file())
        found[f"{n}/{j}"] = {"cities": n, "jobs": j, "wall": took["wall"], "cpu": took["cpu"], "built": built}
        rows.append([n, j, built, f"{took['wall']:.1f}", f"{took['wall'] / n:.2f}",
                     f"{took['cpu'] / took['wall']:.2f}"])
        shutil.rmtree(repo)
    results["portfolio"] = found
    r.table(f"Portfolio: `city-playbook build-all` over N copies of the example ({jobs} CPUs)",
            ["cities N", "--jobs", "built", "total wall s", "wall s per city", "cores busy (CPU/wall)"],
            rows, "JOBS worker processes each import MkDocs and the playbook once and build their share of the "
            "cities in-process; --jobs defaults to the CPU count.")


# --- 7. Page weight --------------------------------------------------------------------------


ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"[^>]*>')


def first_view(site: Path, page: str = "index.html") -> list[Path]:
    """The files a browser fetches for a first visit to `page`: the page, its stylesheets,
    scripts, icon and images, and mkdocs-material's search worker and index, which it loads
    at start-up on any page that has the search form (checked with Chromium: 8 requests)."""
    text = (site / page).read_text(encoding="utf-8")
    base = (site / page).parent
    files = [site / page]
    for tag in re.finditer(r"<(?:link|script|img)\b[^>]*>", text):
        element = tag.group(0)
        if element.startswith("<link") and not re.search(r'rel="(?:stylesheet|icon|preload|modulepreload)"',
                                                         element):
            continue
        ref = re.search(r'\b(?:href|src)="([^"]+)"', element)
        if ref and not ref.group(1).startswith(("http:", "https:", "data:", "//", "#")):
            files.append((base / html.unescape(ref.group(1))).resolve())
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
    if config and 'name="search"' in text:
        worker = json.loads(config.group(1)).get("search")
        if worker:
            files.append((base / worker).resolve())
        files.append(site / "search" / "search_index.json")
    return files


def external(site: Path, page: str = "index.html") -> list[str]:
    text = (site / page).read_text(encoding="utf-8")
    return sorted({m.group(1) for m in ASSET.finditer(text) if m.group(1).startswith(("http", "//"))
                   and "rel=\"canonical\"" not in m.group(0)})


def weigh(files: list[Path]) -> tuple[int, int]:
    raw = gz = 0
    for f in files:
        data = f.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return raw, gz


def page_weight(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    ours = built_example(results)
    if ours is None:
        ours = work / "weight-site"
        mkdocs_build(make_project(work / "weight", EXAMPLE) / "mkdocs.yml", ours)
    default = work / "default-material"
    subprocess.run([PY, "-m", "mkdocs", "new", str(default)], env=environment(), check=True,
                   capture_output=True)
    (default / "mkdocs.yml").write_text("site_name: My Docs\ntheme:\n  name: material\n")
    mkdocs_build(default / "mkdocs.yml", default / "site")
    sites = [("playbook, example city", ours, "strategy-management/b1/index.html"),
             ("default mkdocs-material (`mkdocs new`)", default / "site", None)]
    for k in (10, 100):
        scaled = work / f"scale-{k}-site"
        if scaled.is_dir():
            sites.append((f"playbook, {k}x city", scaled, "strategy-management/b1/index.html"))
    rows, found = [], {}
    for name, site, second in sites:
        files = first_view(site)
        raw, gz = weigh(files)
        page_raw, page_gz = weigh(files[:1])
        search_raw, search_gz = weigh([f for f in files if f.name == "search_index.json"])
        next_raw, next_gz = weigh([site / second]) if second else (0, 0)
        outside = external(site)
        found[name] = {"first": [raw, gz], "html": [page_raw, page_gz], "search": [search_raw, search_gz],
                       "second": [next_raw, next_gz], "requests": len(files), "external": outside}
        rows.append([name, len(files), f"{kb(raw)} / {kb(gz)}", f"{kb(page_raw)} / {kb(page_gz)}",
                     f"{kb(search_raw)} / {kb(search_gz)}",
                     f"{kb(next_raw)} / {kb(next_gz)}" if second else "-",
                     f"{len(outside)} ({', '.join(sorted({u.split('/')[2] for u in outside}))})"
                     if outside else "0"])
    results["weight"] = found
    r.table("Page weight: what a citizen downloads (KiB, raw / gzip -6)",
            ["site", "requests (first view)", "first view", "of which the page's HTML",
             "of which search index", "next page (HTML only; rest cached)", "requests to other sites"],
            rows, "First view: the home page, its CSS, JS, icon, and the search worker and index that "
            "mkdocs-material fetches at start-up; read from the built HTML. Next page: the B1 part "
            "page. The default site's Google Fonts requests are not counted (no network here).")


# --- Main ------------------------------------------------------------------------------------


# --- 8. Instructions: the overhead without the machine's noise ---------------------------------


def _instructions(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> int:
    """Instructions one command executes, counted by valgrind's callgrind: the same count
    however busy the machine is (about 50 times slower than running it)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                          env=env or environment(), cwd=cwd, capture_output=True, text=True, check=True)
    return int(re.findall(r"Collected : (\d+)", done.stderr)[-1])


def instructions(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    if not shutil.which("valgrind"):
        r.say("\n(Instructions: skipped, valgrind is not installed.)")
        return
    copies = [make_project(work / f"instructions-{n}", EXAMPLE) for n in (1, 2)]  # edited in parallel
    export = work / "instructions-export"
    subprocess.run([PY, "-m", "city_playbook", "export", str(export), "-f", "mkdocs.yml"], cwd=copies[0],
                   env=environment(), check=True, capture_output=True)

    def single(config: Path) -> list[str]:
        return [PY, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(config.parent / "site-ir")]

    def in_process(which: str, rounds: int) -> list[str]:
        project = copies[rounds - 1]
        return [PY, str(HERE / "inprocess.py"), "--playbook", str(project / "mkdocs.yml"), "--plain",
                str(export / "mkdocs.yml"), "--city", str(project / "city_config" / "city"), "--rounds",
                str(rounds), "--only", which]

    runs = {"single playbook": single(copies[0] / "mkdocs.yml"), "single plain": single(export / "mkdocs.yml"),
            **{f"{w} {k}": in_process(w, k) for w in ("playbook", "plain") for k in (1, 2)}}
    with ThreadPoolExecutor(max_workers=2) as pool:  # the counts do not depend on what else runs
        counted = dict(zip(runs, pool.map(_instructions, runs.values()), strict=True))
    rebuild = {w: counted[f"{w} 2"] - counted[f"{w} 1"] for w in ("playbook", "plain")}
    ratio_single = counted["single playbook"] / counted["single plain"]
    ratio_rebuild = rebuild["playbook"] / rebuild["plain"]
    results["instructions"] = {"counts": counted, "rebuild": rebuild, "ratio_single": ratio_single,
                               "ratio_rebuild": ratio_rebuild}
    g = 1e9
    r.table("Instructions executed (callgrind): the overhead without the machine's noise",
            ["build", "playbook G", "plain G", "ratio"],
            [["one `mkdocs build` in a new process, changed city", f"{counted['single playbook'] / g:.2f}",
              f"{counted['single plain'] / g:.2f}", f"{ratio_single:.3f}"],
             ["one more build in a long-lived process (`mkdocs serve`, build-all), changed city",
              f"{rebuild['playbook'] / g:.2f}", f"{rebuild['plain'] / g:.2f}", f"**{ratio_rebuild:.3f}**"]],
            "A rebuild's count is the difference between `inprocess.py` with 2 rounds and with 1 "
            "(each round edits commitments.yml and builds once), so start-up, imports and the first "
            "build cancel out. Counts are repeatable to a fraction of a percent whatever the machine "
            "is doing; they weigh every instruction alike, so they are a guide to time, not a "
            "measure of it. Not part of the default run (about 6 minutes): `--only instructions`.")


# --- 9. Engines: the same pages from MkDocs, ProperDocs and Zensical ----------------------------


def _engine_commands(project: Path, site: Path) -> dict[str, list[str]]:
    """Each engine building the playbook as the README says, into `site`/<engine>."""
    return {
        "MkDocs + mkdocs-material (plugin)": [PY, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                                              "-d", str(site / "mkdocs")],
        "ProperDocs (plugin)": [PY, "-m", "properdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                                "-d", str(site / "properdocs")],
        "Zensical (`city-playbook build --engine zensical`)": [
            PY, "-m", "city_playbook", "build", "--engine", "zensical", "-f", str(project / "mkdocs.yml"),
            "-d", str(site / "zensical")],
    }


def _instructions_tree(args: list[str], cwd: Path) -> int:
    """Instructions of a command and every process it starts (the Zensical command runs
    `zensical build` in a child), summed over callgrind's report of each process."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                           "--callgrind-out-file=/dev/null", *args], cwd=cwd, env=environment(),
                          capture_output=True, text=True, check=True)
    return sum(int(n) for n in re.findall(r"Collected : (\d+)", done.stderr))


def browser_first_view(site: Path) -> tuple[int, int, int]:
    """(requests, bytes, gzip bytes) of a first visit to the home page in Chromium, as each
    engine's theme loads it (what it fetches at start-up differs between themes)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, chromium_path, serve

    bodies: list[bytes] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("response", lambda response: bodies.append(response.body()) if response.ok else None)
        page.goto(base, wait_until="networkidle")
        page.wait_for_timeout(500)
        browser.close()
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def engines(r: Report, work: Path, quick: bool, results: dict[str, Any]) -> None:
    factors = (1, 10) if quick else (1, 10, 100)
    counted_at = (1,) if quick else (1, 10)
    rows, found = [], {}
    for k in factors:
        city = gen_city.generate(work / f"engines-{k}" / "city_config" / "city", k)
        project = make_project(work / f"engines-{k}", city)
        commands = _engine_commands(project, work / f"engines-{k}-site")
        runs = 1 if (quick or k >= 100) else 3
        timings: dict[str, list[dict[str, Any]]] = {name: [] for name in commands}
        for _ in range(runs):  # alternated, so that the machine's load falls on every engine alike
            for name, command in commands.items():
                timings[name].append(measure(command, cwd=project))
        counts: dict[str, int] = {}
        if k in counted_at and shutil.which("valgrind"):
            with ThreadPoolExecutor(max_workers=2) as pool:
                counts = dict(zip(commands, pool.map(lambda c, p=project: _instructions_tree(c, p),
                                                     commands.values()), strict=True))
        for name, command in commands.items():
            site = Path(command[command.index("-d") + 1])
            pages = len([p for p in site.rglob("*.html") if p.name != "404.html"])
            view = browser_first_view(site) if k == 1 else None
            t = {m: median([b[m] for b in timings[name]]) for m in ("wall", "cpu", "rss_mb")}
            found.setdefault(name, {})[k] = {**t, "instructions": counts.get(name), "pages": pages,
                                            "first_view": view}
            rows.append([f"{k}x", name, pages, f"{t['wall']:.2f}", f"{t['cpu']:.2f}", f"{t['rss_mb']:.0f}",
                         f"{counts[name] / 1e9:.2f}" if name in counts else "-",
                         f"{view[0]}, {kb(view[1])} / {kb(view[2])}" if view else "-"])
    results["engines"] = found
    r.table("Engines side by side: the same city, the same pages", ["city", "engine", "HTML pages", "wall s",
            "CPU s", "peak MB", "instructions G", "first view: requests, KiB raw / gzip"], rows,
            "One command per engine, as the README gives it, in a new process; the output cache is off, "
            "so the plugin does its full work every time (Zensical's command checks and renders the "
            "city the same way, then runs `zensical build` and adds the policy). Wall and CPU: median of "
            f"{1 if quick else 3} alternated run(s) (100x: 1); peak memory: the largest process. "
            "Instructions: callgrind, summed over the command's processes, at "
            + ", ".join(f"{k}x" for k in counted_at) + "; the figure to trust on a loaded machine. "
            "First view: what Chromium fetches for the home page of the 1x site until the network is idle.")


SECTIONS: dict[str, Callable[[Report, Path, bool, dict[str, Any]], None]] = {
    "overhead": overhead, "steps": steps, "scale": scale, "navigation": navigation,
    "serve": edit_to_preview, "portfolio": portfolio, "weight": page_weight, "languages": languages,
    "instructions": instructions, "engines": engines,
}
DEFAULT = [name for name in SECTIONS if name not in ("instructions", "engines")]


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        cpu = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                    if line.startswith("Model name")), "")
    import yaml
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "plugins", "content", "mkdocs.yml"],
                                cwd=ROOT, capture_output=True, text=True).stdout.strip())
    packages = {}
    for name in ("mkdocs", "mkdocs-material", "properdocs", "zensical", "pydantic", "jinja2", "pyyaml",
                 "markdown", "nh3"):
        with contextlib.suppress(PackageNotFoundError):  # the engines are optional
            packages[name] = version(name)
    return {"cpu": cpu, "cpus": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE")
            * os.sysconf("SC_PHYS_PAGES") / 2**30, 1), "python": platform.python_version(),
            "system": platform.platform(), "packages": packages, "libyaml": bool(yaml.__with_libyaml__),
            "commit": commit + (" + uncommitted changes" if dirty else ""),
            "load_average": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100x city")
    parser.add_argument("--only", help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",")] if args.only else DEFAULT
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    OUT.mkdir(exist_ok=True)
    r = Report()
    info = machine()
    results: dict[str, Any] = {"machine": info, "quick": args.quick}
    r.say(f"# City playbook benchmarks{' (quick)' if args.quick else ''}\n")
    r.say(f"{info['cpu']}, {info['cpus']} CPUs, {info['memory_gb']} GiB; Python {info['python']}; "
          + ", ".join(f"{k} {v}" for k, v in info["packages"].items())
          + f"; libyaml {'present' if info['libyaml'] else 'absent'}; commit {info['commit']}; "
          f"load average at start {info['load_average'][0]:.2f}. SOURCE_DATE_EPOCH={EPOCH}.")
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # the plugin's output cache, thrown away after
    try:
        for name in chosen:
            t = time.perf_counter()
            SECTIONS[name](r, work, args.quick, results)
            results.setdefault("section_seconds", {})[name] = time.perf_counter() - t
    finally:
        if args.keep:
            print(f"\n(kept {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results.pop("_sites", None)
    results["seconds"] = time.perf_counter() - started
    results["load_average_end"] = os.getloadavg()
    r.say(f"\nTotal {results['seconds'] / 60:.1f} min; load average at the end "
          f"{results['load_average_end'][0]:.2f}.")
    (OUT / "report.md").write_text("\n".join(r.parts) + "\n", encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nWritten: {OUT / 'report.md'}, {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
