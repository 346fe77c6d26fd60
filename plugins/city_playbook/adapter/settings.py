"""The mkdocs.yml settings a playbook needs: site name, description, navigation, extensions, CSS.

Used by the plugin (on the live config), by `city-playbook export` (on the YAML it writes)
and by the portfolio site, so all three are configured the same way. It belongs to the
adapter: the core and the pages never see MkDocs' configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
