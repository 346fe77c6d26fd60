"""Rendering: a resolved Playbook becomes the Markdown of every page (Jinja2).

Every page is a Jinja2 template with autoescape and StrictUndefined. Text from YAML is
neutralised for both HTML and Markdown by default (`finalize`), so a template has to opt
in, with a filter, to anything that is not plain text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..core import richtext
from ..core.brand import logo_src
from ..core.cache import memo
from ..core.changes import Change, grouped, summary
from ..core.diagnostics import Diagnostic
from ..core.ids import anchor
from ..core.language import Strings, strings
from ..core.resolve import Playbook
from . import charts
from .bytecode import bytecode_cache
from .feeds import FEED_FILES
from .feeds import target as change_target
from .opendata import DATA_FILES, TABLES
from .pages import HERE, Page, item_href_target, pages, part_src, relative_href, see_also

TEMPLATES = HERE / "templates"


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Anything a template prints is plain text unless a filter marked it otherwise. A text
    the city has not translated into the page's language carries the language it is in."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    untranslated = context["untranslated"]
    language = untranslated.get(" ".join(value.split())) if untranslated and isinstance(value, str) else None
    if language:
        return Markup('<span lang="{}">{}</span>').format(language, richtext.plain(value))
    return richtext.plain(value)


@pass_context
def _rich(context: Context, value: str) -> Markup:
    html = richtext.to_html(value)
    language = context["untranslated"].get(" ".join(value.split()))
    if language:
        return Markup('<div lang="{}">{}</div>').format(language, html)
    return html


@memo()
def environment() -> Environment:
    # auto_reload off: the templates are part of the installed package, not of a city, so a
    # long-lived process (`mkdocs serve`, build-all) need not look at them again every build.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=_finalize, auto_reload=False,
                      # compiling our templates is about a fifth of the plugin's time in a one-off build;
                      # this module sets the environment's options, so its source is in the key
                      bytecode_cache=bytecode_cache("templates", Path(__file__).read_bytes()))
    env.filters.update(rich=_rich, attr=richtext.attribute, url=_url, item_url=_item_url,
                       anchor=anchor, date=_date, number=_number, percent=_percent,
                       isodate=_isodate, change_url=_change_url)
    env.globals.update(charts=charts, data_files=DATA_FILES, data_tables=TABLES, link=link, feeds=FEED_FILES,
                       grouped=grouped, summary=summary)
    return env


# Dates and numbers as the page's language writes them ("15 octobre 2026", "27 %"): the
# filters read the language from the page being rendered.
@pass_context
def _date(context: Context, day: date, element: bool = True) -> Markup | str:
    return context["t"].date(day, element)


@pass_context
def _number(context: Context, value: float) -> Markup:
    return context["t"].number(value)


@pass_context
def _percent(context: Context, value: float) -> Markup:
    return context["t"].percent(value)


def link(href: str, text: object) -> Markup:
    """A link for a sentence of the interface strings (`{link}`): the address escaped for
    an attribute, the text as plain text unless it is already markup."""
    shown = text if isinstance(text, Markup) else richtext.plain(text)
    return Markup('<a href="{}">{}</a>').format(richtext.attribute(href), shown)


@pass_context
def _url(context: Context, target: str) -> Markup:
    return richtext.attribute(relative_href(context["page"].src, target, context["directory_urls"],
                                                 context["links_from_source"]))


@pass_context
def _isodate(context: Context, text: str) -> Markup | str:
    """A date kept as ISO text (an old or new value in the history), as readers see dates."""
    return context["t"].date(date.fromisoformat(text))


@pass_context
def _change_url(context: Context, change: Change) -> Markup:
    return _url(context, change_target(context["playbook"], change))


@pass_context
def _item_url(context: Context, item_id: str) -> Markup:
    return _url(context, item_href_target(context["playbook"], item_id))


def feedback_href(playbook: Playbook, page: Page, t: Strings) -> str | None:
    feedback = playbook.city.profile.feedback
    subject = str(t.common["feedback_subject"]).format(page=page.title)
    if feedback.url:  # the page's id joins any query the form's address has, before its #fragment
        parts = urlsplit(feedback.url)
        query = "&".join(q for q in (parts.query, urlencode({"page": page.src.removesuffix(".md")})) if q)
        return urlunsplit(parts._replace(query=query))
    if feedback.email:
        return f"mailto:{feedback.email}?subject={quote(subject)}"
    return None


def render_page(playbook: Playbook, page: Page, t: Strings, *, directory_urls: bool = True,
                problems: Sequence[Diagnostic] = (), links_from_source: bool = False) -> str:
    return render_template(page, directory_urls, playbook=playbook, problems=problems,
                           links_from_source=links_from_source,
                           city=playbook.city.profile, catalog=playbook.catalog, t=t,
                           untranslated=playbook.untranslated,
                           feedback=feedback_href(playbook, page, t), part_src=lambda p: part_src(playbook, p),
                           see_also=see_also(playbook), features=playbook.catalog.standard.features,
                           logo_src=logo_src(playbook.city.profile))


def render_template(page: Page, directory_urls: bool, *, links_from_source: bool = False, **context: Any) -> str:
    """A page's Markdown, front matter included: a city's pages and a portfolio's alike (the
    portfolio is in the default language: it has no `t` or `untranslated` of its own)."""
    template = environment().get_template(page.template)
    context = {"t": strings(), "untranslated": {}, **context}
    body = template.render(page=page, directory_urls=directory_urls, links_from_source=links_from_source,
                           **context, **page.context)
    return _front_matter(page) + body


def _front_matter(page: Page) -> str:
    """Page metadata for the theme. mkdocs-material prints the description into an
    attribute without escaping, so it is escaped here. PyYAML writes it, so any text (an
    emoji, a line separator) stays valid YAML that MkDocs reads back."""
    return _front_matter_of(page.description, page.searchable)


@memo(maxsize=1024)  # PyYAML's pure-Python emitter; most pages keep their description
def _front_matter_of(description: str, searchable: bool) -> str:
    meta: dict[str, Any] = {"description": html.escape(" ".join(description.split()))}
    if not searchable:
        meta["search"] = {"exclude": True}
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, width=10**6, sort_keys=True)}---\n\n"


def render_site(playbook: Playbook, t: Strings, *, directory_urls: bool = True,
                problems: Sequence[Diagnostic] = (), links_from_source: bool = False) -> dict[str, str]:
    """Every page's Markdown in one language, keyed by its path in the site."""
    return {page.src: render_page(playbook, page, t, directory_urls=directory_urls, problems=problems,
                                  links_from_source=links_from_source)
            for page in pages(playbook, t)}
