"""City playbook: a city's ISO 37106 smart-city operating-model playbook, built with MkDocs.

The package is laid out by stage; each package imports only from the ones below it
(import-linter checks it, see `.importlinter`):

    cli/            the `city-playbook` command, one module per group of commands
    adapter/        MkDocs and the other engines: the plugin, its settings, the plain
                    export, many cities in one run, the portfolio site
    tools/          editors' tools: new city, spreadsheet import, line-preserving edits,
                    the YAML reference
    pipeline.py     the whole flow in one call: catalog -> city -> playbook -> pages
    portfolio/      a programme of many cities: records, shards, the portfolio's pages
    site/           what a citizen reads: page list and URLs, Markdown from templates,
                    charts, open data, feeds, the page policy
    core/           strict YAML, typed validation, the catalog, a city, its history,
                    resolution; the interface strings; no MkDocs, no templates

The names below are the public API; they are imported on first use (PEP 562), because
the MkDocs plugin imports this package on every build and must not pay for the models
and templates when its cache answers.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("city-playbook")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

_PUBLIC = {
    "Built": "pipeline", "build": "pipeline",
    "Catalog": "core.catalog", "load_catalog": "core.catalog",
    "City": "core.city", "load_city": "core.city",
    "Playbook": "core.resolve", "resolve": "core.resolve",
    "Diagnostic": "core.diagnostics", "PlaybookError": "core.diagnostics", "Severity": "core.diagnostics",
    "Output": "core.output",
}
__all__ = [
    "Built", "Catalog", "City", "Diagnostic", "Output", "Playbook", "PlaybookError", "Severity",
    "__version__", "build", "load_catalog", "load_city", "resolve",
]

if TYPE_CHECKING:
    from .core.catalog import Catalog, load_catalog
    from .core.city import City, load_city
    from .core.diagnostics import Diagnostic, PlaybookError, Severity
    from .core.output import Output
    from .core.resolve import Playbook, resolve
    from .pipeline import Built, build


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
