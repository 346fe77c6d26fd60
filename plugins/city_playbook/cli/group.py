"""The `city-playbook` command group, and how every command reports problems."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from .. import __version__
from ..core.diagnostics import PlaybookError, count


def report(diagnostics: list, *, err: bool = True) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=err)


def refuse(exc: PlaybookError, noun: str, outcome: str) -> NoReturn:
    """Every problem, then one line that counts them and says what was left untouched."""
    report(exc.everything())
    click.echo(f"{count(len(exc.diagnostics), noun)}; {outcome}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="city-playbook")
def main() -> None:
    """Build and check a city's ISO 37106 smart-city playbook.

    The site is built with `mkdocs build` (or `city-playbook build --engine ...`) and previewed
    with `mkdocs serve`.
    """
