"""`city-playbook export`: the playbook as a plain MkDocs project, with no plugin of ours.

This keeps every door open (ProperDocs, Zensical, any host that runs plain MkDocs): the
generated Markdown, the open data and the stylesheet are written out, and mkdocs.yml is
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

import yaml
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from . import csp, pipeline
from .diagnostics import Diagnostic
from .layout import ASSETS, site_settings

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
    Zensical, which reads links inside HTML differently and runs no hook."""
    zensical = engine == "zensical"
    config = load_config(str(config_file))
    options = next(p for name, p in config.plugins.items() if name in PLUGIN_NAMES).config
    root = config_file.resolve().parent
    output = pipeline.build(root / options.city, root / options.catalog if options.catalog else None
                            ).output(config.use_directory_urls, links_from_source=zensical)
    with config_file.open(encoding="utf-8") as stream:
        raw = yaml_load(stream) or {}
    raw["plugins"] = [p for p in raw.get("plugins", []) if (p if isinstance(p, str) else next(iter(p)))
                      not in PLUGIN_NAMES]
    raw.update(site_settings(output, raw, set_site_name=options.set_site_name, set_nav=options.set_nav))
    raw["docs_dir"] = "docs"
    raw.pop("site_dir", None)
    theme = raw.get("theme")
    if zensical and isinstance(theme, dict) and theme.get("name") == "material":
        # Zensical's look for a project written for mkdocs-material, with its palette
        # (its default "modern" look ignores the colours and brings other fonts and icons).
        theme.setdefault("variant", "classic")

    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(config.docs_dir, docs)
    files = {src: text.encode("utf-8") for src, text in output.pages.items()} | output.data
    files |= {src: path.read_bytes() for src, path in ASSETS.items()}
    written = [docs / src for src in files]
    for target, content in zip(written, files.values(), strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if options.content_security_policy and not zensical:  # Zensical: engines.build adds it
        hooks = list(raw.get("hooks") or [])
        raw["hooks"] = [*hooks, HOOK] if HOOK not in hooks else hooks
        (out / HOOK).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(csp.__file__, out / HOOK)
        written.append(out / HOOK)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return Exported(len(written) + 1, output.warnings, options.content_security_policy, bool(config.strict))
