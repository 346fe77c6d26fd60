"""A city's text per language: the site's languages, and each file with its texts written
per language (`vision: {fr: ..., en: ...}`) read in one of them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, Severity, one_of
from ..language import DEFAULT, shipped, strings
from ..model import CityProfile, Commitment, PartStatement, PrincipleChoice, translatable
from ..yamlsafe import Document, Key
from .folder import OPTIONAL_FILES


def site_languages(doc: Document | None) -> tuple[str, ...]:
    """The languages city.yml names, read before any file is checked: each language's pass
    checks the files with their text in that language. Anything malformed counts as the
    default language alone (checking city.yml then says what is wrong)."""
    data = doc.data if doc else {}
    wanted = data.get("languages") or [data.get("language") or DEFAULT]
    if (isinstance(wanted, list) and all(isinstance(w, str) and w in shipped() for w in wanted)
            and len(set(wanted)) == len(wanted)):
        return tuple(wanted)
    return (DEFAULT,)


def _model_of(name: str, loc: Key) -> tuple[Any, Key]:
    """The model that data at `loc` of a city file is checked against, and its place there."""
    if name == "commitments.yml":
        return (Commitment if "." in str(loc[0]) else PartStatement) if loc else None, loc[1:]
    if name == "principles.yml":
        return PrincipleChoice, loc[1:]
    return {"city.yml": CityProfile, **OPTIONAL_FILES}[name], loc


def in_language(doc: Document, name: str, language: str, languages: tuple[str, ...], found: list[Diagnostic],
                 untranslated: set[str]) -> Document:
    """The file with each text written per language (`vision: {fr: ..., en: ...}`) replaced
    by its text in `language`. A missing translation is a warning, and the default
    language's text stands in (and is marked, in `untranslated`, to carry its own `lang`)."""
    default = languages[0]

    def choose(texts: dict[str, Any], loc: Key) -> Any:
        for code in texts:
            if code not in languages:
                found.append(doc.error((*loc, code), f"'{code}' is not a language of this site; write the text "
                                       f"under {one_of(languages)}, or add {code} to 'languages' in city.yml",
                                       at_key=True))
        if language in texts:
            return texts[language]
        if default not in texts:
            found.append(doc.error(loc, f"there is no text in {default}, the site's default language; add "
                                   f"'{default}: ...' on a line below, indented"))
            return next(iter(texts.values()))
        found.append(doc.error(loc, f"no text in {language} ({strings(language).language_name}); the {default} "
                               f"text is shown on those pages until you add '{language}: ...'",
                               severity=Severity.WARNING))
        if isinstance(texts[default], str):
            untranslated.add(" ".join(texts[default].split()))
        return texts[default]

    def walk(value: Any, loc: Key) -> Any:
        if isinstance(value, dict):
            model, place = _model_of(name, loc)
            if any(k in shipped() for k in value) and model is not None and translatable(model, place):
                return choose(value, loc)
            return {k: walk(v, (*loc, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*loc, i)) for i, v in enumerate(value)]
        return value

    return replace(doc, data=walk(doc.data, ()))
