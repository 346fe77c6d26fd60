"""The `city-playbook` command: the checks of a build, and tools for editors, without MkDocs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, pipeline
from .diagnostics import PlaybookError


def _report(diagnostics: list, *, err: bool = True) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="city-playbook")
def main() -> None:
    """Build and check a city's ISO 37106 smart-city playbook.

    The site itself is built with `mkdocs build` or previewed with `mkdocs serve`.
    """


@main.command()
@click.argument("city_dir", type=click.Path(path_type=Path), default=Path("city_config/example-city"))
@click.option("--catalog", type=click.Path(path_type=Path), help="A replacement catalog folder.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(city_dir: Path, catalog: Path | None, strict: bool) -> None:
    """Check a city's files, as a build does, without building."""
    try:
        built = pipeline.build(city_dir, catalog)
    except PlaybookError as exc:
        _report(exc.diagnostics)
        click.echo(f"{len(exc.diagnostics)} error(s) in {city_dir}.", err=True)
        sys.exit(1)
    _report(built.warnings)
    if strict and built.warnings:
        click.echo(f"{len(built.warnings)} warning(s) in {city_dir}; --strict treats them as errors.",
                   err=True)
        sys.exit(1)
    items = built.playbook.counts
    click.echo(f"{city_dir}: OK. {items.total} recommendations, {items.by_status['done']} done, "
               f"{len(built.warnings)} warning(s).")
