"""The `city-playbook` command: the checks of a build, and tools for editors, without MkDocs."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__, pipeline
from .adapter.engines import ENGINES
from .core.catalog import load_catalog
from .core.city import city_folders, display_path, schemas
from .core.diagnostics import PlaybookError, count, one_of
from .core.ids import SLUG
from .core.language import shipped
from .tools import scaffold
from .tools.reference import markdown as reference_markdown


def _report(diagnostics: list, *, err: bool = True) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=err)


def _refuse(exc: PlaybookError, noun: str, outcome: str) -> NoReturn:
    """Every problem, then one line that counts them and says what was left untouched."""
    _report(exc.everything())
    click.echo(f"{count(len(exc.diagnostics), noun)}; {outcome}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="city-playbook")
def main() -> None:
    """Build and check a city's ISO 37106 smart-city playbook.

    The site is built with `mkdocs build` (or `city-playbook build --engine ...`) and previewed
    with `mkdocs serve`.
    """


def _default_city(command: str = "validate") -> Path:
    """The city a bare `validate` (or `import`) means: the one a build would use (PLAYBOOK_CITY), else the
    only city in city_config/; guessing between several would check the wrong one."""
    if os.environ.get("PLAYBOOK_CITY"):
        return Path(os.environ["PLAYBOOK_CITY"])
    root = Path("city_config")
    if not root.is_dir():
        raise click.UsageError(f"There is no {root} folder here. Run this in the project's folder, give "
                               f"the city's folder (city-playbook {command} path/to/city), or start a city "
                               "with city-playbook new SLUG.")
    cities = city_folders(root)
    if len(cities) == 1:
        return cities[0]
    if not cities:
        raise click.UsageError(f"There is no city in {root} yet; start one with city-playbook new SLUG.")
    raise click.UsageError(f"Name the city to check: there are {len(cities)} cities in {root}. "
                           f"Write: city-playbook {command} {cities[0]}")


@main.command()
@click.argument("city_dir", type=click.Path(path_type=Path), required=False)
@click.option("--catalog", type=click.Path(path_type=Path), help="A replacement catalog folder.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(city_dir: Path | None, catalog: Path | None, strict: bool) -> None:
    """Check a city's files, as a build does, without building the site.

    CITY_DIR defaults to $PLAYBOOK_CITY, or to the only city in city_config/.
    The pages are rendered too (in memory), so a check that passes here passes in a build.
    """
    city_dir = city_dir or _default_city()
    try:
        built = pipeline.build(city_dir, catalog)
        built.outputs()
    except PlaybookError as exc:
        _report(exc.everything())
        warned = f" and {count(len(exc.warnings), 'warning')}" if exc.warnings else ""
        click.echo(f"{count(len(exc.diagnostics), 'error')}{warned} in {city_dir}.", err=True)
        sys.exit(1)
    _report(built.warnings + built.playbook.timeline.skipped)
    if strict and built.warnings:
        click.echo(f"{count(len(built.warnings), 'warning')} in {city_dir}; --strict treats them as errors.",
                   err=True)
        sys.exit(1)
    items = built.playbook.items
    own = sum(i.provenance == "city" for i in items)
    done = sum(i.status == "done" for i in items)
    click.echo(f"{city_dir}: OK. {len(items) - own} catalog recommendations and {own} of the city's own; "
               f"{done} done; {count(len(built.warnings), 'warning')}.")


@main.command()
@click.argument("slug")
@click.option("--root", type=click.Path(path_type=Path), default=Path("city_config"), show_default=True,
              help="Folder that holds the cities.")
@click.option("--name", help="The city's name; by default made from SLUG.")
@click.option("--languages", default="en", show_default=True,
              help="The site's languages, the default first, separated by commas, e.g. fr,en.")
def new(slug: str, root: Path, name: str | None, languages: str) -> None:
    """Start a new city in ROOT/SLUG, listing every recommendation as not-started."""
    if not re.fullmatch(SLUG, slug):
        raise click.BadParameter("use lowercase letters, digits and dashes, like 'port-city'",
                                 param_hint="SLUG")
    codes = tuple(c.strip() for c in languages.split(",") if c.strip())
    unknown = [c for c in codes if c not in shipped()]
    if unknown or not codes or len(set(codes)) != len(codes):
        raise click.BadParameter(f"write the languages once each, separated by commas, from {one_of(shipped())}, "
                                 "the default first, like fr,en", param_hint="--languages")
    target = root / slug
    if target.exists():
        click.echo(f"{target} already exists; choose another SLUG or edit the files there.", err=True)
        sys.exit(1)
    schema_dir = _schema_dir(root)
    files = scaffold.city_files(slug, name or slug.replace("-", " ").title(), load_catalog(),
                                schema_base=_relative(schema_dir, target), languages=codes)
    target.mkdir(parents=True)
    for filename, text in files.items():
        (target / filename).write_text(text, encoding="utf-8")
    click.echo(f"Created {target} with {', '.join(files)}.")
    if not (schema_dir / "city.schema.json").is_file():
        _write_schemas(schema_dir)
        click.echo(f"Wrote the JSON Schemas that the files name on their first line to {schema_dir}.")
    try:  # what is still to replace, as `validate` would say it (pages rendered in memory too)
        built = pipeline.build(target)
        built.outputs()
        warnings = built.warnings
    except PlaybookError as exc:  # a catalog given by the project that the scaffold does not fit
        _report(exc.everything())
        sys.exit(1)
    _report(warnings)
    click.echo(f"{count(len(warnings), 'warning')}: what is still to write or replace. Next: "
               f"edit the files, then run `city-playbook validate {target}` and "
               f"`PLAYBOOK_CITY={target} mkdocs serve`.")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("schema"), show_default=True,
              help="Folder to write the schemas to.")
def schema(out: Path) -> None:
    """Write the JSON Schema of every city file, for completion and checks in editors."""
    _write_schemas(out)
    click.echo(f"Wrote {len(schemas())} schemas to {out}. Reference one from the first line of a city "
               f"file: # yaml-language-server: $schema=<path to {out}>/commitments.schema.json")


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="The playbook's mkdocs.yml.")
@click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
              help="The engine that will build the export (ProperDocs builds MkDocs' export).")
def export(out: Path, config_file: Path, engine: str) -> None:
    """Write a plain MkDocs project (no playbook plugin) that builds to the same pages.

    The city is the one the config file names (set PLAYBOOK_CITY to export another)."""
    from .adapter.export import export_project  # imports MkDocs; only this command needs it

    try:
        exported = export_project(config_file, out, engine)
    except PlaybookError as exc:
        _refuse(exc, "error", "nothing was exported.")
    _report(exported.warnings)
    builder = {"mkdocs": "mkdocs", "properdocs": "properdocs"}.get(engine)
    if builder:
        others = sorted(p.parent.name for p in out.glob("*/mkdocs.yml"))  # one project per other language
        then = "".join(f" && {builder} build -f {out / lang / 'mkdocs.yml'}" for lang in others)
        click.echo(f"Exported {exported.files} files to {out}. Build it with: {builder} build -f "
                   f"{out / 'mkdocs.yml'}{then}")
    else:
        click.echo(f"Exported {exported.files} files to {out}. zensical build -f {out / 'mkdocs.yml'} builds it "
                   "without the Content-Security-Policy, which Zensical cannot add; city-playbook build "
                   "--engine zensical builds the site with it.")


@main.command()
@click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
              help="The program that renders the site.")
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="The playbook's mkdocs.yml.")
@click.option("-d", "--site-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Where the site is written.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build(engine: str, config_file: Path, site_dir: Path, strict: bool) -> None:
    """Build the site with MkDocs, ProperDocs or Zensical: the same pages, the same policy.

    Zensical runs no plugin, so it builds what `city-playbook export` writes, and the
    Content-Security-Policy is added to its pages afterwards."""
    from .adapter.engines import ZENSICAL_LIMITS, EngineError
    from .adapter.engines import build as build_with

    try:
        build_with(engine, config_file, site_dir, strict, _report)
    except PlaybookError as exc:
        _refuse(exc, "error", f"nothing was built and {site_dir} is unchanged.")
    except EngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if engine == "zensical":
        click.echo("Not yet with Zensical: " + "; ".join(ZENSICAL_LIMITS) + ".", err=True)
    click.echo(f"Built the site with {engine} into {site_dir}.")


def _write_schemas(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for filename, document in schemas().items():
        (out / filename).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _schema_dir(root: Path) -> Path:
    """The schema/ folder a new city's files name: the project's (schema/ here, as `city-playbook
    schema` writes it, when the city is inside this project), else one beside the cities.
    `new` writes it if it is not there. A relative path works in every editor, on every
    computer and in web editors, and moves with the files; the copy installed with the
    package lives at a path that differs on each computer and in each virtual environment,
    so it is never named."""
    here = Path.cwd()
    project = (here / "schema" / "city.schema.json").is_file() or (here / "mkdocs.yml").is_file()
    if project and root.resolve().is_relative_to(here.resolve()):
        return here / "schema"
    return root.absolute() / "schema"


@main.command("import")
@click.argument("table", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("city_dir", type=click.Path(path_type=Path), required=False)
@click.option("--catalog", type=click.Path(path_type=Path), help="A replacement catalog folder.")
@click.option("--dry-run", is_flag=True, help="List what would change, and write nothing.")
def import_table(table: Path, city_dir: Path | None, catalog: Path | None, dry_run: bool) -> None:
    """Update the city's YAML from commitments.csv or readings.csv, edited in a spreadsheet.

    TABLE is one of the site's CSV downloads (data/commitments.csv or data/readings.csv),
    with values changed. Only the values that differ are written; comments, key order and
    layout stay as they are. Nothing is written if any cell is wrong or the result would
    not pass `validate`. CITY_DIR defaults as for validate.
    """
    from .tools.spreadsheet import import_table as read_table

    city_dir = city_dir or _default_city(f"import {table}")
    try:
        result = read_table(table, city_dir, catalog)
    except PlaybookError as exc:
        _refuse(exc, "problem", "nothing was written.")
    shown = display_path(result.file)
    if result.text is None:
        click.echo(f"Every value in {table} already matches {shown}; nothing to write.")
        return
    for change in result.changes:
        click.echo(f"  {change}")
    _report(result.warnings)
    if dry_run:
        click.echo(f"{count(len(result.changes), 'value')} would change in {shown} (--dry-run: nothing written).")
        return
    result.write()
    click.echo(f"Updated {shown}: {count(len(result.changes), 'value')} changed; the city passes validate.")


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix() + "/"


@main.command()
def reference() -> None:
    """Print the reference of every key of every city file (Markdown)."""
    click.echo(reference_markdown(), nl=False)


# --- Every city of the repository at once ------------------------------------------------


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
    from .portfolio.shards import shard_of

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

    from .adapter.build_all import build_cities
    from .portfolio.aggregate import BUILDS, PORTFOLIO_FILES, BuildRecord, write_record

    # absolute(), not resolve(): a city folder that is a link keeps its own name as its slug
    cities = [p.absolute() for p in _cities_of(root, shard)]
    if not cities:
        click.echo(f"No city in {root}: no folder there has a city.yml." if not shard else
                   f"No city of {root} is in shard {shard[0]}/{shard[1]}.", err=True)
        sys.exit(1)
    from .portfolio.pages import RESERVED

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

    from .adapter.portfolio_site import build_portfolio

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
    from .portfolio.shards import matrix, shard_of

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
    from .portfolio.shards import merge as merge_shards

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
