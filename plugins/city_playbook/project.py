"""`city-playbook export`: the playbook as a plain MkDocs project, with no plugin of ours.

This keeps every door open (ProperDocs, Zensical, any host that runs plain MkDocs): the
generated Markdown, the open data and the stylesheet are written out, and mkdocs.yml is
rewritten with the settings the plugin would have applied. One difference remains: the
Content-Security-Policy meta tag is added by the plugin after rendering, so a host of the
export should send that policy as an HTTP header instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from . import pipeline
from .layout import ASSETS, site_settings

PLUGIN_NAMES = ("city-playbook",)


def export_project(config_file: Path, out: Path) -> int:
    """Write the project to `out`; returns the number of files written."""
    config = load_config(str(config_file))
    options = next(p for name, p in config.plugins.items() if name in PLUGIN_NAMES).config
    root = config_file.resolve().parent
    output = pipeline.build(root / options.city, root / options.catalog if options.catalog else None
                            ).output(config.use_directory_urls)
    with config_file.open(encoding="utf-8") as stream:
        raw = yaml_load(stream) or {}
    raw["plugins"] = [p for p in raw.get("plugins", []) if (p if isinstance(p, str) else next(iter(p)))
                      not in PLUGIN_NAMES]
    raw.update(site_settings(output, raw, set_site_name=options.set_site_name, set_nav=options.set_nav))
    raw["docs_dir"] = "docs"
    raw.pop("site_dir", None)

    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(config.docs_dir, docs)
    written = 0
    files = {src: text.encode("utf-8") for src, text in output.pages.items()} | output.data
    files |= {src: path.read_bytes() for src, path in ASSETS.items()}
    for src, content in files.items():
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    (out / "mkdocs.yml").write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return written + 1
