"""Many cities in one run (`city-playbook build-all`).

A new `mkdocs build` process per city pays, every time, for starting Python and importing
MkDocs, the theme, pydantic and the models: about half of a small city's build. Here each
worker process pays for that once and then builds its share of the cities one after
another, in-process, the way `mkdocs serve` rebuilds a site. Each city still gets its own
freshly loaded configuration (and so its own plugin instances), and is built beside its
final place and swapped in only on success, so that a failure at any step leaves the
city's previous site as it was.

This module imports MkDocs only in the worker processes.
"""

from __future__ import annotations

import glob
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..core.history import commit_epoch


@dataclass(frozen=True)
class CityResult:
    city: Path
    ok: bool
    seconds: float
    messages: list[str] = field(default_factory=list)
    """The build's errors and warnings, as MkDocs logged them."""


class CollectMessages(logging.Handler):
    """The warnings and errors MkDocs logs while one site is built, for the one-line report
    build-all and the portfolio give of it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


def ignore_interrupts() -> None:
    """Run in each worker: Ctrl-C is the parent's to handle. It lets every city being built
    finish (or fail) whole, so no swap is cut off halfway, and starts no other."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def describe_failure(exc: BaseException) -> str:
    """An error MkDocs or the playbook raised says what to do; anything else is a bug in a
    plugin or a hook, reported with its type and where it happened."""
    from mkdocs.exceptions import MkDocsException

    if isinstance(exc, MkDocsException):
        return str(exc).strip()
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def build_city(config_file: Path, city: Path, site_dir: Path, strict: bool) -> CityResult:
    """Build one city into `site_dir`/<slug>/ in this process; never raises for a bad city.
    `strict` only ever turns strict mode on: without it, mkdocs.yml's own `strict` applies.
    Without a SOURCE_DATE_EPOCH from the user, a city committed with no change waiting is
    built as of its own last commit (history.commit_epoch)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{city.name}.", dir=site_dir))
    collect = CollectMessages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    os.environ["PLAYBOOK_CITY"] = str(city)  # the config reads it when it is loaded, just below
    given = os.environ.get("SOURCE_DATE_EPOCH")  # as the worker was started: set by the user, or not
    own = None if given else commit_epoch(city)
    if own is not None:
        os.environ["SOURCE_DATE_EPOCH"] = own
    ok = False
    try:
        config = load_config(config_file=str(config_file), site_dir=str(staging / "site"),
                             strict=True if strict else None)  # None: as mkdocs.yml says
        if config.site_url:  # the city is published at <slug>/ under it: its sitemap and canonical links
            config.site_url = f"{config.site_url.rstrip('/')}/{city.name}/"
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
    except BaseException as exc:  # whatever one city does (even SystemExit in a hook), the others still build
        text = describe_failure(exc)
        if text and text not in collect.messages and not text.startswith("Aborted with"):
            collect.messages.append(text)
    finally:
        if own is not None:
            del os.environ["SOURCE_DATE_EPOCH"]
        logger.removeHandler(collect)
        shutil.rmtree(staging, ignore_errors=True)
    return CityResult(city, ok, time.perf_counter() - started, collect.messages)


def build_cities(cities: list[Path], workers: int, config_file: Path, site_dir: Path,
                 strict: bool) -> Iterator[CityResult]:
    """Every city's result, as each finishes. A worker that dies (killed, out of memory, a
    hook that ends the process) takes down its whole pool, so the cities that pool had not
    finished are built again, each alone in a process of its own: the one that kills its
    process fails, and the others are built as usual."""
    unfinished: list[Path] = []
    for city, result in _in_pool(cities, workers, config_file, site_dir, strict):
        if result is None:
            unfinished.append(city)
        else:
            yield result
    threads = ThreadPoolExecutor(max_workers=workers)
    try:
        alone = [threads.submit(_alone, city, config_file, site_dir, strict) for city in unfinished]
        for future in as_completed(alone):
            yield future.result()
    except BaseException:  # Ctrl-C: as in _in_pool
        threads.shutdown(wait=True, cancel_futures=True)
        raise
    threads.shutdown()


def _pool(workers: int) -> ProcessPoolExecutor:
    # "spawn": a worker starts from a clean interpreter on every system, not from a copy of
    # the parent (and its threads) as "fork" would.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=ignore_interrupts)


def _in_pool(cities: list[Path], workers: int, config_file: Path, site_dir: Path,
             strict: bool) -> Iterator[tuple[Path, CityResult | None]]:
    """(city, result), or (city, None) when the pool died before the city was built.

    Only as many cities as there are workers are handed to the pool at a time, so that on
    Ctrl-C exactly the cities being built finish (and are reported), and no other starts."""
    pool = _pool(workers)
    pending = list(cities)
    running: dict[Future[CityResult], Path] = {}
    try:
        while pending or running:
            while pending and len(running) < workers:
                city = pending.pop(0)
                try:
                    running[pool.submit(build_city, config_file, city, site_dir, strict)] = city
                except Exception:  # the pool is broken: a worker process died
                    yield city, None
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from _outcome(running.pop(future), future, site_dir)
    except KeyboardInterrupt:
        pool.shutdown(wait=True, cancel_futures=True)
        for future, city in running.items():
            yield from _outcome(city, future, site_dir)
        raise
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def _outcome(city: Path, future: Future[CityResult], site_dir: Path) -> Iterator[tuple[Path, CityResult | None]]:
    try:
        yield city, future.result()
    except Exception:  # the pool is broken: a worker process died
        _clean_staging(site_dir, city)
        yield city, None


def _alone(city: Path, config_file: Path, site_dir: Path, strict: bool) -> CityResult:
    started = time.perf_counter()
    for _, result in _in_pool([city], 1, config_file, site_dir, strict):
        if result is not None:
            return result
    return CityResult(city, False, time.perf_counter() - started,
                      ["its build process stopped before it finished (killed, out of memory, or a "
                       "hook or plugin that ended it)"])


def _clean_staging(site_dir: Path, city: Path) -> None:
    for staging in site_dir.glob(f"{glob.escape('.' + city.name)}.*"):
        shutil.rmtree(staging, ignore_errors=True)
