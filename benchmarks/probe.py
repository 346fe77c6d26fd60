"""Times the plugin's own steps for one city, in this (fresh) process; prints JSON.

Run by run.py in a new Python process for every measurement, so that the "cold" figures are
what one `mkdocs build` pays: the modules MkDocs imports anyway are imported first and not
counted; then the plugin's imports, and each step once, in build order. The "warm" figures
are the same steps repeated in the same process (the median), which is what `mkdocs serve`
pays on every rebuild after the first.

Steps: import (the plugin's modules), load (strict YAML of the catalog and the city; on a
rebuild, of the city's files alone, as the catalog is reused while its files are unchanged;
every city file is parsed, as if each had been saved, though a rebuild parses only those
whose bytes changed), validate
(models and the cross-checks of catalog and city: load_catalog + load_city reading the
documents already parsed),
resolve, render (Jinja -> Markdown of every page), data (open data files), csp (the
Content-Security-Policy hook over every built page).

    python benchmarks/probe.py --city DIR [--site SITE_DIR] [--repeats N] [--profile FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

T = time.perf_counter


def _mkdocs_side_imports() -> None:
    """What `mkdocs build` with mkdocs-material has imported before our plugin is loaded."""
    import jinja2  # noqa: F401
    import markdown  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build
    import mkdocs.config.defaults  # noqa: F401
    import yaml  # noqa: F401


def run_steps(city_dir: Path, site: Path | None, repeats: int) -> dict[str, dict[str, float]]:
    t = T()
    from city_playbook.adapter import plugin
    from city_playbook.core import cache, resolve, yamlsafe
    from city_playbook.core import catalog as catalog_mod
    from city_playbook.core import city as city_mod
    from city_playbook.core import output as output_mod
    from city_playbook.core.catalog import read as catalog_read
    from city_playbook.core.city import load as city_load
    from city_playbook.core.language import strings
    from city_playbook.site import render
    from city_playbook.site.opendata import data_files
    imported = T() - t

    root = catalog_mod.default_catalog_dir()
    city_files = sorted(city_dir.glob("*.yml"))
    catalog_files = sorted(root.rglob("*.yml"))
    pages = [p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))] if site else []
    today = output_mod.build_date()
    parsed: dict[Path, Any] = {}
    real_load = yamlsafe.load_file

    def load(path: Path, display: str | None = None) -> Any:
        """Parsing is timed on its own; validation then reads the documents already parsed."""
        key = Path(path).resolve()
        if key not in parsed:
            parsed[key] = real_load(path, display)
        return parsed[key]

    catalog_read.load_file = load  # type: ignore[assignment]
    city_load.load_file = load  # type: ignore[assignment]

    paused = cache.gc_paused  # as pipeline.build runs them

    def steps(first: bool) -> dict[str, float]:
        """After the first pass the catalog comes from load_catalog's memo, as on a rebuild,
        so only the city's files are parsed again."""
        out: dict[str, float] = {}
        parsed.clear()
        with paused():
            t = T()
            for path in (catalog_files if first else []) + city_files:  # parsed, never from the memo
                parsed[path.resolve()] = yamlsafe.load_bytes(path.read_bytes(), str(path))
            out["load"] = T() - t
            t = T()
            catalog = catalog_mod.load_catalog(root)
            city = city_mod.load_city(city_dir, catalog, today)
            out["validate"] = T() - t
            t = T()
            playbook = resolve.resolve(catalog, city, today)
            out["resolve"] = T() - t
        gc.collect()
        t = T()
        render.render_site(playbook, strings())
        out["render"] = T() - t
        t = T()
        data_files(playbook)
        out["data"] = T() - t
        t = T()
        for page in pages:
            plugin.add_content_security_policy(page)
        out["csp"] = T() - t
        return out

    cold = {"import": imported, **steps(first=True)}
    runs = [steps(first=False) for _ in range(repeats)]
    warm = {key: statistics.median(r[key] for r in runs) for key in runs[0]} if runs else {}
    order = ("import", "load", "validate", "resolve", "render", "data", "csp")
    cold = {k: cold[k] for k in order}
    cold["total"] = sum(cold.values())
    warm = {k: warm[k] for k in order if k in warm}
    if warm:
        warm["total"] = sum(warm.values())
    return {"cold": cold, "warm": warm}


CATEGORIES = (
    ("PyYAML scanner/parser/composer (pure Python)", lambda f, n: "/yaml/" in f),
    ("pydantic (model build and validation)", lambda f, n: "pydantic" in f),
    ("Jinja2 template compilation", lambda f, n: "/jinja2/" in f and any(
        m in f for m in ("compiler", "lexer", "parser", "nodes", "visitor", "optimizer", "idtracking"))),
    ("Jinja2 runtime and our templates", lambda f, n: "/jinja2/" in f or f.endswith(".j2")),
    ("Python-Markdown (rich text)", lambda f, n: "/markdown/" in f),
    ("markupsafe escaping", lambda f, n: "/markupsafe/" in f),
    ("city_playbook code", lambda f, n: "/city_playbook/" in f),
    ("imports (module bodies, importlib)", lambda f, n: "importlib" in f or n == "<module>"),
    ("built-ins (re, str, dict, I/O)", lambda f, n: f == "~"),
)


def profile(city_dir: Path, site: Path | None, out: Path) -> dict[str, object]:
    """cProfile over one cold pass; self time by library, and the full listing in `out`."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    run_steps(city_dir, site, repeats=0)
    profiler.disable()
    stats = pstats.Stats(profiler)
    shares: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        label = next((label for label, match in CATEGORIES if match(filename, name)), "other")
        shares[label] = shares.get(label, 0.0) + tottime
    total = sum(shares.values())
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(60)
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(40)
    out.write_text(text.getvalue(), encoding="utf-8")
    top = sorted(((t, f"{Path(f).name}:{line}({n})") for (f, line, n), (_, _, t, _, _)
                  in stats.stats.items()), reverse=True)[:12]  # type: ignore[attr-defined]
    return {"total": total, "by_library": dict(sorted(shares.items(), key=lambda kv: -kv[1])),
            "top_self": [(name, t) for t, name in top]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", type=Path, required=True)
    parser.add_argument("--site", type=Path, help="a built site of the city, for the CSP step")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--profile", type=Path, help="write a cProfile listing here instead of timing")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _mkdocs_side_imports()
    if args.profile:
        result = profile(args.city, args.site, args.profile)
    else:
        result = run_steps(args.city, args.site, args.repeats)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
