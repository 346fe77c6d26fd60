"""Builds in a long-lived process: the playbook against plain MkDocs; prints JSON.

`mkdocs serve` rebuilds in the process that built the site before, and each worker of
`city-playbook build-all` builds city after city in one process. Neither pays for starting
Python or importing MkDocs, the theme, pydantic and the models again, so what they pay for
the plugin is its work on each build. This script measures that: in one process, it builds
each project once to warm up, then alternates builds of the two projects (each round in
the other order) with `portfolio.build_city`, the function build-all's workers run, and
reports every build's wall and CPU time. Before each build of the playbook, a note in the
city's commitments.yml is changed, as an editor's save would: the plugin reuses in one
process only what has not changed (the catalog, compiled templates), so every build here
is of a changed city. The time spent inside the plugin's own hooks is recorded too: on a
shared machine it is steadier than the difference of two whole builds.

With `--serve`, each project is built as `mkdocs serve` rebuilds it instead: MkDocs loads the
configuration again for every rebuild but keeps the plugin objects (they define
`on_startup`, told "serve" once), so what the plugin keeps for the preview is used.

    python benchmarks/inprocess.py --playbook MKDOCS_YML --plain MKDOCS_YML --city DIR [--rounds N] [--serve]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--playbook", type=Path, required=True, help="mkdocs.yml of the playbook (cache: false)")
    parser.add_argument("--plain", type=Path, required=True, help="mkdocs.yml of its `city-playbook export`")
    parser.add_argument("--city", type=Path, required=True, help="the playbook's city folder")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", choices=("playbook", "plain"),
                        help="build only this project (for counting instructions under callgrind)")
    parser.add_argument("--serve", action="store_true", help="rebuild as `mkdocs serve` does")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from city_playbook.adapter.build_all import build_city
    from city_playbook.adapter.plugin import PlaybookPlugin

    in_hooks = [0.0]

    def timed(hook: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return hook(*a, **k)
            finally:
                in_hooks[0] += time.perf_counter() - started
        return run

    for name in ("on_startup", "on_config", "on_files", "on_post_page"):
        setattr(PlaybookPlugin, name, timed(getattr(PlaybookPlugin, name)))

    sites = Path(tempfile.mkdtemp(prefix="inprocess-"))
    projects = {name: config for name, config in (("playbook", args.playbook), ("plain", args.plain))
                if args.only in (None, name)}

    commitments = args.city / "commitments.yml"
    original = commitments.read_text(encoding="utf-8")
    if "\nB1.a:\n" not in original:
        sys.exit(f"{commitments} has no B1.a entry to edit")
    edits = iter(range(10**6))

    def build(name: str) -> tuple[float, float]:
        if name == "playbook":
            commitments.write_text(original.replace("\nB1.a:\n", f"\nB1.a:\n  note: edit {next(edits)}\n", 1),
                                   encoding="utf-8")
        in_hooks[0] = 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        if args.serve:
            served(projects[name], sites / name)
        else:
            result = build_city(projects[name], args.city.resolve(), sites / name, strict=False)
            if not result.ok:
                sys.exit(f"{name} failed: {result.messages}")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return wall, cpu

    started: set[Path] = set()

    def served(config_file: Path, site: Path) -> None:
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        os.environ["PLAYBOOK_CITY"] = str(args.city.resolve())
        config = load_config(config_file=str(config_file), site_dir=str(site))
        if config_file not in started:
            config.plugins.on_startup(command="serve", dirty=False)
            started.add(config_file)
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")

    for name in projects:
        (sites / name).mkdir()
        build(name)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in projects}
    hooks: list[float] = []
    for i in range(args.rounds):
        for name in (list(projects) if i % 2 == 0 else list(projects)[::-1]):
            times[name].append(build(name))
            if name == "playbook":
                hooks.append(in_hooks[0])
    commitments.write_text(original, encoding="utf-8")
    json.dump({"builds": times, "hooks": hooks}, sys.stdout)


if __name__ == "__main__":
    main()
