"""The commands for every city of a repository at once: build-all, list and merge (the
shards of a CI matrix), each with the portfolio over the cities."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..core.city import city_folders
from ..core.diagnostics import count
from .group import main


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _parse_shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, total = value.partition("/")
    if not (index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total)):
        raise click.BadParameter(f"{value!r} is not a shard; write I/N with 1 <= I <= N, such as 2/4",
                                 ctx=ctx, param=param)
    return int(index), int(total)


def _cities_of(root: Path, shard: tuple[int, int] | None) -> list[Path]:
    from ..portfolio.shards import shard_of

    cities = city_folders(root)
    return [c for c in cities if shard is None or shard_of(c.name, shard[1]) == shard[0]]


@main.command("build-all")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False),
              default=Path("city_config"), show_default=True, help="Folder that holds the cities.")
@click.option("-d", "--site-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("site"), show_default=True,
              help="Each city is built into SITE_DIR/<slug>/.")
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True,
              help="The playbook's mkdocs.yml; it must read the city from PLAYBOOK_CITY.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Cities built at once; default: one per CPU.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (mkdocs build --strict).")
@click.option("--shard", callback=_parse_shard, metavar="I/N",
              help="Build only the cities of shard I of N (see city-playbook list --shards); the portfolio "
                   "index is then left to city-playbook merge.")
def build_all(root: Path, site_dir: Path, config_file: Path, jobs: int | None,
              strict: bool, shard: tuple[int, int] | None) -> None:
    """Build every city in ROOT (each folder with a city.yml) into SITE_DIR/<slug>/, and
    the portfolio (every city's progress, comparisons, all the data) at SITE_DIR's root.

    JOBS worker processes each import MkDocs and the playbook once and build their share of
    the cities one after another. A city whose build fails keeps its previous site and is
    listed on the portfolio with why; the exit code is 1 if any city failed.
    """
    import shutil
    import time

    from ..adapter.build_all import build_cities
    from ..portfolio.aggregate import BUILDS, PORTFOLIO_FILES, BuildRecord, write_record

    # absolute(), not resolve(): a city folder that is a link keeps its own name as its slug
    cities = [p.absolute() for p in _cities_of(root, shard)]
    if not cities:
        click.echo(f"No city in {root}: no folder there has a city.yml." if not shard else
                   f"No city of {root} is in shard {shard[0]}/{shard[1]}.", err=True)
        sys.exit(1)
    from ..portfolio.pages import RESERVED

    taken = [c for c in cities if c.name in RESERVED]
    if taken:
        for city in taken:
            click.echo(f"{root / city.name}: the portfolio publishes its own {city.name!r} at the root of "
                       f"{site_dir}, where this city would go; rename the folder (for example to "
                       f"{city.name}-city).", err=True)
        sys.exit(1)
    if "PLAYBOOK_CITY" not in config_file.read_text(encoding="utf-8"):
        click.echo(f"{config_file} does not read the city from PLAYBOOK_CITY, so every build would "
                   "be the same city. Write: city: !ENV [PLAYBOOK_CITY, city_config/<slug>]",
                   err=True)
        sys.exit(1)
    # A portfolio's own home page is at the root too; its data file tells it from a city's site.
    if (site_dir / "index.html").is_file() and not (site_dir / PORTFOLIO_FILES["json"]).is_file():
        click.echo(f"{site_dir} holds the site of a single city ({site_dir / 'index.html'}, from mkdocs "
                   f"build); build-all writes each city into {site_dir}/<slug>/, and the two would mix. "
                   f"Delete {site_dir} first, or build the cities into another folder: city-playbook "
                   f"build-all -d {site_dir}-all", err=True)
        sys.exit(1)
    workers = min(jobs or _cpu_count(), len(cities))
    # one column per field, whatever the names (the portfolio's line included)
    width = max(len(name) for name in [*(city.name for city in cities), *([] if shard else ["portfolio"])])
    site_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(site_dir / BUILDS, ignore_errors=True)  # records are of this run's cities only
    records = []
    started = time.perf_counter()
    failed = 0
    try:
        for result in build_cities(cities, workers, config_file.resolve(), site_dir.resolve(), strict):
            if result.ok:
                warned = f", {count(len(result.messages), 'warning')}" if result.messages else ""
                click.echo(f"ok      {result.city.name:<{width}}  {result.seconds:5.1f} s  -> "
                           f"{site_dir / result.city.name}{warned}")
            else:
                failed += 1
                click.echo(f"failed  {result.city.name:<{width}}  {result.seconds:5.1f} s  its previous "
                           "site is unchanged:")
            for message in result.messages:
                click.echo(f"        {message}")
            records.append(BuildRecord(slug=result.city.name, ok=result.ok, messages=result.messages))
            write_record(site_dir, records[-1])
    except KeyboardInterrupt:
        click.echo("Interrupted: the cities that were being built finished (listed above); no other "
                   "started, and those keep their previous sites.", err=True)
        sys.exit(130)
    elapsed = time.perf_counter() - started
    # The portfolio before the summary, so that the run still ends with its summary line.
    portfolio_ok = bool(shard) or _portfolio(config_file, site_dir, records, strict, width)
    shard_note = (f" Shard {shard[0]}/{shard[1]}: city-playbook merge builds the portfolio from the shards' "
                  "outputs." if shard else "")
    click.echo(f"{len(cities) - failed} of {len(cities)} cities built in {elapsed:.1f} s with "
               f"{count(workers, 'job')}; {failed} failed.{shard_note}")
    if failed or not portfolio_ok:
        sys.exit(1)


def _portfolio(config_file: Path, site_dir: Path, records: list, strict: bool, width: int = 0) -> bool:
    """Build the portfolio and say how it went; False when it could not be built."""
    import time

    from ..adapter.portfolio_site import build_portfolio

    started = time.perf_counter()
    problems = build_portfolio(config_file.resolve(), site_dir.resolve(), records, strict)
    seconds = time.perf_counter() - started
    if problems:
        click.echo(f"failed  {'portfolio':<{width}}  {seconds:5.1f} s  the previous portfolio is unchanged:")
        for problem in problems:
            click.echo(f"        {problem}")
        return False
    failed = sum(not r.ok for r in records)
    listed = f"; {count(failed, 'failed city', 'failed cities')} listed with why" if failed else ""
    built = count(len(records) - failed, "city", "cities")
    click.echo(f"ok      {'portfolio':<{width}}  {seconds:5.1f} s  -> {site_dir / 'index.html'}, {built}{listed}")
    return True


@main.command("list")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False),
              default=Path("city_config"), show_default=True, help="Folder that holds the cities.")
@click.option("--shards", type=click.IntRange(min=1), help="Split the cities into N shards for a CI matrix.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: the slugs, or with --shards a GitHub Actions matrix ({\"include\": [...]}).")
def list_cities(root: Path, shards: int | None, as_json: bool) -> None:
    """List the cities of ROOT (the folders with a city.yml), or their shards.

    With --shards N each city belongs to one shard, chosen from its slug, so adding a city
    moves no other; shards without cities are left out. Build one with
    city-playbook build-all --shard I/N."""
    from ..portfolio.shards import matrix, shard_of

    slugs = [c.name for c in city_folders(root)]
    if not slugs:
        click.echo(f"No city in {root}: no folder there has a city.yml.", err=True)
        sys.exit(1)
    if shards and as_json:
        click.echo(json.dumps(matrix(slugs, shards)))
    elif shards:
        for entry in matrix(slugs, shards)["include"]:
            index = int(str(entry["shard"]).partition("/")[0])
            click.echo(f"{entry['shard']}  {' '.join(s for s in slugs if shard_of(s, shards) == index)}")
    else:
        click.echo(json.dumps(slugs) if as_json else "\n".join(slugs))


@main.command()
@click.argument("shard_dirs", nargs=-1, required=True, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("-d", "--site-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("site"), show_default=True, help="Where the merged site is written.")
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="The playbook's mkdocs.yml.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("city_config"),
              show_default=True, help="Folder that holds the cities: each must have come from a shard.")
@click.option("--strict", is_flag=True, help="Treat warnings of the portfolio's build as errors.")
def merge(shard_dirs: tuple[Path, ...], site_dir: Path, config_file: Path, root: Path, strict: bool) -> None:
    """Merge the outputs of build-all --shard (SHARD_DIRS) into SITE_DIR and build the
    portfolio over all their cities.

    Cities that failed in their shard are listed on the portfolio with why (with their
    previous site, when the shard kept one); the exit code is then still 0. It is 1, and
    nothing should be published, when a city of ROOT came from no shard (a shard's job did
    not finish) or the portfolio could not be built."""
    from ..portfolio.shards import merge as merge_shards

    site_dir.mkdir(parents=True, exist_ok=True)
    records, problems = merge_shards(list(shard_dirs), site_dir)
    missing = sorted({c.name for c in city_folders(root)} - {r.slug for r in records})
    problems += [f"{slug}: no shard built it; did every shard's job finish and upload its output?"
                 for slug in missing]
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(f"{count(len(problems), 'problem')}; the portfolio was not built.", err=True)
        sys.exit(1)
    click.echo(f"Merged {count(len(records), 'city', 'cities')} from {count(len(shard_dirs), 'shard')} into "
               f"{site_dir}.")
    for record in records:
        if not record.ok:
            click.echo(f"failed  {record.slug}:")
            for message in record.messages:
                click.echo(f"        {message}")
    if not _portfolio(config_file, site_dir, records, strict):
        sys.exit(1)
