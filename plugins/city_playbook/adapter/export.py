"""`city-playbook export`: the playbook as a plain MkDocs project, with no plugin of ours.

This keeps every door open (ProperDocs, Zensical, any host that runs plain MkDocs): the
generated Markdown, the open data and the stylesheet are written out (one project per
language), and mkdocs.yml is
rewritten with the settings the plugin would have applied. The Content-Security-Policy
comes along as a MkDocs hook, `hooks/city_playbook_csp.py`: a copy of the package's `csp`
module, which needs nothing but the standard library, so the export builds to the same
pages, policy included, where the playbook is not installed. A hook rather than a theme
override, because the policy lists the hash of each of the theme's inline scripts, which
differ from page to page (a script holds the page's path to the site root) and which a
template cannot compute; an override could only allow every inline script.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from .. import pipeline
from ..core.diagnostics import Diagnostic
from ..core.output import Output
from ..site import csp
from ..site.pages import ASSETS
from .settings import localized_yaml, site_settings

PLUGIN_NAMES = ("city-playbook",)
HOOK = "hooks/city_playbook_csp.py"


@dataclass(frozen=True)
class Exported:
    files: int
    warnings: list[Diagnostic]
    """The city's warnings, which the caller shows: an export must not hide them."""
    content_security_policy: bool
    """Whether the pages are to carry the policy (the plugin's option of that name)."""
    strict: bool
    """mkdocs.yml's `strict`: warnings are errors."""


def export_project(config_file: Path, out: Path, engine: str = "mkdocs") -> Exported:
    """Write the project to `out`, for `engine` to build: MkDocs (and ProperDocs), or
    Zensical, which reads links inside HTML differently and runs no hook.

    A city in several languages is one project per language: the default in `out`, each
    other language in `out/<code>/`, whose site goes to `site/<code>/` of the default's
    (build the default first: its build cleans `site/`). A plain build has no per-page
    hook, so there the language switcher leads to each language's home page."""
    zensical = engine == "zensical"
    config = load_config(str(config_file))
    options = next(p for name, p in config.plugins.items() if name in PLUGIN_NAMES).config
    root = config_file.resolve().parent
    outputs = pipeline.build(root / options.city, root / options.catalog if options.catalog else None
                             ).outputs(config.use_directory_urls, links_from_source=zensical)
    with config_file.open(encoding="utf-8") as stream:
        raw = yaml_load(stream) or {}
    written: list[Path] = []
    for output in outputs:
        default = output is outputs[0]
        settings = {**raw, "plugins": [_search_language(p, output.language, len(outputs) > 1)
                                       for p in raw.get("plugins", [])
                                       if (p if isinstance(p, str) else next(iter(p))) not in PLUGIN_NAMES]}
        settings.update(site_settings(output, settings, set_site_name=options.set_site_name,
                                      set_nav=options.set_nav))
        settings.update(localized_yaml(settings, output.language))
        settings["docs_dir"] = "docs"
        settings.pop("site_dir", None)
        if not default:
            settings["site_dir"] = f"../site/{output.language}"
        if len(outputs) > 1:
            settings["theme"] = {**(settings.get("theme") or {}), "language": output.language}
            settings["extra"] = {**(settings.get("extra") or {}), "alternate": [
                {"name": o.language_name, "lang": o.language,
                 "link": ("" if default else "../") + ("" if o is outputs[0] else f"{o.language}/")}
                for o in outputs]}
        theme = settings.get("theme")
        if zensical and isinstance(theme, dict) and theme.get("name") == "material":
            # Zensical's look for a project written for mkdocs-material, with its palette
            # (its default "modern" look ignores the colours and brings other fonts and icons).
            settings["theme"] = {**theme, "variant": theme.get("variant", "classic")}
        written += _write(out if default else out / output.language, Path(config.docs_dir), output, settings,
                          options.content_security_policy and not zensical)  # Zensical: engines.build adds it
    return Exported(len(written), outputs[0].warnings, options.content_security_policy, bool(config.strict))


def _search_language(plugin: Any, language: str, several: bool) -> Any:
    """The search plugin's entry, stemming `language` when the site has several."""
    name = plugin if isinstance(plugin, str) else next(iter(plugin))
    if not several or name not in ("search", "material/search"):
        return plugin
    options = {} if isinstance(plugin, str) else dict(plugin[name] or {})
    return {name: {**options, "lang": [language]}}


def _write(folder: Path, docs_dir: Path, output: Output, settings: dict[str, Any], policy: bool) -> list[Path]:
    """One language's project: its docs/, the policy's hook and its mkdocs.yml."""
    docs = folder / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(docs_dir, docs)
    files = {src: text.encode("utf-8") for src, text in output.pages.items()} | output.data
    files |= {src: path.read_bytes() for src, path in ASSETS.items()}
    written = [docs / src for src in files]
    for target, content in zip(written, files.values(), strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if policy:
        hooks = list(settings.get("hooks") or [])
        settings["hooks"] = [*hooks, HOOK] if HOOK not in hooks else hooks
        (folder / HOOK).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(csp.__file__, folder / HOOK)
        written.append(folder / HOOK)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True),
                                       encoding="utf-8")
    return [*written, folder / "mkdocs.yml"]
