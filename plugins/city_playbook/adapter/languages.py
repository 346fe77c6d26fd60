"""The pieces of a site in several languages that MkDocs' configuration and templates need:
links between the same page in each language, and the search plugin to set per pass."""

from __future__ import annotations

import posixpath
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from mkdocs.config.defaults import MkDocsConfig


class Sibling(str):
    """An address already relative to the page it is on: MkDocs' `url` filter would read it
    from the site's root, and cannot reach above it (to the default language's pages)."""


def keep_sibling_links(url_filter: Any) -> Any:
    @pass_context
    def url(context: Context, value: str) -> str:
        return value if isinstance(value, Sibling) else url_filter(context, value)
    return url


def sibling_href(default: str, url: str, here: str, there: str) -> str:
    """From page `url` of the site in language `here` to the same page in `there`; the
    `default` language's site is at the root, each other one under /<code>/."""
    def at(language: str) -> str:
        return url if language == default else f"{language}/{url}"

    current = at(here)
    folder = current.rstrip("/") if current.endswith("/") or not current else posixpath.dirname(current)
    target = at(there)
    href = posixpath.relpath(target or ".", folder or ".")
    return href + "/" if target.endswith("/") or not target else href


def search_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")
