"""The commands for one city's files: validate, new, import, and the schemas and reference
that help editors write them."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click

from .. import pipeline
from ..core.catalog import load_catalog
from ..core.city import city_folders, display_path, schemas
from ..core.diagnostics import PlaybookError, count, one_of
from ..core.ids import SLUG
from ..core.language import shipped
from ..tools import scaffold
from ..tools.reference import markdown as reference_markdown
from .group import main, refuse, report


def default_city(command: str = "validate") -> Path:
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
    city_dir = city_dir or default_city()
    try:
        built = pipeline.build(city_dir, catalog)
        built.outputs()
    except PlaybookError as exc:
        report(exc.everything())
        warned = f" and {count(len(exc.warnings), 'warning')}" if exc.warnings else ""
        click.echo(f"{count(len(exc.diagnostics), 'error')}{warned} in {city_dir}.", err=True)
        sys.exit(1)
    report(built.warnings + built.playbook.timeline.skipped)
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
        report(exc.everything())
        sys.exit(1)
    report(warnings)
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
    from ..tools.spreadsheet import import_table as read_table

    city_dir = city_dir or default_city(f"import {table}")
    try:
        result = read_table(table, city_dir, catalog)
    except PlaybookError as exc:
        refuse(exc, "problem", "nothing was written.")
    shown = display_path(result.file)
    if result.text is None:
        click.echo(f"Every value in {table} already matches {shown}; nothing to write.")
        return
    for change in result.changes:
        click.echo(f"  {change}")
    report(result.warnings)
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
