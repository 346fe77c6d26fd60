"""The mkdocs.yml settings a playbook needs: site name, description, navigation, extensions, CSS.

Used by the plugin (on the live config), by `city-playbook export` (on the YAML it writes)
and by the portfolio site, so all three are configured the same way. It belongs to the
adapter: the core and the pages never see MkDocs' configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.language import shipped, strings
from ..core.output import Output
from ..site.pages import ASSETS

REQUIRED_EXTENSIONS = ("attr_list", "toc")


def _theme_text(text: str) -> str:
    """The site name or description for mkdocs-material (and Zensical's copy of its
    templates), which print them unescaped in text and in double-quoted attributes, and
    the name escaped (`| e`) in another attribute. Escaping only what
    can open a tag or close the attribute keeps it safe everywhere and still reads right
    where the theme escapes it again: "Brighton & Hove", "King's Lynn"."""
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def site_settings(output: Output, config: Mapping[str, Any], *, set_site_name: bool = True,
                  set_nav: bool = True) -> dict[str, Any]:
    """The mkdocs.yml settings the playbook needs, given the current ones.

    Used by the plugin (on the live config) and by `city-playbook export` (on the YAML it
    writes), so both sites are configured the same way."""
    # The theme prints both names unescaped; escaped here only as far as safety needs, so
    # that the export's mkdocs.yml still reads as the editor wrote it ("the city's").
    changes: dict[str, Any] = {"site_description": _theme_text(output.summary)}
    if set_site_name:
        changes["site_name"] = _theme_text(output.site_name)
    if set_nav and not config.get("nav"):
        changes["nav"] = output.nav
    extensions = list(config.get("markdown_extensions") or [])
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    missing = [e for e in REQUIRED_EXTENSIONS if e not in names]
    if missing:
        changes["markdown_extensions"] = extensions + missing
    # The site's own style sheet and script, then the city's colours (core/brand) if it has any.
    ours = [*ASSETS, *(src for src in output.data if src.startswith("assets/") and src.endswith(".css"))]
    for key, suffix in (("extra_css", ".css"), ("extra_javascript", ".js")):
        present = list(config.get(key) or [])
        listed = {str(getattr(v, "path", v)) for v in present}  # MkDocs keeps scripts as ExtraScriptValue
        wanted = [src for src in ours if src.endswith(suffix) and src not in listed]
        if wanted:
            changes[key] = present + wanted
    return changes


# The theme's own labels that a project's mkdocs.yml writes once, in one language: the
# permalink's title (the toc extension) and the colour toggle's name (mkdocs-material). Each
# language's pass gets them in its language, unless the project wrote words of its own.
_NEXT_SCHEME_LABEL = {"slate": "to_dark", "default": "to_light"}


def _label(current: Any, key: str, language: str) -> Any:
    """`language`'s label where the project left it unset or wrote one of ours (in any
    language: the previous language's pass wrote it), else the project's own."""
    if current is None or current in {strings(code)["theme"][key] for code in shipped()}:
        return strings(language)["theme"][key]
    return current


def toc_labels(options: Mapping[str, Any] | None, language: str) -> dict[str, Any]:
    """The toc extension's options, with the permalink's title in `language`."""
    found = dict(options or {})
    if found.get("permalink"):
        found["permalink_title"] = _label(found.get("permalink_title"), "permalink", language)
    return found


def palette_labels(palette: Any, language: str) -> Any:
    """mkdocs-material's palette, each toggle named in `language` after the scheme it turns
    on (the next entry's): "Switch to dark mode" leads to `slate`."""
    if not isinstance(palette, list):
        return palette
    result = []
    for i, entry in enumerate(palette):
        after = palette[(i + 1) % len(palette)]
        key = _NEXT_SCHEME_LABEL.get(str(after.get("scheme"))) if isinstance(after, dict) else None
        toggle = entry.get("toggle") if isinstance(entry, dict) else None
        if key and isinstance(toggle, dict):
            entry = {**entry, "toggle": {**toggle, "name": _label(toggle.get("name"), key, language)}}
        result.append(entry)
    return result


def localized_yaml(settings: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The changes that give an exported mkdocs.yml (`settings`, as YAML holds it) the
    theme's labels in `language`."""
    changes: dict[str, Any] = {}
    theme = settings.get("theme")
    if isinstance(theme, dict) and "palette" in theme:
        changes["theme"] = {**theme, "palette": palette_labels(theme["palette"], language)}
    extensions = settings.get("markdown_extensions")
    if isinstance(extensions, list):
        changes["markdown_extensions"] = [
            {"toc": toc_labels(e["toc"], language)} if isinstance(e, dict) and "toc" in e else e
            for e in extensions]
    return changes
