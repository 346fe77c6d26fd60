"""The `city-playbook` command: the checks of a build, and tools for editors, without MkDocs.

One module per group of commands, each registering its commands on `main`:

    group       main, and how every command reports problems
    city        validate, new, import, schema, reference: one city's files
    site        build, export: the site, with any engine
    portfolio   build-all, list, merge: every city at once, and the portfolio
"""

from . import city, portfolio, site  # noqa: F401  (importing them registers their commands)
from .group import main

__all__ = ["main"]
