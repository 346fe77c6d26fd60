"""Rich text: the few fields where editors may write Markdown, and the escaping of all others.

Rich text is rendered with Python-Markdown and then sanitised with nh3 (the Ammonia
sanitiser), so even a payload that slips past validation cannot reach a reader as script.
Validation (`problems`) rejects raw HTML and unsafe links up front so that nothing an
editor writes is silently removed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import NamedTuple

import markdown
import nh3
from markupsafe import Markup

from .cache import memo

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
_RAW_HTML = re.compile(r"<(?!(?:https?|mailto|tel):)/?[A-Za-z!?][^>]*>")

# Characters that start syntax anywhere in a line in Markdown or in the pymdownx extensions
# MkDocs sites enable (attr_list's `{: onclick=...}` among them). Text from YAML is written
# into generated Markdown with these as character references, so it always reads as the
# letters the editor typed and never as syntax. A first character that is not a letter or
# digit is encoded too, in case a template ever puts a value at the start of a line
# (`- `, `# `, `> `, `1. `).
_MARKDOWN_SAFE = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]!|~^=:$@+"}
_MARKDOWN_SAFE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;",
                       ord("'"): "&#39;"})


# The project's own interface strings need less: they are reviewed text, not an editor's,
# so only what would open markup, an attribute or emphasis is encoded (an apostrophe or a
# colon reads as written, and the page's bytes stay as before the strings moved to files).
_INLINE_SAFE = {ord(c): _MARKDOWN_SAFE[ord(c)] for c in '&<>"`*_['}


def inline(text: str) -> Markup:
    """A piece of a sentence from the interface strings, its spaces kept: it sits between
    the values of a sentence ("Send ", " your feedback")."""
    return Markup(text.translate(_INLINE_SAFE))


def plain(text: object) -> Markup:
    """Plain text for a Markdown page: whitespace folded, HTML and Markdown neutralised."""
    return _plain(str(text))


@memo(maxsize=16384)
def _plain(text: str) -> Markup:
    """Cached: templates print the same names, owners and statuses thousands of times a build."""
    folded = " ".join(text.split())
    if folded[:1].isalnum() or not folded:
        return Markup(folded.translate(_MARKDOWN_SAFE))
    head = _MARKDOWN_SAFE.get(ord(folded[0]), f"&#{ord(folded[0])};")
    return Markup(head + folded[1:].translate(_MARKDOWN_SAFE))


def attribute(text: object) -> Markup:
    """A value for an HTML attribute written by our templates; a sentence of the interface
    strings is already escaped for one."""
    if isinstance(text, Markup):
        return text
    return _attribute(str(text))


@memo(maxsize=16384)  # the same ids and links, thousands of times a build
def _attribute(text: str) -> Markup:
    return Markup(html.escape(text, quote=True))


@memo()
def _converter() -> markdown.Markdown:
    """One converter for every rich-text field: building one costs about a millisecond (it
    registers every Markdown processor), which a city's forty fields paid twice each.
    Builds run in one thread; `reset()` clears what one text leaves behind."""
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


@memo(maxsize=4096)
def _markdown(text: str) -> str:
    """Cached: each rich text is converted when it is checked and again when it is shown."""
    return _converter().reset().convert(text)


@memo(maxsize=4096)  # the same field is shown on several pages, and again on a rebuild
def to_html(text: str) -> Markup:
    """Render rich text to sanitised HTML."""
    rendered = _markdown(text)
    return Markup(nh3.clean(rendered, tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                            url_schemes=ALLOWED_SCHEMES, url_relative="deny",
                            link_rel="noopener noreferrer"))


class Problem(NamedTuple):
    message: str
    snippet: str
    """The text as written that the problem is about ('' when it is not one place), so the
    message can point at its line."""


def problems(text: str) -> list[Problem]:
    """Why a rich-text value would not appear as written (raw HTML, unsafe links)."""
    found = []
    tag = _RAW_HTML.search(text)
    if tag:
        found.append(Problem(f"HTML such as '{tag.group(0)[:40]}' is not allowed; use Markdown "
                             "(**bold**, *italic*, [link text](https://...), lists)", tag.group(0)))
    elements = _Elements()
    elements.feed(_markdown(_RAW_HTML.sub("", text)))
    for href in elements.hrefs:
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if scheme not in ALLOWED_SCHEMES:
            found.append(Problem(f"the link '{href[:60]}' is not allowed; links must start with https://, "
                                 "http://, mailto: or tel:", href))
    dropped = sorted({_DROPPED.get(tag, tag) for tag in elements.tags - ALLOWED_TAGS})
    if dropped:
        found.append(Problem(f"{', '.join(dropped)} are not supported in rich text; write paragraphs, "
                             "lists, **bold**, *italic*, [links](https://...), `code` or > quotes", ""))
    return list(dict.fromkeys(found))  # the same bad link twice is one mistake to fix


# What the Markdown that produced a tag looks like, for the message.
_DROPPED = {"img": "images (![...](...))", "hr": "lines (---)", "pre": "code blocks (indented text)",
            **{f"h{n}": "headings (#)" for n in range(1, 7)}}


class _Elements(HTMLParser):
    """The tags and link targets of rendered rich text."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "a":
            self.hrefs.extend(v or "" for k, v in attrs if k == "href")
