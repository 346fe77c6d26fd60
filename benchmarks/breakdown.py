"""Where a build's instructions go: one `mkdocs build`, cut into steps, counted by callgrind.

A profiler that hooks every Python call (cProfile) inflates pure-Python code several times
over, so its shares mislead when the question is what a step costs against MkDocs' own
work. This counts instructions instead: it runs one build in this process under valgrind's
callgrind with `--dump-before=os_getppid`, and calls `os.getppid()` at each step's start and
end (a C function nothing else in a build calls), so that each dump holds exactly the
instructions since the last mark. The steps, in build order:

imports that a plain `mkdocs build` makes too (not the plugin's: MkDocs, the theme's search,
Markdown, Jinja2, PyYAML), then the plugin's imports one group at a time (the MkDocs
adapter, pydantic, the model classes, Babel, the rest of the pipeline: render, open data,
feeds, charts), then the plugin's work inside the build (catalog, city, history, resolve,
render, open data, feeds, the policy hook) and what remains, MkDocs' own work.

    python benchmarks/breakdown.py PROJECT_DIR        # a project made by run.make_project
    python benchmarks/breakdown.py --example          # the example city, output cache off

prints a Markdown table (instructions per step, share of the whole build). About 2 minutes.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MARK = "os_getppid"
IMPORTS = [  # (step, modules), imported in this order, each group's cost its own
    ("start-up and the imports a plain build makes too", ["mkdocs.commands.build", "mkdocs.config.defaults", "markdown",
                                         "material.plugins.search.plugin", "jinja2", "yaml"]),
    ("import: the MkDocs adapter", ["city_playbook.adapter.plugin"]),
    ("import: pydantic", ["pydantic"]),
    ("import: the model classes", ["city_playbook.core.model"]),
    ("import: Babel", ["babel.dates", "babel.numbers"]),
    ("import: the rest of the pipeline", ["city_playbook.pipeline"]),
]
WORK = [  # (step, module, attribute) wrapped with marks inside the build
    ("catalog", "city_playbook.pipeline", "load_catalog"),
    ("city: YAML, models, checks", "city_playbook.pipeline", "load_city"),
    ("history", "city_playbook.pipeline", "timeline"),
    ("resolve", "city_playbook.pipeline", "resolve"),
    ("render: Markdown of every page", "city_playbook.pipeline", "render_site"),
    ("open data", "city_playbook.pipeline", "data_files"),
    ("feeds", "city_playbook.pipeline", "feed_files"),
    ("policy and feed links per page", "city_playbook.adapter.plugin", "PlaybookPlugin.on_post_page"),
]
REST = "MkDocs' own work (and the plugin's glue)"


def inside(project: Path, out: Path) -> None:
    """Run under callgrind: the marked build; writes the order of the marks to `out`."""
    import importlib

    marks: list[str] = []

    def mark(label: str) -> None:
        marks.append(label)
        os.getppid()

    for step, modules in IMPORTS:
        for module in modules:
            importlib.import_module(module)
        mark(step)

    def wrapped(step: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            mark(REST)
            try:
                return function(*args, **kwargs)
            finally:
                mark(step)
        return run

    for step, module, attribute in WORK:
        owner: Any = importlib.import_module(module)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, wrapped(step, getattr(owner, name)))
    from mkdocs.__main__ import cli

    try:
        cli(["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site-breakdown")],
            standalone_mode=False)
    finally:
        mark(REST)
        out.write_text(json.dumps(marks), encoding="utf-8")


def count(project: Path) -> dict[str, int]:
    work = Path(tempfile.mkdtemp(prefix="breakdown-"))
    try:
        order = work / "marks.json"
        subprocess.run(["valgrind", "--tool=callgrind", f"--dump-before={MARK}",
                        f"--callgrind-out-file={work}/cg.out", sys.executable, __file__, "--inside",
                        str(project), str(order)], check=True, capture_output=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        dumps = sorted(work.glob("cg.out*"), key=lambda p: int(p.name.rsplit(".", 1)[-1])
                       if p.name.rsplit(".", 1)[-1].isdigit() else 0)
        totals = [int(re.search(r"^(?:summary|totals): (\d+)", d.read_text(errors="replace"), re.M).group(1))
                  for d in dumps]
        marks = json.loads(order.read_text())
        # dump i (from 1) ends at mark i - 1; the last file (no number) is what follows the last mark
        ended = [*marks, "after the build (exit)"]
        found: dict[str, int] = {}
        numbered = [d for d in dumps if d.name.rsplit(".", 1)[-1].isdigit()]
        last = [d for d in dumps if not d.name.rsplit(".", 1)[-1].isdigit()]
        for label, dump in zip(ended, numbered + last, strict=True):
            found[label] = found.get(label, 0) + totals[dumps.index(dump)]
        return found
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--inside":
        inside(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, help="a project folder with mkdocs.yml")
    parser.add_argument("--example", action="store_true", help="the example city, output cache off")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import run

    temporary = None
    if args.example:
        temporary = Path(tempfile.mkdtemp(prefix="breakdown-project-"))
        project = run.make_project(temporary, run.EXAMPLE)
    elif args.project:
        project = args.project
    else:
        parser.error("give a project folder or --example")
    os.environ.update(run.environment())
    try:
        subprocess.run([run.PY, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d",
                        str(project / "site-breakdown")], check=True, capture_output=True)  # compiled templates
        found = count(project)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    total = sum(found.values())
    ours = total - found.get(REST, 0) - found.get(IMPORTS[0][0], 0) - found.get("after the build (exit)", 0)
    print("| step | instructions M | share of the build |\n| --- | --- | --- |")
    for label, n in found.items():
        print(f"| {label} | {n / 1e6:,.0f} | {n / total:.1%} |")
    print(f"| **the whole build** | {total / 1e6:,.0f} | 100% |")
    print(f"\nThe plugin's own steps (imports and work): {ours / 1e6:,.0f} M, {ours / total:.1%} of the build.")


if __name__ == "__main__":
    main()
