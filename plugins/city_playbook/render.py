"""Rendering: a resolved Playbook becomes the Markdown of every page (Jinja2).

Every page is a Jinja2 template with autoescape and StrictUndefined. Text from YAML is
neutralised for both HTML and Markdown by default (`finalize`), so a template has to opt
in, with a filter, to anything that is not plain text.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
from collections.abc import Sequence
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import jinja2
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.runtime import Context
from markupsafe import Markup

from . import charts, richtext
from .changes import Change, grouped, summary
from .diagnostics import Diagnostic
from .export import DATA_FILES, TABLES
from .feeds import FEED_FILES
from .feeds import target as change_target
from .layout import FEATURE_OF_PART, HERE, Page, anchor, item_href_target, pages, part_src, relative_href, strings
from .resolve import Playbook

TEMPLATES = HERE / "templates"


def _finalize(value: Any) -> Any:
    """Anything a template prints is plain text unless a filter marked it otherwise."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return richtext.plain(value)


class _BytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs, as Python keeps __pycache__: compiling our
    templates is about a fifth of the plugin's time in a one-off `mkdocs build`. Entries are
    checked against the template's source, and the file names carry a fingerprint of this
    module (the environment's options) and of Jinja's version, so an edit to either
    recompiles. A cache that cannot be written is skipped."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    source = Path(__file__).read_bytes() + jinja2.__version__.encode()
    fingerprint = hashlib.sha256(source).hexdigest()[:16]
    try:  # a private folder of this user's in the temporary directory
        return _BytecodeCache(pattern=f"__city_playbook_{fingerprint}_%s.cache")
    except (OSError, RuntimeError):
        return None


@cache
def environment() -> Environment:
    # auto_reload off: the templates are part of the installed package, not of a city, so a
    # long-lived process (`mkdocs serve`, build-all) need not look at them again every build.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=_finalize, bytecode_cache=_bytecode_cache(), auto_reload=False)
    env.filters.update(rich=richtext.to_html, attr=richtext.attribute, url=_url, item_url=_item_url,
                       anchor=anchor, plural=plural, date=date_for_readers, isodate=_isodate, change_url=_change_url)
    env.globals.update(t=strings(), charts=charts, data_files=DATA_FILES, data_tables=TABLES, feeds=FEED_FILES,
                       grouped=grouped, summary=summary)
    return env


def plural(count: int, one: str, many: str | None = None) -> str:
    """`one` for a count of 1, else `many` (`one` + "s" by default): `{{ n }} {{ n|plural("phase") }}`,
    `{{ n|plural("is", "are") }}`. One filter, so no template writes "1 are" or "problem(s)"."""
    if count == 1:
        return one
    return one + "s" if many is None else many


def long_date(day: date) -> str:
    """"15 October 2026": no reader can take the day for the month, as in 10/02/2026. Month
    names come from the interface strings, not the locale, so every build says the same."""
    return f"{day.day} {strings()['months'][day.month - 1]} {day.year}"


@lru_cache(maxsize=4096)  # a city has a few dozen dates, printed hundreds of times a build
def date_for_readers(day: date, element: bool = True) -> Markup | str:
    """A date as readers see it, inside `<time datetime="YYYY-MM-DD">` so that machines still
    read ISO 8601. `element=False` gives the bare words, for text that cannot hold markup
    (an SVG <title>)."""
    if not element:
        return long_date(day)
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), long_date(day))


@pass_context
def _url(context: Context, target: str) -> Markup:
    return richtext.attribute(relative_href(context["page"].src, target, context["directory_urls"],
                                                 context["links_from_source"]))


def _isodate(text: str) -> Markup | str:
    """A date kept as ISO text (an old or new value in the history), as readers see dates."""
    return date_for_readers(date.fromisoformat(text))


@pass_context
def _change_url(context: Context, change: Change) -> Markup:
    return _url(context, change_target(context["playbook"], change))


@pass_context
def _item_url(context: Context, item_id: str) -> Markup:
    return _url(context, item_href_target(context["playbook"], item_id))


def feedback_href(playbook: Playbook, page: Page) -> str | None:
    feedback = playbook.city.profile.feedback
    subject = f"Playbook feedback: {page.title}"
    if feedback.url:  # the page's id joins any query the form's address has, before its #fragment
        parts = urlsplit(feedback.url)
        query = "&".join(q for q in (parts.query, urlencode({"page": page.src.removesuffix(".md")})) if q)
        return urlunsplit(parts._replace(query=query))
    if feedback.email:
        return f"mailto:{feedback.email}?subject={quote(subject)}"
    return None


def render_page(playbook: Playbook, page: Page, *, directory_urls: bool = True,
                problems: Sequence[Diagnostic] = (), links_from_source: bool = False) -> str:
    return render_template(page, directory_urls, playbook=playbook, problems=problems,
                           links_from_source=links_from_source,
                           city=playbook.city.profile, catalog=playbook.catalog,
                           feedback=feedback_href(playbook, page), part_src=lambda p: part_src(playbook, p),
                           feature_of=FEATURE_OF_PART)


def render_template(page: Page, directory_urls: bool, *, links_from_source: bool = False, **context: Any) -> str:
    """A page's Markdown, front matter included: a city's pages and a portfolio's alike."""
    template = environment().get_template(page.template)
    body = template.render(page=page, directory_urls=directory_urls, links_from_source=links_from_source,
                           **context, **page.context)
    return _front_matter(page) + body


def _front_matter(page: Page) -> str:
    """Page metadata for the theme. mkdocs-material prints the description into an
    attribute without escaping, so it is escaped here. PyYAML writes it, so any text (an
    emoji, a line separator) stays valid YAML that MkDocs reads back."""
    return _front_matter_of(page.description, page.searchable)


@lru_cache(maxsize=1024)  # PyYAML's pure-Python emitter; most pages keep their description
def _front_matter_of(description: str, searchable: bool) -> str:
    meta: dict[str, Any] = {"description": html.escape(" ".join(description.split()))}
    if not searchable:
        meta["search"] = {"exclude": True}
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, width=10**6, sort_keys=True)}---\n\n"


def render_site(playbook: Playbook, *, directory_urls: bool = True, problems: Sequence[Diagnostic] = (),
                links_from_source: bool = False) -> dict[str, str]:
    """Every page's Markdown, keyed by its path in the site."""
    return {page.src: render_page(playbook, page, directory_urls=directory_urls, problems=problems,
                                  links_from_source=links_from_source)
            for page in pages(playbook)}
