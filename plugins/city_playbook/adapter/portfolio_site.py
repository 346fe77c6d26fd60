"""The portfolio site, built with MkDocs and mkdocs-material like a city's, at the root of
build-all's output folder beside the cities' sites.

The project's mkdocs.yml gives the theme, palette and extensions; the playbook plugin and
any hooks are left out (they build a city), and a small plugin of this module's adds the
generated pages and downloads and the same Content-Security-Policy as a city's pages.
The site is built in a staging folder inside the output folder and moved into place only
once it has built whole, so a failure leaves the previous portfolio as it was. The
cities' folders are never touched.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

from ..core.catalog import load_catalog
from ..core.diagnostics import PlaybookError
from ..core.language import strings
from ..core.output import Output, build_date
from ..portfolio import pages as portfolio_pages
from ..portfolio.aggregate import BUILDS, PORTFOLIO_FILES, BuildRecord, collect
from ..site.csp import add_content_security_policy
from .build_all import CollectMessages, describe_failure
from .export import PLUGIN_NAMES
from .files import generated_files
from .settings import site_settings


class _PortfolioFiles(BasePlugin):
    """The generated pages and files, and the policy on every page, as the playbook plugin
    adds them to a city's site."""

    def __init__(self, output: Output, files: dict[str, Path]) -> None:
        self.output = output
        self.files = files

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in generated_files(self.output, config):
            files.append(file)
        for src, path in self.files.items():
            files.append(File.generated(config, src, abs_src_path=str(path)))
        return files

    @event_priority(-100)  # last, as in the playbook plugin
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return add_content_security_policy(output)


def _catalog_dir(raw: dict[str, Any], root: Path) -> Path | None:
    for plugin in raw.get("plugins") or []:
        if isinstance(plugin, dict) and next(iter(plugin)) in PLUGIN_NAMES:
            catalog = (next(iter(plugin.values())) or {}).get("catalog")
            return root / catalog if catalog else None
    return None


def build_portfolio(config_file: Path, site_dir: Path, records: list[BuildRecord],
                    strict: bool = False) -> list[str]:
    """Build the portfolio of `records`' cities into `site_dir`; returns the problems that
    stopped it (nothing when it was built)."""
    clashes = sorted(r.slug for r in records if r.slug in portfolio_pages.RESERVED)
    if clashes:  # build-all refuses these before building; a merge of other outputs may not have
        return [f"{slug}: the portfolio publishes its own {slug!r} where this city is; rename the city's folder"
                for slug in clashes]
    with config_file.open(encoding="utf-8") as stream:
        raw = yaml_load(stream) or {}
    staging = Path(tempfile.mkdtemp(prefix=".portfolio.", dir=site_dir))
    collected = CollectMessages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collected)
    try:
        catalog = load_catalog(_catalog_dir(raw, config_file.resolve().parent))
        downloads = staging / "downloads"
        portfolio = collect(site_dir, records, catalog, build_date(), downloads)
        directory_urls = raw.get("use_directory_urls", True) is not False
        t = strings()  # the portfolio is in the default language
        output = Output(t.language, t.language_name, portfolio_pages.render(portfolio, directory_urls),
                        {f"{BUILDS}/{r.slug}.json": r.model_dump_json(indent=2).encode() + b"\n" for r in records},
                        t.portfolio["site_name"], t.portfolio["site_name"], t.portfolio["home_description"],
                        portfolio_pages.nav())
        settings = site_settings(output, raw, set_site_name=False, set_nav=False)
        (staging / "docs").mkdir()
        config = load_config(
            config_file=str(config_file), site_dir=str(staging / "site"), docs_dir=str(staging / "docs"),
            plugins=[p for p in raw.get("plugins") or [] if (p if isinstance(p, str) else next(iter(p)))
                     not in PLUGIN_NAMES],
            hooks=[], nav=output.nav, site_name=output.name, strict=True if strict else None, **settings)
        config.plugins["city-playbook-portfolio"] = _PortfolioFiles(
            output, {src: downloads / src for src in PORTFOLIO_FILES.values()})
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        _move_into_place(staging / "site", site_dir, staging / "previous")
    except PlaybookError as exc:
        return [str(d) for d in exc.diagnostics]
    except Exception as exc:  # a MkDocs error says what to do; anything else is reported with its place
        text = describe_failure(exc)
        return [m for m in collected.messages if m != text] + ([] if text.startswith("Aborted with") else [text])
    finally:
        logger.removeHandler(collected)
        shutil.rmtree(staging, ignore_errors=True)
    return []


def _move_into_place(built: Path, site_dir: Path, previous: Path) -> None:
    """Each top-level entry of the built portfolio replaces the one of the same name."""
    previous.mkdir()
    for entry in sorted(built.iterdir()):
        target = site_dir / entry.name
        if target.exists():
            target.rename(previous / entry.name)
        entry.rename(target)
