"""Many cities in one run (`city-playbook build-all`).

A new `mkdocs build` process per city pays, every time, for starting Python and importing
MkDocs, the theme, pydantic and the models: about half of a small city's build. Here each
worker process pays for that once and then builds its share of the cities one after
another, in-process, the way `mkdocs serve` rebuilds a site. Each city still gets its own
freshly loaded configuration (and so its own plugin instances), and is built beside its
final place and swapped in only on success, so that a failure at any step leaves the
city's previous site as it was.

This module imports MkDocs; only the worker processes import it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class CityResult:
    city: Path
    ok: bool
    seconds: float
    messages: list[str] = field(default_factory=list)
    """The build's errors and warnings, as MkDocs logged them."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


def build_city(config_file: Path, city: Path, site_dir: Path, strict: bool) -> CityResult:
    """Build one city into `site_dir`/<slug>/ in this process; never raises for a bad city."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{city.name}.", dir=site_dir))
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    os.environ["PLAYBOOK_CITY"] = str(city)  # the config reads it when it is loaded, just below
    ok = False
    try:
        config = load_config(config_file=str(config_file), site_dir=str(staging / "site"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        target = site_dir / city.name
        if target.exists():
            target.rename(staging / "previous")
        (staging / "site").rename(target)
        ok = True
    except Exception as exc:  # whatever one city does, the others still build
        text = str(exc).strip()
        if text and text not in collect.messages and not text.startswith("Aborted with"):
            collect.messages.append(text)
    finally:
        logger.removeHandler(collect)
        shutil.rmtree(staging, ignore_errors=True)
    return CityResult(city, ok, time.perf_counter() - started, collect.messages)
