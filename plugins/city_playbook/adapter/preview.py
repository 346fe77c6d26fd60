"""Under `mkdocs serve`, a page whose Markdown has not changed since the last rebuild is not
converted to HTML again.

A save changes a few of the city's pages (an item's part page, the lists that show it), but
MkDocs converts all of them on every rebuild, and converting was about 40% of a rebuild:
the generated pages hold much raw HTML, which Python-Markdown parses block by block. MkDocs
offers nothing for this (its `--dirty` builds skip by file dates, which generated pages do
not have), so the adapter keeps each page's conversion, keyed by everything it depends on:
the page's final Markdown, every file of the site and its address (links are resolved
against them), the Markdown extensions and their options, and the language pass. On a hit
the page is given an empty Markdown to convert, and the kept HTML, table of contents, title
and anchors are put back. Messages that the conversion logged (a link to a missing page)
are kept with it and logged again, so an editor sees on every rebuild what a full build
says. Only the last rebuild's conversions are kept. `mkdocs build` never uses this.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.city_playbook")


@dataclass(frozen=True)
class _Converted:
    html: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None
    """Links to anchors in other files, by the linked file's path (File objects are new in
    every rebuild)."""
    records: tuple[logging.LogRecord, ...]


class _Records(logging.Handler):
    """What MkDocs logs while one page is converted, in the building thread only (the
    server's thread logs requests meanwhile)."""

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(record)


class Conversions:
    """The pages converted in the last rebuild, and those of the rebuild under way."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, _Converted] = {}
        self._made: dict[Hashable, _Converted] = {}
        self._context: Hashable = None
        self._hits: dict[str, _Converted] = {}
        self._pending: dict[str, tuple[Hashable, _Records]] = {}
        self.reused = 0
        """Pages whose conversion the rebuild under way took from the last one."""

    def start(self, files: Files, config: MkDocsConfig, language: str | None) -> None:
        """A pass of MkDocs begins, with these files and this configuration."""
        self._context = (language, config.use_directory_urls, repr(config.markdown_extensions),
                         repr(config.mdx_configs), tuple((f.src_uri, f.dest_uri, f.url) for f in files))

    def before(self, markdown: str, page: Page) -> str:
        """The Markdown MkDocs is to convert: nothing when the last rebuild converted the same."""
        key = (self._context, page.file.src_uri, markdown)
        hit = self._kept.get(key)
        if hit is not None:
            self._made[key] = hit
            self._hits[page.file.src_uri] = hit
            self.reused += 1
            return ""
        records = _Records()
        logging.getLogger("mkdocs").addHandler(records)
        self._pending[page.file.src_uri] = (key, records)
        return markdown

    def after(self, html: str, page: Page, files: Files) -> str:
        """The page's HTML: the kept conversion put back, or the new one kept."""
        src = page.file.src_uri
        hit = self._hits.pop(src, None)
        if hit is not None:
            page.toc = hit.toc
            page._title_from_render = hit.title
            page.present_anchor_ids = hit.anchors
            if hit.links is not None:
                page.links_to_anchors = {file: anchors for path, anchors in hit.links.items()
                                         if (file := files.get_file_from_path(path)) is not None}
            for record in hit.records:
                logging.getLogger(record.name).handle(record)
            return hit.html
        pending = self._pending.pop(src, None)
        if pending is None:  # converted before this plugin saw its Markdown
            return html
        key, records = pending
        logging.getLogger("mkdocs").removeHandler(records)
        links = page.links_to_anchors
        self._made[key] = _Converted(html, page.toc, page._title_from_render, page.present_anchor_ids,
                                     None if links is None else {f.src_uri: a for f, a in links.items()},
                                     tuple(records.records))
        return html

    def finish(self, succeeded: bool) -> None:
        """The rebuild is over: its conversions are the ones the next rebuild may reuse."""
        for _, records in self._pending.values():
            logging.getLogger("mkdocs").removeHandler(records)
        self._pending.clear()
        self._hits.clear()
        if succeeded:
            log.debug(f"{self.reused} of {len(self._made)} pages reused as converted in the last rebuild")
            self._kept = self._made
        self._made = {}
        self.reused = 0
