"""The languages a site can be written in: interface strings and locale rules.

Each language is one file, `strings/<code>.yml`, so adding a language is adding files.
Plural categories, dates and numbers come from Babel (CLDR), never from rules written
here: French counts 0 as singular, German writes "15. Oktober", and Babel knows both.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from string import Formatter
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from .cache import memo
from .richtext import inline, plain
from .yamlsafe import load_file

STRINGS = Path(__file__).parent / "strings"
DEFAULT = "en"
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
DEFAULT_ONLY = ("portfolio",)
"""Sections of en.yml in English only: the portfolio site that build-all writes over a
programme's cities is one site, in English, whatever its cities' languages."""


@memo()
def shipped() -> tuple[str, ...]:
    """Codes of the languages that have a strings file, the default first."""
    others = sorted(p.stem for p in STRINGS.glob("*.yml") if p.stem != DEFAULT)
    return (DEFAULT, *others)


def is_plural(value: Any) -> bool:
    """A plural is a mapping of CLDR categories to forms (`one: ...`, `other: ...`)."""
    return isinstance(value, dict) and "other" in value and set(value) <= set(PLURAL_CATEGORIES)


def plural_categories(language: str) -> set[str]:
    """The CLDR categories a language's plurals need: English one/other, French one/many/other."""
    return set(Locale.parse(language).plural_form.tags) | {"other"}


class Strings:
    """One language's strings for templates: `t.status[s]` reads a section, and
    `t("home.stale_intro", count=n, days=...)` formats a sentence (plural by `count`) with
    every value escaped unless it is already markup (a link, a date element)."""

    def __init__(self, language: str, data: dict[str, Any]) -> None:
        self.language = language
        self._all = data
        self.locale = Locale.parse(language)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        found = self.__dict__["_all"]
        if name not in found and name in DEFAULT_ONLY:  # English everywhere, see DEFAULT_ONLY
            return strings(DEFAULT)[name]
        return found[name]

    def __call__(self, key: str, /, **values: Any) -> Markup:
        entry: Any = self._all
        for part in key.split("."):
            entry = entry[part]
        if is_plural(entry):
            entry = entry[self.locale.plural_form(values["count"])]
        pieces = []
        for literal, name, _, _ in Formatter().parse(entry):
            pieces.append(inline(literal))
            if name is not None:
                pieces.append(self._value(values[name]))
        return Markup("".join(pieces))

    def _value(self, value: Any) -> Markup:
        if hasattr(value, "__html__"):  # a link or a date element the template made
            return Markup(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.number(value)
        return plain(value)

    # Babel's no-break spaces ("3 100", "27 %") are kept: plain text would fold them.
    def number(self, value: float) -> Markup:
        return inline(format_decimal(value, locale=self.locale))

    def percent(self, value: float) -> Markup:
        """`27` -> "27%" in English, "27 %" in French."""
        return inline(format_percent(value / 100, locale=self.locale))

    def date(self, day: date, element: bool = True) -> Markup | str:
        """A date as readers see it ("15 October 2026", "15 octobre 2026"), inside
        `<time datetime="YYYY-MM-DD">` so that machines still read ISO 8601. `element=False`
        gives the bare words, for text that cannot hold markup (an SVG <title>)."""
        return _date(self.language, self._all["date_format"], day, element)


@memo(maxsize=4096)  # a city has a few dozen dates, printed hundreds of times a build
def _date(language: str, pattern: str, day: date, element: bool) -> Markup | str:
    words = format_date(day, pattern, locale=language)
    if not element:
        return words
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), words)


@memo()
def strings(language: str = DEFAULT) -> Strings:
    doc, errors = load_file(STRINGS / f"{language}.yml")
    assert doc is not None, errors  # package files, checked by the tests
    return Strings(language, doc.data)
