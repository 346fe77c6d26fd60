"""The commands that make the site: build (with any engine) and export (a plain MkDocs
project)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..adapter.engines import ENGINES
from ..core.diagnostics import PlaybookError
from .group import main, refuse, report


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="The playbook's mkdocs.yml.")
@click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
              help="The engine that will build the export (ProperDocs builds MkDocs' export).")
def export(out: Path, config_file: Path, engine: str) -> None:
    """Write a plain MkDocs project (no playbook plugin) that builds to the same pages.

    The city is the one the config file names (set PLAYBOOK_CITY to export another)."""
    from ..adapter.export import export_project  # imports MkDocs; only this command needs it

    try:
        exported = export_project(config_file, out, engine)
    except PlaybookError as exc:
        refuse(exc, "error", "nothing was exported.")
    report(exported.warnings)
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
    from ..adapter.engines import ZENSICAL_LIMITS, EngineError
    from ..adapter.engines import build as build_with

    try:
        build_with(engine, config_file, site_dir, strict, report)
    except PlaybookError as exc:
        refuse(exc, "error", f"nothing was built and {site_dir} is unchanged.")
    except EngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if engine == "zensical":
        click.echo("Not yet with Zensical: " + "; ".join(ZENSICAL_LIMITS) + ".", err=True)
    click.echo(f"Built the site with {engine} into {site_dir}.")
